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
import { BestStep } from './best-step.ts';
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
  /** With scoreStart and held-out works: the step whose weights were kept (0: the starting point), of `steps`, checked every `every` steps. */
  keptStep?: { step: number; of: number; every: number };
}

export async function trainOne(model: LanguageModel, input: TrainOneInput): Promise<TrainOneResult> {
  const progress = input.progress ?? noProgress;
  // What the model started from scores on the same held-out works, so the card shows what training added.
  const sharedModel = input.scoreStart && input.validation.length > 0 ? (await evaluateWith(model, input.validation, model.context)).overall : undefined;
  // A member's own model keeps its best step on the member's held-out works, the start included (best-step.ts).
  const atStart = sharedModel ? await BestStep.atStart(model, sharedModel.bitsPerChar) : undefined;
  const checkpoint = input.resume ? await loadCheckpoint(input.checkpointDir, model.trainable) : undefined;
  const best = atStart ? new BestStep(model, input.validation, checkpoint?.best ?? atStart) : undefined;
  // Read before training: the optimizer counts its steps in the checkpoint's state as it goes.
  const resumedFrom = checkpoint?.state.step ?? 0;
  const started = performance.now();
  const { curve, every } = await trainFrom(model, input, checkpoint, best, progress);
  const keptStep = best ? { step: await best.finish(input.steps), of: input.steps, every } : undefined;
  const trainingSeconds = (performance.now() - started) / 1000;
  await rm(input.checkpointDir, { recursive: true, force: true });
  const assessed = await assess(model, { train: input.train, validation: input.validation, prompts: input.prompts, seed: input.config.seed, release: input.release, progress });
  const { files, weightsFile } = await model.save();
  return {
    ...assessed,
    files,
    weightsSha256: sha256(files.get(weightsFile)!),
    curve,
    trainingSeconds,
    resumedFrom,
    ...(sharedModel ? { sharedModel } : {}),
    ...(keptStep ? { keptStep } : {}),
  };
}

/** The loop from where a checkpoint left off (or the start), saving a checkpoint, with the best step so far, every `every` steps. */
async function trainFrom(model: LanguageModel, input: TrainOneInput, checkpoint: Awaited<ReturnType<typeof loadCheckpoint>>, best: BestStep | undefined, progress: ProgressFactory) {
  const { config } = input;
  const startStep = checkpoint?.state.step ?? 0;
  const earlier = checkpoint?.curve ?? [];
  const every = Math.max(10, Math.ceil(input.steps / 10));
  const training = progress('training', input.steps - startStep, { unit: 'steps', rate: { perItem: config.batch * model.context, unit: 'tok/s' } });
  const resumedCurve = await trainLoop({
    model,
    stream: model.stream(input.train.map((w) => w.text)),
    ...recipeOptions(config, input.steps, input.warmupSteps),
    context: model.context,
    startStep,
    ...(checkpoint ? { optimizerState: checkpoint.state } : {}),
    ...(input.pool ? { pool: input.pool } : {}),
    checkpointEvery: every,
    onCheckpoint: async (step, state, curve) => {
      await best?.check(step);
      await saveCheckpoint(input.checkpointDir, model.trainable, { ...state, step }, [...earlier, ...curve], best?.kept);
    },
    onStep: (r) => {
      training.tick(1, `loss ${r.loss.toFixed(3)}`);
      input.onStep?.(r);
    },
  });
  return { curve: [...earlier, ...resumedCurve], every };
}
