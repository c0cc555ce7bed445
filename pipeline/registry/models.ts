/** Reading the model registry: `registry/models/index.json` and one card per version. */
import { error, type Problem } from '../problems.ts';
import { ModelCard, ModelIndex } from '../schemas/index.ts';
import { readRecord, type Read } from './read-json.ts';

export const MODELS_DIR = 'registry/models';

/** Every model card, in index order. A co-op with no models yet has none. */
export async function readModelRegistry(root: string): Promise<Read<{ index: ModelIndex; cards: ModelCard[] }>> {
  const index = await readRecord(root, `${MODELS_DIR}/index.json`, ModelIndex);
  if (index && !index.ok) return index;
  const idx: ModelIndex = index?.value ?? { schemaVersion: 1, models: [] };
  const cards: ModelCard[] = [];
  const problems: Problem[] = [];
  for (const { version } of idx.models) {
    const rel = `${MODELS_DIR}/${version}.json`;
    const card = await readRecord(root, rel, ModelCard);
    if (!card) problems.push(error('registry/missing-card', rel, `is listed in ${MODELS_DIR}/index.json but missing`, { hint: 'restore it from git' }));
    else if (!card.ok) problems.push(...card.problems);
    else cards.push(card.value);
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: { index: idx, cards } };
}
