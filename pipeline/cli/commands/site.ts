import { buildSite } from '../../site/index.ts';
import { formatBytes } from '../../records/safe-files.ts';
import { EXIT, type Io } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

/** Build the site and print where it went; shared by `site` and `pipeline`. */
export async function siteStep(root: string, io: Io, out?: string): Promise<boolean> {
  try {
    const r = await buildSite(root, { ...(out ? { out } : {}), log: (l) => io.stderr.write(`${l}\n`) });
    io.stdout.write(
      `site: ${r.pages} pages, ${formatBytes(r.bytes)} in ${r.out} (${r.seconds.toFixed(1)} s: records ${r.phases.records.toFixed(1)} s, Astro ${r.phases.astro.toFixed(1)} s, search index ${r.phases.search.toFixed(1)} s)${r.demoModel ? `; demo: ${r.demoModel}` : '; no demo model'}\n`,
    );
    return true;
  } catch (e) {
    io.stderr.write(`site build failed; the previous site (if any) is untouched:\n${(e as Error).message}\n`);
    return false;
  }
}

export const site: Command = {
  name: 'site',
  summary: 'Build the static transparency site from the records and registry (default output: DIR/dist/site).',
  usage: '[--root DIR] [--out DIR]',
  options: { out: { type: 'string' } },
  async run({ values, root }, io: Io) {
    const ok = await siteStep(await requireCoopRoot(root), io, typeof values.out === 'string' ? values.out : undefined);
    return ok ? EXIT.ok : EXIT.problems;
  },
};
