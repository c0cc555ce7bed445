/** SmolLM2-135M's layout with random weights: big enough to test what a real fine-tune needs of a backend (bench/checkpoints.ts, webgpu.test.ts). */
import type { LlamaConfig } from '../checkpoints/config.ts';
import type { NamedTensor } from '../checkpoints/safetensors.ts';

/** SmolLM2-135M's shape (its config.json), with random weights. */
export const SMOL_135M: LlamaConfig = {
  model_type: 'llama',
  vocab_size: 49152,
  hidden_size: 576,
  intermediate_size: 1536,
  num_hidden_layers: 30,
  num_attention_heads: 9,
  num_key_value_heads: 3,
  max_position_embeddings: 2048,
  rms_norm_eps: 1e-5,
  rope_theta: 100000,
  tie_word_embeddings: true,
};

/** Its weights: seeded, small and uniform (a layout to time and check, not a model). */
export function randomTensors(c: LlamaConfig): Map<string, NamedTensor> {
  const d = c.hidden_size;
  const width = d / c.num_attention_heads;
  const kv = (c.num_key_value_heads ?? c.num_attention_heads) * width;
  const shapes: Array<[string, number[]]> = [
    ['model.embed_tokens.weight', [c.vocab_size, d]],
    ['model.norm.weight', [d]],
  ];
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const p = `model.layers.${i}.`;
    shapes.push(
      [`${p}input_layernorm.weight`, [d]],
      [`${p}post_attention_layernorm.weight`, [d]],
      [`${p}self_attn.q_proj.weight`, [d, d]],
      [`${p}self_attn.k_proj.weight`, [kv, d]],
      [`${p}self_attn.v_proj.weight`, [kv, d]],
      [`${p}self_attn.o_proj.weight`, [d, d]],
      [`${p}mlp.gate_proj.weight`, [c.intermediate_size, d]],
      [`${p}mlp.up_proj.weight`, [c.intermediate_size, d]],
      [`${p}mlp.down_proj.weight`, [d, c.intermediate_size]],
    );
  }
  let seed = 1;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.04;
  return new Map(shapes.map(([name, shape]) => [name, { shape, stored: 'BF16' as const, values: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, next) }]));
}
