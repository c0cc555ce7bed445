import { describe, expect, it } from 'vitest';
import { coop } from '../../testing/coop-builder.ts';
import { loadSiteView } from '../load.ts';
import { ledgerCsv, modelLedger } from './ledger.ts';
import { fingerprintLink, fingerprintPath, traceOf } from './trace.ts';
import { withdrawalReceipt } from './receipt.ts';
import { sha256 } from '../../hash/index.ts';
import type { DatasetManifest, ModelCard } from '../../schemas/index.ts';

describe('tracing works both ways', () => {
  it('gives every work a trace with its scopes, and a private one a link to its trace page, never its title', async () => {
    const b = coop()
      .member('ana')
      .work('ana', 'open-river', { title: 'The Open River' })
      .work('ana', 'private-lake', { title: 'The Private Lake', scopes: ['train-shared'] });
    const view = await loadSiteView(await b.write(), '2026-06-02');
    const [open, hidden] = ['open-river', 'private-lake'].map((slug) => view.works.find((w) => w.slug === slug)!);
    const hiddenTrace = view.traceByHash.get(hidden!.hash)!;
    expect(hiddenTrace.entries).toHaveLength(1);
    expect(hiddenTrace.entries[0]!.scopes).toEqual(['train-shared']);
    expect(hiddenTrace.entries[0]!.title).toBeUndefined();
    expect(JSON.stringify(hiddenTrace)).not.toContain('Private Lake');
    expect(fingerprintLink(view.traceByHash, hidden!.hash)).toBe(fingerprintPath(hidden!.hash));
    // A work whose writer allowed the full text links to its own page.
    expect(fingerprintLink(view.traceByHash, open!.hash)).toBe(open!.url);
    // A card names works by the first 12 digits: they resolve, and a fingerprint no record names links nowhere.
    expect(traceOf(view.traceByHash, hidden!.hash.slice(0, 12))?.hash).toBe(hidden!.hash);
    expect(fingerprintLink(view.traceByHash, 'f'.repeat(64))).toBeUndefined();
  });

  it('answers for a work withdrawn before any dataset held it: a trace, "Am I in it?" and the timeline all know its date', async () => {
    const b = coop()
      .member('ana')
      .work('ana', 'kept', { title: 'Kept' })
      .withdrawal('ana', [{ hash: sha256('gone\n'), withdrawn: '2026-05-01' }]);
    const view = await loadSiteView(await b.write(), '2026-06-02');
    const gone = view.traceByHash.get(sha256('gone\n'))!;
    expect(gone.entries[0]!.withdrawn).toBe('2026-05-01');
    expect(gone.entries[0]!.datasets).toEqual([]);
    expect(view.withdrawn.map((w) => [w.hash, w.date])).toEqual([[sha256('gone\n'), '2026-05-01']]);
    expect(view.timeline.find((e) => e.kind === 'withdrawal')?.link).toBe(fingerprintPath(sha256('gone\n')));
  });
});

describe("a model's contribution ledger", () => {
  const work = (contributor: string, characters: number, split: 'train' | 'validation') => ({ hash: sha256(`${contributor}${characters}${split}`), contributor, characters, split });
  const manifest = (works: Array<ReturnType<typeof work>>) => {
    const sum = (ws: typeof works) => ({ works: ws.length, characters: ws.reduce((n, w) => n + w.characters, 0), words: 0, lines: 0 });
    const train = works.filter((w) => w.split === 'train');
    const validation = works.filter((w) => w.split === 'validation');
    return {
      id: 'd'.repeat(16),
      works,
      totals: { all: sum(works), train: sum(train), validation: sum(validation), contributors: new Set(works.map((w) => w.contributor)).size },
    } as unknown as DatasetManifest;
  };
  const card = { version: 'm-000000000001', architecture: { type: 'char-transformer' }, baseModel: null } as unknown as ModelCard;
  const identities = new Map([
    ['ana', { slug: 'ana', name: 'Ana, "the" Okafor', display: 'name' as const }],
    ['anon', { slug: 'anonymous-1234abcd', name: 'An anonymous writer (abcd)', display: 'anonymous' as const }],
  ]);

  it('counts characters, works and shares of what was trained on, and held-out writing apart', () => {
    const l = modelLedger(card, manifest([work('ana', 300, 'train'), work('ana', 50, 'validation'), work('anon', 100, 'train')]), identities);
    expect(l.rows.map((r) => [r.writer, r.works, r.characters, r.share, r.heldOutWorks, r.heldOutCharacters])).toEqual([
      ['Ana, "the" Okafor', 1, 300, 0.75, 1, 50],
      ['An anonymous writer (abcd)', 1, 100, 0.25, 0, 0],
    ]);
    expect(l.totals).toEqual({ works: 2, characters: 400, heldOutWorks: 1, heldOutCharacters: 50 });
    expect(JSON.stringify(l)).not.toContain('"anon"');
  });

  it('writes CSV that a name with a comma and quotes cannot break', () => {
    const csv = ledgerCsv(modelLedger(card, manifest([work('ana', 300, 'train')]), identities));
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header!.split(',')).toHaveLength(6);
    expect(row).toBe('"Ana, ""the"" Okafor","1","300","1.000000","0","0"');
  });
});

describe('a withdrawal receipt', () => {
  const hash = 'a'.repeat(64);
  const view = (currentHolds: boolean) =>
    ({
      info: { name: 'Test co-op' },
      builtOn: '2026-06-05',
      traces: [
        { hash, entries: [{ hash, who: { slug: 'withdrawn-1', name: 'A writer who has since withdrawn' }, withdrawn: '2026-06-01', datasets: ['d1'], models: ['m-1'], scopes: [], display: 'none' }] },
      ],
      datasetById: new Map([['d1', { label: { name: 'Shared dataset, version 1', currency: 'superseded' } }]]),
      modelByVersion: new Map([['m-1', { label: { name: 'Shared model, version 1' }, card: { status: 'retired', statusReason: 'trained on withdrawn writing' } }]]),
      datasets: [{ manifest: { id: 'd2', works: currentHolds ? [{ hash }] : [] }, label: { name: 'Shared dataset, version 2', currency: 'current' } }],
    }) as never;

  it('lists what held the work, by id, and is complete only when no current dataset holds it', () => {
    const done = withdrawalReceipt(view(false), 'withdrawn-1')!;
    expect(done.works).toEqual([
      {
        fingerprint: hash,
        withdrawn: '2026-06-01',
        datasets: [{ id: 'd1', name: 'Shared dataset, version 1', status: 'superseded' }],
        models: [{ version: 'm-1', name: 'Shared model, version 1', status: 'retired', reason: 'trained on withdrawn writing' }],
      },
    ]);
    expect([done.complete, done.currentDatasets]).toEqual([true, [{ id: 'd2', name: 'Shared dataset, version 2', holdsAny: false }]]);
    const pending = withdrawalReceipt(view(true), 'withdrawn-1')!;
    expect([pending.complete, pending.currentDatasets[0]!.holdsAny]).toEqual([false, true]);
    expect(withdrawalReceipt(view(false), 'someone-else')).toBeUndefined();
  });
});
