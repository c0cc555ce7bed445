/**
 * A decision's own rules: one vote per member, votes only from members serving on its date, a
 * status its tally bears out, supersession marked on both sides, and references that resolve.
 */
import { error, type Problem } from '../problems.ts';
import type { Coop, DecisionRecord } from '../records/types.ts';
import { boardOn, tally } from '../board/index.ts';
import { missingDecision } from './decision-refs.ts';

const LISTS = ['for', 'against', 'abstain'] as const;

export function checkDecisions(coop: Coop): Problem[] {
  return [...coop.decisions.values()].flatMap((decision) => [...doubleVotes(decision), ...countedVotes(coop, decision), ...supersession(coop, decision), ...affected(coop, decision)]);
}

const at = (decision: DecisionRecord, pointer: string) => ({ pointer, line: decision.lineOf(pointer) });

function doubleVotes(decision: DecisionRecord): Problem[] {
  const problems: Problem[] = [];
  const counted = new Map<string, string>();
  for (const list of LISTS) {
    decision.value.votes[list].forEach((handle, i) => {
      const earlier = counted.get(handle);
      if (earlier)
        problems.push(error('decision/double-vote', decision.file, `${handle} votes both "${earlier}" and "${list}"`, { ...at(decision, `/votes/${list}/${i}`), hint: 'each member casts one vote' }));
      counted.set(handle, list);
    });
  }
  return problems;
}

/** Votes on a ruled decision come from the board serving on its date, and its status matches the tally. */
function countedVotes(coop: Coop, decision: DecisionRecord): Problem[] {
  const d = decision.value;
  const board = coop.board?.value;
  if (!board || d.status === 'proposed') return [];
  const serving = boardOn(board, d.date);
  const problems: Problem[] = [];
  for (const list of LISTS) {
    d.votes[list].forEach((handle, i) => {
      if (serving.has(handle)) return;
      problems.push(
        error('decision/voter-not-on-board', decision.file, `${handle} voted but was not serving on the board on ${d.date}`, {
          ...at(decision, `/votes/${list}/${i}`),
          hint: `only members serving on the decision date may vote (serving then: ${[...serving].sort().join(', ') || 'nobody'}); check governance/board.yaml`,
        }),
      );
    });
  }
  const outcome = coop.policy ? statusAgainstTally(decision, serving.size, coop.policy.value.decisions) : undefined;
  return outcome ? [...problems, outcome] : problems;
}

function statusAgainstTally(decision: DecisionRecord, serving: number, rules: Parameters<typeof tally>[2]): Problem | undefined {
  const d = decision.value;
  const t = tally(d, serving, rules);
  if (d.status === 'accepted' && !t.quorumMet)
    return error('decision/no-quorum', decision.file, `marked accepted, but only ${t.voted} of ${t.serving} serving members voted; quorum is ${t.quorumNeeded}`, {
      ...at(decision, '/votes'),
      hint: 'record the missing votes, or set status: proposed',
    });
  if (d.status === 'accepted' && !t.passes)
    return error('decision/not-passed', decision.file, `marked accepted, but ${t.for} for and ${t.against} against does not reach the pass threshold of ${rules.passThreshold}`, {
      ...at(decision, '/status'),
      hint: 'set status: rejected, or correct the votes',
    });
  if (d.status === 'rejected' && t.passes)
    return error('decision/passed-but-rejected', decision.file, `marked rejected, but ${t.for} for and ${t.against} against passes under the policy`, {
      ...at(decision, '/status'),
      hint: 'set status: accepted, or correct the votes',
    });
  return undefined;
}

/** What a decision supersedes exists and says so; a superseded decision names what replaced it. */
function supersession(coop: Coop, decision: DecisionRecord): Problem[] {
  const d = decision.value;
  const problems: Problem[] = [];
  (d.supersedes ?? []).forEach((id, i) => {
    const target = coop.decisions.get(id);
    if (!target) problems.push(missingDecision(decision.file, `/supersedes/${i}`, decision.lineOf(`/supersedes/${i}`), id, coop));
    else if (d.status === 'accepted' && target.value.status !== 'superseded')
      problems.push(
        error('decision/supersede-not-marked', target.file, `is superseded by ${decision.file} but its status is "${target.value.status}"`, {
          pointer: '/status',
          line: target.lineOf('/status'),
          hint: 'set status: superseded',
        }),
      );
  });
  if (d.status === 'superseded' && ![...coop.decisions.values()].some((o) => o.value.status === 'accepted' && (o.value.supersedes ?? []).includes(decision.id)))
    problems.push(
      error('decision/superseded-by-nothing', decision.file, 'status is "superseded" but no accepted decision lists it under "supersedes"', {
        ...at(decision, '/status'),
        hint: `add supersedes: ["${decision.id}"] to the decision that replaces it`,
      }),
    );
  return problems;
}

/** Every use case, base model and member a decision affects exists. */
function affected(coop: Coop, decision: DecisionRecord): Problem[] {
  const problems: Problem[] = [];
  decision.value.affects.forEach((ref, i) => {
    const [kind, name] = ref.split(':');
    const where = at(decision, `/affects/${i}`);
    if (kind === 'use-case' && !coop.useCases.has(name!))
      problems.push(
        error('decision/unknown-use-case', decision.file, `affects "${ref}", but governance/use-cases/${name}.yaml does not exist`, { ...where, hint: 'fix the slug, or add the use case' }),
      );
    if (kind === 'base-model' && !coop.baseModels.has(name!))
      problems.push(
        error('decision/unknown-base-model', decision.file, `affects "${ref}", but governance/base-models/${name}.yaml does not exist`, {
          ...where,
          hint: 'fix the id, or add the base-model record',
        }),
      );
    if (kind === 'member' && !coop.agreements.has(name!) && !coop.board?.value.members.some((m) => m.handle === name))
      problems.push(error('decision/unknown-member', decision.file, `affects "${ref}", but ${name} is neither a contributor nor on the board`, { ...where, hint: 'fix the handle' }));
  });
  return problems;
}
