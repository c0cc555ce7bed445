/**
 * The co-op as it would be after a merge: main's records (from the checkout
 * the gate runs in, which is the default branch, never the pull request) with
 * the pull request's files written over them as plain bytes. The result is
 * checked with the same loaders and rules as `check`, hostile files included.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { error, type Problem } from '../problems.ts';
import { isRecordPath, isWork, RECORD_ROOTS } from '../records/layout.ts';
import { resolveInside, SIZE_LIMITS } from '../records/safe-files.ts';

/** One changed file of the pull request, as read from GitHub. */
export type IncomingFile =
  | { path: string; status: 'removed' }
  | { path: string; status: 'written'; bytes: Buffer }
  | { path: string; status: 'refused'; reason: 'too-large' | 'not-a-file' | 'symlink' | 'submodule' | 'executable'; size?: number };

/** The problem for a path git holds as something other than a plain file: the same codes local `check` uses. */
function refusedMode(file: string, reason: 'not-a-file' | 'symlink' | 'submodule' | 'executable'): Problem {
  switch (reason) {
    case 'symlink':
      return error('file/symlink', file, 'is a symbolic link; links are never followed', { hint: 'replace the link with the file itself' });
    case 'submodule':
      return error('file/not-a-file', file, 'is a git submodule, not a file', { hint: 'add the file itself' });
    case 'executable':
      return error('file/executable', file, 'is marked executable; records are plain text', { hint: `clear the mode: git update-index --chmod=-x ${file}` });
    default:
      return error('file/not-a-file', file, 'is not a file (a link, a submodule or a folder)', { hint: 'add the file itself' });
  }
}

export async function materializeAfterMerge(mainRoot: string, incoming: readonly IncomingFile[]): Promise<{ root: string; problems: Problem[]; dispose: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'commonplace-gate-'));
  const problems: Problem[] = [];
  // Only the folders of the records are rebuilt; everything else in a pull request is code, never materialised.
  for (const folder of RECORD_ROOTS) {
    await cp(path.join(mainRoot, folder), path.join(root, folder), { recursive: true, verbatimSymlinks: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
  for (const f of incoming) {
    if (!isRecordPath(f.path)) continue;
    const target = resolveInside(root, f.path);
    if (!target) {
      problems.push(error('gate/unsafe-path', f.path, 'is not a safe path inside the co-op', { hint: 'rename the file' }));
      continue;
    }
    if (f.status === 'removed') await rm(target, { force: true });
    else if (f.status === 'written') {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, f.bytes);
    } else if (f.reason === 'too-large') {
      const limit = isWork(f.path) ? SIZE_LIMITS.work : SIZE_LIMITS.record;
      problems.push(
        error('file/too-large', f.path, `is ${f.size ?? 'more than'} bytes, over the limit of ${limit}`, {
          hint: isWork(f.path) ? 'split a long work into parts' : 'keep records small',
        }),
      );
    } else problems.push(refusedMode(f.path, f.reason));
  }
  return { root, problems, dispose: () => rm(root, { recursive: true, force: true }) };
}
