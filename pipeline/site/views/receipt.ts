/**
 * A withdrawal receipt a writer can keep: for each of their withdrawn works, by fingerprint, every
 * dataset and model that held it (each with its id) and what became of it, and the current
 * datasets that hold none of it. Names no one the site does not name; holds no text. Pure over
 * the site's view.
 */
import type { SiteView } from '../view-types.ts';

export interface WithdrawalReceipt {
  receipt: 'commonplace-withdrawal-receipt@1';
  coop: string;
  /** The writer as the site names them. */
  writer: string;
  /** The day the site that issued it was built. */
  issuedOn: string;
  works: Array<{
    fingerprint: string;
    withdrawn: string;
    /** Datasets that held it; none built since does. */
    datasets: Array<{ id: string; name: string; status: string }>;
    /** Models trained on any of them, with what became of each. */
    models: Array<{ version: string; name: string; status: string; reason?: string }>;
  }>;
  /** The latest dataset of every lineage, and whether it still holds any work above (it does until the pipeline has run since the withdrawal). */
  currentDatasets: Array<{ id: string; name: string; holdsAny: boolean }>;
  /** True when no current dataset holds any of it. */
  complete: boolean;
}

/** The receipt of the writer whose page slug is `slug`, or undefined when nothing of theirs is withdrawn. */
export function withdrawalReceipt(view: Pick<SiteView, 'info' | 'builtOn' | 'traces' | 'datasetById' | 'modelByVersion' | 'datasets'>, slug: string): WithdrawalReceipt | undefined {
  const mine = view.traces.flatMap((t) => t.entries.filter((e) => e.who.slug === slug && e.withdrawn));
  if (mine.length === 0) return undefined;
  const current = view.datasets.filter((d) => d.label.currency === 'current');
  const gone = new Set(mine.map((e) => e.hash));
  const currentDatasets = current.map((d) => ({ id: d.manifest.id, name: d.label.name, holdsAny: d.manifest.works.some((w) => gone.has(w.hash)) }));
  return {
    receipt: 'commonplace-withdrawal-receipt@1',
    coop: view.info.name,
    writer: mine[0]!.who.name,
    issuedOn: view.builtOn,
    works: mine.map((e) => ({
      fingerprint: e.hash,
      withdrawn: e.withdrawn!,
      datasets: e.datasets.map((id) => ({ id, name: view.datasetById.get(id)?.label.name ?? id, status: view.datasetById.get(id)?.label.currency ?? 'unknown' })),
      models: e.models.map((v) => {
        const m = view.modelByVersion.get(v);
        return { version: v, name: m?.label.name ?? v, status: m?.card.status ?? 'unknown', ...(m?.card.statusReason ? { reason: m.card.statusReason } : {}) };
      }),
    })),
    currentDatasets,
    complete: currentDatasets.every((d) => !d.holdsAny),
  };
}
