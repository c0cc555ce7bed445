/**
 * Hashes of every k-character window of a text, and the spans of a text that lie in an index of
 * such hashes: how the site credits what a model writes to the works it repeats (the index is
 * built by site/views/credit-index.ts; the browser marks the spans, site/scripts/credit.ts).
 * Dependency-free and pure, so the pipeline and the browser import this one file.
 */

const BASE = 0x01000193;

/** The 32-bit hash of each window of `k` UTF-16 code units of `text`, by start (a polynomial rolling hash, then MurmurHash3's finaliser). */
export function windowHashes(text: string, k: number): Uint32Array {
  const count = Math.max(0, text.length - k + 1);
  const out = new Uint32Array(count);
  if (count === 0) return out;
  let top = 1;
  for (let j = 1; j < k; j++) top = Math.imul(top, BASE);
  let h = 0;
  for (let j = 0; j < k; j++) h = (Math.imul(h, BASE) + text.charCodeAt(j)) | 0;
  for (let i = 0; ; i++) {
    let x = h;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    out[i] = (x ^ (x >>> 16)) >>> 0;
    if (i + 1 === count) return out;
    h = (Math.imul((h - Math.imul(text.charCodeAt(i), top)) | 0, BASE) + text.charCodeAt(i + k)) | 0;
  }
}

/** An index of windows: their hashes sorted ascending, and beside each the number of the work it is from (a window in several works appears once per work). */
export interface WindowIndex {
  k: number;
  hashes: Uint32Array;
  works: Uint32Array;
}

/** The first position of `h` in the sorted `hashes`, or −1. */
function firstOf(hashes: Uint32Array, h: number): number {
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hashes[mid]! < h) lo = mid + 1;
    else hi = mid;
  }
  return lo < hashes.length && hashes[lo] === h ? lo : -1;
}

/** A span of a text found in a work: [start, end) in UTF-16 code units, and the work's number in the index. */
export interface CreditSpan {
  start: number;
  end: number;
  work: number;
}

/**
 * The spans of `text` at least k characters long that lie in the index: runs of consecutive
 * windows found in one work, each run's windows merged into one span. Where two works' spans
 * overlap, the later starts where the earlier ends. Only `from` onwards is looked at (a prompt
 * before it is the reader's, not the model's).
 */
export function creditSpans(text: string, index: WindowIndex, from = 0): CreditSpan[] {
  const hashes = windowHashes(text, index.k);
  const spans: CreditSpan[] = [];
  let open: CreditSpan | undefined;
  for (let i = from; i < hashes.length; i++) {
    const at = firstOf(index.hashes, hashes[i]!);
    const works: number[] = [];
    for (let j = at; j >= 0 && j < index.hashes.length && index.hashes[j] === hashes[i]; j++) works.push(index.works[j]!);
    if (open && works.includes(open.work) && open.end === i + index.k - 1) {
      open.end = i + index.k;
      continue;
    }
    if (open) spans.push(open);
    open = works.length ? { start: i, end: i + index.k, work: works[0]! } : undefined;
  }
  if (open) spans.push(open);
  for (let s = 1; s < spans.length; s++) spans[s]!.start = Math.max(spans[s]!.start, spans[s - 1]!.end);
  return spans.filter((s) => s.end > s.start);
}
