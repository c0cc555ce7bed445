/** Training data as one token stream, and seeded batches of windows from it. */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, stepSeed } from './random.ts';
import { BOUNDARY, type Tokenizer } from './tokenizer.ts';

/** Works joined into one stream, each followed by the boundary symbol. */
export function tokenStream(texts: readonly string[], tokenizer: Tokenizer): Int32Array {
  return tokenizer.encode(texts.map((t) => `${t}${BOUNDARY}`).join(''));
}

/**
 * Inputs and targets for training step `step`: `batch` windows of `context`
 * tokens starting at seeded offsets; targets are the inputs shifted by one.
 * Depends only on (stream, seed, step), so a resumed run sees the same batches.
 */
export function batchAt(stream: Int32Array, context: number, batch: number, seed: number, step: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const span = stream.length - context - 1;
  if (span < 1) throw new Error(`the training text (${stream.length} characters) is shorter than the context (${context}) plus one`);
  const random = mulberry32(stepSeed(seed, step));
  const xs = new Int32Array(batch * context);
  const ys = new Int32Array(batch * context);
  for (let b = 0; b < batch; b++) {
    const start = Math.floor(random() * span);
    xs.set(stream.subarray(start, start + context), b * context);
    ys.set(stream.subarray(start + 1, start + context + 1), b * context);
  }
  return { x: tf.tensor2d(xs, [batch, context], 'int32'), y: tf.tensor2d(ys, [batch, context], 'int32') };
}

/** Non-overlapping windows covering `ids` (the last one shorter), for evaluation. */
export function windows(ids: Int32Array, context: number): Array<{ x: Int32Array; y: Int32Array }> {
  const out: Array<{ x: Int32Array; y: Int32Array }> = [];
  for (let start = 0; start + 1 < ids.length; start += context) {
    const end = Math.min(start + context, ids.length - 1);
    out.push({ x: ids.subarray(start, end), y: ids.subarray(start + 1, end + 1) });
  }
  return out;
}
