/** Held-out loss and bits per character, overall and per contributor, beside a unigram baseline. */
import * as tf from '@tensorflow/tfjs';
import { noProgress, type ProgressFactory } from '../progress.ts';
import { windows } from './data.ts';
import type { LanguageModel } from './language-model.ts';
import { BOUNDARY, type Tokenizer } from './tokenizer.ts';

export interface LossFigures {
  /** Mean cross-entropy in nats per character. */
  loss: number;
  bitsPerChar: number;
  characters: number;
}

const figures = (nats: number, count: number): LossFigures => ({ loss: count ? nats / count : 0, bitsPerChar: count ? nats / count / Math.LN2 : 0, characters: count });

/** What scoring held-out works needs of a model: its logits, how a work becomes ids, and how many characters it counts for. */
export type Scorer = Pick<LanguageModel, 'vocab' | 'logits' | 'encodeWork' | 'characters'>;

/** Summed negative log-likelihood (nats) of each window, computed in batches of windows of one length (fewer at a time for a large vocabulary). */
async function windowNats(scorer: Scorer, all: ReadonlyArray<{ x: Int32Array; y: Int32Array }>, onBatch?: (n: number) => void): Promise<Float64Array> {
  const vocab = scorer.vocab;
  const nats = new Float64Array(all.length);
  const byLength = new Map<number, number[]>();
  all.forEach((w, i) => byLength.set(w.x.length, [...(byLength.get(w.x.length) ?? []), i]));
  for (const [length, indices] of byLength) {
    const batch = Math.max(1, Math.min(32, Math.floor(2 ** 23 / (length * vocab))));
    for (let at = 0; at < indices.length; at += batch) {
      const chunk = indices.slice(at, at + batch);
      const values = tf.tidy(() => {
        const xs = new Int32Array(chunk.length * length);
        const ys = new Int32Array(chunk.length * length);
        chunk.forEach((i, j) => {
          xs.set(all[i]!.x, j * length);
          ys.set(all[i]!.y, j * length);
        });
        const logp = tf.logSoftmax(scorer.logits(tf.tensor2d(xs, [chunk.length, length], 'int32')));
        const onehot = tf.oneHot(tf.tensor1d(ys, 'int32'), vocab).reshape(logp.shape);
        return tf.neg(tf.sum(tf.mul(onehot, logp), [1, 2]));
      });
      // Read asynchronously: WebGPU in Node has no synchronous read-back.
      const data = await values.data();
      values.dispose();
      chunk.forEach((i, j) => (nats[i] = data[j]!));
      onBatch?.(chunk.length);
    }
  }
  return nats;
}

export interface EvalInput {
  contributor: string;
  text: string;
}

/** Validation figures of any model its scorer describes, overall and by contributor. */
export async function evaluateWith(
  scorer: Scorer,
  works: readonly EvalInput[],
  context: number,
  progress: ProgressFactory = noProgress,
): Promise<{ overall: LossFigures; perContributor: Record<string, LossFigures> }> {
  const all: Array<{ x: Int32Array; y: Int32Array; work: number }> = [];
  const counts = works.map((w, i) => {
    const ids = scorer.encodeWork(w.text);
    for (const win of windows(ids, context)) all.push({ ...win, work: i });
    return scorer.characters(w.text, ids);
  });
  const evaluating = progress('evaluation', all.length, { unit: 'windows' });
  const nats = await windowNats(scorer, all, (n) => evaluating.tick(n));
  const perWork = new Float64Array(works.length);
  all.forEach((w, i) => (perWork[w.work]! += nats[i]!));
  const by = new Map<string, { nats: number; count: number }>();
  works.forEach((w, i) => {
    const e = by.get(w.contributor) ?? { nats: 0, count: 0 };
    e.nats += perWork[i]!;
    e.count += counts[i]!;
    by.set(w.contributor, e);
  });
  const perContributor = Object.fromEntries([...by].sort(([a], [b]) => a.localeCompare(b)).map(([h, e]) => [h, figures(e.nats, e.count)]));
  return {
    overall: figures(
      perWork.reduce((a, b) => a + b, 0),
      counts.reduce((a, b) => a + b, 0),
    ),
    perContributor,
  };
}

/** The same figures for a unigram model of the training text (add-one smoothing): the floor a model must beat. */
export function unigramBaseline(trainStream: Int32Array, works: readonly EvalInput[], tokenizer: Tokenizer): LossFigures {
  const counts = new Float64Array(tokenizer.size).fill(1);
  for (const id of trainStream) counts[id]!++;
  const total = counts.reduce((a, b) => a + b, 0);
  let nats = 0;
  let n = 0;
  for (const w of works) {
    // The work and its closing boundary, each predicted (as the models' scores count them).
    const ids = tokenizer.encode(`${BOUNDARY}${w.text}${BOUNDARY}`);
    for (let i = 1; i < ids.length; i++) {
      nats -= Math.log(counts[ids[i]!]! / total);
      n++;
    }
  }
  return figures(nats, n);
}
