import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../train/backend.ts';
import { loadCheckpoint } from './load.ts';
import { parameterCount } from './model.ts';
import { nextTokenLoss } from '../train/loss.ts';
import { CheckpointError, readSafetensors } from './safetensors.ts';

// Written by bench/reference/tiny_checkpoints.py with PyTorch, logits included.
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FAMILIES = ['gpt2-tiny', 'llama-tiny'] as const;

beforeAll(async () => {
  await useBackend('wasm');
});

/** A safetensors file from a header object and raw data. */
function safetensors(header: object, data: Uint8Array = new Uint8Array()): Uint8Array {
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(new TextEncoder().encode(json), 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('open checkpoints in Hugging Face’s layout', () => {
  for (const name of FAMILIES) {
    it(`${name}: gives the logits PyTorch gives, within 1e-4`, async () => {
      const { model } = await loadCheckpoint(path.join(FIXTURES, name));
      const reference = JSON.parse(await readFile(path.join(FIXTURES, name, 'reference.json'), 'utf8')) as { inputIds: number[][]; logits: number[][][] };
      const ids = tf.tensor2d(reference.inputIds, undefined, 'int32');
      const got = (await model.logits(ids).array()) as number[][][];
      let worst = 0;
      reference.logits.forEach((seq, b) => seq.forEach((row, t) => row.forEach((x, v) => (worst = Math.max(worst, Math.abs(x - got[b]![t]![v]!))))));
      expect(got.length * got[0]!.length * got[0]![0]!.length).toBe(reference.logits.flat(2).length);
      expect(worst).toBeLessThan(1e-4);
      for (const v of model.weights.values()) v.dispose();
    });

    it(`${name}: a few steps of fine-tuning on a text lower its loss`, async () => {
      const { model, tokenizer } = await loadCheckpoint(path.join(FIXTURES, name));
      const ids = tokenizer.encode('the river ran over the weir, the river ran on.').ids;
      const batch = tf.tensor2d([ids.slice(0, 12), ids.slice(4, 16)], undefined, 'int32');
      const loss = () => nextTokenLoss(model.logits(batch), batch);
      const before = (await loss().data())[0]!;
      const optimizer = tf.train.adam(0.01);
      for (let step = 0; step < 8; step++) optimizer.minimize(loss, false, [...model.weights.values()]);
      const after = (await loss().data())[0]!;
      expect(after).toBeLessThan(before * 0.9);
      expect(parameterCount(model)).toBeGreaterThan(20_000);
      for (const v of model.weights.values()) v.dispose();
    });
  }

  it('reads tokenizer.json with its merges, and decodes back to the text', async () => {
    const { tokenizer } = await loadCheckpoint(path.join(FIXTURES, 'llama-tiny'));
    const encoded = tokenizer.encode('the river');
    expect(encoded.tokens).toEqual(['▁the', '▁', 'river']);
    expect(tokenizer.decode(encoded.ids)).toBe('the river');
  });

  it('refuses a config it would compute differently, naming the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'checkpoint-'));
    await cp(path.join(FIXTURES, 'llama-tiny'), dir, { recursive: true });
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ ...config, rope_scaling: { type: 'linear', factor: 2 } }));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/config\.json: .*rope_scaling/);
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ ...config, model_type: 'mamba' }));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/model_type "mamba".*"gpt2" and "llama"/);
  });

  it('names a tensor the weights lack, or one whose shape the config contradicts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'checkpoint-'));
    await cp(path.join(FIXTURES, 'gpt2-tiny'), dir, { recursive: true });
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ ...config, n_layer: 3 }));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/has no tensor "h\.2\.ln_1\.weight"/);
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ ...config, n_embd: 64 }));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/"wte\.weight" of shape \[\d+, 32\] where config\.json implies \[\d+, 64\]/);
  });
});

describe('safetensors', () => {
  it('reads F32, F16 and BF16 tensors as float32', () => {
    const data = new Uint8Array(16);
    const view = new DataView(data.buffer);
    view.setFloat32(0, -2.25, true);
    view.setUint16(4, 0x3e00, true); // 1.5 in half precision
    view.setUint16(6, 0xc500, true); // -5
    view.setUint16(8, 0x3fc0, true); // 1.5 in bfloat16
    view.setUint16(10, 0xc0a0, true); // -5
    const tensors = readSafetensors(
      safetensors(
        {
          a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
          h: { dtype: 'F16', shape: [2], data_offsets: [4, 8] },
          b: { dtype: 'BF16', shape: [1, 2], data_offsets: [8, 12] },
          __metadata__: { format: 'pt' },
        },
        data,
      ),
      'x.safetensors',
    );
    expect([...tensors.get('a')!.values]).toEqual([-2.25]);
    expect([...tensors.get('h')!.values]).toEqual([1.5, -5]);
    expect([...tensors.get('b')!.values]).toEqual([1.5, -5]);
    expect(tensors.get('b')!.shape).toEqual([1, 2]);
  });

  const refusals: Array<[string, Uint8Array, RegExp]> = [
    ['too short', new Uint8Array(4), /too short/],
    [
      'a header longer than the file',
      (() => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setBigUint64(0, 1000n, true);
        return b;
      })(),
      /header is 1000 bytes/,
    ],
    ['an unsupported dtype', safetensors({ w: { dtype: 'I8', shape: [4], data_offsets: [0, 4] } }, new Uint8Array(4)), /tensor "w" as "I8"/],
    ['a range outside the file', safetensors({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)), /tensor "w" a byte range outside/],
    ['a size that does not match the shape', safetensors({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), /tensor "w" 8 bytes for 3 F32 values/],
    [
      'overlapping tensors',
      safetensors({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)),
      /"a" and "b" in overlapping bytes/,
    ],
  ];
  for (const [what, bytes, message] of refusals) {
    it(`refuses a file with ${what}, naming the file`, () => {
      expect(() => readSafetensors(bytes, 'weights/model.safetensors')).toThrow(CheckpointError);
      expect(() => readSafetensors(bytes, 'weights/model.safetensors')).toThrow(message);
      expect(() => readSafetensors(bytes, 'weights/model.safetensors')).toThrow(/^weights\/model\.safetensors: /);
    });
  }
});
