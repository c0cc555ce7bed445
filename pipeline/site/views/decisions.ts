/** The board's decisions, with each one's tally under the policy and, when due, its review in words. Pure. */
import { boardOn, tally } from '../../board/index.ts';
import type { CheckedCoop } from '../../records/types.ts';
import { reviewInWords } from '../labels.ts';
import type { DecisionView } from '../view-types.ts';

/** Decisions newest first; a review is due or overdue as of `builtOn` (YYYY-MM-DD). */
export function decisionViews(coop: Pick<CheckedCoop, 'decisions' | 'board' | 'policy'>, builtOn: string): DecisionView[] {
  const policy = coop.policy.value;
  return [...coop.decisions.values()]
    .sort((a, b) => b.id.localeCompare(a.id))
    .map((d) => ({
      id: d.id,
      slug: d.slug,
      value: d.value,
      body: d.body,
      ...(d.value.status !== 'proposed' ? { tally: tally(d.value, boardOn(coop.board.value, d.value.date).size, policy.decisions) } : {}),
      ...(d.value.reviewBy && d.value.status === 'accepted' ? { review: reviewInWords(d.value.reviewBy, builtOn) } : {}),
    }));
}
