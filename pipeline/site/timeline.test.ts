import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainLineChanges } from '../git/index.ts';
import { GitFixture } from '../testing/git-fixture.ts';
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

  it('dates a donation by when it reached the main line, not by when its author wrote it (a rebase or squash merge)', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'timeline-'));
    const git = await GitFixture.init(root);
    await mkdir(path.join(root, 'corpus/ana'), { recursive: true });
    await writeFile(path.join(root, 'corpus/ana/river.md'), 'text');
    await git.git('add', '-A');
    // Written long before; the fixture's committer date is when it landed.
    await git.git('commit', '-q', '-m', 'Donate a poem (#3)', '--date=2024-02-03T10:00:00Z');
    const [commit] = await mainLineChanges(root, ['corpus']);
    expect(commit?.date.slice(0, 10)).toBe('2024-02-03');
    const events = buildTimeline({ mainLine: [commit!], identities: new Map(), decisions: [], withdrawals: [], cards: [] });
    expect(events[0]?.kind).toBe('donation');
    expect(events[0]?.date).toBe(commit!.committed);
    expect(events[0]?.date.slice(0, 4)).toBe('2026');
  });
});
