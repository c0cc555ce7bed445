import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FileCache } from '../cache/index.ts';
import { error, type Problem } from '../problems.ts';
import { DatasetIndex, DatasetManifest } from '../schemas/index.ts';
import { readRecord, type Read } from './read-json.ts';
import { sha256 } from '../hash/index.ts';

/** Cache entries hold for this schema only: a changed schema validates every manifest again. */
const VALIDATED_VERSION = `manifest-valid@${sha256(JSON.stringify(DatasetManifest)).slice(0, 16)}`;

export const DATASETS_DIR = 'registry/datasets';

/** The dataset registry of one co-op. */
export class DatasetRegistry {
  private readonly manifests = new Map<string, DatasetManifest>();
  private validated?: FileCache<true>;

  private constructor(
    readonly root: string,
    readonly index: DatasetIndex,
  ) {}

  /** Read and validate the index; a co-op with no registry yet has an empty one. */
  static async open(root: string): Promise<Read<DatasetRegistry>> {
    const rel = `${DATASETS_DIR}/index.json`;
    const checked = (await readRecord(root, rel, DatasetIndex)) ?? { ok: true as const, value: { schemaVersion: 1 as const, datasets: [] } };
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
    const key = this.validated ? await this.statKey(rel) : undefined;
    const validated = this.validated?.get(rel, key) === true;
    const read = await readRecord(this.root, rel, DatasetManifest, { validated });
    if (read?.ok && !validated) this.validated?.set(rel, key, true);
    if (!read) return { ok: false, problems: [error('registry/missing-manifest', rel, `is listed in ${DATASETS_DIR}/index.json but missing`, { hint: 'restore it from git' })] };
    if (read.ok) this.manifests.set(id, read.value);
    return read;
  }

  /** Use `manifest` in place of the registered one of the same id (after a redaction, before it is written). */
  replace(manifest: DatasetManifest): void {
    this.manifests.set(manifest.id, manifest);
  }

  /** Every manifest in index order, oldest first (an id listed twice appears once). */
  async all(): Promise<Read<DatasetManifest[]>> {
    const out: DatasetManifest[] = [];
    const problems: Problem[] = [];
    this.validated = await FileCache.open<true>(this.root, 'manifests', VALIDATED_VERSION);
    try {
      for (const id of new Set(this.index.datasets.map((d) => d.id))) {
        const m = await this.manifest(id);
        if (m.ok) out.push(m.value);
        else problems.push(...m.problems);
      }
      // Saved only here, where every manifest was asked for: the cache keeps what this run used.
      await this.validated.save();
    } finally {
      this.validated = undefined;
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out };
  }

  /** The file's size, modification time and inode: changes whenever its content is written. */
  private async statKey(rel: string): Promise<string | undefined> {
    const s = await stat(path.join(this.root, rel)).catch(() => undefined);
    return s ? `${s.size}:${s.mtimeMs}:${s.ino}` : undefined;
  }
}
