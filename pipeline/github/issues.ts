/** Issues (the co-op's forms arrive as issues) and opening or updating the pull request a form becomes. */
import type { GitHubContext } from './client.ts';

export interface IssueFacts {
  /** GitHub lists pull requests as issues too. */
  isPullRequest: boolean;
  state: string;
  labels: string[];
  author: { login: string; id: number } | null;
  body: string;
}

export async function readIssue(ctx: GitHubContext, number: number): Promise<IssueFacts> {
  const { data } = await ctx.octokit.rest.issues.get({ owner: ctx.owner, repo: ctx.repo, issue_number: number });
  return {
    isPullRequest: Boolean(data.pull_request),
    state: data.state,
    labels: data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
    author: data.user ? { login: data.user.login, id: data.user.id } : null,
    body: data.body ?? '',
  };
}

/** Who added `label` to the issue last (lowercased login), if anyone did. */
export async function lastLabeledBy(ctx: GitHubContext, issue: number, label: string): Promise<string | undefined> {
  const events = await ctx.octokit.paginate(ctx.octokit.rest.issues.listEvents, { owner: ctx.owner, repo: ctx.repo, issue_number: issue, per_page: 100 });
  const last = events.filter((e) => e.event === 'labeled' && 'label' in e && e.label?.name === label).at(-1);
  return last && 'actor' in last ? last.actor?.login.toLowerCase() : undefined;
}

/** The repository's default branch. */
export async function defaultBranch(ctx: GitHubContext): Promise<string> {
  const { data } = await ctx.octokit.rest.repos.get({ owner: ctx.owner, repo: ctx.repo });
  return data.default_branch;
}

/** The open pull request from `branch` into `base` with this title and body: opened, its text updated, or as it was. */
export async function upsertPull(ctx: GitHubContext, p: { branch: string; base: string; title: string; body: string }): Promise<{ number: number; state: 'opened' | 'updated' | 'unchanged' }> {
  const { octokit, owner, repo } = ctx;
  const open = await octokit.paginate(octokit.rest.pulls.list, { owner, repo, state: 'open', head: `${owner}:${p.branch}`, per_page: 100 });
  if (open.length === 0) return { number: (await octokit.rest.pulls.create({ owner, repo, title: p.title, head: p.branch, base: p.base, body: p.body })).data.number, state: 'opened' };
  const pull = open[0]!;
  if (pull.title === p.title && (pull.body ?? '') === p.body) return { number: pull.number, state: 'unchanged' };
  await octokit.rest.pulls.update({ owner, repo, pull_number: pull.number, title: p.title, body: p.body });
  return { number: pull.number, state: 'updated' };
}
