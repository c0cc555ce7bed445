/** Held-out loss and bits per character, overall and per contributor, beside a unigram baseline. */
import * as tf from '@tensorflow/tfjs';
import { windows } from './data.ts';
import { BOUNDARY, type Tokenizer } from './tokenizer.ts';

export interface LossFigures {
  /** Mean cross-entropy in nats per character. */
  loss: number;
  bitsPerChar: number;
  characters: number;
}

const figures = (nats: number, count: number): LossFigures => ({ loss: count ? nats / count : 0, bitsPerChar: count ? nats / count / Math.LN2 : 0, characters: count });

/** Targets of one work: the work followed by the boundary, each predicted from what precedes it (starting at a boundary). */
function encodeWork(text: string, tokenizer: Tokenizer): Int32Array {
  return tokenizer.encode(`${BOUNDARY}${text}${BOUNDARY}`);
}

/** Summed negative log-likelihood (nats) of a work under the model. */
function workNats(model: tf.LayersModel, ids: Int32Array, context: number, vocab: number): number {
  let nats = 0;
  for (const w of windows(ids, context)) {
    const value = tf.tidy(() => {
      const x = tf.tensor2d(w.x, [1, w.x.length], 'int32');
      const logp = tf.logSoftmax(model.predict(x) as tf.Tensor3D);
      const onehot = tf.oneHot(tf.tensor1d(w.y, 'int32'), vocab).reshape(logp.shape);
      return tf.neg(tf.sum(tf.mul(onehot, logp)));
    });
    nats += value.dataSync()[0]!;
    value.dispose();
  }
  return nats;
}

export interface EvalInput {
  contributor: string;
  text: string;
}

/** Validation figures of a model, overall and by contributor. */
export function evaluateModel(model: tf.LayersModel, tokenizer: Tokenizer, works: readonly EvalInput[], context: number): { overall: LossFigures; perContributor: Record<string, LossFigures> } {
  const by = new Map<string, { nats: number; count: number }>();
  let nats = 0;
  let count = 0;
  for (const w of works) {
    const ids = encodeWork(w.text, tokenizer);
    const n = workNats(model, ids, context, tokenizer.size);
    nats += n;
    count += ids.length - 1;
    const e = by.get(w.contributor) ?? { nats: 0, count: 0 };
    e.nats += n;
    e.count += ids.length - 1;
    by.set(w.contributor, e);
  }
  const perContributor = Object.fromEntries([...by].sort(([a], [b]) => a.localeCompare(b)).map(([h, e]) => [h, figures(e.nats, e.count)]));
  return { overall: figures(nats, count), perContributor };
}

/** The same figures for a unigram model of the training text (add-one smoothing): the floor a model must beat. */
export function unigramBaseline(trainStream: Int32Array, works: readonly EvalInput[], tokenizer: Tokenizer): LossFigures {
  const counts = new Float64Array(tokenizer.size).fill(1);
  for (const id of trainStream) counts[id]!++;
  const total = counts.reduce((a, b) => a + b, 0);
  let nats = 0;
  let n = 0;
  for (const w of works) {
    const ids = encodeWork(w.text, tokenizer);
    for (let i = 1; i < ids.length; i++) {
      nats -= Math.log(counts[ids[i]!]! / total);
      n++;
    }
  }
  return figures(nats, n);
}
