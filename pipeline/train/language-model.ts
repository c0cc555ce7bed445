/**
 * What every model the pipeline trains is, to the loop, the assessment and the
 * card: Commonplace's character transformer (char-model.ts) and an open
 * checkpoint, GPT-2 or Llama, whole or with adapters (checkpoint-model.ts),
 * both implement it. Training, evaluation, samples, the memorisation audit and
 * the card are written once, over this.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Decoding } from './generate.ts';

/** What a training step needs: logits with their gradient, and the variables the step changes. */
export interface Trainable {
  vocab: number;
  /** Logits [batch, time, vocab] for token ids [batch, time] (int32); `training` turns dropout on where the model has any. */
  logits(ids: tf.Tensor2D, training?: boolean): tf.Tensor3D;
  /** The variables training changes, in a fixed order: every weight, or only the adapters. */
  trainable: readonly tf.Variable[];
}

export interface LanguageModel extends Trainable {
  /** What the card calls it. */
  architecture: 'char-transformer' | 'gpt2' | 'llama';
  /** The window the model is trained, evaluated and run at, in tokens. */
  context: number;
  /** Numbers in the model's weights. */
  parameters: number;
  /** Forward-pass FLOPs per token of the matrix products (2 per multiply-add). */
  flopsPerToken: number;
  /** Works joined into one training stream, each followed by the end-of-work token. */
  stream(texts: readonly string[]): Int32Array;
  /** A work as ids, the opening end-of-work token and the closing one included: every id after the first is a target. */
  encodeWork(text: string): Int32Array;
  /** Characters a work counts for (bits per character divide by these), whatever the tokens. */
  characters(text: string, ids: Int32Array): number;
  /**
   * Continue each prompt, read as the opening of a new work, by `chars`
   * characters (exactly, when the model writes that many); when sampling,
   * prompt i draws from `seed + i`. `onDone` counts prompts finished.
   */
  continue(prompts: readonly string[], chars: number, decoding: Decoding, onDone?: (n: number) => void): Promise<string[]>;
  /** The model's files (name → bytes), and which of them holds the weights (its sha256 is the card's fingerprint of them). */
  save(): Promise<{ files: Map<string, Uint8Array>; weightsFile: string }>;
}
