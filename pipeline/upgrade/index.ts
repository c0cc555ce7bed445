export { NEW_SUFFIX, planUpgrade, type UpgradeAction, type UpgradeInputs, type UpgradePlan } from './plan.ts';
export { upgradeCoop, type UpgradeResult } from './run.ts';
