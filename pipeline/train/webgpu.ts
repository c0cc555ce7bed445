/**
 * WebGPU in Node: TF.js's WebGPU backend on Dawn (doctor/webgpu-adapter.ts finds
 * the adapter). `auto` never takes a software adapter; `--backend webgpu` does.
 */
import * as tf from '@tensorflow/tfjs';
import { loadDawn } from '../doctor/index.ts';

export { adapterInWords, isSoftwareAdapter, probeWebgpu, type AdapterFacts, type WebgpuProbe } from '../doctor/index.ts';

/** What the adapter refused since the backend started (first line of each; WebGPU reports these as events, not errors). */
const refused: string[] = [];

/** Thrown when the adapter refused work: the results computed since are not to be trusted. */
export class WebgpuRefused extends Error {}

/** How many refusals there have been so far: a mark for assertWebgpuAccepted. */
export const webgpuRefusals = (): number => refused.length;

/**
 * Throw when the adapter has refused any work since `since` (a webgpuRefusals mark).
 * A refused kernel leaves zeros, not an exception, so a model trained across one is
 * not to be saved; a job calls this before saving its model.
 */
export function assertWebgpuAccepted(what: string, since = 0): void {
  const these = refused.slice(since);
  if (these.length === 0) return;
  throw new WebgpuRefused(
    `the WebGPU adapter refused work while ${what} (${these.length} time${these.length === 1 ? '' : 's'}; first: "${these[0]}"), so its figures are not to be trusted and nothing of it was written. Run \`commonplace-coop doctor\` and report its output with this message; meanwhile use --backend wasm`,
  );
}

/**
 * The adapter's limits its device is asked for: without asking, a device gets WebGPU's defaults
 * (8 storage buffers a shader, 128 MiB a binding, 256 MiB a buffer), whatever the GPU could do.
 * The first six are what TF.js asks for itself; the storage buffers let kernels with many inputs
 * (concat, addN) take more of them at once.
 */
export const REQUESTED = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Whether our backend factory (REQUESTED limits) has replaced TF.js's. */
let ours = false;
/** The devices whose refusals are counted. */
const heard = new WeakSet<object>();

/** Make TF.js compute on the WebGPU adapter; returns why it could not, or undefined when it did. */
export async function startWebgpu(): Promise<string | undefined> {
  const loaded = await loadDawn();
  if (typeof loaded === 'string') return loaded;
  Object.assign(globalThis, loaded.module.globals);
  // Node 21+ has a navigator of its own, without gpu: define ours over it.
  Object.defineProperty(globalThis, 'navigator', { value: { ...((globalThis as { navigator?: object }).navigator ?? {}), gpu: loaded.gpu }, configurable: true, writable: true });
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  if (!ours) {
    // The package's own factory asks the adapter for six of its limits; ours asks for more (REQUESTED).
    tf.removeBackend('webgpu');
    tf.registerBackend(
      'webgpu',
      async () => {
        const gpu = loaded.gpu as unknown as GpuWithDevices;
        const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
        if (!adapter) throw new Error('Dawn found no GPU adapter');
        const requiredLimits = Object.fromEntries(REQUESTED.map((name) => [name, adapter.limits[name]!]));
        const requiredFeatures = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
        const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
        return new WebGPUBackend(device as never, adapter.info as never);
      },
      3,
    );
    ours = true;
  }
  if (!(await tf.setBackend('webgpu'))) return 'the webgpu backend did not start';
  await tf.ready();
  const device = (tf.backend() as unknown as { device: GPUDeviceLike }).device;
  // Once per device: TF.js keeps one backend, so starting again finds the same device.
  if (!heard.has(device)) device.addEventListener('uncapturederror', (e) => refused.push(String(e.error?.message ?? e).split('\n')[0]!));
  heard.add(device);
  return undefined;
}

/** The part of a GPUDevice read here (the webgpu types are not a dependency). */
interface GPUDeviceLike {
  addEventListener(type: 'uncapturederror', listener: (e: { error?: { message?: string } }) => void): void;
}

/** The parts of navigator.gpu, an adapter and requestDevice used here. */
interface GpuWithDevices {
  requestAdapter(options?: { powerPreference?: string }): Promise<{
    limits: Record<string, number>;
    features: { has(name: string): boolean };
    info: unknown;
    requestDevice(descriptor: { requiredLimits: Record<string, number>; requiredFeatures: string[] }): Promise<unknown>;
  } | null>;
}
