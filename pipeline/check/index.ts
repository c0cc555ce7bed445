export { checkAdoption, governedFiles } from './adoption.ts';
export { checkConsent, PUBLIC_REPOSITORY_REASON } from './consent.ts';
export { checkGovernance, tally, type Tally } from './governance.ts';
export { checkWithdrawals, ledgerOf } from './withdrawals.ts';
export { checkWorks } from './works.ts';
export { checkNames, deceptiveCharacter, skeleton } from './names.ts';
export { boardOn, servingOn } from './board-terms.ts';
export { applyRules, checkCoop, verdict, type CheckResult, type PassedCheck } from './check-coop.ts';
export { formatReport, reportJson } from './report.ts';
