/**
 * Generation that computes only what it needs: a key/value cache per layer,
 * so each new symbol costs one position through the blocks, and the output
 * layer (the costliest part with a large vocabulary) runs on the last position
 * only. Depends on nothing but @tensorflow/tfjs and the model's weights, so
 * the pipeline, the audit and the browser demo share it.
 *
 * The model has learned positions up to its context, so once the window is
 * full the cached keys and values (computed at other positions) no longer
 * fit. Then the decoder reads the newest `keep` symbols again from position 0
 * in one batched pass and goes on from there: each prediction sees between
 * `keep` and `context` symbols, and about context/(context - keep) times
 * fewer positions are computed than by re-reading the whole window for every
 * symbol. The default keeps half. `keep` equal to the context slides the
 * window one symbol at a time, exactly as a whole-window pass would.
 *
 * The memorisation audit, the card's samples and the browser demo all decode
 * this way, so the audit measures what the model's readers are shown. (No one
 * decoding is an upper bound on memorisation: on the demo model a sliding
 * window found a longest verbatim run of 12 characters, three-quarter jumps
 * 15, half jumps 17; the sliding window took 8 times as long as half jumps,
 * three-quarter jumps 1.5 times.)
 */
import * as tf from '@tensorflow/tfjs';

interface Block {
  ln1: [tf.Tensor, tf.Tensor];
  wqkv: tf.Tensor2D;
  bqkv: tf.Tensor1D;
  wo: tf.Tensor2D;
  bo: tf.Tensor1D;
  ln2: [tf.Tensor, tf.Tensor];
  w1: tf.Tensor2D;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}

const weightsOf = (model: tf.LayersModel, name: string) => model.getLayer(name).getWeights();

function layerNorm(x: tf.Tensor, [gamma, beta]: [tf.Tensor, tf.Tensor]): tf.Tensor {
  const mean = tf.mean(x, -1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.mul(centred, centred), -1, true);
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
}

function gelu(h: tf.Tensor): tf.Tensor {
  const cube = tf.mul(tf.mul(h, h), h);
  const inner = tf.mul(tf.add(h, tf.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(h, 0.5), tf.add(tf.tanh(inner), 1));
}

/** How the next symbol is picked from the last position's logits. */
export type Picker = (logits: Float32Array, row: number) => number;

/** A decoder reads the model's own weight variables (it copies nothing, so it holds nothing to dispose). */
export class Decoder {
  private readonly vocab: number;
  private readonly dim: number;
  private readonly heads: number;
  private readonly tokens: tf.Tensor2D;
  private readonly positions: tf.Tensor2D;
  private readonly blocks: Block[] = [];
  private readonly lnF: [tf.Tensor, tf.Tensor];
  private readonly head: [tf.Tensor2D, tf.Tensor1D];

  /** `keep`: symbols kept when the window is full (default: half the context). */
  constructor(
    model: tf.LayersModel,
    readonly context: number,
    private readonly keep = Math.max(1, Math.floor(context / 2)),
  ) {
    if (!Number.isInteger(keep) || keep < 1 || keep > context) throw new Error(`Decoder: keep must be a whole number from 1 to the context (${context}), not ${keep}`);
    const [tokens, positions] = weightsOf(model, 'embed') as [tf.Tensor2D, tf.Tensor2D];
    this.tokens = tokens;
    this.positions = positions;
    [this.vocab, this.dim] = tokens.shape;
    const layerCount = model.layers.filter((l) => /^b\d+_attn$/.test(l.name)).length;
    const attnConfig = model.getLayer('b0_attn').getConfig() as { heads: number };
    this.heads = attnConfig.heads;
    for (let i = 0; i < layerCount; i++) {
      const [wqkv, bqkv, wo, bo] = weightsOf(model, `b${i}_attn`) as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
      const [w1, b1, w2, b2] = weightsOf(model, `b${i}_mlp`) as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
      this.blocks.push({ ln1: weightsOf(model, `b${i}_ln1`) as [tf.Tensor, tf.Tensor], wqkv, bqkv, wo, bo, ln2: weightsOf(model, `b${i}_ln2`) as [tf.Tensor, tf.Tensor], w1, b1, w2, b2 });
    }
    this.lnF = weightsOf(model, 'ln_f') as [tf.Tensor, tf.Tensor];
    this.head = weightsOf(model, 'head') as [tf.Tensor2D, tf.Tensor1D];
  }

  /**
   * Run `ids` (batch × time) through the blocks from position `start`, attending
   * to `cache` (per layer, keys and values: batch × heads × past × headDim).
   * Returns the logits of the last position and the cache grown by `time`.
   */
  private forward(ids: tf.Tensor2D, start: number, cache: Array<[tf.Tensor4D, tf.Tensor4D]> | undefined): { logits: tf.Tensor2D; cache: Array<[tf.Tensor4D, tf.Tensor4D]> } {
    return tf.tidy(() => {
      const [batch, time] = ids.shape;
      const h = this.heads;
      const hd = this.dim / h;
      // A row lookup (training multiplies by one-hot vectors instead, for its gradient on wasm: the same rows, exactly).
      let x: tf.Tensor = tf.add(tf.gather(this.tokens, ids.reshape([-1])).reshape([batch, time, this.dim]), this.positions.slice([start, 0], [time, this.dim]));
      const next: Array<[tf.Tensor4D, tf.Tensor4D]> = [];
      this.blocks.forEach((b, layer) => {
        const a = layerNorm(x, b.ln1);
        const qkv = tf.add(tf.matMul(a.reshape([batch * time, this.dim]), b.wqkv), b.bqkv);
        const [q, kNew, vNew] = tf.split(qkv, 3, 1).map((t) => t.reshape([batch, time, h, hd]).transpose([0, 2, 1, 3])) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        const past = cache?.[layer];
        const k = past ? tf.concat([past[0], kNew], 2) : kNew;
        const v = past ? tf.concat([past[1], vNew], 2) : vNew;
        next.push([k, v]);
        const total = k.shape[2];
        let scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd));
        if (time > 1) {
          // Position i of the new ones sees everything cached and the new ones up to itself.
          const mask = tf.linalg.bandPart(tf.ones([time, total]), -1, total - time);
          scores = tf.add(scores, tf.mul(tf.sub(1, mask), -1e9));
        }
        const out = tf
          .matMul(tf.softmax(scores, -1), v)
          .transpose([0, 2, 1, 3])
          .reshape([batch * time, this.dim]);
        x = tf.add(x, tf.add(tf.matMul(out, b.wo), b.bo).reshape([batch, time, this.dim]));
        const m = layerNorm(x, b.ln2).reshape([batch * time, this.dim]);
        x = tf.add(x, tf.add(tf.matMul(gelu(tf.add(tf.matMul(m, b.w1), b.b1)), b.w2), b.b2).reshape([batch, time, this.dim]));
      });
      // Only the last position is read: the output layer runs on one position, not the window.
      const last = x.slice([0, time - 1, 0], [batch, 1, this.dim]).reshape([batch, this.dim]);
      const logits = tf.add(tf.matMul(layerNorm(last, this.lnF), this.head[0]), this.head[1]) as tf.Tensor2D;
      return { logits, cache: next };
    });
  }

  /**
   * Continue each sequence (all of one length) by `length` symbols; `pick`
   * chooses each next symbol from the last position's logits.
   */
  async continue(seqs: readonly number[][], length: number, pick: Picker): Promise<number[][]> {
    return this.run(seqs, length, async (logits) => {
      const data = (await logits.data()) as Float32Array;
      return seqs.map((_, row) => pick(data.subarray(row * this.vocab, (row + 1) * this.vocab), row));
    });
  }

  /**
   * Continue each sequence by `length` symbols, always the likeliest one but
   * never those in `banned`. The choice is made where the logits are, so only
   * the chosen ids come back (with a large vocabulary, most of the cost of
   * reading every logit back).
   */
  async greedy(seqs: readonly number[][], length: number, banned: readonly number[] = []): Promise<number[][]> {
    const mask = tf.tensor1d(Array.from({ length: this.vocab }, (_, i) => (banned.includes(i) ? -Infinity : 0)));
    try {
      return await this.run(seqs, length, async (logits) => {
        const chosen = tf.tidy(() => tf.argMax(tf.add(logits, mask), 1));
        const ids = Array.from(await chosen.data());
        chosen.dispose();
        return ids;
      });
    } finally {
      mask.dispose();
    }
  }

  /** Reads are asynchronous: WebGPU in Node has no synchronous read-back. */
  private async run(seqs: readonly number[][], length: number, choose: (logits: tf.Tensor2D) => Promise<number[]>): Promise<number[][]> {
    const out = seqs.map((s) => [...s]);
    if (out.length === 0 || length === 0) return out.map(() => []);
    const width = out[0]!.length;
    const keep = this.keep;
    let cache: Array<[tf.Tensor4D, tf.Tensor4D]> | undefined;
    let filled = 0;
    let logits: tf.Tensor2D | undefined;
    const prefill = (from: number) => {
      const window = out.map((s) => s.slice(from));
      const ids = tf.tensor2d(window, [window.length, window[0]!.length], 'int32');
      const r = this.forward(ids, 0, undefined);
      ids.dispose();
      return r;
    };
    try {
      // Start from the newest part of the prompts that fits.
      let r = prefill(Math.max(0, width - this.context));
      cache = r.cache;
      logits = r.logits;
      filled = Math.min(width, this.context);
      for (let step = 0; step < length; step++) {
        const symbols = await choose(logits!);
        out.forEach((s, row) => s.push(symbols[row]!));
        if (step === length - 1) break;
        logits.dispose();
        if (filled >= this.context) {
          // The window is full: read the newest `keep` symbols again from position 0.
          for (const [k, v] of cache!) tf.dispose([k, v]);
          r = prefill(out[0]!.length - keep);
          filled = keep;
        } else {
          const ids = tf.tensor2d(
            symbols.map((n) => [n]),
            [symbols.length, 1],
            'int32',
          );
          r = this.forward(ids, filled, cache);
          ids.dispose();
          for (const [k, v] of cache!) tf.dispose([k, v]);
          filled++;
        }
        cache = r.cache;
        logits = r.logits;
      }
    } finally {
      logits?.dispose();
      for (const [k, v] of cache ?? []) tf.dispose([k, v]);
    }
    return out.map((s) => s.slice(width));
  }
}
