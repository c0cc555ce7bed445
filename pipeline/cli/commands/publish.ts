import { headCommit } from '../../git/index.ts';
import { githubFromEnv } from '../../github/index.ts';
import { publish as runPublish } from '../../publish/index.ts';
import { EXIT, UsageError } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const publish: Command = {
  name: 'publish',
  summary: 'After the pipeline, on GitHub: commit the new registry/ records to main (fast-forward, registry/ only), and a Release for each published model.',
  usage: '[--source SHA] [--branch NAME] [--root DIR]',
  help: [
    "Runs in GitHub Actions (GITHUB_TOKEN: the co-op's App, which the ruleset lets write main), in a checkout of the commit the",
    "pipeline ran on, with the pipeline's registry/ and artifacts/models/ in place. The commit carries [skip ci] and a",
    'Pipeline-source: trailer (where `verify` starts next time). Each published model gets a Release (draft, assets, then',
    "published) with its weights, tokenizer, card and dataset export; a retired model's release loses its assets and says why.",
    'Running it again changes nothing.',
  ].join('\n'),
  options: { source: { type: 'string' }, branch: { type: 'string', default: 'main' } },
  async run({ values, root }, io) {
    const ctx = githubFromEnv();
    if (!ctx) throw new UsageError('publish talks to GitHub: it needs GITHUB_TOKEN and GITHUB_REPOSITORY (GitHub Actions sets them)');
    const abs = await requireCoopRoot(root);
    const source = typeof values.source === 'string' ? values.source : await headCommit(abs);
    if (!source || !/^[0-9a-f]{40}$/.test(source)) throw new UsageError('--source must be the full commit the pipeline ran on (GITHUB_SHA)');
    const r = await runPublish(abs, ctx, { source, branch: String(values.branch) });
    if (r.registry)
      io.stdout.write(r.registry.commit ? `records committed to ${values.branch}: ${r.registry.commit.slice(0, 12)} (attempt ${r.registry.attempts})\n` : 'records: main already holds them\n');
    for (const rel of r.releases) io.stdout.write(`release ${rel.tag}: ${rel.outcome}${rel.why ? ` (${rel.why})` : ''}\n`);
    for (const p of r.problems) io.stderr.write(`${p.file}: ${p.message}\n    fix: ${p.hint ?? ''}\n`);
    return r.ok ? EXIT.ok : EXIT.problems;
  },
};
