/**
 * The custom layers of the character transformer. Depends on nothing but
 * @tensorflow/tfjs, so the same file registers them in Node (training) and in
 * the browser (the site's demo), and `tf.loadLayersModel` can rebuild the model.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Token and position embedding as one layer. Token lookup is `oneHot(ids) @ W`
 * rather than a gather: the wasm backend has no gradient for gather
 * (UnsortedSegmentSum is not registered), and the product trains the same way.
 */
export class TokenAndPositionEmbedding extends tf.layers.Layer {
  static className = 'CommonplaceEmbedding';
  private readonly vocab: number;
  private readonly dim: number;
  private readonly maxLen: number;
  private readonly seed: number;
  private tokens!: tf.LayerVariable;
  private positions!: tf.LayerVariable;

  constructor(config: { vocab: number; dim: number; maxLen: number; seed: number; name?: string }) {
    super({ name: config.name });
    this.vocab = config.vocab;
    this.dim = config.dim;
    this.maxLen = config.maxLen;
    this.seed = config.seed;
  }

  override build(): void {
    this.tokens = this.addWeight('tokens', [this.vocab, this.dim], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed }));
    this.positions = this.addWeight('positions', [this.maxLen, this.dim], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed + 1 }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return [...inputShape, this.dim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = (Array.isArray(inputs) ? inputs[0]! : inputs).toInt();
      const [batch, time] = ids.shape as [number, number];
      const onehot = tf.oneHot(ids.reshape([-1]), this.vocab);
      const tok = tf.matMul(onehot, this.tokens.read()).reshape([batch, time, this.dim]);
      const pos = this.positions.read().slice([0, 0], [time, this.dim]);
      return tf.add(tok, pos);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocab: this.vocab, dim: this.dim, maxLen: this.maxLen, seed: this.seed };
  }
}

/**
 * Multi-head causal self-attention. Heads are split into rank-4 tensors
 * (a rank-5 transpose is ~70x slower on wasm).
 */
export class CausalSelfAttention extends tf.layers.Layer {
  static className = 'CommonplaceCausalSelfAttention';
  private readonly dim: number;
  private readonly heads: number;
  private readonly seed: number;
  private readonly residualScale: number;
  private wqkv!: tf.LayerVariable;
  private bqkv!: tf.LayerVariable;
  private wo!: tf.LayerVariable;
  private bo!: tf.LayerVariable;

  constructor(config: { dim: number; heads: number; seed: number; residualScale: number; name?: string }) {
    super({ name: config.name });
    this.dim = config.dim;
    this.heads = config.heads;
    this.seed = config.seed;
    this.residualScale = config.residualScale;
  }

  override build(): void {
    const d = this.dim;
    this.wqkv = this.addWeight('wqkv', [d, 3 * d], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed }));
    this.bqkv = this.addWeight('bqkv', [3 * d], 'float32', tf.initializers.zeros());
    this.wo = this.addWeight('wo', [d, d], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 0.02 * this.residualScale, seed: this.seed + 1 }));
    this.bo = this.addWeight('bo', [d], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor3D;
      const [batch, time] = x.shape;
      const h = this.heads;
      const hd = this.dim / h;
      const qkv = tf.add(tf.matMul(x.reshape([batch * time, this.dim]), this.wqkv.read()), this.bqkv.read());
      const [q, k, v] = tf.split(qkv, 3, 1).map((t) => t.reshape([batch, time, h, hd]).transpose([0, 2, 1, 3])) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd));
      const mask = tf.linalg.bandPart(tf.ones([time, time]), -1, 0);
      const masked = tf.add(scores, tf.mul(tf.sub(1, mask), -1e9));
      const attn = tf.softmax(masked, -1);
      const out = tf
        .matMul(attn, v)
        .transpose([0, 2, 1, 3])
        .reshape([batch * time, this.dim]);
      return tf.add(tf.matMul(out, this.wo.read()), this.bo.read()).reshape([batch, time, this.dim]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim, heads: this.heads, seed: this.seed, residualScale: this.residualScale };
  }
}

/**
 * Layer normalisation over the last axis from plain ops. tfjs's own layer goes
 * through batchNormalization, whose gradient on wasm spends most of a training
 * step in Slice, Tile and broadcast Adds (measured: ~1.4 s of a 2.4 s step).
 */
export class LayerNorm extends tf.layers.Layer {
  static className = 'CommonplaceLayerNorm';
  private readonly dim: number;
  private readonly epsilon: number;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;

  constructor(config: { dim: number; epsilon?: number; name?: string }) {
    super({ name: config.name });
    this.dim = config.dim;
    this.epsilon = config.epsilon ?? 1e-5;
  }

  override build(): void {
    this.gamma = this.addWeight('gamma', [this.dim], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [this.dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const mean = tf.mean(x, -1, true);
      const centred = tf.sub(x, mean);
      const variance = tf.mean(tf.mul(centred, centred), -1, true);
      const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normed, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim, epsilon: this.epsilon };
  }
}

/**
 * The feed-forward half of a block: dense to 4x width, GELU (tanh form, as
 * PyTorch's approximate="tanh"), dense back. x*x*x instead of pow, which is
 * slow on wasm in both directions.
 */
export class Mlp extends tf.layers.Layer {
  static className = 'CommonplaceMlp';
  private readonly dim: number;
  private readonly seed: number;
  private readonly residualScale: number;
  private w1!: tf.LayerVariable;
  private b1!: tf.LayerVariable;
  private w2!: tf.LayerVariable;
  private b2!: tf.LayerVariable;

  constructor(config: { dim: number; seed: number; residualScale: number; name?: string }) {
    super({ name: config.name });
    this.dim = config.dim;
    this.seed = config.seed;
    this.residualScale = config.residualScale;
  }

  override build(): void {
    const d = this.dim;
    this.w1 = this.addWeight('w1', [d, 4 * d], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed }));
    this.b1 = this.addWeight('b1', [4 * d], 'float32', tf.initializers.zeros());
    this.w2 = this.addWeight('w2', [4 * d, d], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 0.02 * this.residualScale, seed: this.seed + 1 }));
    this.b2 = this.addWeight('b2', [d], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const shape = x.shape;
      const h = tf.add(tf.matMul(x.reshape([-1, this.dim]), this.w1.read()), this.b1.read());
      const cube = tf.mul(tf.mul(h, h), h);
      const inner = tf.mul(tf.add(h, tf.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
      const gelu = tf.mul(tf.mul(h, 0.5), tf.add(tf.tanh(inner), 1));
      return tf.add(tf.matMul(gelu, this.w2.read()), this.b2.read()).reshape(shape);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim, seed: this.seed, residualScale: this.residualScale };
  }
}

let registered = false;

/** Register the custom layers with tfjs serialization (before building or loading a model). */
export function registerLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(TokenAndPositionEmbedding as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  for (const layer of [CausalSelfAttention, LayerNorm, Mlp]) {
    tf.serialization.registerClass(layer as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }
  registered = true;
}
