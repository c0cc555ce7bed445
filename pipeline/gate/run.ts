/**
 * `commonplace-coop gate --pr N`: the authoritative verdict on a pull request.
 * It runs with the default branch's code and records (the checkout it runs in),
 * reads the pull request through the API, treats its files as data (never
 * checked out, installed or run), checks the co-op as it would be after the
 * merge, counts the board's quorum, and reports: two commit statuses on the
 * head commit, one sticky comment, the job summary.
 */
import { checkCoop, verdict } from '../check/index.ts';
import { applyRules } from '../check/index.ts';
import {
  appendSummary,
  changeFrom,
  fileAt,
  fitComment,
  headShaOf,
  openPullNumbers,
  pathsAt,
  postStatus,
  readPull,
  readReviews,
  upsertComment,
  type GitHubContext,
  type PullFacts,
  type TreePath,
} from '../github/index.ts';
import { error, type Problem } from '../problems.ts';
import type { CheckedCoop, Coop } from '../records/types.ts';
import { approversOf, classifyChange, countQuorum, type QuorumVerdict } from '../quorum/index.ts';
import { isRecordPath, isWork, RECORD_ROOTS } from '../records/layout.ts';
import { loadCoop } from '../records/load-coop.ts';
import { portablePathProblems } from '../records/portable-paths.ts';
import { SIZE_LIMITS } from '../records/safe-files.ts';
import { materializeAfterMerge, type IncomingFile } from './overlay.ts';
import { gateReport, REPORT_MARKER, type WorkLine } from './report.ts';
import { gateRules } from './rules.ts';

export const STATUS_CHECK = 'commonplace/check';
export const STATUS_QUORUM = 'commonplace/quorum';
export { FORM_MARKER, formMarker } from '../github/index.ts';

export interface GateResult {
  pull: number;
  state: 'reported' | 'closed' | 'head-moved';
  checkOk: boolean;
  quorumMet: boolean;
  headSha: string;
  markdown: string;
}

/**
 * What the pull request's changed files are, judged as git holds them at its head: the tree's modes
 * first (a link, submodule or executable is refused whatever the contents API would answer for it),
 * then the bytes of plain files, never more than the limits (bigger files are refused unread).
 */
async function incomingFiles(ctx: GitHubContext, pull: PullFacts): Promise<{ incoming: IncomingFile[]; problems: Problem[]; portable: Problem[] }> {
  const tree = await pathsAt(ctx, pull.headSha);
  if (tree.truncated) {
    return {
      incoming: [],
      portable: [],
      problems: [
        error('gate/tree-too-large', '(pull request)', 'holds more paths than GitHub lists in one tree, so its files cannot all be judged', {
          hint: 'the co-op repository has grown past what the gate can read; ask a maintainer',
        }),
      ],
    };
  }
  const out: IncomingFile[] = [];
  const problems: Problem[] = [];
  for (const f of pull.files) {
    if (f.previousPath && isRecordPath(f.previousPath)) out.push({ path: f.previousPath, status: 'removed' });
    // A link or file where a folder of the records should be breaks them all.
    if (RECORD_ROOTS.includes(f.path) && f.status !== 'removed')
      problems.push(error('file/not-a-folder', f.path, 'is a file or link where the folder of the records should be', { hint: `restore ${f.path}/ as a folder` }));
    if (isRecordPath(f.path)) out.push(await incomingFile(ctx, f, tree.paths.get(f.path), pull.headSha));
  }
  return { incoming: out, problems, portable: unportablePaths(tree.paths, pull) };
}

/** One changed record file at the head: removed, refused by its mode or size, or its bytes. */
async function incomingFile(ctx: GitHubContext, f: PullFacts['files'][number], entry: TreePath | undefined, headSha: string): Promise<IncomingFile> {
  if (f.status === 'removed' || !entry) return { path: f.path, status: 'removed' };
  const kind = modeKind(entry);
  if (kind !== 'file') return { path: f.path, status: 'refused', reason: kind };
  const limit = isWork(f.path) ? SIZE_LIMITS.work : SIZE_LIMITS.record;
  if (entry.size !== undefined && entry.size > limit) return { path: f.path, status: 'refused', reason: 'too-large', size: entry.size };
  const read = await fileAt(ctx, f.path, headSha, limit);
  if (read.ok) return { path: f.path, status: 'written', bytes: read.bytes };
  if (read.reason === 'missing') return { path: f.path, status: 'removed' };
  return { path: f.path, status: 'refused', reason: read.reason, ...(read.size !== undefined ? { size: read.size } : {}) };
}

/**
 * Paths of the head commit that some writer could not check out (a device name, a name only case
 * apart from another), every file of the repository, not only records, limited to those the pull
 * request brings: main passed the same rule, so every such path involves one of them.
 */
function unportablePaths(paths: ReadonlyMap<string, TreePath>, pull: PullFacts): Problem[] {
  const changed = pull.files.filter((f) => f.status !== 'removed').map((f) => f.path);
  const files = [...paths.values()].filter((e) => e.type !== 'tree').map((e) => e.path);
  return portablePathProblems(files).filter((p) => changed.some((c) => c === p.file || c.startsWith(`${p.file}/`)));
}

/** What a tree entry is, by its git mode. */
function modeKind(e: TreePath): 'file' | 'symlink' | 'submodule' | 'executable' | 'not-a-file' {
  if (e.mode === '100644') return 'file';
  if (e.mode === '120000') return 'symlink';
  if (e.mode === '160000' || e.type === 'commit') return 'submodule';
  if (e.mode === '100755') return 'executable';
  return 'not-a-file';
}

/** GitHub lists at most 3,000 files of a pull request: one with more cannot be judged from its list. */
function unlistedFiles(pull: PullFacts): Problem[] {
  if (pull.files.length >= pull.changedFiles) return [];
  return [
    error('gate/too-many-files', '(pull request)', `changes ${pull.changedFiles} files, but GitHub lists only ${pull.files.length} of them, so the rest cannot be checked`, {
      hint: 'split it into smaller pull requests (GitHub lists at most 3,000 files of one)',
    }),
  ];
}

interface Judged {
  quorum: QuorumVerdict;
  checked: ReturnType<typeof verdict>;
  approvers: string[];
}

/** The verdict on the pull request after the merge, for a set of reviews. Pure over what was read. */
function judge(main: CheckedCoop, after: Coop, pull: PullFacts, reviews: PullFacts['reviews'], read: Problem[], ctx: GitHubContext, formAuthor: string | undefined, now: Date): Judged {
  const kinds = classifyChange(pull.files);
  const quorum = countQuorum({ board: main.board.value, review: main.policy.value.review, kinds, author: pull.author.login, headSha: pull.headSha, reviews, now: now.toISOString() });
  const approvers = approversOf(reviews, pull.headSha);
  const rules = gateRules(after, {
    before: main,
    author: pull.author.login,
    botLogin: ctx.botLogin,
    ...(formAuthor ? { formAuthor } : {}),
    files: pull.files,
    approvers,
    quorum,
    today: now.toISOString().slice(0, 10),
  });
  return { quorum, checked: verdict(after, [...read, ...rules]), approvers };
}

/** Roster and policy come from main; if main itself does not pass, nothing can be counted. */
async function reportMainFails(ctx: GitHubContext, pull: PullFacts): Promise<void> {
  await postStatus(ctx, pull.headSha, STATUS_CHECK, 'error', 'the default branch does not pass check: fix main first');
  await postStatus(ctx, pull.headSha, STATUS_QUORUM, 'error', 'cannot count: the board and policy on main do not pass check');
}

/** The co-op as it would be after the merge, and every problem of reading it and of the rules over it. */
async function readAfterMerge(root: string, ctx: GitHubContext, pull: PullFacts, now: Date): Promise<{ read: Problem[]; afterCoop: Coop }> {
  const { incoming, problems: treeProblems, portable } = await incomingFiles(ctx, pull);
  const after = await materializeAfterMerge(root, incoming);
  try {
    const loaded = await loadCoop(after.root, { cache: false });
    // The records' own paths are judged again by the load; a path it already refused is not reported twice.
    const judgedPaths = new Set(loaded.problems.filter((p) => p.severity === 'error').map((p) => p.file));
    const otherPaths = portable.filter((p) => !judgedPaths.has(p.file));
    const read = [...unlistedFiles(pull), ...treeProblems, ...otherPaths, ...after.problems, ...loaded.problems, ...applyRules(loaded.coop, now.toISOString().slice(0, 10))];
    return { read, afterCoop: loaded.coop };
  } finally {
    await after.dispose();
  }
}

/** The two statuses on the head commit, the sticky comment and the job summary. */
async function postReport(ctx: GitHubContext, pull: PullFacts, number: number, afterCoop: Coop, { quorum, checked }: Judged): Promise<GateResult> {
  const report = gateReport({ pull: number, kinds: classifyChange(pull.files), after: afterCoop, works: workLines(pull), problems: checked.problems, quorum, headSha: pull.headSha });
  await postStatus(ctx, pull.headSha, STATUS_CHECK, checked.ok ? 'success' : 'failure', report.checkDescription);
  await postStatus(ctx, pull.headSha, STATUS_QUORUM, quorum.met ? 'success' : 'pending', report.quorumDescription);
  await upsertComment(ctx, number, REPORT_MARKER, fitComment(report.markdown, 'the whole report is in the run’s job summary'));
  await appendSummary(ctx, `## Pull request #${number}\n\n${report.markdown}\n\n`);
  return { pull: number, state: 'reported', checkOk: checked.ok, quorumMet: quorum.met, headSha: pull.headSha, markdown: report.markdown };
}

/** Judge pull request `number` as it would be merged into the co-op at `root`, and report on GitHub. */
export async function runGate(root: string, ctx: GitHubContext, number: number, now = new Date()): Promise<GateResult> {
  const main = await checkCoop(root, { cache: false });
  const pull = await readPull(ctx, number);
  if (pull.state !== 'open') return { pull: number, state: 'closed', checkOk: false, quorumMet: false, headSha: pull.headSha, markdown: '' };
  if (!main.ok) {
    await reportMainFails(ctx, pull);
    return { pull: number, state: 'reported', checkOk: false, quorumMet: false, headSha: pull.headSha, markdown: '' };
  }
  const { read, afterCoop } = await readAfterMerge(root, ctx, pull, now);
  const { formAuthor } = await changeFrom(ctx, pull.author.login, pull.body);
  let judged = judge(main.coop, afterCoop, pull, pull.reviews, read, ctx, formAuthor, now);

  // Statuses are per commit: a run that finished after a newer push must not speak for the new head.
  if ((await headShaOf(ctx, number)) !== pull.headSha) return { pull: number, state: 'head-moved', checkOk: judged.checked.ok, quorumMet: judged.quorum.met, headSha: pull.headSha, markdown: '' };
  // A review dismissed (or a new one) while the gate ran: count what stands now, never a stale success.
  const reviews = await readReviews(ctx, number);
  if (approversOf(reviews, pull.headSha).join() !== judged.approvers.join()) judged = judge(main.coop, afterCoop, pull, reviews, read, ctx, formAuthor, now);
  return postReport(ctx, pull, number, afterCoop, judged);
}

/** The works a pull request adds, changes or withdraws, for the report. */
function workLines(pull: PullFacts): WorkLine[] {
  return pull.files.flatMap((f): WorkLine[] => {
    const m = /^corpus\/([^/]+)\/[^/]+$/.exec(f.path);
    if (!m) return [];
    return [{ file: f.path, handle: m[1]!, change: f.status === 'removed' ? 'withdrawn' : f.status === 'added' ? 'added' : 'changed' }];
  });
}

/** Every open pull request's number (for the scheduled re-count: terms end while nobody pushes). */
export async function openPulls(ctx: GitHubContext): Promise<number[]> {
  return openPullNumbers(ctx);
}
