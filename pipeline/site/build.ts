import { cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CACHE_DIR } from '../cache/index.ts';
import { formatSeconds, interactive } from '../progress.ts';
import { PROJECT_ROOT } from '../project.ts';
import type { ModelCard } from '../schemas/index.ts';
import { forgetSiteViews, sharedSiteView } from './load.ts';
import { sha256 } from '../hash/index.ts';

/** Where the site's build caches live, under the co-op's root (never committed: artifacts/ is not). */
export const SITE_CACHE_DIR = `${CACHE_DIR}/site`;

/**
 * Where Astro builds: inside the Commonplace package, whichever co-op the site is
 * for and wherever the current folder is. The server chunks Astro writes while it
 * renders import Astro's own packages, which resolve only from inside the package
 * (a clone of this project, or a co-op's node_modules/commonplace-coop).
 */
function buildFolder(): string {
  return path.join(PROJECT_ROOT, 'node_modules', '.commonplace', `site-${process.pid}-${Date.now()}`);
}

/** Move a finished folder into place, across file systems if need be. */
async function moveFolder(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

export interface SiteBuildResult {
  out: string;
  pages: number;
  bytes: number;
  seconds: number;
  /** Where the time went: loading and checking the records, Astro (bundling and rendering), the search index. */
  phases: { records: number; astro: number; search: number };
  demoModel?: string;
}

async function folderStats(dir: string): Promise<{ pages: number; bytes: number }> {
  let pages = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    bytes += (await stat(file)).size;
    if (entry.name.endsWith('.html')) pages++;
  }
  return { pages, bytes };
}

/**
 * The demo model's files must be the ones its card names: weights are not committed, so on a
 * fresh clone they exist only after training, and a file that differs from the card's sha256
 * would publish weights the record does not describe.
 */
async function checkDemoFiles(coopRoot: string, card: Pick<ModelCard, 'version' | 'weights'>): Promise<void> {
  for (const f of card.weights.files) {
    const bytes = await readFile(path.join(coopRoot, f.path)).catch(() => undefined);
    const fix = `run \`commonplace-coop train\` (or \`pipeline\`) to train it again (weights are not committed), then build the site again`;
    if (!bytes) throw new Error(`the demo model ${card.version} has no ${f.path}: ${fix}`);
    if (sha256(bytes) !== f.sha256) throw new Error(`${f.path} is not the file the card of ${card.version} names (its sha256 differs): ${fix}`);
  }
}

/**
 * Lines while Astro writes pages into `dir`: how many so far, against the
 * last build's count (the best guess at the total) with an ETA. Stop it with
 * the returned function.
 */
function watchPages(dir: string, expected: number, log: (l: string) => void): () => void {
  const started = performance.now();
  let last = -1;
  const timer = setInterval(
    async () => {
      const { pages } = await folderStats(dir).catch(() => ({ pages: 0 }));
      if (pages === last) return;
      last = pages;
      const seconds = (performance.now() - started) / 1000;
      if (pages === 0) log(`  site: bundling scripts and styles (${formatSeconds(seconds)})`);
      else if (expected > pages)
        log(`  site: ${pages.toLocaleString('en')}/${expected.toLocaleString('en')} pages (as many as last time), ETA ${formatSeconds((seconds / pages) * (expected - pages))}`);
      else log(`  site: ${pages.toLocaleString('en')} pages written`);
    },
    interactive() ? 3000 : 15000,
  );
  timer.unref();
  return () => clearInterval(timer);
}

/** Tell the Astro pages (which run in this process) which co-op to render and where, and where the site is published. */
function setBuildEnvironment(coopRoot: string, tmp: string, siteUrl: string | undefined, log: (l: string) => void): void {
  process.env.COMMONPLACE_ROOT = coopRoot;
  process.env.COMMONPLACE_SITE_OUT = tmp;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  if (siteUrl) {
    process.env.COMMONPLACE_SITE_URL = siteUrl;
    process.env.COMMONPLACE_SITE_BASE = new URL(siteUrl).pathname;
  } else {
    delete process.env.COMMONPLACE_SITE_URL;
    delete process.env.COMMONPLACE_SITE_BASE;
    log("  note: governance/coop.yaml has no siteUrl, so the site has no RSS feed and no sitemap (both need the site's public address); add siteUrl: https://… to build them");
  }
}

/** Astro renders every page into `tmp`, with a progress line against the `expected` page count. */
async function runAstro(coopRoot: string, tmp: string, expected: number, log: (l: string) => void): Promise<void> {
  const { build } = await import('astro');
  const stopWatching = watchPages(tmp, expected, log);
  // Astro's and Vite's caches (the content layer's data store holds the co-op's records) live in the co-op,
  // never in the tool's folder, which every co-op on the machine shares.
  const cacheDir = path.join(coopRoot, SITE_CACHE_DIR);
  await build({
    root: PROJECT_ROOT,
    outDir: tmp,
    cacheDir: path.join(cacheDir, 'astro'),
    vite: { cacheDir: path.join(cacheDir, 'vite') },
    logLevel: 'warn',
    mode: 'production',
  }).finally(stopWatching);
}

/** Copy the demo model's weights (checked against its card before the build) into the site. */
async function publishDemoModel(coopRoot: string, tmp: string, card: Pick<ModelCard, 'version' | 'weights'>, log: (l: string) => void): Promise<void> {
  const from = path.join(coopRoot, 'artifacts/models', card.version);
  const to = path.join(tmp, 'models', card.version);
  await mkdir(to, { recursive: true });
  for (const f of card.weights.files) await cp(path.join(coopRoot, f.path), path.join(to, path.basename(f.path)));
  log(`  demo model ${card.version} published from ${path.relative(coopRoot, from)}`);
}

/** Pagefind's search index of the rendered pages, written into the site. */
async function indexForSearch(tmp: string, log: (l: string) => void): Promise<void> {
  log('  site: indexing the pages for search (Pagefind)');
  const pagefind = await import('pagefind');
  const { index } = await pagefind.createIndex({});
  if (!index) throw new Error('Pagefind could not start');
  await index.addDirectory({ path: tmp });
  await index.writeFiles({ outputPath: path.join(tmp, 'pagefind') });
  await pagefind.close();
}

/** The folder a finished build waits in beside `out` until it replaces it. */
const stagedFolder = (out: string) => `${out}.new-${process.pid}`;

/** Swap in the new site only now that all of it exists: first beside the old one, then in its place. */
async function swapIntoPlace(tmp: string, out: string): Promise<void> {
  const staged = stagedFolder(out);
  const old = `${out}.old-${process.pid}`;
  await mkdir(path.dirname(out), { recursive: true });
  await rm(staged, { recursive: true, force: true });
  await moveFolder(tmp, staged);
  await rename(out, old).catch(() => undefined);
  await rename(staged, out);
  await rm(old, { recursive: true, force: true });
}

/** After a failed build: remove what it wrote, leaving the site that was in place before. */
async function discardBuild(tmp: string, out: string): Promise<void> {
  await rm(tmp, { recursive: true, force: true });
  await rm(stagedFolder(out), { recursive: true, force: true });
}

/** Moments of the build (from `performance.now()`): start, records loaded, pages rendered, search indexed. */
interface BuildTimes {
  started: number;
  loaded: number;
  rendered: number;
  indexed: number;
}

/** What the build wrote to `out`, and how long each part took. */
async function buildResult(out: string, times: BuildTimes, demoModel: string | undefined): Promise<SiteBuildResult> {
  const { started, loaded, rendered, indexed } = times;
  const { pages, bytes } = await folderStats(out);
  const phases = { records: (loaded - started) / 1000, astro: (rendered - loaded) / 1000, search: (indexed - rendered) / 1000 };
  return { out, pages, bytes, seconds: (performance.now() - started) / 1000, phases, ...(demoModel ? { demoModel } : {}) };
}

/**
 * The site stage: load and check the records, let Astro render the pages into a fresh folder, add the
 * demo model and the search index, and swap the folder into `out` only when all of it succeeded.
 */
export async function buildSite(root: string, opts: { out?: string; log?: (l: string) => void } = {}): Promise<SiteBuildResult> {
  const log = opts.log ?? (() => {});
  const coopRoot = path.resolve(root);
  const out = path.resolve(opts.out ?? path.join(coopRoot, 'dist/site'));
  const tmp = buildFolder();
  const started = performance.now();
  // Fail early, with the check report, before Astro starts; the pages reuse this load.
  forgetSiteViews();
  const view = await sharedSiteView(coopRoot);
  const loaded = performance.now();
  let rendered = loaded;
  let indexed = loaded;
  setBuildEnvironment(coopRoot, tmp, view.info.siteUrl, log);
  if (view.demoModel) await checkDemoFiles(coopRoot, view.demoModel);
  await rm(tmp, { recursive: true, force: true });
  const expected = await folderStats(out).then(
    (s) => s.pages,
    () => 0,
  );
  try {
    await runAstro(coopRoot, tmp, expected, log);
    if (view.demoModel) await publishDemoModel(coopRoot, tmp, view.demoModel, log);
    rendered = performance.now();
    await indexForSearch(tmp, log);
    indexed = performance.now();
    await swapIntoPlace(tmp, out);
  } catch (e) {
    await discardBuild(tmp, out);
    throw e;
  } finally {
    forgetSiteViews();
  }
  return buildResult(out, { started, loaded, rendered, indexed }, view.demoModel?.version);
}
