/**
 * The board's quorum on a change, counted by machine. One pure function serves
 * pull requests on GitHub (reviews from the API) and plain git (Reviewed-by: /
 * Approved-by: trailers on the merges that reached main): roster, terms and
 * policy come from main, never from the change itself.
 */
import { servingOn } from '../board/index.ts';
import { CHANGE_KINDS, type Board, type BoardMember, type ChangeKind, type Policy } from '../schemas/index.ts';

/** A review as GitHub reports it (or as a trailer stands for one). */
export interface Review {
  /** Null for a deleted account ("ghost"). */
  user: { login: string; id?: number } | null;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /** The commit the review was made on; null when GitHub no longer has it. */
  commitId: string | null;
  /** ISO date-time; reviews are taken in this order. */
  submittedAt: string;
}

export interface QuorumInputs {
  board: Board;
  review: Policy['review'];
  kinds: readonly ChangeKind[];
  /** Who opened the change: their own approval never counts. */
  author: string;
  /** The commit the approvals must be of (the pull request's head). */
  headSha: string;
  reviews: readonly Review[];
  /** The time the quorum is judged at, ISO; terms are read on its date. */
  now: string;
}

export interface QuorumVerdict {
  met: boolean;
  /** Approvals needed: the most any of the change's kinds needs. */
  needed: number;
  /** The kind that sets `needed`. */
  strictest: ChangeKind;
  /** Board members whose approval counts, by handle. */
  approvedBy: string[];
  /** Serving members who could still approve (not the author, not yet approved). */
  couldApprove: string[];
  /** Reviews that do not count, and why, in words. */
  notCounted: Array<{ login: string; why: string }>;
}

/** Approvals a kind of change needs under the policy. */
export function approvalsFor(kind: ChangeKind, review: Policy['review']): number {
  return review.approvals?.[kind] ?? review.approvalsToMerge;
}

/** A member's GitHub login (their handle unless board.yaml says otherwise), lowercased. */
export function loginOf(member: BoardMember): string {
  return (member.github ?? member.handle).toLowerCase();
}

/**
 * Each person's latest review that took a position, by lowercased login: a
 * comment changes nothing; a later "changes requested" or a dismissal takes an
 * approval back. Reviews by deleted accounts are left out.
 */
export function latestPositions(reviews: readonly Review[]): Map<string, Review> {
  const latest = new Map<string, Review>();
  for (const r of [...reviews].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))) {
    if (!r.user || r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    latest.set(r.user.login.toLowerCase(), r);
  }
  return latest;
}

/** Logins whose latest position approves `headSha`. */
export function approversOf(reviews: readonly Review[], headSha: string): string[] {
  return [...latestPositions(reviews)]
    .filter(([, r]) => r.state === 'APPROVED' && r.commitId === headSha)
    .map(([login]) => login)
    .sort();
}

export function countQuorum(i: QuorumInputs): QuorumVerdict {
  const kinds = i.kinds.length > 0 ? i.kinds : (['code'] as const);
  const strictest = [...kinds].sort((a, b) => approvalsFor(b, i.review) - approvalsFor(a, i.review) || CHANGE_KINDS.indexOf(a) - CHANGE_KINDS.indexOf(b))[0]!;
  const needed = approvalsFor(strictest, i.review);
  const today = i.now.slice(0, 10);
  const byLogin = new Map(i.board.members.map((m) => [loginOf(m), m]));
  const author = i.author.toLowerCase();

  const latest = latestPositions(i.reviews);
  const notCounted: QuorumVerdict['notCounted'] = [];
  if (i.reviews.some((r) => !r.user && r.state === 'APPROVED')) notCounted.push({ login: 'a deleted account', why: 'the account no longer exists' });
  const approvedBy: string[] = [];
  for (const [login, r] of latest) {
    if (r.state !== 'APPROVED') continue;
    const member = byLogin.get(login);
    const who = r.user!.login;
    if (!member) notCounted.push({ login: who, why: 'not on the board (governance/board.yaml on main)' });
    else if (login === author) notCounted.push({ login: who, why: 'opened this change: the author’s own approval never counts' });
    else if (!servingOn(member, today)) notCounted.push({ login: who, why: `not serving on the board on ${today}` });
    else if (r.commitId !== i.headSha)
      notCounted.push({ login: who, why: `approved an earlier commit (${(r.commitId ?? 'unknown').slice(0, 7)}), not the latest (${i.headSha.slice(0, 7)}): approve again` });
    else approvedBy.push(member.handle);
  }
  approvedBy.sort();
  const couldApprove = i.board.members
    .filter((m) => servingOn(m, today) && loginOf(m) !== author && !approvedBy.includes(m.handle))
    .map((m) => m.handle)
    .sort();
  return { met: approvedBy.length >= needed, needed, strictest, approvedBy, couldApprove, notCounted: notCounted.sort((a, b) => a.login.localeCompare(b.login)) };
}
