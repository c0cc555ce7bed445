/**
 * Provenance of each work from git history: who added it and when, who last
 * changed it, and the main-line commit (merge or squash) that brought this
 * version in, with its pull request and approvers. Pure: git data in, records out.
 */
import type { CommitChanges, CommitInfo } from '../git/index.ts';
import type { Provenance } from '../schemas/index.ts';
import { approvalTrailers, pullRequestFrom } from '../git/index.ts';

/** Names from `Reviewed-by:` / `Approved-by:` trailers, e-mail addresses removed, in order, once each. */
export function approversFrom(message: string): string[] {
  return [
    ...new Set(
      approvalTrailers(message)
        .map((t) => t.name)
        .filter(Boolean),
    ),
  ];
}

export interface ProvenanceInputs {
  /** Commits touching the corpus, oldest first. */
  history: CommitChanges[];
  /** The main line, any order. */
  mainLine: CommitInfo[];
  /** For each merge on the main line, the commits it brought in. */
  broughtIn: Map<string, string[]>;
  /** What GitHub says of merges (from `verify`): their pull request and who approved it. */
  approvals?: MergeApprovals;
}

/** Merge commit → its pull request and the names of the board members who approved it. */
export type MergeApprovals = Readonly<Record<string, { pullRequest: number; approvedBy: readonly string[] }>>;

/** Provenance for each path (paths git never saw get an empty record). */
export function computeProvenance(paths: readonly string[], inputs: ProvenanceInputs): Map<string, Provenance> {
  const wanted = new Set(paths);
  const added = new Map<string, CommitChanges>();
  const changed = new Map<string, CommitChanges>();
  for (const c of inputs.history) {
    for (const [p, status] of c.changes) {
      if (!wanted.has(p)) continue;
      if (status === 'A') added.set(p, c);
      if (status === 'A' || status === 'M' || status === 'T') changed.set(p, c);
    }
  }
  const main = new Map(inputs.mainLine.map((c) => [c.commit, c]));
  const mergeOf = new Map<string, CommitInfo>();
  for (const [merge, commits] of inputs.broughtIn) for (const c of commits) mergeOf.set(c, main.get(merge)!);

  const ref = (c: CommitInfo) => ({ commit: c.commit, author: c.author, date: c.date });
  const out = new Map<string, Provenance>();
  for (const p of paths) {
    const a = added.get(p);
    const l = changed.get(p);
    const landing = l && (main.get(l.commit) ?? mergeOf.get(l.commit));
    const known = landing && inputs.approvals?.[landing.commit];
    const pr = landing && (known?.pullRequest ?? pullRequestFrom(landing.message));
    const approvedBy = landing ? [...new Set([...approversFrom(landing.message), ...(known?.approvedBy ?? [])])] : [];
    out.set(p, {
      ...(a ? { added: ref(a) } : {}),
      ...(l ? { lastChanged: ref(l) } : {}),
      ...(landing ? { merge: { commit: landing.commit, date: landing.date, ...(pr ? { pullRequest: pr } : {}), approvedBy } } : {}),
    });
  }
  return out;
}
