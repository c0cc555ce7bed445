import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, NEEDED_LIBRARIES, type MachineFacts } from './diagnose.ts';
import { gatherFacts } from './facts.ts';

const allLibraries = Object.fromEntries(NEEDED_LIBRARIES.map((l) => [l, `/usr/local/cuda-11.2/lib64/${l}`]));
const facts = (over: Partial<MachineFacts> = {}): MachineFacts => ({
  gpuPackage: { installed: true, version: '4.22.0', libtensorflow: ['libtensorflow.so.2.9.1'] },
  cpuPackage: { installed: false },
  libraries: allLibraries,
  gpus: [{ name: 'NVIDIA A10', computeCapability: '8.6', driver: '550.54.15', memoryMiB: 23028 }],
  cores: 16,
  ...over,
});

describe('the doctor', () => {
  it('reports the WebGPU adapter with its limits and whether it would be used, or what to install for one', () => {
    const limits = { maxBufferSize: 4294967295, maxStorageBufferBindingSize: 134217728, maxComputeWorkgroupStorageSize: 32768 };
    const soft = diagnose(facts({ webgpu: { adapter: { vendor: 'mesa', architecture: 'software', device: 'llvmpipe', description: 'llvmpipe: Mesa 25.0.7', software: true, limits } } })).webgpu!;
    expect(soft).toContain('mesa software llvmpipe');
    expect(soft).toContain('maxStorageBufferBindingSize 134217728');
    expect(soft).toContain('auto never takes it');
    const gpu = diagnose(facts({ webgpu: { adapter: { vendor: 'nvidia', architecture: 'ada', device: 'NVIDIA L4', description: '', software: false, limits } } })).webgpu!;
    expect(gpu).toContain('a GPU: auto trains on it');
    // As auto does: a GPU adapter comes before tfjs-node and wasm, a software one never.
    const noCuda = { gpuPackage: { installed: false }, cpuPackage: { installed: true, version: '4.22.0' } } as const;
    expect(diagnose(facts({ ...noCuda, webgpu: { adapter: { vendor: 'nvidia', architecture: 'ada', device: 'NVIDIA L4', description: '', software: false, limits } } }))).toMatchObject({
      backend: 'webgpu',
      why: expect.stringContaining('NVIDIA L4'),
    });
    expect(
      diagnose(facts({ ...noCuda, webgpu: { adapter: { vendor: 'mesa', architecture: 'software', device: 'llvmpipe', description: 'llvmpipe: Mesa 25.0.7', software: true, limits } } })).backend,
    ).toBe('tensorflow');
    // A working CUDA backend still comes first.
    expect(diagnose(facts({ webgpu: { adapter: { vendor: 'nvidia', architecture: 'ada', device: 'NVIDIA L4', description: '', software: false, limits } } })).backend).toBe('tensorflow-gpu');
    const none = diagnose(facts({ webgpu: { missing: 'Dawn found no GPU adapter' }, vulkanDrivers: [] })).webgpu!;
    expect(none).toContain('no Vulkan driver found');
    expect(none).toContain('libvulkan1');
    expect(none).toContain('mesa-vulkan-drivers');
    // The pipeline's one line never loads Dawn, so it says nothing of WebGPU.
    expect(diagnose(facts()).webgpu).toBeUndefined();
  });

  it('picks the GPU when tfjs-node-gpu loads, the CUDA 11.2 and cuDNN 8.1 libraries are there and the GPU fits', () => {
    const d = diagnose(facts());
    expect(d).toMatchObject({ backend: 'tensorflow-gpu', install: [], gpus: [expect.objectContaining({ fits: 'yes' })] });
    expect(d.summary).toMatch(/^backend tensorflow-gpu: .*NVIDIA A10 \(compute 8\.6\)/);
  });

  it('says an Ada or Hopper GPU needs a newer libtensorflow than tfjs-node-gpu 4.22 carries', () => {
    const d = diagnose(facts({ gpus: [{ name: 'NVIDIA GeForce RTX 4090', computeCapability: '8.9' }] }));
    expect(d.backend).toBe('wasm');
    expect(d.gpus[0]!.fits).toBe('needs-newer-cuda');
    expect(d.install.join('\n')).toContain('custom-binary.json');
  });

  it('names the missing CUDA and cuDNN libraries, and what to install', () => {
    const { 'libcudnn.so.8': _gone, ...rest } = allLibraries;
    const d = diagnose(facts({ libraries: rest, cpuPackage: { installed: true, version: '4.22.0' } }));
    expect(d).toMatchObject({ backend: 'tensorflow', missingLibraries: ['libcudnn.so.8'] });
    expect(d.install.join('\n')).toContain('cuDNN 8.1');
  });

  it('falls back to WebAssembly, saying so, with no GPU and no native package', () => {
    const d = diagnose(facts({ gpus: undefined, nvidiaSmiError: 'nvidia-smi is not installed', gpuPackage: { installed: false }, libraries: {} }));
    expect(d.backend).toBe('wasm');
    expect(d.install[0]).toContain('nvidia-smi is not installed');
    expect(d.install).toContain('npm install @tensorflow/tfjs-node-gpu@4.22 (its install downloads libtensorflow, so it needs the internet)');
  });

  it('reads the GPU from nvidia-smi and the libraries from the loader’s cache, as the machine reports them', async () => {
    const bin = await mkdtemp(path.join(tmpdir(), 'fake-bin-'));
    await writeFile(path.join(bin, 'nvidia-smi'), '#!/bin/sh\necho "NVIDIA A10, 8.6, 550.54.15, 23028"\necho "Tesla T4, 7.5, 550.54.15, 15360"\n');
    await writeFile(
      path.join(bin, 'ldconfig'),
      '#!/bin/sh\necho "\tlibcudart.so.11.0 (libc6,x86-64) => /usr/local/cuda-11.2/lib64/libcudart.so.11.0"\necho "\tlibcudnn.so.8 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudnn.so.8"\n',
    );
    await chmod(path.join(bin, 'nvidia-smi'), 0o755);
    await chmod(path.join(bin, 'ldconfig'), 0o755);
    const f = await gatherFacts({ load: false, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LD_LIBRARY_PATH: '' } });
    expect(f.gpus).toEqual([
      { name: 'NVIDIA A10', computeCapability: '8.6', driver: '550.54.15', memoryMiB: 23028 },
      { name: 'Tesla T4', computeCapability: '7.5', driver: '550.54.15', memoryMiB: 15360 },
    ]);
    expect(f.libraries).toEqual({ 'libcudart.so.11.0': '/usr/local/cuda-11.2/lib64/libcudart.so.11.0', 'libcudnn.so.8': '/usr/lib/x86_64-linux-gnu/libcudnn.so.8' });
    const broken = await mkdtemp(path.join(tmpdir(), 'fake-bin-'));
    await writeFile(path.join(broken, 'nvidia-smi'), '#!/bin/sh\necho "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver." >&2\nexit 9\n');
    await chmod(path.join(broken, 'nvidia-smi'), 0o755);
    expect((await gatherFacts({ load: false, env: { ...process.env, PATH: `${broken}:${process.env.PATH}` } })).nvidiaSmiError).toContain("couldn't communicate with the NVIDIA driver");
  });
});
