/**
 * `withdraw` on a co-op's folder: load it, read the writer's agreement as written, plan the
 * withdrawal (pure, `plan.ts`), and apply it: every write all-or-nothing, then the deletions.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyFileChanges } from '../fs/index.ts';
import type { Result } from '../problems.ts';
import { pathOf } from '../records/layout.ts';
import { loadCoop } from '../records/load-coop.ts';
import type { Coop } from '../records/types.ts';
import { planWithdrawal, type WithdrawalPlan, type WithdrawRequest } from './plan.ts';

export interface WithdrawOutcome {
  plan: WithdrawalPlan;
  /** Whether any file changed (running it again changes nothing). */
  changed: boolean;
}

/** Withdraw in the co-op at `root`; with `dryRun`, plan only. Problems name the file and what to do. */
export async function withdrawInCoop(root: string, req: WithdrawRequest, opts: { dryRun?: boolean } = {}): Promise<Result<WithdrawOutcome> & { coop: Coop }> {
  const { coop, problems } = await loadCoop(root);
  const agreementText = await readFile(path.join(root, pathOf('agreement', req.handle)), 'utf8').catch(() => '');
  const planned = planWithdrawal(coop, agreementText, req);
  if (!planned.ok) return { ok: false, problems: [...planned.problems, ...problems.filter((p) => p.severity === 'error')], coop };
  const plan = planned.value;
  if (!opts.dryRun) await applyFileChanges(root, plan);
  return { ok: true, value: { plan, changed: plan.remove.length > 0 || plan.write.size > 0 }, problems: planned.problems, coop };
}
