/**
 * Training workers: `count - 1` worker threads beside the main thread, which
 * computes its share too. Job `i` (a micro-batch, or a batch of audit prompts)
 * goes to executor `i % count` (0 is the main thread); results are put back in
 * index order, so they do not depend on how many executors there were.
 */
import type { Worker } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../backend.ts';
import type { ModelShape } from '../model.ts';
import { startWorker } from '../../threads/start.ts';
import { Decoder } from '../decoder.ts';
import { combine, microGradient, type MicroBatchJob, type MicroGradient } from './micro.ts';
import type { Trainable } from '../language-model.ts';

const WORKER = new URL('./worker.ts', import.meta.url);

/** A batch of audit prompts for a worker: sequences of one length, and their place in the whole. */
export interface GreedyJob {
  index: number;
  seqs: number[][];
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private nextId = 0;

  private constructor(readonly count: number) {}

  /** Start `count - 1` workers with the same model shape, stream and backend as the main thread. */
  static async start(count: number, init: { shape: ModelShape; vocab: number; stream: Int32Array; backend: BackendChoice }): Promise<WorkerPool> {
    const pool = new WorkerPool(Math.max(1, count));
    for (let i = 1; i < pool.count; i++) {
      const worker = startWorker(WORKER);
      await new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', (m: { type: string; message?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(`a training worker failed to start: ${m.message}`))));
        worker.postMessage({ type: 'init', ...init });
      });
      pool.workers.push(worker);
    }
    return pool;
  }

  /** Send `message` (with the model's current weights) to worker `w`; resolves to its results. */
  private ask<T>(w: number, weights: Float32Array[], message: Record<string, unknown>): Promise<T[]> {
    const worker = this.workers[w]!;
    const id = this.nextId++;
    return new Promise<T[]>((resolve, reject) => {
      const onMessage = (m: { type: string; id?: number; results?: T[]; message?: string }) => {
        if (m.type === 'error') reject(new Error(`a training worker failed: ${m.message}`));
        else if (m.id === id) resolve(m.results!);
        else return;
        worker.off('message', onMessage);
      };
      worker.on('message', onMessage);
      worker.postMessage({ ...message, id, weights });
    });
  }

  /** Each worker's share of `jobs` (job i to executor i % count; executor 0, the main thread, is not among them). */
  private shares<J extends { index: number }>(jobs: readonly J[]): J[][] {
    return this.workers.map((_, w) => jobs.filter((j) => j.index % this.count === w + 1));
  }

  private async weightsOf(variables: readonly tf.Variable[]): Promise<Float32Array[]> {
    return this.workers.length > 0 ? Promise.all(variables.map(async (v) => (await v.data()) as Float32Array)) : [];
  }

  /** The loss and gradient of step `step`'s batch in `parts` micro-batches, spread over the pool. */
  async step(model: Trainable, stream: Int32Array, job: Omit<MicroBatchJob, 'index'>): Promise<{ loss: number; grads: Float32Array[] }> {
    const jobs = Array.from({ length: job.parts }, (_, index) => ({ ...job, index }));
    const weights = await this.weightsOf(model.trainable);
    const theirs = this.shares(jobs).map((share, w) => (share.length === 0 ? Promise.resolve([] as MicroGradient[]) : this.ask<MicroGradient>(w, weights, { type: 'work', jobs: share })));
    const local: MicroGradient[] = [];
    // The main thread's parts one after another (each holds its activations until read).
    for (const j of jobs.filter((j) => j.index % this.count === 0)) local.push(await microGradient(model, stream, j));
    return combine([...local, ...(await Promise.all(theirs)).flat()]);
  }

  /**
   * Greedy continuations of each batch of sequences (Decoder.greedy), the
   * batches spread over the pool; `onBatch` hears of each batch done.
   */
  async greedy(model: tf.LayersModel, batches: readonly number[][][], o: { context: number; length: number; banned: number[]; onBatch?: (rows: number) => void }): Promise<number[][][]> {
    const jobs: GreedyJob[] = batches.map((seqs, index) => ({ index, seqs }));
    const weights = await this.weightsOf(model.trainableWeights.map((w) => w.read() as tf.Variable));
    const theirs = this.shares(jobs).map((share, w) =>
      share.length === 0
        ? Promise.resolve([])
        : this.ask<{ index: number; ids: number[][] }>(w, weights, { type: 'greedy', context: o.context, length: o.length, banned: o.banned, jobs: share }).then((r) => {
            for (const j of share) o.onBatch?.(j.seqs.length);
            return r;
          }),
    );
    const decoder = new Decoder(model, o.context);
    const local: Array<{ index: number; ids: number[][] }> = [];
    for (const j of jobs.filter((j) => j.index % this.count === 0)) {
      local.push({ index: j.index, ids: await decoder.greedy(j.seqs, o.length, o.banned) });
      o.onBatch?.(j.seqs.length);
    }
    const out: number[][][] = [];
    for (const r of [...local, ...(await Promise.all(theirs)).flat()]) out[r.index] = r.ids;
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
