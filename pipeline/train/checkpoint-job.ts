/**
 * A job of a co-op whose policy names a base model (training.base): the
 * shared model is the adopted open checkpoint fine-tuned on the shared
 * training set; each allotment is the shared model fine-tuned on a member's
 * own, as a full copy or a LoRA adapter (training.allotments). Training,
 * evaluation, the audit and the gate are the ones every model gets (job.ts);
 * the card carries the base model's provenance.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fetchBaseModel } from '../checkpoints/fetch.ts';
import { loadCheckpoint, type Checkpoint } from '../checkpoints/load.ts';
import { attachLora, loraParameterCount } from '../checkpoints/lora.ts';
import type { Loaded } from '../records/types.ts';
import type { AllotmentMethod, BaseModel, BaseTraining, ModelCard, TrainingProfile } from '../schemas/index.ts';
import { checkpointModel } from './checkpoint-model.ts';
import { MODELS_ARTIFACTS, type PreparedModel } from './job.ts';
import { FINETUNER, type TrainingJob } from './plan.ts';
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
  const { model: _model, ...training } = recipe;
  return { ...shape, ...training };
}

/** The checkpoint a job starts from, made ready: the base model fetched (the shared model) or the shared model's files (an allotment), adapters attached when the policy asks. */
export async function prepareCheckpointJob(
  root: string,
  job: TrainingJob,
  o: { fineTuning: { training: BaseTraining; record: Loaded<BaseModel> }; method: AllotmentMethod; log: (line: string) => void },
): Promise<PreparedModel> {
  const { training: recipe, record } = o.fineTuning;
  const from = job.base ? path.join(root, MODELS_ARTIFACTS, job.base) : (await fetchBaseModel(root, recipe.model, record, o.log)).dir;
  const checkpoint = await loadCheckpoint(from);
  const { model } = checkpoint;
  const dispose = async () => {
    for (const v of model.weights.values()) v.dispose();
    for (const x of model.adapters.values()) disposeAdapter(x);
  };
  try {
    const allotment = job.base !== null;
    const foundation = foundationOf(recipe.model, record);
    const adapter = allotment && o.method.method === 'adapter' ? o.method : undefined;
    const alpha = adapter ? (adapter.alpha ?? 2 * adapter.rank) : 0;
    if (adapter) attachLora(model, { rank: adapter.rank, alpha, targets: adapter.targets, seed: recipe.seed });
    const lm = checkpointModel(checkpoint, { context: Math.min(recipe.context, model.context), adapters: Boolean(adapter) });
    // A full copy keeps the checkpoint's config and tokenizer beside its weights: a folder loadCheckpoint reads.
    const extraFiles = new Map<string, Uint8Array>();
    if (!adapter) {
      for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
        const bytes = await readFile(path.join(from, name)).catch(() => undefined);
        if (bytes) extraFiles.set(name, bytes);
      }
    }
    return {
      model: lm,
      config: profileOf(checkpoint, recipe),
      warmupSteps: warmupFor(recipe.warmupSteps, job.steps, allotment),
      describe: `fine-tuning ${job.steps} steps from ${allotment ? job.base : foundation.name}${adapter ? ` (adapter, rank ${adapter.rank})` : ''}`,
      trainer: FINETUNER,
      extraFiles,
      extra: {
        foundation,
        ...(adapter ? { adapter: { rank: adapter.rank, alpha, targets: [...adapter.targets], parameters: loraParameterCount(model) } } : {}),
      },
      workers: 1,
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

function disposeAdapter(x: { a: { dispose(): void }; b: { dispose(): void } }): void {
  x.a.dispose();
  x.b.dispose();
}
