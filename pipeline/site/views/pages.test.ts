import { describe, expect, it } from 'vitest';
import { coop } from '../../testing/coop-builder.ts';
import { loadSiteView } from '../load.ts';
import { contributorPage } from './contributor-page.ts';
import { decisionPage } from './decision-page.ts';
import { workPages } from './work-pages.ts';

describe("the contributor, work and decision pages' views", () => {
  it('keep a work without display consent out of the view: no title, no text, no page, only a count', async () => {
    const b = coop()
      .member('ana')
      .work('ana', 'open-river', { title: 'The Open River' })
      .work('ana', 'private-lake', { title: 'The Private Lake', scopes: ['train-shared'] });
    const view = await loadSiteView(await b.write(), '2026-06-02');
    const hidden = view.works.find((w) => w.slug === 'private-lake')!;
    expect([hidden.title, hidden.shown, hidden.url]).toEqual([undefined, undefined, undefined]);
    const ana = view.contributors.find((c) => c.handle === 'ana')!;
    const p = contributorPage(view, ana);
    expect(p.works.map((w) => w.title)).toEqual(['The Open River']);
    expect(ana.hiddenWorks).toBe(1);
    expect(workPages(view).map((w) => [w.writer.name, w.work.title])).toEqual([['Writer ana', 'The Open River']]);
    expect(JSON.stringify([view.works, p, workPages(view)])).not.toContain('Private Lake');
  });

  it('cut a long full text on the contributor page and offer the rest, but show a short one whole', async () => {
    const long = `${'word '.repeat(200)}\n`;
    const b = coop().member('ana').work('ana', 'long', { body: long }).work('ana', 'short', { body: 'Brief.\n' });
    const view = await loadSiteView(await b.write(), '2026-06-02');
    const p = contributorPage(view, view.contributors.find((c) => c.handle === 'ana')!);
    const [longWork, shortWork] = ['long', 'short'].map((slug) => p.works.find((w) => w.slug === slug)!);
    expect(longWork!.readAll).toBe(true);
    expect(longWork!.preview).toMatch(/word …$/);
    expect(longWork!.preview!.length).toBeLessThan(long.length);
    expect([shortWork!.readAll, shortWork!.preview]).toEqual([false, 'Brief.\n']);
  });

  it('name the voters on a decision by the names the board gave, and "nobody" for an empty side', async () => {
    const b = coop().decision('0002-open-demo', { title: 'Open the demo', votes: { for: ['bea', 'cai'], against: [], abstain: ['dee'] } });
    const view = await loadSiteView(await b.write(), '2026-06-02');
    const p = decisionPage(view, view.decisions.find((d) => d.id === '0002')!);
    expect(p).toEqual({ title: 'Decision 0002. Accepted: Open the demo', votes: { for: 'BEA, CAI', against: 'nobody', abstain: 'DEE' } });
  });
});
