import { describe, expect, it } from 'vitest';
import { WithdrawalLedger } from '../consent/index.ts';
import type { Agreement, Withdrawal, WorkFrontMatter } from '../schemas/index.ts';
import { contentAddress, redactWithdrawn, versionId, type PreparedWork } from './build.ts';
import { buildDatasets, buildDatasetSteps, latestIn, planDatasetStage } from './stage-plan.ts';
import { splitKey, validationSet } from './split.ts';

const agreement = (handle: string, over: Partial<Agreement> = {}): Agreement => ({
  handle,
  publicName: { display: 'name', name: handle },
  agreementVersion: '1.0',
  signed: '2026-01-01',
  signature: handle,
  scopes: ['train-shared', 'train-own', 'display-excerpts'],
  ...over,
});
const work = (handle: string, slug: string, meta: Partial<WorkFrontMatter> = {}): PreparedWork => ({
  path: `corpus/${handle}/${slug}.md`,
  handle,
  hash: `${slug.padEnd(8, '0')}`
    .repeat(8)
    .slice(0, 64)
    .replace(/[^0-9a-f]/g, 'a'),
  characters: 10,
  words: 2,
  lines: 1,
  provenance: null,
  meta: { title: slug, contributor: handle, language: 'en', form: 'poem', scopes: ['train-shared', 'train-own', 'display-excerpts'], ...meta },
});
const rules = { validationRatio: 0.1, minValidationWorks: 1 };
const none = new WithdrawalLedger(new Map(), new Map());
const ledger = (agreements: Map<string, Agreement>, withdrawn: Record<string, string[]> = {}) =>
  new WithdrawalLedger(
    agreements,
    new Map(Object.entries(withdrawn).map(([h, hashes]): [string, Withdrawal] => [h, { schemaVersion: 1, handle: h, works: hashes.map((hash) => ({ hash, withdrawn: '2026-05-01' })) }])),
  );

describe('buildDatasets', () => {
  it('gives the same ids whatever order the works come in', () => {
    const works = [work('ana', 'a1'), work('ana', 'b2'), work('bo', 'c3')];
    const agreements = new Map([
      ['ana', agreement('ana')],
      ['bo', agreement('bo')],
    ]);
    const one = buildDatasets({ works, agreements, withdrawals: none, rules, earlier: [] });
    const two = buildDatasets({ works: [...works].reverse(), agreements, withdrawals: none, rules, earlier: [] });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('changes the content address when the split rule changes, and between lineages with the same works', () => {
    const h = ['a'.repeat(64)];
    expect(contentAddress({ kind: 'shared' }, h, 'r1', [])).not.toBe(contentAddress({ kind: 'shared' }, h, 'r2', []));
    expect(contentAddress({ kind: 'shared' }, h, 'r1', [])).not.toBe(contentAddress({ kind: 'allotment', member: 'ana' }, h, 'r1', []));
    expect(contentAddress({ kind: 'shared' }, h, 'r1', [])).not.toBe(contentAddress({ kind: 'shared' }, h, 'r1', h));
  });

  it('holds out of the shared dataset every work a writer’s own dataset holds out, so the two models are compared on writing neither trained on', () => {
    const handles = ['ana', 'bo', 'cy'];
    const agreements = new Map(handles.map((h) => [h, agreement(h)]));
    const works = handles.flatMap((h) => [1, 2, 3, 4].map((i) => work(h, `${h[0]}${i}`)));
    const [shared, ...own] = buildDatasets({ works, agreements, withdrawals: none, rules, earlier: [] });
    const heldInShared = new Set(shared!.works.filter((w) => w.split === 'validation').map((w) => `${w.contributor}/${w.hash}`));
    const heldInOwn = own.flatMap((d) => d.works.filter((w) => w.split === 'validation').map((w) => `${w.contributor}/${w.hash}`));
    expect(heldInOwn.length).toBeGreaterThanOrEqual(handles.length);
    for (const key of heldInOwn) expect(heldInShared).toContain(key);
    // The shared dataset's own rule alone would have trained on some of them.
    const alone = validationSet(
      works.map((w) => w.hash),
      rules.validationRatio,
      rules.minValidationWorks,
    );
    expect(heldInOwn.some((key) => !alone.has(key.split('/')[1]!))).toBe(true);
    expect(shared!.works.some((w) => w.split === 'train')).toBe(true);
  });

  it('never holds out every work of the shared dataset', () => {
    // Ana's work with the lower split key is her only one the shared dataset may take, and her own dataset holds it out.
    const [x, y] = [work('ana', 'a1'), work('ana', 'a2')].sort((a, b) => splitKey(a.hash) - splitKey(b.hash));
    const works = [x!, { ...y!, meta: { ...y!.meta, scopes: ['train-own' as const] } }];
    const [shared, own] = buildDatasets({ works, agreements: new Map([['ana', agreement('ana')]]), withdrawals: none, rules, earlier: [] });
    expect(own!.works.find((w) => w.hash === x!.hash)?.split).toBe('validation');
    expect(shared!.works.map((w) => w.split)).toEqual(['train']);
  });

  it('gives a version its own id when its content equals an earlier version', () => {
    const content = contentAddress({ kind: 'shared' }, ['a'.repeat(64)], 'r1', []);
    const first = versionId(content, null);
    expect(versionId(content, versionId('0'.repeat(16), first))).not.toBe(first);
  });

  it('needs the scope on both the work and the agreement', () => {
    const agreements = new Map([
      ['ana', agreement('ana', { scopes: ['train-own'] })],
      ['bo', agreement('bo')],
    ]);
    const works = [work('ana', 'a1'), work('bo', 'b1', { scopes: ['train-own'] }), work('bo', 'b2')];
    const [shared, ...own] = buildDatasets({ works, agreements, withdrawals: none, rules, earlier: [] });
    expect(shared!.works.map((w) => w.path)).toEqual(['corpus/bo/b2.md']);
    expect(own.map((d) => [d.member, d.works.length])).toEqual([
      ['ana', 1],
      ['bo', 2],
    ]);
  });

  it('shows a title only when the work allows display', () => {
    const agreements = new Map([['ana', agreement('ana')]]);
    const works = [work('ana', 'a1'), work('ana', 'b2', { scopes: ['train-shared'] })];
    const [shared] = buildDatasets({ works, agreements, withdrawals: none, rules, earlier: [] });
    expect(shared!.works.map((w) => [w.path, w.title])).toEqual(
      expect.arrayContaining([
        ['corpus/ana/a1.md', 'a1'],
        ['corpus/ana/b2.md', undefined],
      ]),
    );
  });

  it('tells withdrawn works from removed ones by the records, with no title kept for either', () => {
    const agreements = new Map([['ana', agreement('ana')]]);
    const works = [work('ana', 'a1'), work('ana', 'b2'), work('ana', 'c3')];
    const [first] = buildDatasets({ works, agreements, withdrawals: none, rules, earlier: [] });
    // a1 was withdrawn (its file is gone, the record stays); b2 was simply deleted.
    const later = [work('ana', 'c3')];
    const [second] = buildDatasets({ works: later, agreements, withdrawals: ledger(agreements, { ana: [works[0]!.hash] }), rules, earlier: [first!] });
    expect(second!.changes.withdrawn).toEqual([{ contributor: 'ana', hash: works[0]!.hash, reason: 'work-withdrawn', inDatasets: [first!.id] }]);
    expect(second!.changes.removed).toEqual([{ path: 'corpus/ana/b2.md', hash: works[1]!.hash }]);
  });

  it('records a withdrawal as a new version even when the works left equal an earlier version', () => {
    const agreements = new Map([
      ['ana', agreement('ana')],
      ['bo', agreement('bo')],
    ]);
    const before = [work('ana', 'a1'), work('ana', 'a2')];
    const [v1] = buildDatasets({ works: before, agreements, withdrawals: none, rules, earlier: [] });
    const [v2] = buildDatasets({ works: [...before, work('bo', 'b1')], agreements, withdrawals: none, rules, earlier: [v1!] });
    const gone = new Map([...agreements, ['bo', agreement('bo', { withdrawn: '2026-06-01' })]]);
    const [v3] = buildDatasets({ works: before, agreements: gone, withdrawals: ledger(gone), rules, earlier: [v1!, v2!] });
    expect(v3!.content).toBe(v1!.content);
    expect(v3!.id).not.toBe(v1!.id);
    expect([v1!.version, v2!.version, v3!.version]).toEqual([1, 2, 3]);
    expect(v3!.previous).toBe(v2!.id);
    expect(v3!.changes.withdrawn).toEqual([{ contributor: 'bo', hash: work('bo', 'b1').hash, reason: 'agreement-withdrawn', inDatasets: [v2!.id] }]);
  });

  it('closes the allotment lineage of a writer who withdrew with an empty version that records it', () => {
    const agreements = new Map([['ana', agreement('ana')]]);
    const [, own] = buildDatasets({ works: [work('ana', 'a1')], agreements, withdrawals: none, rules, earlier: [] });
    const gone = new Map([['ana', agreement('ana', { withdrawn: '2026-06-01' })]]);
    const after = buildDatasets({ works: [], agreements: gone, withdrawals: ledger(gone), rules, earlier: [own!] });
    const closing = after.find((d) => d.kind === 'allotment');
    expect(closing).toMatchObject({ member: 'ana', version: 2, previous: own!.id, works: [] });
    expect(closing!.changes.withdrawn.map((w) => w.reason)).toEqual(['agreement-withdrawn']);
  });

  it('clears earlier versions of a withdrawn work’s title and file name, keeping its hash and the id', () => {
    const agreements = new Map([['ana', agreement('ana')]]);
    const works = [work('ana', 'a1'), work('ana', 'b2')];
    const [first] = buildDatasets({ works, agreements, withdrawals: none, rules, earlier: [] });
    const redacted = redactWithdrawn(first!, ledger(agreements, { ana: [works[0]!.hash] }));
    expect(redacted.id).toBe(first!.id);
    expect(redacted.works.find((w) => w.hash === works[0]!.hash)).not.toHaveProperty('title');
    expect(redacted.works.find((w) => w.hash === works[0]!.hash)).not.toHaveProperty('path');
    expect(redacted.works.find((w) => w.hash === works[1]!.hash)).toMatchObject({ title: 'b2', path: 'corpus/ana/b2.md' });
    expect(redactWithdrawn(redacted, ledger(agreements, { ana: [works[0]!.hash] }))).toBe(redacted);
  });
});

describe('planDatasetStage: what the dataset stage runs', () => {
  const agreements = new Map([
    ['ana', agreement('ana')],
    ['bo', agreement('bo')],
  ]);
  const inputs = (works: PreparedWork[], withdrawals = none) => ({ works, agreements, withdrawals, rules, lineages: [] as string[] });

  it('keeps every lineage whose works are the latest version’s, and builds the first version of a new one, saying why', () => {
    const works = [work('ana', 'a1'), work('bo', 'c3')];
    const earlier = buildDatasets({ ...inputs(works), earlier: [] });
    const { steps, needsHistory } = planDatasetStage(inputs(works), latestIn(earlier));
    expect(steps.map((s) => [s.action, s.reason])).toEqual(earlier.map((d) => ['keep', `its works are those of ${d.id}`]));
    expect(needsHistory).toBe(false);
    const built = buildDatasetSteps(steps, inputs(works), []);
    expect(built).toEqual({ datasets: earlier, added: [], kept: earlier.map((d) => d.id) });

    const first = planDatasetStage(inputs(works), () => undefined);
    expect(first.steps.every((s) => s.action === 'build' && s.reason === 'its first version')).toBe(true);
  });

  it('builds only the lineages that changed, and reads the history only when a work left one', () => {
    const works = [work('ana', 'a1'), work('bo', 'c3')];
    const earlier = buildDatasets({ ...inputs(works), earlier: [] });
    const added = planDatasetStage(inputs([...works, work('bo', 'd4')]), latestIn(earlier));
    expect(added.steps.map((s) => s.action)).toEqual(['build', 'keep', 'build']); // shared, ana's allotment, bo's allotment
    expect(added.needsHistory).toBe(false);

    const withdrawn = ledger(agreements, { ana: [works[0]!.hash] });
    const left = planDatasetStage(inputs([works[1]!], withdrawn), latestIn(earlier));
    expect(left.needsHistory).toBe(true);
    const built = buildDatasetSteps(left.steps, inputs([works[1]!], withdrawn), earlier);
    const shared = built.added.find((d) => d.kind === 'shared')!;
    // With the history, the new version names every dataset that held the withdrawn work.
    expect(shared.changes.withdrawn[0]!.inDatasets.sort()).toEqual(
      earlier
        .filter((d) => d.works.some((w) => w.hash === works[0]!.hash))
        .map((d) => d.id)
        .sort(),
    );
  });

  it('registers no version of a lineage that never held a work', () => {
    const built = buildDatasetSteps(planDatasetStage(inputs([]), () => undefined).steps, inputs([]), []);
    expect(built.datasets.length).toBeGreaterThan(0);
    expect(built.added).toEqual([]);
  });
});
