/**
 * Loading an open checkpoint in Hugging Face's layout from a folder:
 * config.json (which family, what shape), the weights (model.safetensors, or
 * the shards model.safetensors.index.json names) and the tokenizer
 * (tokenizer.json with tokenizer_config.json, through @huggingface/tokenizers).
 * Every file is input to validate: a missing or damaged one is an error that
 * names it and says what to do.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { readConfig, type CheckpointConfig } from './config.ts';
import { gpt2 } from './gpt2.ts';
import { llama } from './llama.ts';
import type { CausalLM } from './model.ts';
import { CheckpointError, readSafetensors, type NamedTensor } from './safetensors.ts';
import { endOfText, specialIds } from './tokens.ts';

export interface Checkpoint {
  dir: string;
  config: CheckpointConfig;
  model: CausalLM;
  tokenizer: Tokenizer;
  /** The end-of-text token: what separates works in training and starts every prompt. */
  eos: number;
  /** Special tokens (end of text, padding, unknown…): never written by generation. */
  special: number[];
}

const FETCH_AGAIN = 'fetch the checkpoint again from its source';

async function readJson(dir: string, name: string, optional = false): Promise<unknown> {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (optional && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(file, 'is missing or unreadable', `a checkpoint folder holds config.json, model.safetensors and tokenizer.json; ${FETCH_AGAIN}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(file, `is not valid JSON (${(e as Error).message})`, FETCH_AGAIN);
  }
}

/** Every tensor of the checkpoint in `dir`: one safetensors file, or the shards its index names. */
export async function readWeights(dir: string): Promise<Map<string, NamedTensor>> {
  const index = (await readJson(dir, 'model.safetensors.index.json', true)) as { weight_map?: Record<string, unknown> } | undefined;
  const files = index ? [...new Set(Object.values(index.weight_map ?? {}))] : ['model.safetensors'];
  if (files.length === 0 || !files.every((f): f is string => typeof f === 'string' && /^[\w.-]+\.safetensors$/.test(f))) {
    throw new CheckpointError(path.join(dir, 'model.safetensors.index.json'), 'does not name its shards as plain .safetensors file names', FETCH_AGAIN);
  }
  const all = new Map<string, NamedTensor>();
  for (const name of files) {
    const file = path.join(dir, name);
    const bytes = await readFile(file).catch(() => {
      throw new CheckpointError(file, 'is missing or unreadable', `the weights of a checkpoint are in model.safetensors; ${FETCH_AGAIN}`);
    });
    for (const [k, v] of readSafetensors(bytes, file)) all.set(k, v);
  }
  return all;
}

/** The checkpoint in `dir`, its weights as trainable TF.js variables on the current backend. */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const configFile = path.join(dir, 'config.json');
  const config = readConfig(await readJson(dir, 'config.json'), configFile);
  const tensors = await readWeights(dir);
  const weightsFile = path.join(dir, 'model.safetensors');
  const model = config.family === 'gpt2' ? gpt2(config.config, tensors, weightsFile) : llama(config.config, tensors, weightsFile);
  const tokenizerJson = await readJson(dir, 'tokenizer.json');
  const tokenizerConfig = (await readJson(dir, 'tokenizer_config.json', true)) ?? {};
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson as object, tokenizerConfig as object);
  } catch (e) {
    throw new CheckpointError(path.join(dir, 'tokenizer.json'), `cannot be read as a tokenizer (${(e as Error).message})`, FETCH_AGAIN);
  }
  const eos = endOfText(tokenizer, tokenizerConfig as { eos_token?: unknown }, (await readJson(dir, 'config.json')) as { eos_token_id?: unknown });
  if (eos === undefined || eos >= model.vocab) {
    for (const v of model.weights.values()) v.dispose();
    throw new CheckpointError(
      path.join(dir, 'tokenizer_config.json'),
      'names no end-of-text token the model knows (eos_token here, or eos_token_id in config.json)',
      'fine-tuning separates works with it: use the tokenizer_config.json published with the checkpoint',
    );
  }
  return { dir, config, model, tokenizer, eos, special: specialIds(tokenizer, eos, model.vocab) };
}
