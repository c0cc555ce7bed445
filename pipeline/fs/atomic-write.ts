/**
 * Write several files so that an error leaves the old versions in place: every
 * file goes to a temporary sibling first, then all are renamed into place; if
 * anything fails, files already replaced are put back. Each file is replaced
 * whole (a rename), never half-written; a process killed between two renames
 * can leave some files new and some old, so a reader that needs several files
 * to agree checks that they do (a checkpoint's index names its data's sha256).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Hooks for tests that simulate a crash at a given point. */
export interface AtomicWriteHooks {
  /** Called before each rename; throwing here simulates a crash mid-way. */
  beforeRename?: (file: string, index: number) => void;
}

/** Write `files` (absolute path → text or bytes) all-or-nothing. */
export async function writeFilesAtomically(files: ReadonlyMap<string, string | Uint8Array>, hooks: AtomicWriteHooks = {}): Promise<void> {
  const staged: Array<{ file: string; tmp: string }> = [];
  const replaced: Array<{ file: string; before: Buffer | undefined }> = [];
  try {
    for (const [file, content] of files) {
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
      await writeFile(tmp, content);
      staged.push({ file, tmp });
    }
    let i = 0;
    for (const { file, tmp } of staged) {
      hooks.beforeRename?.(file, i++);
      const before = await readFile(file).catch(() => undefined);
      await rename(tmp, file);
      replaced.push({ file, before });
    }
  } catch (e) {
    for (const { file, before } of replaced.reverse()) {
      if (before === undefined) await rm(file, { force: true });
      else await writeFile(file, before);
    }
    for (const { tmp } of staged) await rm(tmp, { force: true });
    throw e;
  }
}

/** Apply planned changes to a folder: every write all-or-nothing, then the deletions. */
export async function applyFileChanges(root: string, change: { write: ReadonlyMap<string, string>; remove: readonly string[] }): Promise<void> {
  await writeFilesAtomically(new Map([...change.write].map(([rel, text]) => [path.join(root, rel), text])));
  for (const rel of change.remove) await rm(path.join(root, rel), { force: true });
}

/** Stable JSON for records: two-space indent, trailing newline. Key order is the builder's. */
export function recordJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
