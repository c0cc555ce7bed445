export { planWithdrawal, WITHDRAWALS_DIR, type WithdrawalPlan, type WithdrawRequest } from './plan.ts';
export { applyFileChanges } from './apply.ts';
