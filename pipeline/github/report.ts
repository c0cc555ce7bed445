/** What Commonplace says on GitHub: one sticky comment per pull request or issue, commit statuses, the job summary. */
import { appendFile } from 'node:fs/promises';
import type { GitHubContext } from './client.ts';

/** GitHub refuses comments longer than this (characters). */
export const COMMENT_LIMIT = 65_536;
/** A status description longer than this is cut by GitHub. */
export const STATUS_DESCRIPTION_LIMIT = 140;

/** The comment body cut to GitHub's limit, saying where the rest is. */
export function fitComment(body: string, rest: string): string {
  if (body.length <= COMMENT_LIMIT) return body;
  const note = `\n\n… (cut: GitHub allows ${COMMENT_LIMIT.toLocaleString('en')} characters in a comment; ${rest})\n`;
  return body.slice(0, COMMENT_LIMIT - note.length) + note;
}

/**
 * Create the one comment carrying `marker`, or update it: found across every
 * page of comments, and only among our own (anyone can paste a marker into a
 * comment of theirs; that one is left alone). An unchanged body is not written.
 */
export async function upsertComment(ctx: GitHubContext, issue: number, marker: string, body: string): Promise<'created' | 'updated' | 'unchanged'> {
  const { octokit, owner, repo } = ctx;
  const full = `${marker}\n${body}`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issue, per_page: 100 });
  const ours = comments.find((c) => c.user?.login === ctx.botLogin && (c.body ?? '').includes(marker));
  if (!ours) {
    await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body: full });
    return 'created';
  }
  if (ours.body === full) return 'unchanged';
  await octokit.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body: full });
  return 'updated';
}

/** A commit status, its description cut to GitHub's 140 characters. */
export async function postStatus(ctx: GitHubContext, sha: string, context: string, state: 'success' | 'failure' | 'pending' | 'error', description: string): Promise<void> {
  const cut = description.length > STATUS_DESCRIPTION_LIMIT ? `${description.slice(0, STATUS_DESCRIPTION_LIMIT - 1)}…` : description;
  await ctx.octokit.rest.repos.createCommitStatus({ owner: ctx.owner, repo: ctx.repo, sha, context, state, description: cut, ...(ctx.runUrl ? { target_url: ctx.runUrl } : {}) });
}

/** Add to the job summary (GITHUB_STEP_SUMMARY), when running on Actions; GitHub keeps up to 1 MiB per step. */
export async function appendSummary(ctx: Pick<GitHubContext, 'summaryFile'>, markdown: string): Promise<void> {
  if (!ctx.summaryFile) return;
  const limit = 1024 * 1024 - 1024;
  await appendFile(ctx.summaryFile, markdown.length > limit ? `${markdown.slice(0, limit)}\n\n… (cut to GitHub's summary limit)\n` : markdown);
}
