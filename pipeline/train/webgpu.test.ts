import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { access, cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint } from '../checkpoints/load.ts';
import { llama } from '../checkpoints/llama.ts';
import { attachLora, loraVariables } from '../checkpoints/lora.ts';
import type { CausalLM } from '../checkpoints/model.ts';
import { randomTensors, SMOL_135M } from '../testing/smol-layout.ts';
import { nextTokenLoss } from './loss.ts';
import { runStages, TINY, tinyCoop } from '../testing/run-stages.ts';
import { autoTakes, useBackend } from './backend.ts';
import { charModel } from './char-model.ts';
import { CheckpointText, checkpointModel, continueCheckpoint } from './checkpoint-model.ts';
import { tokenStream } from './data.ts';
import { trainLoop } from './loop.ts';
import { buildModel } from './model.ts';
import { Tokenizer } from './tokenizer.ts';
import { assertWebgpuAccepted, isSoftwareAdapter, probeWebgpu, REQUESTED, webgpuRefusals, WebgpuRefused } from './webgpu.ts';

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

describe.skipIf(Boolean(missing))('training on WebGPU (the software adapter here)', () => {
  it('starts the webgpu backend on the adapter, and names it', async () => {
    const info = await useBackend('webgpu');
    expect(info.tfBackend).toBe('webgpu');
    expect(info.adapter?.description).toBeTruthy();
    expect(info.reason).toContain(info.adapter!.device);
    expect(tf.getBackend()).toBe('webgpu');
  });

  it("asks the adapter for its own limits, not WebGPU's defaults", async () => {
    await useBackend('webgpu');
    const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<{ limits: Record<string, number> }> } } }).navigator.gpu;
    const adapter = (await gpu.requestAdapter())!;
    const device = (tf.backend() as unknown as { device: { limits: Record<string, number> } }).device;
    for (const name of REQUESTED) expect(device.limits[name], name).toBe(adapter.limits[name]);
  });

  it('notices work the adapter refuses, which leaves zeros rather than throwing', async () => {
    await useBackend('webgpu');
    const mark = webgpuRefusals();
    // TF.js's addN binds every input at once: two more than the storage buffers a shader may have.
    const limit = (tf.backend() as unknown as { device: { limits: { maxStorageBuffersPerShaderStage: number } } }).device.limits.maxStorageBuffersPerShaderStage;
    const inputs = Array.from({ length: limit + 2 }, (_, i) => tf.scalar(i + 1));
    const refusedSum = async () => {
      const sum = tf.addN(inputs);
      expect((await sum.data())[0]).not.toBe(((limit + 2) * (limit + 3)) / 2);
      sum.dispose();
    };
    await refusedSum();
    const once = webgpuRefusals() - mark;
    expect(once).toBeGreaterThan(0);
    expect(() => assertWebgpuAccepted('adding', mark)).toThrow(WebgpuRefused);
    expect(() => assertWebgpuAccepted('adding', mark)).toThrow(new RegExp(`refused work while adding \\(${once} times?; first: "The number of storage buffers`));
    // Starting the backend again does not listen twice: the same refusal counts once more at most (Dawn
    // reports a little less the second time, the broken pipeline being cached), never double.
    await useBackend('webgpu');
    await refusedSum();
    const again = webgpuRefusals() - mark - once;
    expect(again).toBeGreaterThan(0);
    expect(again).toBeLessThanOrEqual(once);
    tf.dispose(inputs);
    // Work before the mark is not this job's.
    expect(() => assertWebgpuAccepted('later', webgpuRefusals())).not.toThrow();
  });

  it('trains the character model to the losses wasm gives, within 1e-5 over 8 steps', async () => {
    const onWasm = await losses('wasm', 8);
    const onGpu = await losses('webgpu', 8);
    expect(onGpu).toHaveLength(8);
    onGpu.forEach((l, i) => expect(Math.abs(l - onWasm[i]!), `step ${i}: webgpu ${l}, wasm ${onWasm[i]}`).toBeLessThan(1e-5));
    expect(onGpu.at(-1)!).toBeLessThan(onGpu[0]!);
  }, 300_000);
});

describe.skipIf(Boolean(missing))('the pipeline on WebGPU (the software adapter here)', () => {
  it('trains, evaluates, samples and audits every model on --backend webgpu, to the figures wasm gives', async () => {
    const { root } = await tinyCoop();
    const twin = path.join(await mkdtemp(path.join(tmpdir(), 'twin-')), 'coop');
    await cp(root, twin, { recursive: true });
    const mark = webgpuRefusals();
    const onGpu = await runStages(root, { backend: 'webgpu' });
    // Nothing was refused along the way (a refused kernel leaves zeros, and the stage would stop).
    expect(webgpuRefusals()).toBe(mark);
    const onWasm = await runStages(twin, { backend: 'wasm' });
    expect(onGpu.train.cards.map((c) => c.kind)).toEqual(['shared', 'allotment']);
    expect(onGpu.train.cards.map((c) => c.version)).toEqual(onWasm.train.cards.map((c) => c.version));
    onGpu.train.cards.forEach((card, i) => {
      const twinCard = onWasm.train.cards[i]!;
      expect(card.backend.name).toBe('webgpu');
      expect(card.backend.adapter).toMatchObject({ device: (probe as { adapter: { device: string } }).adapter.device, software: true });
      expect(card.backend.workers ?? 1).toBe(1);
      // Held-out figures, samples and the audit all ran on the adapter, and agree with wasm's.
      expect(Math.abs(card.metrics.validation.bitsPerChar - twinCard.metrics.validation.bitsPerChar), card.version).toBeLessThan(1e-3);
      expect(card.samples.length).toBe(twinCard.samples.length);
      expect(card.samples.every((s) => s.text.length > 0)).toBe(true);
      expect(card.memorisation.worksAudited).toBe(twinCard.memorisation.worksAudited);
    });
    await access(path.join(root, 'registry/models/index.json'));
  }, 600_000);
});

// GPT-2 and Llama in Hugging Face's layout, written with PyTorch (bench/reference/tiny_checkpoints.py), logits included.
const FIXTURES = fileURLToPath(new URL('../checkpoints/fixtures/', import.meta.url));
const RIVER = 'the river ran over the weir, the river ran on, and the town walked out to see it.';

/** Losses of `steps` AdamW steps of a fixture (every weight, or rank-4 adapters on the attention) on `backend`. */
async function checkpointLosses(backend: 'wasm' | 'webgpu', name: string, adapters: boolean, steps: number): Promise<number[]> {
  await useBackend(backend);
  const checkpoint = await loadCheckpoint(path.join(FIXTURES, name));
  if (adapters) attachLora(checkpoint.model, { rank: 4, alpha: 8, targets: checkpoint.model.family === 'gpt2' ? ['c_attn.weight'] : ['q_proj.weight', 'v_proj.weight'], seed: 3 });
  const model = checkpointModel(checkpoint, { context: 16, adapters });
  try {
    const curve = await trainLoop({
      model,
      stream: model.stream([RIVER, RIVER]),
      context: 16,
      batch: 2,
      seed: 5,
      optimizer: { learningRate: adapters ? 0.03 : 0.005, warmupSteps: 0, totalSteps: steps, weightDecay: 0.01, clipNorm: 1 },
    });
    return curve.map((c) => c.loss);
  } finally {
    tf.dispose([...checkpoint.model.weights.values(), ...(adapters ? loraVariables(checkpoint.model) : [])]);
  }
}

describe.skipIf(Boolean(missing))('open checkpoints on WebGPU (the software adapter here)', () => {
  for (const name of ['gpt2-tiny', 'llama-tiny']) {
    it(`${name}: gives the logits PyTorch gives, within 1e-4`, async () => {
      await useBackend('webgpu');
      const mark = webgpuRefusals();
      const { model } = await loadCheckpoint(path.join(FIXTURES, name));
      const reference = JSON.parse(await readFile(path.join(FIXTURES, name, 'reference.json'), 'utf8')) as { inputIds: number[][]; logits: number[][][] };
      const got = (await model.logits(tf.tensor2d(reference.inputIds, undefined, 'int32')).array()) as number[][][];
      let worst = 0;
      reference.logits.forEach((seq, b) => seq.forEach((row, t) => row.forEach((x, v) => (worst = Math.max(worst, Math.abs(x - got[b]![t]![v]!))))));
      expect(got.flat(2).length).toBe(reference.logits.flat(2).length);
      expect(worst).toBeLessThan(1e-4);
      expect(webgpuRefusals()).toBe(mark);
      tf.dispose([...model.weights.values()]);
    });

    for (const adapters of [false, true]) {
      it(`${name}${adapters ? ' with adapters' : ''}: 6 training steps give the losses wasm gives, within 1e-5`, async () => {
        const onWasm = await checkpointLosses('wasm', name, adapters, 6);
        const mark = webgpuRefusals();
        const onGpu = await checkpointLosses('webgpu', name, adapters, 6);
        expect(webgpuRefusals()).toBe(mark);
        onGpu.forEach((l, i) => expect(Math.abs(l - onWasm[i]!), `step ${i}: webgpu ${l}, wasm ${onWasm[i]}`).toBeLessThan(1e-5));
        expect(onGpu.at(-1)!).toBeLessThan(onGpu[0]!);
      }, 120_000);
    }

    it(`${name}: writes the same text for the same seed, each time, on one adapter`, async () => {
      await useBackend('webgpu');
      const checkpoint = await loadCheckpoint(path.join(FIXTURES, name));
      const text = new CheckpointText(checkpoint);
      const write = () => continueCheckpoint(checkpoint.model, text, ['the river', 'a weir'], 40, 16, { kind: 'sample', temperature: 0.8, seed: 11 });
      const first = await write();
      expect(await write()).toEqual(first);
      expect(first.every((w) => w.length > 0)).toBe(true);
      // Another seed writes something else: the seed is what fixes it.
      expect(await continueCheckpoint(checkpoint.model, text, ['the river', 'a weir'], 40, 16, { kind: 'sample', temperature: 0.8, seed: 12 })).not.toEqual(first);
      tf.dispose([...checkpoint.model.weights.values()]);
    }, 120_000);
  }
});

describe.skipIf(Boolean(missing))('a SmolLM2-135M layout on WebGPU (random weights; correctness on the software adapter, not speed)', () => {
  const ids = () => tf.tensor2d([Array.from({ length: 32 }, (_, t) => (t * 104729) % SMOL_135M.vocab_size)], undefined, 'int32');
  const lossOn = async (model: CausalLM, batch: tf.Tensor2D) => {
    const l = nextTokenLoss(model.logits(batch), batch);
    const value = (await l.data())[0]!;
    l.dispose();
    return value;
  };

  it('reads a batch to the loss wasm gives, then a LoRA step and a full fine-tune step each lower it, with nothing refused', async () => {
    const weights = randomTensors(SMOL_135M);
    await useBackend('wasm');
    const onWasm = llama(SMOL_135M, weights, '135m');
    const batch = ids();
    const wasmLoss = await lossOn(onWasm, batch);
    tf.dispose([batch, ...onWasm.weights.values()]);

    await useBackend('webgpu');
    const mark = webgpuRefusals();
    const model = llama(SMOL_135M, weights, '135m');
    const x = ids();
    const before = await lossOn(model, x);
    expect(Math.abs(before - wasmLoss), `webgpu ${before}, wasm ${wasmLoss}`).toBeLessThan(1e-4);
    // One step of adapters, then one of every weight (its Adam state alone is twice the model: 1.1 GB).
    attachLora(model, { rank: 8, alpha: 16, targets: ['self_attn.q_proj.weight', 'self_attn.v_proj.weight'], seed: 1 });
    for (const variables of [loraVariables(model), [...model.weights.values()]]) {
      const start = await lossOn(model, x);
      const optimizer = tf.train.adam(1e-3);
      optimizer.minimize(() => nextTokenLoss(model.logits(x), x), true, variables)?.dispose();
      expect(await lossOn(model, x)).toBeLessThan(start);
      optimizer.dispose();
    }
    expect(webgpuRefusals()).toBe(mark);
    tf.dispose([x, ...model.weights.values(), ...loraVariables(model)]);
  }, 900_000);
});
