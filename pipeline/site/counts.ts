/**
 * The one source of the counts the site shows for a dataset: every page that says how many works
 * or characters a dataset has, or how many it held out or trained on, takes them from here (and
 * so from the manifest's totals), never from a count of its own. Pure.
 */
import type { DatasetManifest } from '../schemas/index.ts';
import { formatNumber } from './format.ts';

export interface DatasetCounts {
  works: number;
  characters: number;
  contributors: number;
  /** Measured on, never trained on. */
  heldOutWorks: number;
  heldOutCharacters: number;
  /** What the model is trained on: all, less what is held out. */
  trainWorks: number;
  trainCharacters: number;
}

export function datasetCounts(m: DatasetManifest): DatasetCounts {
  const t = m.totals;
  return {
    works: t.all.works,
    characters: t.all.characters,
    contributors: t.contributors,
    heldOutWorks: t.validation.works,
    heldOutCharacters: t.validation.characters,
    trainWorks: t.train.works,
    trainCharacters: t.train.characters,
  };
}

/**
 * A model scores one more symbol per held-out work than the dataset counts characters: the mark
 * that ends each work, which it must also predict. Says so when that is the whole difference.
 */
export function scoredCharactersInWords(scored: number, m: DatasetManifest): string | undefined {
  const extra = scored - m.totals.validation.characters;
  if (extra === 0) return undefined;
  if (extra === m.totals.validation.works)
    return `the ${formatNumber(m.totals.validation.characters)} characters of the held-out works, plus the mark that ends each of its ${m.totals.validation.works} works`;
  return undefined;
}
