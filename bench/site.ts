/**
 * Benchmark: build the transparency site for a generated co-op of 10,000 works
 * by 200 contributors, with 50 dataset versions (built by the real dataset
 * stage, a few works added between versions) and 100 model cards (synthetic:
 * schema-valid cards, no training). Prints build time, ms per page and where
 * the time went, output size, the largest page, the heaviest page's transfer
 * (HTML + CSS + JS), and the time to build again after one work changed.
 *
 *   npm run bench:site [-- --works N --contributors N --datasets N --models N]
 *   npm run bench:site -- --coop DIR   (reuse a co-op an earlier run generated; it prints where)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { checkCoop } from '../pipeline/check/index.ts';
import { runDatasetStage } from '../pipeline/dataset/index.ts';
import { recordJson } from '../pipeline/fs/index.ts';
import { interactive } from '../pipeline/progress.ts';
import { buildSite } from '../pipeline/site/index.ts';
import type { DatasetManifest, ModelCard } from '../pipeline/schemas/index.ts';
import { TINY } from '../pipeline/testing/run-stages.ts';
import { syntheticCoop, syntheticText, rng } from './synthetic-coop.ts';

const { values } = parseArgs({
  options: {
    coop: { type: 'string' },
    works: { type: 'string', default: '10000' },
    contributors: { type: 'string', default: '200' },
    datasets: { type: 'string', default: '50' },
    models: { type: 'string', default: '100' },
  },
});
const W = Number(values.works);
const C = Number(values.contributors);
const D = Number(values.datasets);
const M = Number(values.models);
const PER_VERSION = 4;

/** Generate the co-op: works, dataset versions built by the real stage, synthetic model cards; returns its root. */
async function generate(): Promise<string> {
  const t0 = performance.now();
  const { root, git } = await syntheticCoop({ works: W - (D - 1) * PER_VERSION, contributors: C, bytesPerWork: 5000, displayFullEvery: 3 });
  const random = rng(9);
  const datasets: DatasetManifest[] = [];
  for (let v = 0; v < D; v++) {
    if (v > 0) {
      for (let i = 0; i < PER_VERSION; i++) {
        const handle = `writer-${(v * PER_VERSION + i) % C}`;
        await writeFile(
          path.join(root, 'corpus', handle, `added-${v}-${i}.md`),
          `---\ntitle: "Added ${v}.${i}"\ncontributor: ${handle}\nlanguage: en\nform: poem\nscopes: [train-shared, display-excerpts]\n---\n\n${syntheticText(5000, random)}`,
        );
      }
      await git.commitAll(`Donations, round ${v}`);
    }
    const check = await checkCoop(root);
    const r = await runDatasetStage(root, { check });
    if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
    datasets.push(r.datasets[0]!);
    // On a terminal the count rewrites itself; in a log, a line every ten versions.
    if (interactive()) process.stderr.write(`\rdataset versions: ${v + 1}/${D}${v + 1 === D ? '\n' : ''}`);
    else if ((v + 1) % 10 === 0 || v + 1 === D) process.stderr.write(`dataset versions: ${v + 1}/${D}\n`);
  }
  process.stderr.write('\n');

  // Synthetic model cards: the site renders cards, it does not need real weights for them.
  const cards: ModelCard[] = [];
  for (let i = 0; i < M; i++) {
    const dataset = datasets[Math.min(datasets.length - 1, Math.floor((i * datasets.length) / M))]!;
    const version = `m-${(i + 1).toString(16).padStart(12, '0')}`;
    const curve = Array.from({ length: 100 }, (_, s) => ({ step: (s + 1) * 10, loss: 3 * Math.exp(-s / 30) + 1.2 }));
    cards.push({
      schemaVersion: 1,
      version,
      kind: 'shared',
      baseModel: null,
      dataset: dataset.id,
      trainer: 'commonplace-train@1',
      architecture: { type: 'char-transformer', parameters: 800_000, vocabulary: 90, flopsPerToken: 2_000_000 },
      config: TINY,
      steps: 1000,
      profile: 'gpu',
      backend: { name: 'tensorflow-gpu', reason: 'benchmark fixture', cpu: 'synthetic', cores: 2, memoryGiB: 24 },
      started: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      finished: new Date(Date.UTC(2026, 0, 1 + i, 2)).toISOString(),
      trainingSeconds: 7200,
      tokensSeen: 1e8,
      tokensPerSecond: 14000,
      lossCurve: curve,
      metrics: { validation: { loss: 1.3, bitsPerChar: 1.88, characters: 500000 }, perContributor: {}, unigramBaseline: { loss: 3.0, bitsPerChar: 4.3, characters: 500000 }, validationWorks: 1000 },
      samples: [{ prompt: 'The river', text: ' runs on and on', temperature: 0.8, seed: 1 }],
      memorisation: {
        promptChars: 32,
        generatedChars: 184,
        extractionChars: 50,
        minTargetChars: 12,
        worksAudited: 9000,
        shortWorksAudited: 0,
        worksTooShort: 0,
        extracted: 0,
        wholeWorks: 0,
        extractionRate: 0,
        maxVerbatimOwn: 20,
        maxVerbatimTraining: 30,
        distribution: [],
        worst: [],
        gate: { maxVerbatimChars: 120, maxExtractionRate: 0.05, maxWholeWorks: 0, passed: true },
      },
      intendedUses: [],
      outOfScopeUses: ['Any use not approved by a board decision in the use-case register.'],
      publicDemo: false,
      status: i === M - 1 ? 'current' : 'superseded',
      weights: { files: [], weightsSha256: '0'.repeat(64), published: false },
    });
  }
  await mkdir(path.join(root, 'registry/models'), { recursive: true });
  for (const c of cards) await writeFile(path.join(root, 'registry/models', `${c.version}.json`), recordJson(c));
  await writeFile(path.join(root, 'registry/models/index.json'), recordJson({ schemaVersion: 1, models: cards.map((c) => ({ version: c.version, kind: c.kind })) }));
  await git.commitAll('Registry');
  console.log(`generated ${W} works, ${C} contributors, ${D} datasets, ${M} models in ${((performance.now() - t0) / 1000).toFixed(0)} s at ${root}`);
  return root;
}

const root = values.coop ? path.resolve(values.coop) : await generate();
const out = path.join(await mkdtemp(path.join(tmpdir(), 'bench-site-')), 'site');
const before = process.resourceUsage().maxRSS;
const r = await buildSite(root, { out });
const phases = (p: typeof r.phases) => `records ${p.records.toFixed(1)} s, Astro ${p.astro.toFixed(1)} s, search index ${p.search.toFixed(1)} s`;
console.log(
  `site build: ${r.seconds.toFixed(1)} s for ${r.pages} pages = ${((r.seconds * 1000) / r.pages).toFixed(1)} ms per page (${phases(r.phases)}); output ${(r.bytes / 1e6).toFixed(1)} MB; peak RSS ${(Math.max(before, process.resourceUsage().maxRSS) / 1024).toFixed(0)} MB`,
);

// Transfer per page: its HTML plus the CSS and JS it links (same-origin files).
let largest = { page: '', bytes: 0 };
let heaviest = { page: '', bytes: 0 };
const sizes = new Map<string, number>();
const sizeOf = async (rel: string) => {
  if (!sizes.has(rel)) sizes.set(rel, (await stat(path.join(out, rel)).catch(() => ({ size: 0 }))).size);
  return sizes.get(rel)!;
};
for (const e of await readdir(out, { withFileTypes: true, recursive: true })) {
  if (!e.isFile() || !e.name.endsWith('.html')) continue;
  const file = path.join(e.parentPath, e.name);
  const rel = path.relative(out, file);
  const html = await readFile(file, 'utf8');
  let bytes = Buffer.byteLength(html);
  for (const m of html.matchAll(/(?:href|src)="\/(_astro\/[^"]+\.(?:css|js))"/g)) bytes += await sizeOf(m[1]!);
  if (Buffer.byteLength(html) > largest.bytes) largest = { page: rel, bytes: Buffer.byteLength(html) };
  if (!rel.startsWith('try/') && bytes > heaviest.bytes) heaviest = { page: rel, bytes };
}
console.log(`largest HTML page: ${largest.page} ${(largest.bytes / 1024).toFixed(1)} KB`);
console.log(`heaviest page other than the demo (HTML + CSS + JS): ${heaviest.page} ${(heaviest.bytes / 1024).toFixed(1)} KB`);

// A writer revises one work and the change is merged: build the site again, into the same folder.
const folder = path.join(root, 'corpus/writer-1');
const work = path.join(folder, (await readdir(folder)).filter((f) => f.endsWith('.md')).sort()[0]!);
await writeFile(work, `${await readFile(work, 'utf8')}\nrevised ${new Date().toISOString()}\n`);
await promisify(execFile)('git', ['-C', root, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', 'commit', '-qam', 'Revise one work']);
const again = await buildSite(root, { out });
console.log(`build again after one work changed: ${again.seconds.toFixed(1)} s = ${((again.seconds / r.seconds) * 100).toFixed(0)}% of the full build (${phases(again.phases)})`);
