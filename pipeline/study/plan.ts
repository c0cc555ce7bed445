/**
 * Planning a data-scaling study, purely: which fractions, and which works each
 * run trains on. The works are put in one fixed order (by fingerprint) and each
 * run takes a prefix of it, so every run holds all the writing of the smaller
 * ones: the curve measures more writing, not different writing.
 */

/** Fractions from `--fractions 0.125,0.25,0.5,1`: each above 0 and at most 1, smallest first, no repeats. */
export function parseFractions(text: string): number[] | string {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  const bad = parts.find((s, i) => s === '' || !Number.isFinite(values[i]!) || values[i]! <= 0 || values[i]! > 1);
  if (bad !== undefined) return `--fractions takes numbers above 0 and at most 1, separated by commas (e.g. 0.125,0.25,0.5,1); "${bad}" is not one`;
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length < 2) return '--fractions needs at least two different fractions to draw a curve';
  return sorted;
}

export const DEFAULT_FRACTIONS = [0.125, 0.25, 0.5, 1];

/** For each fraction, the works its run trains on: a prefix of the works ordered by fingerprint (at least one). */
export function nestedRuns<T extends { hash: string }>(works: readonly T[], fractions: readonly number[]): Array<{ fraction: number; works: T[] }> {
  const ordered = [...works].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  return fractions.map((fraction) => ({ fraction, works: ordered.slice(0, Math.max(1, Math.round(fraction * ordered.length))) }));
}

/** What the curve says, in plain words: from the smallest run to the largest, how much the held-out bits per character fell. */
export function readingOf(runs: ReadonlyArray<{ characters: number; validation: { bitsPerChar: number } }>, baseline: number): string {
  const first = runs[0]!;
  const last = runs.at(-1)!;
  const n = (x: number) => x.toLocaleString('en');
  const times = last.characters / Math.max(1, first.characters);
  const drop = first.validation.bitsPerChar - last.validation.bitsPerChar;
  const trend =
    drop > 0.02
      ? `lowered the error on writing it had not seen from ${first.validation.bitsPerChar.toFixed(2)} to ${last.validation.bitsPerChar.toFixed(2)} bits per character`
      : drop < -0.02
        ? `did not help: the error on writing it had not seen went from ${first.validation.bitsPerChar.toFixed(2)} to ${last.validation.bitsPerChar.toFixed(2)} bits per character`
        : `barely changed the error on writing it had not seen (${first.validation.bitsPerChar.toFixed(2)} to ${last.validation.bitsPerChar.toFixed(2)} bits per character)`;
  const gains = runs.slice(1).map((r, i) => runs[i]!.validation.bitsPerChar - r.validation.bitsPerChar);
  const slowing = gains.length >= 2 && gains.every((g, i) => i === 0 || g < gains[i - 1]!) ? ' Each step up helped less than the one before.' : '';
  const worse = first.validation.bitsPerChar > baseline ? ' On the smallest share the model did worse than that: too little writing to learn from.' : '';
  return `Training on ${times.toFixed(times < 10 ? 1 : 0)} times as much writing (${n(first.characters)} to ${n(last.characters)} characters) ${trend}. Guessing each character from how often it appears scores ${baseline.toFixed(2)}.${worse}${slowing}`;
}
