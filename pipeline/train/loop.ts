/**
 * The training loop: seeded batches, cross-entropy, AdamW. Knows nothing of
 * files or the co-op; progress and checkpoints go out through callbacks.
 * Every tensor made in a step is disposed in that step.
 */
import * as tf from '@tensorflow/tfjs';
import { batchAt } from './data.ts';
import { AdamW, type AdamWConfig, type OptimizerState } from './optimizer.ts';

/** Mean cross-entropy (nats per character) of the model's predictions for `y` given `x`. */
export function lossOf(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor2D, vocab: number): tf.Scalar {
  return tf.tidy(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor3D;
    const logp = tf.logSoftmax(logits);
    const onehot = tf.oneHot(y.reshape([-1]), vocab).reshape(logits.shape);
    return tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), -1))) as tf.Scalar;
  });
}

export interface StepReport {
  step: number;
  loss: number;
  learningRate: number;
  gradNorm: number;
  tokens: number;
}

export interface TrainLoopOptions {
  model: tf.LayersModel;
  stream: Int32Array;
  vocab: number;
  context: number;
  batch: number;
  seed: number;
  optimizer: AdamWConfig;
  /** First step to run (0, or where a checkpoint left off). */
  startStep?: number;
  /** Optimizer state from a checkpoint. */
  optimizerState?: OptimizerState;
  onStep?: (r: StepReport) => void;
  /** Called every `checkpointEvery` steps with the optimizer state after that step and the losses so far in this run. */
  onCheckpoint?: (step: number, state: OptimizerState, curve: ReadonlyArray<{ step: number; loss: number }>) => Promise<void>;
  checkpointEvery?: number;
}

/** Train for `optimizer.totalSteps` steps; returns the loss of every step run. */
export async function trainLoop(o: TrainLoopOptions): Promise<Array<{ step: number; loss: number }>> {
  const vars = o.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const opt = new AdamW(vars, o.optimizer, o.optimizerState);
  const curve: Array<{ step: number; loss: number }> = [];
  try {
    for (let step = o.startStep ?? 0; step < o.optimizer.totalSteps; step++) {
      const { x, y } = batchAt(o.stream, o.context, o.batch, o.seed, step);
      const { value, grads } = tf.variableGrads(() => lossOf(o.model, x, y, o.vocab), vars);
      const loss = (await value.data())[0]!;
      const ordered = vars.map((v) => grads[v.name]!);
      const { gradNorm, learningRate } = opt.apply(ordered);
      tf.dispose([x, y, value, ...Object.values(grads)]);
      curve.push({ step, loss });
      o.onStep?.({ step, loss, learningRate, gradNorm, tokens: (step + 1) * o.batch * o.context });
      if (o.onCheckpoint && o.checkpointEvery && (step + 1) % o.checkpointEvery === 0 && step + 1 < o.optimizer.totalSteps) {
        await o.onCheckpoint(step + 1, opt.state, curve);
      }
    }
  } finally {
    opt.dispose();
  }
  return curve;
}
