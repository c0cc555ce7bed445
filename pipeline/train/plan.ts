/**
 * What the training stage does with each dataset, decided before any backend starts: skip it (with
 * the notice that says why), leave it to a model trained elsewhere, keep a card that needs no
 * weights, check the weights of a published card (retraining only when they are missing), or
 * train. Pure: datasets, the registry's cards and the policy's recipe in; steps out.
 */
import { notice, type Problem } from '../problems.ts';
import type { AllotmentScaling, BaseTraining, DatasetManifest, FineTuneMethod, ModelCard, TrainingProfile } from '../schemas/index.ts';
import { modelVersion } from './card.ts';

/** The trainer of fine-tunes from an open base model (the character trainer is the default; @3: an allotment keeps its best step, as the character trainer's @4 does; @4: sampled extraction, as its @5). */
export const FINETUNER = 'commonplace-finetune@4';

/** What one dataset asks of the stage: its recipe's version and what it starts from. */
export interface TrainingJob {
  dataset: DatasetManifest;
  version: string;
  /** The shared model an allotment starts from, or null for the shared model. */
  base: string | null;
  steps: number;
  /** Peak learning rate: the recipe's for the shared model, its allotment rate for an allotment. */
  learningRate: number;
  /** The adapter it trains, if it is one (an allotment's rank scaled as its steps are). */
  adapter?: AdapterMethod;
  /** How an allotment was sized to what the member gave (training.allotmentScaling). */
  scale?: AllotmentScale;
  label: string;
}

export type AdapterMethod = Extract<FineTuneMethod, { method: 'adapter' }>;
export type AllotmentScale = NonNullable<ModelCard['allotmentScale']>;

export type TrainingStep =
  | { action: 'skip'; dataset: DatasetManifest; notice: Problem }
  | { action: 'elsewhere'; dataset: DatasetManifest; card: ModelCard; reason: string }
  | { action: 'keep'; job: TrainingJob; card: ModelCard; reason: string }
  | { action: 'restore'; job: TrainingJob; card: ModelCard; reason: string }
  | { action: 'train'; job: TrainingJob; reason: string };

export interface TrainingRecipe {
  /** The character model's profile (cpu or gpu), when models are trained from scratch. */
  config: TrainingProfile;
  /** training.base, with `model@sha256` of its record, when every model is fine-tuned from an open base. */
  fineTuning?: { training: BaseTraining; foundation: string };
  method: FineTuneMethod;
  /** training.allotmentScaling: members' models sized to what each gave. */
  scaling?: AllotmentScaling;
}

/** The steps for `datasets` (shared first), given the registry's cards in order. */
export function planTraining(datasets: readonly DatasetManifest[], cards: readonly ModelCard[], recipe: TrainingRecipe): TrainingStep[] {
  const byVersion = new Map(cards.map((c) => [c.version, c]));
  let shared: string | null = null;
  return datasets.map((dataset): TrainingStep => {
    const step = planOne(dataset, shared, cards, byVersion, recipe);
    if (dataset.kind === 'shared' && step.action !== 'skip') shared = step.action === 'elsewhere' ? step.card.version : step.job.version;
    return step;
  });
}

function planOne(dataset: DatasetManifest, shared: string | null, cards: readonly ModelCard[], byVersion: ReadonlyMap<string, ModelCard>, recipe: TrainingRecipe): TrainingStep {
  const file = `registry/datasets/${dataset.id}.json`;
  const kind = dataset.kind;
  const who = kind === 'shared' ? 'the shared dataset' : `${dataset.member}'s dataset`;
  if (dataset.works.every((w) => w.split !== 'train')) return { action: 'skip', dataset, notice: notice('train/no-data', file, `${who} has no training works: no model trained`) };
  if (kind === 'allotment' && shared === null) return { action: 'skip', dataset, notice: notice('train/no-base', file, `no shared model to start ${dataset.member}'s allotment from: skipped`) };
  // A model trained elsewhere and registered for this very dataset stands for it: nothing is trained here.
  const registered = [...cards].reverse().find((c) => c.trainedElsewhere && c.dataset === dataset.id && c.kind === kind && c.member === dataset.member && c.status !== 'retired');
  if (registered) return { action: 'elsewhere', dataset, card: registered, reason: `trained elsewhere and registered for ${dataset.id}; not trained here` };
  if (kind === 'allotment' && !recipe.fineTuning && shared !== null && byVersion.get(shared)?.trainedElsewhere) {
    const message = `the shared model ${shared} was trained elsewhere, and ${dataset.member}'s allotment cannot start from it without training.base: skipped`;
    return { action: 'skip', dataset, notice: notice('train/no-base', file, message) };
  }
  const job = jobFor(dataset, kind === 'shared' ? null : shared, recipe);
  const card = byVersion.get(job.version);
  if (!card) return { action: 'train', job, reason: 'no model of this recipe yet' };
  if (card.status === 'retired') return { action: 'keep', job, card, reason: 'retired: its weights are gone on purpose' };
  if (!card.weights.published) return { action: 'keep', job, card, reason: 'its weights were never published' };
  return { action: 'restore', job, card, reason: 'a model of this recipe stands: its weights must be on disk, or be made again with the same sha256' };
}

/** The recipe's version for one dataset. */
function jobFor(dataset: DatasetManifest, base: string | null, recipe: TrainingRecipe): TrainingJob {
  const kind = dataset.kind;
  const { fineTuning } = recipe;
  const config = fineTuning?.training ?? recipe.config;
  const sized = kind === 'shared' ? sharedSizing(recipe) : allotmentSizing(dataset, recipe);
  const { steps, learningRate, adapter } = sized;
  const version = modelVersion({
    kind,
    member: dataset.member,
    dataset: dataset.content,
    config,
    steps,
    base,
    // Only an allotment names its rate apart from the config, so the shared model's address did not move when allotments got their own.
    ...(kind === 'allotment' ? { learningRate } : {}),
    ...(fineTuning ? { trainer: FINETUNER, foundation: fineTuning.foundation, ...(kind === 'allotment' && adapter ? { adapter } : {}) } : {}),
  });
  return { dataset, version, base, ...sized, label: `${version} (${kind === 'shared' ? 'shared' : dataset.member})` };
}

type Sizing = Pick<TrainingJob, 'steps' | 'learningRate' | 'adapter' | 'scale'>;

/** The shared model's steps, rate and adapter: the recipe's own. */
function sharedSizing(recipe: TrainingRecipe): Sizing {
  const config = recipe.fineTuning?.training ?? recipe.config;
  const method = recipe.fineTuning?.training.method;
  return { steps: config.steps, learningRate: config.learningRate, ...(method?.method === 'adapter' ? { adapter: method } : {}) };
}

/**
 * An allotment's steps, rate and adapter: the recipe's allotment settings, scaled down by the
 * member's share of training.allotmentScaling.fullAtCharacters when the policy asks (steps × s,
 * at least 1; rate × √s, to three figures; rank × s to a power of two, at least 1, with the adapter's scale kept).
 */
export function allotmentSizing(dataset: DatasetManifest, recipe: TrainingRecipe): Sizing {
  const config = recipe.fineTuning?.training ?? recipe.config;
  const method = recipe.fineTuning && recipe.method.method === 'adapter' ? recipe.method : undefined;
  const full = { steps: config.allotmentSteps, learningRate: allotmentLearningRate(recipe), ...(method ? { adapter: method } : {}) };
  if (!recipe.scaling) return full;
  const characters = dataset.totals.train.characters;
  const share = Math.min(1, characters / recipe.scaling.fullAtCharacters);
  const scale = { characters, fullAtCharacters: recipe.scaling.fullAtCharacters, share };
  if (share >= 1) return { ...full, scale };
  return {
    steps: full.steps === 0 ? 0 : Math.max(1, Math.round(full.steps * share)),
    // Three significant figures: the rate is part of the model's recipe, and its page quotes it.
    learningRate: Number((full.learningRate * Math.sqrt(share)).toPrecision(3)),
    ...(method ? { adapter: scaledAdapter(method, share) } : {}),
    scale,
  };
}

/** An adapter of rank × share (rounded down to a power of two, at least 1), its alpha / rank unchanged. */
function scaledAdapter(method: AdapterMethod, share: number): AdapterMethod {
  const rank = Math.max(1, 2 ** Math.floor(Math.log2(Math.max(1, method.rank * share))));
  if (rank >= method.rank) return method;
  const alpha = ((method.alpha ?? 2 * method.rank) * rank) / method.rank;
  return { ...method, rank, alpha };
}

/**
 * The peak learning rate of members' own models: the policy's allotmentLearningRate, or by default
 * a tenth of the character model's from-scratch rate (on the demo, a copy of the shared model
 * fine-tuned at the full rate was worse than its start for every member), or a fine-tune's own rate.
 */
export function allotmentLearningRate(recipe: TrainingRecipe): number {
  if (recipe.fineTuning) return recipe.fineTuning.training.allotmentLearningRate ?? recipe.fineTuning.training.learningRate;
  return recipe.config.allotmentLearningRate ?? recipe.config.learningRate / 10;
}
