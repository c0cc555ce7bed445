/** Counting a board decision's votes under the co-op's policy. Pure. */
import type { DecisionFrontMatter, Policy } from '../schemas/index.ts';

/** The outcome of counting a decision's votes under the policy. */
export interface Tally {
  serving: number;
  voted: number;
  for: number;
  against: number;
  abstain: number;
  quorumNeeded: number;
  quorumMet: boolean;
  passes: boolean;
}

/** Count votes under the policy: quorum over the serving board, threshold over for+against; a tie never passes. */
export function tally(decision: Pick<DecisionFrontMatter, 'votes'>, servingCount: number, rules: Policy['decisions']): Tally {
  const { for: yes, against: no, abstain } = decision.votes;
  const voted = yes.length + no.length + abstain.length;
  const quorumNeeded = Math.max(1, Math.ceil(rules.quorum * servingCount - 1e-9));
  const quorumMet = voted >= quorumNeeded;
  const cast = yes.length + no.length;
  const passes = quorumMet && cast > 0 && yes.length > no.length && yes.length >= rules.passThreshold * cast - 1e-9;
  return { serving: servingCount, voted, for: yes.length, against: no.length, abstain: abstain.length, quorumNeeded, quorumMet, passes };
}
