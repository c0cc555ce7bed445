import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../checkpoints/load.ts';
import { attachLora } from '../checkpoints/lora.ts';
import { TINY } from '../testing/run-stages.ts';
import { useBackend } from './backend.ts';
import { checkpointModel } from './checkpoint-model.ts';
import type { StepReport } from './loop.ts';
import { trainOne } from './train-one.ts';

// The tiny GPT-2 and Llama fixtures, fine-tuned whole or through adapters, as the train stage's checkpoint jobs do.
const FIXTURES = fileURLToPath(new URL('../checkpoints/fixtures/', import.meta.url));
const TEXT = 'The river keeps what we drop into it,\nthe keys, the rings, the names.\n\nLow water shows them all again\nin August, when the town walks out.\n';
const train = [0, 1, 2].map((i) => ({ hash: String(i).padStart(64, '0'), contributor: 'ana', text: `${TEXT}${'and again '.repeat(i + 1)}\n`, displayable: true }));

beforeAll(async () => {
  await useBackend('wasm');
});

async function fineTune(name: string, adapters: boolean, checkpointDir: string, o: { resume?: boolean; onStep?: (r: StepReport) => void; microBatches?: number } = {}) {
  const checkpoint = await loadCheckpoint(path.join(FIXTURES, name));
  if (adapters) attachLora(checkpoint.model, { rank: 2, alpha: 4, targets: name === 'gpt2-tiny' ? ['attn.c_attn.weight'] : ['self_attn.q_proj.weight', 'self_attn.v_proj.weight'], seed: 3 });
  const model = checkpointModel(checkpoint, { context: 16, adapters });
  try {
    return await trainOne(model, {
      config: { ...TINY, batch: 2, learningRate: 0.01, microBatches: o.microBatches ?? 1 },
      steps: 20,
      warmupSteps: 2,
      train,
      validation: [],
      prompts: [],
      release: { maxVerbatimChars: 10, maxExtractionRate: 1, extractionChars: 20 },
      checkpointDir,
      resume: o.resume ?? false,
      ...(o.onStep ? { onStep: o.onStep } : {}),
    });
  } finally {
    for (const v of checkpoint.model.weights.values()) v.dispose();
    for (const { a, b } of checkpoint.model.adapters.values()) tf.dispose([a, b]);
  }
}

describe('a fine-tune of an open checkpoint', () => {
  for (const name of ['gpt2-tiny', 'llama-tiny']) {
    for (const adapters of [false, true]) {
      it(`${name}${adapters ? ' with adapters' : ''}: resumes after a crash and ends with the same weights as an uninterrupted run`, async () => {
        const dir = path.join(await mkdtemp(path.join(tmpdir(), 'finetune-')), 'c');
        const whole = await fineTune(name, adapters, dir);
        await expect(
          fineTune(name, adapters, dir, {
            onStep: (r) => {
              if (r.step === 13) throw new Error('power cut');
            },
          }),
        ).rejects.toThrow('power cut');
        await access(path.join(dir, 'checkpoint.json'));
        const resumed = await fineTune(name, adapters, dir, { resume: true });
        expect(resumed.resumedFrom).toBe(10);
        expect(resumed.weightsSha256).toBe(whole.weightsSha256);
        expect(resumed.curve).toEqual(whole.curve);
        // Training moved the weights: a resume that kept the starting weights would not match.
        expect(whole.curve.at(-1)!.loss).toBeLessThan(whole.curve[0]!.loss);
      });
    }
  }

  it('takes a batch in micro-batches, one after another, to the losses of the whole batch within float rounding', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'finetune-'));
    const whole = await fineTune('llama-tiny', true, path.join(tmp, 'whole'));
    const parts = await fineTune('llama-tiny', true, path.join(tmp, 'parts'), { microBatches: 2 });
    expect(parts.curve.length).toBe(whole.curve.length);
    parts.curve.forEach((p, i) => expect(Math.abs(p.loss - whole.curve[i]!.loss)).toBeLessThan(1e-4));
    // And it was computed in parts: sums taken in another order differ in their last bits somewhere.
    expect(parts.weightsSha256).not.toBe(whole.weightsSha256);
    expect(parts.curve.at(-1)!.loss).toBeLessThan(parts.curve[0]!.loss);
  });
});
