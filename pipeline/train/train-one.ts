/**
 * Train (or fine-tune) one model and evaluate it: the part of the stage that
 * does the work, with files only for checkpoints. Returns the model files and
 * everything its card reports.
 */

import { rm } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import type { TrainingProfile } from '../schemas/index.ts';
import { auditMemorisation, type AuditResult, type AuditWork } from './audit.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { tokenStream } from './data.ts';
import { evaluateModel, unigramBaseline, type EvalInput, type LossFigures } from './evaluate.ts';
import { continueAll } from './generate.ts';
import { trainLoop, type StepReport } from './loop.ts';
import { buildModel } from './model.ts';
import { modelFiles, weightsHash } from './model-io.ts';
import type { Tokenizer } from './tokenizer.ts';

/** Prompts every model is sampled from, so versions can be compared. */
export const SAMPLE_PROMPTS = ['The river', 'In the morning', 'She said', 'Night'];

export interface TrainOneInput {
  config: TrainingProfile;
  steps: number;
  tokenizer: Tokenizer;
  /** Start from these weights (an allotment starts from the shared model); otherwise a fresh model. */
  base?: tf.LayersModel;
  train: readonly AuditWork[];
  validation: readonly EvalInput[];
  audit: { promptChars: number; generateChars: number; extractionChars: number };
  checkpointDir: string;
  resume: boolean;
  onStep?: (r: StepReport) => void;
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
  samples: Array<{ prompt: string; text: string; temperature: number; seed: number }>;
  audit: AuditResult;
}

export async function trainOne(input: TrainOneInput): Promise<TrainOneResult> {
  const { config, tokenizer } = input;
  const model = buildModel(config, tokenizer.size);
  if (input.base) model.setWeights(input.base.getWeights());
  const stream = tokenStream(input.train.map((w) => w.text), tokenizer);
  const checkpoint = input.resume ? await loadCheckpoint(input.checkpointDir, model) : undefined;
  const startStep = checkpoint?.state.step ?? 0;
  const optimizerState = checkpoint?.state;
  const earlier = checkpoint?.curve ?? [];
  const started = performance.now();
  const resumedCurve = await trainLoop({
    model, stream, vocab: tokenizer.size, context: config.context, batch: config.batch, seed: config.seed,
    optimizer: { learningRate: config.learningRate, warmupSteps: input.base ? Math.min(config.warmupSteps, Math.floor(input.steps / 10)) : config.warmupSteps, totalSteps: input.steps, weightDecay: config.weightDecay, clipNorm: config.clipNorm },
    startStep, optimizerState,
    checkpointEvery: Math.max(10, Math.ceil(input.steps / 10)),
    onCheckpoint: (step, state, curve) => saveCheckpoint(input.checkpointDir, model, { ...state, step }, [...earlier, ...curve]),
    onStep: input.onStep,
  });
  const trainingSeconds = (performance.now() - started) / 1000;
  const curve = [...earlier, ...resumedCurve];
  await rm(input.checkpointDir, { recursive: true, force: true });

  const evaluation = evaluateModel(model, tokenizer, input.validation, config.context);
  const baseline = unigramBaseline(stream, input.validation, tokenizer);
  const samples = SAMPLE_PROMPTS.map((prompt, i) => {
    const seed = config.seed + i;
    return { prompt, text: continueAll(model, tokenizer, [prompt], 200, config.context, { kind: 'sample', temperature: 0.8, seed })[0]!, temperature: 0.8, seed };
  });
  const audit = auditMemorisation(model, tokenizer, input.train, { ...input.audit, context: config.context });
  const files = await modelFiles(model, tokenizer.toJson());
  return {
    model, files, weightsSha256: weightsHash(files), curve, trainingSeconds, resumedFrom: startStep,
    validation: evaluation.overall, perContributor: evaluation.perContributor, baseline, samples, audit,
  };
}

