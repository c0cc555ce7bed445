/** References to board decisions from other records: the decision exists, is accepted and affects what names it. */
import { error, type Problem } from '../problems.ts';
import type { Coop } from '../records/types.ts';

/** A record names a decision that does not exist. */
export function missingDecision(file: string, pointer: string, line: number | undefined, id: string, coop: Coop): Problem {
  const known = [...coop.decisions.keys()].sort().join(', ') || 'none';
  return error('ref/unknown-decision', file, `names decision "${id}", which does not exist`, { pointer, line, hint: `use one of the decisions in governance/decisions/ (${known})` });
}

/** The decision `id` must exist, be accepted, and list `affects` among what it changes. */
export function requireAccepted(coop: Coop, file: string, pointer: string, line: number | undefined, id: string, affects: string): Problem[] {
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
