/**
 * AdamW (decoupled weight decay, Loshchilov & Hutter) with linear warm-up,
 * cosine decay to a tenth of the peak rate, and clipping by global norm.
 * Weight decay applies to weights with two or more dimensions (matrices and
 * embeddings), not to biases or norms, as in nanoGPT and bench/reference/.
 */
import * as tf from '@tensorflow/tfjs';

export interface AdamWConfig {
  learningRate: number;
  warmupSteps: number;
  totalSteps: number;
  weightDecay: number;
  clipNorm: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** The learning rate at `step` (0-based). */
export function learningRateAt(c: AdamWConfig, step: number): number {
  if (c.warmupSteps > 0 && step < c.warmupSteps) return (c.learningRate * (step + 1)) / c.warmupSteps;
  const span = Math.max(1, c.totalSteps - c.warmupSteps);
  const progress = Math.min(1, (step - c.warmupSteps) / span);
  const min = c.learningRate * 0.1;
  return min + 0.5 * (c.learningRate - min) * (1 + Math.cos(Math.PI * progress));
}

export interface OptimizerState {
  step: number;
  m: tf.Tensor[];
  v: tf.Tensor[];
}

export class AdamW {
  readonly state: OptimizerState;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;

  constructor(
    private readonly vars: tf.Variable[],
    private readonly config: AdamWConfig,
    state?: OptimizerState,
  ) {
    this.b1 = config.beta1 ?? 0.9;
    this.b2 = config.beta2 ?? 0.95;
    this.eps = config.epsilon ?? 1e-8;
    this.state = state ?? { step: 0, m: vars.map((v) => tf.zerosLike(v)), v: vars.map((v) => tf.zerosLike(v)) };
  }

  /** Apply one update from `grads` (same order as the variables); returns the gradient norm before clipping. */
  async apply(grads: tf.Tensor[]): Promise<{ gradNorm: number; learningRate: number }> {
    const lr = learningRateAt(this.config, this.state.step);
    const t = this.state.step + 1;
    // Summed in order, two at a time (the bits addN gives on wasm and cpu): WebGPU's addN binds
    // every input at once and is refused past the adapter's storage-buffer limit (8 on some adapters).
    const normT = tf.tidy(() => tf.sqrt(grads.map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b))));
    // Read asynchronously: WebGPU in Node has no synchronous read (TF.js would need an OffscreenCanvas).
    const gradNorm = (await normT.data())[0]!;
    normT.dispose();
    const scale = this.config.clipNorm > 0 && gradNorm > this.config.clipNorm ? this.config.clipNorm / gradNorm : 1;
    const c1 = 1 - this.b1 ** t;
    const c2 = 1 - this.b2 ** t;
    this.vars.forEach((p, i) => {
      const [m, v] = tf.tidy(() => {
        const g = tf.mul(grads[i]!, scale);
        const m2 = tf.add(tf.mul(this.state.m[i]!, this.b1), tf.mul(g, 1 - this.b1));
        const v2 = tf.add(tf.mul(this.state.v[i]!, this.b2), tf.mul(tf.square(g), 1 - this.b2));
        const update = tf.div(tf.div(m2, c1), tf.add(tf.sqrt(tf.div(v2, c2)), this.eps));
        const decay = p.shape.length >= 2 ? tf.mul(p, this.config.weightDecay) : tf.scalar(0);
        p.assign(tf.sub(p, tf.mul(tf.add(update, decay), lr)));
        return [m2, v2];
      });
      this.state.m[i]!.dispose();
      this.state.v[i]!.dispose();
      this.state.m[i] = m;
      this.state.v[i] = v;
    });
    this.state.step = t;
    return { gradNorm, learningRate: lr };
  }

  dispose(): void {
    for (const t of [...this.state.m, ...this.state.v]) t.dispose();
  }
}
