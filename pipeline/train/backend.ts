/**
 * Choosing where tensors run. `auto` takes the fastest installed backend:
 * TensorFlow with CUDA (@tensorflow/tfjs-node-gpu), TensorFlow on the CPU
 * (@tensorflow/tfjs-node), WebAssembly (@tensorflow/tfjs-backend-wasm), then
 * pure JavaScript. The two native TensorFlow packages download libtensorflow
 * when installed, so they are optional and loaded only when asked for; so is
 * `webgpu` (webgpu.ts: Dawn, on Vulkan, Metal or D3D12), which `auto` takes
 * after CUDA, on a GPU only (a software adapter only when asked for by name).
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailable, type BackendChoice } from './backend-names.ts';
import { installWasmKernels } from './wasm-kernels.ts';
import { adapterInWords, probeWebgpu, startWebgpu, type AdapterFacts } from './webgpu.ts';

export { BACKENDS, BackendUnavailable, type BackendChoice } from './backend-names.ts';

export interface BackendInfo {
  /** What ran: tensorflow-gpu, webgpu, tensorflow, wasm or cpu. */
  name: Exclude<BackendChoice, 'auto'>;
  /** The tfjs backend name (tensorflow, webgpu, wasm, cpu). */
  tfBackend: string;
  /** Why this one: what was asked for and what was not available. */
  reason: string;
  hardware: { cpu: string; cores: number; memoryGiB: number };
  /** The GPU adapter, when the backend is webgpu. */
  adapter?: AdapterFacts;
}

const PACKAGES: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

async function tryNative(which: 'tensorflow-gpu' | 'tensorflow'): Promise<string | undefined> {
  const pkg = PACKAGES[which];
  try {
    // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
    await import(/* @vite-ignore */ pkg as string);
    if (!(await tf.setBackend('tensorflow'))) return `${pkg} is installed but its backend did not start`;
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? `${pkg} is not installed` : `${pkg} failed to load: ${(e as Error).message.split('\n')[0]}`;
  }
}

async function start(name: 'wasm' | 'cpu'): Promise<string | undefined> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(name))) return `the ${name} backend did not start`;
  await tf.ready();
  if (name === 'wasm') installWasmKernels();
  return undefined;
}

function hardware(): BackendInfo['hardware'] {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30) };
}

/** What `auto` tries, in order: webgpu on a GPU only (autoTakes). */
const AUTO_ORDER: Array<Exclude<BackendChoice, 'auto'>> = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

/** Whether `auto` may take this adapter: a GPU, never a software one. */
export function autoTakes(adapter: AdapterFacts): { ok: true } | { ok: false; why: string } {
  return adapter.software ? { ok: false, why: `the WebGPU adapter here is ${adapterInWords(adapter)}, which auto never takes (--backend webgpu does)` } : { ok: true };
}

/** Start the WebGPU backend: any adapter when asked for by name, a hardware one only under auto. */
async function tryWebgpu(auto: boolean): Promise<{ adapter: AdapterFacts } | { failure: string }> {
  const probe = await probeWebgpu();
  if ('missing' in probe) return { failure: probe.missing };
  const taken = autoTakes(probe.adapter);
  if (auto && !taken.ok) return { failure: taken.why };
  const failure = await startWebgpu();
  return failure ? { failure } : probe;
}

async function startOne(name: Exclude<BackendChoice, 'auto'>, auto: boolean): Promise<{ adapter?: AdapterFacts } | { failure: string }> {
  if (name === 'webgpu') return tryWebgpu(auto);
  const failure = name === 'tensorflow-gpu' || name === 'tensorflow' ? await tryNative(name) : await start(name);
  return failure ? { failure } : {};
}

/** Select and start a backend; throws BackendUnavailable with a clear message when the one asked for cannot run. */
export async function useBackend(choice: BackendChoice): Promise<BackendInfo> {
  tf.env().set('PROD', true);
  const skipped: string[] = [];
  const order: Array<Exclude<BackendChoice, 'auto'>> = choice === 'auto' ? AUTO_ORDER : [choice];
  for (const name of order) {
    const started = await startOne(name, choice === 'auto');
    if ('failure' in started) {
      skipped.push(started.failure);
      continue;
    }
    const used = started.adapter ? `using ${name} on ${adapterInWords(started.adapter)}` : `using ${name}`;
    const reason = choice === 'auto' ? `auto: ${[...skipped, used].join('; ')}` : `asked for ${name}${started.adapter ? ` on ${adapterInWords(started.adapter)}` : ''}`;
    return { name, tfBackend: tf.getBackend(), reason, hardware: hardware(), ...(started.adapter ? { adapter: started.adapter } : {}) };
  }
  throw new BackendUnavailable(
    `backend "${choice}" is not available: ${skipped.join('; ')}. Use --backend wasm or --backend cpu, or install ${choice === 'auto' ? 'a backend' : (PACKAGES[choice as 'tensorflow'] ?? choice)}.`,
  );
}
