/**
 * Plan a withdrawal: which files leave corpus/, and the records that keep the
 * registry's history resolvable without any text (the agreement's date, and
 * governance/withdrawals/<handle>.yaml with each work's fingerprints).
 * Pure: a loaded co-op and the request in, file changes out. The CLI and the
 * "Withdraw my writing" form both apply this plan.
 */
import { parseDocument, stringify } from 'yaml';
import { titleFingerprint } from '../consent/index.ts';
import { error, type Problem, type Result } from '../problems.ts';
import { LAYOUT, pathOf } from '../records/layout.ts';
import type { Coop, WorkRecord } from '../records/types.ts';
import type { Withdrawal, WithdrawnWork } from '../schemas/index.ts';

export interface WithdrawRequest {
  handle: string;
  /** One work's slug; without it, everything the writer gave. */
  work?: string;
  /** YYYY-MM-DD; defaults to the work's old `withdrawn:` field, then to `today`. */
  date?: string;
  today: string;
}

export interface WithdrawalPlan {
  /** Files to delete (relative to the co-op root). */
  remove: string[];
  /** Files to write: path → content. */
  write: Map<string, string>;
  /** What the plan does, in words, for the terminal or the form's reply. */
  summary: string[];
}

export const WITHDRAWALS_DIR = LAYOUT.withdrawal.folder;

const HEADER =
  "# Written by `commonplace-coop withdraw`: what this writer took out, as fingerprints only\n# (no text, title or file name), so the registry's history still resolves. Do not edit by hand.\n";

/** `agreementText`: the agreement file as it is, so its comments survive the edit. */
export function planWithdrawal(coop: Coop, agreementText: string, req: WithdrawRequest): Result<WithdrawalPlan> {
  const agreement = coop.agreements.get(req.handle);
  const where = pathOf('agreement', req.handle);
  if (!agreement) return fail(error('withdraw/no-agreement', where, `there is no agreement for "${req.handle}"`, { hint: "check the handle: it is the name of the writer's folder in corpus/" }));
  const own = coop.works.filter((w) => w.handle === req.handle);
  const chosen = req.work === undefined ? own : own.filter((w) => w.slug === req.work);
  if (req.work !== undefined && chosen.length === 0) {
    const known =
      own
        .map((w) => w.slug)
        .sort()
        .join(', ') || 'none';
    return fail(error('withdraw/no-such-work', pathOf('work', `${req.handle}/${req.work}`), 'is not in corpus/', { hint: `the works of ${req.handle} still here: ${known}` }));
  }
  const date = req.date ?? chosen.find((w) => w.value.withdrawn)?.value.withdrawn ?? req.today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return fail(error('withdraw/bad-date', where, `"${date}" is not a date`, { hint: 'write the date as YYYY-MM-DD' }));
  if (date < agreement.value.signed)
    return fail(error('withdraw/before-signed', where, `${date} is before the agreement was signed (${agreement.value.signed})`, { hint: 'give a date on or after the signature' }));

  const record: Withdrawal = structuredClone(coop.withdrawals.get(req.handle)?.value ?? { schemaVersion: 1, handle: req.handle, works: [] });
  const listed = new Set(record.works.map((w) => w.hash));
  for (const w of chosen) {
    if (listed.has(w.hash)) continue;
    record.works.push(entryFor(w, date));
    listed.add(w.hash);
  }
  const write = new Map<string, string>();
  const summary: string[] = [];
  if (req.work === undefined && !agreement.value.withdrawn) {
    const doc = parseDocument(agreementText);
    doc.set('withdrawn', date);
    write.set(where, doc.toString({ flowCollectionPadding: false }));
    summary.push(`${where}: withdrawn on ${date}`);
  }
  if (chosen.length > 0 || !coop.withdrawals.has(req.handle)) {
    write.set(pathOf('withdrawal', req.handle), HEADER + stringify(record));
    summary.push(`${pathOf('withdrawal', req.handle)}: ${record.works.length} withdrawn work${record.works.length === 1 ? '' : 's'} recorded by fingerprint`);
  }
  const remove = chosen.map((w) => w.file).sort();
  for (const file of remove) summary.push(`${file}: deleted`);
  if (write.size === 0 && remove.length === 0) summary.push(`nothing to do: ${req.handle}'s withdrawal is already recorded and no text of theirs is left in corpus/`);
  return { ok: true, value: { remove, write, summary }, problems: [] };
}

function entryFor(w: WorkRecord, date: string): WithdrawnWork {
  return { hash: w.hash, title: titleFingerprint(w.value.title), withdrawn: date };
}

function fail(problem: Problem): Result<WithdrawalPlan> {
  return { ok: false, problems: [problem] };
}
