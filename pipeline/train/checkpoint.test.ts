import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';

const dir = () => mkdtemp(path.join(tmpdir(), 'checkpoint-'));

describe('a training checkpoint', () => {
  it('resumes only when its index and data come from the same save', async () => {
    await tf.setBackend('cpu');
    const d = await dir();
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const zeros = vars.map((v) => tf.zerosLike(v));
    await saveCheckpoint(d, vars, { step: 7, m: zeros, v: zeros }, [{ step: 6, loss: 1.5 }]);
    const resumed = await loadCheckpoint(d, vars);
    expect(resumed?.state.step).toBe(7);
    // A process killed between the two renames: the data of another save beside this index.
    const bytes = await readFile(path.join(d, 'checkpoint.bin'));
    bytes[0] = bytes[0]! ^ 0xff;
    await writeFile(path.join(d, 'checkpoint.bin'), bytes);
    expect(await loadCheckpoint(d, vars)).toBeUndefined();
    tf.dispose([...zeros]);
    model.dispose();
  });
});
