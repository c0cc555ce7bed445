/** A use case the board ruled on names the decision, accepted where it was approved; only an approved one may have a demo. */
import { error, type Problem } from '../problems.ts';
import type { Coop } from '../records/types.ts';
import { missingDecision, requireAccepted } from './decision-refs.ts';

export function checkUseCases(coop: Coop): Problem[] {
  const problems: Problem[] = [];
  for (const [slug, useCase] of coop.useCases) {
    const u = useCase.value;
    if (u.status === 'proposed') continue;
    if (!u.decision) {
      problems.push(
        error('use-case/no-decision', useCase.file, `status is "${u.status}" but no decision is named`, {
          pointer: '/decision',
          line: useCase.lineOf(''),
          hint: 'add decision: "NNNN", the board decision that ruled on it',
        }),
      );
      continue;
    }
    const line = useCase.lineOf('/decision');
    const ruledFor = u.status === 'approved' || u.status === 'retired';
    if (ruledFor) problems.push(...requireAccepted(coop, useCase.file, '/decision', line, u.decision, `use-case:${slug}`));
    else if (!coop.decisions.has(u.decision)) problems.push(missingDecision(useCase.file, '/decision', line, u.decision, coop));
    // A rejected use case never allows a demo; say so rather than silently ignoring the flag.
    if (u.publicDemo && !ruledFor)
      problems.push(
        error('use-case/demo-not-approved', useCase.file, `publicDemo is true but the use case is "${u.status}"`, {
          pointer: '/publicDemo',
          line: useCase.lineOf('/publicDemo'),
          hint: 'set publicDemo: false',
        }),
      );
  }
  return problems;
}
