/** Which works get a page of their own: only those whose writers allowed the full text on the site. Pure over the site's view. */
import type { SiteView, WorkView } from '../view-types.ts';

export interface WorkPage {
  work: WorkView;
  /** The writer as the site names them, and their page's slug. */
  writer: { name: string; slug: string };
}

/** Every work page, in the order of the site's works. */
export function workPages(view: Pick<SiteView, 'works' | 'identities'>): WorkPage[] {
  return view.works
    .filter((w) => w.display === 'full' && w.url)
    .map((w) => {
      const who = view.identities.get(w.handle)!;
      return { work: w, writer: { name: who.name, slug: who.slug } };
    });
}
