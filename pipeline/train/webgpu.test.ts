import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { coop } from '../testing/coop-builder.ts';
import { runStages, TINY } from '../testing/run-stages.ts';
import { WEBGPU_NOT_YET } from './stage.ts';
import { autoTakes, useBackend } from './backend.ts';
import { charModel } from './char-model.ts';
import { tokenStream } from './data.ts';
import { trainLoop } from './loop.ts';
import { buildModel } from './model.ts';
import { Tokenizer } from './tokenizer.ts';
import { isSoftwareAdapter, probeWebgpu } from './webgpu.ts';

describe('telling a software WebGPU adapter from a GPU', () => {
  it('knows Mesa llvmpipe/lavapipe, SwiftShader and a fallback adapter for software, and a GPU for hardware', () => {
    expect(isSoftwareAdapter({ vendor: 'mesa', architecture: 'software', device: 'llvmpipe-llvm-15', description: 'llvmpipe: Mesa 25.0.7' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'google', architecture: '', device: 'SwiftShader Device (Subzero)', description: '' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'ada', device: 'NVIDIA L4', description: 'NVIDIA: 550.54' })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'apple', architecture: 'metal-3', device: '', description: 'Apple M2' })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'amd', architecture: 'rdna-3', device: '', description: '' }, true)).toBe(true);
  });

  it('never lets auto take a software adapter, and says why', () => {
    const soft = {
      vendor: 'mesa',
      architecture: 'software',
      device: 'llvmpipe',
      description: 'llvmpipe: Mesa',
      software: true,
      limits: { maxBufferSize: 1, maxStorageBufferBindingSize: 1, maxComputeWorkgroupStorageSize: 1 },
    };
    expect(autoTakes(soft)).toEqual({ ok: false, why: expect.stringContaining('which auto never takes') });
    expect(autoTakes({ ...soft, vendor: 'nvidia', architecture: 'ada', device: 'NVIDIA L4', description: '', software: false })).toEqual({ ok: true });
  });
});

// The real adapter, where this machine has one (.ci/setup installs Mesa's software Vulkan driver).
const probe = await probeWebgpu();
const missing = 'missing' in probe ? probe.missing : undefined;
if (missing) console.warn(`webgpu tests skipped: ${missing}`);

const TEXT = 'The river keeps what we drop into it,\nthe keys, the rings, the names.\nLow water shows them all again\nin August, when the town walks out.\n';

/** Losses of a few training steps of the character model on `backend`, from the same start. */
async function losses(backend: 'wasm' | 'webgpu', steps: number): Promise<number[]> {
  await useBackend(backend);
  const tokenizer = Tokenizer.fromTexts([TEXT]);
  const profile = { ...TINY, batch: 4 };
  const net = buildModel(profile, tokenizer.size);
  const model = charModel(net, tokenizer, { shape: profile });
  try {
    const curve = await trainLoop({
      model,
      stream: tokenStream([TEXT, TEXT], tokenizer),
      context: profile.context,
      batch: profile.batch,
      seed: profile.seed,
      optimizer: { learningRate: 0.01, warmupSteps: 0, totalSteps: steps, weightDecay: 0, clipNorm: 1 },
    });
    return curve.map((c) => c.loss);
  } finally {
    net.dispose();
  }
}

describe('the training stage and webgpu', () => {
  it('refuses --backend webgpu before anything trains, saying why and what to use', async () => {
    const root = await coop()
      .withPolicy({ training: { profile: 'cpu', profiles: { cpu: TINY } }, dataset: { minValidationWorks: 1 } })
      .member('ana')
      .work('ana', 'river', { body: TEXT })
      .write();
    await expect(runStages(root, { backend: 'webgpu' })).rejects.toThrow(WEBGPU_NOT_YET);
    await expect(access(path.join(root, 'registry/models/index.json'))).rejects.toThrow();
  }, 60_000);
});

describe.skipIf(Boolean(missing))('training on WebGPU (the software adapter here)', () => {
  it('starts the webgpu backend on the adapter, and names it', async () => {
    const info = await useBackend('webgpu');
    expect(info.tfBackend).toBe('webgpu');
    expect(info.adapter?.description).toBeTruthy();
    expect(info.reason).toContain(info.adapter!.device);
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('trains the character model to the losses wasm gives, within 1e-3 over 8 steps', async () => {
    const onWasm = await losses('wasm', 8);
    const onGpu = await losses('webgpu', 8);
    expect(onGpu).toHaveLength(8);
    onGpu.forEach((l, i) => expect(Math.abs(l - onWasm[i]!), `step ${i}: webgpu ${l}, wasm ${onWasm[i]}`).toBeLessThan(1e-3));
    expect(onGpu.at(-1)!).toBeLessThan(onGpu[0]!);
  }, 300_000);
});
