/** Text generation: greedy (for the memorisation audit) or seeded sampling (for samples and the demo). */
import type * as tf from '@tensorflow/tfjs';
import { Decoder } from './decoder.ts';
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
 * boundary) are never produced. Computes only what it needs (decoder.ts).
 */
export function continueAll(model: tf.LayersModel, tokenizer: Tokenizer, prompts: readonly string[], length: number, context: number, decoding: Decoding): string[] {
  if (prompts.length === 0) return [];
  const seqs = prompts.map((p) => Array.from(tokenizer.encode(p)));
  const width = seqs[0]!.length;
  if (seqs.some((s) => s.length !== width) || width === 0) throw new Error('continueAll: prompts must be non-empty and of equal length');
  const decoder = new Decoder(model, context);
  const continued = decoding.kind === 'greedy' ? decoder.greedy(seqs, length, [0, 1]) : decoder.continue(seqs, length, pickerFor(decoding));
  return continued.map((s) => tokenizer.decode(s));
}

/** How the next symbol is chosen from the logits (one random stream per picker); never a `banned` id (by default 0 and 1: unknown, boundary). */
export function pickerFor(decoding: Decoding, banned: readonly number[] = [0, 1]): (logits: Float32Array) => number {
  const random = mulberry32(decoding.kind === 'sample' ? decoding.seed : 0);
  return (logits) => {
    const row = Float32Array.from(logits);
    for (const id of banned) row[id] = -Infinity;
    return pick(row, decoding, random);
  };
}
