/**
 * Benchmark: fine-tuning speed of open-checkpoint layouts on the current
 * machine (TF.js, wasm by default): the tiny test fixtures and a layout the
 * size of SmolLM2-135M (random weights: the speed does not depend on them).
 * Prints parameters, seconds per optimiser step and tokens per second.
 *
 * Adam keeps two numbers per weight: for the 135M layout, weights, gradients
 * and Adam's moments alone are over 2 GB, and the step's transients do not fit
 * in the wasm backend's 4 GB heap. `--optimizer sgd` (no state) times the same
 * forward and backward pass.
 *
 * `--generate N` also times writing N tokens (greedy) after a 16-token prompt, reading the whole
 * window again for every token and reading only the new token with the key/value cache.
 *
 * `--lora RANK` trains LoRA adapters on the attention's query and value
 * projections instead of every weight, and prints the adapter's size beside
 * a full copy's.
 *
 * `--micro N` takes each step's batch in N parts one after another, adding up their gradients
 * (training.base.microBatches): how a batch too big for the wasm heap trains.
 *
 *   npm run bench:checkpoints [-- --backend wasm|cpu --steps N --context N --batch N --micro N --only tiny|135m --optimizer adam|sgd --lora RANK --generate N]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { llama } from '../pipeline/checkpoints/llama.ts';
import { loadCheckpoint } from '../pipeline/checkpoints/load.ts';
import { type CausalLM, type KvCache, parameterCount } from '../pipeline/checkpoints/model.ts';
import { attachLora, loraParameterCount, loraVariables } from '../pipeline/checkpoints/lora.ts';
import { nextTokenLoss } from '../pipeline/train/loss.ts';
import { randomTensors, SMOL_135M } from '../pipeline/testing/smol-layout.ts';
import { useBackend } from '../pipeline/train/backend.ts';
import { webgpuRefusals } from '../pipeline/train/webgpu.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '3' },
    context: { type: 'string', default: '128' },
    batch: { type: 'string', default: '1' },
    only: { type: 'string' },
    optimizer: { type: 'string', default: 'adam' },
    lora: { type: 'string' },
    generate: { type: 'string' },
    micro: { type: 'string', default: '1' },
  },
});
const steps = Number(values.steps);
const info = await useBackend(values.backend as 'wasm');
console.log(`backend: ${info.name} (${info.reason})`);

/** 4537 → "4,537", 0.303 → "0.30". */
const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toPrecision(2));

async function time(label: string, model: CausalLM, context: number, batch: number): Promise<void> {
  const ids = tf.tensor2d(
    Array.from({ length: batch }, (_, b) => Array.from({ length: context }, (_, t) => (b * 7919 + t * 104729) % model.vocab)),
    undefined,
    'int32',
  );
  const optimizer = values.optimizer === 'sgd' ? tf.train.sgd(1e-4) : tf.train.adam(1e-4);
  const loss = () => nextTokenLoss(model.logits(ids), ids);
  let variables = [...model.weights.values()];
  if (values.lora) {
    const targets = model.family === 'llama' ? ['self_attn.q_proj.weight', 'self_attn.v_proj.weight'] : ['attn.c_attn.weight'];
    attachLora(model, { rank: Number(values.lora), alpha: 2 * Number(values.lora), targets, seed: 1 });
    variables = loraVariables(model);
    const full = parameterCount(model);
    const adapter = loraParameterCount(model);
    console.log(
      `${label}: LoRA rank ${values.lora} on ${targets.join(', ')}: ${adapter.toLocaleString('en')} parameters = ${((adapter * 4) / 1e6).toFixed(2)} MB as float32, against ${((full * 4) / 1e6).toFixed(1)} MB for a full copy (${((100 * adapter) / full).toFixed(2)}%)`,
    );
  }
  const parts = Number(values.micro);
  if (batch % parts !== 0) throw new Error(`--micro ${parts} must divide --batch ${batch}`);
  const size = batch / parts;
  const step = async () => {
    if (parts === 1) {
      const l = optimizer.minimize(loss, true, variables)!;
      await l.data();
      l.dispose();
      return;
    }
    let sum: tf.Tensor[] | undefined;
    for (let p = 0; p < parts; p++) {
      const part = ids.slice([p * size, 0], [size, context]) as tf.Tensor2D;
      const { value, grads } = tf.variableGrads(() => nextTokenLoss(model.logits(part), part), variables);
      await value.data();
      const g = variables.map((v) => grads[v.name]!);
      const next = sum ? sum.map((s, i) => s.add(g[i]!)) : g.map((x) => x.clone());
      tf.dispose([part, value, ...Object.values(grads), ...(sum ?? [])]);
      sum = next;
    }
    optimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, sum![i]!.div(parts)])));
    tf.dispose(sum);
  };
  const warm = performance.now();
  await step();
  const first = (performance.now() - warm) / 1000;
  const started = performance.now();
  for (let s = 0; s < steps; s++) await step();
  const seconds = (performance.now() - started) / 1000 / steps;
  console.log(
    `${label}: ${(parameterCount(model) / 1e6).toFixed(2)}M parameters, batch ${batch} × ${context} tokens${parts > 1 ? ` in ${parts} parts` : ''}, ${values.optimizer}${values.lora ? `, LoRA rank ${values.lora}` : ''}: ${seconds.toFixed(2)} s per step (first step ${first.toFixed(1)} s), ${rate((batch * context) / seconds)} tokens/s`,
  );
}

/** Tokens per second writing `n` tokens greedily after a 16-token prompt, without and with the key/value cache. */
async function generation(label: string, model: CausalLM, n: number): Promise<void> {
  const prompt = Array.from({ length: 16 }, (_, t) => (t * 104729) % model.vocab);
  const argmax = async (logits: tf.Tensor3D) => {
    const [, time] = logits.shape;
    const next = tf.tidy(() =>
      logits
        .slice([0, time - 1, 0], [1, 1, model.vocab])
        .reshape([-1])
        .argMax(),
    );
    const id = (await next.data())[0]!;
    tf.dispose([logits, next]);
    return id;
  };
  const seq = [...prompt];
  let t0 = performance.now();
  while (seq.length < prompt.length + n) seq.push(await argmax(tf.tidy(() => model.logits(tf.tensor2d([seq], undefined, 'int32')))));
  const plain = (performance.now() - t0) / 1000;
  const cachedSeq = [...prompt];
  t0 = performance.now();
  // tidy keeps what it returns: the logits and the cache's tensors.
  const extend = (ids: number[][], past?: KvCache) => {
    const kept = tf.tidy(() => {
      const r = model.extend(tf.tensor2d(ids, undefined, 'int32'), past);
      return [r.logits, ...r.cache.layers.flatMap((l) => [l.k, l.v])];
    });
    const [logits, ...kv] = kept;
    return {
      logits: logits as tf.Tensor3D,
      cache: { length: (past?.length ?? 0) + ids[0]!.length, layers: Array.from({ length: kv.length / 2 }, (_, i) => ({ k: kv[2 * i] as tf.Tensor4D, v: kv[2 * i + 1] as tf.Tensor4D })) },
    };
  };
  let read = extend([prompt]);
  for (;;) {
    cachedSeq.push(await argmax(read.logits));
    if (cachedSeq.length >= prompt.length + n) break;
    const next = extend([[cachedSeq.at(-1)!]], read.cache);
    tf.dispose(read.cache.layers.flatMap((l) => [l.k, l.v]));
    read = next;
  }
  tf.dispose(read.cache.layers.flatMap((l) => [l.k, l.v]));
  const cached = (performance.now() - t0) / 1000;
  const same = seq.every((id, i) => id === cachedSeq[i]);
  console.log(
    `${label}: writing ${n} tokens after 16: ${rate(n / plain)} tokens/s reading the whole window, ${rate(n / cached)} tokens/s with the key/value cache (${(plain / cached).toFixed(1)}×; ${same ? 'same tokens' : 'DIFFERENT tokens'})`,
  );
}

const FIXTURES = fileURLToPath(new URL('../pipeline/checkpoints/fixtures/', import.meta.url));
if (values.only !== '135m') {
  for (const name of ['gpt2-tiny', 'llama-tiny']) {
    const { model } = await loadCheckpoint(path.join(FIXTURES, name));
    await time(name, model, Math.min(32, model.context), 8);
    if (values.generate) await generation(name, model, Math.min(Number(values.generate), model.context - 16));
  }
}
if (values.only !== 'tiny') {
  const built = performance.now();
  const model = llama(SMOL_135M, randomTensors(SMOL_135M), 'SmolLM2-135M layout (random weights)');
  console.log(`SmolLM2-135M layout built in ${((performance.now() - built) / 1000).toFixed(1)} s`);
  if (values.generate) await generation('SmolLM2-135M layout', model, Number(values.generate));
  await time('SmolLM2-135M layout', model, Number(values.context), Number(values.batch));
}
// A refused kernel leaves zeros, not an error: a figure from a run with refusals is not one.
if (info.name === 'webgpu') console.log(`the adapter refused work ${webgpuRefusals()} times${webgpuRefusals() ? ': the figures above are not to be trusted' : ''}`);
