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
import { escapeMarkdown, safeMessage } from '../gate/report.ts';
import { materializeAfterMerge } from '../gate/overlay.ts';
import { formMarker } from '../gate/run.ts';
import { branchTip, commitToBranch, defaultBranch, lastLabeledBy, readIssue, upsertComment, upsertPull, type GitHubContext } from '../github/index.ts';
import { hasErrors, sortProblems, type Problem } from '../problems.ts';
import { loginOf } from '../quorum/index.ts';
import { pathOf } from '../records/layout.ts';
import { loadCoop } from '../records/load-coop.ts';
import { FORM_TEMPLATES, parseForm, type FormKind } from './parse.ts';
import { planForm } from './plan.ts';

export const READY_LABEL = 'form:ready';
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

export async function formToPullRequest(root: string, ctx: GitHubContext, number: number, now = new Date()): Promise<FormResult> {
  const issue = await readIssue(ctx, number);
  if (issue.isPullRequest) return { state: 'not-a-form' };
  const labels = issue.labels;
  const kind = (Object.keys(FORM_TEMPLATES) as FormKind[]).find((k) => labels.includes(k));
  if (!kind) return { state: 'not-a-form' };
  if (issue.state !== 'open') return { state: 'closed' };
  const author = issue.author?.login ?? '';
  const today = now.toISOString().slice(0, 10);
  const say = (body: string) => upsertComment(ctx, number, FORM_REPORT_MARKER, body);

  const main = await checkCoop(root, { cache: false });
  if (!main.ok) {
    await say('The co-op’s records on the default branch do not pass `check` right now, so this form cannot be checked yet. The board has been asked to fix them.');
    return { state: 'problems', problems: main.problems };
  }
  const template = await readFile(path.join(root, '.github/ISSUE_TEMPLATE', FORM_TEMPLATES[kind]), 'utf8');
  const parsed = parseForm(number, issue.body, template);
  let problems: Problem[] = parsed.problems;
  let files: Map<string, string | null> | undefined;
  let title = '';
  let summary: string[] = [];
  if (parsed.ok) {
    const handle = typeof parsed.value.handle === 'string' ? parsed.value.handle.trim() : '';
    const agreementText = /^[a-z0-9-]{1,39}$/.test(handle) ? await readFile(path.join(root, pathOf('agreement', handle)), 'utf8').catch(() => undefined) : undefined;
    const planned = planForm(kind, parsed.value, { coop: main.coop, issue: number, author, today, ...(agreementText ? { agreementText } : {}) });
    problems = planned.problems;
    if (planned.ok) {
      ({ files, title, summary } = planned.value);
      // The co-op as it would be with this change, under every rule a pull request meets.
      const after = await materializeAfterMerge(
        root,
        [...files].map(([p, c]) => (c === null ? { path: p, status: 'removed' as const } : { path: p, status: 'written' as const, bytes: Buffer.from(c, 'utf8') })),
      );
      try {
        // Main passes check, so every error here comes from this change.
        const loaded = await loadCoop(after.root, { cache: false });
        problems = sortProblems([...after.problems, ...loaded.problems, ...applyRules(loaded.coop)]).filter((p) => p.severity === 'error');
      } finally {
        await after.dispose();
      }
    }
  }
  if (hasErrors(problems) || !files) {
    await say(
      [
        `Thank you, @${escapeMarkdown(author)}. Before the board can take this, please edit the issue (**…** → **Edit**) to fix:`,
        '',
        ...problems.map((p) => `- ${p.pointer ? `**${escapeMarkdown(p.pointer.slice(1))}**: ` : ''}${escapeMarkdown(safeMessage(p))}${p.hint ? `. ${escapeMarkdown(p.hint)}` : ''}`),
        '',
        'Commonplace checks the form again every time you save it.',
      ].join('\n'),
    );
    return { state: 'problems', problems };
  }

  const ready = labels.includes(READY_LABEL) ? await readyBy(ctx, number, main.coop.board.value, today) : undefined;
  if (!ready) {
    await say(
      [
        `The form passes the co-op’s checks. It would add or change:`,
        '',
        ...summary.map((s) => `- ${escapeMarkdown(s)}`),
        '',
        `Next: a board member adds the label \`${READY_LABEL}\`, and a pull request is opened for the board to review.`,
      ].join('\n'),
    );
    return { state: 'waiting' };
  }

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
  const pull = upserted.number;
  const state = upserted.state === 'unchanged' && commit.changed ? 'updated' : upserted.state;
  await say(
    `Pull request #${pull} holds this ${kind === 'donation' ? 'donation' : kind === 'withdrawal' ? 'withdrawal' : 'proposal'} for the board’s review. Edit this issue to change it: the pull request follows.`,
  );
  return { state, pull };
}
