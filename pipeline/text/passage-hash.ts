/**
 * Word n-grams of a passage and their hashes, the same in the pipeline (which builds the passage
 * filter, site/views/passage-filter.ts) and in the browser (which looks a pasted passage up in
 * it, site/scripts/passage-lookup.ts). Dependency-free and pure, so both import this one file.
 */
import { WORD } from './words.ts';

/**
 * Words per n-gram. Five: a line of verse is often five to eight words, so one line can be
 * checked on its own; and five words in a row are rarely shared by chance between two writers
 * (three- and four-word runs such as "at the end of" are common to everyone), while each extra
 * word makes a one-word edit break one more n-gram.
 */
export const PASSAGE_NGRAM = 5;

/** A text's words as n-grams compare them: NFC, lowercased, curly apostrophes made straight, split as `WORD` splits words. */
export function passageWords(text: string): string[] {
  return text.normalize('NFC').toLowerCase().replace(/’/g, "'").match(WORD) ?? [];
}

/** Every run of `n` consecutive words, each as its words joined by one space (a text of fewer than `n` words has none). */
export function wordNgrams(text: string, n = PASSAGE_NGRAM): string[] {
  const words = passageWords(text);
  const out: string[] = [];
  for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}

/** MurmurHash3's 32-bit mix over a string's UTF-16 code units, with a seed. */
export function hash32(key: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) {
    let k = Math.imul(key.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  h ^= key.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The bits an n-gram sets in a filter of `bits` bits with `hashes` hash functions (double hashing: h1 + i·h2, Kirsch and Mitzenmacher). */
export function bloomPositions(ngram: string, bits: number, hashes: number): number[] {
  const h1 = hash32(ngram, 0x9747b28c);
  const h2 = (hash32(ngram, 0x5bd1e995) | 1) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < hashes; i++) out.push((h1 + i * h2) % bits);
  return out;
}

/** Whether every bit of the n-gram is set in `filter` (a bit array, bit j in byte j >> 3, mask 1 << (j & 7)). */
export function bloomHas(filter: Uint8Array, bits: number, hashes: number, ngram: string): boolean {
  return bloomPositions(ngram, bits, hashes).every((j) => (filter[j >> 3]! & (1 << (j & 7))) !== 0);
}

/** The chance a filter of `bits` bits and `hashes` hashes holding `items` n-grams says yes to one it does not hold: (1 − e^(−k·n/m))^k. */
export function bloomFalsePositiveRate(bits: number, hashes: number, items: number): number {
  return (1 - Math.exp((-hashes * items) / bits)) ** hashes;
}

/** A small chance in plain words: "0.1% (about 1 in 1,000)", or "less than 1 in a billion". */
export function chanceInWords(p: number): string {
  if (p <= 0) return 'none';
  if (p < 1e-9) return 'less than 1 in a billion';
  const one = Number((1 / p).toPrecision(2)).toLocaleString('en');
  return p >= 0.01 ? `${Number((p * 100).toPrecision(2))}% (about 1 in ${one})` : `about 1 in ${one}`;
}
