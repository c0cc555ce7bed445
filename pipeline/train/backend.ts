/**
 * Choosing where tensors run. `auto` takes the fastest installed backend:
 * TensorFlow with CUDA (@tensorflow/tfjs-node-gpu), TensorFlow on the CPU
 * (@tensorflow/tfjs-node), WebAssembly (@tensorflow/tfjs-backend-wasm), then
 * pure JavaScript. The two native packages download libtensorflow when
 * installed, so they are optional and loaded only when asked for.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailable, type BackendChoice } from './backend-names.ts';
import { installWasmKernels } from './wasm-kernels.ts';

export { BACKENDS, BackendUnavailable, type BackendChoice } from './backend-names.ts';

export interface BackendInfo {
  /** What ran: tensorflow-gpu, tensorflow, wasm or cpu. */
  name: Exclude<BackendChoice, 'auto'>;
  /** The tfjs backend name (tensorflow, wasm, cpu). */
  tfBackend: string;
  /** Why this one: what was asked for and what was not available. */
  reason: string;
  hardware: { cpu: string; cores: number; memoryGiB: number };
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

/** Select and start a backend; throws BackendUnavailable with a clear message when the one asked for cannot run. */
export async function useBackend(choice: BackendChoice): Promise<BackendInfo> {
  tf.env().set('PROD', true);
  const skipped: string[] = [];
  const order: Array<Exclude<BackendChoice, 'auto'>> = choice === 'auto' ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : [choice];
  for (const name of order) {
    const failure = name === 'tensorflow-gpu' || name === 'tensorflow' ? await tryNative(name) : await start(name);
    if (!failure) {
      const reason = choice === 'auto' ? `auto: ${[...skipped, `using ${name}`].join('; ')}` : `asked for ${name}`;
      return { name, tfBackend: tf.getBackend(), reason, hardware: hardware() };
    }
    skipped.push(failure);
  }
  throw new BackendUnavailable(
    `backend "${choice}" is not available: ${skipped.join('; ')}. Use --backend wasm or --backend cpu, or install ${choice === 'auto' ? 'a backend' : (PACKAGES[choice as 'tensorflow'] ?? choice)}.`,
  );
}
