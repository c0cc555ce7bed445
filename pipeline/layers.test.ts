/**
 * docs/architecture.md's layer table is the rule checker's layer order, room for room; and the
 * Astro pages, which the checker cannot parse, import the pipeline only through pipeline/site/pages.ts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './project.ts';

const require = createRequire(import.meta.url);

describe('the layers', () => {
  it('in docs/architecture.md are the ones .ci/dependency-cruiser.cjs enforces, in the same order', async () => {
    const { LAYERS } = require(path.join(PROJECT_ROOT, '.ci', 'dependency-cruiser.cjs')) as { LAYERS: Array<[string, string[]]> };
    const doc = await readFile(path.join(PROJECT_ROOT, 'docs', 'architecture.md'), 'utf8');
    const table = /<!-- layers:start -->([\s\S]*?)<!-- layers:end -->/.exec(doc)?.[1] ?? '';
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| layer') && !l.startsWith('| ---'))
      .map((l) => {
        const [name, rooms] = l
          .split('|')
          .slice(1, 3)
          .map((c) => c.trim());
        return [name, [...rooms!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\/$/, ''))];
      });
    // The pages' room is the project's own site/ folder, written `../site` in the rules.
    const rules = LAYERS.map(([name, rooms]) => [name, rooms.map((r) => (r === '../site' ? 'site' : r))]);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows).toEqual(rules);
  });
});

/** The pages' one entry into the pipeline (its browser scripts in site/scripts/ are .ts files, which the checker sees). */
const PAGES_ENTRY = 'pipeline/site/pages.ts';

/** Every module an .astro file names (imports in its front matter or scripts, `<script src>`) that resolves into pipeline/, relative to the project root. */
function pipelineImports(source: string, file: string): string[] {
  const specifiers = [...source.matchAll(/\b(?:from|import)\s*\(?\s*(['"])([^'"]+)\1/g), ...source.matchAll(/<script\b[^>]*\ssrc=(['"])([^'"]+)\1/g)].map((m) => m[2]!);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) =>
      path
        .relative(PROJECT_ROOT, path.resolve(path.dirname(file), s))
        .split(path.sep)
        .join('/'),
    )
    .filter((target) => target.startsWith('pipeline/'));
}

describe('the Astro pages', () => {
  it('are told apart: a deep import, a dynamic one or a script source into the pipeline is found, the pages entry and site/ modules are not', () => {
    const file = path.join(PROJECT_ROOT, 'site/pages/governance/index.astro');
    const source = [
      "---\nimport { decisionHeadline } from '../../../pipeline/site/labels.ts';",
      "import type { SiteView } from '../../../pipeline/site/pages.ts';",
      "import Layout from '../../layouts/Layout.astro';",
      "const q = await import('../../../pipeline/quorum/index.ts');\n---",
      '<script src="../../../pipeline/train/decoder.ts"></script>',
    ].join('\n');
    expect(pipelineImports(source, file)).toEqual(['pipeline/site/labels.ts', 'pipeline/site/pages.ts', 'pipeline/quorum/index.ts', 'pipeline/train/decoder.ts']);
  });

  it(`import the pipeline only through ${PAGES_ENTRY}`, async () => {
    const site = path.join(PROJECT_ROOT, 'site');
    const astroFiles = (await readdir(site, { recursive: true })).filter((f) => f.endsWith('.astro')).map((f) => path.join(site, f));
    expect(astroFiles.length).toBeGreaterThan(10);
    const deep: string[] = [];
    for (const file of astroFiles) {
      for (const target of pipelineImports(await readFile(file, 'utf8'), file)) if (target !== PAGES_ENTRY) deep.push(`${path.relative(PROJECT_ROOT, file)} imports ${target}`);
    }
    expect(deep).toEqual([]);
  });
});
