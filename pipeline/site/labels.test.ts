import { describe, expect, it } from 'vitest';
import type { PublicIdentity } from '../consent/index.ts';
import type { DatasetManifest, ModelCard } from '../schemas/index.ts';
import { changesInWords, currentFirst, datasetLabels, decisionHeadline, lineageName, modelLabels, reviewInWords } from './labels.ts';

const ana: PublicIdentity = { slug: 'ana', name: 'Ana Okafor', display: 'name' };
const identityOf = (h: string) => (h === 'ana' ? ana : undefined);

const manifest = (id: string, kind: 'shared' | 'allotment', version: number, member?: string) => ({ id, kind, version, ...(member ? { member } : {}) }) as DatasetManifest;
const card = (version: string, kind: 'shared' | 'allotment', status: string, member?: string) => ({ version, kind, status, ...(member ? { member } : {}) }) as unknown as ModelCard;

describe('labels', () => {
  it('name a lineage in words, with the owner for a member’s own', () => {
    expect(lineageName('dataset', 'shared', undefined)).toBe('Shared dataset');
    expect(lineageName('model', 'allotment', ana)).toBe("Ana Okafor's own model");
  });

  it('number datasets by their manifest version and call only the latest of each lineage current', () => {
    const labels = datasetLabels([manifest('a', 'shared', 1), manifest('b', 'allotment', 1, 'ana'), manifest('c', 'shared', 2)], identityOf);
    expect(labels.get('a')).toMatchObject({ name: 'Shared dataset, version 1', currency: 'superseded' });
    expect(labels.get('c')).toMatchObject({ name: 'Shared dataset, version 2', currency: 'current' });
    expect(labels.get('b')).toMatchObject({ name: "Ana Okafor's own dataset, version 1", currency: 'current' });
  });

  it('number models in the order the registry lists them, each lineage counting on its own', () => {
    const labels = modelLabels([card('m-1', 'shared', 'retired'), card('m-2', 'allotment', 'current', 'ana'), card('m-3', 'shared', 'current')], identityOf);
    expect([...labels.values()].map((l) => l.name)).toEqual(['Shared model, version 1', "Ana Okafor's own model, version 1", 'Shared model, version 2']);
  });

  it('list current records first, the shared one before members’ own, otherwise keeping the order given', () => {
    const newestFirst = [card('m-4', 'allotment', 'current', 'ana'), card('m-3', 'shared', 'superseded'), card('m-2', 'shared', 'current'), card('m-1', 'shared', 'retired')];
    expect(
      currentFirst(
        newestFirst,
        (c) => c.status,
        (c) => c.kind === 'shared',
      ).map((c) => c.version),
    ).toEqual(['m-2', 'm-4', 'm-3', 'm-1']);
  });

  it('say what changed in words instead of symbols', () => {
    const changes = (added: number, changed: number, removed: number, withdrawn: number) => ({
      added: Array(added).fill('h'),
      changed: Array(changed).fill({}),
      removed: Array(removed).fill({}),
      withdrawn: Array(withdrawn).fill({}),
    });
    const m = (c: ReturnType<typeof changes>, previous: string | null = 'p') => ({ changes: c, previous, totals: { all: { works: 12 } } }) as never;
    expect(changesInWords(m(changes(3, 1, 0, 1)))).toBe('3 works added, 1 changed, 1 withdrawn');
    expect(changesInWords(m(changes(0, 0, 0, 1)))).toBe('1 work withdrawn');
    expect(changesInWords(m(changes(0, 0, 0, 0)))).toBe('no change in its works');
    expect(changesInWords(m(changes(12, 0, 0, 0), null))).toBe('the first version: 12 works');
  });

  it('quote a rejected decision as the proposal, so its title never reads as granted', () => {
    expect(decisionHeadline('rejected', 'License the model to a publisher')).toBe('Rejected: the proposal “License the model to a publisher”');
    expect(decisionHeadline('accepted', 'Allow a public demo')).toBe('Accepted: Allow a public demo');
    expect(decisionHeadline('proposed', 'Allow a public demo')).toMatch(/^Proposed, not yet decided/);
  });

  it('say when a promised review is due, and by how many days it is overdue', () => {
    expect(reviewInWords('2026-09-18', '2026-09-01')).toEqual({ overdue: false, text: 'Review due by 2026-09-18' });
    expect(reviewInWords('2026-09-18', '2026-09-19')).toEqual({ overdue: true, text: 'Review overdue: it was due on 2026-09-18, 1 day ago' });
    expect(reviewInWords('2026-09-18', '2026-12-04').text).toContain('77 days ago');
  });
});
