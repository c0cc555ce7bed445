/**
 * Benchmark: training speed of the policy's default CPU profile on the demo
 * corpus, on every tfjs backend that starts here, with one worker thread and
 * with one per core, beside the PyTorch reference
 * (bench/reference/char_transformer.py) with the same sizes, batch and number
 * of threads.
 *
 *   npm run bench:train [-- --steps 30 --cpu-steps 8 --warmup 3
 *                          --backends tensorflow-gpu,webgpu,tensorflow,wasm,cpu --workers 1,N
 *                          --ref-steps 100 --torch-threads T --blas-threads B]
 *
 * Each backend and worker count runs in its own child process (this script
 * with --child NAME), since tfjs backend state is global. With one worker the
 * step is computed whole ("1 worker, whole batch") and in the profile's
 * micro-batches on the main thread; with more, the micro-batches go to worker
 * threads (the profile's microBatches caps how many can help). Per run it
 * prints tokens/s and step time over the timed steps (after --warmup untimed
 * ones), and model FLOPs utilisation: 3 x flopsPerToken x tokens/s over a peak
 * measured on the same backend with a plain square 2-D matMul (size printed
 * beside it), times the threads used.
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
import { charNetwork } from '../pipeline/train/char-model.ts';
import { buildModel, countParams, flopsPerToken } from '../pipeline/train/model.ts';
import { Tokenizer } from '../pipeline/train/tokenizer.ts';
import { WorkerPool } from '../pipeline/train/parallel/pool.ts';
import { adapterInWords, webgpuRefusals } from '../pipeline/train/webgpu.ts';
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
    backends: { type: 'string', default: 'tensorflow-gpu,webgpu,tensorflow,wasm,cpu' },
    workers: { type: 'string', default: `1,${os.availableParallelism()}` },
    /** Internal: the child's worker count and micro-batches. */
    'child-workers': { type: 'string', default: '1' },
    'child-parts': { type: 'string', default: '1' },
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
  | {
      backend: string;
      available: true;
      steps: number;
      tokensPerSecond: number;
      stepMs: number;
      achievedFlops: number;
      peakFlops: number;
      peakNote: string;
      threads: string;
      parameters: number;
      workers: number;
      parts: number;
      lastLoss: number;
    };

/** Best time of a plain size x size float32 matMul on the current backend, as FLOP/s. */
async function matMulPeak(size: number, repeats: number): Promise<number> {
  const [a, b] = [tf.randomNormal([size, size], 0, 1, 'float32', 1), tf.randomNormal([size, size], 0, 1, 'float32', 2)];
  const once = async () => {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    return (performance.now() - t0) / 1000;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(await once());
  const best = Math.min(...times);
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

/** Child: train `steps` timed steps after `warmup` on one backend, in `parts` micro-batches over `workers` threads. */
async function measure(backend: BackendChoice, steps: number, warmup: number, workers: number, parts: number): Promise<Measurement> {
  let info: Awaited<ReturnType<typeof useBackend>>;
  try {
    info = await useBackend(backend);
  } catch (e) {
    if (e instanceof BackendUnavailable) return { backend, available: false, reason: e.message.replace(/^backend "[^"]+" is not available: /, '').replace(/\. Use --backend .*$/, '') };
    throw e;
  }
  const { profile, train, validation } = await loadBenchInputs(ROOT);
  const tokenizer = Tokenizer.fromTexts([...train, ...validation]);
  const model = buildModel(profile, tokenizer.size);
  const stream = tokenStream(train, tokenizer);
  const pool = workers > 1 ? await WorkerPool.start(workers, { shape: profile, vocab: tokenizer.size, stream, backend }) : undefined;
  let started = performance.now();
  const curve = await trainLoop({
    model: charNetwork(model, tokenizer.size),
    stream,
    context: profile.context,
    batch: profile.batch,
    seed: profile.seed,
    microBatches: parts,
    ...(pool ? { pool } : {}),
    optimizer: { learningRate: profile.learningRate, warmupSteps: profile.warmupSteps, totalSteps: warmup + steps, weightDecay: profile.weightDecay, clipNorm: profile.clipNorm },
    // onStep runs after the update has synchronised (the gradient norm is read back), so wall time is honest.
    onStep: (r) => {
      if (r.step === warmup - 1) started = performance.now();
    },
  }).finally(() => pool?.close());
  const seconds = (performance.now() - started) / 1000;
  const tokensPerSecond = (steps * profile.batch * profile.context) / seconds;
  const size = backend === 'cpu' ? 512 : 1024;
  const peakFlops = await matMulPeak(size, backend === 'cpu' ? 3 : 5);
  const parameters = countParams(model);
  model.dispose();
  // A refused kernel leaves zeros, not an error: no figure from such a run.
  if (webgpuRefusals() > 0) return { backend, available: false, reason: `the WebGPU adapter refused work ${webgpuRefusals()} times, so the run is not a figure` };
  return {
    backend,
    available: true,
    steps,
    tokensPerSecond,
    stepMs: (1000 * seconds) / steps,
    achievedFlops: 3 * flopsPerToken(profile, tokenizer.size) * tokensPerSecond,
    peakFlops: peakFlops * workers,
    peakNote: `best plain ${size}x${size} matMul on ${backend}${workers > 1 ? ` x ${workers} threads` : ''}`,
    threads: info.adapter ? `the GPU's (${adapterInWords(info.adapter)})` : await threadsOf(backend),
    parameters,
    workers,
    parts,
    lastLoss: curve.at(-1)!.loss,
  };
}

function runChild(backend: string, steps: number, warmup: number, workers: number, parts: number): Promise<Measurement> {
  const args = [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    '--child',
    backend,
    '--steps',
    String(steps),
    '--warmup',
    String(warmup),
    '--child-workers',
    String(workers),
    '--child-parts',
    String(parts),
  ];
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
  // PyTorch with one thread, and with as many as the most workers measured (as torch threads, or as OpenBLAS threads).
  const most = Math.min(cores, Math.max(...values.workers.split(',').map(Number).filter(Number.isInteger)));
  const threadSettings = pinned
    ? [[count('torch-threads', 1, 1), count('blas-threads', 1, 1)]]
    : most > 1
      ? [
          [1, 1],
          [most, 1],
          [1, most],
        ]
      : [[1, 1]];
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
  const backends = values.backends
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const unknown = backends.filter((b) => !(BACKENDS as readonly string[]).includes(b) || b === 'auto');
  if (unknown.length) throw new BenchSetupError(`--backends: unknown ${unknown.join(', ')}; expected some of ${BACKENDS.filter((b) => b !== 'auto').join(', ')}`);
  const workerCounts = [...new Set(values.workers.split(',').map((w) => Number(w.trim())))];
  if (workerCounts.some((w) => !Number.isInteger(w) || w < 1)) throw new BenchSetupError(`--workers: expected whole numbers >= 1, got "${values.workers}"`);
  const parts = p.microBatches ?? 1;
  // One worker: the whole batch at once, then (if the profile splits it) the same micro-batches on one thread; then each larger count.
  const runs = (backend: string) =>
    backend === 'tensorflow' || backend === 'tensorflow-gpu' || backend === 'webgpu'
      ? [[1, 1]]
      : [[1, 1], ...(parts > 1 ? [[1, parts]] : []), ...workerCounts.filter((w) => w > 1).map((w) => [Math.min(w, parts), parts])];
  for (const backend of backends) {
    for (const [workers, split] of runs(backend)) {
      const m = await runChild(backend, backend === 'cpu' ? cpuSteps : steps, warmup, workers!, split!);
      results.push(m);
      if (!m.available) {
        console.log(`${backend}: not available: ${m.reason}`);
        break;
      }
      const how = m.parts === 1 ? '1 worker, whole batch' : `${m.workers} worker${m.workers === 1 ? '' : 's'}, ${m.parts} micro-batches`;
      console.log(
        `${backend}, ${how}: ${int(m.tokensPerSecond)} tokens/s, ${m.stepMs.toFixed(1)} ms/step over ${m.steps} steps, last loss ${m.lastLoss.toFixed(4)}; achieved ${g(m.achievedFlops)}, peak ${g(m.peakFlops)} (${m.peakNote}), MFU ${mfu(m.tokensPerSecond, m.peakFlops)}; ${int(m.parameters)} parameters; threads: ${m.threads}`,
      );
    }
  }
  const byBackend = (b: string) => results.filter((m): m is Extract<Measurement, { available: true }> => m.available && m.backend === b);
  for (const b of backends) {
    const [whole, ...rest] = byBackend(b);
    const best = rest.sort((x, y) => y.tokensPerSecond - x.tokensPerSecond)[0];
    if (whole && best) console.log(`${b}: ${best.workers} worker${best.workers === 1 ? '' : 's'} / 1 worker whole batch = ${(best.tokensPerSecond / whole.tokensPerSecond).toFixed(2)}x`);
  }

  const refs: ReferenceOutput[] = [];
  let python = '';
  for (const [torchThreads, openblasThreads] of threadSettings) {
    const ref = await runReference({
      layers: p.layers,
      dModel: p.dModel,
      heads: p.heads,
      context: p.context,
      batch: p.batch,
      seed: p.seed,
      learningRate: p.learningRate,
      warmupSteps: p.warmupSteps,
      weightDecay: p.weightDecay,
      clipNorm: p.clipNorm,
      steps: warmup + refSteps,
      totalSteps: warmup + refSteps,
      timingWarmup: warmup,
      torchThreads: torchThreads!,
      openblasThreads: openblasThreads!,
      evaluate: false,
      measurePeak: true,
      train: inputs.train,
      validation: inputs.validation,
    });
    if (!ref.ok) {
      console.log(`PyTorch reference not available: ${ref.reason}`);
      break;
    }
    const r = ref.value;
    python = ref.python;
    refs.push(r);
    const peak = r.peakFlops ? `, peak ${g(r.peakFlops)} (${r.peakNote}), MFU ${mfu(r.tokensPerSecond, r.peakFlops)}` : '';
    console.log(
      `pytorch, torch.set_num_threads(${r.threads.torch}), OPENBLAS_NUM_THREADS=${r.threads.openblasEnv} (OpenBLAS reports ${r.threads.openblas ?? 'n/a'}): ${int(r.tokensPerSecond)} tokens/s, ${r.stepMs.toFixed(1)} ms/step over ${refSteps} steps${peak}`,
    );
  }
  const oneThread = refs.find((r) => r.threads.torch === 1 && r.threads.openblasEnv === '1');
  const wasm = byBackend('wasm');
  if (oneThread && wasm.length > 0)
    console.log(`same threads: wasm on 1 thread / PyTorch on 1 thread = ${(Math.max(...wasm.filter((m) => m.workers === 1).map((m) => m.tokensPerSecond)) / oneThread.tokensPerSecond).toFixed(3)}`);
  const manyRef = refs.filter((r) => r.threads.torch === most || r.threads.openblasEnv === String(most)).sort((a, b) => b.tokensPerSecond - a.tokensPerSecond)[0];
  const manyWasm = wasm.filter((m) => m.workers > 1).sort((a, b) => b.tokensPerSecond - a.tokensPerSecond)[0];
  if (most > 1 && manyRef && manyWasm)
    console.log(`same threads: wasm on ${manyWasm.workers} workers / PyTorch's best on ${most} threads = ${(manyWasm.tokensPerSecond / manyRef.tokensPerSecond).toFixed(3)}`);
  const ref = refs.sort((a, b) => b.tokensPerSecond - a.tokensPerSecond)[0];
  if (ref) {
    console.log(
      `pytorch ${ref.torch} (${python}, ${ref.blas}, ${int(ref.parameters)} parameters): best ${int(ref.tokensPerSecond)} tokens/s with torch threads ${ref.threads.torch}, OpenBLAS threads ${ref.threads.openblasEnv}`,
    );
    const best = results.filter((m) => m.available).sort((a, b) => b.tokensPerSecond - a.tokensPerSecond)[0];
    if (best)
      console.log(`best JS (${best.backend}) / PyTorch: ${(best.tokensPerSecond / ref.tokensPerSecond).toFixed(3)} (PyTorch / best JS = ${(ref.tokensPerSecond / best.tokensPerSecond).toFixed(1)}x)`);
  }
  console.log(loadLine('after'));
}

try {
  if (values.child) console.log(RESULT + JSON.stringify(await measure(values.child as BackendChoice, count('steps', 1), count('warmup', 0), count('child-workers', 1), count('child-parts', 1))));
  else await main();
} catch (e) {
  if (!(e instanceof BenchSetupError)) throw e;
  console.error(`bench:train: ${e.message}`);
  process.exitCode = 1;
}
