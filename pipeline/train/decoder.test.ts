import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.ts';
import { Decoder } from './decoder.ts';
import { buildModel } from './model.ts';

const SHAPE = { layers: 2, dModel: 16, heads: 2, context: 12, seed: 3 };
const VOCAB = 9;

/** The next symbol the whole-window forward pass picks greedily, as generation used to compute it. */
function greedyByWindow(model: tf.LayersModel, seqs: number[][], length: number, context: number): number[][] {
  const out = seqs.map((s) => [...s]);
  for (let i = 0; i < length; i++) {
    const t = Math.min(context, out[0]!.length);
    const logits = tf.tidy(() =>
      (
        model.predict(
          tf.tensor2d(
            out.map((s) => s.slice(-t)),
            [out.length, t],
            'int32',
          ),
        ) as tf.Tensor3D
      )
        .slice([0, t - 1, 0], [out.length, 1, VOCAB])
        .reshape([out.length, VOCAB]),
    );
    const rows = logits.arraySync() as number[][];
    logits.dispose();
    rows.forEach((r, j) => out[j]!.push(r.indexOf(Math.max(...r))));
  }
  return out.map((s) => s.slice(seqs[0]!.length));
}

beforeAll(async () => {
  await useBackend('wasm');
});

describe('the decoder', () => {
  it('writes what the whole-window forward pass writes, while everything fits in the context', async () => {
    const model = buildModel(SHAPE, VOCAB);
    const prompts = [
      [2, 3, 4],
      [5, 6, 7],
    ];
    const argmax = (l: Float32Array) => l.indexOf(Math.max(...l));
    const before = tf.memory().numTensors;
    expect(await new Decoder(model, SHAPE.context).continue(prompts, 8, argmax)).toEqual(greedyByWindow(model, prompts, 8, SHAPE.context));
    // Nothing it made is left behind.
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('slides the window past the context exactly as the whole-window pass does', async () => {
    const model = buildModel(SHAPE, VOCAB);
    const argmax = (l: Float32Array) => l.indexOf(Math.max(...l));
    const prompts = [[2, 3, 4, 5]];
    expect(await new Decoder(model, SHAPE.context, SHAPE.context).continue(prompts, 3 * SHAPE.context, argmax)).toEqual(greedyByWindow(model, prompts, 3 * SHAPE.context, SHAPE.context));
    model.dispose();
  });

  it('with a smaller keep, shifts the window in jumps and keeps writing', async () => {
    const model = buildModel(SHAPE, VOCAB);
    const argmax = (l: Float32Array) => l.indexOf(Math.max(...l));
    const before = tf.memory().numTensors;
    const written = await new Decoder(model, SHAPE.context, SHAPE.context / 2).continue([[2, 3]], 40, argmax);
    expect(tf.memory().numTensors).toBe(before);
    expect(written[0]).toHaveLength(40);
    // Until the window first fills, nothing differs.
    expect(written[0]!.slice(0, SHAPE.context - 2)).toEqual(greedyByWindow(model, [[2, 3]], SHAPE.context - 2, SHAPE.context)[0]);
    expect(() => new Decoder(model, SHAPE.context, 0)).toThrow(/keep must be a whole number from 1 to the context/);
    model.dispose();
  });
  it('chooses greedily where the logits are, as picking the largest read-back logit would, never a banned id', async () => {
    const model = buildModel(SHAPE, VOCAB);
    const prompts = [
      [2, 3, 4],
      [5, 6, 7],
    ];
    const decoder = new Decoder(model, SHAPE.context);
    const largestAllowed = (l: Float32Array) => {
      const allowed = Array.from(l, (v, i) => (i < 2 ? -Infinity : v));
      return allowed.indexOf(Math.max(...allowed));
    };
    const before = tf.memory().numTensors;
    const greedy = await decoder.greedy(prompts, 30, [0, 1]);
    expect(tf.memory().numTensors).toBe(before);
    expect(greedy).toEqual(await decoder.continue(prompts, 30, largestAllowed));
    expect(greedy.flat().some((id) => id < 2)).toBe(false);
    model.dispose();
  });
});
