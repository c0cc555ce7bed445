import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../hash/index.ts';
import { loadCheckpoint } from '../checkpoints/load.ts';
import { TINY } from '../testing/run-stages.ts';
import { useBackend } from './backend.ts';
import { checkpointModel } from './checkpoint-model.ts';
import type { StepReport } from './loop.ts';
import { trainOne } from './train-one.ts';

// A member's own model, as the stage trains one: the tiny GPT-2 fixture scored as it starts (scoreStart) on held-out works.
const FIXTURES = fileURLToPath(new URL('../checkpoints/fixtures/', import.meta.url));
const TEXT = 'The river keeps what we drop into it,\nthe keys, the rings, the names.\n\nLow water shows them all again\nin August, when the town walks out.\n';
const work = (i: number, text: string) => ({ hash: String(i).padStart(64, '0'), contributor: 'ana', text, displayable: true });
const train = [0, 1, 2].map((i) => work(i, `${TEXT}${'and again '.repeat(i + 1)}\n`));
const validation = [work(9, `${TEXT}and again and again and again and again\n`)];
// Writing unlike the training text: training helps on it at first, then does worse (the best step is 10 of 30, measured).
const unlike = [work(8, 't'.repeat(41))];

beforeAll(async () => {
  await useBackend('wasm');
});

async function allotment(learningRate: number, checkpointDir: string, o: { resume?: boolean; onStep?: (r: StepReport) => void; validation?: typeof validation } = {}) {
  const checkpoint = await loadCheckpoint(path.join(FIXTURES, 'gpt2-tiny'));
  const model = checkpointModel(checkpoint, { context: 16 });
  try {
    const start = sha256((await model.save()).files.get('model.safetensors')!);
    const result = await trainOne(model, {
      config: { ...TINY, batch: 2, learningRate },
      steps: 30,
      warmupSteps: 2,
      scoreStart: true,
      train,
      validation: o.validation ?? validation,
      prompts: [],
      release: { maxVerbatimChars: 10, maxExtractionRate: 1, extractionChars: 20 },
      checkpointDir,
      resume: o.resume ?? false,
      ...(o.onStep ? { onStep: o.onStep } : {}),
    });
    return { ...result, start };
  } finally {
    tf.dispose([...checkpoint.model.weights.values()]);
  }
}

const dir = async () => path.join(await mkdtemp(path.join(tmpdir(), 'best-step-')), 'c');

describe('a member’s own model keeps its best step on the member’s held-out works', () => {
  it('keeps the starting point, weights and score, when no step of training beats it', async () => {
    // A learning rate this high wrecks the model at once: every step scores worse than the start.
    const r = await allotment(50, await dir());
    expect(r.keptStep).toEqual({ step: 0, of: 30, every: 10 });
    expect(r.weightsSha256).toBe(r.start);
    expect(r.validation.bitsPerChar).toBe(r.sharedModel!.bitsPerChar);
  });

  it('keeps a later step when training helps, and scores better than the start', async () => {
    const r = await allotment(0.01, await dir());
    expect(r.keptStep!.step).toBeGreaterThan(0);
    expect(r.weightsSha256).not.toBe(r.start);
    expect(r.validation.bitsPerChar).toBeLessThan(r.sharedModel!.bitsPerChar);
  });

  it('keeps an earlier step’s weights when later steps do worse on the held-out works', async () => {
    const r = await allotment(0.01, await dir(), { validation: unlike });
    expect(r.keptStep!.step).toBeGreaterThan(0);
    expect(r.keptStep!.step).toBeLessThan(30);
    expect(r.validation.bitsPerChar).toBeLessThan(r.sharedModel!.bitsPerChar);
  });

  it('resumes after a crash with the best step it had kept, and ends with the same weights as an uninterrupted run', async () => {
    const d = await dir();
    const whole = await allotment(0.01, d, { validation: unlike });
    // The step kept comes before the crash: a resumed run that forgot it would keep another.
    expect(whole.keptStep!.step).toBeLessThanOrEqual(20);
    expect(whole.keptStep!.step).toBeGreaterThan(0);
    await expect(
      allotment(0.01, d, {
        validation: unlike,
        onStep: (r) => {
          if (r.step === 23) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    await access(path.join(d, 'checkpoint.json'));
    const resumed = await allotment(0.01, d, { resume: true, validation: unlike });
    expect(resumed.resumedFrom).toBe(20);
    expect(resumed.keptStep).toEqual(whole.keptStep);
    expect(resumed.weightsSha256).toBe(whole.weightsSha256);
  });
});
