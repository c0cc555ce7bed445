/**
 * One model of a co-op whose policy names a base model (training.base): the
 * shared model is the adopted open checkpoint fine-tuned on the shared
 * training set; each allotment is the shared model fine-tuned on a member's
 * own, as a full copy or a LoRA adapter (training.allotments). Evaluation,
 * the memorisation audit and the release gate are the ones every model gets;
 * the card carries the base model's provenance.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CheckpointText, checkpointFlopsPerToken, continueCheckpoint, fineTune, saveWeights } from './finetune.ts';
import { loadCheckpoint, type Checkpoint } from '../checkpoints/load.ts';
import { attachLora, loraParameterCount, loraVariables, saveLora } from '../checkpoints/lora.ts';
import { type CausalLM, parameterCount } from '../checkpoints/model.ts';
import { Progress, type ProgressFactory } from '../progress.ts';
import type { Loaded } from '../records/types.ts';
import type { AllotmentMethod, BaseModel, BaseTraining, ModelCard, Policy, TrainingProfile } from '../schemas/index.ts';
import { type AuditWork, auditWith } from './audit.ts';
import type { BackendInfo } from './backend.ts';
import { buildCard, type CardInputs } from './build-card.ts';
import type { usesFor } from './card.ts';
import { tokenStream } from './data.ts';
import { evaluateWith, unigramBaseline, type LossFigures } from './evaluate.ts';
import { writeModel } from './model-io.ts';
import { sha256 } from '../hash/index.ts';
import { choosePrompts } from './prompts.ts';
import { Tokenizer } from './tokenizer.ts';
import type { TrainOneResult } from './train-one.ts';
import { auditSettings, SAMPLE_LENGTH, SAMPLE_TEMPERATURE, warmupFor } from './protocol.ts';
import { FINETUNER } from './plan.ts';

/** The fine-tuning code's version, part of every fine-tuned model's address. */

export type Foundation = NonNullable<ModelCard['foundation']>;

/** What a card records of the base model: its record as it stands (copied, so the card keeps it whatever the record later says). */
export function foundationOf(id: string, rec: Loaded<BaseModel>): Foundation {
  const b = rec.value;
  const weights = b.files.find((f) => f.path === 'model.safetensors') ?? b.files.find((f) => f.path.endsWith('.safetensors')) ?? b.files[0]!;
  return {
    id,
    name: b.name,
    recordSha256: rec.sha256!,
    adoptedBy: b.adoptedBy,
    licence: b.licence,
    ...(b.licenceUrl ? { licenceUrl: b.licenceUrl } : {}),
    trainedOn: { summary: b.trainedOn.summary, links: b.trainedOn.links.map((l) => ({ title: l.title, url: l.url })) },
    openness: structuredClone(b.openness),
    weightsSha256: weights.sha256,
  };
}

/** The card's training profile of a fine-tuned checkpoint: the checkpoint's shape with the policy's recipe. */
function profileOf(checkpoint: Checkpoint, recipe: BaseTraining): TrainingProfile {
  const c = checkpoint.config;
  const shape =
    c.family === 'gpt2'
      ? { layers: c.config.n_layer, dModel: c.config.n_embd, heads: c.config.n_head }
      : { layers: c.config.num_hidden_layers, dModel: c.config.hidden_size, heads: c.config.num_attention_heads };
  const { model: _model, ...training } = recipe;
  return { ...shape, ...training };
}

/** What a checkpoint model is, as its card says it: family, size, vocabulary, cost per token. */
export function checkpointShape(model: CausalLM): Pick<CardInputs, 'architecture' | 'parameters' | 'vocabulary' | 'flopsPerToken'> {
  return { architecture: model.family, parameters: parameterCount(model), vocabulary: model.vocab, flopsPerToken: checkpointFlopsPerToken(model) };
}

/** How a checkpoint model did here: the card's figures every model gets, in the shape of a training result. */
export type Assessment = Pick<TrainOneResult, 'validation' | 'perContributor' | 'baseline' | 'samples' | 'audit'>;

/** Evaluation, samples and the memorisation audit of a checkpoint model, as every model gets them. */
export async function assessCheckpoint(
  model: CausalLM,
  text: CheckpointText,
  o: { train: readonly AuditWork[]; validation: readonly AuditWork[]; context: number; seed: number; policy: Policy; progress: ProgressFactory },
): Promise<Assessment> {
  const { progress, context } = o;
  const evaluation = evaluateWith(text.scorer(model), o.validation, context, progress);
  // The baseline is the character unigram every card has, so the figures compare across kinds of model.
  const chars = Tokenizer.fromTexts([...o.train, ...o.validation].map((w) => w.text));
  const baseline = unigramBaseline(
    tokenStream(
      o.train.map((w) => w.text),
      chars,
    ),
    o.validation,
    chars,
  );
  const prompts = choosePrompts(o.policy.training.samplePrompts, o.validation);
  const sampling = progress('samples', prompts.length, { unit: 'samples' });
  const samples = prompts.map(({ prompt, source }, i) => {
    const seed = o.seed + i;
    const [written] = continueCheckpoint(model, text, [prompt], SAMPLE_LENGTH, context, { kind: 'sample', temperature: SAMPLE_TEMPERATURE, seed });
    sampling.tick();
    return { prompt, text: written!, temperature: SAMPLE_TEMPERATURE, seed, source };
  });
  const settings = auditSettings(o.policy.release);
  const audit = await auditWith(
    async (plans, onDone) =>
      continueCheckpoint(
        model,
        text,
        plans.map((p) => p.prompt),
        settings.generateChars,
        context,
        { kind: 'greedy' },
        onDone,
      ),
    o.train,
    { ...settings, progress },
  );
  return { validation: evaluation.overall, perContributor: evaluation.perContributor, baseline, samples, audit };
}

export interface CheckpointJob {
  kind: 'shared' | 'allotment';
  member?: string;
  dataset: string;
  version: string;
  /** For an allotment, the shared model's version. */
  base: string | null;
  steps: number;
  label: string;
  /** The folder to load: the fetched base model (shared), or the shared model's files (allotment). */
  from: string;
  recipe: BaseTraining;
  /** How an allotment is made; ignored for the shared model. */
  method: AllotmentMethod;
  foundation: Foundation;
  train: readonly AuditWork[];
  validation: readonly AuditWork[];
}

export interface CheckpointJobContext {
  root: string;
  /** Where the model's files go (artifacts/models/<version>). */
  dir: string;
  policy: Policy;
  profileName: 'cpu' | 'gpu';
  backend: BackendInfo;
  doctor: string;
  uses: ReturnType<typeof usesFor>;
  log: (line: string) => void;
}

/** Fine-tune, evaluate and audit one model from a checkpoint; save its files; return its card. */
export async function trainCheckpointJob(job: CheckpointJob, o: CheckpointJobContext): Promise<ModelCard> {
  const checkpoint = await loadCheckpoint(job.from);
  const { model } = checkpoint;
  const text = new CheckpointText(checkpoint);
  const { recipe } = job;
  const context = Math.min(recipe.context, model.context);
  const progress: ProgressFactory = (phase, total, options) => new Progress(`${job.label} ${phase}`, total, o.log, options);
  try {
    const allotment = job.kind === 'allotment';
    const sharedModel: LossFigures | undefined = allotment && job.validation.length > 0 ? evaluateWith(text.scorer(model), job.validation, context).overall : undefined;
    const adapter = allotment && job.method.method === 'adapter' ? job.method : undefined;
    if (adapter) attachLora(model, { rank: adapter.rank, alpha: adapter.alpha ?? 2 * adapter.rank, targets: adapter.targets, seed: recipe.seed });
    const variables = adapter ? loraVariables(model) : [...model.weights.values()];
    const stream = text.stream(job.train.map((w) => w.text));
    o.log(
      `  ${job.label}: fine-tuning ${job.steps} steps from ${allotment ? job.base : job.foundation.name}${adapter ? ` (adapter, rank ${adapter.rank})` : ''} on ${job.train.length} works, ${stream.length.toLocaleString('en')} tokens`,
    );
    const started = new Date();
    const training = progress('fine-tuning', job.steps, { unit: 'steps', rate: { perItem: recipe.batch * context, unit: 'tok/s' } });
    const t0 = performance.now();
    const curve = await fineTune(model, stream, {
      context,
      batch: recipe.batch,
      seed: recipe.seed,
      optimizer: {
        learningRate: recipe.learningRate,
        warmupSteps: warmupFor(recipe.warmupSteps, job.steps, allotment),
        totalSteps: job.steps,
        weightDecay: recipe.weightDecay,
        clipNorm: recipe.clipNorm,
      },
      variables,
      onStep: (r) => training.tick(1, `loss ${r.loss.toFixed(3)}`),
    });
    const trainingSeconds = (performance.now() - t0) / 1000;

    const assessed = await assessCheckpoint(model, text, { train: job.train, validation: job.validation, context, seed: recipe.seed, policy: o.policy, progress });
    const release = o.policy.release;

    const files = new Map<string, Uint8Array>();
    let weightsFile: string;
    if (adapter) {
      weightsFile = 'adapter.safetensors';
      files.set(weightsFile, await saveLora(model));
    } else {
      weightsFile = 'model.safetensors';
      files.set(weightsFile, await saveWeights(model));
      for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
        const bytes = await readFile(path.join(job.from, name)).catch(() => undefined);
        if (bytes) files.set(name, bytes);
      }
    }
    const savedFiles = await writeModel(o.dir, files, o.root);
    const config = profileOf(checkpoint, recipe);
    return buildCard({
      version: job.version,
      kind: job.kind,
      ...(job.member ? { member: job.member } : {}),
      dataset: job.dataset,
      base: job.base,
      config: { ...config, context },
      steps: job.steps,
      profile: o.profileName,
      backend: o.backend,
      workers: 1,
      doctor: o.doctor,
      release,
      uses: o.uses,
      result: { ...assessed, weightsSha256: sha256(files.get(weightsFile)!), curve, trainingSeconds, resumedFrom: 0 },
      ...checkpointShape(model),
      started,
      finished: new Date(),
      validationWorks: job.validation.length,
      savedFiles,
      trainer: FINETUNER,
      ...(sharedModel ? { sharedModel } : {}),
      extra: {
        foundation: job.foundation,
        ...(adapter ? { adapter: { rank: adapter.rank, alpha: adapter.alpha ?? 2 * adapter.rank, targets: [...adapter.targets], parameters: loraParameterCount(model) } } : {}),
      },
    });
  } finally {
    for (const v of model.weights.values()) v.dispose();
    for (const x of model.adapters.values()) {
      x.a.dispose();
      x.b.dispose();
    }
  }
}
