import { describe, expect, it } from 'vitest';
import { creditSpans, windowHashes, type WindowIndex } from '../../text/index.ts';
import type { WorkView } from '../view-types.ts';
import type { CreditIndex } from '../view-types.ts';
import { creditIndex, creditOf } from './credit-index.ts';

const RIVER = 'The river keeps its own counsel under the bridge,\nand the herons write their names in the mud.\n';
const PRIVATE = 'Quillwort and marram grass hold the dune together\nwhile the tide unpicks the seam of the bay.\n';
const K = 20;

/** The index as the browser reads it (site/scripts/credit.ts). */
function read(index: CreditIndex): WindowIndex {
  const u32 = (b64: string) => {
    const b = Buffer.from(b64, 'base64');
    return Uint32Array.from({ length: b.length / 4 }, (_, i) => b.readUInt32LE(i * 4));
  };
  return { k: index.k, hashes: u32(index.hashes), works: u32(index.work) };
}

const work = (over: Partial<WorkView>): WorkView => ({
  handle: 'ana',
  slug: 'river',
  display: 'full',
  form: 'poem',
  language: 'en',
  contentNotes: [],
  hash: 'a'.repeat(64),
  withdrawn: false,
  ...over,
});
const built = creditIndex(
  [
    { text: RIVER, credit: { title: 'The River', url: '/works/ana/river/', writer: 'Ana', writerUrl: '/contributors/ana/' } },
    { text: PRIVATE, credit: null },
  ],
  K,
);

describe('the credit index', () => {
  it('hashes each window the same rolling as from scratch', () => {
    const rolled = windowHashes(RIVER, K);
    expect(rolled.length).toBe(RIVER.length - K + 1);
    for (const i of [0, 1, 17, rolled.length - 1]) expect(rolled[i]).toBe(windowHashes(RIVER.slice(i, i + K), K)[0]);
    expect(windowHashes('short', K).length).toBe(0);
  });

  it('marks a run of a work the model repeats, exactly where it starts and ends, with the work it is from', () => {
    const run = 'keeps its own counsel under the bridge';
    const text = `A gull said:${run}! and flew.`;
    expect(creditSpans(text, read(built))).toEqual([{ start: text.indexOf(run), end: text.indexOf(run) + run.length, work: 0 }]);
  });

  it('marks a run of a private work as from work 1, whose credit is null', () => {
    const text = `xx the dune together\nwhile the tide unpicks yy`;
    const spans = creditSpans(text, read(built));
    expect(spans).toHaveLength(1);
    expect(built.works[spans[0]!.work]).toBeNull();
  });

  it('marks nothing shorter than k, and nothing before where the model began', () => {
    expect(creditSpans('the herons write th', read(built))).toEqual([]);
    const text = 'and the herons write their names in the mud';
    expect(creditSpans(text, read(built), text.length - K)).toHaveLength(1);
    expect(creditSpans(text, read(built), text.length - K + 1)).toEqual([]);
  });

  it('keeps two works apart when one run follows another', () => {
    const text = 'keeps its own counsel under the bridgemarram grass hold the dune together';
    const spans = creditSpans(text, read(built));
    expect(spans.map((s) => s.work)).toEqual([0, 1]);
    expect(spans[0]!.end).toBeLessThanOrEqual(spans[1]!.start);
  });

  it('names a work as consent allows: its page (display-full), its writer (display-excerpts), or nothing', () => {
    const ana = { name: 'Ana', slug: 'ana' };
    expect(creditOf(work({ title: 'The River', url: '/works/ana/river/' }), ana)).toEqual({ title: 'The River', url: '/works/ana/river/', writer: 'Ana', writerUrl: '/contributors/ana/' });
    expect(creditOf(work({ title: 'Gloves', display: 'excerpt' }), ana)).toEqual({ title: 'Gloves', writer: 'Ana', writerUrl: '/contributors/ana/' });
    expect(creditOf(work({ display: 'none' }), ana)).toBeNull();
    expect(creditOf(undefined, ana)).toBeNull();
  });

  it('holds no text of any work', () => {
    const json = JSON.stringify(built);
    for (const word of ['Quillwort', 'marram', 'unpicks', 'counsel']) expect(json).not.toContain(word);
    expect(built.windows).toBe(new Set(windowHashes(RIVER, K)).size + new Set(windowHashes(PRIVATE, K)).size);
  });
});
