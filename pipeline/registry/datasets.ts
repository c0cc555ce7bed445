/**
 * Reading the dataset registry: `registry/datasets/index.json` and one
 * manifest per id. Manifests are read (and validated) only when asked for:
 * a run that changes one dataset should not pay for the other hundreds.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { error, type Problem } from '../problems.ts';
import { DatasetIndex, DatasetManifest, validateRecord } from '../schemas/index.ts';

export const DATASETS_DIR = 'registry/datasets';

type Read<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

async function readJson(root: string, rel: string): Promise<Read<unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(root, rel), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, problems: [error('registry/bad-json', rel, `is not valid JSON: ${(e as Error).message}`, { hint: 'restore it from git (git checkout -- registry/)' })] };
  }
}

/** The dataset registry of one co-op. */
export class DatasetRegistry {
  private readonly manifests = new Map<string, DatasetManifest>();

  private constructor(readonly root: string, readonly index: DatasetIndex) {}

  /** Read and validate the index; a co-op with no registry yet has an empty one. */
  static async open(root: string): Promise<Read<DatasetRegistry>> {
    const rel = `${DATASETS_DIR}/index.json`;
    const raw = await readJson(root, rel);
    if (raw && !raw.ok) return raw;
    const checked = raw ? validateRecord(DatasetIndex, raw.value, { file: rel }) : { ok: true as const, value: { schemaVersion: 1 as const, datasets: [] } };
    if (!checked.ok) return checked;
    return { ok: true, value: new DatasetRegistry(root, checked.value) };
  }

  /** The id of the newest dataset of a lineage, from the index alone. */
  latestId(kind: 'shared' | 'allotment', member?: string): string | undefined {
    return this.index.datasets.findLast((d) => d.kind === kind && (kind === 'shared' || d.member === member))?.id;
  }

  has(id: string): boolean {
    return this.index.datasets.some((d) => d.id === id);
  }

  /** One manifest, read and validated once. */
  async manifest(id: string): Promise<Read<DatasetManifest>> {
    const known = this.manifests.get(id);
    if (known) return { ok: true, value: known };
    const rel = `${DATASETS_DIR}/${id}.json`;
    const raw = await readJson(this.root, rel);
    if (!raw) return { ok: false, problems: [error('registry/missing-manifest', rel, `is listed in ${DATASETS_DIR}/index.json but missing`, { hint: 'restore it from git' })] };
    if (!raw.ok) return raw;
    const v = validateRecord(DatasetManifest, raw.value, { file: rel });
    if (v.ok) this.manifests.set(id, v.value);
    return v;
  }

  /** Every manifest in index order, oldest first (an id listed twice appears once). */
  async all(): Promise<Read<DatasetManifest[]>> {
    const out: DatasetManifest[] = [];
    const problems: Problem[] = [];
    for (const id of new Set(this.index.datasets.map((d) => d.id))) {
      const m = await this.manifest(id);
      if (m.ok) out.push(m.value);
      else problems.push(...m.problems);
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out };
  }
}
