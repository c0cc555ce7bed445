/** How generation picks each token: greedy (for the memorisation audit) or seeded sampling (for samples and the demo); LanguageModel.continue writes. */
import { mulberry32 } from './random.ts';

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

/** How the next symbol is chosen from the logits (one random stream per picker); never a `banned` id (by default 0 and 1: unknown, boundary). */
export function pickerFor(decoding: Decoding, banned: readonly number[] = [0, 1]): (logits: Float32Array) => number {
  const random = mulberry32(decoding.kind === 'sample' ? decoding.seed : 0);
  return (logits) => {
    const row = Float32Array.from(logits);
    for (const id of banned) row[id] = -Infinity;
    return pick(row, decoding, random);
  };
}
