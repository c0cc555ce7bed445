/**
 * Keeping the best step: a member's own model is scored on the member's held-out works as it
 * starts (the shared model) and at every checkpoint of its training, and the weights that did
 * best are the ones kept, the starting point included. An allotment is then never published
 * worse on the member's writing than the model it started from; when no step beat the start,
 * the model kept is the start itself, and its card says so.
 */
import * as tf from '@tensorflow/tfjs';
import type { BestSoFar } from './checkpoint.ts';
import { evaluateWith, type Scorer } from './evaluate.ts';
import type { AuditWork } from './audit.ts';

export class BestStep {
  private best: BestSoFar;

  constructor(
    private readonly model: Scorer & { trainable: readonly tf.Variable[]; context: number },
    private readonly validation: readonly AuditWork[],
    /** The starting point (step 0) and its score, or what a resumed run had kept. */
    start: BestSoFar,
  ) {
    this.best = start;
  }

  /** The starting point: the model's weights as they are now, and its held-out score. */
  static async atStart(model: Scorer & { trainable: readonly tf.Variable[]; context: number }, bitsPerChar: number): Promise<BestSoFar> {
    return { step: 0, bitsPerChar, weights: await snapshot(model.trainable) };
  }

  /** Score the weights after `step`; keep them when they beat every earlier step. */
  async check(step: number): Promise<void> {
    const bitsPerChar = (await evaluateWith(this.model, this.validation, this.model.context)).overall.bitsPerChar;
    if (bitsPerChar < this.best.bitsPerChar) this.best = { step, bitsPerChar, weights: await snapshot(this.model.trainable) };
  }

  get kept(): BestSoFar {
    return this.best;
  }

  /** Score the final weights (step `last`); when an earlier step did better, put its weights back. Returns the step kept. */
  async finish(last: number): Promise<number> {
    await this.check(last);
    if (this.best.step === last) return last;
    this.model.trainable.forEach((v, i) => {
      const values = tf.tensor(this.best.weights[i]!, v.shape, 'float32');
      v.assign(values);
      values.dispose();
    });
    return this.best.step;
  }
}

const snapshot = async (variables: readonly tf.Variable[]) => Promise.all(variables.map(async (v) => ((await v.data()) as Float32Array).slice()));
