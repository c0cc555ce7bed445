/** A causal language model loaded from an open checkpoint, whatever its family. */
import * as tf from '@tensorflow/tfjs';

export interface CausalLM {
  family: 'gpt2' | 'llama';
  vocab: number;
  /** Longest context, in tokens. */
  context: number;
  /** Every weight, by its name in the checkpoint, as trainable variables. */
  weights: ReadonlyMap<string, tf.Variable>;
  /** Low-rank adapters attached to some matrices, by weight name (lora.ts); empty for the model as loaded. */
  adapters: Map<string, { a: tf.Variable; b: tf.Variable; scale: number }>;
  /** Logits [batch, time, vocab] for token ids [batch, time] (int32). */
  logits(ids: tf.Tensor2D): tf.Tensor3D;
  /**
   * Logits for `ids` read after the tokens `past` holds (none when absent), and the keys and
   * values of all of them: generation feeds one token at a time instead of the whole window.
   * The past and the new tokens together must fit the model's context.
   */
  extend(ids: tf.Tensor2D, past?: KvCache): { logits: tf.Tensor3D; cache: KvCache };
}

/** Each layer's keys and values [batch, kvHeads, time, width] for the tokens read so far. */
export interface KvCache {
  length: number;
  layers: Array<{ k: tf.Tensor4D; v: tf.Tensor4D }>;
}

/** Keys and values of the new tokens appended to a layer's past ones. */
export function appendKv(past: KvCache | undefined, layer: number, k: tf.Tensor4D, v: tf.Tensor4D): { k: tf.Tensor4D; v: tf.Tensor4D } {
  const before = past?.layers[layer];
  return before ? { k: tf.concat([before.k, k], 2), v: tf.concat([before.v, v], 2) } : { k, v };
}

/** How many numbers the model's weights hold. */
export function parameterCount(model: Pick<CausalLM, 'weights'>): number {
  let n = 0;
  for (const v of model.weights.values()) n += v.size;
  return n;
}
