import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../project.ts';
import { coop } from '../testing/coop-builder.ts';
import { SITE_URL, siteFixture, TEXTS, WITHDRAWN_TITLES } from '../testing/site-fixture.ts';
import { publicIdentity, titleFingerprint } from '../consent/index.ts';
import { DatasetRegistry, readModelRegistry } from '../registry/index.ts';
import { STUDIES_DIR } from '../study/paths.ts';
import { SITE_CACHE_DIR } from './build.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

async function buildSiteCli(root: string): Promise<{ code: number; out: string; stdout: string; stderr: string }> {
  const out = path.join(await mkdtemp(path.join(tmpdir(), 'site-')), 'site');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'site', '--root', root, '--out', out], { maxBuffer: 1 << 24 });
    return { code: 0, out, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out, stdout: err.stdout, stderr: err.stderr };
  }
}

async function allFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && /\.(html|json|xml|js|css|txt|csv)$/.test(e.name)) files.set(path.relative(dir, path.join(e.parentPath, e.name)), await readFile(path.join(e.parentPath, e.name), 'utf8'));
  }
  return files;
}

/** How the site names the fixture's Sam, who withdrew everything and asked not to be named any more. */
const SAM = publicIdentity('sam', {
  handle: 'sam',
  publicName: { display: 'name', name: 'Sam Whitlock' },
  agreementVersion: '1.0',
  signed: '2026-02-01',
  signature: 'x',
  scopes: [],
  withdrawn: '2026-06-01',
});
let root: string;
/** Every dataset manifest in the fixture's registry, oldest first. */
async function manifests() {
  const r = await DatasetRegistry.open(root);
  if (!r.ok) throw new Error('no registry');
  const all = await r.value.all();
  if (!all.ok) throw new Error('the registry does not read');
  return all.value;
}
/** Every model card in the fixture's registry. */
async function modelCards() {
  const r = await readModelRegistry(root);
  if (!r.ok) throw new Error('no model registry');
  return r.value.cards;
}
let site: Awaited<ReturnType<typeof buildSiteCli>>;
let files: Map<string, string>;
const page = (p: string) => {
  const html = files.get(path.join(p, 'index.html'));
  if (html === undefined) throw new Error(`no page ${p}`);
  return html;
};

/** The tool's own content-layer store, where Astro writes by default: a build must leave it as it was. */
const TOOL_STORE = path.join(PROJECT_ROOT, 'node_modules/.astro/data-store.json');
let toolStoreBefore: number | undefined;

beforeAll(async () => {
  ({ root } = await siteFixture());
  toolStoreBefore = await stat(TOOL_STORE).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  site = await buildSiteCli(root);
  if (site.code !== 0) throw new Error(site.stderr);
  files = await allFiles(site.out);
}, 240_000);

describe('the built site', () => {
  it("keeps its build caches in the co-op's artifacts/, never in the tool's folder that every co-op shares", async () => {
    const store = await readFile(path.join(root, SITE_CACHE_DIR, 'astro/data-store.json'), 'utf8');
    expect(store).toContain('charter');
    const after = await stat(TOOL_STORE).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    expect(after).toBe(toolStoreBefore);
  });

  it('has a page for every dataset and model in the registry, with its figures', async () => {
    const datasets = await DatasetRegistry.open(root);
    if (!datasets.ok) throw new Error('no registry');
    for (const { id } of datasets.value.index.datasets) {
      const m = await datasets.value.manifest(id);
      if (!m.ok) throw new Error(id);
      expect(page(`datasets/${id}`)).toContain(`${m.value.totals.all.works} works`);
    }
    const models = await readModelRegistry(root);
    if (!models.ok) throw new Error('no models');
    expect(models.value.cards.length).toBeGreaterThanOrEqual(4);
    for (const card of models.value.cards) {
      const html = page(`models/${card.version}`);
      expect(html).toContain(card.metrics.validationWorks > 0 ? card.metrics.validation.bitsPerChar.toFixed(3) : 'No works were held out');
      expect(html).toContain(`badge ${card.status}`);
      expect(html).toContain('European Open Source AI Index');
    }
  });

  it('names datasets and models in words with their status, current ones first and the hash second', () => {
    const rank = { current: 0, 'held-back': 1, superseded: 2, retired: 3 } as Record<string, number>;
    for (const [list, words] of [
      ['models', /(Shared model|own model), version \d+/],
      ['datasets', /(Shared dataset|own dataset), version \d+/],
    ] as const) {
      const rows = [...page(list).matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((r) => r[0]).filter((r) => r.includes('record-name'));
      expect(rows.length).toBeGreaterThan(1);
      const statuses = rows.map((r) => /class="badge ([a-z-]+)"/.exec(r)?.[1] ?? 'none');
      expect(statuses[0]).toBe('current');
      expect(statuses.some((st) => st !== 'current')).toBe(true);
      expect(statuses.map((st) => rank[st])).toEqual([...statuses.map((st) => rank[st])].sort((a, b) => a! - b!));
      for (const r of rows) {
        expect(r).toMatch(words);
        expect(r.search(words)).toBeLessThan(r.indexOf('class="hash"'));
      }
    }
    expect(page('datasets')).not.toMatch(/\+\d+ ~\d+/);
    expect(page('datasets')).toMatch(/the first version: \d+ works?/);
  });

  it('refuses to publish demo weights that are missing or differ from the card, naming the file, and leaves no site', async () => {
    const models = await readModelRegistry(root);
    if (!models.ok) throw new Error('no models');
    const demo = models.value.cards.find((c) => c.status === 'current' && c.kind === 'shared')!;
    const file = path.join(root, demo.weights.files.find((f) => f.path.endsWith('weights.bin'))!.path);
    const bytes = await readFile(file);
    try {
      await writeFile(file, Buffer.concat([bytes, Buffer.from([0])]));
      const changed = await buildSiteCli(root);
      expect(changed.code).toBe(1);
      expect(changed.stderr).toMatch(/weights\.bin is not the file the card of m-[0-9a-f]{12} names/);
      await expect(readdir(changed.out)).rejects.toThrow();
      await rm(file);
      const missing = await buildSiteCli(root);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/has no artifacts\/models\/.*weights\.bin: run `commonplace-coop train`/);
    } finally {
      await writeFile(file, bytes);
    }
  });

  it('says how many approvals policy asks for, and plainly when works reached the co-op without a recorded review', async () => {
    const datasets = await DatasetRegistry.open(root);
    if (!datasets.ok) throw new Error('no registry');
    const id = datasets.value.latestId('shared')!;
    const html = page(`datasets/${id}`);
    expect(html).toMatch(/policy asks for \d+ board approvals? before a donation is merged/);
    // The fixture's works came in with its first commit: there is no review history, and the page says so rather than "committed directly".
    expect(html).toMatch(/For \d+ works?, review history is missing: (it|they) came in with the repository&#39;s first commit/);
    expect(html).toContain('none: the repository&#39;s first commit');
    expect(html).not.toMatch(/\d+ works? in this dataset reached the co-op without a recorded review/);
    expect(html).not.toContain('Approved by —');
  });

  it('marks the models’ samples for the search index to skip (data-pagefind-ignore)', () => {
    const model = [...files.keys()].find((f) => /^models\/m-[0-9a-f]{12}\/index\.html$/.test(f))!;
    expect(files.get(model)).toMatch(/<section[^>]*aria-labelledby="samples"[^>]*data-pagefind-ignore="all"|<section[^>]*data-pagefind-ignore="all"[^>]*aria-labelledby="samples"/);
  });

  it('shows why a model was retired, and publishes weights only for the demo model', async () => {
    const models = await readModelRegistry(root);
    if (!models.ok) throw new Error('no models');
    const retired = models.value.cards.filter((c) => c.status === 'retired');
    expect(retired.length).toBeGreaterThan(0);
    for (const c of retired) {
      expect(page(`models/${c.version}`)).toMatch(/trained on writing withdrawn on 2026-06-0[123]|fine-tuned from m-[0-9a-f]{12}, which is retired/);
      expect([...files.keys()].some((f) => f.startsWith(`models/${c.version}/model.json`))).toBe(false);
    }
    const demo = models.value.cards.find((c) => c.status === 'current' && c.kind === 'shared')!;
    expect(files.has(`models/${demo.version}/model.json`)).toBe(true);
    expect(page('try')).toContain(demo.version);
  });

  it('shows a model trained elsewhere with its trainer’s declaration, escaped, and marks its training run partly open', async () => {
    const models = await readModelRegistry(root);
    if (!models.ok) throw new Error('no models');
    const card = models.value.cards.find((c) => c.trainedElsewhere)!;
    const html = page(`models/${card.version}`);
    expect(html).toContain('Trained outside this pipeline');
    expect(html).toContain('Tiny Llama, 2 epochs at &lt;b&gt;1e-4&lt;/b&gt; &amp; &quot;bf16&quot;');
    expect(html).not.toContain('<b>1e-4</b>');
    expect(html).toContain('An open Llama checkpoint');
    expect(html).toMatch(/Hardware and training run<\/th><td[^>]*><span class="badge partial">/);
  });

  it('names writers as they asked, and never shows an anonymous writer’s handle', () => {
    expect(page('contributors')).toContain('Ana Okafor');
    expect(page('contributors')).toContain('Wren');
    expect(page('contributors')).toContain('An anonymous writer');
    for (const [name, text] of files) expect(text.includes('quiet-lantern'), name).toBe(false);
  });

  it('shows texts only as display consent allows: full, excerpt, or nothing', () => {
    expect(page('works/ana/low-tide')).toContain('Low tide again: the river shows its keys.');
    expect(page('contributors/wren')).toContain('pegs them on the stair like a crowd waving.');
    expect(files.has('works/wren/gloves/index.html')).toBe(false);
    for (const [name, text] of files) expect(text.includes('nobody waiting'), name).toBe(false);
  });

  it('keeps withdrawn texts and their titles out of every file of the site', () => {
    for (const text of [TEXTS.withdrawn, TEXTS.keptName, TEXTS.oneWork]) {
      for (const line of text.trim().split('\n')) {
        for (const [name, body] of files) expect(body.includes(line), `${name} contains "${line}"`).toBe(false);
      }
    }
    for (const title of WITHDRAWN_TITLES) for (const [name, body] of files) expect(body.includes(title), `${name} names "${title}"`).toBe(false);
  });

  it('calls a writer who withdrew “a writer who has since withdrawn” on every page, unless they asked to stay named', () => {
    for (const [name, body] of files) expect(body.includes('Sam Whitlock'), `${name} names Sam`).toBe(false);
    expect(files.has('contributors/sam/index.html')).toBe(false);
    expect(page(`contributors/${SAM.slug}`)).toContain('A writer who has since withdrawn');
    expect(page(`contributors/${SAM.slug}`)).toContain('This writer withdrew on 2026-06-01');
    expect(page('contributors/kit')).toContain('Kit Marlowe withdrew on 2026-06-02');
    expect(page('timeline')).toContain('A writer who has since withdrawn donated 1 work');
    expect(page('timeline')).toContain('Kit Marlowe donated 1 work');
    // Those donations came in with the first commit: dated from the agreements, and saying so.
    expect(page('timeline')).toContain('(dated from the agreement)');
    for (const [name, body] of files) expect(body.includes('/contributors/sam/'), `${name} links Sam's handle`).toBe(false);
  });

  it('answers “Am I in it?” for withdrawn works by fingerprint and by title, without keeping either title', async () => {
    const lookup = JSON.parse(files.get('lookup.json')!) as { withdrawn: Array<{ h: string; tf: string | null; w: string; c: string | null; d: number[] }>; works: Array<{ h: string }> };
    expect(lookup.withdrawn.map((w) => [w.w, w.c]).sort()).toEqual([
      ['2026-06-01', null],
      ['2026-06-02', 'Kit Marlowe'],
      ['2026-06-03', 'Ana Okafor'],
    ]);
    const ferry = lookup.withdrawn.find((w) => w.w === '2026-06-03')!;
    expect(ferry.tf).toBe(titleFingerprint('  night   FERRY '));
    expect(ferry.d.length).toBeGreaterThan(0);
    expect(lookup.works.some((w) => w.h === ferry.h)).toBe(false);
  });

  it('draws a scaling study as a static curve with its reading in words, linked from the models page', async () => {
    const [name] = (await readdir(path.join(root, STUDIES_DIR))).filter((n) => n.endsWith('.json'));
    const id = name!.replace(/\.json$/, '');
    const html = page(`studies/${id}`);
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain('times as much writing');
    expect(html).toContain('letter frequencies alone');
    expect(html).toMatch(/50%<\/th>/);
    expect(page('models')).toContain(`href="/studies/${id}/"`);
  });

  it('shows each adopted base model with its licence, what it was trained on and its openness, as text', () => {
    const g = page('governance');
    expect(g).toContain('id="base-models"');
    expect(g).toContain('Pico &lt;Base&gt; &amp; Co');
    expect(g).not.toContain('<Base>');
    expect(g).toContain('Public-domain books and open web text');
    expect(g).toContain('href="https://example.org/pico/data"');
    expect(g).toMatch(/Training code<\/th><td data-label="Openness">partial<\/td>/);
    expect(g).toContain('270.0 MB');
    expect(g).toContain('href="/governance/decisions/0001/"');
  });

  it('renders governance: charter, board, policy, decisions with votes, the use-case register', () => {
    const g = page('governance');
    expect(g).toContain('community garden');
    expect(g).toContain('id="use-case-public-demo"');
    expect(page('governance/decisions/0002')).toMatch(/3 of 3 serving members voted/);
  });

  it('has a timeline with donations and a withdrawal, and an RSS feed of it', () => {
    expect(page('timeline')).toContain('donated');
    expect(page('timeline')).toContain('A writer withdrew from the co-op');
    expect(page('timeline')).toContain('A work was withdrawn');
    expect(files.get('timeline.xml')).toMatch(/<rss[\s\S]*<item>/);
    const guids = [...files.get('timeline.xml')!.matchAll(/<guid[^>]*>([^<]+)<\/guid>/g)].map((m) => m[1]);
    expect(guids.length).toBeGreaterThan(3);
    expect(new Set(guids).size).toBe(guids.length);
    // Every item links into the co-op's own site, at the address coop.yaml gives.
    const links = [...files.get('timeline.xml')!.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(3);
    for (const l of links) expect(l.startsWith(SITE_URL), l).toBe(true);
    expect(page('timeline')).toContain('href="/timeline.xml"');
  });

  it('has a search index, a sitemap and a lookup index without withheld text', () => {
    expect([...files.keys()].some((f) => f.startsWith('pagefind/'))).toBe(true);
    expect(files.has('sitemap-index.xml')).toBe(true);
    const lookup = JSON.parse(files.get('lookup.json')!);
    expect(lookup.works.length).toBeGreaterThan(0);
    expect(JSON.stringify(lookup)).not.toContain('Sam Whitlock');
    expect(JSON.stringify(lookup)).not.toContain('nobody waiting');
  });

  it('links every work fingerprint to its work page, or to a trace page that shows where it is used and no text', async () => {
    const datasets = await manifests();
    const hashLinks = [...files].filter(([n]) => n.endsWith('.html')).flatMap(([, html]) => [...html.matchAll(/<a class="work-hash" href="([^"]+)"/g)].map((m) => m[1]!));
    expect(hashLinks.length).toBeGreaterThan(0);
    // Every fingerprint a dataset page shows as code sits in such a link.
    for (const [name, html] of [...files].filter(([n]) => n.startsWith('datasets/') && n.endsWith('.html'))) {
      expect(html.match(/(?<!<a class="work-hash" href="[^"]*">)<code class="hash">[0-9a-f]{12}<\/code>/g), name).toBeNull();
    }
    // The anonymous writer's haiku has no display consent: its trace page names where it is used, never its title or text.
    const canal = datasets.flatMap((d) => d.works).find((w) => w.contributor === 'quiet-lantern')!;
    const trace = page(`fingerprints/${canal.hash}`);
    expect(trace).toContain('A work whose writer keeps it private');
    expect(trace).not.toContain('Canal Haiku');
    for (const line of TEXTS.anonymous.trim().split('\n')) expect(trace).not.toContain(line);
    expect(trace).not.toContain('quiet-lantern');
    const holding = datasets.filter((d) => d.works.some((w) => w.hash === canal.hash));
    for (const d of holding) expect(trace).toContain(`href="/datasets/${d.id}/"`);
    expect(trace).toMatch(/train the co-op(’|&#39;|')s shared model/);
    // A work with display consent: its hash links to its own page, which says where it is used.
    const lowTide = datasets.flatMap((d) => d.works).find((w) => w.title === 'Low Tide')!;
    expect(hashLinks).toContain('/works/ana/low-tide/');
    expect(page('works/ana/low-tide')).toContain('Where this work is used');
    expect(page('works/ana/low-tide')).toContain(lowTide.hash);
  });

  it('traces a withdrawn writer: their page lists what held their writing and what became of it, linked from contributors and the timeline', async () => {
    const datasets = await manifests();
    const cards = await modelCards();
    const held = datasets.filter((d) => d.works.some((w) => w.contributor === 'sam'));
    expect(held.length).toBeGreaterThan(0);
    const samPage = page(`contributors/${SAM.slug}`);
    for (const d of held) expect(samPage).toContain(`href="/datasets/${d.id}/"`);
    const trainedOnSam = cards.filter((c) => held.some((d) => d.content === datasets.find((x) => x.id === c.dataset)?.content));
    expect(trainedOnSam.length).toBeGreaterThan(0);
    for (const c of trainedOnSam) {
      expect(samPage).toContain(`href="/models/${c.version}/"`);
      expect(c.status).toBe('retired');
    }
    expect(samPage).toContain(': its weights deleted');
    expect(samPage).toContain('What they took out');
    // The receipt a writer keeps: every dataset and model that held it, by id, and that no current dataset does.
    const receipt = JSON.parse(files.get(`contributors/${SAM.slug}/withdrawal-receipt.json`)!) as {
      complete: boolean;
      works: Array<{ fingerprint: string; withdrawn: string; datasets: Array<{ id: string }>; models: Array<{ version: string; status: string }> }>;
      currentDatasets: Array<{ id: string; holdsAny: boolean }>;
    };
    expect(receipt.complete).toBe(true);
    expect(receipt.works.map((w) => w.fingerprint).sort()).toEqual(
      datasets
        .flatMap((d) => d.works.filter((w) => w.contributor === 'sam').map((w) => w.hash))
        .filter((h, i, a) => a.indexOf(h) === i)
        .sort(),
    );
    for (const w of receipt.works) {
      expect(w.withdrawn).toBe('2026-06-01');
      expect(w.datasets.map((d) => d.id).sort()).toEqual(held.map((d) => d.id).sort());
      expect(w.models.map((m) => m.version).sort()).toEqual(trainedOnSam.map((c) => c.version).sort());
      for (const m of w.models) expect(m.status).toBe('retired');
    }
    expect(receipt.currentDatasets.length).toBeGreaterThan(0);
    for (const d of receipt.currentDatasets) expect(d.holdsAny).toBe(false);
    expect(samPage).toContain(`href="/contributors/${SAM.slug}/withdrawal-receipt.json"`);
    // Writers with nothing withdrawn get no receipt.
    expect(files.has('contributors/wren/withdrawal-receipt.json')).toBe(false);
    expect(page('contributors')).toContain(`href="/contributors/${SAM.slug}/"`);
    expect(page('timeline')).toMatch(new RegExp(`<a href="/contributors/${SAM.slug}/">A writer withdrew from the co-op</a>`));
    // Ana's one withdrawn work: the timeline links to its trace, which says when it left, with no title.
    const ferry = page('timeline').match(/<a href="(\/fingerprints\/[0-9a-f]{64}\/)">A work was withdrawn<\/a>/)?.[1];
    expect(ferry).toBeDefined();
    const ferryPage = page(ferry!.slice(1, -1));
    expect(ferryPage).toContain('on 2026-06-03');
    expect(ferryPage).toContain('Where this work was');
  });

  it('says each dataset’s counts the one way, held-out included, and every page that counts it agrees with its manifest', async () => {
    const datasets = await manifests();
    const cards = await modelCards();
    const counted = (html: string) =>
      [...html.matchAll(/<span class="counts" data-works="(\d+)" data-characters="(\d+)" data-held-out-works="(\d+)" data-held-out-characters="(\d+)">/g)].map((m) => m.slice(1, 5).map(Number));
    const totals = (d: (typeof datasets)[number]) => [d.totals.all.works, d.totals.all.characters, d.totals.validation.works, d.totals.validation.characters];
    for (const d of datasets) {
      const html = page(`datasets/${d.id}`);
      expect(counted(html), d.id).toEqual([totals(d)]);
      expect(html).toContain(`of which ${d.totals.validation.works} work`);
    }
    const shared = datasets.filter((d) => d.kind === 'shared').at(-1)!;
    expect(counted(page(''))).toEqual([totals(shared)]);
    for (const c of cards) {
      const d = datasets.find((x) => x.id === c.dataset)!;
      const ledger = JSON.parse(files.get(`models/${c.version}/ledger.json`)!) as {
        totals: { works: number; characters: number; heldOutWorks: number; heldOutCharacters: number };
        rows: Array<{ writer: string; works: number; characters: number; share: number }>;
      };
      expect(ledger.totals, c.version).toEqual({
        works: d.totals.train.works,
        characters: d.totals.train.characters,
        heldOutWorks: d.totals.validation.works,
        heldOutCharacters: d.totals.validation.characters,
      });
      expect(ledger.rows.reduce((n, r) => n + r.characters, 0)).toBe(d.totals.train.characters);
      expect(ledger.rows.reduce((n, r) => n + r.works, 0)).toBe(d.totals.train.works);
      if (d.totals.train.characters > 0) expect(ledger.rows.reduce((n, r) => n + r.share, 0)).toBeCloseTo(1, 9);
      const csv = files.get(`models/${c.version}/ledger.csv`)!.trim().split('\r\n');
      expect(csv.length).toBe(ledger.rows.length + 1);
      expect(page(`models/${c.version}`)).toContain(`href="/models/${c.version}/ledger.csv"`);
    }
    // Writers are named in ledgers only as they asked: never a handle of an anonymous or withdrawn writer.
    const ledgers = cards.map((c) => files.get(`models/${c.version}/ledger.json`)!).join('\n');
    expect(ledgers).not.toContain('quiet-lantern');
    expect(ledgers).not.toContain('Sam Whitlock');
  });

  it('has a glossary, and the plain-words box on the home page says how to leave', () => {
    expect(page('glossary')).toContain('id="bits-per-character"');
    expect(page('')).toContain('What happens to your writing');
    expect(page('')).toContain('You can leave.');
    expect(page('')).toContain('href="/glossary/#bits-per-character"');
  });

  it('links only to pages and files that exist, and to #anchors that exist on them', async () => {
    const all = new Set((await readdir(site.out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(site.out, path.join(e.parentPath, e.name))));
    const broken: string[] = [];
    let checked = 0;
    for (const [name, html] of [...files].filter(([n]) => n.endsWith('.html'))) {
      const here = new URL(`/${name.replace(/index\.html$/, '')}`, 'https://site.test');
      for (const [, raw] of html.matchAll(/\shref="([^"]*)"/g)) {
        const href = raw!.replaceAll('&amp;', '&');
        const target = new URL(href, here);
        if (target.origin !== here.origin) continue;
        const rel = decodeURIComponent(target.pathname).slice(1);
        const file = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
        checked++;
        if (!all.has(file)) {
          broken.push(`${name}: ${href} (no ${file})`);
          continue;
        }
        const fragment = decodeURIComponent(target.hash.slice(1));
        if (fragment && !new RegExp(`\\sid="${fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(files.get(file) ?? '')) broken.push(`${name}: ${href} (no id "${fragment}" on ${file})`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });

  it('uses no inline script or style, under a strict Content-Security-Policy', () => {
    for (const [name, html] of [...files].filter(([n]) => n.endsWith('.html'))) {
      expect(html, name).toContain(`http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`);
      expect(/<script(?![^>]*\bsrc=)[^>]*>/.test(html), `${name} has an inline script`).toBe(false);
      expect(/<style[\s>]/.test(html), `${name} has an inline style`).toBe(false);
      expect(/\sstyle="/.test(html), `${name} has a style attribute`).toBe(false);
    }
  });
});

describe('a co-op with no datasets or models yet', () => {
  it('still builds a sensible site', async () => {
    const fresh = await coop().write();
    const r = await buildSiteCli(fresh);
    expect(r.code, r.stderr).toBe(0);
    const built = await allFiles(r.out);
    expect(built.get('datasets/index.html')).toContain('No dataset has been built yet.');
    expect(built.get('models/index.html')).toContain('No model has been trained yet.');
    expect(built.get('try/index.html')).toContain('No model is available to try.');
    expect(built.get('index.html')).toContain('Nothing needs the board right now.');
    // No siteUrl in coop.yaml: no feed or sitemap (they need absolute links), no page linking to them, no made-up address.
    expect(built.has('timeline.xml')).toBe(false);
    expect(built.has('sitemap-index.xml')).toBe(false);
    for (const [name, text] of built) {
      expect(text, name).not.toContain('timeline.xml');
      expect(text, name).not.toContain('sitemap-index.xml');
      expect(text, name).not.toContain('example.invalid');
    }
    expect(r.stdout + r.stderr).toContain('no siteUrl');
  }, 120_000);

  it('refuses to build when the co-op fails check, leaving no site', async () => {
    const broken = await coop().work('nobody', 'orphan').write();
    const r = await buildSiteCli(broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('does not pass check');
    await expect(readdir(r.out)).rejects.toThrow();
  });
});
