/**
 * An open checkpoint (GPT-2 or Llama, whole or with adapters) as a
 * LanguageModel, over the checkpoint's own tokens. Works are joined with the
 * end-of-text token, as the character models join them with their boundary
 * symbol; every prompt starts after one. Bits per character count the
 * characters of the text, not tokens, so a checkpoint and a character model
 * are compared on one scale. No files: the try page runs this in the browser.
 */
import * as tf from '@tensorflow/tfjs';
import { type Decoding, pickerFor } from './generate.ts';
import type { LanguageModel } from './language-model.ts';
import type { Checkpoint } from '../checkpoints/load.ts';
import { loraVariables, saveLora } from '../checkpoints/lora.ts';
import { type CausalLM, type KvCache, parameterCount } from '../checkpoints/model.ts';
import { writeSafetensors } from '../checkpoints/safetensors.ts';

/** The checkpoint's tokenizer as the pipeline uses it: plain text in, ids out, no special tokens added. */
export class CheckpointText {
  constructor(private readonly checkpoint: Pick<Checkpoint, 'tokenizer' | 'eos' | 'special'>) {}

  get eos(): number {
    return this.checkpoint.eos;
  }

  encode(text: string): Int32Array {
    return Int32Array.from(this.checkpoint.tokenizer.encode(text, { add_special_tokens: false }).ids);
  }

  decode(ids: ArrayLike<number>): string {
    return this.checkpoint.tokenizer.decode(Array.from(ids), { skip_special_tokens: true });
  }

  /** Works joined into one stream, each followed by the end-of-text token. */
  stream(texts: readonly string[]): Int32Array {
    const parts = texts.map((t) => this.encode(t));
    const out = new Int32Array(parts.reduce((n, p) => n + p.length + 1, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      out[at + p.length] = this.eos;
      at += p.length + 1;
    }
    return out;
  }

  /** How a held-out work is scored: end-of-text, the work, end-of-text. */
  encodeWork(text: string): Int32Array {
    return Int32Array.from([this.eos, ...this.encode(text), this.eos]);
  }

  /** Special tokens generation never writes. */
  get banned(): readonly number[] {
    return this.checkpoint.special;
  }
}

/**
 * Continue each prompt (read as the opening of a new work) by at least
 * `chars` characters, or until `chars` tokens are written; returns exactly
 * `chars` characters when there are that many. Prompts that encode to the
 * same length run as one batch; when sampling, prompt i draws from seed + i.
 * Each token after the first is read with the keys and values of the tokens
 * before it (a key/value cache) while the text fits the window; past it, the
 * window slides and is read whole each token, as without a cache.
 */
export async function continueCheckpoint(
  model: CausalLM,
  text: CheckpointText,
  prompts: readonly string[],
  chars: number,
  context: number,
  decoding: Decoding,
  onDone?: (n: number) => void,
  /** Off, every token reads the whole window again: what the cached reading must equal. */
  { keyValueCache = true }: { keyValueCache?: boolean } = {},
): Promise<string[]> {
  const out: string[] = new Array(prompts.length);
  const groups = new Map<number, number[]>();
  const encoded = prompts.map((p) => [text.eos, ...text.encode(p)]);
  encoded.forEach((ids, i) => groups.set(ids.length, [...(groups.get(ids.length) ?? []), i]));
  for (const members of groups.values()) {
    const seqs = members.map((i) => [...encoded[i]!]);
    const start = seqs[0]!.length;
    const pickers = members.map((i) => pickerFor(decoding.kind === 'sample' ? { ...decoding, seed: decoding.seed + i } : decoding, text.banned));
    const written = () => seqs.map((s) => text.decode(s.slice(start)));
    const reader = new CachedReader(model, context, keyValueCache);
    try {
      for (let n = 0; n < chars; n++) {
        const rows = await reader.next(seqs);
        seqs.forEach((s, j) => s.push(pickers[j]!(rows.subarray(j * model.vocab, (j + 1) * model.vocab))));
        if ((n + 1) % 16 === 0 && written().every((w) => [...w].length >= chars)) break;
      }
    } finally {
      reader.dispose();
    }
    written().forEach((w, j) => (out[members[j]!] = [...w].slice(0, chars).join('')));
    onDone?.(members.length);
  }
  return out;
}

/** The next token's logits for sequences of one length, [batch × vocab], reading only what is new since the last call while it can. */
class CachedReader {
  private cache: KvCache | undefined;

  constructor(
    private readonly model: CausalLM,
    private readonly context: number,
    private readonly cached: boolean,
  ) {}

  async next(seqs: readonly number[][]): Promise<Float32Array> {
    const length = seqs[0]!.length;
    const fits = this.cached && length <= this.context;
    const fresh = fits && this.cache !== undefined && this.cache.length === length - 1;
    const width = fresh ? 1 : Math.min(this.context, length);
    const [last, ...kv] = tf.tidy(() => {
      const x = tf.tensor2d(
        seqs.map((s) => s.slice(-width)),
        [seqs.length, width],
        'int32',
      );
      const read = this.model.extend(x, fresh ? this.cache : undefined);
      const logits = read.logits.slice([0, width - 1, 0], [seqs.length, 1, this.model.vocab]).reshape([seqs.length, this.model.vocab]);
      return [logits, ...(fits ? read.cache.layers.flatMap((l) => [l.k, l.v]) : [])];
    });
    this.dispose();
    if (fits) this.cache = { length, layers: Array.from({ length: kv.length / 2 }, (_, i) => ({ k: kv[2 * i] as tf.Tensor4D, v: kv[2 * i + 1] as tf.Tensor4D })) };
    try {
      return (await last.data()) as Float32Array;
    } finally {
      last.dispose();
    }
  }

  dispose(): void {
    if (this.cache) tf.dispose(this.cache.layers.flatMap((l) => [l.k, l.v]));
    this.cache = undefined;
  }
}

/** The model's weights as one safetensors file (float32), under their checkpoint names: with the checkpoint's config and tokenizer, a folder loadCheckpoint reads. */
async function saveWeights(model: CausalLM): Promise<Uint8Array> {
  const tensors = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const name of [...model.weights.keys()].sort()) {
    const v = model.weights.get(name)!;
    tensors.set(name, { shape: v.shape, values: (await v.data()) as Float32Array });
  }
  return writeSafetensors(tensors, { format: 'pt', 'written-by': 'commonplace' });
}

/** Forward-pass FLOPs per token of the matrix products (2 per multiply-add), position tables aside. */
function checkpointFlopsPerToken(model: CausalLM): number {
  // The input embedding is a lookup, not a product, unless it doubles as the output layer (tied).
  const untied = model.weights.has('lm_head.weight');
  let n = 0;
  for (const [name, v] of model.weights) if (v.rank === 2 && !name.endsWith('wpe.weight') && !(untied && /(wte|embed_tokens)\.weight$/.test(name))) n += v.size;
  return 2 * n;
}

export interface CheckpointModelOptions {
  /** The window to train and run at: at most the checkpoint's own. */
  context: number;
  /** Train only the adapters attached to it (lora.ts attachLora), and save only them. */
  adapters?: boolean;
}

/** The file a model that is an adapter saves its weights in. */
export const ADAPTER_FILE = 'adapter.safetensors';

/** A loaded checkpoint as a LanguageModel: every weight trains, or only its adapters. */
export function checkpointModel(checkpoint: Pick<Checkpoint, 'model' | 'tokenizer' | 'eos' | 'special'>, o: CheckpointModelOptions): LanguageModel {
  const { model } = checkpoint;
  if (o.context > model.context) throw new Error(`training.base.context is ${o.context} tokens, longer than this checkpoint's ${model.context}: lower it in governance/policy.yaml`);
  const text = new CheckpointText(checkpoint);
  return {
    architecture: model.family,
    vocab: model.vocab,
    context: o.context,
    parameters: parameterCount(model),
    flopsPerToken: checkpointFlopsPerToken(model),
    logits: (ids) => model.logits(ids),
    trainable: o.adapters ? loraVariables(model) : [...model.weights.values()],
    stream: (texts) => text.stream(texts),
    encodeWork: (work) => text.encodeWork(work),
    // Per character of the work and its ending, as the character models count.
    characters: (work) => [...work].length + 1,
    continue: async (prompts, chars, decoding, onDone) => continueCheckpoint(model, text, prompts, chars, o.context, decoding, onDone),
    save: async () => {
      const name = o.adapters ? ADAPTER_FILE : 'model.safetensors';
      const bytes = o.adapters ? await saveLora(model) : await saveWeights(model);
      return { files: new Map([[name, bytes]]), weightsFile: name };
    },
  };
}
