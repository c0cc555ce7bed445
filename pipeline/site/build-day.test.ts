import { describe, expect, it } from 'vitest';
import { coop } from '../testing/coop-builder.ts';
import { buildDay, loadSiteView } from './load.ts';

describe('the day a site is built for', () => {
  it('is SOURCE_DATE_EPOCH when set (a reproducible build), today otherwise, and a bad value says how to fix it', () => {
    const now = new Date('2026-12-06T23:59:00Z');
    expect(buildDay({ SOURCE_DATE_EPOCH: '1780000000' }, now)).toBe('2026-05-28');
    expect(buildDay({}, now)).toBe('2026-12-06');
    expect(buildDay({ SOURCE_DATE_EPOCH: '' }, now)).toBe('2026-12-06');
    expect(() => buildDay({ SOURCE_DATE_EPOCH: 'yesterday' }, now)).toThrow(/SOURCE_DATE_EPOCH is "yesterday".*git log -1 --format=%ct/);
  });

  it('is an input of the view: who serves and which reviews are due follow it, not the clock', async () => {
    const b = coop().member('ana').work('ana', 'river').decision('0002-try-a-thing', { reviewBy: '2026-07-01' });
    b.board.members[2]!.terms = [{ from: '2026-01-01', to: '2026-06-30', roles: ['steward'] }];
    const root = await b.write();
    const june = await loadSiteView(root, '2026-06-15');
    const august = await loadSiteView(root, '2026-08-01');
    const decision = (v: typeof june) => v.decisions.find((d) => d.id === '0002')!;
    expect(decision(june).review).toEqual({ overdue: false, text: 'Review due by 2026-07-01' });
    expect(decision(august).review).toEqual({ overdue: true, text: 'Review overdue: it was due on 2026-07-01, 31 days ago' });
    expect(june.board.map((m) => m.serving)).toEqual([true, true, true]);
    expect(august.board.map((m) => m.serving)).toEqual([true, true, false]);
    expect([june.builtOn, august.builtOn]).toEqual(['2026-06-15', '2026-08-01']);
  });
});
