/** A causal language model loaded from an open checkpoint, whatever its family. */
import type * as tf from '@tensorflow/tfjs';

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
}

/** How many numbers the model's weights hold. */
export function parameterCount(model: Pick<CausalLM, 'weights'>): number {
  let n = 0;
  for (const v of model.weights.values()) n += v.size;
  return n;
}
