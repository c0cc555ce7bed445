import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDatasetStage } from '../../dataset/index.ts';
import { loadCoop } from '../../records/load-coop.ts';
import { coop } from '../../testing/coop-builder.ts';
import { bloomHas, wordNgrams } from '../../text/index.ts';
import { loadSiteView } from '../load.ts';
import type { PassageFilter } from '../view-types.ts';
import { passageFilter, passageTexts } from './passage-filter.ts';
import type { DatasetView } from '../view-types.ts';

const RIVER = 'The river keeps its own counsel under the bridge,\nand the herons write their names in the mud.\n';
const GONE = 'Sam never did get the barbecue lit that summer,\nthe sausages went back in the fridge, defeated.\n';
const PRIVATE = 'Quillwort and marram grass hold the dune together\nwhile the tide unpicks the seam of the bay.\n';

/** A deterministic generator (mulberry32), so the random queries are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bitsOf = (f: ReturnType<typeof passageFilter>) => new Uint8Array(Buffer.from(f.filter, 'base64'));

function dataset(currency: 'current' | 'superseded', works: Array<{ contributor: string; hash: string }>): DatasetView {
  return { manifest: { works }, label: { name: 'x', currency } } as unknown as DatasetView;
}

describe('the passage filter', () => {
  it('finds every run of five words of every text put in, whatever its capitals, punctuation or apostrophes', () => {
    const f = passageFilter([RIVER, PRIVATE]);
    const bits = bitsOf(f);
    expect(f.n).toBe(5);
    for (const g of [...wordNgrams(RIVER), ...wordNgrams(PRIVATE)]) expect(bloomHas(bits, f.bits, f.hashes, g)).toBe(true);
    const [first] = wordNgrams('THE RIVER — keeps its own!');
    expect(bloomHas(bits, f.bits, f.hashes, first!)).toBe(true);
    expect(wordNgrams('it’s a fine day, really')).toEqual(wordNgrams("It's a fine day really"));
  });

  it('states its parameters, sized for the false-positive rate asked for', () => {
    const f = passageFilter([RIVER, PRIVATE], { falsePositiveRate: 0.01 });
    expect(f.items).toBe(wordNgrams(RIVER).length + wordNgrams(PRIVATE).length);
    expect(f.works).toBe(2);
    expect(f.bits % 8).toBe(0);
    expect(f.falsePositiveRate).toBeLessThan(0.015);
    expect(f.passageFalsePositiveRate.find((r) => r.ngrams === 5)!.rate).toBeCloseTo(f.falsePositiveRate ** 5, 12);
  });

  it('says yes to random runs of words it does not hold no more often than its stated rate allows (fixed seed)', () => {
    const random = seeded(24);
    const word = () => Array.from({ length: 3 + Math.floor(random() * 6) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    const corpus = Array.from({ length: 40 }, () => Array.from({ length: 500 }, word).join(' '));
    const f = passageFilter(corpus);
    const bits = bitsOf(f);
    const held = new Set(corpus.flatMap((t) => wordNgrams(t)));
    let queries = 0;
    let yes = 0;
    while (queries < 100_000) {
      const g = Array.from({ length: 5 }, word).join(' ');
      if (held.has(g)) continue;
      queries++;
      if (bloomHas(bits, f.bits, f.hashes, g)) yes++;
    }
    // 100,000 queries at 0.1%: about 100 expected; three standard deviations above is about 130.
    expect(yes / queries).toBeLessThan(f.falsePositiveRate * 1.3);
  });

  it('takes the works of current datasets only, never a withdrawn one', () => {
    const texts = new Map([
      ['a'.repeat(64), RIVER],
      ['b'.repeat(64), PRIVATE],
      ['c'.repeat(64), 'An old text only a superseded dataset held, word for word.'],
    ]);
    const ledger = { isWithdrawn: (who: string, hash: string) => who === 'zed' && hash === 'b'.repeat(64) };
    const datasets = [
      dataset('current', [
        { contributor: 'ana', hash: 'a'.repeat(64) },
        { contributor: 'zed', hash: 'b'.repeat(64) },
      ]),
      dataset('superseded', [{ contributor: 'ana', hash: 'c'.repeat(64) }]),
    ];
    const chosen = passageTexts(datasets, texts, { ledger } as never);
    expect(chosen).toEqual([RIVER]);
    const f = passageFilter(chosen);
    const bits = bitsOf(f);
    expect(wordNgrams(PRIVATE).filter((g) => bloomHas(bits, f.bits, f.hashes, g))).toEqual([]);
  });

  it('holds no text: no word of a work is in the published file', () => {
    const json = JSON.stringify(passageFilter([PRIVATE]));
    for (const word of ['quillwort', 'Quillwort', 'marram', 'unpicks']) expect(json).not.toContain(word);
  });
});

describe('the passage filter of a co-op', () => {
  it('holds a private work of a current dataset, and no longer a work once it is withdrawn', async () => {
    const b = coop()
      .member('ana')
      .work('ana', 'river', { body: RIVER, scopes: ['train-shared', 'display-full'] })
      .member('zed', { scopes: ['train-shared'] })
      .work('zed', 'dune', { body: PRIVATE })
      .work('zed', 'gone', { body: GONE });
    const root = await b.write();
    expect((await runDatasetStage(root)).ok).toBe(true);
    const inFilter = (f: PassageFilter, text: string) => wordNgrams(text).filter((g) => bloomHas(bitsOf(f), f.bits, f.hashes, g)).length / wordNgrams(text).length;
    const before = (await loadSiteView(root, '2026-06-01')).passages;
    expect([inFilter(before, RIVER), inFilter(before, PRIVATE), inFilter(before, GONE)]).toEqual([1, 1, 1]);

    const goneHash = (await loadCoop(root)).coop.works.find((w) => w.file.endsWith('gone.md'))!.hash;
    await rm(path.join(root, 'corpus/zed/gone.md'));
    await mkdir(path.join(root, 'governance/withdrawals'), { recursive: true });
    await writeFile(path.join(root, 'governance/withdrawals/zed.yaml'), `schemaVersion: 1\nhandle: zed\nworks:\n  - hash: ${goneHash}\n    withdrawn: '2026-06-01'\n`);
    expect((await runDatasetStage(root)).ok).toBe(true);
    const after = (await loadSiteView(root, '2026-06-02')).passages;
    expect(inFilter(after, PRIVATE)).toBe(1);
    expect(inFilter(after, GONE)).toBeLessThan(0.5);
    expect(after.works).toBe(2);
    expect(JSON.stringify(after)).not.toMatch(/quillwort|marram/i);
  });
});
