import { describe, expect, it } from 'vitest';
import type { DatasetWork } from '../../schemas/index.ts';
import type { DatasetView, DecisionView, ModelView } from '../view-types.ts';
import { type AgendaInputs, boardAgenda } from './agenda.ts';

const ROOT = 'a'.repeat(40);
const MERGE = 'b'.repeat(40);
const BUILT_ON = '2026-03-20';

const decision = (id: string, value: Partial<DecisionView['value']>, review?: DecisionView['review']): DecisionView =>
  ({ id, slug: `${id}-x`, body: '', value: { title: `Decision ${id}`, status: 'accepted', date: '2026-01-01', ...value }, ...(review ? { review } : {}) }) as DecisionView;

const work = (hash: string, over: Partial<DatasetWork> = {}): DatasetWork =>
  ({ hash, contributor: 'ana', provenance: { merge: { commit: MERGE, date: '2026-01-02T00:00:00.000Z', approvedBy: ['Bea'] } }, ...over }) as DatasetWork;

const dataset = (id: string, works: DatasetWork[], currency: 'current' | 'superseded' = 'current'): DatasetView =>
  ({ manifest: { id, works }, label: { name: `Dataset ${id}`, currency }, models: [], merges: [] }) as unknown as DatasetView;

const model = (version: string, card: Record<string, unknown>): ModelView =>
  ({ card: { version, kind: 'shared', status: 'current', metrics: { validation: { bitsPerChar: 2 } }, ...card }, label: { name: `Model ${version}` } }) as unknown as ModelView;

const noWithdrawals: AgendaInputs['ledger'] = { isWithdrawn: () => false, dateOf: () => undefined };

const agenda = (over: Partial<AgendaInputs>) => boardAgenda({ decisions: [], datasets: [], models: [], ledger: noWithdrawals, firstCommits: new Set([ROOT]), builtOn: BUILT_ON, ...over });
const kinds = (over: Partial<AgendaInputs>) => agenda(over).map((i) => i.kind);

describe('what needs the board', () => {
  it('is nothing when every decision is settled, every work reviewed and every model better than the shared one', () => {
    expect(
      agenda({
        decisions: [decision('0001', {}), decision('0002', { reviewBy: '2027-01-01' }, { overdue: false, text: 'Review due by 2027-01-01' })],
        datasets: [dataset('d1', [work('h1')])],
        models: [model('m-1', {}), model('m-2', { kind: 'allotment', metrics: { validation: { bitsPerChar: 1.5 }, sharedModel: { bitsPerChar: 2 } } })],
      }),
    ).toEqual([]);
  });

  it('lists an accepted decision whose review is overdue, or due within a month, with its due date and the build-day words', () => {
    const items = agenda({
      decisions: [
        decision('0003', { reviewBy: '2026-01-02' }, { overdue: true, text: 'Review overdue: it was due on 2026-01-02, 77 days ago' }),
        decision('0004', { reviewBy: '2026-04-01' }, { overdue: false, text: 'Review due by 2026-04-01' }),
        decision('0005', { reviewBy: '2026-06-01' }, { overdue: false, text: 'Review due by 2026-06-01' }),
        // A review promised by a decision not accepted is no one's to do.
        decision('0006', { status: 'rejected', reviewBy: '2026-01-02' }),
      ],
    });
    expect(items.map((i) => [i.kind, i.link, i.due?.date, i.due?.overdue])).toEqual([
      ['review', '/governance/decisions/0003/', '2026-01-02', true],
      ['review', '/governance/decisions/0004/', '2026-04-01', false],
    ]);
    expect(items[0]!.due!.text).toContain('77 days ago');
  });

  it('lists a proposal, and only a proposal, as waiting for a decision', () => {
    const items = agenda({ decisions: [decision('0007', { status: 'proposed', title: 'License the model' }), decision('0008', { status: 'rejected' })] });
    expect(items).toEqual([{ kind: 'proposal', title: 'Decide on proposal 0007: License the model', link: '/governance/decisions/0007/' }]);
  });

  it("counts works of a current dataset with no approval on record, saying which came in with the repository's first commit", () => {
    const direct = work('h2', { provenance: { merge: { commit: MERGE, date: '2026-01-02T00:00:00.000Z', approvedBy: [] } } });
    const first = work('h3', { provenance: { merge: { commit: ROOT, date: '2026-01-01T00:00:00.000Z', approvedBy: [] } } });
    const items = agenda({ datasets: [dataset('d2', [work('h1'), direct, first]), dataset('d1', [direct], 'superseded')] });
    expect(items).toEqual([{ kind: 'unreviewed', title: "2 works in Dataset d2 have no recorded review (1 came in with the repository's first commit)", link: '/datasets/d2/#merges' }]);
    expect(agenda({ datasets: [dataset('d3', [first])] })[0]?.title).toBe("1 work in Dataset d3 has no recorded review (it came in with the repository's first commit, so no review history exists)");
  });

  it('lists a held-back model with why', () => {
    const items = agenda({ models: [model('m-3', { status: 'held-back', statusReason: 'it repeats 600 characters verbatim' }), model('m-4', { status: 'retired' })] });
    expect(items).toEqual([{ kind: 'held-back', title: 'Model m-3 is held back: it repeats 600 characters verbatim', link: '/models/m-3/' }]);
  });

  it("lists a member's current own model that does no better than the shared model on the same held-out works", () => {
    const behind = { validation: { bitsPerChar: 2.1 }, sharedModel: { bitsPerChar: 2 } };
    expect(
      kinds({
        models: [
          model('m-5', { kind: 'allotment', metrics: behind }),
          model('m-6', { kind: 'allotment', metrics: { validation: { bitsPerChar: 1.9 }, sharedModel: { bitsPerChar: 2 }, keptStep: { step: 0, of: 5, every: 1 } } }),
          model('m-7', { kind: 'allotment', status: 'superseded', metrics: behind }),
          model('m-8', { kind: 'shared', metrics: behind }),
        ],
      }),
    ).toEqual(['allotment-behind', 'allotment-behind']);
  });

  it('lists a withdrawal a current dataset still holds, or the registry still names, by its date and never by its writer', () => {
    const ledger: AgendaInputs['ledger'] = { isWithdrawn: (h, hash) => h === 'sam' && hash !== 'h9', dateOf: () => '2026-06-01' };
    const sams = work('h5', { contributor: 'sam', title: 'The Barbecue', path: 'corpus/sam/barbecue.md' });
    const held = agenda({ ledger, datasets: [dataset('d5', [sams])] });
    expect(held).toEqual([{ kind: 'withdrawal', title: 'A withdrawal of 2026-06-01 is not applied yet: Dataset d5 still holds its writing; the next pipeline run applies it', link: '/datasets/d5/' }]);
    expect(JSON.stringify(held)).not.toMatch(/sam|Barbecue/);
    expect(agenda({ ledger, datasets: [dataset('d6', []), dataset('d4', [sams], 'superseded')] })[0]?.title).toContain('the records of Dataset d4 still name it');
    // Applied: the current dataset left it out and the old record keeps only its hash.
    expect(agenda({ ledger, datasets: [dataset('d6', []), dataset('d4', [work('h5', { contributor: 'sam' })], 'superseded')] })).toEqual([]);
  });

  it('puts reviews first, then proposals, withdrawals, held-back models, own models behind and unreviewed works', () => {
    const ledger: AgendaInputs['ledger'] = { isWithdrawn: (h) => h === 'sam', dateOf: () => '2026-06-01' };
    expect(
      kinds({
        ledger,
        datasets: [dataset('d7', [work('h1', { provenance: null }), work('h5', { contributor: 'sam' })])],
        models: [model('m-9', { kind: 'allotment', metrics: { validation: { bitsPerChar: 3 }, sharedModel: { bitsPerChar: 2 } } }), model('m-10', { status: 'held-back' })],
        decisions: [decision('0009', { status: 'proposed' }), decision('0010', { reviewBy: '2026-03-01' }, { overdue: true, text: 'overdue' })],
      }),
    ).toEqual(['review', 'proposal', 'withdrawal', 'held-back', 'allotment-behind', 'unreviewed']);
  });
});
