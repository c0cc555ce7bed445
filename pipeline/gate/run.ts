/**
 * `commonplace-coop gate --pr N`: the authoritative verdict on a pull request.
 * It runs with the default branch's code and records (the checkout it runs in),
 * reads the pull request through the API, treats its files as data (never
 * checked out, installed or run), checks the co-op as it would be after the
 * merge, counts the board's quorum, and reports: two commit statuses on the
 * head commit, one sticky comment, the job summary.
 */
import { checkCoop, verdict } from '../check/index.ts';
import { applyRules } from '../check/check-coop.ts';
import { appendSummary, fileAt, fitComment, postStatus, readPull, upsertComment, type GitHubContext, type PullFacts } from '../github/index.ts';
import type { Problem } from '../problems.ts';
import type { Coop } from '../records/types.ts';
import { approversOf, classifyChange, countQuorum } from '../quorum/index.ts';
import { loadCoop } from '../records/load-coop.ts';
import { SIZE_LIMITS } from '../records/safe-files.ts';
import { isRecordPath, materializeAfterMerge, type IncomingFile } from './overlay.ts';
import { gateReport, REPORT_MARKER, type WorkLine } from './report.ts';
import { gateRules } from './rules.ts';

export const STATUS_CHECK = 'commonplace/check';
export const STATUS_QUORUM = 'commonplace/quorum';
/** Written by `form-to-pr` into the pull requests it opens: which issue the form was. */
export const FORM_MARKER = /<!-- commonplace:form issue=(\d+) -->/;
export const formMarker = (issue: number) => `<!-- commonplace:form issue=${issue} -->`;

export interface GateResult {
  pull: number;
  state: 'reported' | 'closed' | 'head-moved';
  checkOk: boolean;
  quorumMet: boolean;
  headSha: string;
  markdown: string;
}

/** What the pull request's changed files are, read as bytes at its head (bigger than the limits: refused unread). */
async function incomingFiles(ctx: GitHubContext, pull: PullFacts): Promise<IncomingFile[]> {
  const out: IncomingFile[] = [];
  for (const f of pull.files) {
    if (f.previousPath && isRecordPath(f.previousPath)) out.push({ path: f.previousPath, status: 'removed' });
    if (!isRecordPath(f.path)) continue;
    if (f.status === 'removed') {
      out.push({ path: f.path, status: 'removed' });
      continue;
    }
    const read = await fileAt(ctx, f.path, pull.headSha, f.path.startsWith('corpus/') ? SIZE_LIMITS.work : SIZE_LIMITS.record);
    if (read.ok) out.push({ path: f.path, status: 'written', bytes: read.bytes });
    else if (read.reason === 'missing') out.push({ path: f.path, status: 'removed' });
    else out.push({ path: f.path, status: 'refused', reason: read.reason, ...(read.size !== undefined ? { size: read.size } : {}) });
  }
  return out;
}

export async function runGate(root: string, ctx: GitHubContext, number: number, now = new Date()): Promise<GateResult> {
  const main = await checkCoop(root, { cache: false });
  const pull = await readPull(ctx, number);
  if (pull.state !== 'open') return { pull: number, state: 'closed', checkOk: false, quorumMet: false, headSha: pull.headSha, markdown: '' };
  if (!main.ok) {
    // Roster and policy come from main; if main itself does not pass, nothing can be counted.
    await postStatus(ctx, pull.headSha, STATUS_CHECK, 'error', 'the default branch does not pass check: fix main first');
    await postStatus(ctx, pull.headSha, STATUS_QUORUM, 'error', 'cannot count: the board and policy on main do not pass check');
    return { pull: number, state: 'reported', checkOk: false, quorumMet: false, headSha: pull.headSha, markdown: '' };
  }

  const incoming = await incomingFiles(ctx, pull);
  const after = await materializeAfterMerge(root, incoming);
  let problems: Problem[];
  let afterCoop: Coop;
  try {
    const loaded = await loadCoop(after.root, { cache: false });
    afterCoop = loaded.coop;
    problems = [...after.problems, ...loaded.problems, ...applyRules(loaded.coop)];
  } finally {
    await after.dispose();
  }

  const kinds = classifyChange(pull.files);
  const quorum = countQuorum({
    board: main.coop.board.value,
    review: main.coop.policy.value.review,
    kinds,
    author: pull.author.login,
    headSha: pull.headSha,
    reviews: pull.reviews,
    now: now.toISOString(),
  });
  const formIssue = pull.author.login === ctx.botLogin ? FORM_MARKER.exec(pull.body)?.[1] : undefined;
  const formAuthor = formIssue ? (await ctx.octokit.rest.issues.get({ owner: ctx.owner, repo: ctx.repo, issue_number: Number(formIssue) })).data.user?.login : undefined;
  const approvers = approversOf(pull.reviews, pull.headSha);
  problems.push(
    ...gateRules(afterCoop, {
      author: pull.author.login,
      botLogin: ctx.botLogin,
      ...(formAuthor ? { formAuthor } : {}),
      files: pull.files,
      approvers,
      quorum,
      today: now.toISOString().slice(0, 10),
    }),
  );
  const checked = verdict(afterCoop, problems);

  const works: WorkLine[] = pull.files.flatMap((f): WorkLine[] => {
    const m = /^corpus\/([^/]+)\/[^/]+$/.exec(f.path);
    if (!m) return [];
    return [{ file: f.path, handle: m[1]!, change: f.status === 'removed' ? 'withdrawn' : f.status === 'added' ? 'added' : 'changed' }];
  });
  const report = gateReport({ pull: number, kinds, after: afterCoop, works, problems: checked.problems, quorum, headSha: pull.headSha });

  // Statuses are per commit: a run that finished after a newer push must not speak for the new head.
  const { data: fresh } = await ctx.octokit.rest.pulls.get({ owner: ctx.owner, repo: ctx.repo, pull_number: number });
  if (fresh.head.sha !== pull.headSha) return { pull: number, state: 'head-moved', checkOk: checked.ok, quorumMet: quorum.met, headSha: pull.headSha, markdown: report.markdown };
  await postStatus(ctx, pull.headSha, STATUS_CHECK, checked.ok ? 'success' : 'failure', report.checkDescription);
  await postStatus(ctx, pull.headSha, STATUS_QUORUM, quorum.met ? 'success' : 'pending', report.quorumDescription);
  await upsertComment(ctx, number, REPORT_MARKER, fitComment(report.markdown, 'the whole report is in the run’s job summary'));
  await appendSummary(ctx, `## Pull request #${number}\n\n${report.markdown}\n\n`);
  return { pull: number, state: 'reported', checkOk: checked.ok, quorumMet: quorum.met, headSha: pull.headSha, markdown: report.markdown };
}

/** Every open pull request's number (for the scheduled re-count: terms end while nobody pushes). */
export async function openPulls(ctx: GitHubContext): Promise<number[]> {
  const pulls = await ctx.octokit.paginate(ctx.octokit.rest.pulls.list, { owner: ctx.owner, repo: ctx.repo, state: 'open', per_page: 100 });
  return pulls.map((p) => p.number).sort((a, b) => a - b);
}
