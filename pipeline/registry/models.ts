/** Reading the model registry: `registry/models/index.json` and one card per version. */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { error, type Problem } from '../problems.ts';
import { ModelCard, ModelIndex, validateRecord } from '../schemas/index.ts';

export const MODELS_DIR = 'registry/models';

type Read<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

async function readValid<T>(root: string, rel: string, schema: Parameters<typeof validateRecord>[0]): Promise<Read<T> | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(root, rel), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [error('registry/bad-json', rel, `is not valid JSON: ${(e as Error).message}`, { hint: 'restore it from git' })] };
  }
  const v = validateRecord(schema, data, { file: rel });
  return v.ok ? { ok: true, value: v.value as T } : v;
}

/** Every model card, in index order. A co-op with no models yet has none. */
export async function readModelRegistry(root: string): Promise<Read<{ index: ModelIndex; cards: ModelCard[] }>> {
  const index = await readValid<ModelIndex>(root, `${MODELS_DIR}/index.json`, ModelIndex);
  if (index && !index.ok) return index;
  const idx: ModelIndex = index?.value ?? { schemaVersion: 1, models: [] };
  const cards: ModelCard[] = [];
  const problems: Problem[] = [];
  for (const { version } of idx.models) {
    const rel = `${MODELS_DIR}/${version}.json`;
    const card = await readValid<ModelCard>(root, rel, ModelCard);
    if (!card) problems.push(error('registry/missing-card', rel, `is listed in ${MODELS_DIR}/index.json but missing`, { hint: 'restore it from git' }));
    else if (!card.ok) problems.push(...card.problems);
    else cards.push(card.value);
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: { index: idx, cards } };
}
