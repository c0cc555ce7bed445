import { stat } from 'node:fs/promises';
import path from 'node:path';
import { headCommit } from '../../git/index.ts';
import { githubFromEnv } from '../../github/index.ts';
import { publish as runPublish } from '../../publish/index.ts';
import { EXIT, problemLines, UsageError } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const publish: Command = {
  name: 'publish',
  summary: 'After the pipeline, on GitHub: commit the new registry/ records to main (fast-forward, registry/ only), and a Release for each published model.',
  usage: '[--from DIR] [--source SHA] [--branch NAME] [--attest-dir DIR] [--root DIR]',
  help: [
    "Runs in GitHub Actions (GITHUB_TOKEN: the co-op's App, which the ruleset lets write main), in a checkout of the commit the",
    "pipeline ran on. --from DIR: the pipeline's output (registry/, artifacts/models/, dist/site/), downloaded outside the",
    'checkout; only schema-valid records, model files whose sha256 is on their card and the site as plain files come in, and',
    'anything else refuses it all (without --from, the checkout holds the output already). Main is read again first: a model',
    'that a withdrawal merged since training has made unpublishable stops the publish (its existing release loses its files).',
    'The commit carries [skip ci] and a Pipeline-source: trailer (where `verify` starts next time). Each published model gets',
    "a Release (draft, assets, then published) with its weights, tokenizer, card and dataset export; a retired model's release",
    "loses its assets and says why. Each release carries provenance.intoto.json, a statement binding the weights' sha256 to",
    'the card, the dataset manifest, the approvals on record and the source commit (check it with verify-release).',
    '--attest-dir DIR: the files of each release made or completed now go to DIR/<tag>/, for the attestation step.',
    'Running it again changes nothing.',
  ].join('\n'),
  options: { from: { type: 'string' }, source: { type: 'string' }, branch: { type: 'string', default: 'main' }, 'attest-dir': { type: 'string' } },
  async run({ values, root }, io) {
    const ctx = githubFromEnv();
    if (!ctx) throw new UsageError('publish talks to GitHub: it needs GITHUB_TOKEN and GITHUB_REPOSITORY (GitHub Actions sets them)');
    const abs = await requireCoopRoot(root);
    const source = typeof values.source === 'string' ? values.source : await headCommit(abs);
    if (!source || !/^[0-9a-f]{40}$/.test(source)) throw new UsageError('--source must be the full commit the pipeline ran on (GITHUB_SHA)');
    const from = typeof values.from === 'string' ? path.resolve(values.from) : undefined;
    if (
      from &&
      !(await stat(from).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      throw new UsageError(`--from ${values.from} is not a folder: pass where the pipeline's output was downloaded`);
    if (from && (from === abs || from.startsWith(`${abs}${path.sep}`))) throw new UsageError('--from must be outside the checkout: download the pipeline output to a temporary folder (RUNNER_TEMP)');
    const attestDir = typeof values['attest-dir'] === 'string' ? path.resolve(values['attest-dir']) : undefined;
    if (attestDir && (attestDir === abs || attestDir.startsWith(`${abs}${path.sep}`))) throw new UsageError('--attest-dir must be outside the checkout (RUNNER_TEMP)');
    const r = await runPublish(abs, ctx, { source, branch: String(values.branch), ...(from ? { from } : {}), ...(attestDir ? { attestDir } : {}) });
    if (r.registry)
      io.stdout.write(r.registry.commit ? `records committed to ${values.branch}: ${r.registry.commit.slice(0, 12)} (attempt ${r.registry.attempts})\n` : 'records: main already holds them\n');
    for (const rel of r.releases) io.stdout.write(`release ${rel.tag}: ${rel.outcome}${rel.why ? ` (${rel.why})` : ''}\n`);
    io.stderr.write(problemLines(r.problems));
    return r.ok ? EXIT.ok : EXIT.problems;
  },
};
