/**
 * The training loop of every model: seeded batches, cross-entropy, AdamW.
 * Knows nothing of files or the co-op; progress and checkpoints go out through callbacks.
 * Every tensor made in a step is disposed in that step.
 */
import * as tf from '@tensorflow/tfjs';
import { batchAt } from './data.ts';
import { lossOf } from './loss.ts';
import { AdamW, type AdamWConfig, type OptimizerState } from './optimizer.ts';
import { combine, microGradient } from './parallel/micro.ts';
import type { WorkerPool } from './parallel/pool.ts';
import type { Trainable } from './language-model.ts';
import type { TrainingProfile } from '../schemas/index.ts';

/** What the loop takes from a training profile: window, batch, seed, the split into micro-batches and the optimiser's schedule over `totalSteps`. */
export function recipeOptions(config: TrainingProfile, totalSteps: number, warmupSteps = config.warmupSteps): Pick<TrainLoopOptions, 'context' | 'batch' | 'seed' | 'microBatches' | 'optimizer'> {
  return {
    context: config.context,
    batch: config.batch,
    seed: config.seed,
    microBatches: config.microBatches ?? 1,
    optimizer: { learningRate: config.learningRate, warmupSteps, totalSteps, weightDecay: config.weightDecay, clipNorm: config.clipNorm },
  };
}

export interface StepReport {
  step: number;
  loss: number;
  learningRate: number;
  gradNorm: number;
  tokens: number;
}

export interface TrainLoopOptions {
  /** Any model (language-model.ts): its trainable variables are what the steps change. */
  model: Trainable;
  stream: Int32Array;
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
  /** Equal parts each step's batch is split into (default 1: the whole batch at once). */
  microBatches?: number;
  /** Workers that compute the parts in parallel (CPU backends); without, the main thread computes them all. */
  pool?: WorkerPool;
}

/** Train for `optimizer.totalSteps` steps; returns the loss of every step run. */
export async function trainLoop(o: TrainLoopOptions): Promise<Array<{ step: number; loss: number }>> {
  const vars = [...o.model.trainable];
  const opt = new AdamW(vars, o.optimizer, o.optimizerState);
  const curve: Array<{ step: number; loss: number }> = [];
  try {
    const parts = o.microBatches ?? 1;
    if (o.batch % parts !== 0) throw new Error(`microBatches (${parts}) must divide batch (${o.batch})`);
    for (let step = o.startStep ?? 0; step < o.optimizer.totalSteps; step++) {
      let loss: number;
      let gradNorm: number;
      let learningRate: number;
      if (parts > 1) {
        // Micro-batches, combined in a fixed order: the same weights on one thread or many.
        const job = { step, parts, context: o.context, batch: o.batch, seed: o.seed };
        const combined = o.pool ? await o.pool.step(o.model, o.stream, job) : combine(await partsInTurn(parts, (index) => microGradient(o.model, o.stream, { ...job, index })));
        const tensors = vars.map((v, i) => tf.tensor(combined.grads[i]!, v.shape));
        ({ gradNorm, learningRate } = await opt.apply(tensors));
        tf.dispose(tensors);
        loss = combined.loss;
      } else {
        const { x, y } = batchAt(o.stream, o.context, o.batch, o.seed, step);
        const { value, grads } = tf.variableGrads(() => lossOf(o.model, x, y), vars);
        loss = (await value.data())[0]!;
        ({ gradNorm, learningRate } = await opt.apply(vars.map((v) => grads[v.name]!)));
        tf.dispose([x, y, value, ...Object.values(grads)]);
      }
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

/** Each of `count` parts computed after the one before (never at once: each holds its activations until it is read). */
async function partsInTurn<T>(count: number, part: (index: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let index = 0; index < count; index++) out.push(await part(index));
  return out;
}
