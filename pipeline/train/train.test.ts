import { access, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelCard, validateRecord, type TrainingProfile } from '../schemas/index.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { POEM, runStages, TINY, tinyCoop } from '../testing/run-stages.ts';
import { useBackend } from './backend.ts';
import { charModel } from './char-model.ts';
import { prepareChar } from './char-job.ts';
import type { StepReport } from './loop.ts';
import { loadModel } from './model-io.ts';
import { openingWords } from './prompts.ts';
import { Tokenizer } from './tokenizer.ts';
import { trainOne } from './train-one.ts';
import { withdrawFor } from '../testing/withdraw.ts';
import { sha256 } from '../hash/index.ts';
import { folderSource } from './restore.ts';

const works = (n: number) => Array.from({ length: n }, (_, i) => ({ hash: String(i).padStart(64, '0'), contributor: 'ana', text: `${POEM}${'and again '.repeat(i + 1)}\n`, displayable: true }));

/** The tiny co-op's own works stop granting training, so only the work a test adds trains; committed. */
async function onlyThisTrains(root: string, message: string): Promise<void> {
  for (const f of ['ana/river', 'ana/bread', 'bo/tide', 'bo/salt']) {
    const file = path.join(root, 'corpus', `${f}.md`);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/scopes:\n( {2}- .*\n)+/, 'scopes:\n  - display-excerpts\n'));
  }
  await new GitFixture(root).commitAll(message);
}

beforeAll(async () => {
  await useBackend('wasm');
});

/** A tiny character model trained 20 steps on `train` through the stage's own parts (prepareChar, trainOne). */
async function trainTiny(o: {
  train: ReturnType<typeof works>;
  checkpointDir: string;
  config?: TrainingProfile;
  resume?: boolean;
  workers?: number;
  auditBatch?: number;
  onStep?: (r: StepReport) => void;
}) {
  const config = o.config ?? TINY;
  const tokenizer = Tokenizer.fromTexts(o.train.map((w) => w.text));
  const prepared = await prepareChar(config, tokenizer, o.train, { steps: 20, workers: o.workers ?? 1, backend: 'wasm', ...(o.auditBatch ? { auditBatch: o.auditBatch } : {}) });
  try {
    return await trainOne(prepared.model, {
      config,
      steps: 20,
      warmupSteps: prepared.warmupSteps,
      train: o.train,
      validation: [],
      prompts: [{ prompt: 'The river', source: 'policy' }],
      release: { maxVerbatimChars: 10, maxExtractionRate: 1, extractionChars: 20 },
      checkpointDir: o.checkpointDir,
      resume: o.resume ?? false,
      ...(prepared.pool ? { pool: prepared.pool } : {}),
      ...(o.onStep ? { onStep: o.onStep } : {}),
    });
  } finally {
    await prepared.dispose();
  }
}

describe('training', () => {
  it('gives the same weights for the same data, config, seed and backend', async () => {
    const train = works(3);
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'ckpt-')), 'c');
    const a = await trainTiny({ train, checkpointDir: dir });
    const b = await trainTiny({ train, checkpointDir: dir });
    expect(a.weightsSha256).toBe(b.weightsSha256);
    const c = await trainTiny({ config: { ...TINY, seed: 8 }, train, checkpointDir: dir });
    expect(c.weightsSha256).not.toBe(a.weightsSha256);
    expect(a.curve.at(-1)!.loss).toBeLessThan(a.curve[0]!.loss);
  });

  it('gives the same weights and audit with one worker thread or two, the micro-batches combined in a fixed order', async () => {
    const train = works(3);
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'ckpt-')), 'c');
    const config = { ...TINY, microBatches: 2 };
    const one = await trainTiny({ config, train, checkpointDir: dir });
    // One work per audit batch, so the batches are shared between the threads.
    const two = await trainTiny({ config, train, checkpointDir: dir, workers: 2, auditBatch: 1 });
    expect(two.weightsSha256).toBe(one.weightsSha256);
    expect(two.curve).toEqual(one.curve);
    // The audit's batches went to both threads too, and came back in order.
    expect(two.audit).toEqual(one.audit);
    // The split is real: the same batch taken whole is a different (if close) computation.
    const whole = await trainTiny({ train, checkpointDir: dir });
    expect(whole.weightsSha256).not.toBe(one.weightsSha256);
    expect(Math.abs(whole.curve.at(-1)!.loss - one.curve.at(-1)!.loss)).toBeLessThan(1e-3);
  }, 60_000);

  it('resumes after a crash and ends with the same weights as an uninterrupted run', async () => {
    const train = works(3);
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'ckpt-')), 'c');
    const whole = await trainTiny({ train, checkpointDir: dir });
    await expect(
      trainTiny({
        train,
        checkpointDir: dir,
        onStep: (r) => {
          if (r.step === 13) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    await access(path.join(dir, 'checkpoint.json'));
    const resumed = await trainTiny({ train, checkpointDir: dir, resume: true });
    expect(resumed.resumedFrom).toBe(10);
    expect(resumed.weightsSha256).toBe(whole.weightsSha256);
    expect(resumed.curve).toEqual(whole.curve);
  });

  it('keeps the tensor count flat across steps', async () => {
    const train = works(2);
    const counts: number[] = [];
    await trainTiny({ train, checkpointDir: path.join(await mkdtemp(path.join(tmpdir(), 'ckpt-')), 'unused'), onStep: () => counts.push(tf.memory().numTensors) });
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('catches a planted memorised text, and the gate holds the model back', async () => {
    const planted = 'Nobody else could have written this line about the heron at Carrow Mill, standing in the weir like a bent nail.\n';
    const { root } = await tinyCoop((b) =>
      b
        .withPolicy({ training: { profiles: { cpu: { ...TINY, steps: 300, learningRate: 0.02, context: 32, dModel: 32 } } }, release: { maxVerbatimChars: 40, extractionChars: 30 } })
        .member('cy', { scopes: ['train-shared'] })
        .work('cy', 'heron', { body: planted }),
    );
    // Only the planted work trains: everyone else keeps their writing out of this co-op.
    await onlyThisTrains(root, 'Only the heron');
    const { train } = await runStages(root, { profile: 'cpu' });
    const shared = train.cards.find((c) => c.kind === 'shared')!;
    expect(shared.memorisation.maxVerbatimOwn).toBeGreaterThanOrEqual(40);
    expect(shared.memorisation.extracted).toBe(1);
    expect(shared.status).toBe('held-back');
    expect(shared.weights.published).toBe(false);
    expect(shared.publicDemo).toBe(false);
    expect(shared.memorisation.worst[0]).not.toHaveProperty('excerpt');
  }, 120_000);

  it('audits a haiku too short for a full prompt, and holds back a model that writes it out whole', async () => {
    const haiku = 'heron in the weir\nthe mill wheel turns without it\nnobody counts fish\n';
    const { root } = await tinyCoop((b) =>
      b
        .withPolicy({ training: { profiles: { cpu: { ...TINY, steps: 600, learningRate: 0.02, context: 32, dModel: 32 } } }, release: { maxVerbatimChars: 500, extractionChars: 200 } })
        .member('cy', { scopes: ['train-shared'] })
        .work('cy', 'heron', { body: haiku }),
    );
    await onlyThisTrains(root, 'Only the haiku');
    const { train } = await runStages(root, { profile: 'cpu' });
    const shared = train.cards.find((c) => c.kind === 'shared')!;
    // Longer than its prompt plus 200 characters it is not: the old audit skipped it.
    expect(shared.memorisation).toMatchObject({ worksAudited: 1, shortWorksAudited: 1, worksTooShort: 0, wholeWorks: 1 });
    expect(shared.status).toBe('held-back');
    expect(shared.statusReason).toContain('1 short work reproduced whole');
  }, 120_000);
});

describe('the training stage', () => {
  it('trains the shared model and allotments, writes valid cards, and skips them when nothing changed', async () => {
    const { root } = await tinyCoop();
    const first = await runStages(root);
    expect(first.train.trained).toHaveLength(2);
    const [shared, allotment] = first.train.cards;
    expect(shared).toMatchObject({ kind: 'shared', status: 'current', baseModel: null });
    expect(allotment).toMatchObject({ kind: 'allotment', member: 'ana', baseModel: shared!.version });
    for (const card of first.train.cards) {
      const text = await readFile(path.join(root, 'registry/models', `${card.version}.json`), 'utf8');
      expect(validateRecord(ModelCard, JSON.parse(text), { file: card.version }).ok).toBe(true);
    }
    expect(shared!.metrics.validation.bitsPerChar).toBeGreaterThan(0);
    expect(shared!.metrics.unigramBaseline.bitsPerChar).toBeGreaterThan(0);
    // Samples start from the opening words of held-out works whose writers allow display, and say so.
    const openings = new Map([POEM, 'Four in the morning, flour to the elbow,\n', 'The tide came in over the causeway\n', 'Salt on the window, salt in the bread,\n'].map((t) => [openingWords(t), t]));
    expect(shared!.samples.length).toBeGreaterThan(0);
    for (const s of shared!.samples) {
      expect(openings.has(s.prompt), s.prompt).toBe(true);
      expect(s.source).toMatch(/^held-out work [0-9a-f]{12}$/);
    }
    const second = await runStages(root);
    expect(second.train.trained).toEqual([]);
    expect(second.train.skipped).toEqual(first.train.trained);
  }, 60_000);

  it('starts an allotment from the shared model: with no steps of its own, it is the shared model', async () => {
    const { root } = await tinyCoop((b) => b.withPolicy({ training: { profiles: { cpu: { ...TINY, allotmentSteps: 0 } } } }));
    const { train } = await runStages(root);
    const [shared, allotment] = train.cards;
    expect(allotment!.weights.weightsSha256).toBe(shared!.weights.weightsSha256);
    // So the shared model's figures on the member's held-out works are the allotment's own.
    expect(allotment!.metrics.sharedModel).toEqual(allotment!.metrics.validation);
  }, 60_000);

  it("sizes a member's model to what they gave when the policy asks, and its card says so", async () => {
    const { root } = await tinyCoop((b) => b.withPolicy({ training: { allotmentScaling: { fullAtCharacters: 1_000_000 }, profiles: { cpu: { ...TINY, allotmentSteps: 40 } } } }));
    const { train } = await runStages(root);
    const allotment = train.cards.find((c) => c.kind === 'allotment')!;
    const share = allotment.allotmentScale!.share;
    expect(allotment.allotmentScale!.fullAtCharacters).toBe(1_000_000);
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(0.01);
    // A few lines: the fewest steps, at a gentler rate than the full recipe's.
    expect(allotment.steps).toBe(1);
    expect(allotment.config!.learningRate).toBeLessThan(TINY.learningRate / 10);
    expect(validateRecord(ModelCard, allotment, { file: allotment.version }).ok).toBe(true);
  }, 60_000);

  it("shows on an allotment's card the shared model's loss on the member's held-out works, and adds it to an older card whose weights are restored", async () => {
    const { root } = await tinyCoop();
    const first = await runStages(root);
    const allotment = first.train.cards.find((c) => c.kind === 'allotment')!;
    expect(allotment.metrics.sharedModel!.characters).toBe(allotment.metrics.validation.characters);
    expect(allotment.metrics.sharedModel!.bitsPerChar).not.toBe(allotment.metrics.validation.bitsPerChar);
    // A card written before the figure existed, on a fresh clone (no weights): retrained to the same sha256, it gains the figure and nothing else changes.
    const file = path.join(root, 'registry/models', `${allotment.version}.json`);
    const written = JSON.parse(await readFile(file, 'utf8')) as ModelCard;
    const { sharedModel: _gone, ...older } = written.metrics;
    await writeFile(file, `${JSON.stringify({ ...written, metrics: older }, null, 2)}\n`);
    await rm(path.join(root, 'artifacts'), { recursive: true, force: true });
    const again = await runStages(root);
    expect(again.train.trained).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(written);
  }, 60_000);

  it("restores published weights from a folder before retraining, and takes no file whose sha256 is not the card's", async () => {
    const { root } = await tinyCoop();
    const first = await runStages(root);
    const [shared, allotment] = first.train.cards;
    // The folder as `gh release download` leaves each model's Release: DIR/<version>/<file>.
    const releases = await mkdtemp(path.join(tmpdir(), 'releases-'));
    for (const card of [shared!, allotment!]) {
      await mkdir(path.join(releases, card.version));
      for (const f of card.weights.files) await cp(path.join(root, f.path), path.join(releases, card.version, path.basename(f.path)));
    }
    // One of the allotment's files altered on the way: it must not be taken.
    const altered = path.join(releases, allotment!.version, path.basename(allotment!.weights.files[0]!.path));
    await writeFile(altered, Buffer.concat([await readFile(altered), Buffer.from(' ')]));
    await rm(path.join(root, 'artifacts'), { recursive: true, force: true });
    const lines: string[] = [];
    const again = await runStages(root, { weightsFrom: folderSource(releases), log: (l) => lines.push(l) });
    expect(again.train.trained).toEqual([]);
    expect(lines).toContain(`  ${shared!.version} (shared): weights restored from ${releases} (same sha256 as the card), not retrained`);
    // The altered download restored nothing of the allotment: it was made again, to the same sha256.
    expect(lines.some((l) => l.startsWith(`  ${allotment!.version} (ana): not restored from ${releases}:`) && l.includes('is not the published file'))).toBe(true);
    expect(lines.some((l) => l.includes(`${allotment!.version}`) && l.endsWith('weights restored (same sha256 as the card)'))).toBe(true);
    for (const card of [shared!, allotment!]) for (const f of card.weights.files) expect(sha256(await readFile(path.join(root, f.path))), f.path).toBe(f.sha256);
  }, 60_000);

  it('never rewrites a card whose retrained weights differ from the ones it records: it stops, naming the model, and writes nothing', async () => {
    const { root } = await tinyCoop();
    const first = await runStages(root);
    const shared = first.train.cards.find((c) => c.kind === 'shared')!;
    // The card as another machine wrote it (other kernels, other bits), on a fresh clone without its weights.
    const file = path.join(root, 'registry/models', `${shared.version}.json`);
    const card = JSON.parse(await readFile(file, 'utf8')) as ModelCard;
    const elsewhere = 'f'.repeat(64);
    const files = card.weights.files.map((f) => (f.sha256 === card.weights.weightsSha256 ? { ...f, sha256: elsewhere } : f));
    const text = `${JSON.stringify({ ...card, weights: { ...card.weights, weightsSha256: elsewhere, files } }, null, 2)}\n`;
    await writeFile(file, text);
    await rm(path.join(root, 'artifacts'), { recursive: true, force: true });
    const again = await runStages(root);
    expect(again.train.ok).toBe(false);
    const problem = again.train.problems.find((p) => p.code === 'train/weights-differ')!;
    expect(problem).toMatchObject({ file: `registry/models/${shared.version}.json` });
    expect(problem.message).toContain(`${shared.version} (shared): its weights are missing here, and retraining it gave different weights`);
    expect(problem.message).toContain('where the card records ffffffffffff');
    expect(problem.hint).toContain(`artifacts/models/${shared.version}/`);
    // The card stands byte for byte, and the retrained weights are not left where the card's would go.
    expect(await readFile(file, 'utf8')).toBe(text);
    await expect(access(path.join(root, 'artifacts/models', shared.version))).rejects.toThrow();
  }, 60_000);

  it('retires every model trained on writing that is later withdrawn, and unpublishes its weights', async () => {
    const moth = 'A moth at the lamp all evening,\nlearning the shape of the light by heart.\n';
    const { root, git } = await tinyCoop((b) =>
      b
        .member('cy', { scopes: ['train-own'] })
        .work('cy', 'moth', { body: moth })
        .work('cy', 'lamp', { body: moth.toUpperCase() }),
    );
    const first = await runStages(root);
    expect(first.train.cards.map((c) => c.member ?? 'shared')).toEqual(['shared', 'ana', 'cy']);
    await withdrawFor(root, 'ana', { date: '2026-06-01' });
    await git.commitAll('Ana withdraws');
    const second = await runStages(root);
    const byVersion = new Map(second.train.cards.map((c) => [c.version, c]));
    for (const old of first.train.cards) {
      const card = byVersion.get(old.version)!;
      expect(card.status).toBe('retired');
      expect(card.weights.published).toBe(false);
      // cy withdrew nothing: their old allotment is retired only because it grew from the retired shared model.
      expect(card.statusReason).toMatch(old.member === 'cy' ? /^fine-tuned from m-[0-9a-f]{12}, which is retired$/ : /^trained on writing withdrawn on 2026-06-01$/);
      // Nothing a retired model wrote or repeated is kept: any of it may be the withdrawn text.
      expect(card.samples).toEqual([]);
      expect(card.memorisation.worst.filter((w) => w.contributor === 'ana' && w.excerpt)).toEqual([]);
      await expect(access(path.join(root, 'artifacts/models', old.version))).rejects.toThrow();
    }
    const current = second.train.cards.filter((c) => c.status === 'current');
    expect(current.map((c) => c.member ?? 'shared')).toEqual(['shared', 'cy']);
  }, 60_000);

  it("samples from the prompts the policy sets, in the co-op's own language", async () => {
    const { root } = await tinyCoop((b) => b.withPolicy({ training: { samplePrompts: ['床前明月', 'Yn y bore'] } }));
    const { train } = await runStages(root);
    expect(train.cards[0]!.samples.map((s) => [s.prompt, s.source])).toEqual([
      ['床前明月', 'policy'],
      ['Yn y bore', 'policy'],
    ]);
  }, 60_000);

  it('saves a model that reloads and generates the same text', async () => {
    const { root } = await tinyCoop((b) => b.withPolicy({ training: { samplePrompts: ['The river'] } }));
    const { train } = await runStages(root);
    const shared = train.cards[0]!;
    const { model, tokenizer } = await loadModel(path.join(root, 'artifacts/models', shared.version));
    const reloaded = charModel(model, Tokenizer.fromJson(tokenizer), { shape: TINY });
    const [text] = await reloaded.continue(['The river'], 30, { kind: 'sample', temperature: 0.8, seed: TINY.seed });
    expect([...text!]).toHaveLength(30);
    expect(text).toBe(shared.samples[0]!.text.slice(0, text!.length));
  }, 60_000);
});
