/**
 * Build the site's pages from a co-op's view whose Markdown a test has replaced after
 * `check` passed: the way to prove the site's renderer holds on its own (defence in
 * depth), for a record that got past check. Run as a script, in a process of its own
 * (Astro's build does not belong inside the test runner):
 *
 *   node --import tsx pipeline/testing/site-from-view.ts ROOT OUT BODY_FILE
 *
 * Every Markdown body of the view (charter, decisions, pages, agreement texts) and every
 * use case's description become BODY_FILE's text. OUT must lie inside the package (Astro's
 * server chunks resolve its packages from there), like `buildSite`'s own build folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../project.ts';
import { loadSiteView } from '../site/load.ts';

const [root, out, bodyFile] = process.argv.slice(2).map((a) => path.resolve(a));
if (!root || !out || !bodyFile) throw new Error('usage: site-from-view.ts ROOT OUT BODY_FILE');
const body = await readFile(bodyFile, 'utf8');
const view = await loadSiteView(root);
view.charter.body = body;
for (const d of view.decisions) d.body = body;
for (const p of view.pages) p.body = body;
for (const t of view.agreementTexts) t.body = body;
for (const u of view.useCases) u.value = { ...u.value, description: body };
// The pages read the view from here (pipeline/site/load.ts, sharedSiteView).
(globalThis as unknown as Record<symbol, Map<string, Promise<unknown>>>)[Symbol.for('commonplace.siteViews')] = new Map([[root, Promise.resolve(view)]]);
process.env.COMMONPLACE_ROOT = root;
process.env.COMMONPLACE_SITE_OUT = out;
process.env.ASTRO_TELEMETRY_DISABLED = '1';
const { build } = await import('astro');
await build({ root: PROJECT_ROOT, outDir: out, logLevel: 'warn', mode: 'production' });
