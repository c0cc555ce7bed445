/**
 * GPT-2 in TF.js, as Hugging Face's modeling_gpt2.py computes it: learned
 * positions, pre-LayerNorm blocks, fused query/key/value projection, GELU
 * (tanh approximation), output tied to the token embedding. Its "Conv1D"
 * weights are stored [in, out], so they multiply from the right as they are.
 */
import * as tf from '@tensorflow/tfjs';
import type { Gpt2Config } from './config.ts';
import { appendKv, type CausalLM, type KvCache } from './model.ts';
import { causalAttention, embed, layerNorm, project, splitHeads, Weights } from './ops.ts';
import type { NamedTensor } from './safetensors.ts';

const gelu = (x: tf.Tensor) => x.mul(0.5).mul(tf.tanh(x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1));

export function gpt2(config: Gpt2Config, tensors: ReadonlyMap<string, NamedTensor>, file: string): CausalLM {
  const { vocab_size: vocab, n_positions: context, n_embd: d, n_layer: layers, n_head: heads } = config;
  if (d % heads !== 0) throw new Error(`${file}: n_embd (${d}) is not a multiple of n_head (${heads})`);
  const inner = config.n_inner ?? 4 * d;
  const eps = config.layer_norm_epsilon ?? 1e-5;
  const w = new Weights(tensors, file, 'transformer.');
  const vec = (name: string, n: number) => w.get(name, [n]) as unknown as tf.Tensor1D;
  const mat = (name: string, rows: number, cols: number) => w.matrix(name, rows, cols);
  const wte = w.get('wte.weight', [vocab, d]) as unknown as tf.Tensor2D;
  const wpe = w.get('wpe.weight', [context, d]) as unknown as tf.Tensor2D;
  const blocks = Array.from({ length: layers }, (_, i) => {
    const p = `h.${i}.`;
    return {
      ln1: [vec(`${p}ln_1.weight`, d), vec(`${p}ln_1.bias`, d)] as const,
      qkv: [mat(`${p}attn.c_attn.weight`, d, 3 * d), vec(`${p}attn.c_attn.bias`, 3 * d)] as const,
      out: [mat(`${p}attn.c_proj.weight`, d, d), vec(`${p}attn.c_proj.bias`, d)] as const,
      ln2: [vec(`${p}ln_2.weight`, d), vec(`${p}ln_2.bias`, d)] as const,
      up: [mat(`${p}mlp.c_fc.weight`, d, inner), vec(`${p}mlp.c_fc.bias`, inner)] as const,
      down: [mat(`${p}mlp.c_proj.weight`, inner, d), vec(`${p}mlp.c_proj.bias`, d)] as const,
    };
  });
  const lnf = [vec('ln_f.weight', d), vec('ln_f.bias', d)] as const;
  const tied = config.tie_word_embeddings ?? true;
  const head = tied ? undefined : (w.get('lm_head.weight', [vocab, d]) as unknown as tf.Tensor2D);

  return {
    family: 'gpt2',
    vocab,
    context,
    weights: w.variables,
    adapters: w.adapters,
    logits(ids) {
      return this.extend(ids).logits;
    },
    extend(ids, past) {
      const [, time] = ids.shape;
      const offset = past?.length ?? 0;
      if (offset + time > context) throw new Error(`GPT-2 reads at most ${context} tokens at once; got ${offset + time}`);
      let h: tf.Tensor = embed(wte, ids).add(wpe.slice([offset, 0], [time, d]));
      const cache: KvCache = { length: offset + time, layers: [] };
      blocks.forEach((b, i) => {
        const qkv = project(layerNorm(h, ...b.ln1, eps), b.qkv[0](), b.qkv[1]);
        const [q, k, v] = tf.split(qkv, 3, -1).map((x) => splitHeads(x, heads));
        const kv = appendKv(past, i, k!, v!);
        cache.layers.push(kv);
        h = h.add(project(causalAttention(q!, kv.k, kv.v), b.out[0](), b.out[1]));
        h = h.add(project(gelu(project(layerNorm(h, ...b.ln2, eps), b.up[0](), b.up[1])), b.down[0](), b.down[1]));
      });
      return { logits: project(layerNorm(h, ...lnf, eps), head ?? wte, undefined, true) as tf.Tensor3D, cache };
    },
  };
}
