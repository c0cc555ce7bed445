/** The models whose dataset the site holds, and each one's contribution ledger. */
import { modelLedger, type ModelLedger } from '../../pipeline/site/pages.ts';
import { siteView } from './data.ts';

export async function modelsWithLedgers(): Promise<Array<{ params: { version: string } }>> {
  const view = await siteView();
  return view.models.filter((m) => view.datasetById.has(m.card.dataset)).map((m) => ({ params: { version: m.card.version } }));
}

export async function ledgerOfModel(version: string): Promise<ModelLedger> {
  const view = await siteView();
  const card = view.modelByVersion.get(version)!.card;
  return modelLedger(card, view.datasetById.get(card.dataset)!.manifest, view.identities);
}
