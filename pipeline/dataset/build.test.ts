import { describe, expect, it } from 'vitest';
import type { Agreement, WorkFrontMatter } from '../schemas/index.ts';
import { buildDatasets, datasetId, type PreparedWork } from './build.ts';

const agreement = (handle: string, over: Partial<Agreement> = {}): Agreement => ({
  handle, publicName: { display: 'name', name: handle }, agreementVersion: '1.0', signed: '2026-01-01', signature: handle,
  scopes: ['train-shared', 'train-own', 'display-excerpts'], ...over,
});
const work = (handle: string, slug: string, meta: Partial<WorkFrontMatter> = {}): PreparedWork => ({
  path: `corpus/${handle}/${slug}.md`, handle, hash: `${slug.padEnd(8, '0')}`.repeat(8).slice(0, 64).replace(/[^0-9a-f]/g, 'a'),
  characters: 10, words: 2, lines: 1, provenance: null,
  meta: { title: slug, contributor: handle, language: 'en', form: 'poem', scopes: ['train-shared', 'train-own', 'display-excerpts'], ...meta },
});
const rules = { validationRatio: 0.1, minValidationWorks: 1 };

describe('buildDatasets', () => {
  it('gives the same id whatever order the works come in', () => {
    const works = [work('ana', 'a1'), work('ana', 'b2'), work('bo', 'c3')];
    const agreements = new Map([['ana', agreement('ana')], ['bo', agreement('bo')]]);
    const one = buildDatasets({ works, agreements, rules, earlier: [] });
    const two = buildDatasets({ works: [...works].reverse(), agreements, rules, earlier: [] });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('changes the id when the split rule changes, and between lineages with the same works', () => {
    const h = ['a'.repeat(64)];
    expect(datasetId({ kind: 'shared' }, h, 'r1')).not.toBe(datasetId({ kind: 'shared' }, h, 'r2'));
    expect(datasetId({ kind: 'shared' }, h, 'r1')).not.toBe(datasetId({ kind: 'allotment', member: 'ana' }, h, 'r1'));
  });

  it('needs the scope on both the work and the agreement', () => {
    const agreements = new Map([['ana', agreement('ana', { scopes: ['train-own'] })], ['bo', agreement('bo')]]);
    const works = [work('ana', 'a1'), work('bo', 'b1', { scopes: ['train-own'] }), work('bo', 'b2')];
    const [shared, ...own] = buildDatasets({ works, agreements, rules, earlier: [] });
    expect(shared!.works.map((w) => w.path)).toEqual(['corpus/bo/b2.md']);
    expect(own.map((d) => [d.member, d.works.length])).toEqual([['ana', 1], ['bo', 2]]);
  });

  it('shows a title only when the work allows display', () => {
    const agreements = new Map([['ana', agreement('ana')]]);
    const works = [work('ana', 'a1'), work('ana', 'b2', { scopes: ['train-shared'] })];
    const [shared] = buildDatasets({ works, agreements, rules, earlier: [] });
    expect(shared!.works.map((w) => [w.path, w.title])).toEqual(expect.arrayContaining([['corpus/ana/a1.md', 'a1'], ['corpus/ana/b2.md', undefined]]));
  });

  it('tells withdrawn works from removed ones, and keeps a title only while display consent stands', () => {
    const agreements = new Map([['ana', agreement('ana')]]);
    const works = [work('ana', 'a1'), work('ana', 'b2'), work('ana', 'c3')];
    const [first] = buildDatasets({ works, agreements, rules, earlier: [] });
    const later = [work('ana', 'a1', { withdrawn: '2026-05-01' }), work('ana', 'c3')];
    const [second] = buildDatasets({ works: later, agreements, rules, earlier: [first!] });
    expect(second!.changes.withdrawn).toEqual([{ contributor: 'ana', hash: works[0]!.hash, title: 'a1', reason: 'work-withdrawn', inDatasets: [first!.id] }]);
    expect(second!.changes.removed).toEqual([{ path: 'corpus/ana/b2.md', hash: works[1]!.hash }]);
  });
});
