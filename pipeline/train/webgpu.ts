/**
 * WebGPU in Node: TF.js's WebGPU backend on Dawn (doctor/webgpu-adapter.ts finds
 * the adapter). `auto` never takes a software adapter; `--backend webgpu` does.
 */
import * as tf from '@tensorflow/tfjs';
import { loadDawn } from '../doctor/index.ts';

export { adapterInWords, isSoftwareAdapter, probeWebgpu, type AdapterFacts, type WebgpuProbe } from '../doctor/index.ts';

/** Make TF.js compute on the WebGPU adapter; returns why it could not, or undefined when it did. */
export async function startWebgpu(): Promise<string | undefined> {
  const loaded = await loadDawn();
  if (typeof loaded === 'string') return loaded;
  Object.assign(globalThis, loaded.module.globals);
  // Node 21+ has a navigator of its own, without gpu: define ours over it.
  Object.defineProperty(globalThis, 'navigator', { value: { ...((globalThis as { navigator?: object }).navigator ?? {}), gpu: loaded.gpu }, configurable: true, writable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) return 'the webgpu backend did not start';
  await tf.ready();
  return undefined;
}
