import { hasErrors, sortProblems, type Problem } from '../problems.ts';
import { loadCoop, type LoadOptions } from '../records/load-coop.ts';
import type { Coop } from '../records/types.ts';
import { checkConsent } from './consent.ts';
import { checkGovernance } from './governance.ts';

export interface CheckResult {
  coop: Coop;
  problems: Problem[];
  ok: boolean;
}

/** Load the co-op at `root` and apply every rule. Never throws for bad input. */
export async function checkCoop(root: string, options: LoadOptions = {}): Promise<CheckResult> {
  const { coop, problems } = await loadCoop(root, options);
  const all = sortProblems([...problems, ...checkConsent(coop), ...checkGovernance(coop)]);
  return { coop, problems: all, ok: !hasErrors(all) };
}
