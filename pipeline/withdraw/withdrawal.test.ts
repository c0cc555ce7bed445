/**
 * The co-op's central promise, end to end in a real git repository: a writer
 * donates (merged by pull request with a review), the pipeline runs, the writer
 * withdraws with `commonplace-coop withdraw`, the pipeline runs again; then nothing
 * of the withdrawn text or its title is anywhere the co-op keeps or publishes.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetRegistry, readModelRegistry } from '../registry/index.ts';
import type { DatasetManifest, ModelCard } from '../schemas/index.ts';
import { TEXT_CACHE_DIR } from '../cache/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { runStages, TINY } from '../testing/run-stages.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const MARKER = 'Quillmarker-7 counted the herons twice';
const TITLE = 'Zanzibar Lantern Ledger';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Every file under `dir` (skipping .git) whose bytes contain `needle`. */
async function filesHolding(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(e.parentPath, e.name);
    if (!e.isFile() || full.split(path.sep).includes('.git')) continue;
    if ((await readFile(full)).includes(needle)) hits.push(path.relative(dir, full));
  }
  return hits;
}

let root: string;
let before: { datasets: DatasetManifest[]; cards: ModelCard[] };
let after: { datasets: DatasetManifest[]; cards: ModelCard[] };
let exported: string;
let site: string;
/** Files of the site built after the donation that held the marker and the title: the site showed the work then. */
let siteBeforeHeld: string[];
let withdrawOut: string;
/** Files of the text cache that held the marker after the donation. */
let cacheBeforeHeld: string[];

async function registry(dir: string) {
  const d = await DatasetRegistry.open(dir);
  const m = await readModelRegistry(dir);
  if (!d.ok || !m.ok) throw new Error('registry unreadable');
  const all = await d.value.all();
  if (!all.ok) throw new Error('manifests unreadable');
  return { datasets: all.value, cards: m.value.cards };
}

beforeAll(async () => {
  root = await coop()
    .withPolicy({ training: { profiles: { cpu: { ...TINY, steps: 10, allotmentSteps: 2 } } }, release: { maxVerbatimChars: 500, extractionChars: 400 } })
    .decision('0002-public-demo', { affects: ['use-case:public-demo'] })
    .useCase('public-demo', { title: 'Public demo', publicDemo: true, decision: '0002' })
    .member('ana')
    .work('ana', 'river', { body: 'The river keeps what we drop into it.\nLow water shows it all.\n' })
    .work('ana', 'bread', { body: 'Four in the morning, flour to the elbow.\n' })
    .member('bo', { scopes: ['train-shared', 'display-full'] })
    .work('bo', 'tide', { body: 'The tide came in over the causeway.\n' })
    .write();
  const git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  await runStages(root);
  await git.commitAll('Pipeline');

  // Zed donates one work by pull request, reviewed by two stewards.
  await git.git('checkout', '-q', '-b', 'donate/zed');
  await writeFile(
    path.join(root, 'governance/agreements/zed.yaml'),
    'handle: zed\npublicName: { display: name, name: Zed Marlow }\nagreementVersion: "1.0"\nsigned: 2026-03-01\nsignature: Zed Marlow\nscopes: [train-shared, train-own, display-excerpts, display-full]\n',
  );
  await mkdir(path.join(root, 'corpus/zed'));
  await writeFile(
    path.join(root, 'corpus/zed/heron-count.md'),
    `---\ntitle: "${TITLE}"\ncontributor: zed\nlanguage: en\nform: poem\nscopes: [train-shared, train-own, display-excerpts, display-full]\n---\n\n${MARKER} at the *weir*,\nand wrote the number on the back of a ticket.\n`,
  );
  await git.commitAll('Donate a poem', 'Zed Marlow <zed@example.invalid>');
  await git.git('checkout', '-q', 'main');
  await git.merge('donate/zed', 'Merge pull request #12 from zed/donate\n\nReviewed-by: Bea <bea@example.invalid>\nApproved-by: Cai <cai@example.invalid>');
  await runStages(root);
  await git.commitAll('Pipeline after the donation');
  before = await registry(root);
  const siteBefore = path.join(await mkdtemp(path.join(tmpdir(), 'site-before-')), 'site');
  const sb = await cli('site', '--root', root, '--out', siteBefore);
  if (sb.code !== 0) throw new Error(sb.stdout + sb.stderr);
  siteBeforeHeld = [...(await filesHolding(siteBefore, MARKER)), ...(await filesHolding(siteBefore, TITLE))];
  // The poem's emphasis takes Markdown parsing, so check kept its normalised text in the text cache.
  cacheBeforeHeld = await filesHolding(path.join(root, TEXT_CACHE_DIR), MARKER);

  // Zed withdraws, with the command, and the pipeline runs again.
  const w = await cli('withdraw', '--root', root, '--handle', 'zed', '--date', '2026-07-01');
  if (w.code !== 0) throw new Error(w.stdout + w.stderr);
  withdrawOut = w.stdout + w.stderr;
  await git.commitAll('Zed withdraws');
  await runStages(root);
  await git.commitAll('Pipeline after the withdrawal');
  after = await registry(root);
  exported = path.join(await mkdtemp(path.join(tmpdir(), 'export-')), 'out');
  const e = await cli('export', '--root', root, '--out', exported);
  if (e.code !== 0) throw new Error(e.stdout + e.stderr);
  site = path.join(await mkdtemp(path.join(tmpdir(), 'site-')), 'site');
  const s = await cli('site', '--root', root, '--out', site);
  if (s.code !== 0) throw new Error(s.stdout + s.stderr);
}, 300_000);

describe('withdrawing with the command', () => {
  it('deletes the text from corpus/ and keeps only fingerprints in the record, saying so', async () => {
    await expect(readdir(path.join(root, 'corpus/zed'))).resolves.toEqual([]);
    const record = await readFile(path.join(root, 'governance/withdrawals/zed.yaml'), 'utf8');
    expect(record).toMatch(/hash: [0-9a-f]{64}/);
    expect(record).not.toContain('heron');
    expect(withdrawOut).toContain('corpus/zed/heron-count.md: deleted');
    expect((await cli('check', '--root', root)).code).toBe(0);
    expect((await cli('withdraw', '--root', root, '--handle', 'zed')).stdout).toContain('nothing to do');
  });

  it('records a new shared dataset version with the withdrawal, even though its works equal the first version', () => {
    const shared = after.datasets.filter((d) => d.kind === 'shared');
    expect(shared.map((d) => d.version)).toEqual([1, 2, 3]);
    expect(shared[2]!.content).toBe(shared[0]!.content);
    expect(shared[2]!.changes.withdrawn).toEqual([expect.objectContaining({ contributor: 'zed', reason: 'agreement-withdrawn', inDatasets: [shared[1]!.id, expect.any(String)] })]);
    expect(new Set(after.datasets.map((d) => d.id)).size).toBe(after.datasets.length);
  });

  it('retires every model trained on the withdrawn work, and the public demo is one trained without it', () => {
    const zedsData = new Set(after.datasets.filter((d) => d.works.some((w) => w.contributor === 'zed')).map((d) => d.id));
    const trainedOnIt = after.cards.filter((c) => zedsData.has(c.dataset));
    expect(trainedOnIt.map((c) => c.kind).sort()).toEqual(['allotment', 'shared']);
    for (const c of trainedOnIt) expect(c).toMatchObject({ status: 'retired', publicDemo: false, samples: [], weights: { published: false } });
    const demo = after.cards.filter((c) => c.publicDemo);
    expect(demo).toHaveLength(1);
    expect(zedsData.has(demo[0]!.dataset)).toBe(false);
    expect(demo[0]!.status).toBe('current');
    // The demo was current before the donation: a withdrawal that brings back the same works brings back its model.
    expect(before.cards.find((c) => c.version === demo[0]!.version)?.status).toBe('superseded');
  });

  it('leaves no byte of the withdrawn text or its title in the working tree, registry, artifacts, export or site', async () => {
    // The site built after the donation showed both, so their absence below is the withdrawal's doing.
    expect(siteBeforeHeld.length).toBeGreaterThan(1);
    expect(cacheBeforeHeld).toHaveLength(1);
    for (const needle of [MARKER, TITLE]) {
      expect(await filesHolding(root, needle), `working tree holds "${needle}"`).toEqual([]);
      expect(await filesHolding(exported, needle), `export holds "${needle}"`).toEqual([]);
      expect(await filesHolding(site, needle), `site holds "${needle}"`).toEqual([]);
    }
    expect(await filesHolding(root, 'Zed Marlow')).toEqual(['governance/agreements/zed.yaml']);
    expect(await filesHolding(site, 'Zed Marlow')).toEqual([]);
  });
});
