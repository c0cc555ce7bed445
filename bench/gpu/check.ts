/**
 * One self-contained check of a machine's GPU for Commonplace's webgpu backend:
 * the adapter and its limits, matmul GFLOP/s, the character model's training
 * tokens/s at the demo's gpu profile, and a SmolLM2-135M layout's LoRA and full
 * fine-tune step times. `npm run bench:gpu:build` bundles it with esbuild into
 * artifacts/bench-gpu/ (one script, and the `webgpu` package's dawn.node beside
 * it); copy that folder to the GPU machine and run, with only Node 20+:
 *
 *   node gpu-check.mjs [--quick] [--steps N] [--context N]
 *
 * --quick: a small model and no 135M steps (seconds, for testing the bundle).
 * Nothing downloads and nothing is written. It prints a line per figure and,
 * last, how many times the adapter refused work (a refused kernel leaves
 * zeros, so figures from a run with refusals are not figures).
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { llama } from '../../pipeline/checkpoints/llama.ts';
import { attachLora, loraVariables } from '../../pipeline/checkpoints/lora.ts';
import { nextTokenLoss } from '../../pipeline/train/loss.ts';
import { charNetwork } from '../../pipeline/train/char-model.ts';
import { tokenStream } from '../../pipeline/train/data.ts';
import { trainLoop } from '../../pipeline/train/loop.ts';
import { buildModel, flopsPerToken } from '../../pipeline/train/model.ts';
import { Tokenizer } from '../../pipeline/train/tokenizer.ts';
import { adapterInWords, probeWebgpu, startWebgpu, webgpuRefusals } from '../../pipeline/train/webgpu.ts';
import { randomTensors, SMOL_135M } from '../../pipeline/testing/smol-layout.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, steps: { type: 'string' }, context: { type: 'string', default: '128' } } });
const quick = values.quick;
const g = (flops: number) => `${(flops / 1e9).toFixed(1)} GFLOP/s`;
const int = (n: number) => Math.round(n).toLocaleString('en');

/** The demo's gpu profile (governance/policy.yaml); --quick, a small one. */
const PROFILE = quick
  ? { layers: 2, dModel: 64, heads: 2, context: 64, batch: 8, learningRate: 6e-4, warmupSteps: 0, weightDecay: 0.1, clipNorm: 1, seed: 7 }
  : { layers: 6, dModel: 384, heads: 6, context: 256, batch: 64, learningRate: 6e-4, warmupSteps: 0, weightDecay: 0.1, clipNorm: 1, seed: 20260115 };

async function matMul(size: number, repeats: number): Promise<number> {
  const [a, b] = [tf.randomNormal([size, size], 0, 1, 'float32', 1), tf.randomNormal([size, size], 0, 1, 'float32', 2)];
  let best = Infinity;
  for (let i = 0; i <= repeats; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    // The first is a warm-up (the kernel compiles).
    if (i > 0) best = Math.min(best, (performance.now() - t0) / 1000);
  }
  tf.dispose([a, b]);
  return (2 * size ** 3) / best;
}

/** Words in no particular order: the speed of a step does not depend on what the text says. */
function text(characters: number): string {
  const words = ['river', 'keeps', 'what', 'we', 'drop', 'into', 'it', 'the', 'keys', 'rings', 'names', 'low', 'water', 'shows', 'them', 'again', 'in', 'august', 'town', 'walks', 'out'];
  let seed = 1;
  let out = '';
  while (out.length < characters) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    out += `${words[seed % words.length]}${seed % 11 === 0 ? '.\n' : ' '}`;
  }
  return out;
}

async function characterModel(): Promise<void> {
  const steps = Number(values.steps ?? (quick ? 4 : 20));
  const warmup = 2;
  const corpus = [text(200_000)];
  const tokenizer = Tokenizer.fromTexts(corpus);
  const model = buildModel(PROFILE, tokenizer.size);
  let started = performance.now();
  const curve = await trainLoop({
    model: charNetwork(model, tokenizer.size),
    stream: tokenStream(corpus, tokenizer),
    context: PROFILE.context,
    batch: PROFILE.batch,
    seed: PROFILE.seed,
    optimizer: { learningRate: PROFILE.learningRate, warmupSteps: 0, totalSteps: warmup + steps, weightDecay: PROFILE.weightDecay, clipNorm: PROFILE.clipNorm },
    onStep: (r) => {
      if (r.step === warmup - 1) started = performance.now();
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const tokensPerSecond = (steps * PROFILE.batch * PROFILE.context) / seconds;
  model.dispose();
  console.log(
    `character model (${PROFILE.layers} layers, width ${PROFILE.dModel}, batch ${PROFILE.batch} × ${PROFILE.context}): ${int(tokensPerSecond)} tokens/s, ${((1000 * seconds) / steps).toFixed(0)} ms/step over ${steps} steps, achieved ${g(3 * flopsPerToken(PROFILE, tokenizer.size) * tokensPerSecond)}; loss ${curve[0]!.loss.toFixed(3)} → ${curve.at(-1)!.loss.toFixed(3)}`,
  );
}

async function smol(): Promise<void> {
  const context = Number(values.context);
  const weights = randomTensors(SMOL_135M);
  const model = llama(SMOL_135M, weights, 'SmolLM2-135M layout');
  const ids = tf.tensor2d([Array.from({ length: context }, (_, t) => (t * 104729) % SMOL_135M.vocab_size)], undefined, 'int32');
  attachLora(model, { rank: 8, alpha: 16, targets: ['self_attn.q_proj.weight', 'self_attn.v_proj.weight'], seed: 1 });
  for (const [what, variables] of [
    ['LoRA rank 8 on q/v', loraVariables(model)],
    ['full fine-tune, every weight', [...model.weights.values()]],
  ] as const) {
    const optimizer = tf.train.adam(1e-4);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const loss = optimizer.minimize(() => nextTokenLoss(model.logits(ids), ids), true, [...variables]);
      await loss?.data();
      loss?.dispose();
      times.push((performance.now() - t0) / 1000);
    }
    optimizer.dispose();
    const step = Math.min(...times.slice(1));
    console.log(`SmolLM2-135M layout, ${what}, Adam, 1 × ${context} tokens: ${step.toFixed(2)} s/step (first ${times[0]!.toFixed(1)} s), ${(context / step).toFixed(0)} tokens/s`);
  }
  tf.dispose([ids, ...model.weights.values(), ...loraVariables(model)]);
}

const probe = await probeWebgpu();
if ('missing' in probe) {
  console.log(`no WebGPU adapter: ${probe.missing}`);
  process.exit(1);
}
const a = probe.adapter;
console.log(`adapter: ${adapterInWords(a)}`);
console.log(
  `limits: maxBufferSize ${a.limits.maxBufferSize}, maxStorageBufferBindingSize ${a.limits.maxStorageBufferBindingSize}, maxComputeWorkgroupStorageSize ${a.limits.maxComputeWorkgroupStorageSize}`,
);
const failure = await startWebgpu();
if (failure) {
  console.log(`the webgpu backend did not start: ${failure}`);
  process.exit(1);
}
tf.env().set('PROD', true);
for (const size of quick ? [256, 512] : [1024, 2048, 4096]) console.log(`matmul ${size}×${size}: ${g(await matMul(size, quick ? 2 : 5))}`);
await characterModel();
if (!quick) await smol();
console.log(`the adapter refused work ${webgpuRefusals()} times${webgpuRefusals() ? ': the figures above are not to be trusted' : ''}`);
process.exit(webgpuRefusals() ? 1 : 0);
