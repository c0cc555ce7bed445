/**
 * Commonplace's character transformer as a LanguageModel: one token per
 * character, works joined with the boundary symbol, generation through the
 * decoder (decoder.ts), on the worker pool when there is one.
 */
import type * as tf from '@tensorflow/tfjs';
import { tokenStream } from './data.ts';
import { Decoder } from './decoder.ts';
import { type Decoding, pickerFor } from './generate.ts';
import type { LanguageModel, Trainable } from './language-model.ts';
import { countParams, flopsPerToken } from './model.ts';
import { modelFiles } from './model-io.ts';
import type { WorkerPool } from './parallel/pool.ts';
import type { TrainingProfile } from '../schemas/index.ts';
import { BOUNDARY, type Tokenizer } from './tokenizer.ts';

/** Ids generation never writes: unknown and boundary. */
const BANNED = [0, 1];

/** The network's logits and trainable weights: all a training step (or a worker) needs. */
export function charNetwork(net: tf.LayersModel, vocab: number): Trainable {
  return {
    vocab,
    logits: (ids, training = false) => (training ? net.apply(ids, { training: true }) : net.predict(ids)) as tf.Tensor3D,
    trainable: net.trainableWeights.map((w) => w.read() as tf.Variable),
  };
}

export interface CharModelOptions {
  /** The network's shape: its window, and what its cost per token is figured from. */
  shape: Pick<TrainingProfile, 'layers' | 'dModel' | 'context'>;
  /** Threads that share the audit's batches (and the training steps' micro-batches). */
  pool?: WorkerPool;
  /** Prompts continued together (default 128). */
  batch?: number;
}

export function charModel(net: tf.LayersModel, tokenizer: Tokenizer, o: CharModelOptions): LanguageModel & { net: tf.LayersModel; tokenizer: Tokenizer } {
  const { context } = o.shape;
  return {
    ...charNetwork(net, tokenizer.size),
    net,
    tokenizer,
    architecture: 'char-transformer',
    context,
    parameters: countParams(net),
    flopsPerToken: flopsPerToken(o.shape, tokenizer.size),
    stream: (texts) => tokenStream(texts, tokenizer),
    encodeWork: (text) => tokenizer.encode(`${BOUNDARY}${text}${BOUNDARY}`),
    characters: (_text, ids) => ids.length - 1,
    continue: async (prompts, chars, decoding, onDone) => continueChars(net, tokenizer, prompts, chars, decoding, { ...o, onDone }),
    save: async () => {
      return { files: await modelFiles(net, tokenizer.toJson()), weightsFile: 'weights.bin' };
    },
  };
}

/** Batches of prompts of one encoded length (a batch's prompts must encode to the same length), shortest first. */
function batchesOf(encoded: readonly number[][], size: number): number[][] {
  const byLength = new Map<number, number[]>();
  encoded.forEach((ids, i) => byLength.set(ids.length, [...(byLength.get(ids.length) ?? []), i]));
  const out: number[][] = [];
  for (const group of [...byLength.keys()].sort((a, b) => a - b).map((k) => byLength.get(k)!)) {
    for (let i = 0; i < group.length; i += size) out.push(group.slice(i, i + size));
  }
  return out;
}

async function continueChars(
  net: tf.LayersModel,
  tokenizer: Tokenizer,
  prompts: readonly string[],
  chars: number,
  decoding: Decoding,
  o: CharModelOptions & { onDone?: (n: number) => void },
): Promise<string[]> {
  // Each prompt opens a new work, as the model saw works in training.
  const encoded = prompts.map((p) => Array.from(tokenizer.encode(`${BOUNDARY}${p}`)));
  const batches = batchesOf(encoded, o.batch ?? 128);
  const seqs = batches.map((b) => b.map((i) => encoded[i]!));
  const onDone = o.onDone ?? (() => {});
  let written: number[][][];
  if (decoding.kind === 'greedy' && o.pool) written = await o.pool.greedy(net, seqs, { context: o.shape.context, length: chars, banned: BANNED, onBatch: onDone });
  else {
    const decoder = new Decoder(net, o.shape.context);
    written = [];
    for (const [b, batch] of batches.entries()) {
      const pickers = batch.map((i) => pickerFor(decoding.kind === 'sample' ? { ...decoding, seed: decoding.seed + i } : decoding, BANNED));
      written.push(decoding.kind === 'greedy' ? await decoder.greedy(seqs[b]!, chars, BANNED) : await decoder.continue(seqs[b]!, chars, (logits, row) => pickers[row]!(logits)));
      onDone(batch.length);
    }
  }
  // One symbol per character: `chars` symbols are `chars` characters.
  const out: string[] = new Array(prompts.length);
  batches.forEach((batch, b) => batch.forEach((i, j) => (out[i] = tokenizer.decode(written[b]![j]!))));
  return out;
}
