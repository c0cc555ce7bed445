/**
 * A training worker thread: its own TensorFlow.js (the same backend as the
 * main thread), its own copy of the model, and the training stream. It
 * computes the gradients of the micro-batches it is given, or greedy
 * continuations for the audit, for the weights it is sent. Messages only; no
 * files.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BackendChoice } from '../backend.ts';
import { Decoder } from '../decoder.ts';
import { buildModel, type ModelShape } from '../model.ts';
import { microGradient, type MicroBatchJob } from './micro.ts';
import { charNetwork } from '../char-model.ts';
import type { Trainable } from '../language-model.ts';
import type { GreedyJob } from './pool.ts';

interface Init {
  type: 'init';
  shape: ModelShape;
  vocab: number;
  stream: Int32Array;
  backend: BackendChoice;
}
interface Work {
  type: 'work';
  id: number;
  weights: Float32Array[];
  jobs: MicroBatchJob[];
}
interface Greedy {
  type: 'greedy';
  id: number;
  weights: Float32Array[];
  context: number;
  length: number;
  banned: number[];
  jobs: GreedyJob[];
}

let model: tf.LayersModel | undefined;
let network: Trainable | undefined;
let stream: Int32Array | undefined;

/** Load `weights` (one array per trainable variable, in order) into the worker's model. */
function assign(weights: Float32Array[]): void {
  model!.trainableWeights.forEach((w, i) => {
    const variable = w.read() as tf.Variable;
    const values = tf.tensor(weights[i]!, variable.shape);
    variable.assign(values);
    values.dispose();
  });
}

parentPort!.on('message', async (message: Init | Work | Greedy) => {
  try {
    if (message.type === 'init') {
      await useBackend(message.backend);
      model = buildModel(message.shape, message.vocab);
      network = charNetwork(model, message.vocab);
      stream = message.stream;
      parentPort!.postMessage({ type: 'ready' });
      return;
    }
    assign(message.weights);
    if (message.type === 'greedy') {
      const decoder = new Decoder(model!, message.context);
      const results = [];
      for (const job of message.jobs) results.push({ index: job.index, ids: await decoder.greedy(job.seqs, message.length, message.banned) });
      parentPort!.postMessage({ type: 'done', id: message.id, results });
      return;
    }
    const results = [];
    for (const job of message.jobs) results.push(await microGradient(network!, stream!, job));
    parentPort!.postMessage(
      { type: 'done', id: message.id, results },
      results.flatMap((r) => r.grads.map((g) => g.buffer as ArrayBuffer)),
    );
  } catch (e) {
    parentPort!.postMessage({ type: 'error', message: (e as Error).stack ?? String(e) });
  }
});
