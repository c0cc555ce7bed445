/**
 * Writing commits without a checkout, through GitHub's Git Data API: blobs, a
 * tree on top of a base commit's tree, a commit, then the branch moved to it.
 */
import type { GitHubContext } from './client.ts';

export interface BranchCommit {
  /** The branch to point at the new commit (created when missing). */
  branch: string;
  /** The commit the change is made on top of. */
  parent: string;
  /** path → new content, or null to delete. */
  files: ReadonlyMap<string, string | null>;
  message: string;
  author?: { name: string; email: string };
  /** Move the branch even when the new commit does not descend from its tip (a branch only the bot writes). */
  force: boolean;
}

export type BranchResult = { changed: false; commit: string } | { changed: true; commit: string };

/** The commit a branch points at, or undefined when there is no such branch. */
export async function branchTip(ctx: GitHubContext, branch: string): Promise<string | undefined> {
  try {
    const { data } = await ctx.octokit.rest.git.getRef({ owner: ctx.owner, repo: ctx.repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}

/** The tree a commit points at. */
export async function treeOf(ctx: GitHubContext, commit: string): Promise<string> {
  const { data } = await ctx.octokit.rest.git.getCommit({ owner: ctx.owner, repo: ctx.repo, commit_sha: commit });
  return data.tree.sha;
}

/** One path of a commit's tree as git holds it: its mode says whether it is a file, an executable, a link or a submodule. */
export interface TreePath {
  path: string;
  /** "100644" a file, "100755" an executable, "120000" a symbolic link, "160000" a submodule, "040000" a folder. */
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  /** Bytes, for blobs. */
  size?: number;
}

/**
 * Every path of a commit's tree, recursively, or `truncated` when GitHub would not list them all
 * (it stops at 100,000 entries or 7 MB), in which case nothing can be judged from it.
 */
export async function pathsAt(ctx: GitHubContext, commit: string): Promise<{ truncated: boolean; paths: Map<string, TreePath> }> {
  const { data } = await ctx.octokit.rest.git.getTree({ owner: ctx.owner, repo: ctx.repo, tree_sha: commit, recursive: 'true' });
  const paths = new Map<string, TreePath>();
  for (const e of data.tree) {
    if (!e.path || !e.mode || !e.sha) continue;
    const type = e.type === 'tree' || e.type === 'commit' ? e.type : 'blob';
    paths.set(e.path, { path: e.path, mode: e.mode, type, sha: e.sha, ...(typeof e.size === 'number' ? { size: e.size } : {}) });
  }
  return { truncated: data.truncated, paths };
}

/** The tree `parent` would have with `files` changed. */
export async function treeWith(ctx: GitHubContext, parent: string, files: ReadonlyMap<string, string | null>): Promise<string> {
  const { octokit, owner, repo } = ctx;
  const tree = [];
  for (const [path, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (content === null) tree.push({ path, mode: '100644' as const, type: 'blob' as const, sha: null });
    else {
      const { data } = await octokit.rest.git.createBlob({ owner, repo, content: Buffer.from(content, 'utf8').toString('base64'), encoding: 'base64' });
      tree.push({ path, mode: '100644' as const, type: 'blob' as const, sha: data.sha });
    }
  }
  const { data } = await octokit.rest.git.createTree({ owner, repo, base_tree: await treeOf(ctx, parent), tree });
  return data.sha;
}

/**
 * Commit `files` on top of `parent` and point `branch` at it. When the branch
 * already holds exactly that tree on that parent, nothing is written.
 */
export async function commitToBranch(ctx: GitHubContext, c: BranchCommit): Promise<BranchResult> {
  const { octokit, owner, repo } = ctx;
  const tree = await treeWith(ctx, c.parent, c.files);
  const tip = await branchTip(ctx, c.branch);
  if (tip) {
    const { data } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: tip });
    if (data.tree.sha === tree && data.parents.map((p) => p.sha).join() === c.parent) return { changed: false, commit: tip };
  }
  const { data: commit } = await octokit.rest.git.createCommit({
    owner,
    repo,
    message: c.message,
    tree,
    parents: [c.parent],
    ...(c.author ? { author: { ...c.author, date: new Date().toISOString() } } : {}),
  });
  if (tip) await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${c.branch}`, sha: commit.sha, force: c.force });
  else await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${c.branch}`, sha: commit.sha });
  return { changed: true, commit: commit.sha };
}

/** A commit of `tree` on `parent`, made through the Git Data API (no ref moves yet). */
export async function commitTree(ctx: GitHubContext, tree: string, parent: string, message: string): Promise<string> {
  const { data } = await ctx.octokit.rest.git.createCommit({ owner: ctx.owner, repo: ctx.repo, message, tree, parents: [parent] });
  return data.sha;
}

/** Move `branch` to `commit` only as a fast-forward: false when the branch moved since (GitHub answers 422), never forced. */
export async function fastForward(ctx: GitHubContext, branch: string, commit: string): Promise<boolean> {
  try {
    await ctx.octokit.rest.git.updateRef({ owner: ctx.owner, repo: ctx.repo, ref: `heads/${branch}`, sha: commit, force: false });
    return true;
  } catch (e) {
    if ((e as { status?: number }).status === 422) return false;
    throw e;
  }
}
