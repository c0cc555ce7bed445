/**
 * The WebGPU adapter Dawn offers on this machine, through the optional npm
 * package `webgpu` (Dawn's Node binding, its prebuilt dawn.node inside the
 * package), without TensorFlow.js: what doctor reports and what the webgpu
 * backend (train/webgpu.ts) starts on. Dawn reaches the GPU through Vulkan on
 * Linux, Metal on macOS and D3D12 on Windows. A software adapter (Mesa's
 * llvmpipe/lavapipe, SwiftShader) computes correctly and slowly.
 */

import { isSoftwareAdapter } from './software-adapter.ts';

export { isSoftwareAdapter } from './software-adapter.ts';

/** What the adapter says of itself, and the limits that decide which tensors fit. */
export interface AdapterFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU pretending to be a GPU: correct, and no faster than wasm. */
  software: boolean;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number; maxComputeWorkgroupStorageSize: number };
}

export type WebgpuProbe = { adapter: AdapterFacts } | { missing: string };

/** The shape of the `webgpu` package this module uses. */
export interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}
interface AdapterLike {
  info: { vendor: string; architecture: string; device: string; description: string };
  isFallbackAdapter?: boolean;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number; maxComputeWorkgroupStorageSize: number };
}

let dawn: { module: DawnModule; gpu: GpuLike } | undefined;

/** Dawn's module and its GPU, loaded once; or why it cannot load. */
export async function loadDawn(): Promise<{ module: DawnModule; gpu: GpuLike } | string> {
  if (dawn) return dawn;
  try {
    // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
    const module = (await import(/* @vite-ignore */ 'webgpu' as string)) as DawnModule;
    dawn = { module, gpu: module.create([]) };
    return dawn;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'the webgpu package is not installed' : `the webgpu package failed to load: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** The adapter Dawn offers here, or why there is none. */
export async function probeWebgpu(): Promise<WebgpuProbe> {
  process.env.XDG_RUNTIME_DIR ??= process.env.TMPDIR ?? '/tmp';
  const loaded = await loadDawn();
  if (typeof loaded === 'string') return { missing: loaded };
  const adapter = await loaded.gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { missing: 'Dawn found no GPU adapter (on Linux: no Vulkan driver; see commonplace-coop doctor)' };
  const { vendor, architecture, device, description } = adapter.info;
  const l = adapter.limits;
  return {
    adapter: {
      vendor,
      architecture,
      device,
      description,
      software: isSoftwareAdapter(adapter.info, adapter.isFallbackAdapter),
      limits: { maxBufferSize: l.maxBufferSize, maxStorageBufferBindingSize: l.maxStorageBufferBindingSize, maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize },
    },
  };
}

/** "mesa software llvmpipe (…)", for logs and cards. */
export function adapterInWords(a: AdapterFacts): string {
  return `${[a.vendor, a.architecture, a.device].filter(Boolean).join(' ')}${a.description ? ` (${a.description})` : ''}${a.software ? ', a software adapter' : ''}`;
}
