/**
 * Before the pipeline trains: every change to the records that reached main
 * since the last recorded run came through a pull request that met the board's
 * quorum when it merged. From GitHub's reviews when there is a token (and the
 * approvers then go into dataset provenance), from merge trailers otherwise.
 * An admin can bypass branch protection; this cannot be bypassed.
 */
import type { CommitChanges } from '../git/index.ts';
import type { GitHubContext } from '../github/index.ts';
import { writerSignoffs } from '../consent/index.ts';
import { changeFrom, mergedPullOf, readReviews } from '../github/index.ts';
import {
  approversOf,
  classifyChange,
  countQuorum,
  HANDLES_ONLY,
  mergeStands,
  unsignedInWords,
  verdictsForMainLine,
  type ChangedFile,
  type MergeVerdict,
  type WriterAccounts,
} from '../quorum/index.ts';
import { isRecordPath } from '../records/layout.ts';
import type { Board, Policy } from '../schemas/index.ts';

/** Who let each merge in, for dataset provenance: merge commit → pull request and approvers' names. */
export type Approvals = Record<string, { pullRequest: number; approvedBy: string[] }>;
export type { MergeApprovals } from '../dataset/index.ts';

export interface VerifyResult {
  ok: boolean;
  verdicts: MergeVerdict[];
  approvals: Approvals;
}

const STATUS: Record<string, ChangedFile['status']> = { A: 'added', M: 'modified', D: 'removed', T: 'modified' };

/** Verdicts from GitHub: the merged pull request of each commit, its reviews up to the merge, counted then. */
export async function verifyWithGitHub(ctx: GitHubContext, commits: readonly CommitChanges[], board: Board, review: Policy['review'], accounts: WriterAccounts = HANDLES_ONLY): Promise<VerifyResult> {
  const verdicts: MergeVerdict[] = [];
  const approvals: Approvals = {};
  const nameOf = new Map(board.members.map((m) => [m.handle, m.name]));
  for (const c of commits) {
    const files = [...c.changes].filter(([p]) => isRecordPath(p)).map(([path, s]) => ({ path, status: STATUS[s] ?? 'modified' }));
    if (files.length === 0) continue;
    const pr = await mergedPullOf(ctx, c.commit);
    const kinds = classifyChange(files);
    if (!pr) {
      const verdict = countQuorum({ board, review, kinds, author: c.author, headSha: c.commit, reviews: [], now: c.date });
      const writers = signoffsOf(c, files, accounts, '', []);
      verdicts.push({ commit: c.commit, date: c.date, files: files.map((f) => f.path).sort(), verdict, writers, reason: 'no merged pull request on GitHub brought it to main' });
      continue;
    }
    // Reviews up to the merge: one given after it let nothing in.
    const reviews = (await readReviews(ctx, pr.number)).filter((r) => r.submittedAt && r.submittedAt <= pr.mergedAt);
    const verdict = countQuorum({ board, review, kinds, author: pr.author, headSha: pr.headSha, reviews, now: pr.mergedAt });
    const { login: from } = await changeFrom(ctx, pr.author, pr.body);
    const writers = signoffsOf(c, files, accounts, from, approversOf(reviews, pr.headSha));
    verdicts.push({ commit: c.commit, date: c.date, pullRequest: pr.number, files: files.map((f) => f.path).sort(), verdict, writers });
    approvals[c.commit] = { pullRequest: pr.number, approvedBy: verdict.approvedBy.map((h) => nameOf.get(h) ?? h) };
  }
  return { ok: verdicts.every(mergeStands), verdicts, approvals };
}

function signoffsOf(c: CommitChanges, files: readonly ChangedFile[], accounts: WriterAccounts, from: string, approvers: readonly string[]) {
  return writerSignoffs({ paths: files.map((f) => f.path), before: (h) => accounts.before(c.commit, h), after: (h) => accounts.after(c.commit, h), from, approvers });
}

/** Verdicts from the merges' Reviewed-by: / Approved-by: trailers (no GitHub). */
export function verifyWithTrailers(commits: readonly CommitChanges[], board: Board, review: Policy['review'], accounts: WriterAccounts = HANDLES_ONLY): VerifyResult {
  const verdicts = verdictsForMainLine(commits, board, review, accounts);
  return { ok: verdicts.every(mergeStands), verdicts, approvals: {} };
}

/** The report naming each change that reached main without quorum, and its files. */
export function verifyReport(r: VerifyResult): string {
  const failed = r.verdicts.filter((v) => !mergeStands(v));
  const lines = [
    `${r.verdicts.length} change${r.verdicts.length === 1 ? '' : 's'} to the records since the last pipeline run; ${failed.length} without the board's quorum or a writer's own approval.`,
  ];
  for (const v of failed) {
    const q = v.verdict;
    const unsigned = unsignedInWords(v);
    lines.push(
      `- ${v.commit.slice(0, 12)}${v.pullRequest ? ` (pull request #${v.pullRequest})` : ''}: ${q.approvedBy.length} of ${q.needed} approvals for a ${q.strictest} change${v.reason ? `; ${v.reason}` : ''}${unsigned ? `; ${unsigned}` : ''}`,
    );
    for (const f of v.files) lines.push(`    ${f}`);
  }
  if (failed.length > 0)
    lines.push('Nothing was trained. Revert these commits, or have them approved in a pull request (by the writer too, for a change to their consent), then run the pipeline again.');
  return lines.join('\n');
}
