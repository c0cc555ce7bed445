/** Every contributor with an agreement, as the site names them, with their shown works and where their writing is used. Pure. */
import type { CheckedCoop } from '../../records/types.ts';
import type { DatasetManifest, ModelCard } from '../../schemas/index.ts';
import type { ContributorView, WorkView } from '../view-types.ts';
import type { ViewContext } from './context.ts';

/** Contributors sorted by the name the site shows (then by page slug). */
export function contributorViews(
  coop: CheckedCoop,
  works: readonly WorkView[],
  datasets: readonly DatasetManifest[],
  cards: readonly ModelCard[],
  { identities, modelsOf }: ViewContext,
): ContributorView[] {
  const datasetsOf = datasetsByWriter(datasets);
  return [...coop.agreements.keys()]
    .sort()
    .map((handle) => {
      const id = identities.get(handle)!;
      const own = works.filter((w) => w.handle === handle);
      const inData = datasetsOf(handle);
      const allotment = [...cards].reverse().find((c) => c.kind === 'allotment' && c.member === handle && c.status === 'current');
      return {
        ...id,
        handle,
        works: own.filter((w) => w.display !== 'none'),
        hiddenWorks: own.filter((w) => w.display === 'none').length,
        datasets: inData,
        models: modelsOf(inData),
        ...(allotment ? { allotment: allotment.version } : {}),
        scopes: id.withdrawn ? [] : [...coop.agreements.get(handle)!.value.scopes].sort(),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
}

/** One pass over every dataset's works: which datasets hold each contributor's writing, in registry order. */
function datasetsByWriter(datasets: readonly DatasetManifest[]): (handle: string) => string[] {
  const byHandle = new Map<string, string[]>();
  for (const d of datasets) {
    for (const handle of new Set(d.works.map((w) => w.contributor))) byHandle.set(handle, [...(byHandle.get(handle) ?? []), d.id]);
  }
  return (handle) => byHandle.get(handle) ?? [];
}
