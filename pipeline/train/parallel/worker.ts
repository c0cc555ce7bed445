/**
 * A training worker thread: its own TensorFlow.js (the same backend as the
 * main thread), its own copy of the model, and the training stream; it
 * computes the gradients of the micro-batches it is given for the weights it
 * is sent. Messages only; no files.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BackendChoice } from '../backend.ts';
import { buildModel, type ModelShape } from '../model.ts';
import { microGradient, type MicroBatchJob } from './micro.ts';

interface Init { type: 'init'; shape: ModelShape; vocab: number; stream: Int32Array; backend: BackendChoice }
interface Work { type: 'work'; id: number; weights: Float32Array[]; jobs: MicroBatchJob[] }

let model: tf.LayersModel | undefined;
let stream: Int32Array | undefined;

parentPort!.on('message', async (message: Init | Work) => {
  try {
    if (message.type === 'init') {
      await useBackend(message.backend);
      model = buildModel(message.shape, message.vocab);
      stream = message.stream;
      parentPort!.postMessage({ type: 'ready' });
      return;
    }
    const vars = model!.trainableWeights.map((w) => w.read() as tf.Variable);
    vars.forEach((v, i) => {
      const weights = tf.tensor(message.weights[i]!, v.shape);
      v.assign(weights);
      weights.dispose();
    });
    const results = message.jobs.map((job) => microGradient(model!, stream!, job));
    parentPort!.postMessage({ type: 'done', id: message.id, results }, results.flatMap((r) => r.grads.map((g) => g.buffer as ArrayBuffer)));
  } catch (e) {
    parentPort!.postMessage({ type: 'error', message: (e as Error).stack ?? String(e) });
  }
});
