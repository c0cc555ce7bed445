/**
 * Worker threads that run one of the pipeline's TypeScript modules (training
 * gradients, parsing works). Each has its own module instances and, for
 * training, its own TensorFlow.js; they talk by messages only.
 */
import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./entry.js', import.meta.url);

/** Start a worker thread running `module` (a file URL, e.g. new URL('./worker.ts', import.meta.url)). */
export function startWorker(module: URL): Worker {
  return new Worker(ENTRY, { workerData: { module: module.href } });
}
