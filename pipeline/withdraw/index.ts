export { planWithdrawal, WITHDRAWALS_DIR, type WithdrawalPlan, type WithdrawRequest } from './plan.ts';
export { withdrawInCoop, type WithdrawOutcome } from './apply.ts';
