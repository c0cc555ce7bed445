// "Try the model" for an open checkpoint (GPT-2 or Llama, in Hugging Face's layout), loaded only
// when the demo model is one: the site publishes its config.json, model.safetensors and tokenizer
// files (each checked against the card's sha256 when the site was built), and the pipeline's own
// reader, model code and generation run here as they ran for the card's samples.
import { Tokenizer } from '@huggingface/tokenizers';
import { CheckpointText, continueCheckpoint } from '../../pipeline/train/checkpoint-model.ts';
import { gpt2 } from '../../pipeline/checkpoints/gpt2.ts';
import { llama } from '../../pipeline/checkpoints/llama.ts';
import type { CausalLM } from '../../pipeline/checkpoints/model.ts';
import { readSafetensors } from '../../pipeline/checkpoints/safetensors.ts';
import { endOfText, specialIds } from '../../pipeline/checkpoints/tokens.ts';
import type { Writer } from './writer.ts';
import { SAMPLE_TEMPERATURE } from '../../pipeline/train/protocol.ts';

let loaded: Promise<{ model: CausalLM; text: CheckpointText }> | undefined;

async function json(url: string, optional = false): Promise<Record<string, unknown>> {
  const r = await fetch(url);
  if (!r.ok) {
    if (optional) return {};
    throw new Error(`${url.split('/').at(-1)} could not be downloaded (${r.status})`);
  }
  return (await r.json()) as Record<string, unknown>;
}

async function load(base: string): Promise<{ model: CausalLM; text: CheckpointText }> {
  const [config, weights, tokenizerJson, tokenizerConfig] = await Promise.all([
    json(`${base}config.json`),
    fetch(`${base}model.safetensors`).then((r) => {
      if (!r.ok) throw new Error(`model.safetensors could not be downloaded (${r.status})`);
      return r.arrayBuffer();
    }),
    json(`${base}tokenizer.json`),
    json(`${base}tokenizer_config.json`, true),
  ]);
  const tensors = readSafetensors(new Uint8Array(weights), 'model.safetensors');
  const model = config.model_type === 'llama' ? llama(config as never, tensors, 'model.safetensors') : gpt2(config as never, tensors, 'model.safetensors');
  const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  const eos = endOfText(tokenizer, tokenizerConfig, config);
  if (eos === undefined) throw new Error('the model names no end-of-text token');
  return { model, text: new CheckpointText({ tokenizer, eos, special: specialIds(tokenizer, eos, model.vocab) }) };
}

/** A writer that continues `prompt` (read as the opening of a new work) a few characters at a time. */
export async function loadCheckpointWriter(base: string, prompt: string, context: number, seed: number): Promise<Writer> {
  const { model, text } = await (loaded ??= load(base));
  const window = Math.min(context, model.context);
  let written = '';
  let round = 0;
  return {
    async next(count) {
      const [more] = await continueCheckpoint(model, text, [`${prompt}${written}`], count, window, { kind: 'sample', temperature: SAMPLE_TEMPERATURE, seed: seed + round++ });
      written += more!;
      return more!;
    },
  };
}
