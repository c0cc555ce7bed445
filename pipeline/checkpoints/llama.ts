/**
 * Llama in TF.js, as Hugging Face's modeling_llama.py computes it: RMSNorm,
 * rotary positions (the rotate-half layout), grouped-query attention (each
 * key/value head serves num_attention_heads / num_key_value_heads query heads
 * in turn), a SwiGLU feed-forward layer, no biases. Linear weights are stored
 * [out, in], so they multiply transposed.
 */
import * as tf from '@tensorflow/tfjs';
import type { LlamaConfig } from './config.ts';
import { appendKv, type CausalLM, type KvCache } from './model.ts';
import { causalAttention, embed, project, rmsNorm, Weights } from './ops.ts';
import type { NamedTensor } from './safetensors.ts';

/** cos and sin of the rotation of positions offset … offset + time − 1, [time, width], as modeling_llama.py lays them out. */
function rotary(time: number, width: number, theta: number, offset = 0): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
  const half = width / 2;
  const angles = new Float32Array(time * width);
  for (let t = 0; t < time; t++) {
    for (let i = 0; i < half; i++) {
      const a = (offset + t) / theta ** ((2 * i) / width);
      angles[t * width + i] = a;
      angles[t * width + half + i] = a;
    }
  }
  const emb = tf.tensor2d(angles, [time, width]);
  return { cos: tf.cos(emb), sin: tf.sin(emb) };
}

/** x·cos + rotate_half(x)·sin, where rotate_half swaps the halves and negates the second. */
function rotate(x: tf.Tensor4D, cos: tf.Tensor2D, sin: tf.Tensor2D): tf.Tensor4D {
  const half = x.shape[3] / 2;
  const [a, b] = tf.split(x, [half, half], 3);
  return x.mul(cos).add(tf.concat([b!.neg(), a!], 3).mul(sin));
}

export function llama(config: LlamaConfig, tensors: ReadonlyMap<string, NamedTensor>, file: string): CausalLM {
  const { vocab_size: vocab, hidden_size: d, intermediate_size: inner, num_hidden_layers: layers, num_attention_heads: heads } = config;
  const kvHeads = config.num_key_value_heads ?? heads;
  if (heads % kvHeads !== 0) throw new Error(`${file}: num_attention_heads (${heads}) is not a multiple of num_key_value_heads (${kvHeads})`);
  const width = config.head_dim ?? d / heads;
  if (!Number.isInteger(width) || width % 2 !== 0) throw new Error(`${file}: the head width (${width}) must be an even whole number`);
  const eps = config.rms_norm_eps ?? 1e-6;
  const theta = config.rope_theta ?? 10000;
  const context = config.max_position_embeddings;
  const w = new Weights(tensors, file);
  const vec = (name: string, n: number) => w.get(name, [n]) as unknown as tf.Tensor1D;
  const mat = (name: string, rows: number, cols: number) => w.matrix(name, rows, cols);
  const table = w.get('model.embed_tokens.weight', [vocab, d]) as unknown as tf.Tensor2D;
  const blocks = Array.from({ length: layers }, (_, i) => {
    const p = `model.layers.${i}.`;
    return {
      norm1: vec(`${p}input_layernorm.weight`, d),
      q: mat(`${p}self_attn.q_proj.weight`, heads * width, d),
      k: mat(`${p}self_attn.k_proj.weight`, kvHeads * width, d),
      v: mat(`${p}self_attn.v_proj.weight`, kvHeads * width, d),
      o: mat(`${p}self_attn.o_proj.weight`, d, heads * width),
      norm2: vec(`${p}post_attention_layernorm.weight`, d),
      gate: mat(`${p}mlp.gate_proj.weight`, inner, d),
      up: mat(`${p}mlp.up_proj.weight`, inner, d),
      down: mat(`${p}mlp.down_proj.weight`, d, inner),
    };
  });
  const norm = vec('model.norm.weight', d);
  // Tied checkpoints (SmolLM2) store no lm_head; untied ones must.
  const tied = config.tie_word_embeddings ?? !w.has('lm_head.weight');
  const head = tied ? table : (w.get('lm_head.weight', [vocab, d]) as unknown as tf.Tensor2D);
  const repeats = heads / kvHeads;

  return {
    family: 'llama',
    vocab,
    context,
    weights: w.variables,
    adapters: w.adapters,
    logits(ids) {
      return this.extend(ids).logits;
    },
    extend(ids, past) {
      const [batch, time] = ids.shape;
      const offset = past?.length ?? 0;
      const total = offset + time;
      if (total > context) throw new Error(`this Llama model reads at most ${context} tokens at once; got ${total}`);
      const { cos, sin } = rotary(time, width, theta, offset);
      const split = (x: tf.Tensor, n: number) => x.reshape([batch, time, n, width]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
      // Key/value head j serves query heads j·repeats … j·repeats + repeats − 1 (repeat_interleave), kept at rank 4.
      const share = (x: tf.Tensor4D) =>
        repeats === 1
          ? x
          : (x
              .reshape([batch, kvHeads, 1, total * width])
              .tile([1, 1, repeats, 1])
              .reshape([batch, heads, total, width]) as tf.Tensor4D);
      let h: tf.Tensor = embed(table, ids);
      const cache: KvCache = { length: total, layers: [] };
      blocks.forEach((b, i) => {
        const x = rmsNorm(h, b.norm1, eps);
        const q = rotate(split(project(x, b.q(), undefined, true), heads), cos, sin);
        const kv = appendKv(past, i, rotate(split(project(x, b.k(), undefined, true), kvHeads), cos, sin), split(project(x, b.v(), undefined, true), kvHeads));
        cache.layers.push(kv);
        h = h.add(project(causalAttention(q, share(kv.k), share(kv.v)), b.o(), undefined, true));
        const y = rmsNorm(h, b.norm2, eps);
        const gate = project(y, b.gate(), undefined, true);
        h = h.add(project(gate.mul(tf.sigmoid(gate)).mul(project(y, b.up(), undefined, true)), b.down(), undefined, true));
      });
      return { logits: project(rmsNorm(h, norm, eps), head, undefined, true) as tf.Tensor3D, cache };
    },
  };
}
