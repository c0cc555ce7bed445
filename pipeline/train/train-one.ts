/**
 * Train any model (language-model.ts) and assess it: the loop with
 * checkpoints to resume from, then the assessment every card reports. Files
 * only for checkpoints; the model's own files come back as bytes.
 */
import { rm } from 'node:fs/promises';
import { sha256 } from '../hash/index.ts';
import { noProgress, type ProgressFactory } from '../progress.ts';
import type { Policy, TrainingProfile } from '../schemas/index.ts';
import { assess, type Assessment } from './assess.ts';
import type { AuditWork } from './audit.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { evaluateWith, type LossFigures } from './evaluate.ts';
import type { LanguageModel } from './language-model.ts';
import { recipeOptions, trainLoop, type StepReport } from './loop.ts';
import type { WorkerPool } from './parallel/pool.ts';
import type { SamplePrompt } from './prompts.ts';

export interface TrainOneInput {
  /** The recipe: batch, seed, the optimiser's settings (the model's own window is the context). */
  config: TrainingProfile;
  steps: number;
  /** Warm-up steps of this run (protocol.ts warmupFor). */
  warmupSteps: number;
  /** Score the model as it starts on the held-out works too (an allotment: the shared model it starts from). */
  scoreStart?: boolean;
  train: readonly AuditWork[];
  validation: readonly AuditWork[];
  prompts: readonly SamplePrompt[];
  release: Policy['release'];
  checkpointDir: string;
  resume: boolean;
  /** Threads that compute the micro-batches (config.microBatches) in parallel; without, the main thread does. */
  pool?: WorkerPool;
  onStep?: (r: StepReport) => void;
  /** Progress lines for each phase: training, evaluation, samples, audit. */
  progress?: ProgressFactory;
}

export interface TrainOneResult extends Assessment {
  files: Map<string, Uint8Array>;
  weightsSha256: string;
  curve: Array<{ step: number; loss: number }>;
  trainingSeconds: number;
  resumedFrom: number;
  /** With scoreStart: the model as it started, on the same held-out works. */
  sharedModel?: LossFigures;
}

export async function trainOne(model: LanguageModel, input: TrainOneInput): Promise<TrainOneResult> {
  const { config } = input;
  const progress = input.progress ?? noProgress;
  // What the model started from scores on the same held-out works, so the card shows what training added.
  const sharedModel = input.scoreStart && input.validation.length > 0 ? evaluateWith(model, input.validation, model.context).overall : undefined;
  const stream = model.stream(input.train.map((w) => w.text));
  const checkpoint = input.resume ? await loadCheckpoint(input.checkpointDir, model.trainable) : undefined;
  const startStep = checkpoint?.state.step ?? 0;
  const earlier = checkpoint?.curve ?? [];
  const training = progress('training', input.steps - startStep, { unit: 'steps', rate: { perItem: config.batch * model.context, unit: 'tok/s' } });
  const started = performance.now();
  const resumedCurve = await trainLoop({
    model,
    stream,
    ...recipeOptions(config, input.steps, input.warmupSteps),
    context: model.context,
    startStep,
    ...(checkpoint ? { optimizerState: checkpoint.state } : {}),
    ...(input.pool ? { pool: input.pool } : {}),
    checkpointEvery: Math.max(10, Math.ceil(input.steps / 10)),
    onCheckpoint: (step, state, curve) => saveCheckpoint(input.checkpointDir, model.trainable, { ...state, step }, [...earlier, ...curve]),
    onStep: (r) => {
      training.tick(1, `loss ${r.loss.toFixed(3)}`);
      input.onStep?.(r);
    },
  });
  const trainingSeconds = (performance.now() - started) / 1000;
  await rm(input.checkpointDir, { recursive: true, force: true });
  const assessed = await assess(model, { train: input.train, validation: input.validation, prompts: input.prompts, seed: config.seed, release: input.release, progress });
  const { files, weightsFile } = await model.save();
  return {
    ...assessed,
    files,
    weightsSha256: sha256(files.get(weightsFile)!),
    curve: [...earlier, ...resumedCurve],
    trainingSeconds,
    resumedFrom: startStep,
    ...(sharedModel ? { sharedModel } : {}),
  };
}
