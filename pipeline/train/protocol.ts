/**
 * The assessment protocol every model gets, whatever trained it (the character trainer or a
 * fine-tune of an open checkpoint), and the try page uses: how samples are written, how the
 * memorisation audit prompts and continues, how an allotment warms up. One place, so two
 * stacks cannot drift apart.
 */
import type { Policy } from '../schemas/index.ts';

/** Samples on cards (and the try page) are drawn at this temperature. */
export const SAMPLE_TEMPERATURE = 0.8;
/** Characters a card's sample continues its prompt by. */
export const SAMPLE_LENGTH = 200;

/** Sampled extraction draws this many continuations per audited work unless the policy says otherwise. */
export const EXTRACTION_SAMPLES = 4;

/** The memorisation audit's settings under the policy's release gate; sampled continuations are drawn from `seed` on, at the samples' temperature. */
export function auditSettings(
  release: Policy['release'],
  seed: number,
): { promptChars: number; generateChars: number; extractionChars: number; sampling: { samples: number; temperature: number; seed: number; verbatimLimit: number } } {
  // Each work's opening (up to 32 characters) as the prompt; a continuation long enough to show a run past the gate's limit.
  return {
    promptChars: 32,
    generateChars: Math.min(512, release.maxVerbatimChars + 64),
    extractionChars: release.extractionChars,
    sampling: { samples: release.extractionSamples ?? EXTRACTION_SAMPLES, temperature: SAMPLE_TEMPERATURE, seed, verbatimLimit: release.maxVerbatimChars },
  };
}

/** An allotment (a member's model) warms up over at most a tenth of its steps; the shared model as its recipe says. */
export function warmupFor(recipeWarmup: number, steps: number, allotment: boolean): number {
  return allotment ? Math.min(recipeWarmup, Math.floor(steps / 10)) : recipeWarmup;
}
