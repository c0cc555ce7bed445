/**
 * All git access in one place (simple-git). Small async functions whose errors
 * name the repository and what was asked. Everything returned is plain data.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { simpleGit, type SimpleGit } from 'simple-git';
import { pipelineSource } from './messages.ts';

/** A commit as the registry records it: no e-mail addresses, dates in UTC. */
export interface CommitInfo {
  commit: string;
  author: string;
  /** ISO 8601, UTC. */
  date: string;
  /** The full message. */
  message: string;
  parents: string[];
}

/** What one commit did to the files under a folder. */
export interface CommitChanges extends CommitInfo {
  /** Path → A (added), M (modified), D (deleted), T (type changed). */
  changes: Map<string, string>;
  /** Committer date (UTC): when the change reached the main line. A rebase or squash merge keeps the author's date in `date`. */
  committed: string;
}

function git(root: string): SimpleGit {
  return simpleGit({ baseDir: root, maxConcurrentProcesses: 4, trimmed: false });
}

async function raw(root: string, args: string[]): Promise<string> {
  try {
    return await git(root).raw(args);
  } catch (e) {
    throw new Error(`git ${args.join(' ')} failed in ${root}: ${(e as Error).message.trim()}`);
  }
}

/** True when `root` is the top of a git work tree (not merely inside one). */
export async function isRepoRoot(root: string): Promise<boolean> {
  try {
    const top = (await git(root).revparse(['--show-toplevel'])).trim();
    return (await realpath(top)) === (await realpath(root));
  } catch {
    return false;
  }
}

/** The commit HEAD points at, or undefined in a repository with no commits. */
export async function headCommit(root: string): Promise<string | undefined> {
  try {
    return (await git(root).revparse(['--verify', '--quiet', 'HEAD'])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Paths under `folders` with uncommitted changes (staged, unstaged or untracked). */
export async function uncommittedPaths(root: string, folders: string[]): Promise<Set<string>> {
  const out = await raw(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', ...folders]);
  const paths = new Set<string>();
  for (const entry of out.split('\0')) {
    if (entry.length > 3) paths.add(entry.slice(3));
  }
  return paths;
}

const RS = '\x1e';
const US = '\x1f';

/** `git log` output with the files each commit changed: the format and its parser, shared by historyOf and mainLineChanges. */
const CHANGES_FORMAT = `--format=${RS}%H${US}%P${US}%an${US}%aI${US}%cI${US}%B${US}`;

function parseChanges(out: string): CommitChanges[] {
  const commits: CommitChanges[] = [];
  for (const chunk of out.split(RS)) {
    if (!chunk.trim()) continue;
    const [commit, parents, author, date, committed, message, files = ''] = chunk.split(US);
    const changes = new Map<string, string>();
    for (const line of files.split('\n')) {
      // "A\tpath"
      const m = /^([AMDT])\t(.+)$/.exec(line);
      if (m) changes.set(m[2]!, m[1]!);
    }
    commits.push({
      commit: commit!,
      parents: parents!.split(' ').filter(Boolean),
      author: author!,
      date: new Date(date!).toISOString(),
      committed: new Date(committed!).toISOString(),
      message: message!.trim(),
      changes,
    });
  }
  return commits;
}

/**
 * Every commit reachable from HEAD that touched `folders`, oldest first, with
 * the files each one added, changed or deleted (merges list none, so each change
 * is credited to the commit that made it). One `git log` for the whole history.
 */
export async function historyOf(root: string, folders: string[]): Promise<CommitChanges[]> {
  if (!(await headCommit(root))) return [];
  return parseChanges(await raw(root, ['log', '--reverse', '--topo-order', '--no-renames', '--name-status', CHANGES_FORMAT, 'HEAD', '--', ...folders]));
}

/** The first-parent chain of HEAD (the main line), newest first, with each commit's details. */
export async function mainLine(root: string): Promise<CommitInfo[]> {
  if (!(await headCommit(root))) return [];
  const out = await raw(root, ['log', '--first-parent', `--format=${RS}%H${US}%P${US}%an${US}%aI${US}%B`, 'HEAD']);
  return out
    .split(RS)
    .filter((c) => c.trim())
    .map((chunk) => {
      const [commit, parents, author, date, message] = chunk.split(US);
      return { commit: commit!, parents: parents!.split(' ').filter(Boolean), author: author!, date: new Date(date!).toISOString(), message: message!.trim() };
    });
}

/** Commits a merge brought in: reachable from `merge` but not from its first parent. */
export async function commitsBroughtIn(root: string, merge: string, firstParent: string): Promise<string[]> {
  const out = await raw(root, ['rev-list', `${firstParent}..${merge}`]);
  return out.split('\n').filter(Boolean);
}

/**
 * Content keys for files under `folders` whose working-tree content is exactly
 * what git's index records: tracked regular files with no uncommitted change.
 * The key is the blob id, so a cache keyed by it is only ever hit by the same
 * bytes. git's own stat cache makes this cheap even for many thousands of files.
 */
export async function cleanBlobIds(root: string, folders: string[]): Promise<{ keys: Map<string, string>; uncommitted: Set<string> } | undefined> {
  if (!(await isRepoRoot(root))) return undefined;
  const [listed, uncommitted] = await Promise.all([raw(root, ['ls-files', '-s', '-z', '--', ...folders]), uncommittedPaths(root, folders)]);
  const keys = new Map<string, string>();
  for (const entry of listed.split('\0')) {
    // "<mode> <blob> <stage>\t<path>"; only regular files (never links or submodules).
    const m = /^(100644|100755) ([0-9a-f]{40,64}) 0\t(.+)$/.exec(entry);
    if (m && !uncommitted.has(m[3]!)) keys.set(m[3]!, m[2]!);
  }
  return { keys, uncommitted };
}

/** Every file of the working tree git would commit: tracked ones and new ones not ignored. None outside a repository. */
export async function worktreeFiles(root: string): Promise<string[]> {
  if (!(await isRepoRoot(root))) return [];
  return (await raw(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).split('\0').filter(Boolean).sort();
}

/** Files git tracks under `folders` (committed or staged), or none outside a repository. */
export async function trackedFiles(root: string, folders: string[]): Promise<string[]> {
  if (!(await isRepoRoot(root))) return [];
  return (await raw(root, ['ls-files', '-z', '--', ...folders])).split('\0').filter(Boolean).sort();
}

/**
 * The main line (first parents of HEAD), newest first, each commit with the
 * files it changed relative to its first parent: for a merge, everything the
 * pull request brought in. Limited to `folders`, and to commits after `since`.
 */
export async function mainLineChanges(root: string, folders: string[], since?: string): Promise<CommitChanges[]> {
  if (!(await isRepoRoot(root)) || !(await headCommit(root))) return [];
  return parseChanges(await raw(root, ['log', '--first-parent', '--diff-merges=first-parent', '--no-renames', '--name-status', CHANGES_FORMAT, since ? `${since}..HEAD` : 'HEAD', '--', ...folders]));
}

/** Every version of every file under `folder` that any ref reaches: blob id and path. */
export async function historyBlobs(root: string, folder: string): Promise<Array<{ blob: string; path: string }>> {
  const out = await raw(root, ['rev-list', '--all', '--objects', '--', folder]);
  const blobs: Array<{ blob: string; path: string }> = [];
  for (const line of out.split('\n')) {
    const m = /^([0-9a-f]{40,64}) (.+)$/.exec(line);
    if (m && m[2]!.startsWith(`${folder}/`) && /\.(md|txt)$/.test(m[2]!)) blobs.push({ blob: m[1]!, path: m[2]! });
  }
  return blobs;
}

/** The content of a blob, as UTF-8 text. */
export async function readBlob(root: string, blob: string): Promise<string> {
  return raw(root, ['cat-file', 'blob', blob]);
}

/** A file's text as a commit holds it, or undefined when the commit has no file there (or no such commit). */
export async function fileAtCommit(root: string, commit: string, file: string): Promise<string | undefined> {
  try {
    return await git(root).raw(['cat-file', 'blob', `${commit}:${file}`]);
  } catch {
    return undefined;
  }
}

/** Whether the work tree and index have no changes at all (tracked or untracked). */
export async function isClean(root: string): Promise<boolean> {
  return (await raw(root, ['status', '--porcelain'])).trim() === '';
}

/**
 * Rewrite the whole history so that no commit holds `paths` (git filter-repo,
 * Debian's git-filter-repo). Returns the map of old to new commit ids (a
 * pruned commit maps to undefined). filter-repo expires reflogs and repacks,
 * so the old objects leave this repository.
 */
export async function rewriteWithout(root: string, paths: readonly string[]): Promise<Map<string, string | undefined>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'purge-'));
  const list = path.join(dir, 'paths.txt');
  await writeFile(list, `${paths.map((p) => `literal:${p}`).join('\n')}\n`);
  try {
    await promisify(execFile)('git', ['filter-repo', '--force', '--quiet', '--invert-paths', '--paths-from-file', list], { cwd: root, maxBuffer: 1 << 26 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (/is not a git command/.test(err.stderr ?? '')) {
      throw new Error('git filter-repo is not installed: install it (Debian/Ubuntu: apt-get install git-filter-repo; elsewhere: pip install git-filter-repo) and run purge again');
    }
    throw new Error(`git filter-repo failed in ${root}: ${(err.stderr ?? err.message).trim()}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const map = new Map<string, string | undefined>();
  const text = await readFile(path.join(root, '.git/filter-repo/commit-map'), 'utf8');
  for (const line of text.split('\n').slice(1)) {
    const [from, to] = line.trim().split(/\s+/);
    if (from && to && /^[0-9a-f]{40}$/.test(from)) map.set(from, /^0+$/.test(to) ? undefined : to);
  }
  return map;
}

/** Stage `paths` and commit them with `message` (the repository's configured identity). Returns the new commit. */
export async function commitPaths(root: string, paths: readonly string[], message: string): Promise<string> {
  await raw(root, ['add', '--', ...paths]);
  await raw(root, ['commit', '-q', '-m', message, '--', ...paths]);
  return (await raw(root, ['rev-parse', 'HEAD'])).trim();
}

/** The commit a ref names, or undefined when it names none. */
export async function revParse(root: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(root).revparse(['--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the last recorded pipeline run left off: the commit named by the
 * `Pipeline-source:` trailer of the newest main-line commit that wrote
 * registry/, or undefined when no run has been recorded.
 */
export async function lastPipelineSource(root: string): Promise<string | undefined> {
  if (!(await headCommit(root))) return undefined;
  const out = await raw(root, ['log', '--first-parent', `--format=${RS}%B`, 'HEAD', '--', 'registry']);
  for (const message of out.split(RS)) {
    const source = pipelineSource(message);
    if (source) return source;
  }
  return undefined;
}

/** The first commit of the history (the co-op's founding). */
export async function rootCommit(root: string): Promise<string | undefined> {
  if (!(await headCommit(root))) return undefined;
  return (await raw(root, ['rev-list', '--max-parents=0', '--first-parent', 'HEAD'])).trim().split('\n').pop() || undefined;
}
export { approvalTrailers, mergeAuthor, PIPELINE_SOURCE, pipelineSource, pullRequestFrom } from './messages.ts';
