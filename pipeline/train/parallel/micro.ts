/**
 * The gradient of one micro-batch: part `index` of `parts` equal parts of the
 * batch of training step `step`. The same function runs on the main thread and
 * in every worker, on the same backend, so a part's gradient is the same
 * wherever it is computed.
 */
import * as tf from '@tensorflow/tfjs';
import { batchAt } from '../data.ts';
import type { Trainable } from '../language-model.ts';
import { lossOf } from '../loss.ts';

export interface MicroBatchJob {
  step: number;
  index: number;
  parts: number;
  context: number;
  batch: number;
  seed: number;
}

export interface MicroGradient {
  index: number;
  loss: number;
  /** One array per trainable variable, in the model's order. */
  grads: Float32Array[];
}

export async function microGradient(model: Trainable, stream: Int32Array, job: MicroBatchJob): Promise<MicroGradient> {
  const vars = [...model.trainable];
  const size = job.batch / job.parts;
  const { x, y } = batchAt(stream, job.context, job.batch, job.seed, job.step);
  const xs = x.slice([job.index * size, 0], [size, job.context]);
  const ys = y.slice([job.index * size, 0], [size, job.context]);
  const { value, grads } = tf.variableGrads(() => lossOf(model, xs as tf.Tensor2D, ys as tf.Tensor2D), vars);
  try {
    // Read asynchronously: WebGPU in Node has no synchronous read-back.
    const loss = (await value.data())[0]!;
    const out = await Promise.all(vars.map(async (v) => Float32Array.from((await grads[v.name]!.data()) as Float32Array)));
    return { index: job.index, loss, grads: out };
  } finally {
    tf.dispose([x, y, xs, ys, value, ...Object.values(grads)]);
  }
}

/**
 * The batch's gradient and loss: the micro-batches' means, summed in index order
 * (never in the order they arrived), so any number of workers gives the same bits.
 */
export function combine(parts: readonly MicroGradient[]): { loss: number; grads: Float32Array[] } {
  const ordered = [...parts].sort((a, b) => a.index - b.index);
  const grads = ordered[0]!.grads.map((g) => Float32Array.from(g));
  for (const p of ordered.slice(1)) {
    p.grads.forEach((g, v) => {
      const sum = grads[v]!;
      for (let i = 0; i < g.length; i++) sum[i] = sum[i]! + g[i]!;
    });
  }
  const n = ordered.length;
  if (n > 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! / n;
  let loss = 0;
  for (const p of ordered) loss += p.loss;
  return { loss: loss / n, grads };
}
