export { affectsFor, checkAdoption, governedFiles } from './adoption.ts';
export { checkConsent, PUBLIC_REPOSITORY_REASON } from './consent.ts';
export { checkGovernance } from './governance.ts';
export { checkWithdrawals } from './withdrawals.ts';
export { checkWorks } from './works.ts';
export { checkNames, deceptiveCharacter, skeleton } from './names.ts';
export { applyRules, checkCoop, verdict, type CheckResult, type PassedCheck } from './check-coop.ts';
export { formatReport, reportJson } from './report.ts';
