/** Every dataset version with its label, owner, models and the merges its works came in by. Pure. */
import type { DatasetManifest } from '../../schemas/index.ts';
import type { DatasetView } from '../view-types.ts';
import { byNewest, type ViewContext } from './context.ts';

/** Datasets newest first. */
export function datasetViews(datasets: readonly DatasetManifest[], { identities, datasetLabels, modelsOf }: ViewContext): DatasetView[] {
  return byNewest(datasets).map((manifest) => ({
    manifest,
    label: datasetLabels.get(manifest.id)!,
    ...(manifest.member ? { owner: identities.get(manifest.member) } : {}),
    models: modelsOf([manifest.id]),
    merges: mergesOf(manifest),
  }));
}

/** The main-line merges that brought a dataset's works in, newest first, with how many works each brought. */
function mergesOf(manifest: DatasetManifest): DatasetView['merges'] {
  const merges = new Map<string, DatasetView['merges'][number]>();
  for (const w of manifest.works) {
    const m = w.provenance?.merge;
    if (!m) continue;
    const e = merges.get(m.commit) ?? { commit: m.commit, date: m.date, ...(m.pullRequest ? { pullRequest: m.pullRequest } : {}), approvedBy: m.approvedBy, works: 0 };
    e.works++;
    merges.set(m.commit, e);
  }
  return [...merges.values()].sort((a, b) => b.date.localeCompare(a.date));
}
