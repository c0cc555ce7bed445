/** What a contributor's page shows, decided for it: what they agreed to in words, and the datasets and models their writing is in. Pure over the site's view. */
import { SCOPE_WORDS } from '../../consent/index.ts';
import type { ContributorView, DatasetView, ModelView, SiteView, WorkView } from '../view-types.ts';

/** How much of a full text the contributor's page shows before "Read all of…". */
export const PREVIEW_CHARS = 600;

export interface ContributorPage {
  /** What they agreed the co-op may do, "train the co-op's shared model; …", or "nothing yet". */
  agreed: string;
  /** Their shown works, each with the text the page shows: a full text cut to PREVIEW_CHARS (then `readAll`), or the excerpt. */
  works: Array<WorkView & { preview?: string; readAll: boolean }>;
  /** Datasets and models holding their writing, in the site's list order. */
  datasets: DatasetView[];
  models: ModelView[];
  /** Their own model (allotment), when one is current. */
  own: ModelView | undefined;
  /** Fingerprints of the works of theirs the records name that have been withdrawn, sorted. */
  withdrawnWorks: string[];
}

/** The page of contributor `c` in `view`. */
export function contributorPage(view: Pick<SiteView, 'datasetList' | 'modelList' | 'modelByVersion' | 'traces'>, c: ContributorView): ContributorPage {
  return {
    agreed: c.scopes.map((s) => SCOPE_WORDS[s].allows).join('; ') || 'nothing yet',
    works: c.works.map((w) => {
      const long = w.display === 'full' && !!w.shown && w.shown.length > PREVIEW_CHARS;
      return { ...w, ...(w.shown ? { preview: long ? `${w.shown.slice(0, PREVIEW_CHARS).trimEnd()} …` : w.shown } : {}), readAll: long };
    }),
    datasets: view.datasetList.filter((d) => c.datasets.includes(d.manifest.id)),
    models: view.modelList.filter((m) => c.models.includes(m.card.version)),
    own: c.allotment ? view.modelByVersion.get(c.allotment) : undefined,
    withdrawnWorks: view.traces.filter((t) => t.entries.some((e) => e.who.slug === c.slug && e.withdrawn)).map((t) => t.hash),
  };
}
