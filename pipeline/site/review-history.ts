/**
 * What the record says of how a work was reviewed, decided once for every page. A work that came
 * in with the repository's first commit has no review history at all (a co-op made from a
 * template starts with one commit holding everything), which is not the same as a change
 * committed straight to main later, past the board. Pure.
 */
import type { CommitChanges } from '../git/index.ts';
import type { Provenance } from '../schemas/index.ts';

/** approved: stewards are on record; first-commit: no history to hold a review; unreviewed: a later change with no approval on record. */
export type ReviewRecord = { kind: 'approved'; by: readonly string[] } | { kind: 'first-commit' } | { kind: 'unreviewed' };

/** The words for a work that came in with the first commit. */
export const FIRST_COMMIT_WORDS = "review history is missing: this work came in with the repository's first commit";
/** The words for a work committed, or merged, with no approval on record. */
export const UNREVIEWED_WORDS = 'committed directly, without a recorded review';

/** The repository's first commits on the main line (those with no parent): what came in with them has no review history. */
export function firstCommitsOf(mainLine: readonly Pick<CommitChanges, 'commit' | 'parents'>[]): ReadonlySet<string> {
  return new Set(mainLine.filter((c) => c.parents.length === 0).map((c) => c.commit));
}

/** How the work whose provenance this is was reviewed; `firstCommits` from `firstCommitsOf`. */
export function reviewOf(provenance: Provenance | null | undefined, firstCommits: ReadonlySet<string> | undefined): ReviewRecord {
  const merge = provenance?.merge;
  if (merge && merge.approvedBy.length > 0) return { kind: 'approved', by: merge.approvedBy };
  return merge && firstCommits?.has(merge.commit) ? { kind: 'first-commit' } : { kind: 'unreviewed' };
}

/** A review record in words: "approved by Bea, Cai", or one of the two sentences above. */
export function reviewRecordInWords(r: ReviewRecord): string {
  if (r.kind === 'approved') return `approved by ${r.by.join(', ')}`;
  return r.kind === 'first-commit' ? FIRST_COMMIT_WORDS : UNREVIEWED_WORDS;
}
