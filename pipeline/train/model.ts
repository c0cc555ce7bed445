/** The character-level decoder-only transformer, built with the layers API so it saves and loads as a tfjs LayersModel. */
import * as tf from '@tensorflow/tfjs';
import type { TrainingProfile } from '../schemas/index.ts';
import { CausalSelfAttention, LayerNorm, Mlp, registerLayers, TokenAndPositionEmbedding } from './layers.ts';

export type ModelShape = Pick<TrainingProfile, 'layers' | 'dModel' | 'heads' | 'context' | 'seed'>;

/** Build a fresh model for a vocabulary of `vocab` symbols; the same shape and seed give the same weights. */
export function buildModel(shape: ModelShape, vocab: number): tf.LayersModel {
  registerLayers();
  const { layers, dModel: d, heads, context, seed } = shape;
  // GPT-2's scaling of residual projections, so deeper models start stable.
  const residualScale = 1 / Math.sqrt(2 * layers);
  const input = tf.input({ shape: [null], dtype: 'int32', name: 'ids' });
  let x = new TokenAndPositionEmbedding({ vocab, dim: d, maxLen: context, seed, name: 'embed' }).apply(input) as tf.SymbolicTensor;
  for (let i = 0; i < layers; i++) {
    const s = seed + 100 * (i + 1);
    const a = new LayerNorm({ dim: d, name: `b${i}_ln1` }).apply(x) as tf.SymbolicTensor;
    const attn = new CausalSelfAttention({ dim: d, heads, seed: s, residualScale, name: `b${i}_attn` }).apply(a) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `b${i}_res1` }).apply([x, attn]) as tf.SymbolicTensor;
    const m = new LayerNorm({ dim: d, name: `b${i}_ln2` }).apply(x) as tf.SymbolicTensor;
    const mlp = new Mlp({ dim: d, seed: s + 50, residualScale, name: `b${i}_mlp` }).apply(m) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `b${i}_res2` }).apply([x, mlp]) as tf.SymbolicTensor;
  }
  x = new LayerNorm({ dim: d, name: 'ln_f' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: vocab, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: seed + 999 }), name: 'head' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'commonplace_char_transformer' });
}

/** Number of trainable parameters. */
export function countParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}

/**
 * Forward FLOPs per token for the matmuls (2 per multiply-add), the usual
 * basis of model FLOPs utilisation; training is taken as 3x forward.
 */
export function flopsPerToken(shape: Pick<TrainingProfile, 'layers' | 'dModel' | 'context'>, vocab: number): number {
  const { layers, dModel: d, context: t } = shape;
  const perLayer = 2 * (3 * d * d + d * d + 8 * d * d) + 2 * 2 * t * d;
  return layers * perLayer + 2 * vocab * d + 2 * vocab * d;
}
