/**
 * Benchmark: training speed of the policy's default CPU profile on the demo
 * corpus, on every tfjs backend that starts here, beside the PyTorch reference
 * (bench/reference/char_transformer.py) with the same sizes and batch.
 *
 *   npm run bench:train [-- --steps 30 --cpu-steps 8 --warmup 3
 *                          --backends tensorflow-gpu,tensorflow,wasm,cpu
 *                          --ref-steps 100 --torch-threads T --blas-threads B]
 *
 * Each backend runs in its own child process (this script with --child NAME),
 * since tfjs backend state is global. Per backend it prints tokens/s and step
 * time over the timed steps (after --warmup untimed ones), and model FLOPs
 * utilisation: 3 x flopsPerToken x tokens/s over a peak measured on the same
 * backend with a plain square 2-D matMul (size printed beside it).
 *
 * PyTorch's threads: torch.set_num_threads (OpenMP) and OPENBLAS_NUM_THREADS
 * compete for the same cores, and OpenMP collapses when anything else runs
 * (measured here: 63k tokens/s quiet, 4.7k beside a test run, with 2 threads).
 * So unless --torch-threads/--blas-threads pin them, the reference runs with
 * 1/1, cores/1 and 1/cores and the best is compared: a tuned peer.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { BACKENDS, BackendUnavailable, useBackend, type BackendChoice } from '../pipeline/train/backend.ts';
import { tokenStream } from '../pipeline/train/data.ts';
import { trainLoop } from '../pipeline/train/loop.ts';
import { buildModel, countParams, flopsPerToken } from '../pipeline/train/model.ts';
import { Tokenizer } from '../pipeline/train/tokenizer.ts';
import { BenchSetupError, loadBenchInputs } from './coop-inputs.ts';
import { runReference, type ReferenceOutput } from './reference/run-reference.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULT = 'BENCH_RESULT ';
const { values } = parseArgs({
  options: {
    /** Internal: run one backend and print its measurement (how the parent spawns children). */
    child: { type: 'string' },
    steps: { type: 'string', default: '30' },
    'cpu-steps': { type: 'string', default: '8' },
    warmup: { type: 'string', default: '3' },
    backends: { type: 'string', default: 'tensorflow-gpu,tensorflow,wasm,cpu' },
    'ref-steps': { type: 'string', default: '100' },
    'torch-threads': { type: 'string' },
    'blas-threads': { type: 'string' },
  },
});

/** A whole-number flag, at least `min`; anything else stops the benchmark with the flag's name. */
function count(flag: keyof typeof values, min: number, fallback?: number): number {
  if (values[flag] === undefined && fallback !== undefined) return fallback;
  const n = Number(values[flag]);
  if (!Number.isInteger(n) || n < min) throw new BenchSetupError(`--${flag} must be a whole number >= ${min}, got "${values[flag]}"`);
  return n;
}

type Measurement =
  | { backend: string; available: false; reason: string }
  | { backend: string; available: true; steps: number; tokensPerSecond: number; stepMs: number; achievedFlops: number; peakFlops: number; peakNote: string; threads: string; parameters: number };

/** Best time of a plain size x size float32 matMul on the current backend, as FLOP/s. */
function matMulPeak(size: number, repeats: number): number {
  const [a, b] = [tf.randomNormal([size, size], 0, 1, 'float32', 1), tf.randomNormal([size, size], 0, 1, 'float32', 2)];
  const once = () => {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
    return (performance.now() - t0) / 1000;
  };
  once();
  const best = Math.min(...Array.from({ length: repeats }, once));
  tf.dispose([a, b]);
  return (2 * size ** 3) / best;
}

async function threadsOf(backend: string): Promise<string> {
  if (backend === 'wasm') {
    const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
    return `wasm getThreadsCount() = ${getThreadsCount()}`;
  }
  return backend === 'cpu' ? 'one JavaScript thread' : 'libtensorflow defaults (inter/intra-op unset)';
}

/** Child: train `steps` timed steps after `warmup` on one backend. */
async function measure(backend: BackendChoice, steps: number, warmup: number): Promise<Measurement> {
  try {
    await useBackend(backend);
  } catch (e) {
    if (e instanceof BackendUnavailable) return { backend, available: false, reason: e.message.replace(/^backend "[^"]+" is not available: /, '').replace(/\. Use --backend .*$/, '') };
    throw e;
  }
  const { profile, train, validation } = await loadBenchInputs(ROOT);
  const tokenizer = Tokenizer.fromTexts([...train, ...validation]);
  const model = buildModel(profile, tokenizer.size);
  let started = performance.now();
  await trainLoop({
    model, stream: tokenStream(train, tokenizer), vocab: tokenizer.size, context: profile.context, batch: profile.batch, seed: profile.seed,
    optimizer: { learningRate: profile.learningRate, warmupSteps: profile.warmupSteps, totalSteps: warmup + steps, weightDecay: profile.weightDecay, clipNorm: profile.clipNorm },
    // onStep runs after the update has synchronised (the gradient norm is read back), so wall time is honest.
    onStep: (r) => {
      if (r.step === warmup - 1) started = performance.now();
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const tokensPerSecond = (steps * profile.batch * profile.context) / seconds;
  const size = backend === 'cpu' ? 512 : 1024;
  const peakFlops = matMulPeak(size, backend === 'cpu' ? 3 : 5);
  const parameters = countParams(model);
  model.dispose();
  return {
    backend, available: true, steps, tokensPerSecond, stepMs: (1000 * seconds) / steps, achievedFlops: 3 * flopsPerToken(profile, tokenizer.size) * tokensPerSecond,
    peakFlops, peakNote: `best plain ${size}x${size} matMul on ${backend}`, threads: await threadsOf(backend), parameters,
  };
}

function runChild(backend: string, steps: number, warmup: number): Promise<Measurement> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--child', backend, '--steps', String(steps), '--warmup', String(warmup)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (line) resolve(JSON.parse(line.slice(RESULT.length)) as Measurement);
      else resolve({ backend, available: false, reason: `child exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}

/** The 1-minute load average against the core count: other work on a 2-core machine halves JS timings and can wreck OpenMP's. */
function loadLine(when: string): string {
  const [load] = os.loadavg();
  const cores = os.cpus().length;
  const busy = when === 'before' ? load! > 0.5 : load! > cores + 0.5;
  return `load average ${when}: ${load!.toFixed(2)} on ${cores} cores${busy ? ': other processes are competing for the CPU, so the figures may be low; rerun on a quiet machine' : ''}`;
}

const g = (flops: number) => `${(flops / 1e9).toFixed(2)} GFLOP/s`;
const int = (n: number) => Math.round(n).toLocaleString('en');

async function main(): Promise<void> {
  const warmup = count('warmup', 0);
  const [steps, cpuSteps] = [count('steps', 1), count('cpu-steps', 1)];
  const cores = os.cpus().length;
  const pinned = values['torch-threads'] !== undefined || values['blas-threads'] !== undefined;
  const threadSettings = pinned ? [[count('torch-threads', 1, 1), count('blas-threads', 1, 1)]] : cores > 1 ? [[1, 1], [cores, 1], [1, cores]] : [[1, 1]];
  const refSteps = count('ref-steps', 1);
  const inputs = await loadBenchInputs(ROOT);
  const p = inputs.profile;
  const vocab = Tokenizer.fromTexts([...inputs.train, ...inputs.validation]).size;
  const perToken = flopsPerToken(p, vocab);
  const mfu = (tokensPerSecond: number, peak: number) => `${((100 * 3 * perToken * tokensPerSecond) / peak).toFixed(1)}%`;
  console.log(`profile cpu: ${p.layers} layers, d=${p.dModel}, ${p.heads} heads, context ${p.context}, batch ${p.batch} (${int(p.batch * p.context)} tokens/step)`);
  console.log(`data: ${inputs.dataset}, ${inputs.train.length} training works; vocabulary ${vocab}, ${int(perToken)} forward FLOPs/token (training counted as 3x)`);
  console.log(loadLine('before'));
  console.log(`timing: ${warmup} untimed warm-up steps, then ${steps} timed steps (${cpuSteps} on cpu, ${refSteps} for PyTorch: its steps are short)`);
  const results: Measurement[] = [];
  const backends = values.backends.split(',').map((b) => b.trim()).filter(Boolean);
  const unknown = backends.filter((b) => !(BACKENDS as readonly string[]).includes(b) || b === 'auto');
  if (unknown.length) throw new BenchSetupError(`--backends: unknown ${unknown.join(', ')}; expected some of ${BACKENDS.filter((b) => b !== 'auto').join(', ')}`);
  for (const backend of backends) {
    const m = await runChild(backend, backend === 'cpu' ? cpuSteps : steps, warmup);
    results.push(m);
    if (!m.available) {
      console.log(`${backend}: not available: ${m.reason}`);
      continue;
    }
    console.log(`${backend}: ${int(m.tokensPerSecond)} tokens/s, ${m.stepMs.toFixed(1)} ms/step over ${m.steps} steps; achieved ${g(m.achievedFlops)}, peak ${g(m.peakFlops)} (${m.peakNote}), MFU ${mfu(m.tokensPerSecond, m.peakFlops)}; ${int(m.parameters)} parameters; threads: ${m.threads}`);
  }

  const refs: ReferenceOutput[] = [];
  let python = '';
  for (const [torchThreads, openblasThreads] of threadSettings) {
    const ref = await runReference({
      layers: p.layers, dModel: p.dModel, heads: p.heads, context: p.context, batch: p.batch, seed: p.seed, learningRate: p.learningRate, warmupSteps: p.warmupSteps,
      weightDecay: p.weightDecay, clipNorm: p.clipNorm, steps: warmup + refSteps, totalSteps: warmup + refSteps, timingWarmup: warmup, torchThreads: torchThreads!, openblasThreads: openblasThreads!,
      evaluate: false, measurePeak: true, train: inputs.train, validation: inputs.validation,
    });
    if (!ref.ok) {
      console.log(`PyTorch reference not available: ${ref.reason}`);
      break;
    }
    const r = ref.value;
    python = ref.python;
    refs.push(r);
    const peak = r.peakFlops ? `, peak ${g(r.peakFlops)} (${r.peakNote}), MFU ${mfu(r.tokensPerSecond, r.peakFlops)}` : '';
    console.log(`pytorch, torch.set_num_threads(${r.threads.torch}), OPENBLAS_NUM_THREADS=${r.threads.openblasEnv} (OpenBLAS reports ${r.threads.openblas ?? 'n/a'}): ${int(r.tokensPerSecond)} tokens/s, ${r.stepMs.toFixed(1)} ms/step over ${refSteps} steps${peak}`);
  }
  const ref = refs.sort((a, b) => b.tokensPerSecond - a.tokensPerSecond)[0];
  if (ref) {
    console.log(`pytorch ${ref.torch} (${python}, ${ref.blas}, ${int(ref.parameters)} parameters): best ${int(ref.tokensPerSecond)} tokens/s with torch threads ${ref.threads.torch}, OpenBLAS threads ${ref.threads.openblasEnv}`);
    const best = results.filter((m) => m.available).sort((a, b) => b.tokensPerSecond - a.tokensPerSecond)[0];
    if (best) console.log(`best JS (${best.backend}) / PyTorch: ${(best.tokensPerSecond / ref.tokensPerSecond).toFixed(3)} (PyTorch / best JS = ${(ref.tokensPerSecond / best.tokensPerSecond).toFixed(1)}x)`);
  }
  console.log(loadLine('after'));
}

try {
  if (values.child) console.log(RESULT + JSON.stringify(await measure(values.child as BackendChoice, count('steps', 1), count('warmup', 0))));
  else await main();
} catch (e) {
  if (!(e instanceof BenchSetupError)) throw e;
  console.error(`bench:train: ${e.message}`);
  process.exitCode = 1;
}
