/**
 * Record in a decision exactly which governance file versions it adopts: its
 * front matter's `adopts` gains (or updates) one entry per file, with the
 * sha256 of the file's content, and `affects` gains what each file is.
 * Pure: the decision's text and the files' texts in, the new decision text out.
 */
import { isMap, isSeq, parseDocument } from 'yaml';
import { affectsFor } from '../check/index.ts';
import { error, type Result } from '../problems.ts';
import { fileDigest } from '../records/digest.ts';
import { splitFrontMatter } from '../records/front-matter.ts';
import { GOVERNED_FILE_PATTERN } from '../schemas/index.ts';

const GOVERNED = new RegExp(GOVERNED_FILE_PATTERN);

export function addAdoptions(decisionFile: string, decisionText: string, files: ReadonlyMap<string, string>): Result<string> {
  for (const rel of files.keys()) {
    if (!GOVERNED.test(rel)) {
      return {
        ok: false,
        problems: [
          error('adopt/not-governed', rel, 'is not a file a decision adopts', {
            hint: 'adopt governance/policy.yaml, governance/board.yaml, governance/charter.md, governance/agreement-texts/<version>.md or governance/base-models/<id>.yaml',
          }),
        ],
      };
    }
  }
  const split = splitFrontMatter(decisionText, decisionFile);
  if (!split.ok) return split;
  const doc = parseDocument(split.value.yaml);
  const adopts = doc.get('adopts');
  const entries: Array<{ file: string; sha256: string }> = isSeq(adopts) ? (adopts.toJSON() as Array<{ file: string; sha256: string }>) : [];
  for (const [rel, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const sha256 = fileDigest(text);
    const at = entries.findIndex((e) => e.file === rel);
    if (at === -1) entries.push({ file: rel, sha256 });
    else entries[at] = { file: rel, sha256 };
  }
  doc.set('adopts', doc.createNode(entries));
  const affects = doc.get('affects');
  const list: string[] = isSeq(affects) ? (affects.toJSON() as string[]) : [];
  for (const rel of files.keys()) if (!list.includes(affectsFor(rel))) list.push(affectsFor(rel));
  const node = doc.createNode(list);
  if (isSeq(affects) && affects.flow) (node as { flow?: boolean }).flow = true;
  doc.set('affects', node);
  if (!isMap(doc.contents))
    return { ok: false, problems: [error('adopt/bad-decision', decisionFile, 'front matter is not a mapping', { hint: 'fix the decision first (commonplace check says how)' })] };
  return { ok: true, value: `---\n${doc.toString({ flowCollectionPadding: false })}---\n${split.value.body}`, problems: [] };
}
