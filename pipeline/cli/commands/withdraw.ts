import { formatReport } from '../../check/index.ts';
import { HANDLE_PATTERN, SLUG_PATTERN } from '../../schemas/index.ts';
import { withdrawInCoop } from '../../withdraw/index.ts';
import { EXIT, UsageError } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const withdraw: Command = {
  name: 'withdraw',
  summary: "Take a writer's writing out: record the withdrawal (fingerprints only) and delete the texts from corpus/.",
  usage: '--handle HANDLE [--work SLUG] [--date YYYY-MM-DD] [--dry-run] [--root DIR]',
  help: [
    'Without --work, withdraws everything HANDLE gave: sets withdrawn: in their agreement. With --work, one work.',
    "Deletes the withdrawn files from corpus/ and writes governance/withdrawals/HANDLE.yaml (each work's fingerprint",
    'and date, no text). Commit the change and open a pull request; the next pipeline run leaves the writing out of',
    'every new dataset and retires every model trained on it. Running it again changes nothing.',
  ].join('\n'),
  options: { handle: { type: 'string' }, work: { type: 'string' }, date: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  async run({ values, root }, io) {
    const handle = values.handle;
    if (typeof handle !== 'string' || !new RegExp(HANDLE_PATTERN).test(handle)) throw new UsageError("--handle HANDLE is required: the writer's handle, as in corpus/HANDLE/");
    const work = values.work;
    if (work !== undefined && (typeof work !== 'string' || !new RegExp(SLUG_PATTERN).test(work))) throw new UsageError("--work takes the work's file name without .md, e.g. river-road");
    const date = values.date;
    if (date !== undefined && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))) throw new UsageError('--date takes a date as YYYY-MM-DD');
    const abs = await requireCoopRoot(root);
    const dry = Boolean(values['dry-run']);
    const request = { handle, ...(typeof work === 'string' ? { work } : {}), ...(typeof date === 'string' ? { date } : {}), today: new Date().toISOString().slice(0, 10) };
    const done = await withdrawInCoop(abs, request, { dryRun: dry });
    if (!done.ok) {
      io.stdout.write(`${formatReport(done.problems, done.coop)}\n`);
      return EXIT.problems;
    }
    for (const line of done.value.plan.summary) io.stdout.write(`${dry ? 'would: ' : ''}${line}\n`);
    if (!dry && done.value.changed) {
      io.stdout.write('\nNext: commit these changes and open a pull request (or merge them, if you run the co-op locally).\n');
      io.stdout.write('The next pipeline run leaves this writing out of every new dataset and retires every model trained on it.\n');
      io.stdout.write("The files stay in the repository's history; see docs/contributing.md#withdrawing for what that means.\n");
    }
    return EXIT.ok;
  },
};
