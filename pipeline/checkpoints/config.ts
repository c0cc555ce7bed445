/**
 * The part of a Hugging Face `config.json` the loader reads, for the two
 * decoder families that cover small open models: GPT-2 (distilgpt2, gpt2) and
 * Llama (SmolLM2, Pleias-Pico and the like). Other keys are allowed and
 * ignored; anything that would change the computation and is not implemented
 * (rotary scaling, biases where Llama has none, another activation) is
 * refused by name rather than silently computed differently.
 */
import { Type, type Static } from '@sinclair/typebox';
import { validateRecord } from '../schemas/index.ts';
import { CheckpointError } from './safetensors.ts';

const size = (description: string) => Type.Integer({ minimum: 1, maximum: 1_000_000, description });

export const Gpt2Config = Type.Object(
  {
    model_type: Type.Literal('gpt2', { description: 'The GPT-2 family.' }),
    vocab_size: size('Tokens in the vocabulary.'),
    n_positions: size('Longest context, in tokens (learned position embeddings).'),
    n_embd: size('Width of the residual stream.'),
    n_layer: size('Transformer blocks.'),
    n_head: size('Attention heads.'),
    n_inner: Type.Optional(Type.Union([size('Width of the feed-forward layer.'), Type.Null()], { description: 'Width of the feed-forward layer (null: 4 × n_embd).' })),
    activation_function: Type.Optional(Type.Union([Type.Literal('gelu_new'), Type.Literal('gelu_pytorch_tanh')], { description: 'GELU, tanh approximation.' })),
    layer_norm_epsilon: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'LayerNorm epsilon.' })),
    tie_word_embeddings: Type.Optional(Type.Boolean({ description: 'Whether the output layer is the token embedding.' })),
    scale_attn_weights: Type.Optional(Type.Literal(true, { description: 'Attention scores divided by √(head width) (the only variant read).' })),
    scale_attn_by_inverse_layer_idx: Type.Optional(Type.Literal(false, { description: 'Not implemented; must be false.' })),
    reorder_and_upcast_attn: Type.Optional(Type.Boolean({ description: 'A numerical detail of attention in float16; float32 here either way.' })),
  },
  { description: 'A GPT-2 config.json, as far as the loader reads it.' },
);
export type Gpt2Config = Static<typeof Gpt2Config>;

export const LlamaConfig = Type.Object(
  {
    model_type: Type.Literal('llama', { description: 'The Llama family.' }),
    vocab_size: size('Tokens in the vocabulary.'),
    hidden_size: size('Width of the residual stream.'),
    intermediate_size: size('Width of the SwiGLU feed-forward layer.'),
    num_hidden_layers: size('Transformer blocks.'),
    num_attention_heads: size('Query heads.'),
    num_key_value_heads: Type.Optional(size('Key/value heads (grouped-query attention); default: as many as query heads.')),
    head_dim: Type.Optional(size('Width of one head; default hidden_size / num_attention_heads.')),
    max_position_embeddings: size('Longest context, in tokens.'),
    rms_norm_eps: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'RMSNorm epsilon.' })),
    rope_theta: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Base of the rotary position frequencies.' })),
    rope_scaling: Type.Optional(Type.Null({ description: 'Rotary scaling is not implemented; must be null or absent.' })),
    hidden_act: Type.Optional(Type.Literal('silu', { description: 'SwiGLU with SiLU (the only variant read).' })),
    attention_bias: Type.Optional(Type.Literal(false, { description: 'Biases on the attention projections are not implemented.' })),
    mlp_bias: Type.Optional(Type.Literal(false, { description: 'Biases on the feed-forward projections are not implemented.' })),
    tie_word_embeddings: Type.Optional(Type.Boolean({ description: 'Whether the output layer is the token embedding.' })),
  },
  { description: 'A Llama config.json, as far as the loader reads it.' },
);
export type LlamaConfig = Static<typeof LlamaConfig>;

export type CheckpointConfig = { family: 'gpt2'; config: Gpt2Config } | { family: 'llama'; config: LlamaConfig };

/** The family and config of a parsed `config.json` (`file` is its path, for messages). */
export function readConfig(data: unknown, file: string): CheckpointConfig {
  const type = (data as { model_type?: unknown } | null)?.model_type;
  const check = <T>(schema: Parameters<typeof validateRecord>[0], family: 'gpt2' | 'llama') => {
    const r = validateRecord(schema, data, { file });
    if (!r.ok) throw new CheckpointError(file, r.problems.map((p) => p.message).join('; '), `this ${family} checkpoint uses something the loader does not implement, or its config.json is damaged`);
    return r.value as T;
  };
  if (type === 'gpt2') return { family: 'gpt2', config: check<Gpt2Config>(Gpt2Config, 'gpt2') };
  if (type === 'llama') return { family: 'llama', config: check<LlamaConfig>(LlamaConfig, 'llama') };
  throw new CheckpointError(file, `names model_type ${JSON.stringify(type)}`, 'Commonplace loads the "gpt2" and "llama" families; pick a checkpoint of one of them');
}
