import { describe, expect, it } from 'vitest';
import { buildTimeline } from './timeline.ts';

describe('the timeline', () => {
  it('gives every event its own stable id, even two works withdrawn by one writer on one day', () => {
    const inputs = {
      mainLine: [],
      identities: new Map(),
      decisions: [],
      withdrawals: [
        { date: '2026-09-14', handle: 'sam', scope: 'work' as const },
        { date: '2026-09-14', handle: 'sam', scope: 'work' as const },
      ],
      cards: [],
    };
    const first = buildTimeline(inputs).map((e) => e.id);
    expect(new Set(first).size).toBe(2);
    // A later event does not renumber the earlier ones.
    const later = buildTimeline({ ...inputs, withdrawals: [...inputs.withdrawals, { date: '2026-10-01', handle: 'ana', scope: 'work' as const }] });
    expect(later.filter((e) => e.date === '2026-09-14').map((e) => e.id)).toEqual(first);
    for (const e of later) expect(e.id).not.toContain('sam');
  });

  it('names datasets and models in words when the site gives their names', () => {
    const events = buildTimeline({
      mainLine: [{ commit: 'c1', date: '2026-01-02T00:00:00Z', message: 'Merge pull request #4', changes: new Map([['registry/datasets/0123456789abcdef.json', 'A']]) }],
      identities: new Map(),
      decisions: [],
      withdrawals: [],
      cards: [],
      names: { dataset: () => 'Shared dataset, version 2', model: () => undefined },
    } as never);
    expect(events[0]?.title).toBe('Shared dataset, version 2 recorded');
  });
});
