/** Apply planned file changes to a co-op folder: writes all-or-nothing, then deletions. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFilesAtomically } from '../registry/index.ts';

export async function applyFileChanges(root: string, change: { write: ReadonlyMap<string, string>; remove: readonly string[] }): Promise<void> {
  await writeFilesAtomically(new Map([...change.write].map(([rel, text]) => [path.join(root, rel), text])));
  for (const rel of change.remove) await rm(path.join(root, rel), { force: true });
}
