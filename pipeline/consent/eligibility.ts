/** Which works consent lets into a dataset of a given scope. */
import type { Agreement, Scope, WorkFrontMatter } from '../schemas/index.ts';
import type { WithdrawalLedger } from './withdrawals.ts';

/** Whether consent allows a work (by `handle`, with fingerprint `hash`) in a dataset built under `scope`. */
export function eligible(
  work: { handle: string; hash: string; meta: Pick<WorkFrontMatter, 'scopes' | 'withdrawn'> },
  agreement: Agreement | undefined,
  scope: Scope,
  withdrawals: WithdrawalLedger,
): boolean {
  return !!agreement && !work.meta.withdrawn && !withdrawals.isWithdrawn(work.handle, work.hash) && agreement.scopes.includes(scope) && work.meta.scopes.includes(scope);
}
