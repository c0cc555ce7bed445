import { readFile } from 'node:fs/promises';
import { githubFromEnv } from '../../github/index.ts';
import { openPulls, runGate } from '../../gate/run.ts';
import { EXIT, UsageError, type Io } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

/** The pull request number a doorbell artifact names: {"number": N}, nothing else trusted. */
export async function numberFromDoorbell(file: string): Promise<number> {
  let data: unknown;
  try {
    const text = await readFile(file, 'utf8');
    if (text.length > 1000) throw new Error('too long');
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not a doorbell file ({"number": N}): ${(e as Error).message}`);
  }
  const n = (data as { number?: unknown } | null)?.number;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1e9 || Object.keys(data as object).length !== 1)
    throw new UsageError(`${file} must hold only {"number": N}, a pull request number`);
  return n;
}

export const gate: Command = {
  name: 'gate',
  summary: "The verdict on a pull request on GitHub: check the co-op as it would be after the merge, count the board's quorum, post statuses and one report.",
  usage: '--pr N | --doorbell FILE | --all-open [--root DIR]',
  help: [
    'Runs in GitHub Actions with the default branch checked out (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL).',
    'Reads the pull request through the API and treats its files as data: nothing from it is checked out or run.',
    'Posts commonplace/check and commonplace/quorum on its head commit, one sticky comment, and the job summary.',
    '--doorbell FILE takes the number from a {"number": N} file (the review doorbell\'s artifact); --all-open re-counts',
    'every open pull request (the schedule: terms end while nobody pushes).',
  ].join('\n'),
  options: { pr: { type: 'string' }, doorbell: { type: 'string' }, 'all-open': { type: 'boolean', default: false } },
  async run({ values, root }, io: Io) {
    const ctx = githubFromEnv();
    if (!ctx) throw new UsageError('gate talks to GitHub: it needs GITHUB_TOKEN and GITHUB_REPOSITORY (GitHub Actions sets them); locally, use `check` and `quorum`');
    const abs = await requireCoopRoot(root);
    let numbers: number[];
    if (values['all-open']) numbers = await openPulls(ctx);
    else if (typeof values.doorbell === 'string') numbers = [await numberFromDoorbell(values.doorbell)];
    else if (typeof values.pr === 'string' && /^[1-9][0-9]{0,8}$/.test(values.pr)) numbers = [Number(values.pr)];
    else throw new UsageError('say which pull request: --pr N, --doorbell FILE or --all-open');
    for (const n of numbers) {
      const r = await runGate(abs, ctx, n);
      // Only counts and states reach the log: never a contributed text.
      const line =
        r.state === 'reported'
          ? `check ${r.checkOk ? 'passes' : 'fails'}, quorum ${r.quorumMet ? 'met' : 'not met'}`
          : r.state === 'closed'
            ? 'closed: nothing to do'
            : 'its head moved while it was checked: the next run reports';
      io.stdout.write(`pull request #${n} at ${r.headSha.slice(0, 12)}: ${line}\n`);
    }
    return EXIT.ok;
  },
};
