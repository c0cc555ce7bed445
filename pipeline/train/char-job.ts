/**
 * A job for Commonplace's character transformer: a fresh model (the shared
 * model), or a copy of the shared model to fine-tune (an allotment), over the
 * dataset's characters, with worker threads on the CPU backends.
 */
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { TrainingProfile } from '../schemas/index.ts';
import type { AuditWork } from './audit.ts';
import type { BackendChoice } from './backend.ts';
import { charModel } from './char-model.ts';
import { tokenStream } from './data.ts';
import { MODELS_ARTIFACTS, type PreparedModel } from './job.ts';
import { buildModel } from './model.ts';
import { loadModel } from './model-io.ts';
import { WorkerPool } from './parallel/pool.ts';
import type { TrainingJob } from './plan.ts';
import { warmupFor } from './protocol.ts';
import { Tokenizer } from './tokenizer.ts';

/** The shared model's job (a fresh model over its dataset's alphabet) or an allotment's (a copy of the shared model, with its alphabet). */
export async function prepareCharJob(
  root: string,
  job: TrainingJob,
  texts: { train: readonly AuditWork[]; validation: readonly AuditWork[] },
  o: { config: TrainingProfile; workers: number; backend: Exclude<BackendChoice, 'auto'> },
): Promise<PreparedModel> {
  const base = job.base ? await loadModel(path.join(root, MODELS_ARTIFACTS, job.base)) : undefined;
  const tokenizer = base ? Tokenizer.fromJson(base.tokenizer) : Tokenizer.fromTexts([...texts.train, ...texts.validation].map((w) => w.text));
  try {
    const prepared = await prepareChar(o.config, tokenizer, texts.train, { ...o, steps: job.steps, ...(base ? { base: base.model } : {}) });
    return { ...prepared, describe: `training ${job.steps} steps${job.base ? ` from ${job.base}` : ''}` };
  } finally {
    base?.model.dispose();
  }
}

/** A character model of `config` over `tokenizer`, fresh or a copy of `base`, with its worker threads started. */
export async function prepareChar(
  config: TrainingProfile,
  tokenizer: Tokenizer,
  train: ReadonlyArray<{ text: string }>,
  o: { steps: number; base?: tf.LayersModel; workers: number; backend: Exclude<BackendChoice, 'auto'>; auditBatch?: number },
): Promise<PreparedModel> {
  const net = buildModel(config, tokenizer.size);
  if (o.base) net.setWeights(o.base.getWeights());
  const stream = tokenStream(
    train.map((w) => w.text),
    tokenizer,
  );
  const pool = o.workers > 1 ? await WorkerPool.start(o.workers, { shape: config, vocab: tokenizer.size, stream, backend: o.backend }) : undefined;
  return {
    model: charModel(net, tokenizer, { shape: config, ...(pool ? { pool } : {}), ...(o.auditBatch ? { batch: o.auditBatch } : {}) }),
    config,
    // A fine-tune (an allotment) warms up over at most a tenth of its steps.
    warmupSteps: warmupFor(config.warmupSteps, o.steps, Boolean(o.base)),
    describe: `training ${o.steps} steps`,
    ...(pool ? { pool } : {}),
    workers: o.workers,
    dispose: async () => {
      await pool?.close();
      net.dispose();
    },
  };
}
