/** Withdraw as `commonplace-coop withdraw` does, for tests: plan on the loaded co-op, apply to its files. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCoop } from '../records/load-coop.ts';
import { planWithdrawal, type WithdrawalPlan } from '../withdraw/index.ts';
import { applyFileChanges } from '../fs/index.ts';

export async function withdrawFor(root: string, handle: string, opts: { work?: string; date?: string } = {}): Promise<WithdrawalPlan> {
  const { coop } = await loadCoop(root);
  const text = await readFile(path.join(root, 'governance/agreements', `${handle}.yaml`), 'utf8');
  const planned = planWithdrawal(coop, text, { handle, ...opts, today: '2026-06-01' });
  if (!planned.ok) throw new Error(`withdraw failed: ${JSON.stringify(planned.problems)}`);
  await applyFileChanges(root, planned.value);
  return planned.value;
}
