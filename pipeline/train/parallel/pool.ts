/**
 * Training workers: `count - 1` worker threads beside the main thread, which
 * computes its share too. Micro-batch `i` goes to executor `i % count`
 * (0 is the main thread); the gradients are combined in index order.
 */
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../backend.ts';
import type { ModelShape } from '../model.ts';
import { combine, microGradient, type MicroBatchJob, type MicroGradient } from './micro.ts';

const ENTRY = new URL('./worker-entry.js', import.meta.url);

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private nextId = 0;

  private constructor(readonly count: number) {}

  /** Start `count - 1` workers with the same model shape, stream and backend as the main thread. */
  static async start(count: number, init: { shape: ModelShape; vocab: number; stream: Int32Array; backend: BackendChoice }): Promise<WorkerPool> {
    const pool = new WorkerPool(Math.max(1, count));
    for (let i = 1; i < pool.count; i++) {
      const worker = new Worker(ENTRY);
      await new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', (m: { type: string; message?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(`a training worker failed to start: ${m.message}`))));
        worker.postMessage({ type: 'init', ...init });
      });
      pool.workers.push(worker);
    }
    return pool;
  }

  /** The loss and gradient of step `step`'s batch in `parts` micro-batches, spread over the pool. */
  async step(model: tf.LayersModel, stream: Int32Array, job: Omit<MicroBatchJob, 'index'>): Promise<{ loss: number; grads: Float32Array[] }> {
    const jobs = Array.from({ length: job.parts }, (_, index) => ({ ...job, index }));
    const mine = jobs.filter((j) => j.index % this.count === 0);
    const weights = this.workers.length > 0 ? model.trainableWeights.map((w) => (w.read() as tf.Variable).dataSync() as Float32Array) : [];
    const theirs = this.workers.map((worker, w) => {
      const assigned = jobs.filter((j) => j.index % this.count === w + 1);
      if (assigned.length === 0) return Promise.resolve([] as MicroGradient[]);
      const id = this.nextId++;
      return new Promise<MicroGradient[]>((resolve, reject) => {
        const onMessage = (m: { type: string; id?: number; results?: MicroGradient[]; message?: string }) => {
          if (m.type === 'error') reject(new Error(`a training worker failed: ${m.message}`));
          else if (m.id === id) resolve(m.results!);
          else return;
          worker.off('message', onMessage);
        };
        worker.on('message', onMessage);
        worker.postMessage({ type: 'work', id, weights, jobs: assigned });
      });
    });
    const local = mine.map((j) => microGradient(model, stream, j));
    return combine([...local, ...(await Promise.all(theirs)).flat()]);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
