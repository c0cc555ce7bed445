/**
 * Benchmark: "Try the model" in headless Chromium with no GPU. Builds the site
 * of the co-op at --root (default: the bundled demo, whose demo model's
 * weights must be in artifacts/: run `npm run pipeline` first), or uses a
 * built site (--site DIR), then writes with the demo model --runs times and
 * prints characters per second for each run (the first includes loading the
 * model) and the backend TensorFlow.js chose in the page.
 *
 *   npm run bench:try [-- --root DIR | --site DIR] [--runs 3]
 */
import { access, mkdtemp } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildSite } from '../pipeline/site/index.ts';
import { serveStatic } from '../pipeline/site/static-server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { values } = parseArgs({ options: { root: { type: 'string', default: ROOT }, site: { type: 'string' }, runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1, got "${values.runs}"`);

async function main(): Promise<void> {
  await access(CHROMIUM).catch(() => {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  });
  let site = values.site;
  if (!site) {
    site = path.join(await mkdtemp(path.join(tmpdir(), 'bench-try-')), 'site');
    const built = await buildSite(values.root, { out: site });
    if (!built.demoModel) throw new Error(`the co-op at ${values.root} offers no demo model: run \`npm run pipeline\` there first`);
    console.log(`site: built ${built.pages} pages for ${values.root} in ${built.seconds.toFixed(1)} s; demo model ${built.demoModel}`);
  }
  const server = await serveStatic(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/try/`);
    if ((await page.locator('#try-form').count()) === 0) throw new Error('the site has no demo model on /try/');
    console.log(`chromium ${browser.version()}, ${os.cpus().length} cores, no GPU (--disable-gpu)`);
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page
        .locator('#try-status')
        .filter({ hasText: /^(Done|The model could not run)/ })
        .waitFor({ timeout: 600_000 });
      const wall = (performance.now() - started) / 1000;
      const statusLine = (await page.locator('#try-status').textContent()) ?? '';
      if (!statusLine.startsWith('Done')) throw new Error(statusLine);
      const perSecond = await page.locator('#try-output').getAttribute('data-characters-per-second');
      console.log(`run ${run}: ${perSecond} characters/s while writing; ${wall.toFixed(1)} s from the click${run === 1 ? ' (includes loading the model)' : ''}; ${statusLine}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
