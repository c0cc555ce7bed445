/**
 * What every part of the site's view shares, worked out once: how each writer is named, what
 * is withdrawn, how datasets and models are labelled, and which models each dataset's content
 * trained. Pure.
 */
import { ledgerOf, publicIdentity, type PublicIdentity, type WithdrawalLedger } from '../../consent/index.ts';
import type { CheckedCoop } from '../../records/types.ts';
import type { DatasetManifest, ModelCard } from '../../schemas/index.ts';
import { datasetLabels, modelLabels, type Currency, type RecordLabel } from '../labels.ts';

export interface ViewContext {
  /** Identity by handle, for every contributor and board member with an agreement. */
  identities: Map<string, PublicIdentity>;
  ledger: WithdrawalLedger;
  datasetLabels: ReadonlyMap<string, RecordLabel & { currency: Currency }>;
  modelLabels: ReadonlyMap<string, RecordLabel>;
  /** Versions of the models trained on any of these datasets' content. */
  modelsOf: (datasetIds: readonly string[]) => string[];
}

/** The shared context of a site view over these records. */
export function viewContext(coop: CheckedCoop, datasets: readonly DatasetManifest[], cards: readonly ModelCard[]): ViewContext {
  const identities = new Map([...coop.agreements].map(([h, a]) => [h, publicIdentity(h, a.value)]));
  const identityOf = (h: string) => identities.get(h);
  return {
    identities,
    ledger: ledgerOf(coop),
    datasetLabels: datasetLabels(datasets, identityOf),
    modelLabels: modelLabels(cards, identityOf),
    modelsOf: modelsTrainedOn(datasets, cards),
  };
}

/** Models are trained on content: a version whose works equal an earlier one shares its models. */
function modelsTrainedOn(datasets: readonly DatasetManifest[], cards: readonly ModelCard[]): ViewContext['modelsOf'] {
  const contentOf = new Map(datasets.map((d) => [d.id, d.content]));
  return (ids) => {
    const contents = new Set(ids.map((id) => contentOf.get(id)));
    return cards.filter((c) => contents.has(contentOf.get(c.dataset))).map((c) => c.version);
  };
}

/** Records newest first (the registry lists them oldest first). */
export const byNewest = <T>(xs: readonly T[]): T[] => [...xs].reverse();
