/**
 * What both decoder families are built from: weights looked up by their
 * checkpoint names with shapes checked against the config, and the few
 * operations the families share, written with TF.js ops that train on every
 * backend (the wasm backend has no gradient for `gather`, see embed()).
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, type NamedTensor } from './safetensors.ts';

/** The checkpoint's tensors as trainable variables, found by name (with or without a family's prefix). */
export class Weights {
  readonly variables = new Map<string, tf.Variable>();
  /** Low-rank adapters on some matrices (lora.ts); the forward pass adds them to the weights they sit on. */
  readonly adapters = new Map<string, { a: tf.Variable; b: tf.Variable; scale: number }>();

  constructor(
    private readonly tensors: ReadonlyMap<string, NamedTensor>,
    private readonly file: string,
    /** A prefix some saves put before every name (GPT-2's "transformer."). */
    private readonly prefix = '',
  ) {}

  /** The weight `name`, which must have exactly `shape`. */
  get(name: string, shape: number[]): tf.Variable {
    const known = this.variables.get(name);
    if (known) return known;
    const t = this.tensors.get(name) ?? this.tensors.get(`${this.prefix}${name}`);
    if (!t) throw new CheckpointError(this.file, `has no tensor "${name}"`, 'the checkpoint does not match its config.json (or is of another family); download both from the same source');
    if (t.shape.length !== shape.length || t.shape.some((n, i) => n !== shape[i])) {
      throw new CheckpointError(
        this.file,
        `has tensor "${name}" of shape [${t.shape.join(', ')}] where config.json implies [${shape.join(', ')}]`,
        'download the weights and config.json from the same source',
      );
    }
    // Unnamed: TF.js variable names are global, and the same checkpoint may be loaded twice.
    const initial = tf.tensor(t.values, shape, 'float32');
    const v = tf.variable(initial, true);
    initial.dispose();
    this.variables.set(name, v);
    return v;
  }

  /** A matrix as the forward pass uses it: the weight `name`, plus scale · B·A when an adapter sits on it. */
  matrix(name: string, rows: number, cols: number): () => tf.Tensor2D {
    const w = this.get(name, [rows, cols]) as unknown as tf.Tensor2D;
    return () => {
      const lora = this.adapters.get(name);
      return lora ? w.add(tf.matMul(lora.b, lora.a).mul(lora.scale)) : w;
    };
  }

  /** Whether the checkpoint has `name` (with or without the prefix). */
  has(name: string): boolean {
    return this.tensors.has(name) || this.tensors.has(`${this.prefix}${name}`);
  }
}

/**
 * Rows of `table` for `ids`: a gather forward; backward, the gradient is
 * scattered with a one-hot product, which every backend has (wasm lacks the
 * kernel gather's own gradient needs).
 */
export function embed(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D {
  const [vocab, width] = table.shape;
  const [batch, time] = ids.shape;
  const lookup = tf.customGrad((t, i, save) => {
    (save as tf.GradSaveFunc)([i as tf.Tensor]);
    return {
      value: tf.gather(t as tf.Tensor2D, (i as tf.Tensor).reshape([-1]).toInt() as tf.Tensor1D).reshape([batch, time, width]),
      gradFunc: (dy, [saved]) => {
        const hot = tf.oneHot((saved as tf.Tensor).reshape([-1]).toInt() as tf.Tensor1D, vocab).toFloat();
        return [tf.matMul(hot, (dy as tf.Tensor).reshape([-1, width]) as tf.Tensor2D, true, false), tf.zerosLike(saved as tf.Tensor)];
      },
    };
  });
  return lookup(table, ids.toFloat()) as tf.Tensor3D;
}

/**
 * x @ w for x of any rank (w: [in, out], or [out, in] with `transposeW`), with an optional bias.
 * With `transposeW` it is computed as (w @ xᵀ)ᵀ: TF.js's wasm backend multiplies by a transposed
 * right-hand matrix many times slower than by a transposed left-hand one (bench:checkpoints;
 * 10× for one row of a 1536 × 576 matrix, 17× for GPT-2's or SmolLM2's tied output layer), and here
 * the transposed operand is the activations, not the weights. The gradient for x is then a
 * product with w as it is.
 */
export function project(x: tf.Tensor, w: tf.Tensor2D, bias?: tf.Tensor1D, transposeW = false): tf.Tensor {
  const shape = x.shape;
  const out = transposeW ? w.shape[0] : w.shape[1];
  const rows = x.reshape([-1, shape[shape.length - 1]!]) as tf.Tensor2D;
  let y: tf.Tensor = transposeW ? tf.matMul(w, rows, false, true).transpose() : tf.matMul(rows, w);
  if (bias) y = y.add(bias);
  return y.reshape([...shape.slice(0, -1), out]);
}

export function layerNorm(x: tf.Tensor, weight: tf.Tensor1D, bias: tf.Tensor1D, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x
    .sub(mean)
    .mul(tf.rsqrt(variance.add(eps)))
    .mul(weight)
    .add(bias);
}

export function rmsNorm(x: tf.Tensor, weight: tf.Tensor1D, eps: number): tf.Tensor {
  return x.mul(tf.rsqrt(x.square().mean(-1, true).add(eps))).mul(weight);
}

/**
 * Causal attention: q [batch, heads, time, width] over k, v [batch, heads, past + time, width]
 * → [batch, time, heads × width]. Query i sits at position past + i and sees keys 0 … past + i.
 */
export function causalAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D): tf.Tensor3D {
  const [batch, heads, time, width] = q.shape;
  const past = k.shape[2] - time;
  const mask = tf.linalg
    .bandPart(tf.ones([time, past + time]), -1, past)
    .sub(1)
    .mul(1e9);
  const scores = tf.matMul(q, k, false, true).div(Math.sqrt(width)).add(mask);
  const out = tf.matMul(tf.softmax(scores, -1), v) as tf.Tensor4D;
  return out.transpose([0, 2, 1, 3]).reshape([batch, time, heads * width]);
}

/** [batch, time, heads × width] → [batch, heads, time, width]. */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor4D {
  const [batch, time, all] = x.shape as [number, number, number];
  return x.reshape([batch, time, heads, all / heads]).transpose([0, 2, 1, 3]);
}
