/**
 * Low-rank adapters (LoRA, Hu et al. 2021) on a loaded checkpoint: each chosen
 * matrix W gets two small trainable matrices, B (rows × rank, starting at zero)
 * and A (rank × cols, small random), and the forward pass uses
 * W + (alpha / rank) · B·A. Training only A and B leaves the model as loaded
 * untouched, and the adapter is a file of its own, a small fraction of a full
 * copy: the shape a member's own model (an allotment) can take over a shared one.
 *
 * Saved as safetensors: `<weight name>.lora_A` and `.lora_B`, with rank, alpha
 * and the family in the metadata. (Not PEFT's naming: GPT-2's matrices are
 * stored [in, out], and B·A here always has the stored matrix's shape.)
 */
import * as tf from '@tensorflow/tfjs';
import type { CausalLM } from './model.ts';
import { CheckpointError, readSafetensors, writeSafetensors } from './safetensors.ts';

export interface LoraConfig {
  rank: number;
  /** Scale of the adapter's contribution: alpha / rank. */
  alpha: number;
  /** Matrices whose names end with one of these get an adapter, e.g. "self_attn.q_proj.weight", "attn.c_attn.weight". */
  targets: readonly string[];
  seed: number;
}

/** The policy asks for adapters on matrices this model does not have. */
export class AdapterTargetError extends Error {
  constructor(
    readonly family: string,
    readonly targets: readonly string[],
    readonly available: readonly string[],
  ) {
    super(`no matrix of this ${family} model ends with ${targets.join(' or ')}`);
    this.name = 'AdapterTargetError';
  }
}

/** Attach adapters to every target matrix of `model`; returns their names. Logits are unchanged until they train (B starts at zero). */
export function attachLora(model: CausalLM, config: LoraConfig): string[] {
  if (!Number.isInteger(config.rank) || config.rank < 1) throw new Error(`a LoRA rank is a whole number of at least 1, not ${config.rank}`);
  const names = [...model.weights.keys()].filter((n) => model.weights.get(n)!.rank === 2 && config.targets.some((t) => n.endsWith(t))).sort();
  if (names.length === 0) {
    // What the targets could be: the distinct ends of the model's matrix names, layer numbers dropped.
    const ends = [...new Set([...model.weights.keys()].filter((n) => model.weights.get(n)!.rank === 2).map((n) => n.replace(/^.*\.\d+\./, '')))].sort();
    throw new AdapterTargetError(model.family, config.targets, ends);
  }
  names.forEach((name, i) => {
    const [rows, cols] = model.weights.get(name)!.shape as [number, number];
    const a = tf.variable(tf.randomNormal([config.rank, cols], 0, 1 / Math.sqrt(cols), 'float32', config.seed + i), true);
    const b = tf.variable(tf.zeros([rows, config.rank]), true);
    model.adapters.get(name)?.a.dispose();
    model.adapters.get(name)?.b.dispose();
    model.adapters.set(name, { a, b, scale: config.alpha / config.rank });
  });
  return names;
}

/** The adapters' trainable variables (what an optimiser should update, and nothing else). */
export function loraVariables(model: CausalLM): tf.Variable[] {
  return [...model.adapters.values()].flatMap((x) => [x.a, x.b]);
}

/** Numbers the adapters hold. */
export function loraParameterCount(model: CausalLM): number {
  return loraVariables(model).reduce((n, v) => n + v.size, 0);
}

/** The adapters as a safetensors file. */
export async function saveLora(model: CausalLM): Promise<Uint8Array> {
  const tensors = new Map<string, { shape: number[]; values: Float32Array }>();
  let scale = 1;
  let rank = 0;
  for (const [name, x] of model.adapters) {
    tensors.set(`${name}.lora_A`, { shape: x.a.shape, values: (await x.a.data()) as Float32Array });
    tensors.set(`${name}.lora_B`, { shape: x.b.shape, values: (await x.b.data()) as Float32Array });
    scale = x.scale;
    rank = x.a.shape[0]!;
  }
  return writeSafetensors(tensors, { format: 'commonplace-lora', family: model.family, rank: String(rank), alpha: String(scale * rank) });
}

/**
 * Fold every adapter into the matrix it sits on (W ← W + scale · B·A) and drop it: the model
 * then computes what it computed with the adapters, as a plain checkpoint (the start of a
 * member's model over a shared model that is itself an adapter over the base).
 */
export function mergeLora(model: CausalLM): void {
  for (const [name, x] of model.adapters) {
    const w = model.weights.get(name)!;
    const merged = tf.tidy(() => w.add(tf.matMul(x.b, x.a).mul(x.scale)));
    w.assign(merged);
    merged.dispose();
    x.a.dispose();
    x.b.dispose();
  }
  model.adapters.clear();
}

/** Put the adapters saved in `bytes` (the file `file`) on `model`, which must be the model they were trained on. */
export function loadLora(model: CausalLM, bytes: Uint8Array, file: string): string[] {
  const tensors = readSafetensors(bytes, file);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true))))) as { __metadata__?: Record<string, string> };
  const meta = header.__metadata__ ?? {};
  if (meta.format !== 'commonplace-lora' || meta.family !== model.family)
    throw new CheckpointError(file, `is not an adapter for a ${model.family} model`, 'use the adapter file saved with this base model');
  const scale = Number(meta.alpha) / Number(meta.rank);
  const names: string[] = [];
  for (const [key, t] of tensors) {
    if (!key.endsWith('.lora_A')) continue;
    const name = key.slice(0, -'.lora_A'.length);
    const w = model.weights.get(name);
    const b = tensors.get(`${name}.lora_B`);
    if (!w || !b || t.shape[1] !== w.shape[1] || b.shape[0] !== w.shape[0] || b.shape[1] !== t.shape[0]) {
      throw new CheckpointError(file, `has an adapter for "${name}" that does not fit this model`, 'use the adapter file saved with this base model');
    }
    model.adapters.set(name, { a: tf.variable(tf.tensor2d(t.values, t.shape as [number, number]), true), b: tf.variable(tf.tensor2d(b.values, b.shape as [number, number]), true), scale });
    names.push(name);
  }
  return names;
}
