/**
 * The quorum of changes that reached main through git alone: each main-line
 * commit that touched the records, the Reviewed-by: / Approved-by: trailers on
 * it (the merge that brought it in), counted by the same function as GitHub
 * reviews. Pure: git facts in, verdicts out.
 */
import { writerSignoffs, type WriterSignoff } from '../consent/index.ts';
import type { CommitChanges } from '../git/index.ts';
import { approvalTrailers, mergeAuthor, pullRequestFrom } from '../git/index.ts';
import { isRecordPath } from '../records/layout.ts';
import type { Agreement, Board, BoardMember, Policy } from '../schemas/index.ts';
import { classifyChange, type ChangedFile } from './classify.ts';
import { countQuorum, loginOf, type QuorumVerdict } from './count.ts';

export interface MergeVerdict {
  commit: string;
  date: string;
  pullRequest?: number;
  /** Files of the records this commit brought to main. */
  files: string[];
  verdict: QuorumVerdict;
  /** Why it cannot count at all (no pull request), when so. */
  reason?: string;
  /** Each writer whose consent the change touched, and whether they signed it themselves. */
  writers: WriterSignoff[];
}

/** The writers' agreements around each commit (only `github:` matters): before it (first parent) and after. */
export interface WriterAccounts {
  before: (commit: string, handle: string) => Pick<Agreement, 'github'> | undefined;
  after: (commit: string, handle: string) => Pick<Agreement, 'github'> | undefined;
}

/** When nothing is known of the writers' accounts: each signs with their handle. */
export const HANDLES_ONLY: WriterAccounts = { before: () => undefined, after: () => undefined };

/** A change may stand only when the board's quorum met and every writer whose consent it touched signed it. */
export function mergeStands(v: Pick<MergeVerdict, 'verdict' | 'writers'>): boolean {
  return v.verdict.met && v.writers.every((w) => w.signed);
}

/** The writers a change touched without their own sign-off, in words, or undefined when all signed. */
export function unsignedInWords(v: Pick<MergeVerdict, 'writers'>): string | undefined {
  const missing = v.writers.filter((w) => !w.signed);
  if (missing.length === 0) return undefined;
  return `changes the consent of ${missing.map((w) => `${w.handle} (GitHub login ${w.login})`).join(', ')} without their own approval: only a writer can change their consent`;
}

/** The logins a trailer can stand for: its GitHub noreply login, its e-mail's local part, its name. */
export function trailerLogins(t: { name: string; email?: string }): string[] {
  const local = t.email?.split('@')[0]?.toLowerCase();
  const noreply = t.email && /@users\.noreply\.github\.com$/i.test(t.email) ? local?.replace(/^\d+\+/, '') : undefined;
  return [...new Set([noreply, local, t.name.toLowerCase()].filter((x): x is string => !!x))];
}

/** The board member a trailer names: by GitHub noreply address, e-mail name, handle, login or name. */
export function memberForTrailer(board: Board, t: { name: string; email?: string }): BoardMember | undefined {
  const local = t.email?.split('@')[0]?.toLowerCase();
  const noreply = t.email && /@users\.noreply\.github\.com$/i.test(t.email) ? local?.replace(/^\d+\+/, '') : undefined;
  const name = t.name.toLowerCase();
  return board.members.find((m) => {
    const login = loginOf(m);
    return noreply === login || local === login || local === m.handle || name === m.handle || name === login || name === m.name.toLowerCase();
  });
}

const STATUS: Record<string, ChangedFile['status']> = { A: 'added', M: 'modified', D: 'removed', T: 'modified' };

/** A verdict for each main-line commit that changed the records, newest first as given. */
export function verdictsForMainLine(commits: readonly CommitChanges[], board: Board, review: Policy['review'], accounts: WriterAccounts = HANDLES_ONLY): MergeVerdict[] {
  const out: MergeVerdict[] = [];
  for (const c of commits) {
    const files = [...c.changes].filter(([p]) => isRecordPath(p)).map(([path, s]) => ({ path, status: STATUS[s] ?? 'modified' }));
    if (files.length === 0) continue;
    const pr = pullRequestFrom(c.message);
    const head = c.parents.length > 1 ? c.parents[1]! : c.commit;
    const reviews = approvalTrailers(c.message).flatMap((t) => {
      const m = memberForTrailer(board, t);
      return [{ user: { login: m ? loginOf(m) : t.name }, state: 'APPROVED' as const, commitId: head, submittedAt: c.date }];
    });
    const author = mergeAuthor(c.message) ?? c.author;
    const verdict = countQuorum({ board, review, kinds: classifyChange(files), author, headSha: head, reviews, now: c.date });
    const writers = writerSignoffs({
      paths: files.map((f) => f.path),
      before: (h) => accounts.before(c.commit, h),
      after: (h) => accounts.after(c.commit, h),
      from: author,
      approvers: approvalTrailers(c.message).flatMap(trailerLogins),
    });
    out.push({
      writers,
      commit: c.commit,
      date: c.date,
      files: files.map((f) => f.path).sort(),
      verdict,
      ...(pr ? { pullRequest: pr } : {}),
      ...(!pr && reviews.length === 0 ? { reason: 'it reached main without a pull request or recorded approvals' } : {}),
    });
  }
  return out;
}
