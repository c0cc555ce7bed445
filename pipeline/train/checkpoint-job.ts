/**
 * A job of a co-op whose policy names a base model (training.base): the
 * shared model is the adopted open checkpoint fine-tuned on the shared
 * training set, as a full copy or a LoRA adapter over the base
 * (training.base.method); each allotment is the shared model fine-tuned on a
 * member's own, as a full copy or a LoRA adapter (training.allotments). Training,
 * evaluation, the audit and the gate are the ones every model gets (job.ts);
 * the card carries the base model's provenance.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fetchBaseModel } from '../checkpoints/fetch.ts';
import { loadCheckpoint, type Checkpoint } from '../checkpoints/load.ts';
import { AdapterTargetError, attachLora, loadLora, loraParameterCount, mergeLora } from '../checkpoints/lora.ts';
import type { Loaded } from '../records/types.ts';
import type { BaseModel, BaseTraining, ModelCard, TrainingProfile } from '../schemas/index.ts';
import { ADAPTER_FILE, checkpointModel } from './checkpoint-model.ts';
import { MODELS_ARTIFACTS, type PreparedModel } from './job.ts';
import { FINETUNER, type AdapterMethod, type TrainingJob } from './plan.ts';
import { warmupFor } from './protocol.ts';

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
  const { model: _model, method: _method, ...training } = recipe;
  return { ...shape, ...training };
}

/** The policy's adapters name matrices the model does not have; `pointer` is the policy's line that asked for them. */
export class PolicyAdapterError extends Error {
  constructor(
    readonly pointer: string,
    readonly mismatch: AdapterTargetError,
  ) {
    super(mismatch.message);
    this.name = 'PolicyAdapterError';
  }
}

/** The adapter a job trains, if any (the plan's: the shared model's training.base.method, or an allotment's training.allotments, scaled), with the policy line that asked for it. */
function adapterFor(job: TrainingJob): { method: AdapterMethod; pointer: string } | undefined {
  if (!job.adapter) return undefined;
  return { method: job.adapter, pointer: job.base === null ? '/training/base/method/targets' : '/training/allotments/targets' };
}

/**
 * The checkpoint a job starts from, loaded: the base model, fetched (the shared model); for an
 * allotment the shared model's own files, or, when the shared model is an adapter, the base with
 * that adapter folded into its weights. Returns the folder its config and tokenizer come from.
 */
async function startingCheckpoint(root: string, job: TrainingJob, recipe: BaseTraining, record: Loaded<BaseModel>, log: (line: string) => void): Promise<{ checkpoint: Checkpoint; from: string }> {
  const shared = job.base ? path.join(root, MODELS_ARTIFACTS, job.base) : undefined;
  if (shared && recipe.method?.method !== 'adapter') return { checkpoint: await loadCheckpoint(shared), from: shared };
  const from = (await fetchBaseModel(root, recipe.model, record, log)).dir;
  const checkpoint = await loadCheckpoint(from);
  if (shared) {
    try {
      const file = path.join(shared, ADAPTER_FILE);
      loadLora(checkpoint.model, await readFile(file), path.relative(root, file));
      mergeLora(checkpoint.model);
    } catch (e) {
      for (const v of checkpoint.model.weights.values()) v.dispose();
      throw e;
    }
  }
  return { checkpoint, from };
}

/** The checkpoint a job starts from, made ready (startingCheckpoint), adapters attached when the policy asks. */
export async function prepareCheckpointJob(
  root: string,
  job: TrainingJob,
  o: { fineTuning: { training: BaseTraining; record: Loaded<BaseModel> }; log: (line: string) => void },
): Promise<PreparedModel> {
  const { training: recipe, record } = o.fineTuning;
  const { checkpoint, from } = await startingCheckpoint(root, job, recipe, record, o.log);
  const { model } = checkpoint;
  const dispose = async () => {
    for (const v of model.weights.values()) v.dispose();
    for (const x of model.adapters.values()) disposeAdapter(x);
  };
  try {
    const allotment = job.base !== null;
    const foundation = foundationOf(recipe.model, record);
    const adapter = adapterFor(job);
    const alpha = adapter ? (adapter.method.alpha ?? 2 * adapter.method.rank) : 0;
    if (adapter) attachAdapters(model, adapter, alpha, recipe.seed);
    const lm = checkpointModel(checkpoint, { context: Math.min(recipe.context, model.context), adapters: Boolean(adapter) });
    return {
      model: lm,
      config: profileOf(checkpoint, recipe),
      warmupSteps: warmupFor(recipe.warmupSteps, job.steps, allotment),
      describe: `fine-tuning ${job.steps} steps from ${allotment ? job.base : foundation.name}${adapter ? ` (adapter, rank ${adapter.method.rank})` : ''}`,
      trainer: FINETUNER,
      // A full copy keeps the checkpoint's config and tokenizer beside its weights: a folder loadCheckpoint reads.
      extraFiles: adapter ? new Map() : await checkpointFiles(from),
      extra: {
        foundation,
        ...(adapter ? { adapter: { rank: adapter.method.rank, alpha, targets: [...adapter.method.targets], parameters: loraParameterCount(model) } } : {}),
      },
      workers: 1,
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

function attachAdapters(model: Checkpoint['model'], adapter: NonNullable<ReturnType<typeof adapterFor>>, alpha: number, seed: number): void {
  try {
    attachLora(model, { rank: adapter.method.rank, alpha, targets: adapter.method.targets, seed });
  } catch (e) {
    throw e instanceof AdapterTargetError ? new PolicyAdapterError(adapter.pointer, e) : e;
  }
}

/** The files besides the weights that make a folder a checkpoint loadCheckpoint reads. */
async function checkpointFiles(from: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    const bytes = await readFile(path.join(from, name)).catch(() => undefined);
    if (bytes) files.set(name, bytes);
  }
  return files;
}

function disposeAdapter(x: { a: { dispose(): void }; b: { dispose(): void } }): void {
  x.a.dispose();
  x.b.dispose();
}
