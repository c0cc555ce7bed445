/**
 * The policy's own rules: adopted by an accepted decision, training profiles that can be built,
 * a base model the board adopted, and approval counts the board can give, weightiest kinds first.
 */
import { error, type Problem } from '../problems.ts';
import { CHANGE_KINDS, WEIGHTIEST_KINDS, type ChangeKind } from '../schemas/index.ts';
import { approvalsFor } from '../quorum/index.ts';
import type { Coop, Loaded } from '../records/types.ts';
import type { Policy } from '../schemas/index.ts';
import { requireAccepted } from './decision-refs.ts';

export function checkPolicy(coop: Coop): Problem[] {
  const policy = coop.policy;
  if (!policy) return [];
  return [...requireAccepted(coop, policy.file, '/adoptedBy', policy.lineOf('/adoptedBy'), policy.value.adoptedBy, 'policy'), ...trainingRules(coop, policy), ...approvalRules(coop, policy)];
}

function trainingRules(coop: Coop, policy: Loaded<Policy>): Problem[] {
  const p = policy.value;
  const problems: Problem[] = [];
  for (const name of ['cpu', 'gpu'] as const) {
    const prof = p.training.profiles[name];
    if (prof.dModel % prof.heads === 0) continue;
    const pointer = `/training/profiles/${name}/heads`;
    problems.push(
      error('policy/heads', policy.file, `training profile "${name}": heads (${prof.heads}) must divide dModel (${prof.dModel})`, {
        pointer,
        line: policy.lineOf(pointer),
        hint: 'choose heads so that dModel / heads is a whole number',
      }),
    );
  }
  problems.push(...microBatchRules(policy));
  const base = p.training.base;
  if (base && !coop.baseModels.has(base.model))
    problems.push(
      error('policy/unknown-base-model', policy.file, `training.base.model names "${base.model}", but governance/base-models/${base.model}.yaml does not exist`, {
        pointer: '/training/base/model',
        line: policy.lineOf('/training/base/model'),
        hint: 'fix the id, or add the base-model record (adopted by a decision) before the policy names it',
      }),
    );
  if (p.training.allotments?.method === 'adapter' && !base)
    problems.push(
      error(
        'policy/adapter-needs-base',
        policy.file,
        "training.allotments.method is adapter, but the shared model is trained from scratch (no training.base): adapters sit on a base model's matrices",
        {
          pointer: '/training/allotments/method',
          line: policy.lineOf('/training/allotments/method'),
          hint: 'use method: full, or name an adopted base model under training.base',
        },
      ),
    );
  return problems;
}

/** A batch splits into micro-batches only in equal parts. */
function microBatchRules(policy: Loaded<Policy>): Problem[] {
  const t = policy.value.training;
  const recipes = [
    ...(['cpu', 'gpu'] as const).map((name) => ({ at: `/training/profiles/${name}`, what: `training profile "${name}"`, r: t.profiles[name] })),
    ...(t.base ? [{ at: '/training/base', what: 'training.base', r: t.base }] : []),
  ];
  return recipes
    .filter(({ r }) => r.microBatches !== undefined && r.batch % r.microBatches !== 0)
    .map(({ at, what, r }) =>
      error('policy/micro-batches', policy.file, `${what}: microBatches (${r.microBatches}) must divide batch (${r.batch})`, {
        pointer: `${at}/microBatches`,
        line: policy.lineOf(`${at}/microBatches`),
        hint: 'choose microBatches so that batch / microBatches is a whole number (1 turns splitting off)',
      }),
    );
}

function approvalRules(coop: Coop, policy: Loaded<Policy>): Problem[] {
  const review = policy.value.review;
  const members = coop.board?.value.members.length;
  const problems: Problem[] = [];
  const tooMany = (pointer: string, setting: string, n: number) =>
    error('policy/approvals', policy.file, `${setting} is ${n}, more than the ${members} board members`, { pointer, line: policy.lineOf(pointer), hint: 'lower it, or elect more board members' });
  if (members !== undefined && review.approvalsToMerge > members) problems.push(tooMany('/review/approvalsToMerge', 'review.approvalsToMerge', review.approvalsToMerge));
  for (const [kind, n] of Object.entries(review.approvals ?? {}) as Array<[ChangeKind, number]>) {
    if (members !== undefined && n > members) problems.push(tooMany(`/review/approvals/${kind}`, `review.approvals.${kind}`, n));
  }
  const need = (k: ChangeKind) => approvalsFor(k, review);
  const weightiest = Math.min(...WEIGHTIEST_KINDS.map(need));
  const heavier = CHANGE_KINDS.filter((k) => !WEIGHTIEST_KINDS.includes(k) && need(k) > weightiest);
  if (heavier.length > 0)
    problems.push(
      error('policy/approvals-order', policy.file, `${heavier.join(', ')} changes need more approvals than some of policy, board, agreement-text and code (${weightiest})`, {
        pointer: '/review/approvals',
        line: policy.lineOf('/review/approvals') ?? policy.lineOf('/review'),
        hint: 'changes to the policy, the board, agreement texts and code must need the most approvals: raise those, or lower the others',
      }),
    );
  return problems;
}
