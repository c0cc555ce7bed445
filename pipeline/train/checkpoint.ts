/**
 * Checkpoints of any model's training: the variables it trains, the optimizer's moments and the
 * step, so a run that crashed resumes where it stopped and ends with the same weights.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFilesAtomically } from '../fs/index.ts';
import type { OptimizerState } from './optimizer.ts';
import { sha256 } from '../hash/index.ts';

interface CheckpointIndex {
  step: number;
  /** Loss of every step run so far, so a resumed run reports the whole curve. */
  curve: Array<{ step: number; loss: number }>;
  /** Shapes of the tensors in checkpoint.bin, in order: weights, then m, then v. */
  shapes: number[][];
  weights: number;
  /** sha256 of checkpoint.bin: a data file from another save than this index is never resumed from. */
  binSha256: string;
  /** The best step so far on held-out works, when training keeps it (best-step.ts): its weights follow v in checkpoint.bin. */
  best?: { step: number; bitsPerChar: number };
}

/** The step whose weights did best on the held-out works so far, with those weights (one array per trained variable). */
export interface BestSoFar {
  step: number;
  bitsPerChar: number;
  weights: readonly Float32Array[];
}

/** Save a checkpoint into `dir`, replacing any earlier one (the index last, naming its data's sha256). */
export async function saveCheckpoint(dir: string, variables: readonly tf.Variable[], state: OptimizerState, curve: ReadonlyArray<{ step: number; loss: number }>, best?: BestSoFar): Promise<void> {
  const weights = [...variables];
  const tensors = [...weights, ...state.m, ...state.v];
  const arrays = [...(await Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>))), ...(best?.weights ?? [])];
  const bytes = Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  const shapes = [...tensors.map((t) => t.shape), ...(best ? weights.map((w) => w.shape) : [])];
  const index: CheckpointIndex = {
    step: state.step,
    curve: [...curve],
    shapes,
    weights: weights.length,
    binSha256: sha256(bytes),
    ...(best ? { best: { step: best.step, bitsPerChar: best.bitsPerChar } } : {}),
  };
  await writeFilesAtomically(
    new Map<string, string | Uint8Array>([
      [path.join(dir, 'checkpoint.bin'), bytes],
      [path.join(dir, 'checkpoint.json'), JSON.stringify(index)],
    ]),
  );
}

/** Load the checkpoint in `dir` into `variables` (what the model trains); returns the optimizer state and loss curve, or undefined when there is none. */
export async function loadCheckpoint(dir: string, variables: readonly tf.Variable[]): Promise<{ state: OptimizerState; curve: Array<{ step: number; loss: number }>; best?: BestSoFar } | undefined> {
  let index: CheckpointIndex;
  let bytes: Buffer;
  try {
    index = JSON.parse(await readFile(path.join(dir, 'checkpoint.json'), 'utf8'));
    bytes = await readFile(path.join(dir, 'checkpoint.bin'));
  } catch {
    return undefined;
  }
  // The two files come from different saves (a run killed between them): start over rather than mix them.
  if (index.binSha256 !== sha256(bytes)) return undefined;
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let offset = 0;
  const tensors = index.shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(floats.subarray(offset, offset + size), shape, 'float32');
    offset += size;
    return t;
  });
  const vars = variables;
  const expected = (index.best ? 4 : 3) * vars.length;
  if (index.weights !== vars.length || tensors.length !== expected || tensors.some((t, i) => i < vars.length && t.shape.join() !== vars[i]!.shape.join())) {
    tf.dispose(tensors);
    throw new Error(`checkpoint in ${dir} does not fit this model`);
  }
  vars.forEach((w, i) => w.assign(tensors[i]!));
  tensors.slice(0, vars.length).forEach((t) => t.dispose());
  // The best step's weights stay numbers, read from the file rather than back from the backend.
  let at = 3 * vars.reduce((n, v) => n + v.size, 0);
  const best = index.best
    ? {
        ...index.best,
        weights: vars.map((v) => {
          const w = floats.slice(at, at + v.size);
          at += v.size;
          return w;
        }),
      }
    : undefined;
  tf.dispose(tensors.slice(3 * vars.length));
  return { state: { step: index.step, m: tensors.slice(vars.length, 2 * vars.length), v: tensors.slice(2 * vars.length, 3 * vars.length) }, curve: index.curve, ...(best ? { best } : {}) };
}
