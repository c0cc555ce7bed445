/**
 * Train (or fine-tune) one model and evaluate it: the part of the stage that
 * does the work, with files only for checkpoints. Returns the model files and
 * everything its card reports.
 */

import { rm } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs';
import { noProgress, type ProgressFactory } from '../progress.ts';
import type { TrainingProfile } from '../schemas/index.ts';
import { auditMemorisation, type AuditResult, type AuditWork } from './audit.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { tokenStream } from './data.ts';
import { evaluateModel, unigramBaseline, type EvalInput, type LossFigures } from './evaluate.ts';
import { continueAll } from './generate.ts';
import { recipeOptions, trainLoop, type StepReport } from './loop.ts';
import { buildModel } from './model.ts';
import { modelFiles, weightsHash } from './model-io.ts';
import type { BackendChoice } from './backend.ts';
import { WorkerPool } from './parallel/pool.ts';
import type { SamplePrompt } from './prompts.ts';
import { BOUNDARY, type Tokenizer } from './tokenizer.ts';
import { SAMPLE_LENGTH, SAMPLE_TEMPERATURE, warmupFor } from './protocol.ts';

/** Symbols written for each sample. */

export interface TrainOneInput {
  config: TrainingProfile;
  steps: number;
  tokenizer: Tokenizer;
  /** Start from these weights (an allotment starts from the shared model); otherwise a fresh model. */
  base?: tf.LayersModel;
  train: readonly AuditWork[];
  validation: readonly EvalInput[];
  audit: { promptChars: number; generateChars: number; extractionChars: number; batch?: number };
  /** What the samples start from (prompts.ts); each is read as the opening of a new work. */
  prompts: readonly SamplePrompt[];
  checkpointDir: string;
  resume: boolean;
  /** Threads that compute the micro-batches (config.microBatches) in parallel, on this backend; without, the main thread does. */
  workers?: { count: number; backend: Exclude<BackendChoice, 'auto'> };
  onStep?: (r: StepReport) => void;
  /** Progress lines for each phase: training, evaluation, samples, audit. */
  progress?: ProgressFactory;
}

export interface TrainOneResult {
  model: tf.LayersModel;
  files: Map<string, Uint8Array>;
  weightsSha256: string;
  curve: Array<{ step: number; loss: number }>;
  trainingSeconds: number;
  resumedFrom: number;
  validation: LossFigures;
  perContributor: Record<string, LossFigures>;
  baseline: LossFigures;
  /** With a base model: the base on the same held-out works, before fine-tuning. */
  sharedModel?: LossFigures;
  samples: Array<{ prompt: string; text: string; temperature: number; seed: number; source: string }>;
  audit: AuditResult;
}

export async function trainOne(input: TrainOneInput): Promise<TrainOneResult> {
  const { config, tokenizer } = input;
  const model = buildModel(config, tokenizer.size);
  if (input.base) model.setWeights(input.base.getWeights());
  // What the model started from scores on the same held-out works, so the card shows what fine-tuning added.
  const sharedModel = input.base && input.validation.length > 0 ? evaluateModel(model, tokenizer, input.validation, config.context).overall : undefined;
  const stream = tokenStream(
    input.train.map((w) => w.text),
    tokenizer,
  );
  const checkpoint = input.resume ? await loadCheckpoint(input.checkpointDir, model) : undefined;
  const startStep = checkpoint?.state.step ?? 0;
  const optimizerState = checkpoint?.state;
  const earlier = checkpoint?.curve ?? [];
  const progress = input.progress ?? noProgress;
  const pool = input.workers && input.workers.count > 1 ? await WorkerPool.start(input.workers.count, { shape: config, vocab: tokenizer.size, stream, backend: input.workers.backend }) : undefined;
  try {
    const training = progress('training', input.steps - startStep, { unit: 'steps', rate: { perItem: config.batch * config.context, unit: 'tok/s' } });
    const started = performance.now();
    const resumedCurve = await trainLoop({
      model,
      stream,
      vocab: tokenizer.size,
      // A fine-tune warms up over at most a tenth of its steps.
      ...recipeOptions(config, input.steps, warmupFor(config.warmupSteps, input.steps, Boolean(input.base))),
      startStep,
      optimizerState,
      ...(pool ? { pool } : {}),
      checkpointEvery: Math.max(10, Math.ceil(input.steps / 10)),
      onCheckpoint: (step, state, curve) => saveCheckpoint(input.checkpointDir, model, { ...state, step }, [...earlier, ...curve]),
      onStep: (r) => {
        training.tick(1, `loss ${r.loss.toFixed(3)}`);
        input.onStep?.(r);
      },
    });
    const trainingSeconds = (performance.now() - started) / 1000;
    const curve = [...earlier, ...resumedCurve];
    await rm(input.checkpointDir, { recursive: true, force: true });

    const evaluation = evaluateModel(model, tokenizer, input.validation, config.context, progress);
    const baseline = unigramBaseline(stream, input.validation, tokenizer);
    const sampling = progress('samples', input.prompts.length, { unit: 'samples' });
    const samples = input.prompts.map(({ prompt, source }, i) => {
      const seed = config.seed + i;
      // Each prompt is the opening of a new work, as the model saw works in training.
      const text = continueAll(model, tokenizer, [`${BOUNDARY}${prompt}`], SAMPLE_LENGTH, config.context, { kind: 'sample', temperature: SAMPLE_TEMPERATURE, seed })[0]!;
      sampling.tick();
      return { prompt, text, temperature: SAMPLE_TEMPERATURE, seed, source };
    });
    const audit = await auditMemorisation(model, tokenizer, input.train, { ...input.audit, context: config.context, progress, ...(pool ? { pool } : {}) });
    const files = await modelFiles(model, tokenizer.toJson());
    return {
      model,
      files,
      weightsSha256: weightsHash(files),
      curve,
      trainingSeconds,
      resumedFrom: startStep,
      validation: evaluation.overall,
      perContributor: evaluation.perContributor,
      baseline,
      ...(sharedModel ? { sharedModel } : {}),
      samples,
      audit,
    };
  } finally {
    await pool?.close();
  }
}
