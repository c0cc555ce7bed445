/**
 * The training stage: for the current shared dataset and each allotment
 * dataset, train the model its recipe asks for (unless a model of that recipe
 * exists with its weights), evaluate and audit it, save its weights and card,
 * then settle every card's status (current, superseded, held back, retired)
 * and clear retired models of everything they learned from withdrawn writing.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { PassedCheck } from '../check/index.ts';
import { ledgerOf } from '../consent/index.ts';
import { CheckpointError } from '../checkpoints/safetensors.ts';
import { FetchError } from '../checkpoints/fetch.ts';
import { error, type Problem } from '../problems.ts';
import type { CheckedCoop, Loaded } from '../records/types.ts';
import { DatasetRegistry, MODELS_DIR, readModelRegistry } from '../registry/index.ts';
import { recordJson, writeFilesAtomically } from '../fs/index.ts';
import { ModelCard, validateRecord, type FineTuneMethod, type BaseModel, type BaseTraining, type DatasetManifest, type ModelIndex, type TrainingProfile } from '../schemas/index.ts';
import { diagnose, gatherFacts } from '../doctor/index.ts';
import { useBackend, type BackendChoice, type BackendInfo } from './backend.ts';
import { settleStatuses, usesFor } from './card.ts';
import { prepareCharJob } from './char-job.ts';
import { PolicyAdapterError, prepareCheckpointJob } from './checkpoint-job.ts';
import { CHECKPOINTS_ARTIFACTS, MODELS_ARTIFACTS, runJob } from './job.ts';
import { verifyFiles } from './model-io.ts';
import { restoreFrom, type WeightsSource } from './restore.ts';
import { GatheredModelError, handOn, leftToItsJob, NotGathered, takeIn } from './matrix.ts';
import { Progress } from '../progress.ts';
import os from 'node:os';
import { jobTexts } from './job-texts.ts';
import { planTraining, type TrainingJob, type TrainingRecipe, type TrainingStep } from './plan.ts';

export { CHECKPOINTS_ARTIFACTS, MODELS_ARTIFACTS } from './job.ts';

export interface TrainStageOptions {
  check: PassedCheck;
  /** The datasets the dataset stage produced, shared first. */
  datasets: readonly DatasetManifest[];
  backend?: BackendChoice;
  resume?: boolean;
  /** Override the policy's profile (cpu or gpu). */
  profile?: 'cpu' | 'gpu';
  /** Worker threads for training on the CPU backends (default: one per core, up to the profile's microBatches). */
  workers?: number;
  /** Where published weights are (the models' Releases, a folder or a web address) to restore from before retraining. */
  weightsFrom?: WeightsSource;
  /**
   * One job of a matrix (pipeline.yml): `shared` trains only the shared model, a member's handle
   * only that member's own model (the shared model must be here, or be taken in), and `none`
   * trains nothing: it gathers what the jobs made (`modelsFrom`) and stops if a model is missing.
   */
  only?: string;
  /** Models the matrix's jobs made, as `out` leaves them: DIR/<version>/card.json and its files. */
  modelsFrom?: string;
  /** Where to put each model this run trains (DIR/<version>/card.json and its files), for the next job. */
  out?: string;
  /** Progress lines for the terminal. */
  log?: (line: string) => void;
}

export interface TrainStageResult {
  ok: boolean;
  problems: Problem[];
  trained: string[];
  skipped: string[];
  cards: ModelCard[];
  backend?: BackendInfo;
}

/** Everything one run of the stage has learned and changed so far. */
interface StageRun {
  coop: CheckedCoop;
  opts: TrainStageOptions;
  log: (line: string) => void;
  profileName: 'cpu' | 'gpu';
  config: TrainingProfile;
  fineTuning: ReturnType<typeof fineTuningOf>;
  method: FineTuneMethod;
  useCases: Parameters<typeof usesFor>[1];
  cards: Map<string, ModelCard>;
  index: ModelIndex;
  problems: Problem[];
  trained: string[];
  skipped: string[];
  backend?: BackendInfo;
  doctorLine: string;
  /** Each model trained by this run, as its job made it (before statuses settle), for `out`. */
  made: Map<string, ModelCard>;
}

/** read → plan (pure, `planTraining`) → carry out each step → settle and write every card at once. */
export async function runTrainStage(_root: string, opts: TrainStageOptions): Promise<TrainStageResult> {
  const coop = opts.check.coop;
  const registry = await readModelRegistry(coop.root);
  if (!registry.ok) return { ok: false, problems: registry.problems, trained: [], skipped: [], cards: [] };
  const run = startRun(coop, opts, registry.value);
  const steps = planTraining(opts.datasets, registry.value.cards, recipeOf(run));
  const allotments = opts.datasets.filter((d) => d.kind === 'allotment').length;
  const progress = allotments > 1 ? new Progress('allotments', allotments, run.log, { unit: 'members', everyMs: 0 }) : undefined;
  const result = (ok: boolean, problems: Problem[], cards = [...run.cards.values()]): TrainStageResult => ({
    ok,
    problems,
    trained: run.trained,
    skipped: run.skipped,
    cards,
    ...(ok && run.backend ? { backend: run.backend } : {}),
  });
  for (const step of steps) {
    try {
      await carryOut(run, step);
    } catch (e) {
      const stopped = stageStop(e, run);
      if (!stopped) throw e;
      return result(false, [...run.problems, stopped]);
    }
    if ((step.action === 'skip' || step.action === 'elsewhere' ? step.dataset : step.job.dataset).kind === 'allotment') progress?.tick();
  }
  const settled = await settleAndWrite(coop, run.index, run.cards, registry.value.cards, usesFor('shared', run.useCases).demoAllowed);
  if (!settled.ok) return result(false, settled.problems);
  if (opts.out) await handOn(coop.root, opts.out, run.made, opts.only ?? 'all');
  return result(true, run.problems, settled.cards);
}

/** What the stage would do with each dataset (the plan, pure), without starting a backend: for --plan. */
export async function planTrainStage(opts: Pick<TrainStageOptions, 'check' | 'datasets' | 'profile'>): Promise<{ ok: true; steps: TrainingStep[] } | { ok: false; problems: Problem[] }> {
  const coop = opts.check.coop;
  const registry = await readModelRegistry(coop.root);
  if (!registry.ok) return registry;
  const run = startRun(coop, opts, registry.value);
  return { ok: true, steps: planTraining(opts.datasets, registry.value.cards, recipeOf(run)) };
}

/** The run's starting state: the policy's recipe, and the registry's cards and index to change. */
function startRun(coop: CheckedCoop, opts: TrainStageOptions, registry: { cards: ModelCard[]; index: ModelIndex }): StageRun {
  const policy = coop.policy.value;
  const profileName = opts.profile ?? policy.training.profile;
  // With training.base, every model is fine-tuned from the adopted base model (checkpoint-job.ts).
  const fineTuning = fineTuningOf(coop);
  return {
    coop,
    opts,
    log: opts.log ?? (() => {}),
    profileName,
    config: policy.training.profiles[profileName],
    fineTuning,
    method: policy.training.allotments ?? { method: 'full' as const },
    useCases: new Map([...coop.useCases].map(([s, u]) => [s, u.value])),
    cards: new Map(registry.cards.map((c) => [c.version, c])),
    index: structuredClone(registry.index),
    problems: [],
    trained: [],
    skipped: [],
    doctorLine: '',
    made: new Map(),
  };
}

/** What the plan needs of the policy: the profile, the base model to fine-tune from, the allotments' method and scaling. */
function recipeOf(run: StageRun): TrainingRecipe {
  const { fineTuning } = run;
  const foundation = fineTuning ? `${fineTuning.training.model}@${fineTuning.record.sha256}` : '';
  const scaling = run.coop.policy.value.training.allotmentScaling;
  return { config: run.config, method: run.method, ...(scaling ? { scaling } : {}), ...(fineTuning ? { fineTuning: { training: fineTuning.training, foundation } } : {}) };
}

/** One planned step: a notice, a model left as it stands, weights checked, or a model trained. */
async function carryOut(run: StageRun, step: TrainingStep): Promise<void> {
  if (step.action === 'skip') {
    run.problems.push(step.notice);
    return;
  }
  if (step.action === 'elsewhere') {
    run.skipped.push(step.card.version);
    run.log(`  ${step.card.version}: ${step.reason}`);
    return;
  }
  if (leftToItsJob(run.opts.only, step.job)) {
    run.log(`  ${step.job.label}: left to its own job (--only ${run.opts.only})`);
    return;
  }
  if (step.action === 'keep' || (step.action === 'restore' && (await verifyFiles(run.coop.root, step.card.weights.files)))) {
    run.skipped.push(step.job.version);
    run.log(`  ${step.job.label}: unchanged, not retrained`);
    return;
  }
  if (step.action === 'restore' && run.opts.weightsFrom) {
    const why = await restoreFrom(run.opts.weightsFrom, run.coop.root, step.card);
    if (!why) {
      run.skipped.push(step.job.version);
      run.log(`  ${step.job.label}: weights restored from ${run.opts.weightsFrom.describe} (same sha256 as the card), not retrained`);
      return;
    }
    run.log(`  ${step.job.label}: not restored from ${run.opts.weightsFrom.describe}: ${why}; retraining to restore it`);
  }
  const made = step.action === 'train' && run.opts.modelsFrom ? await takeIn(run.coop.root, step.job, run.opts.modelsFrom) : undefined;
  if (made) {
    takeCard(run, step.job, made);
    run.log(`  ${step.job.label}: taken in from ${run.opts.modelsFrom} (made by its own job; every file has its card's sha256)`);
    return;
  }
  if (run.opts.only === 'none') throw new NotGathered(step.job, step.action === 'restore');
  await train(run, step.job, step.action === 'restore' ? step.card : undefined);
}

/** Train one model (its weights missing, or no model of its recipe yet) and take its card in. */
async function train(run: StageRun, job: TrainingJob, existing: ModelCard | undefined): Promise<void> {
  const { coop, fineTuning, log } = run;
  if (!run.backend) {
    // The doctor's one line first (no native package loaded for it), then what actually started.
    run.doctorLine = diagnose(await gatherFacts({ load: false })).summary;
    log(`  doctor: ${run.doctorLine}`);
    run.backend = await useBackend(run.opts.backend ?? 'auto');
    log(`  backend: ${run.backend.name} (${run.backend.reason})`);
  }
  const texts = await jobTexts(coop, job.dataset);
  const prepared = fineTuning
    ? await prepareCheckpointJob(coop.root, job, { fineTuning, log })
    : await prepareCharJob(coop.root, job, texts, { config: run.config, workers: workerCount(run.backend, run.config.microBatches ?? 1, run.opts.workers), backend: run.backend.name });
  const context = { root: coop.root, policy: coop.policy.value, profileName: run.profileName, backend: run.backend, doctor: run.doctorLine, resume: run.opts.resume ?? false, log };
  const card = await runJob(prepared, job, texts, { ...context, uses: usesFor(job.dataset.kind, run.useCases) });
  if (existing && existing.weights.weightsSha256 === card.weights.weightsSha256) {
    // Weights were missing (a fresh clone): the same recipe gave the same weights, so the card stands,
    // gaining only the figures cards have had since it was written (the shared model's loss on a member's works).
    if (card.metrics.sharedModel && !existing.metrics.sharedModel) {
      const { validationWorks, ...figures } = existing.metrics;
      run.cards.set(job.version, { ...existing, metrics: { ...figures, sharedModel: card.metrics.sharedModel, validationWorks } });
    }
    run.skipped.push(job.version);
    log(`  ${job.label}: weights restored (same sha256 as the card)`);
    return;
  }
  if (existing) {
    // A card on the record is never rewritten under its version: the weights it names stand or the stage stops.
    await rm(path.join(coop.root, MODELS_ARTIFACTS, job.version), { recursive: true, force: true });
    throw new WeightsDiffer(job, existing, card);
  }
  takeCard(run, job, card);
  run.made.set(job.version, card);
  const m = card.metrics;
  log(
    `  ${job.label}: validation ${m.validation.bitsPerChar.toFixed(3)} bits/char (unigram ${m.unigramBaseline.bitsPerChar.toFixed(3)}), longest verbatim run ${card.memorisation.maxVerbatimTraining}, ${card.status}`,
  );
}

/** A new model's card into the run: listed in the index, counted as trained. */
function takeCard(run: StageRun, job: TrainingJob, card: ModelCard): void {
  const { kind, member } = job.dataset;
  run.cards.set(job.version, card);
  if (!run.index.models.some((m) => m.version === job.version)) run.index.models.push({ version: job.version, kind, ...(member ? { member } : {}) });
  run.trained.push(job.version);
}

/** Retraining a model on the record, to restore its missing weights, gave other weights. */
export class WeightsDiffer extends Error {
  constructor(
    readonly job: TrainingJob,
    readonly card: ModelCard,
    readonly retrained: ModelCard,
  ) {
    super(
      `${job.label}: its weights are missing here, and retraining it gave different weights (sha256 ${retrained.weights.weightsSha256.slice(0, 12)}…, where the card records ${card.weights.weightsSha256.slice(0, 12)}…), so its card is left as it is and nothing was written`,
    );
  }
}

/** The problem that stops the stage for an error a co-op's records caused (nothing is written), or undefined for a bug. */
function stageStop(e: unknown, run: StageRun): Problem | undefined {
  const policy = run.coop.policy;
  if (e instanceof WeightsDiffer) {
    const was = e.card.backend;
    const now = e.retrained.backend;
    const where =
      was.name === now.name && was.cpu === now.cpu
        ? 'on the same backend and processor, so training here is not reproducible'
        : `on ${now.name} (${now.cpu}) where the card was trained on ${was.name} (${was.cpu})`;
    return error('train/weights-differ', `${MODELS_DIR}/${e.job.version}.json`, `${e.message}: retrained ${where}`, {
      hint: `put the published weights back in ${MODELS_ARTIFACTS}/${e.job.version}/ (from the model's GitHub Release, checked against the card's sha256) and run again, or train on the backend the card names (--backend ${was.name})`,
    });
  }
  if (e instanceof NotGathered) {
    return error('train/not-gathered', `${MODELS_DIR}/${e.job.version}.json`, e.message, {
      hint: e.published
        ? "check the model's Release (model-<version>) and run again with --weights-from github"
        : 'run the job that trains it (train --only shared, or --only <handle>) with --out, and pass its folder to --models-from',
    });
  }
  if (e instanceof GatheredModelError) {
    return error('train/gathered-model', e.file, e.message, { hint: 'run that model’s job again: what it handed on is not a model this run can take' });
  }
  if (e instanceof PolicyAdapterError) {
    const { pointer, mismatch } = e;
    const hint = `name matrices of this ${mismatch.family} model by the end of their names, e.g. ${mismatch.available.slice(0, 6).join(', ')}`;
    return error('policy/adapter-targets', policy.file, e.message, { pointer, line: policy.lineOf(pointer), hint });
  }
  // A base model that cannot be fetched or read stops the stage with the record and file named.
  if (!(e instanceof FetchError || e instanceof CheckpointError)) return undefined;
  const file = e instanceof FetchError ? e.record : (run.fineTuning?.record.file ?? policy.file);
  return error('train/base-model', file, e.message, { hint: 'check the base-model record and its files (commonplace-coop fetch-base)' });
}

/** The policy's training.base with its base-model record, or undefined when models are trained from scratch. */
function fineTuningOf(coop: CheckedCoop): { training: BaseTraining; record: Loaded<BaseModel> } | undefined {
  const training = coop.policy.value.training.base;
  if (!training) return undefined;
  const record = coop.baseModels.get(training.model);
  // check refuses a policy naming a base model with no record (policy/unknown-base-model), so a passed check has it.
  if (!record) throw new Error(`a passed check let training.base.model name "${training.model}", which has no base-model record`);
  return { training, record };
}

/**
 * How many threads compute a step's micro-batches: what --workers asks, or one
 * per core; never more than the micro-batches there are; one on the native
 * backends, where libtensorflow already spreads each operation over the cores.
 */
export function workerCount(backend: Pick<BackendInfo, 'tfBackend'>, microBatches: number, asked?: number, cores = os.availableParallelism()): number {
  if (backend.tfBackend === 'tensorflow' || backend.tfBackend === 'webgpu') return 1;
  return Math.max(1, Math.min(asked ?? cores, microBatches));
}

/**
 * Settle statuses across every card (withdrawals retire, newest released is
 * current), delete what retired models leave on disk, and write the cards
 * that changed, all at once.
 */
export async function settleAndWrite(
  coop: CheckedCoop,
  index: ModelIndex,
  cards: Map<string, ModelCard>,
  before: readonly ModelCard[],
  demoAllowed: boolean,
): Promise<{ ok: true; cards: ModelCard[] } | { ok: false; problems: Problem[] }> {
  const datasets = await DatasetRegistry.open(coop.root);
  if (!datasets.ok) return datasets;
  const all = await datasets.value.all();
  if (!all.ok) return all;
  const ordered = index.models.map((m) => cards.get(m.version)!);
  const settled = settleStatuses(ordered, new Map(all.value.map((d) => [d.id, d])), ledgerOf(coop), demoAllowed);
  const files = new Map<string, string>();
  const previous = new Map(before.map((c) => [c.version, c]));
  for (const card of settled) {
    if (card.status === 'retired') {
      // Retired: the weights are no longer published, nor kept, and no checkpoint lingers.
      await rm(path.join(coop.root, MODELS_ARTIFACTS, card.version), { recursive: true, force: true });
      await rm(path.join(coop.root, CHECKPOINTS_ARTIFACTS, card.version), { recursive: true, force: true });
    }
    if (JSON.stringify(previous.get(card.version)) === JSON.stringify(card)) continue;
    const valid = validateRecord(ModelCard, card, { file: `${MODELS_DIR}/${card.version}.json` });
    if (!valid.ok) throw new Error(`built an invalid model card: ${JSON.stringify(valid.problems)}`);
    files.set(path.join(coop.root, MODELS_DIR, `${card.version}.json`), recordJson(card));
  }
  if (files.size > 0) {
    files.set(path.join(coop.root, MODELS_DIR, 'index.json'), recordJson(index));
    await writeFilesAtomically(files);
  }
  return { ok: true, cards: settled };
}
