/**
 * Which training backend will run here, and why; what is missing for a faster
 * one, and exactly what to install. Pure: facts about the machine in, a
 * diagnosis out (facts.ts gathers them).
 *
 * What @tensorflow/tfjs-node-gpu 4.22 needs comes from its own build: it links
 * libtensorflow 2.9.1, built against CUDA 11.2 and cuDNN 8.1, with kernels for
 * compute capabilities 3.5 to 7.5 and PTX for 8.0. Ampere (8.x) runs that PTX;
 * Ada (8.9) and Hopper (9.0) need a CUDA newer than the 11.2 it was built with.
 */

import { adapterInWords, type WebgpuProbe } from './webgpu-adapter.ts';

export const LIBTENSORFLOW = { version: '2.9.1', cuda: '11.2', cudnn: '8.1' } as const;

/** CUDA and cuDNN runtime libraries libtensorflow 2.9.1 opens, by file name. */
export const NEEDED_LIBRARIES = ['libcudart.so.11.0', 'libcublas.so.11', 'libcublasLt.so.11', 'libcufft.so.10', 'libcurand.so.10', 'libcusolver.so.11', 'libcusparse.so.11', 'libcudnn.so.8'] as const;

export interface PackageFacts {
  installed: boolean;
  version?: string;
  /** Undefined when it loaded (or was not tried); the error otherwise. */
  loadError?: string;
  /** libtensorflow files it carries, e.g. libtensorflow.so.2.9.1. */
  libtensorflow?: string[];
}

export interface GpuFacts {
  name: string;
  computeCapability?: string;
  driver?: string;
  memoryMiB?: number;
}

export interface MachineFacts {
  gpuPackage: PackageFacts;
  cpuPackage: PackageFacts;
  /** CUDA/cuDNN libraries found (ldconfig and LD_LIBRARY_PATH), by name → where. */
  libraries: Record<string, string>;
  /** From nvidia-smi; undefined when it is not there. */
  gpus?: GpuFacts[];
  nvidiaSmiError?: string;
  cores: number;
  /** Dawn's WebGPU adapter, when doctor looked (it loads dawn.node, so the pipeline's one line does not). */
  webgpu?: WebgpuProbe;
  /** Vulkan drivers (ICD files) found, by file name; Linux only. */
  vulkanDrivers?: string[];
}

export interface Diagnosis {
  backend: 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm';
  why: string;
  gpus: Array<GpuFacts & { fits: 'yes' | 'needs-newer-cuda' | 'too-old' | 'unknown'; note: string }>;
  missingLibraries: string[];
  /** What to do for a faster backend, in order; empty when the fastest one runs. */
  install: string[];
  /** One line for the pipeline's log and the model card. */
  summary: string;
  /** What WebGPU would run on here, and whether anything uses it; undefined when doctor did not look. */
  webgpu?: string;
}

export function gpuFit(cc: string | undefined): Diagnosis['gpus'][number]['fits'] {
  if (!cc) return 'unknown';
  const v = Number(cc);
  if (!Number.isFinite(v)) return 'unknown';
  if (v < 3.5) return 'too-old';
  if (v >= 8.9) return 'needs-newer-cuda';
  return 'yes';
}

const FIT_NOTE: Record<Diagnosis['gpus'][number]['fits'], string> = {
  yes: `supported by libtensorflow ${LIBTENSORFLOW.version} (CUDA ${LIBTENSORFLOW.cuda})`,
  'needs-newer-cuda': `newer than CUDA ${LIBTENSORFLOW.cuda} supports: use a newer libtensorflow through tfjs-node's custom-binary.json, or train outside with the dataset export (docs/gpu-runner.md)`,
  'too-old': 'older than any libtensorflow supports',
  unknown: 'compute capability unknown (nvidia-smi too old to report it)',
};

export function diagnose(f: MachineFacts): Diagnosis {
  const gpus = (f.gpus ?? []).map((g) => ({ ...g, fits: gpuFit(g.computeCapability), note: FIT_NOTE[gpuFit(g.computeCapability)] }));
  const missingLibraries = NEEDED_LIBRARIES.filter((l) => !f.libraries[l]);
  const install: string[] = [];
  const usableGpu = gpus.some((g) => g.fits === 'yes' || g.fits === 'unknown');
  let backend: Diagnosis['backend'];
  let why: string;
  if (f.gpuPackage.installed && !f.gpuPackage.loadError && usableGpu && missingLibraries.length === 0) {
    backend = 'tensorflow-gpu';
    why =
      `@tensorflow/tfjs-node-gpu ${f.gpuPackage.version ?? ''} loads, CUDA ${LIBTENSORFLOW.cuda} and cuDNN ${LIBTENSORFLOW.cudnn} libraries found, ${gpus.map((g) => `${g.name} (compute ${g.computeCapability ?? '?'})`).join(', ')}`.replace(
        / +/g,
        ' ',
      );
  } else {
    if (gpus.length === 0) install.push(f.nvidiaSmiError ? `no NVIDIA GPU found (${f.nvidiaSmiError}); on a GPU machine install the NVIDIA driver, which brings nvidia-smi` : 'no NVIDIA GPU found');
    else if (!usableGpu) install.push(`the GPU${gpus.length > 1 ? 's' : ''} ${gpus.map((g) => `${g.name} (compute ${g.computeCapability})`).join(', ')}: ${gpus[0]!.note}`);
    if (gpus.length > 0 && missingLibraries.length > 0) {
      install.push(
        `install the CUDA ${LIBTENSORFLOW.cuda} runtime and cuDNN ${LIBTENSORFLOW.cudnn} libraries beside any newer CUDA (missing: ${missingLibraries.join(', ')}), and put their folder on LD_LIBRARY_PATH (docs/gpu-runner.md)`,
      );
    }
    if (!f.gpuPackage.installed) install.push('npm install @tensorflow/tfjs-node-gpu@4.22 (its install downloads libtensorflow, so it needs the internet)');
    else if (f.gpuPackage.loadError) install.push(`@tensorflow/tfjs-node-gpu is installed but does not load: ${f.gpuPackage.loadError}`);
    const gpuAdapter = f.webgpu && 'adapter' in f.webgpu && !f.webgpu.adapter.software ? f.webgpu.adapter : undefined;
    if (gpuAdapter) {
      // What auto takes next (train/backend.ts AUTO_ORDER): WebGPU on a GPU.
      backend = 'webgpu';
      why = `WebGPU on ${adapterInWords(gpuAdapter)}; no usable CUDA backend`;
    } else if (f.cpuPackage.installed && !f.cpuPackage.loadError) {
      backend = 'tensorflow';
      why = `@tensorflow/tfjs-node ${f.cpuPackage.version ?? ''} (libtensorflow on the CPU, all ${f.cores} cores); no usable GPU backend`.replace(/ +/g, ' ');
    } else {
      backend = 'wasm';
      why = `WebAssembly, one core per worker thread (${f.cores} core${f.cores === 1 ? '' : 's'}; the profile's microBatches caps the workers); no native TensorFlow${f.cpuPackage.loadError ? ` (@tensorflow/tfjs-node does not load: ${f.cpuPackage.loadError})` : ''}`;
      if (!f.cpuPackage.installed) install.push('for the CPU: npm install @tensorflow/tfjs-node@4.22 (also downloads libtensorflow)');
    }
  }
  const webgpu = f.webgpu ? webgpuInWords(f.webgpu, f.vulkanDrivers) : undefined;
  return { backend, why, gpus, missingLibraries, install, summary: `backend ${backend}: ${why}`, ...(webgpu ? { webgpu } : {}) };
}

/** The WebGPU adapter in one sentence: what it is, whether it would be used, or what is missing for one. */
export function webgpuInWords(probe: WebgpuProbe, vulkanDrivers: readonly string[] | undefined): string {
  if ('adapter' in probe) {
    const a = probe.adapter;
    const limits = `maxBufferSize ${a.limits.maxBufferSize}, maxStorageBufferBindingSize ${a.limits.maxStorageBufferBindingSize}, maxComputeWorkgroupStorageSize ${a.limits.maxComputeWorkgroupStorageSize}`;
    const use = a.software ? 'correct, and no faster than wasm: auto never takes it, --backend webgpu does (for tests and benchmarks)' : 'a GPU: auto trains on it when no CUDA backend works';
    return `${adapterInWords(a)}; ${limits}; ${use}`;
  }
  const drivers = vulkanDrivers === undefined ? '' : vulkanDrivers.length === 0 ? '; no Vulkan driver found in /usr/share/vulkan/icd.d' : `; Vulkan drivers found: ${vulkanDrivers.join(', ')}`;
  return `no adapter: ${probe.missing}${drivers}. On Debian/Ubuntu the Vulkan loader is libvulkan1; NVIDIA's Vulkan driver comes with its driver packages (Debian: nvidia-vulkan-icd), AMD's and Intel's with mesa-vulkan-drivers`;
}
