/**
 * `adopt` on a co-op's folder: which governance files a decision adopts (those named, or every
 * one no accepted decision has adopted yet), their text now, and the decision rewritten to record
 * them (pure, `adopt.ts`), written all-or-nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkCoop, governedFiles } from '../check/index.ts';
import { writeFilesAtomically } from '../fs/index.ts';
import { error, type Result } from '../problems.ts';
import { LAYOUT } from '../records/layout.ts';
import type { Coop } from '../records/types.ts';
import { addAdoptions } from './adopt.ts';

export interface Adopted {
  /** The decision's file, relative to the co-op root. */
  decision: string;
  /** The files it now adopts (none when every governance file was adopted already). */
  files: string[];
  status: string;
}

/** Record in decision `id` the versions of `named` files (paths relative to `root`), or of every unadopted one. */
export async function adoptInDecision(root: string, id: string, named: readonly string[] = []): Promise<Result<Adopted> & { coop: Coop }> {
  const result = await checkCoop(root);
  const { coop } = result;
  const decision = coop.decisions.get(id);
  if (!decision) return { ok: false, problems: [error('adopt/no-decision', LAYOUT.decision.folder, `there is no decision ${id}`, { hint: 'name a decision by its four-digit number' })], coop };
  const governed = new Set(governedFiles(coop).keys());
  const wanted = named.length > 0 ? named : result.problems.filter((p) => p.code === 'governance/not-adopted').map((p) => p.file);
  // Only the co-op's governance records can be adopted: never a path outside them (`../`, another folder).
  const unknown = wanted.filter((f) => !governed.has(f));
  if (unknown.length > 0)
    return {
      ok: false,
      problems: unknown.map((f) =>
        error('adopt/not-governed', f, 'is not a governance file a decision can adopt', {
          hint: 'name the policy, board, charter, an agreement text or a base-model record, e.g. governance/policy.yaml',
        }),
      ),
      coop,
    };
  const adopted = { decision: decision.file, files: [...wanted], status: decision.value.status };
  if (wanted.length === 0) return { ok: true, value: adopted, problems: [], coop };
  const files = new Map<string, string>();
  for (const rel of wanted) files.set(rel, await readFile(path.join(root, rel), 'utf8'));
  const updated = addAdoptions(decision.file, await readFile(path.join(root, decision.file), 'utf8'), files);
  if (!updated.ok) return { ok: false, problems: updated.problems, coop };
  await writeFilesAtomically(new Map([[path.join(root, decision.file), updated.value]]));
  return { ok: true, value: adopted, problems: [], coop };
}
