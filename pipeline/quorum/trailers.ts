/**
 * The quorum of changes that reached main through git alone: each main-line
 * commit that touched the records, the Reviewed-by: / Approved-by: trailers on
 * it (the merge that brought it in), counted by the same function as GitHub
 * reviews. Pure: git facts in, verdicts out.
 */
import type { CommitChanges } from '../git/index.ts';
import { approvalTrailers, mergeAuthor, pullRequestFrom } from '../git/messages.ts';
import type { Board, BoardMember, Policy } from '../schemas/index.ts';
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
export function verdictsForMainLine(commits: readonly CommitChanges[], board: Board, review: Policy['review']): MergeVerdict[] {
  const out: MergeVerdict[] = [];
  for (const c of commits) {
    const files = [...c.changes].filter(([p]) => p.startsWith('corpus/') || p.startsWith('governance/')).map(([path, s]) => ({ path, status: STATUS[s] ?? 'modified' }));
    if (files.length === 0) continue;
    const pr = pullRequestFrom(c.message);
    const head = c.parents.length > 1 ? c.parents[1]! : c.commit;
    const reviews = approvalTrailers(c.message).flatMap((t) => {
      const m = memberForTrailer(board, t);
      return [{ user: { login: m ? loginOf(m) : t.name }, state: 'APPROVED' as const, commitId: head, submittedAt: c.date }];
    });
    const author = mergeAuthor(c.message) ?? c.author;
    const verdict = countQuorum({ board, review, kinds: classifyChange(files), author, headSha: head, reviews, now: c.date });
    out.push({
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
