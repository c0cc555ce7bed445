/**
 * Rules for the board's records: the roster, votes from serving members, accepted decisions
 * that meet quorum and threshold, the policy, use cases, and every reference resolving.
 * Pure: reads a loaded co-op, returns problems.
 */
import type { Problem } from '../problems.ts';
import type { Coop } from '../records/types.ts';
import { checkBoardRoster } from './board-roster.ts';
import { checkDecisions } from './decisions.ts';
import { checkPolicy } from './policy.ts';
import { checkUseCases } from './use-cases.ts';

export function checkGovernance(coop: Coop): Problem[] {
  return [...checkBoardRoster(coop), ...checkDecisions(coop), ...checkPolicy(coop), ...checkUseCases(coop)];
}
