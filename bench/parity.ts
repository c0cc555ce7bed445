/**
 * Benchmark: quality parity between the TF.js trainer (wasm backend) and the
 * PyTorch reference (bench/reference/char_transformer.py). Both train the
 * policy's default CPU profile for the same steps on the current shared
 * dataset's training works, with the same batches (the reference ports the
 * trainer's seeded sampler), then report validation loss (nats/char, computed
 * as pipeline/train/evaluate.ts does) and the relative difference. Target:
 * within 5%. Initial weights differ (each framework's own seeded RNG).
 *
 *   npm run bench:parity [-- --steps N]        (default: the profile's steps)
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { useBackend } from '../pipeline/train/backend.ts';
import { tokenStream } from '../pipeline/train/data.ts';
import { evaluateWith, unigramBaseline } from '../pipeline/train/evaluate.ts';
import { trainLoop } from '../pipeline/train/loop.ts';
import { charModel, charNetwork } from '../pipeline/train/char-model.ts';
import { buildModel } from '../pipeline/train/model.ts';
import { Tokenizer } from '../pipeline/train/tokenizer.ts';
import { BenchSetupError, loadBenchInputs } from './coop-inputs.ts';
import { runReference } from './reference/run-reference.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET = 0.05;
const { values } = parseArgs({ options: { steps: { type: 'string' }, 'torch-threads': { type: 'string', default: '2' }, 'blas-threads': { type: 'string', default: '1' } } });

async function main(): Promise<void> {
  const { profile: p, dataset, train, validation } = await loadBenchInputs(ROOT);
  if (validation.length === 0) throw new BenchSetupError(`${dataset} has no validation works: nothing to compare`);
  const steps = Number(values.steps ?? p.steps);
  if (!Number.isInteger(steps) || steps < 1) throw new BenchSetupError(`--steps must be a positive integer, got ${values.steps}`);
  const warmupSteps = Math.min(p.warmupSteps, steps);
  console.log(
    `profile cpu: ${p.layers} layers, d=${p.dModel}, context ${p.context}, batch ${p.batch}, lr ${p.learningRate}, ${steps} steps (warm-up ${warmupSteps})${steps === p.steps ? '' : ` (profile: ${p.steps})`}`,
  );
  console.log(`data: ${dataset}: ${train.length} training works, ${validation.length} validation works`);

  const backend = await useBackend('wasm');
  const tokenizer = Tokenizer.fromTexts([...train, ...validation]);
  const stream = tokenStream(train, tokenizer);
  const model = buildModel(p, tokenizer.size);
  const started = performance.now();
  const curve = await trainLoop({
    model: charNetwork(model, tokenizer.size),
    stream,
    context: p.context,
    batch: p.batch,
    seed: p.seed,
    optimizer: { learningRate: p.learningRate, warmupSteps, totalSteps: steps, weightDecay: p.weightDecay, clipNorm: p.clipNorm },
  });
  const seconds = (performance.now() - started) / 1000;
  const works = validation.map((text) => ({ contributor: '', text }));
  const js = (await evaluateWith(charModel(model, tokenizer, { shape: p }), works, p.context)).overall.loss;
  const unigram = unigramBaseline(stream, works, tokenizer).loss;
  model.dispose();
  console.log(`tfjs ${backend.name}: train loss ${curve[0]!.loss.toFixed(4)} -> ${curve.at(-1)!.loss.toFixed(4)} in ${seconds.toFixed(1)} s; validation loss ${js.toFixed(4)} nats/char`);

  const ref = await runReference({
    layers: p.layers,
    dModel: p.dModel,
    heads: p.heads,
    context: p.context,
    batch: p.batch,
    seed: p.seed,
    learningRate: p.learningRate,
    warmupSteps,
    weightDecay: p.weightDecay,
    clipNorm: p.clipNorm,
    steps,
    totalSteps: steps,
    timingWarmup: Math.min(3, steps - 1),
    torchThreads: Number(values['torch-threads']),
    openblasThreads: Number(values['blas-threads']),
    evaluate: true,
    measurePeak: false,
    train,
    validation,
  });
  if (!ref.ok) {
    console.log(`PyTorch reference not available: ${ref.reason}`);
    return;
  }
  const py = ref.value.validationLoss!;
  if (ref.value.vocabulary !== tokenizer.size) console.log(`warning: vocabularies differ (tfjs ${tokenizer.size}, pytorch ${ref.value.vocabulary})`);
  console.log(`pytorch ${ref.value.torch}: train loss ${ref.value.firstLoss.toFixed(4)} -> ${ref.value.lastLoss.toFixed(4)}; validation loss ${py.toFixed(4)} nats/char`);
  const relative = Math.abs(js - py) / py;
  console.log(`unigram baseline: ${unigram.toFixed(4)} nats/char`);
  console.log(`relative difference |tfjs - pytorch| / pytorch: ${(100 * relative).toFixed(2)}% (target within ${100 * TARGET}%: ${relative <= TARGET ? 'met' : 'NOT met'})`);
}

try {
  await main();
} catch (e) {
  if (!(e instanceof BenchSetupError)) throw e;
  console.error(`bench:parity: ${e.message}`);
  process.exitCode = 1;
}
