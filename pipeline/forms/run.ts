/**
 * `commonplace-coop form-to-pr --issue N`: read a submitted form, validate it
 * like a pull request, answer on the issue with one sticky comment, and when a
 * board member has added the `form:ready` label, commit the change to the
 * branch `form/issue-N` through the Git Data API and open (or update) one pull
 * request. Running it again on the same issue changes nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyRules } from '../check/index.ts';
import { checkCoop } from '../check/index.ts';
import { servingOn } from '../board/index.ts';
import { materializeAfterMerge } from '../gate/overlay.ts';
import { formMarker } from '../gate/run.ts';
import { branchTip, commitToBranch, defaultBranch, lastLabeledBy, readIssue, upsertComment, upsertPull, type GitHubContext, type IssueFacts } from '../github/index.ts';
import { hasErrors, sortProblems, type Problem } from '../problems.ts';
import { loginOf } from '../quorum/index.ts';
import { pathOf } from '../records/layout.ts';
import { loadCoop } from '../records/load-coop.ts';
import { MAIN_FAILS_COMMENT, openedComment, problemsComment, READY_LABEL, waitingComment } from './comments.ts';
import { FORM_TEMPLATES, parseForm, type FormKind } from './parse.ts';
import { planForm, type FormContext, type FormPlan } from './plan.ts';

export { READY_LABEL } from './comments.ts';
export const FORM_REPORT_MARKER = '<!-- commonplace:form v1 -->';

export type FormResult =
  | { state: 'not-a-form' | 'closed' }
  | { state: 'problems'; problems: Problem[] }
  | { state: 'waiting'; readyBy?: string }
  | { state: 'opened' | 'updated' | 'unchanged'; pull: number };

/** Who added the ready label last, if they are a serving board member. */
async function readyBy(ctx: GitHubContext, issue: number, board: { members: Parameters<typeof loginOf>[0][] }, today: string): Promise<string | undefined> {
  const login = await lastLabeledBy(ctx, issue, READY_LABEL);
  const member = board.members.find((m) => loginOf(m) === login && servingOn(m, today));
  return member?.handle;
}

/** Which form an issue is, by its label; or why it is not one to act on. */
function formKindOf(issue: IssueFacts): FormKind | 'not-a-form' | 'closed' {
  if (issue.isPullRequest) return 'not-a-form';
  const kind = (Object.keys(FORM_TEMPLATES) as FormKind[]).find((k) => issue.labels.includes(k));
  if (!kind) return 'not-a-form';
  return issue.state === 'open' ? kind : 'closed';
}

/** The writer's agreement on main, for a handle that could name one (a withdrawal dates it). */
async function agreementTextOf(root: string, handle: unknown): Promise<string | undefined> {
  const trimmed = typeof handle === 'string' ? handle.trim() : '';
  if (!/^[a-z0-9-]{1,39}$/.test(trimmed)) return undefined;
  return readFile(path.join(root, pathOf('agreement', trimmed)), 'utf8').catch(() => undefined);
}

/** The errors of the co-op as it would be with these files, under every rule a pull request meets. */
async function problemsAfter(root: string, files: ReadonlyMap<string, string | null>): Promise<Problem[]> {
  const after = await materializeAfterMerge(
    root,
    [...files].map(([p, c]) => (c === null ? { path: p, status: 'removed' as const } : { path: p, status: 'written' as const, bytes: Buffer.from(c, 'utf8') })),
  );
  try {
    // Main passes check, so every error here comes from this change.
    const loaded = await loadCoop(after.root, { cache: false });
    return sortProblems([...after.problems, ...loaded.problems, ...applyRules(loaded.coop)]).filter((p) => p.severity === 'error');
  } finally {
    await after.dispose();
  }
}

/** The form checked against main: parsed by its template, planned as files, and the co-op after them checked. */
async function checkForm(root: string, kind: FormKind, body: string, ctx: FormContext): Promise<{ problems: Problem[]; plan?: FormPlan }> {
  const template = await readFile(path.join(root, '.github/ISSUE_TEMPLATE', FORM_TEMPLATES[kind]), 'utf8');
  const parsed = parseForm(ctx.issue, body, template);
  if (!parsed.ok) return { problems: parsed.problems };
  const agreementText = await agreementTextOf(root, parsed.value.handle);
  const planned = planForm(kind, parsed.value, { ...ctx, ...(agreementText ? { agreementText } : {}) });
  if (!planned.ok) return { problems: planned.problems };
  return { problems: await problemsAfter(root, planned.value.files), plan: planned.value };
}

/** Commit the planned files to `form/issue-N` on top of the default branch, and open or update its pull request. */
async function openFormPull(ctx: GitHubContext, number: number, issue: IssueFacts, plan: FormPlan, ready: string): Promise<{ state: 'opened' | 'updated' | 'unchanged'; pull: number }> {
  const { files, title, summary } = plan;
  const author = issue.author?.login ?? '';
  const branch = `form/issue-${number}`;
  const mainBranch = await defaultBranch(ctx);
  const base = await branchTip(ctx, mainBranch);
  if (!base) throw new Error(`the default branch ${mainBranch} has no commit`);
  const noreply = issue.author ? { name: issue.author.login, email: `${issue.author.id}+${issue.author.login}@users.noreply.github.com` } : undefined;
  const commit = await commitToBranch(ctx, {
    branch,
    parent: base,
    files,
    force: true,
    message: `${title}\n\nFrom the form in issue #${number}, made ready by ${ready}.\n\nForm-issue: #${number}`,
    ...(noreply ? { author: noreply } : {}),
  });
  const body = `${formMarker(number)}\nFrom the form in #${number}, filled in by @${author}; made ready by board member ${ready}.\n\n${summary.map((s) => `- ${s}`).join('\n')}\n`;
  const upserted = await upsertPull(ctx, { branch, base: mainBranch, title, body });
  const state = upserted.state === 'unchanged' && commit.changed ? 'updated' : upserted.state;
  return { state, pull: upserted.number };
}

/** Answer a form issue on GitHub: problems, waiting for the ready label, or the pull request that holds it. */
export async function formToPullRequest(root: string, ctx: GitHubContext, number: number, now = new Date()): Promise<FormResult> {
  const issue = await readIssue(ctx, number);
  const kind = formKindOf(issue);
  if (kind === 'not-a-form' || kind === 'closed') return { state: kind };
  const author = issue.author?.login ?? '';
  const today = now.toISOString().slice(0, 10);
  const say = (body: string) => upsertComment(ctx, number, FORM_REPORT_MARKER, body);

  const main = await checkCoop(root, { cache: false });
  if (!main.ok) {
    await say(MAIN_FAILS_COMMENT);
    return { state: 'problems', problems: main.problems };
  }
  const { problems, plan } = await checkForm(root, kind, issue.body, { coop: main.coop, issue: number, author, today });
  if (hasErrors(problems) || !plan) {
    await say(problemsComment(author, problems));
    return { state: 'problems', problems };
  }
  const ready = issue.labels.includes(READY_LABEL) ? await readyBy(ctx, number, main.coop.board.value, today) : undefined;
  if (!ready) {
    await say(waitingComment(plan.summary));
    return { state: 'waiting' };
  }
  const opened = await openFormPull(ctx, number, issue, plan, ready);
  await say(openedComment(opened.pull, kind));
  return opened;
}
