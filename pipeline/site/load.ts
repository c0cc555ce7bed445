/** Load everything the site needs from a co-op, through the same validated loaders as the pipeline. */
import { checkCoop } from '../check/index.ts';
import { displayable } from '../consent/index.ts';
import { normalizedTexts } from '../dataset/index.ts';
import { mainLineChanges } from '../git/index.ts';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DatasetRegistry, readModelRegistry } from '../registry/index.ts';
import { readRecord } from '../registry/index.ts';
import { STUDIES_DIR } from '../study/paths.ts';
import { type DatasetManifest, ScalingStudy } from '../schemas/index.ts';
import { buildSiteView, type SiteView } from './view-model.ts';

/**
 * Views already loaded in this process, by co-op root. Kept on globalThis because Astro
 * bundles its own copy of this module: `commonplace-coop site` loads the view once (to fail early
 * with the check report), and the pages Astro renders in the same process reuse it.
 */
const SHARED = Symbol.for('commonplace.siteViews');
type Shared = Map<string, Promise<SiteView>>;

/** The view of the co-op at `root`, loaded once per process. */
export function sharedSiteView(root: string): Promise<SiteView> {
  const g = globalThis as unknown as Record<symbol, Shared | undefined>;
  const views = (g[SHARED] ??= new Map());
  if (!views.has(root)) views.set(root, loadSiteView(root));
  return views.get(root)!;
}

/** Forget loaded views (after a build, so a later build in the same process sees new records). */
export function forgetSiteViews(): void {
  (globalThis as unknown as Record<symbol, Shared | undefined>)[SHARED]?.clear();
}

/**
 * The day a build speaks for: SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) when
 * set, so the same records and date build the same site; otherwise today, in UTC.
 */
export function buildDay(env: NodeJS.ProcessEnv = process.env, now = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^[0-9]+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH is "${epoch}", not a whole number of seconds since 1970: set it to, for example, $(git log -1 --format=%ct), or unset it`);
    return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  }
  return now.toISOString().slice(0, 10);
}

/** Load and assemble the site's view of the co-op at `root`; throws with the check report when records are invalid. */
export async function loadSiteView(root: string, builtOn = buildDay()): Promise<SiteView> {
  const check = await checkCoop(root);
  if (!check.ok) {
    const first = check.problems
      .filter((p) => p.severity === 'error')
      .slice(0, 5)
      .map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    throw new Error(`the co-op at ${root} does not pass check; run \`commonplace-coop check\`:\n${first.join('\n')}`);
  }
  const { coop } = check;
  // Only texts the site may show are read; every work's fingerprint is already on its record.
  const texts = await normalizedTexts(
    coop.root,
    coop.works.filter((w) => displayable(w.value.scopes)),
  );
  const registry = await DatasetRegistry.open(coop.root);
  if (!registry.ok) throw new Error(registry.problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
  const all = await registry.value.all();
  if (!all.ok) throw new Error(all.problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
  const models = await readModelRegistry(coop.root);
  if (!models.ok) throw new Error(models.problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
  const datasets: DatasetManifest[] = all.value;
  // Every work a dataset holds is read too, for the passage filter alone (views/passage-filter.ts): hashes of it reach the site, never text.
  const held = new Set(datasets.flatMap((d) => d.works.map((w) => w.hash)));
  const heldWorks = coop.works.filter((w) => held.has(w.hash));
  const heldTexts = await normalizedTexts(
    coop.root,
    heldWorks.filter((w) => !texts.has(w.file)),
  );
  const datasetTexts = new Map(heldWorks.map((w) => [w.hash, texts.get(w.file) ?? heldTexts.get(w.file)!]));
  const mainLine = await mainLineChanges(coop.root, ['corpus', 'governance', 'registry']);
  const studies = await readStudies(coop.root);
  return buildSiteView({ coop, texts, datasetTexts, datasets, cards: models.value.cards, mainLine, studies, builtOn });
}

/** Every study in registry/studies/, validated, newest first. */
async function readStudies(root: string): Promise<ScalingStudy[]> {
  const names = (await readdir(path.join(root, STUDIES_DIR)).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const studies: ScalingStudy[] = [];
  for (const name of names) {
    const read = await readRecord(root, `${STUDIES_DIR}/${name}`, ScalingStudy);
    if (read && !read.ok) throw new Error(read.problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
    if (read?.ok) studies.push(read.value);
  }
  return studies.sort((a, b) => b.finished.localeCompare(a.finished));
}
