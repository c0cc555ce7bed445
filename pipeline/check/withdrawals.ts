/**
 * Withdrawal rules: a withdrawal is recorded (agreement date, and
 * governance/withdrawals/<handle>.yaml) and its texts have left corpus/.
 * Pure: reads a loaded co-op, returns problems.
 */
import { ledgerOf } from '../consent/index.ts';
import { error, notice, type Problem } from '../problems.ts';
import { commandLine } from '../project.ts';
import type { Coop } from '../records/types.ts';

const command = (handle: string, slug?: string) => commandLine(`withdraw --handle ${handle}${slug ? ` --work ${slug}` : ''}`);

export function checkWithdrawals(coop: Coop): Problem[] {
  return [...withdrawalRecords(coop), ...withdrawnAgreements(coop), ...textsLeft(coop)];
}

/** Each withdrawal record belongs to a writer with an agreement, lists a work once, after signing. */
function withdrawalRecords(coop: Coop): Problem[] {
  const problems: Problem[] = [];
  for (const [handle, record] of coop.withdrawals) {
    const agreement = coop.agreements.get(handle);
    if (!agreement) {
      problems.push(
        error('withdrawal/no-agreement', record.file, `there is no agreement for "${handle}"`, {
          line: record.lineOf('/handle'),
          pointer: '/handle',
          hint: `a withdrawal belongs to a writer with governance/agreements/${handle}.yaml; restore it`,
        }),
      );
      continue;
    }
    const seen = new Set<string>();
    record.value.works.forEach((w, i) => {
      const at = { pointer: `/works/${i}`, line: record.lineOf(`/works/${i}`) };
      if (seen.has(w.hash)) problems.push(error('withdrawal/duplicate', record.file, `lists the work ${w.hash.slice(0, 12)} twice`, { ...at, hint: 'keep one entry, with the earlier date' }));
      seen.add(w.hash);
      if (w.withdrawn < agreement.value.signed) {
        problems.push(
          error('withdrawal/before-signed', record.file, `a work is withdrawn on ${w.withdrawn}, before the agreement was signed (${agreement.value.signed})`, { ...at, hint: 'correct the date' }),
        );
      }
    });
  }
  return problems;
}

/** A writer who withdrew: said, with what is left to do. */
function withdrawnAgreements(coop: Coop): Problem[] {
  const problems: Problem[] = [];
  for (const [handle, agreement] of coop.agreements) {
    if (!agreement.value.withdrawn) continue;
    const left = coop.works.filter((w) => w.handle === handle).length;
    problems.push(
      notice('withdrawal/agreement', agreement.file, `${handle} withdrew on ${agreement.value.withdrawn}: no dataset from now on holds their writing`, {
        line: agreement.lineOf('/withdrawn'),
        pointer: '/withdrawn',
        hint: left > 0 ? `their ${left} work${left === 1 ? ' is' : 's are'} still in corpus/: run \`${command(handle)}\`` : 'no action needed',
      }),
    );
  }
  return problems;
}

/** A withdrawn work has left corpus/: neither marked withdrawn in place nor still there after its record. */
function textsLeft(coop: Coop): Problem[] {
  const problems: Problem[] = [];
  const ledger = ledgerOf(coop);
  for (const work of coop.works) {
    const w = work.value;
    if (w.withdrawn) {
      problems.push(
        error('withdrawal/old-way', work.file, `is marked withdrawn on ${w.withdrawn}, but a withdrawn work must leave corpus/`, {
          line: work.lineOf('/withdrawn'),
          pointer: '/withdrawn',
          hint: `run \`${command(work.handle, work.slug)} --date ${w.withdrawn}\`: it deletes the file and records the withdrawal without the text`,
        }),
      );
    } else if (ledger.isWithdrawn(work.handle, work.hash)) {
      const date = ledger.dateOf(work.handle, work.hash);
      problems.push(
        error('withdrawal/text-still-here', work.file, `was withdrawn on ${date}, but its text is still in corpus/, where the repository keeps publishing it`, {
          line: 1,
          hint: `run \`${command(work.handle, ledger.writers.has(work.handle) ? undefined : work.slug)}\`, which deletes it (or delete the file yourself)`,
        }),
      );
    }
  }
  return problems;
}
