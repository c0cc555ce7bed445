import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../train/backend.ts';
import { loadCheckpoint } from './load.ts';
import { attachLora, loadLora, loraParameterCount, loraVariables, saveLora } from './lora.ts';
import { parameterCount } from './model.ts';
import { nextTokenLoss } from '../train/loss.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const TARGETS = { 'gpt2-tiny': ['attn.c_attn.weight', 'attn.c_proj.weight'], 'llama-tiny': ['self_attn.q_proj.weight', 'self_attn.v_proj.weight'] } as const;

beforeAll(async () => {
  await useBackend('wasm');
});

for (const name of ['gpt2-tiny', 'llama-tiny'] as const) {
  describe(`LoRA adapters on ${name}`, () => {
    it('change nothing when attached, train alone while the loaded weights stay bit for bit, and lower the loss', async () => {
      const { model, tokenizer } = await loadCheckpoint(path.join(FIXTURES, name));
      const ids = tokenizer.encode('the river ran over the weir, the river ran on.').ids;
      const batch = tf.tensor2d([ids.slice(0, 12), ids.slice(4, 16)], undefined, 'int32');
      const before = await model.logits(batch).data();
      const weights = new Map(await Promise.all([...model.weights].map(async ([n, v]) => [n, await v.data()] as const)));
      const adapted = attachLora(model, { rank: 2, alpha: 4, targets: TARGETS[name], seed: 7 });
      expect(adapted.length).toBe(4);
      expect(await model.logits(batch).data()).toEqual(before);
      const loss = () => nextTokenLoss(model.logits(batch), batch);
      const start = (await loss().data())[0]!;
      const optimizer = tf.train.adam(0.02);
      for (let step = 0; step < 10; step++) optimizer.minimize(loss, false, loraVariables(model));
      expect((await loss().data())[0]!).toBeLessThan(start * 0.95);
      for (const [n, v] of model.weights) expect(await v.data(), n).toEqual(weights.get(n));
      expect(loraParameterCount(model)).toBeLessThan(parameterCount(model) / 5);
    });

    it('save to a file that, put on a freshly loaded model, gives the same logits', async () => {
      const { model, tokenizer } = await loadCheckpoint(path.join(FIXTURES, name));
      const ids = tf.tensor2d([tokenizer.encode('the river ran over the weir').ids], undefined, 'int32');
      attachLora(model, { rank: 2, alpha: 4, targets: TARGETS[name], seed: 3 });
      // Give the adapters values, as training would.
      for (const v of loraVariables(model)) v.assign(tf.randomNormal(v.shape, 0, 0.05, 'float32', 11));
      const trained = await model.logits(ids).data();
      const file = await saveLora(model);
      const fresh = (await loadCheckpoint(path.join(FIXTURES, name))).model;
      expect(loadLora(fresh, file, 'adapter.safetensors').length).toBe(4);
      const again = await fresh.logits(ids).data();
      let worst = 0;
      trained.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - again[i]!))));
      expect(worst).toBeLessThan(1e-5);
      // The adapters did change the model: the fresh model without them gives other logits.
      const plain = await (await loadCheckpoint(path.join(FIXTURES, name))).model.logits(ids).data();
      expect(plain.some((x, i) => Math.abs(x - trained[i]!) > 1e-3)).toBe(true);
      const other = name === 'gpt2-tiny' ? 'llama-tiny' : 'gpt2-tiny';
      const mismatched = (await loadCheckpoint(path.join(FIXTURES, other))).model;
      expect(() => loadLora(mismatched, file, 'adapter.safetensors')).toThrow(/adapter\.safetensors: is not an adapter for a/);
    });
  });
}
