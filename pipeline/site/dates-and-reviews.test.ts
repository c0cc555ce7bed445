/**
 * Dates and reviews when the history cannot give them: a co-op made from a template has one
 * commit holding everything, so its date is only when the repository was made and no review
 * of it exists. Real temporary git repositories.
 */
import { describe, expect, it } from 'vitest';
import { runDatasetStage } from '../dataset/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { loadSiteView } from './load.ts';
import { FIRST_COMMIT_WORDS, reviewOf, reviewRecordInWords, UNREVIEWED_WORDS } from './review-history.ts';
import type { SiteView } from './view-types.ts';
import { datasetPage } from './views/dataset-page.ts';

const BUILT_ON = '2026-12-07';

/** Ana signed on 2025-11-05, Bo on 2026-02-01 (the builder's default), Cy on 2026-03-09; decision 0001 is of 2026-01-15. */
const threeWriters = () =>
  coop().member('ana', { signed: '2025-11-05' }).work('ana', 'river').work('ana', 'bread').member('bo').work('bo', 'tide').member('cy', { signed: '2026-03-09' }).work('cy', 'salt').write();

async function siteOf(root: string): Promise<SiteView> {
  const built = await runDatasetStage(root);
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  return loadSiteView(root, BUILT_ON);
}

const donations = (view: SiteView) => view.timeline.filter((e) => e.kind === 'donation').map((e) => [e.title, e.date.slice(0, 10), e.datedFrom ?? 'git']);
const shared = (view: SiteView) => view.datasets.find((d) => d.manifest.kind === 'shared')!;
const reviewWords = (view: SiteView) => new Map(shared(view).manifest.works.map((w) => [w.path, reviewRecordInWords(reviewOf(w.provenance, view.firstCommits))]));

describe('a repository whose one commit holds everything', () => {
  it('dates each donation from its writer’s agreement, not the day the repository was made, and keeps the decisions’ own dates', async () => {
    const root = await threeWriters();
    const git = await GitFixture.init(root);
    await git.commitAll('Found the co-op');
    const view = await siteOf(root);
    expect(donations(view).sort()).toEqual([
      ['Writer ana donated 2 works', '2025-11-05', 'agreement'],
      ['Writer bo donated 1 work', '2026-02-01', 'agreement'],
      ['Writer cy donated 1 work', '2026-03-09', 'agreement'],
    ]);
    expect(view.timeline.find((e) => e.kind === 'decision')?.date).toBe('2026-01-15');
    // Newest first, by those dates: Cy's donation after decision 0001, Ana's before it.
    expect(view.timeline.map((e) => (e.kind === 'decision' ? 'decision' : e.title)).filter((t) => t === 'decision' || t.includes('donated'))).toEqual([
      'Writer cy donated 1 work',
      'Writer bo donated 1 work',
      'decision',
      'Writer ana donated 2 works',
    ]);
  });

  it('says plainly that review history is missing, not that the works were committed past the board', async () => {
    const root = await threeWriters();
    const git = await GitFixture.init(root);
    await git.commitAll('Found the co-op');
    const view = await siteOf(root);
    expect(new Set(reviewWords(view).values())).toEqual(new Set([FIRST_COMMIT_WORDS]));
    expect(FIRST_COMMIT_WORDS).toBe("review history is missing: this work came in with the repository's first commit");
    const page = datasetPage(view, shared(view));
    expect([page.missingHistory, page.unreviewed]).toEqual([4, 0]);
    expect(page.merges.map((m) => m.firstCommit ?? false)).toEqual([true]);
    expect(view.agenda.find((i) => i.kind === 'unreviewed')?.title).toContain("came in with the repository's first commit");
  });
});

describe('a repository with a history', () => {
  it('keeps git’s dates for donations after the first commit, and tells a reviewed merge from a direct commit', async () => {
    const root = await threeWriters();
    const git = await GitFixture.init(root);
    await git.git('add', '-A');
    await git.git('reset', '-q', '--', 'corpus/bo', 'corpus/cy');
    await git.git('commit', '-q', '-m', 'Found the co-op');
    await git.git('checkout', '-q', '-b', 'donate-tide');
    await git.git('add', 'corpus/bo');
    await git.git('commit', '-q', '-m', 'Donate a poem');
    await git.git('checkout', '-q', 'main');
    const merge = await git.merge('donate-tide', 'Merge pull request #2 from bo/donate-tide\n\nReviewed-by: Bea Steward <bea@example.invalid>');
    await git.commitAll('Add a poem straight to main');
    const view = await siteOf(root);
    const mergedOn = (await git.git('show', '-s', '--format=%cI', merge)).slice(0, 10);
    const cyOn = (await git.git('show', '-s', '--format=%cI', 'HEAD')).slice(0, 10);
    expect(donations(view).sort()).toEqual([
      ['Writer ana donated 2 works', '2025-11-05', 'agreement'],
      ['Writer bo donated 1 work', mergedOn, 'git'],
      ['Writer cy donated 1 work', cyOn, 'git'],
    ]);
    const words = reviewWords(view);
    expect(words.get('corpus/ana/river.md')).toBe(FIRST_COMMIT_WORDS);
    expect(words.get('corpus/bo/tide.md')).toBe('approved by Bea Steward');
    expect(words.get('corpus/cy/salt.md')).toBe(UNREVIEWED_WORDS);
    const page = datasetPage(view, shared(view));
    expect([page.missingHistory, page.unreviewed]).toEqual([2, 1]);
  });
});

describe('a co-op that is not a git repository', () => {
  it('still shows each writer’s donations, dated from their agreement', async () => {
    const view = await loadSiteView(await threeWriters(), BUILT_ON);
    expect(donations(view).sort()).toEqual([
      ['Writer ana donated 2 works', '2025-11-05', 'agreement'],
      ['Writer bo donated 1 work', '2026-02-01', 'agreement'],
      ['Writer cy donated 1 work', '2026-03-09', 'agreement'],
    ]);
  });
});
