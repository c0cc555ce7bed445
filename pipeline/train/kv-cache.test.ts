import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../checkpoints/load.ts';
import type { KvCache } from '../checkpoints/model.ts';
import { useBackend } from './backend.ts';
import { CheckpointText, continueCheckpoint } from './checkpoint-model.ts';

// The tiny GPT-2 (learned positions) and Llama (rotary positions, two query heads per key/value head) fixtures, context 32.
const FIXTURES = fileURLToPath(new URL('../checkpoints/fixtures/', import.meta.url));
const FAMILIES = ['gpt2-tiny', 'llama-tiny'] as const;

beforeAll(async () => {
  await useBackend('wasm');
});

const disposeCache = (c: KvCache | undefined) => c && tf.dispose(c.layers.flatMap((l) => [l.k, l.v]));

describe('key/value cache of open checkpoints', () => {
  for (const name of FAMILIES) {
    it(`${name}: reading a few tokens, then one at a time after the cache, gives the logits of reading them all at once`, async () => {
      const { model } = await loadCheckpoint(path.join(FIXTURES, name));
      const ids = Array.from({ length: 2 }, (_, b) => Array.from({ length: 20 }, (_, t) => (7 * t + 3 * b + 1) % model.vocab));
      const whole = (await model.logits(tf.tensor2d(ids, undefined, 'int32')).array()) as number[][][];
      let { logits, cache } = model.extend(
        tf.tensor2d(
          ids.map((s) => s.slice(0, 5)),
          undefined,
          'int32',
        ),
      );
      const rows = (await logits.array()) as number[][][];
      for (let t = 5; t < 20; t++) {
        const next = model.extend(
          tf.tensor2d(
            ids.map((s) => [s[t]!]),
            undefined,
            'int32',
          ),
          cache,
        );
        disposeCache(cache);
        ({ logits, cache } = next);
        const step = (await logits.array()) as number[][][];
        rows.forEach((r, b) => r.push(step[b]![0]!));
      }
      disposeCache(cache);
      let worst = 0;
      whole.forEach((seq, b) => seq.forEach((row, t) => row.forEach((x, v) => (worst = Math.max(worst, Math.abs(x - rows[b]![t]![v]!))))));
      expect(rows[0]).toHaveLength(20);
      expect(worst).toBeLessThan(1e-4);
      for (const v of model.weights.values()) v.dispose();
    });

    it(`${name}: generation with the cache writes what generation without it writes, greedy and sampled, past the end of the window`, async () => {
      const checkpoint = await loadCheckpoint(path.join(FIXTURES, name));
      const text = new CheckpointText(checkpoint);
      // Different lengths run as different batches; 60 characters run well past the context of 32 tokens.
      const prompts = ['the river', 'a', 'the river ran over the weir'];
      const before = tf.memory().numTensors;
      for (const decoding of [{ kind: 'greedy' } as const, { kind: 'sample', temperature: 0.8, seed: 7 } as const]) {
        const cached = await continueCheckpoint(checkpoint.model, text, prompts, 60, checkpoint.model.context, decoding);
        const plain = await continueCheckpoint(checkpoint.model, text, prompts, 60, checkpoint.model.context, decoding, undefined, { keyValueCache: false });
        expect(cached).toEqual(plain);
        expect(cached.every((w) => w.length > 0)).toBe(true);
      }
      // Nothing of the cache is left behind.
      expect(tf.memory().numTensors).toBe(before);
      for (const v of checkpoint.model.weights.values()) v.dispose();
    });
  }
});
