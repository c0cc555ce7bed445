/** A base-model record for the tiny GPT-2 test checkpoint, its files pinned by their real sha256 (for tests). */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaseModel } from '../schemas/index.ts';

/** The folder of the tiny GPT-2 checkpoint bench/reference/tiny_checkpoints.py wrote. */
export const TINY_GPT2 = fileURLToPath(new URL('../checkpoints/fixtures/gpt2-tiny/', import.meta.url));
export const TINY_FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];

/** Each file of the tiny checkpoint with its sha256. */
export async function pinnedFiles(): Promise<BaseModel['files']> {
  return Promise.all(
    TINY_FILES.map(async (f) => ({
      path: f,
      sha256: createHash('sha256')
        .update(await readFile(path.join(TINY_GPT2, f)))
        .digest('hex'),
    })),
  );
}

const level = (l: 'open' | 'partial' | 'closed', evidence: string) => ({ level: l, evidence });

/** The record, from the checkpoint's folder, adopted by decision 0001; `over` bends it. */
export async function tinyBaseModel(over: Partial<BaseModel> = {}): Promise<BaseModel> {
  return {
    name: 'Tiny GPT-2',
    format: 'huggingface',
    source: { path: TINY_GPT2 },
    files: await pinnedFiles(),
    licence: 'Apache-2.0',
    trainedOn: { summary: 'Nothing: random weights for tests.', links: [] },
    openness: {
      dataSources: level('open', 'No data.'),
      weights: level('open', 'In this repository.'),
      trainingCode: level('open', 'bench/reference/tiny_checkpoints.py'),
      paper: level('closed', 'None.'),
      card: level('partial', 'This record.'),
      licence: level('open', 'Apache-2.0.'),
    },
    adoptedBy: '0001',
    ...over,
  };
}
