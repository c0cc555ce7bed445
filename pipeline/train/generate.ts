/** Text generation: greedy (for the memorisation audit) or seeded sampling (for samples and the demo). */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from './random.ts';
import type { Tokenizer } from './tokenizer.ts';

export type Decoding = { kind: 'greedy' } | { kind: 'sample'; temperature: number; seed: number };

function pick(logits: Float32Array, decoding: Decoding, random: () => number): number {
  if (decoding.kind === 'greedy') {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    return best;
  }
  let max = -Infinity;
  for (const l of logits) max = Math.max(max, l);
  const weights = Array.from(logits, (l) => Math.exp((l - max) / decoding.temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return i;
  }
  return weights.length - 1;
}

/**
 * Continue each prompt by `length` symbols. Prompts in one call must encode
 * to the same length (they run as one batch). Ids 0 and 1 (unknown,
 * boundary) are never produced.
 */
export function continueAll(model: tf.LayersModel, tokenizer: Tokenizer, prompts: readonly string[], length: number, context: number, decoding: Decoding): string[] {
  if (prompts.length === 0) return [];
  const seqs = prompts.map((p) => Array.from(tokenizer.encode(p)));
  const width = seqs[0]!.length;
  if (seqs.some((s) => s.length !== width) || width === 0) throw new Error('continueAll: prompts must be non-empty and of equal length');
  const random = mulberry32(decoding.kind === 'sample' ? decoding.seed : 0);
  const vocab = tokenizer.size;
  for (let step = 0; step < length; step++) {
    const t = Math.min(context, seqs[0]!.length);
    const last = tf.tidy(() => {
      const x = tf.tensor2d(seqs.map((s) => s.slice(-t)), [seqs.length, t], 'int32');
      const logits = model.predict(x) as tf.Tensor3D;
      return logits.slice([0, t - 1, 0], [seqs.length, 1, vocab]).reshape([seqs.length, vocab]);
    });
    const data = last.dataSync() as Float32Array;
    last.dispose();
    seqs.forEach((s, i) => {
      const row = data.slice(i * vocab, (i + 1) * vocab);
      row[0] = -Infinity;
      row[1] = -Infinity;
      s.push(pick(row, decoding, random));
    });
  }
  return seqs.map((s) => tokenizer.decode(s.slice(width)));
}
