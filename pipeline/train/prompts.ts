/**
 * The prompts a model's samples start from: the policy's, when the board set
 * some, or the opening words of held-out works whose writers allow display
 * (so a co-op writing in Chinese or Welsh gets prompts in its own language).
 * With neither, one sample from nothing: the start of a new work. Never a list
 * baked into the code. Pure.
 */

/** The source of the one prompt left when there is no other: the empty opening of a new work. */
export const START_OF_A_WORK = 'the start of a work';

export interface SamplePrompt {
  prompt: string;
  /** Where it came from: "policy", "held-out work <hash>", or "the start of a work". */
  source: string;
}

/**
 * The opening words of a text: its first line up to the third word, as
 * Unicode's word boundaries find words (in Chinese or Thai, written without
 * spaces, too: 床前明月光 gives 床前明月). Never more than 24 characters, and
 * never cut inside a character.
 */
export function openingWords(text: string): string {
  const line =
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  let opening = '';
  let words = 0;
  for (const { segment, isWordLike } of new Intl.Segmenter(undefined, { granularity: 'word' }).segment(line)) {
    if (words === 3) break;
    opening += segment;
    if (isWordLike) words++;
  }
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(opening)].map((g) => g.segment);
  return graphemes.slice(0, 24).join('').trim();
}

export function choosePrompts(policy: readonly string[] | undefined, heldOut: ReadonlyArray<{ hash: string; text: string; displayable: boolean }>, count = 4): SamplePrompt[] {
  if (policy && policy.length > 0) return policy.map((prompt) => ({ prompt, source: 'policy' }));
  const fromWorks = [...heldOut]
    .filter((w) => w.displayable)
    .sort((a, b) => a.hash.localeCompare(b.hash))
    .map((w) => ({ prompt: openingWords(w.text), source: `held-out work ${w.hash.slice(0, 12)}` }))
    .filter((p, i, all) => p.prompt !== '' && all.findIndex((q) => q.prompt === p.prompt) === i)
    .slice(0, count);
  return fromWorks.length > 0 ? fromWorks : [{ prompt: '', source: START_OF_A_WORK }];
}
