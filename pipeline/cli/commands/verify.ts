import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lastPipelineSource, mainLineChanges, revParse, rootCommit } from '../../git/index.ts';
import { githubFromEnv } from '../../github/index.ts';
import { RECORD_ROOTS } from '../../records/layout.ts';
import { verifyReport, verifyWithGitHub, verifyWithTrailers } from '../../verify/verify.ts';
import { writerAccounts } from '../../verify/writer-accounts.ts';
import { EXIT, UsageError } from '../io.ts';
import { checkStep, requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const verify: Command = {
  name: 'verify',
  summary:
    "Before training: every change to the records since the last pipeline run reached main through a pull request that met the board's quorum, and every change to a writer's consent carries that writer's own approval.",
  usage: '[--since REF] [--approvals-out FILE] [--root DIR]',
  help: [
    "With GITHUB_TOKEN, reads each merge's pull request and its reviews up to the merge from GitHub; without, the merge commits'",
    "Reviewed-by:/Approved-by: trailers. By default it starts after the commit named by the last registry commit's",
    'Pipeline-source: trailer (or after the founding commit). Exit 1, naming each commit and file, if any lacks quorum.',
    '--approvals-out writes who approved each merge, for `pipeline --approvals` (dataset provenance).',
  ].join('\n'),
  options: { since: { type: 'string' }, 'approvals-out': { type: 'string' } },
  async run({ values, root }, io) {
    const abs = await requireCoopRoot(root);
    const check = await checkStep(abs, io);
    if (!check.ok) return EXIT.problems;
    const sinceRef = typeof values.since === 'string' ? values.since : ((await lastPipelineSource(abs)) ?? (await rootCommit(abs)));
    const since = sinceRef ? await revParse(abs, sinceRef) : undefined;
    if (sinceRef && !since) throw new UsageError(`${sinceRef} is not a commit here (fetch the whole history: fetch-depth 0)`);
    const commits = await mainLineChanges(abs, [...RECORD_ROOTS], since);
    const ctx = githubFromEnv();
    const { board, policy } = check.coop;
    const accounts = await writerAccounts(abs, commits);
    const result = ctx ? await verifyWithGitHub(ctx, commits, board.value, policy.value.review, accounts) : verifyWithTrailers(commits, board.value, policy.value.review, accounts);
    io.stdout.write(`verified ${since ? `since ${since.slice(0, 12)}` : 'the whole history'} ${ctx ? "with GitHub's reviews" : 'with merge trailers'}:\n${verifyReport(result)}\n`);
    if (typeof values['approvals-out'] === 'string') await writeFile(path.resolve(values['approvals-out']), `${JSON.stringify(result.approvals, null, 2)}\n`);
    return result.ok ? EXIT.ok : EXIT.problems;
  },
};
