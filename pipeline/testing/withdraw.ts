/** Withdraw as `commonplace-coop withdraw` does, for tests (on a fixed day). */
import { type WithdrawalPlan, withdrawInCoop } from '../withdraw/index.ts';

export async function withdrawFor(root: string, handle: string, opts: { work?: string; date?: string } = {}): Promise<WithdrawalPlan> {
  const done = await withdrawInCoop(root, { handle, ...opts, today: '2026-06-01' });
  if (!done.ok) throw new Error(`withdraw failed: ${JSON.stringify(done.problems)}`);
  return done.value.plan;
}
