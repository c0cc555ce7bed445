/**
 * One model of the training stage, whatever kind: the model made ready for
 * its job (char-job.ts for Commonplace's character transformer,
 * checkpoint-job.ts for a fine-tune of an open checkpoint), trained and
 * assessed (train-one.ts), its files written, its card built (build-card.ts).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Progress } from '../progress.ts';
import type { ModelCard, Policy, TrainingProfile } from '../schemas/index.ts';
import type { AuditWork } from './audit.ts';
import type { BackendInfo } from './backend.ts';
import { buildCard, type CardInputs } from './build-card.ts';
import type { usesFor } from './card.ts';
import type { LanguageModel } from './language-model.ts';
import { writeModel } from './model-io.ts';
import type { WorkerPool } from './parallel/pool.ts';
import type { TrainingJob } from './plan.ts';
import { choosePrompts } from './prompts.ts';
import { trainOne } from './train-one.ts';
import { assertWebgpuAccepted, webgpuRefusals } from './webgpu.ts';

export const MODELS_ARTIFACTS = 'artifacts/models';
export const CHECKPOINTS_ARTIFACTS = 'artifacts/checkpoints';

/** A model made ready for its job, with what its card says of it beyond the figures. */
export interface PreparedModel {
  model: LanguageModel;
  /** The recipe as the card records it (for a checkpoint, its shape with the policy's training settings). */
  config: TrainingProfile;
  warmupSteps: number;
  /** What the log says the run does, e.g. "fine-tuning 40 steps from Tiny GPT-2". */
  describe: string;
  /** The training code (default: the character trainer). */
  trainer?: string;
  /** Files saved beside the model's own (a full fine-tune keeps the checkpoint's config and tokenizer). */
  extraFiles?: ReadonlyMap<string, Uint8Array>;
  extra?: CardInputs['extra'];
  pool?: WorkerPool;
  workers: number;
  dispose(): Promise<void>;
}

export interface JobContext {
  root: string;
  policy: Policy;
  profileName: 'cpu' | 'gpu';
  backend: BackendInfo;
  doctor: string;
  uses: ReturnType<typeof usesFor>;
  resume: boolean;
  log: (line: string) => void;
}

type JobTexts = { train: readonly AuditWork[]; validation: readonly AuditWork[] };

/** Train, assess and save one model; return its card. The prepared model is disposed whatever happens. */
export async function runJob(prepared: PreparedModel, job: TrainingJob, texts: JobTexts, o: JobContext): Promise<ModelCard> {
  const { dataset, version, steps, label } = job;
  try {
    o.log(
      `  ${label}: ${prepared.describe} on ${texts.train.length} works, ${dataset.totals.train.characters.toLocaleString('en')} characters${prepared.workers > 1 ? `, ${prepared.workers} workers` : ''}`,
    );
    const started = new Date();
    const checkpointDir = path.join(o.root, CHECKPOINTS_ARTIFACTS, version);
    const mark = webgpuRefusals();
    const result = await trainOne(prepared.model, {
      config: { ...prepared.config, learningRate: job.learningRate },
      steps,
      warmupSteps: prepared.warmupSteps,
      scoreStart: dataset.kind === 'allotment',
      ...texts,
      prompts: choosePrompts(o.policy.training.samplePrompts, texts.validation),
      release: o.policy.release,
      checkpointDir,
      resume: o.resume,
      ...(prepared.pool ? { pool: prepared.pool } : {}),
      progress: (phase, total, options) => new Progress(`${label} ${phase}`, total, o.log, options),
    });
    if (o.backend.name === 'webgpu') await refusedNothing(`training ${label}`, mark, checkpointDir);
    const files = new Map([...result.files, ...(prepared.extraFiles ?? [])]);
    const savedFiles = await writeModel(path.join(o.root, MODELS_ARTIFACTS, version), files, o.root);
    return jobCard(prepared, job, { result, started, savedFiles, validationWorks: texts.validation.length }, o);
  } finally {
    await prepared.dispose();
  }
}

interface JobOutcome {
  result: Awaited<ReturnType<typeof trainOne>>;
  started: Date;
  savedFiles: Awaited<ReturnType<typeof writeModel>>;
  validationWorks: number;
}

/** The card of a job that trained: what the job was, what the model is, and what training found. */
function jobCard(prepared: PreparedModel, job: TrainingJob, outcome: JobOutcome, o: JobContext): ModelCard {
  const { dataset } = job;
  const { model } = prepared;
  const { files: _files, sharedModel, ...figures } = outcome.result;
  return buildCard({
    version: job.version,
    kind: dataset.kind,
    ...(dataset.member ? { member: dataset.member } : {}),
    dataset: dataset.id,
    base: job.base,
    config: { ...prepared.config, context: model.context, learningRate: job.learningRate },
    steps: job.steps,
    profile: o.profileName,
    backend: o.backend,
    workers: prepared.workers,
    doctor: o.doctor,
    release: o.policy.release,
    uses: o.uses,
    result: figures,
    architecture: model.architecture,
    parameters: model.parameters,
    vocabulary: model.vocab,
    flopsPerToken: model.flopsPerToken,
    started: outcome.started,
    finished: new Date(),
    validationWorks: outcome.validationWorks,
    savedFiles: outcome.savedFiles,
    ...(prepared.trainer ? { trainer: prepared.trainer } : {}),
    ...(sharedModel ? { sharedModel } : {}),
    ...(prepared.extra || job.scale ? { extra: { ...prepared.extra, ...(job.scale ? { allotmentScale: job.scale } : {}) } } : {}),
  });
}

/** Stop before saving a model the WebGPU adapter refused work for; its checkpoint goes too, so a resume cannot start from it. */
async function refusedNothing(what: string, since: number, checkpointDir: string): Promise<void> {
  try {
    assertWebgpuAccepted(what, since);
  } catch (e) {
    await rm(checkpointDir, { recursive: true, force: true });
    throw e;
  }
}
