// Credits in what a model writes: every run of at least k characters that appears verbatim in a
// donated work is marked, with a link to the work and its writer where their consent allows it,
// and "from a work whose writer keeps it private" otherwise. The spans are found here, from the
// static index of window hashes (pipeline/site/views/credit-index.ts builds it; the hashing is
// pipeline/text/window-hash.ts, the same module); the index holds no text.
import { creditSpans, type WindowIndex } from '../../pipeline/text/window-hash.ts';

/** How a span names its work (pipeline/site/view-types.ts, Credit): null for a work whose writer keeps it private. */
type Credit = { title: string; url?: string; writer?: string; writerUrl?: string } | null;

interface Published {
  k: number;
  works: Credit[];
  hashes: string;
  work: string;
}

export interface Credits {
  index: WindowIndex;
  works: Credit[];
  base: string;
}

/** Little-endian uint32s from base64, as the pipeline wrote them. */
function uint32s(b64: string): Uint32Array {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  return Uint32Array.from({ length: bytes.length / 4 }, (_, i) => view.getUint32(i * 4, true));
}

/** Load the credit index from `url`; links are made under `base`. */
export async function loadCredits(url: string, base: string): Promise<Credits> {
  const p = (await (await fetch(url)).json()) as Published;
  return { index: { k: p.k, hashes: uint32s(p.hashes), works: uint32s(p.work) }, works: p.works, base: base.replace(/\/$/, '') };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** " [from “Title” by Writer]", linked as the credit allows, or the private note. */
function note(credit: Credit, base: string): HTMLElement {
  const span = el('span', undefined, { class: 'credit-note' });
  if (!credit) {
    span.append(' [from a work whose writer keeps it private]');
    return span;
  }
  span.append(' [from ');
  span.append(credit.url ? el('a', `“${credit.title}”`, { href: `${base}${credit.url}` }) : el('span', `“${credit.title}”`));
  if (credit.writer) span.append(' by ', credit.writerUrl ? el('a', credit.writer, { href: `${base}${credit.writerUrl}` }) : el('span', credit.writer));
  span.append(']');
  return span;
}

/**
 * Show `text` in `target` as text nodes, with every credited span from `from` on marked and
 * followed by its credit. Returns how many spans and characters were credited.
 */
export function showCredited(target: HTMLElement, text: string, credits: Credits, from = 0): { spans: number; characters: number } {
  const spans = creditSpans(text, credits.index, from);
  const parts: Node[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start > at) parts.push(document.createTextNode(text.slice(at, s.start)));
    const credit = credits.works[s.work] ?? null;
    parts.push(el('mark', text.slice(s.start, s.end), { class: credit ? 'credit' : 'credit private' }), note(credit, credits.base));
    at = s.end;
  }
  if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
  target.replaceChildren(...parts);
  return { spans: spans.length, characters: spans.reduce((n, s) => n + s.end - s.start, 0) };
}
