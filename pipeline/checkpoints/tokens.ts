/**
 * The tokens a checkpoint's tokenizer treats specially: the end-of-text
 * token that separates works and opens every prompt, and the special tokens
 * generation never writes. Pure, so the browser demo reads them the same way.
 */
import type { Tokenizer } from '@huggingface/tokenizers';

/** The id of the end-of-text token: tokenizer_config.json's eos_token, else config.json's eos_token_id. */
export function endOfText(tokenizer: Tokenizer, tokenizerConfig: { eos_token?: unknown }, config: { eos_token_id?: unknown }): number | undefined {
  const named = tokenizerConfig.eos_token;
  const content = typeof named === 'string' ? named : typeof (named as { content?: unknown } | null)?.content === 'string' ? (named as { content: string }).content : undefined;
  const byName = content === undefined ? undefined : tokenizer.token_to_id(content);
  if (byName !== undefined) return byName;
  return Number.isInteger(config.eos_token_id) ? (config.eos_token_id as number) : undefined;
}

/** The end-of-text token and every added special token the model has, sorted. */
export function specialIds(tokenizer: Tokenizer, eos: number, vocab: number): number[] {
  const special = [...tokenizer.get_added_tokens_decoder()].filter(([, t]) => t.special).map(([id]) => id);
  return [...new Set([eos, ...special])].filter((id) => id < vocab).sort((a, b) => a - b);
}
