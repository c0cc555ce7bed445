export { checkConsent } from './consent.ts';
export { checkGovernance, tally, type Tally } from './governance.ts';
export { boardOn, servingOn } from './board-terms.ts';
export { checkCoop, type CheckResult } from './check-coop.ts';
export { formatReport, reportJson } from './report.ts';
