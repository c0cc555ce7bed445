/**
 * Governance files match what the board adopted: every version of the policy,
 * the board roster, the charter, each agreement text and each base-model record
 * must be named, by its sha256, in the `adopts` of an accepted decision. Pure.
 */
import { error, type Problem } from '../problems.ts';
import { commandLine } from '../project.ts';
import type { Coop } from '../records/types.ts';

/** The governed files present in the co-op: path → sha256 of their content. */
export function governedFiles(coop: Coop): Map<string, string> {
  const out = new Map<string, string>();
  for (const rec of [coop.policy, coop.board, coop.charter]) if (rec?.sha256) out.set(rec.file, rec.sha256);
  for (const t of coop.agreementTexts.values()) out.set(t.file, t.sha256);
  for (const b of coop.baseModels.values()) if (b.sha256) out.set(b.file, b.sha256);
  return out;
}

/** What a decision adopting `file` must list under `affects`. */
export function affectsFor(file: string): string {
  if (file.endsWith('policy.yaml')) return 'policy';
  if (file.endsWith('board.yaml')) return 'board';
  if (file.endsWith('charter.md')) return 'charter';
  const base = /^governance\/base-models\/([a-z0-9-]+)\.yaml$/.exec(file);
  if (base) return `base-model:${base[1]}`;
  return 'agreement-text';
}

/** file → sha256 → the accepted decisions that adopted that content. */
type Adopted = Map<string, Map<string, string[]>>;

export function checkAdoption(coop: Coop): Problem[] {
  const { adopted, problems } = adoptions(coop);
  return [...problems, ...unadopted(coop, adopted), ...adoptedByMismatch(coop, adopted)];
}

/** What the accepted decisions adopted; a decision adopting a file it does not list under affects is refused. */
function adoptions(coop: Coop): { adopted: Adopted; problems: Problem[] } {
  const problems: Problem[] = [];
  const adopted: Adopted = new Map();
  for (const d of coop.decisions.values()) {
    (d.value.adopts ?? []).forEach((a, i) => {
      const at = { pointer: `/adopts/${i}`, line: d.lineOf(`/adopts/${i}`) };
      if (!d.value.affects.includes(affectsFor(a.file))) {
        problems.push(
          error('decision/adopts-not-affected', d.file, `adopts ${a.file} but does not list "${affectsFor(a.file)}" under affects`, { ...at, hint: `add "${affectsFor(a.file)}" to affects` }),
        );
      }
      if (d.value.status !== 'accepted') return;
      const byHash = adopted.get(a.file) ?? new Map<string, string[]>();
      byHash.set(a.sha256, [...(byHash.get(a.sha256) ?? []), d.id]);
      adopted.set(a.file, byHash);
    });
  }
  return { adopted, problems };
}

/** Every governed file's present content was adopted by an accepted decision. */
function unadopted(coop: Coop, adopted: Adopted): Problem[] {
  const problems: Problem[] = [];
  for (const [file, sha] of governedFiles(coop)) {
    if (adopted.get(file)?.has(sha)) continue;
    const earlier = [...(adopted.get(file)?.values() ?? [])].flat().sort();
    problems.push(
      error('governance/not-adopted', file, `its content (sha256 ${sha.slice(0, 12)}…) was not adopted by any accepted decision`, {
        line: 1,
        hint: `a change to this file needs a board decision: add to a new decision (and get it accepted) the lines\n      adopts:\n        - file: ${file}\n          sha256: ${sha}\n    (\`${commandLine(`adopt --decision NNNN ${file}`)}\` writes them)${earlier.length ? `, or revert the file to the version decision ${earlier.at(-1)} adopted` : ''}`,
      }),
    );
  }
  return problems;
}

/** Records that name the decision that adopted them must name the one that did. */
function adoptedByMismatch(coop: Coop, adopted: Adopted): Problem[] {
  const problems: Problem[] = [];
  for (const rec of [coop.policy, ...coop.baseModels.values()]) {
    if (!rec?.sha256) continue;
    const by = adopted.get(rec.file)?.get(rec.sha256) ?? [];
    if (by.length > 0 && !by.includes(rec.value.adoptedBy)) {
      problems.push(
        error(
          rec === coop.policy ? 'policy/adopted-by-mismatch' : 'base-model/adopted-by-mismatch',
          rec.file,
          `adoptedBy is "${rec.value.adoptedBy}", but decision ${by.join(' or ')} adopted this content`,
          {
            pointer: '/adoptedBy',
            line: rec.lineOf('/adoptedBy'),
            hint: `set adoptedBy: "${by.at(-1)}"`,
          },
        ),
      );
    }
  }
  return problems;
}
