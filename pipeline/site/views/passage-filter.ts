/**
 * The static file behind "Is my passage in it?": a Bloom filter of the word n-grams of every work
 * a current dataset holds, its writer's display consent or not, and no withdrawn work. It holds
 * hashes only, never text: a visitor can ask whether a run of words is in it, but cannot read
 * anything out. Pure; the hashing is text/passage-hash.ts, which the browser imports too.
 */
import { bloomFalsePositiveRate, bloomPositions, PASSAGE_NGRAM, wordNgrams } from '../../text/index.ts';
import type { DatasetView, PassageFilter } from '../view-types.ts';
import type { ViewContext } from './context.ts';

/** The false-positive rate per n-gram the filter is sized for. */
export const PASSAGE_FALSE_POSITIVE_RATE = 0.001;

/** A Bloom filter of every n-gram of `texts`, sized for `falsePositiveRate` per n-gram. */
export function passageFilter(texts: Iterable<string>, { n = PASSAGE_NGRAM, falsePositiveRate = PASSAGE_FALSE_POSITIVE_RATE } = {}): PassageFilter {
  const ngrams = new Set<string>();
  let works = 0;
  for (const text of texts) {
    works++;
    for (const g of wordNgrams(text, n)) ngrams.add(g);
  }
  const items = ngrams.size;
  // m = −n·ln p / (ln 2)², k = (m/n)·ln 2: the optimum for p (a whole number of bytes, at least 64 bits).
  const bits = Math.max(64, Math.ceil(Math.ceil((-Math.max(items, 1) * Math.log(falsePositiveRate)) / Math.LN2 ** 2) / 8) * 8);
  const hashes = Math.max(1, Math.round((bits / Math.max(items, 1)) * Math.LN2));
  const filter = new Uint8Array(bits / 8);
  for (const g of [...ngrams].sort()) for (const j of bloomPositions(g, bits, hashes)) filter[j >> 3]! |= 1 << (j & 7);
  const rate = bloomFalsePositiveRate(bits, hashes, items);
  return {
    n,
    bits,
    hashes,
    items,
    works,
    falsePositiveRate: rate,
    passageFalsePositiveRate: [1, 2, 5, 10].map((m) => ({ ngrams: m, rate: rate ** m })),
    filter: Buffer.from(filter).toString('base64'),
  };
}

/**
 * The texts that go in: every work a current dataset holds (its training and held-out works
 * alike), by fingerprint, once, never a withdrawn one. `texts` is the normalized text of each work
 * by fingerprint; a work whose text is not there (its file changed since) is left out.
 */
export function passageTexts(datasets: readonly DatasetView[], texts: ReadonlyMap<string, string>, { ledger }: Pick<ViewContext, 'ledger'>): string[] {
  const hashes = new Set<string>();
  for (const d of datasets) {
    if (d.label.currency !== 'current') continue;
    for (const w of d.manifest.works) if (!ledger.isWithdrawn(w.contributor, w.hash)) hashes.add(w.hash);
  }
  return [...hashes]
    .sort()
    .map((h) => texts.get(h))
    .filter((t): t is string => t !== undefined);
}
