/** Reading a pull request as data: its facts, changed files, reviews, and file contents at its head. */
import type { ChangedFile, Review } from '../quorum/index.ts';
import type { GitHubContext } from './client.ts';

export interface PullFacts {
  number: number;
  title: string;
  body: string;
  author: { login: string; id: number };
  headSha: string;
  headRef: string;
  baseRef: string;
  state: 'open' | 'closed';
  merged: boolean;
  files: Array<ChangedFile & { sha: string }>;
  /** How many files GitHub says the pull request changes; its file list stops at 3,000. */
  changedFiles: number;
  reviews: Review[];
}

export async function readPull(ctx: GitHubContext, number: number): Promise<PullFacts> {
  const { octokit, owner, repo } = ctx;
  const { data: pr } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: number, per_page: 100 });
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    author: { login: pr.user.login, id: pr.user.id },
    headSha: pr.head.sha,
    headRef: pr.head.ref,
    baseRef: pr.base.ref,
    state: pr.state as 'open' | 'closed',
    merged: Boolean(pr.merged),
    files: files.map((f) => ({ path: f.filename, status: f.status, sha: f.sha ?? '', ...(f.previous_filename ? { previousPath: f.previous_filename } : {}) })),
    changedFiles: pr.changed_files,
    reviews: await readReviews(ctx, number),
  };
}

/** A pull request's reviews, as the quorum counts them. */
export async function readReviews(ctx: GitHubContext, number: number): Promise<Review[]> {
  const { octokit, owner, repo } = ctx;
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 });
  return reviews.map((r) => ({
    user: r.user ? { login: r.user.login, id: r.user.id } : null,
    state: r.state as Review['state'],
    commitId: r.commit_id ?? null,
    submittedAt: r.submitted_at ?? '',
  }));
}

export type FileRead = { ok: true; bytes: Buffer } | { ok: false; reason: 'missing' | 'too-large' | 'not-a-file'; size?: number };

/** A file's bytes at `ref` (a commit), never more than `maxBytes`: bigger files are refused unread. */
export async function fileAt(ctx: GitHubContext, path: string, ref: string, maxBytes: number): Promise<FileRead> {
  try {
    const { data } = await ctx.octokit.rest.repos.getContent({ owner: ctx.owner, repo: ctx.repo, path, ref });
    if (Array.isArray(data) || data.type !== 'file') return { ok: false, reason: 'not-a-file' };
    if (data.size > maxBytes) return { ok: false, reason: 'too-large', size: data.size };
    return { ok: true, bytes: Buffer.from(data.content, 'base64') };
  } catch (e) {
    if ((e as { status?: number }).status === 404) return { ok: false, reason: 'missing' };
    throw e;
  }
}

/** Written by `form-to-pr` into the pull requests it opens: which issue the form was. */
export const FORM_MARKER = /<!-- commonplace:form issue=(\d+) -->/;
export const formMarker = (issue: number) => `<!-- commonplace:form issue=${issue} -->`;

/**
 * Who a pull request is from: its author, or, for one the bot opened from an issue form (its body
 * carries the form marker), whoever filled in the form.
 */
export async function changeFrom(ctx: GitHubContext, author: string, body: string): Promise<{ login: string; formAuthor?: string }> {
  const issue = author.toLowerCase() === ctx.botLogin.toLowerCase() ? FORM_MARKER.exec(body)?.[1] : undefined;
  if (!issue) return { login: author };
  const { data } = await ctx.octokit.rest.issues.get({ owner: ctx.owner, repo: ctx.repo, issue_number: Number(issue) });
  return data.user?.login ? { login: data.user.login, formAuthor: data.user.login } : { login: author };
}

/** One entry of a folder at a commit, as the contents API lists it. */
export interface FolderEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  /** The git blob id (for a file: equal bytes, equal id). */
  sha: string;
  size: number;
}

/**
 * The direct entries of a folder at `ref`, or an empty list when there is no such folder.
 * The contents API lists at most 1,000 entries: a fuller folder is `truncated` (callers refuse, never guess).
 */
export async function folderAt(ctx: GitHubContext, path: string, ref: string): Promise<{ entries: FolderEntry[]; truncated: boolean }> {
  try {
    const { data } = await ctx.octokit.rest.repos.getContent({ owner: ctx.owner, repo: ctx.repo, path, ref });
    if (!Array.isArray(data)) return { entries: [], truncated: false };
    return { entries: data.map((e) => ({ path: e.path, type: e.type as FolderEntry['type'], sha: e.sha, size: e.size })), truncated: data.length >= 1000 };
  } catch (e) {
    if ((e as { status?: number }).status === 404) return { entries: [], truncated: false };
    throw e;
  }
}

/** The head commit a pull request has now (to tell whether a push came while the gate ran). */
export async function headShaOf(ctx: GitHubContext, number: number): Promise<string> {
  const { data } = await ctx.octokit.rest.pulls.get({ owner: ctx.owner, repo: ctx.repo, pull_number: number });
  return data.head.sha;
}

/** Every open pull request's number, lowest first. */
export async function openPullNumbers(ctx: GitHubContext): Promise<number[]> {
  const pulls = await ctx.octokit.paginate(ctx.octokit.rest.pulls.list, { owner: ctx.owner, repo: ctx.repo, state: 'open', per_page: 100 });
  return pulls.map((p) => p.number).sort((a, b) => a - b);
}

/** The merged pull request that made `commit` (its merge commit), or undefined when none did. */
export interface MergedPull {
  number: number;
  author: string;
  headSha: string;
  mergedAt: string;
  body: string;
}

export async function mergedPullOf(ctx: GitHubContext, commit: string): Promise<MergedPull | undefined> {
  const { octokit, owner, repo } = ctx;
  const pulls = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, { owner, repo, commit_sha: commit, per_page: 100 });
  const pr = pulls.find((p) => p.merge_commit_sha === commit && p.merged_at);
  return pr ? { number: pr.number, author: pr.user?.login ?? '', headSha: pr.head.sha, mergedAt: pr.merged_at!, body: pr.body ?? '' } : undefined;
}
