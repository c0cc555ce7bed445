import { hasErrors, sortProblems, type Problem } from '../problems.ts';
import { loadCoop, type LoadOptions } from '../records/load-coop.ts';
import type { CheckedCoop, Coop } from '../records/types.ts';
import { checkAdoption } from './adoption.ts';
import { checkCodeowners } from './codeowners.ts';
import { checkConsent } from './consent.ts';
import { checkCoopLinks } from './coop-links.ts';
import { checkGovernance } from './governance.ts';
import { checkNames } from './names.ts';
import { checkWithdrawals } from './withdrawals.ts';
import { checkWorks } from './works.ts';

/** A passing check hands on a co-op whose required records are present; a failing one, what it could read. */
export type CheckResult = PassedCheck | { ok: false; coop: Coop; problems: Problem[] };
/** A check that passed: what every stage after it takes. */
export type PassedCheck = { ok: true; coop: CheckedCoop; problems: Problem[] };

/** Every rule over a loaded co-op, pure (`today` for what depends on the date: who serves on the board now). */
export function applyRules(coop: Coop, today: string = new Date().toISOString().slice(0, 10)): Problem[] {
  return [
    ...checkConsent(coop),
    ...checkWorks(coop),
    ...checkWithdrawals(coop),
    ...checkGovernance(coop),
    ...checkAdoption(coop),
    ...checkNames(coop),
    ...checkCoopLinks(coop),
    ...checkCodeowners(coop, today),
  ];
}

/** Load the co-op at `root` and apply every rule. Never throws for bad input. */
export async function checkCoop(root: string, options: LoadOptions = {}): Promise<CheckResult> {
  const { coop, problems } = await loadCoop(root, options);
  return verdict(coop, [...problems, ...applyRules(coop)]);
}

/** The result for a co-op and its problems: ok only with no errors and every required record present. */
export function verdict(coop: Coop, found: readonly Problem[]): CheckResult {
  const problems = sortProblems(found);
  if (!hasErrors(problems) && isChecked(coop)) return { ok: true, coop, problems };
  return { ok: false, coop, problems };
}

function isChecked(coop: Coop): coop is CheckedCoop {
  return !!(coop.info && coop.board && coop.policy && coop.charter);
}
