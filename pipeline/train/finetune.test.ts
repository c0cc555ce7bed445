import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCoop } from '../check/index.ts';
import { checkpointModel } from './checkpoint-model.ts';
import { loadCheckpoint } from '../checkpoints/load.ts';
import { loadLora, loraVariables, mergeLora } from '../checkpoints/lora.ts';
import { type BaseModel, ModelCard, type Policy, validateRecord } from '../schemas/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { pinnedFiles, TINY_FILES, TINY_GPT2, tinyBaseModel } from '../testing/tiny-base-model.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { runStages } from '../testing/run-stages.ts';
import { withdrawFor } from '../testing/withdraw.ts';
import { useBackend } from './backend.ts';
import { evaluateWith } from './evaluate.ts';
import { FINETUNER } from './plan.ts';
import { serveStatic } from '../site/static-server.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Texts in the tiny tokenizer's alphabet (lowercase, spaces, a few marks), one line each. */
const TEXTS = {
  river: 'the river ran over the weir, the river ran on, and the water was low in august when the town walked out to the river.',
  bread: 'four in the morning, flour to the elbow, the ovens ticking as they heat, the bread rising under the cloth.',
  tide: 'the tide came in over the causeway and we stayed on the island one more night, the water over the road.',
  salt: 'salt on the window, salt in the bread, salt in the river water, salt in everything she said to the town.',
};

/** The tiny GPT-2's record, its name markup-like (it must reach the pages escaped); `modelSha` pins a wrong model.safetensors. */
async function record(modelSha?: string): Promise<BaseModel> {
  const files = (await pinnedFiles()).map((f) => (f.path === 'model.safetensors' && modelSha ? { ...f, sha256: modelSha } : f));
  return tinyBaseModel({ name: 'Tiny <GPT-2> & Co', files, trainedOn: { summary: 'Nothing: random weights for tests.', links: [{ title: 'the script', url: 'https://example.org/tiny' }] } });
}

const BASE_TRAINING = { model: 'tiny', context: 16, batch: 8, steps: 40, allotmentSteps: 8, learningRate: 0.01, warmupSteps: 2, weightDecay: 0, clipNorm: 1, seed: 3 };
const ADAPTER = { method: 'adapter' as const, rank: 2, targets: ['attn.c_attn.weight'] };

async function fineTuneCoop(training: Partial<Policy['training']>, rec?: BaseModel, demo = false) {
  const builder = demo
    ? coop()
        .decision('0002-public-demo', { affects: ['use-case:public-demo'] })
        .useCase('public-demo', { title: 'Public demo', publicDemo: true, decision: '0002' })
    : coop();
  const root = await builder
    .baseModel('tiny', rec ?? (await record()))
    .withPolicy({ training: training as Policy['training'], dataset: { minValidationWorks: 1 } })
    .member('ana')
    .work('ana', 'river', { body: `${TEXTS.river}\n` })
    .work('ana', 'bread', { body: `${TEXTS.bread}\n` })
    .member('bo', { scopes: ['train-shared', 'display-excerpts'] })
    .work('bo', 'tide', { body: `${TEXTS.tide}\n` })
    .work('bo', 'salt', { body: `${TEXTS.salt}\n` })
    .write();
  const git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  return { root, git };
}

beforeAll(async () => {
  await useBackend('wasm');
});

describe('a co-op that fine-tunes an adopted base model, with adapters for its members', () => {
  let root: string;
  let git: GitFixture;
  let shared: ModelCard;
  let ana: ModelCard;
  let heldOut: Array<{ contributor: string; text: string }>;
  let site: string;

  beforeAll(async () => {
    ({ root, git } = await fineTuneCoop({ base: BASE_TRAINING, allotments: ADAPTER }, undefined, true));
    const { train, datasets } = await runStages(root);
    expect(train.ok).toBe(true);
    shared = train.cards.find((c) => c.kind === 'shared')!;
    ana = train.cards.find((c) => c.kind === 'allotment' && c.member === 'ana')!;
    heldOut = datasets.datasets
      .find((d) => d.kind === 'shared')!
      .works.filter((w) => w.split === 'validation')
      .map((w) => ({ contributor: w.contributor, text: `${TEXTS[path.basename(w.path!, '.md') as keyof typeof TEXTS]}\n` }));
    site = path.join(await mkdtemp(path.join(tmpdir(), 'site-')), 'site');
    await promisify(execFile)(process.execPath, [BIN, 'site', '--root', root, '--out', site], { maxBuffer: 1 << 24 });
  }, 300_000);

  it('fine-tunes the shared model from the base, with its provenance and the recipe on the card, into a checkpoint that beats the base', async () => {
    expect(validateRecord(ModelCard, shared, { file: shared.version }).ok).toBe(true);
    // The base's family, its provenance, the policy's recipe over the checkpoint's shape.
    expect(shared.architecture.type).toBe('gpt2');
    expect(shared.trainer).toBe(FINETUNER);
    expect(shared.baseModel).toBeNull();
    expect(shared.foundation).toMatchObject({ id: 'tiny', name: 'Tiny <GPT-2> & Co', licence: 'Apache-2.0', adoptedBy: '0001' });
    expect(shared.foundation!.openness.trainingCode!.level).toBe('open');
    expect(shared.config).toMatchObject({ layers: 2, dModel: 32, heads: 4, context: 16, batch: 8, steps: 40 });
    expect(shared.memorisation.worksAudited).toBeGreaterThan(0);
    expect(shared.samples.length).toBeGreaterThan(0);
    expect(shared.publicDemo).toBe(true);
    expect(shared.weights.files.map((f) => path.basename(f.path)).sort()).toEqual([...TINY_FILES].sort());
    // The loss is a real cross-entropy (a random model over 43 tokens starts near ln 43 = 3.8 nats), and it fell.
    expect(shared.lossCurve[0]!.loss).toBeGreaterThan(2);
    expect(shared.lossCurve.at(-1)!.loss).toBeLessThan(shared.lossCurve[0]!.loss * 0.8);

    // The saved folder is a checkpoint again, and on the shared held-out works it beats the random base.
    const saved = await loadCheckpoint(path.join(root, 'artifacts/models', shared.version));
    const original = await loadCheckpoint(TINY_GPT2);
    const before = (await evaluateWith(checkpointModel(original, { context: 16 }), heldOut, 16)).overall.bitsPerChar;
    const after = (await evaluateWith(checkpointModel(saved, { context: 16 }), heldOut, 16)).overall.bitsPerChar;
    expect(after).toBeCloseTo(shared.metrics.validation.bitsPerChar, 3);
    expect(after).toBeLessThan(before * 0.9);
    for (const m of [saved.model, original.model]) for (const v of m.weights.values()) v.dispose();
  });

  it("makes each member's model an adapter over the shared model: a small file, with the shared model's loss on their works beside its own", async () => {
    expect(validateRecord(ModelCard, ana, { file: ana.version }).ok).toBe(true);
    expect(ana.baseModel).toBe(shared.version);
    expect(ana.adapter).toMatchObject({ rank: 2, targets: ['attn.c_attn.weight'] });
    expect(ana.weights.files.map((f) => path.basename(f.path))).toEqual(['adapter.safetensors']);
    const fullBytes = shared.weights.files.find((f) => f.path.endsWith('model.safetensors'))!.bytes;
    expect(ana.weights.files[0]!.bytes).toBeLessThan(fullBytes / 4);
    expect(ana.metrics.sharedModel!.characters).toBe(ana.metrics.validation.characters);
    expect(ana.metrics.validation.bitsPerChar).not.toBe(ana.metrics.sharedModel!.bitsPerChar);
    // The adapter goes back on the shared model it was trained over.
    const saved = await loadCheckpoint(path.join(root, 'artifacts/models', shared.version));
    expect(loadLora(saved.model, await readFile(path.join(root, ana.weights.files[0]!.path)), 'adapter.safetensors').length).toBeGreaterThan(0);
    for (const v of saved.model.weights.values()) v.dispose();
  });

  it("shows the soil on the site: the base model's provenance and openness, and what a member's adapter adds", async () => {
    const sharedPage = await readFile(path.join(site, 'models', shared.version, 'index.html'), 'utf8');
    expect(sharedPage).toContain('What it grew from');
    expect(sharedPage).toContain('Tiny &lt;GPT-2&gt; &amp; Co');
    expect(sharedPage).not.toContain('Tiny <GPT-2>');
    expect(sharedPage).toContain('Nothing: random weights for tests.');
    expect(sharedPage).toMatch(/Base model: Tiny &lt;GPT-2&gt; &amp; Co: training code<\/th><td[^>]*><span class="badge open">/);
    expect(sharedPage).toContain('An open GPT-2 checkpoint');
    const anaPage = await readFile(path.join(site, 'models', ana.version, 'index.html'), 'utf8');
    expect(anaPage).toContain('A LoRA adapter of rank 2');
    expect(anaPage).toContain('The shared model it started from, on the same works');
    expect(anaPage).toContain(ana.metrics.sharedModel!.bitsPerChar.toFixed(3));
    const tryPage = await readFile(path.join(site, 'try', 'index.html'), 'utf8');
    expect(tryPage).toContain('data-format="checkpoint"');
    expect(tryPage).toMatch(/Your browser downloads the model once: \d+ kB/);
  });

  it('writes text with the fine-tuned checkpoint in a real browser, on "Try the model"', async () => {
    const server = await serveStatic(site);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/try/`);
      await page.getByLabel('Begin a line').fill('the river');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(() => page.locator('#try-status').textContent(), { timeout: 90_000 }).toMatch(/^(Done|The model could not)/);
      expect(await page.locator('#try-status').textContent()).toMatch(/^Done: \d+ characters/);
      const written = (await page.locator('#try-output .generated').textContent()) ?? '';
      expect([...written].length).toBeGreaterThan(100);
      expect(await page.locator('#try-output .prompt').textContent()).toBe('the river');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);

  it('retires the shared model when writing in it is withdrawn, and every adapter on it', async () => {
    // Nothing changed: nothing is retrained.
    const again = await runStages(root);
    expect(again.train.trained).toEqual([]);
    // Bo withdraws a work: the shared model is retired, and Ana's adapter with it (it sits on that model).
    await git.commitAll('Train');
    await withdrawFor(root, 'bo', { work: 'tide' });
    await git.commitAll('Withdraw');
    const after = await runStages(root);
    const old = new Map(after.train.cards.map((c) => [c.version, c]));
    expect(old.get(shared.version)!.status).toBe('retired');
    expect(old.get(ana.version)!.status).toBe('retired');
    expect(old.get(ana.version)!.statusReason).toContain(shared.version);
    await expect(access(path.join(root, 'artifacts/models', ana.version))).rejects.toThrow();
  }, 300_000);
});

describe('a co-op whose shared model is an adapter over the base (training.base.method: adapter)', () => {
  let root: string;
  let shared: ModelCard;
  let ana: ModelCard;
  let texts: (kind: 'shared' | 'allotment') => Array<{ contributor: string; text: string }>;

  beforeAll(async () => {
    ({ root } = await fineTuneCoop({ base: { ...BASE_TRAINING, steps: 24, allotmentSteps: 4, method: { ...ADAPTER, rank: 4, targets: [...ADAPTER.targets] } }, allotments: ADAPTER }));
    const { train, datasets } = await runStages(root);
    expect(train.ok).toBe(true);
    shared = train.cards.find((c) => c.kind === 'shared')!;
    ana = train.cards.find((c) => c.kind === 'allotment' && c.member === 'ana')!;
    texts = (kind) =>
      datasets.datasets
        .find((d) => d.kind === kind && (kind === 'shared' || d.member === 'ana'))!
        .works.filter((w) => w.split === 'validation')
        .map((w) => ({ contributor: w.contributor, text: `${TEXTS[path.basename(w.path!, '.md') as keyof typeof TEXTS]}\n` }));
  }, 300_000);

  /** The adopted base with the shared model's adapter on it, as a LanguageModel. */
  async function baseWithSharedAdapter(merge: boolean) {
    const base = await loadCheckpoint(TINY_GPT2);
    loadLora(base.model, await readFile(path.join(root, shared.weights.files[0]!.path)), 'adapter.safetensors');
    if (merge) mergeLora(base.model);
    return { lm: checkpointModel(base, { context: 16 }), dispose: () => [...base.model.weights.values(), ...loraVariables(base.model)].forEach((v) => v.dispose()) };
  }

  it('trains only an adapter over the base for the shared model: one small file, and the base with it on is the model the card measured', async () => {
    expect(validateRecord(ModelCard, shared, { file: shared.version }).ok).toBe(true);
    expect(shared.foundation?.id).toBe('tiny');
    expect(shared.adapter).toMatchObject({ rank: 4, alpha: 8, targets: ['attn.c_attn.weight'] });
    expect(shared.config).not.toHaveProperty('method');
    expect(shared.weights.files.map((f) => path.basename(f.path))).toEqual(['adapter.safetensors']);
    expect(shared.lossCurve.at(-1)!.loss).toBeLessThan(shared.lossCurve[0]!.loss);
    const base = await loadCheckpoint(TINY_GPT2);
    const before = (await evaluateWith(checkpointModel(base, { context: 16 }), texts('shared'), 16)).overall.bitsPerChar;
    for (const v of base.model.weights.values()) v.dispose();
    const withAdapter = await baseWithSharedAdapter(false);
    const after = (await evaluateWith(withAdapter.lm, texts('shared'), 16)).overall.bitsPerChar;
    withAdapter.dispose();
    expect(after).toBeCloseTo(shared.metrics.validation.bitsPerChar, 3);
    expect(after).toBeLessThan(before);
  });

  it("starts each member's adapter from the base with the shared adapter folded in, and the shared model's figure on their works is that model's", async () => {
    expect(validateRecord(ModelCard, ana, { file: ana.version }).ok).toBe(true);
    expect(ana.baseModel).toBe(shared.version);
    expect(ana.adapter).toMatchObject({ rank: 2 });
    expect(ana.weights.files.map((f) => path.basename(f.path))).toEqual(['adapter.safetensors']);
    // Folding the adapter in changes nothing the model computes, so both give the card's figure.
    for (const merge of [true, false]) {
      const start = await baseWithSharedAdapter(merge);
      expect((await evaluateWith(start.lm, texts('allotment'), 16)).overall.bitsPerChar).toBeCloseTo(ana.metrics.sharedModel!.bitsPerChar, 3);
      start.dispose();
    }
  });

  it("says on the shared model's page that the co-op trained an adapter over the base", async () => {
    const site = path.join(await mkdtemp(path.join(tmpdir(), 'site-')), 'site');
    await promisify(execFile)(process.execPath, [BIN, 'site', '--root', root, '--out', site], { maxBuffer: 1 << 24 });
    const page = await readFile(path.join(site, 'models', shared.version, 'index.html'), 'utf8');
    expect(page).toMatch(/A LoRA adapter of rank 4 .*numbers the co-op trained, [\d.]+% of the base model it sits on/s);
    expect(page).toContain('with the base model it sits on');
  }, 300_000);

  it('names the policy line when the shared adapter targets matrices the base does not have', async () => {
    const bad = await fineTuneCoop({ base: { ...BASE_TRAINING, steps: 2, allotmentSteps: 2, method: { ...ADAPTER, targets: ['self_attn.q_proj.weight'] } } });
    const { train: r } = await runStages(bad.root);
    expect(r.ok).toBe(false);
    const problem = r.problems.find((p) => p.code === 'policy/adapter-targets')!;
    expect(problem).toMatchObject({ file: 'governance/policy.yaml', pointer: '/training/base/method/targets' });
    expect(problem.line).toBeGreaterThan(0);
  }, 120_000);
});

describe('fine-tuning an adopted base model', () => {
  it('fine-tunes a full copy for each allotment when the policy says full', async () => {
    const { root } = await fineTuneCoop({ base: { ...BASE_TRAINING, steps: 4, allotmentSteps: 2 }, allotments: { method: 'full' } });
    const { train } = await runStages(root);
    const ana = train.cards.find((c) => c.kind === 'allotment')!;
    expect(ana.adapter).toBeUndefined();
    expect(ana.weights.files.map((f) => path.basename(f.path))).toContain('model.safetensors');
    expect(ana.foundation?.id).toBe('tiny');
  }, 300_000);

  it('stops with the record named when the fetched base model is not the one the board adopted', async () => {
    const { root } = await fineTuneCoop({ base: BASE_TRAINING }, await record('0'.repeat(64)));
    // check and the dataset stage pass (runStages throws otherwise); the training stage stops.
    const { train: r } = await runStages(root);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ code: 'train/base-model', file: 'governance/base-models/tiny.yaml' });
    expect(r.problems[0]!.message).toContain('model.safetensors');
    await expect(access(path.join(root, 'registry/models/index.json'))).rejects.toThrow();
  }, 120_000);

  it('stops with the policy line named when the adapters target matrices the base model does not have, and says which it has', async () => {
    const { root } = await fineTuneCoop({ base: { ...BASE_TRAINING, steps: 2, allotmentSteps: 2 }, allotments: { ...ADAPTER, targets: ['self_attn.q_proj.weight'] } });
    // check and the dataset stage pass (runStages throws otherwise); the training stage stops.
    const { train: r } = await runStages(root);
    expect(r.ok).toBe(false);
    const problem = r.problems.find((p) => p.code === 'policy/adapter-targets')!;
    expect(problem).toMatchObject({ file: 'governance/policy.yaml', pointer: '/training/allotments/targets' });
    expect(problem.line).toBeGreaterThan(0);
    expect(problem.hint).toContain('attn.c_attn.weight');
    await expect(access(path.join(root, 'registry/models/index.json'))).rejects.toThrow();
  }, 120_000);

  it('refuses a policy that names a base model with no record, or adapters without a base', async () => {
    const unknown = await fineTuneCoop({ base: { ...BASE_TRAINING, model: 'nowhere' } });
    const a = await checkCoop(unknown.root);
    expect(a.problems.find((p) => p.code === 'policy/unknown-base-model')).toMatchObject({ file: 'governance/policy.yaml', pointer: '/training/base/model' });
    const adapterOnly = await fineTuneCoop({ allotments: ADAPTER });
    const b = await checkCoop(adapterOnly.root);
    expect(b.problems.find((p) => p.code === 'policy/adapter-needs-base')?.line).toBeGreaterThan(0);
  });
});
