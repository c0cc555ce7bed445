import { describe, expect, it } from 'vitest';
import { publicIdentity } from '../../consent/index.ts';
import type { DatasetManifest } from '../../schemas/index.ts';
import type { DatasetView, SiteView } from '../view-types.ts';
import { datasetPage, LIST_LIMIT } from './dataset-page.ts';

const anon = publicIdentity('zed', { publicName: { display: 'anonymous' }, scopes: ['train-shared'] } as never);
const ana = publicIdentity('ana', { publicName: { display: 'name', name: 'Ana Okafor' }, scopes: ['train-shared'] } as never);

/** A shared dataset's manifest, bent by `over`: only what the page view reads. */
const manifest = (over: Record<string, unknown> = {}): DatasetManifest =>
  ({
    id: 'd-2',
    scope: 'train-shared',
    previous: 'd-1',
    totals: { all: { works: 2 } },
    works: [],
    breakdown: { contributor: {}, form: {}, language: {}, scope: {} },
    changes: { added: [], changed: [], removed: [], withdrawn: [] },
    ...over,
  }) as unknown as DatasetManifest;

const view = (over: Partial<SiteView> = {}) =>
  ({
    identities: new Map([
      ['ana', ana],
      ['zed', anon],
    ]),
    datasetById: new Map([['d-1', { label: { name: 'Shared dataset, version 1' } }]]),
    modelByVersion: new Map(),
    board: [{ handle: 'bea', name: 'Bea Steward' }],
    policy: { review: { approvalsToMerge: 2 } },
    pullRequestUrl: () => undefined,
    ...over,
  }) as unknown as SiteView;
const page = (m: DatasetManifest, v = view(), merges: DatasetView['merges'] = []) => datasetPage(v, { manifest: m, models: [], merges } as unknown as DatasetView);

describe('the dataset page', () => {
  it('names each writer in the breakdown as the site names them, linking their page, and never by handle', () => {
    const p = page(
      manifest({
        breakdown: {
          contributor: { ana: { works: 1, characters: 10 }, zed: { works: 1, characters: 5 }, gone: { works: 1, characters: 1 } },
          form: {},
          language: {},
          scope: { 'train-shared': { works: 3, characters: 16 } },
        },
      }),
    );
    expect(p.breakdown.contributor).toEqual([
      { label: 'Ana Okafor', href: '/contributors/ana/', works: 1, characters: 10 },
      { label: anon.name, href: `/contributors/${anon.slug}/`, works: 1, characters: 5 },
      { label: 'a writer', works: 1, characters: 1 },
    ]);
    expect(JSON.stringify(p.breakdown.contributor)).not.toContain('zed');
    expect(p.breakdown.scope[0]!.label).toBe('Shared model');
  });

  it('gives an added work its title only where the manifest keeps one, and counts what the list leaves out', () => {
    const added = Array.from({ length: LIST_LIMIT + 3 }, (_, i) => String(i).padStart(64, '0'));
    const p = page(manifest({ works: [{ hash: added[0], title: 'The River' }, { hash: added[1] }], changes: { added, changed: [], removed: [], withdrawn: [] } }));
    expect(p.added.slice(0, 2)).toEqual([{ hash: added[0], title: 'The River' }, { hash: added[1] }]);
    expect([p.added.length, p.moreAdded]).toEqual([LIST_LIMIT, 3]);
    expect(p.changes).toBe('103 works added.');
  });

  it('says why a withdrawn work left and names the datasets that held it', () => {
    const withdrawn = [{ hash: 'a'.repeat(64), reason: 'agreement-withdrawn', inDatasets: ['d-1', 'd-gone'] }];
    expect(page(manifest({ changes: { added: [], changed: [], removed: [], withdrawn } })).withdrawn).toEqual([
      {
        hash: 'a'.repeat(64),
        why: 'the writer withdrew',
        inDatasets: [
          { id: 'd-1', name: 'Shared dataset, version 1' },
          { id: 'd-gone', name: 'd-gone' },
        ],
      },
    ]);
  });

  it('names the stewards who approved each merge, links a pull request only when the co-op names its repository, and counts unreviewed works', () => {
    const merges = [{ commit: 'c'.repeat(40), date: '2026-03-01', pullRequest: 7, approvedBy: ['bea', 'cai'], works: 2 }];
    const works = [{ provenance: { merge: { approvedBy: ['bea'] } } }, { provenance: { merge: { approvedBy: [] } } }, {}];
    const without = page(manifest({ works }), view(), merges);
    expect(without.merges).toEqual([{ commit: 'c'.repeat(40), date: '2026-03-01', pullRequest: 7, approvers: ['Bea Steward', 'cai'], works: 2 }]);
    expect([without.unreviewed, without.approvalsNeeded]).toEqual([2, 2]);
    const linked = page(manifest({ works }), view({ pullRequestUrl: (n) => `https://example.org/coop/pull/${n}` }), merges);
    expect(linked.merges[0]!.pullRequestUrl).toBe('https://example.org/coop/pull/7');
  });
});
