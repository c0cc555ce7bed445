/**
 * Rules for the board's records: votes come from serving members, accepted
 * decisions meet quorum and threshold, and every reference resolves.
 * Pure: reads a loaded co-op, returns problems.
 */
import { error, type Problem } from '../problems.ts';
import { CHANGE_KINDS, WEIGHTIEST_KINDS, type ChangeKind } from '../schemas/index.ts';
import { approvalsFor } from '../quorum/index.ts';
import type { Coop } from '../records/types.ts';
import { boardOn, tally } from '../board/index.ts';

export function checkGovernance(coop: Coop): Problem[] {
  const problems: Problem[] = [];
  const board = coop.board?.value;
  const policy = coop.policy?.value;

  const boardRecord = coop.board;
  if (boardRecord) {
    const seen = new Set<string>();
    boardRecord.value.members.forEach((m, i) => {
      const at = { pointer: `/members/${i}`, line: boardRecord.lineOf(`/members/${i}`) };
      if (seen.has(m.handle))
        problems.push(error('board/duplicate-member', boardRecord.file, `${m.handle} is listed twice`, { ...at, hint: 'list each member once, with all their terms under "terms"' }));
      seen.add(m.handle);
      m.terms.forEach((t, j) => {
        if (t.to !== undefined && t.to < t.from) {
          problems.push(
            error('board/term-ends-before-start', boardRecord.file, `${m.handle}'s term ${j + 1} ends (${t.to}) before it starts (${t.from})`, {
              pointer: `/members/${i}/terms/${j}`,
              line: boardRecord.lineOf(`/members/${i}/terms/${j}`),
              hint: 'correct the dates',
            }),
          );
        }
      });
    });
  }

  for (const decision of coop.decisions.values()) {
    const d = decision.value;
    const at = (pointer: string) => ({ pointer, line: decision.lineOf(pointer) });
    const lists = ['for', 'against', 'abstain'] as const;
    const counted = new Map<string, string>();
    for (const list of lists) {
      d.votes[list].forEach((handle, i) => {
        const earlier = counted.get(handle);
        if (earlier)
          problems.push(error('decision/double-vote', decision.file, `${handle} votes both "${earlier}" and "${list}"`, { ...at(`/votes/${list}/${i}`), hint: 'each member casts one vote' }));
        counted.set(handle, list);
      });
    }
    if (board && d.status !== 'proposed') {
      const serving = boardOn(board, d.date);
      for (const list of lists) {
        d.votes[list].forEach((handle, i) => {
          if (!serving.has(handle)) {
            problems.push(
              error('decision/voter-not-on-board', decision.file, `${handle} voted but was not serving on the board on ${d.date}`, {
                ...at(`/votes/${list}/${i}`),
                hint: `only members serving on the decision date may vote (serving then: ${[...serving].sort().join(', ') || 'nobody'}); check governance/board.yaml`,
              }),
            );
          }
        });
      }
      if (policy) {
        const t = tally(d, serving.size, policy.decisions);
        if (d.status === 'accepted' && !t.quorumMet) {
          problems.push(
            error('decision/no-quorum', decision.file, `marked accepted, but only ${t.voted} of ${t.serving} serving members voted; quorum is ${t.quorumNeeded}`, {
              ...at('/votes'),
              hint: 'record the missing votes, or set status: proposed',
            }),
          );
        } else if (d.status === 'accepted' && !t.passes) {
          problems.push(
            error('decision/not-passed', decision.file, `marked accepted, but ${t.for} for and ${t.against} against does not reach the pass threshold of ${policy.decisions.passThreshold}`, {
              ...at('/status'),
              hint: 'set status: rejected, or correct the votes',
            }),
          );
        } else if (d.status === 'rejected' && t.passes) {
          problems.push(
            error('decision/passed-but-rejected', decision.file, `marked rejected, but ${t.for} for and ${t.against} against passes under the policy`, {
              ...at('/status'),
              hint: 'set status: accepted, or correct the votes',
            }),
          );
        }
      }
    }
    (d.supersedes ?? []).forEach((id, i) => {
      const target = coop.decisions.get(id);
      if (!target) problems.push(missingDecision(decision.file, `/supersedes/${i}`, decision.lineOf(`/supersedes/${i}`), id, coop));
      else if (d.status === 'accepted' && target.value.status !== 'superseded') {
        problems.push(
          error('decision/supersede-not-marked', target.file, `is superseded by ${decision.file} but its status is "${target.value.status}"`, {
            pointer: '/status',
            line: target.lineOf('/status'),
            hint: 'set status: superseded',
          }),
        );
      }
    });
    if (d.status === 'superseded') {
      const by = [...coop.decisions.values()].find((o) => o.value.status === 'accepted' && (o.value.supersedes ?? []).includes(decision.id));
      if (!by)
        problems.push(
          error('decision/superseded-by-nothing', decision.file, 'status is "superseded" but no accepted decision lists it under "supersedes"', {
            ...at('/status'),
            hint: `add supersedes: ["${decision.id}"] to the decision that replaces it`,
          }),
        );
    }
    d.affects.forEach((ref, i) => {
      const [kind, name] = ref.split(':');
      const where = { ...at(`/affects/${i}`) };
      if (kind === 'use-case' && !coop.useCases.has(name!)) {
        problems.push(
          error('decision/unknown-use-case', decision.file, `affects "${ref}", but governance/use-cases/${name}.yaml does not exist`, { ...where, hint: 'fix the slug, or add the use case' }),
        );
      }
      if (kind === 'base-model' && !coop.baseModels.has(name!)) {
        problems.push(
          error('decision/unknown-base-model', decision.file, `affects "${ref}", but governance/base-models/${name}.yaml does not exist`, {
            ...where,
            hint: 'fix the id, or add the base-model record',
          }),
        );
      }
      if (kind === 'member' && !coop.agreements.has(name!) && !board?.members.some((m) => m.handle === name)) {
        problems.push(error('decision/unknown-member', decision.file, `affects "${ref}", but ${name} is neither a contributor nor on the board`, { ...where, hint: 'fix the handle' }));
      }
    });
  }

  if (coop.policy) {
    const p = coop.policy.value;
    problems.push(...requireAccepted(coop, coop.policy.file, '/adoptedBy', coop.policy.lineOf('/adoptedBy'), p.adoptedBy, 'policy'));
    for (const name of ['cpu', 'gpu'] as const) {
      const prof = p.training.profiles[name];
      if (prof.dModel % prof.heads !== 0) {
        const pointer = `/training/profiles/${name}/heads`;
        problems.push(
          error('policy/heads', coop.policy.file, `training profile "${name}": heads (${prof.heads}) must divide dModel (${prof.dModel})`, {
            pointer,
            line: coop.policy.lineOf(pointer),
            hint: 'choose heads so that dModel / heads is a whole number',
          }),
        );
      }
    }
    const base = p.training.base;
    if (base && !coop.baseModels.has(base.model)) {
      problems.push(
        error('policy/unknown-base-model', coop.policy.file, `training.base.model names "${base.model}", but governance/base-models/${base.model}.yaml does not exist`, {
          pointer: '/training/base/model',
          line: coop.policy.lineOf('/training/base/model'),
          hint: 'fix the id, or add the base-model record (adopted by a decision) before the policy names it',
        }),
      );
    }
    if (p.training.allotments?.method === 'adapter' && !base) {
      problems.push(
        error(
          'policy/adapter-needs-base',
          coop.policy.file,
          "training.allotments.method is adapter, but the shared model is trained from scratch (no training.base): adapters sit on a base model's matrices",
          {
            pointer: '/training/allotments/method',
            line: coop.policy.lineOf('/training/allotments/method'),
            hint: 'use method: full, or name an adopted base model under training.base',
          },
        ),
      );
    }
    if (board && p.review.approvalsToMerge > board.members.length) {
      problems.push(
        error('policy/approvals', coop.policy.file, `review.approvalsToMerge is ${p.review.approvalsToMerge}, more than the ${board.members.length} board members`, {
          pointer: '/review/approvalsToMerge',
          line: coop.policy.lineOf('/review/approvalsToMerge'),
          hint: 'lower it, or elect more board members',
        }),
      );
    }
    const need = (k: ChangeKind) => approvalsFor(k, p.review);
    for (const [kind, n] of Object.entries(p.review.approvals ?? {}) as Array<[ChangeKind, number]>) {
      const pointer = `/review/approvals/${kind}`;
      if (board && n > board.members.length)
        problems.push(
          error('policy/approvals', coop.policy.file, `review.approvals.${kind} is ${n}, more than the ${board.members.length} board members`, {
            pointer,
            line: coop.policy.lineOf(pointer),
            hint: 'lower it, or elect more board members',
          }),
        );
    }
    const weightiest = Math.min(...WEIGHTIEST_KINDS.map(need));
    const heavier = CHANGE_KINDS.filter((k) => !WEIGHTIEST_KINDS.includes(k) && need(k) > weightiest);
    if (heavier.length > 0) {
      problems.push(
        error('policy/approvals-order', coop.policy.file, `${heavier.join(', ')} changes need more approvals than some of policy, board, agreement-text and code (${weightiest})`, {
          pointer: '/review/approvals',
          line: coop.policy.lineOf('/review/approvals') ?? coop.policy.lineOf('/review'),
          hint: 'changes to the policy, the board, agreement texts and code must need the most approvals: raise those, or lower the others',
        }),
      );
    }
  }

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
    if (u.status === 'approved' || u.status === 'retired') {
      problems.push(...requireAccepted(coop, useCase.file, '/decision', line, u.decision, `use-case:${slug}`));
    } else {
      const d = coop.decisions.get(u.decision);
      if (!d) problems.push(missingDecision(useCase.file, '/decision', line, u.decision, coop));
    }
    if (u.publicDemo && u.status !== 'approved' && u.status !== 'retired') {
      // A rejected use case never allows a demo; say so rather than silently ignoring the flag.
      problems.push(
        error('use-case/demo-not-approved', useCase.file, `publicDemo is true but the use case is "${u.status}"`, {
          pointer: '/publicDemo',
          line: useCase.lineOf('/publicDemo'),
          hint: 'set publicDemo: false',
        }),
      );
    }
  }
  return problems;
}

function missingDecision(file: string, pointer: string, line: number | undefined, id: string, coop: Coop): Problem {
  const known = [...coop.decisions.keys()].sort().join(', ') || 'none';
  return error('ref/unknown-decision', file, `names decision "${id}", which does not exist`, { pointer, line, hint: `use one of the decisions in governance/decisions/ (${known})` });
}

/** The decision `id` must exist, be accepted, and list `affects` among what it changes. */
function requireAccepted(coop: Coop, file: string, pointer: string, line: number | undefined, id: string, affects: string): Problem[] {
  const d = coop.decisions.get(id);
  if (!d) return [missingDecision(file, pointer, line, id, coop)];
  const out: Problem[] = [];
  if (d.value.status !== 'accepted') {
    out.push(
      error('ref/decision-not-accepted', file, `names decision ${id}, whose status is "${d.value.status}", not "accepted"`, {
        pointer,
        line,
        hint: `name an accepted decision, or get ${d.file} accepted first`,
      }),
    );
  }
  if (!d.value.affects.includes(affects)) {
    out.push(
      error('ref/decision-does-not-affect', file, `names decision ${id}, but ${d.file} does not list "${affects}" under affects`, {
        pointer,
        line,
        hint: `add "${affects}" to that decision's affects`,
      }),
    );
  }
  return out;
}
