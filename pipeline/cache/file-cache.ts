/**
 * A small on-disk cache (DVC-style): per file path, a value computed from
 * that file's exact content, found again only by the same content key.
 * Lives in artifacts/cache/ (never committed); a missing, stale or corrupt
 * cache is simply rebuilt, so it can never change a result, only its speed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFilesAtomically } from '../fs/index.ts';

export const CACHE_DIR = 'artifacts/cache';

interface CacheFile<T> {
  version: string;
  entries: Record<string, { key: string; value: T }>;
}

export class FileCache<T> {
  private readonly next = new Map<string, { key: string; value: T }>();
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly version: string,
    private readonly previous: Map<string, { key: string; value: T }>,
  ) {}

  /** Open `artifacts/cache/<name>.json` under `root`; a version mismatch starts empty. */
  static async open<T>(root: string, name: string, version: string): Promise<FileCache<T>> {
    const file = path.join(root, CACHE_DIR, `${name}.json`);
    let previous = new Map<string, { key: string; value: T }>();
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as CacheFile<T>;
      if (data.version === version && data.entries && typeof data.entries === 'object') previous = new Map(Object.entries(data.entries));
    } catch {
      // Missing or unreadable: start empty.
    }
    return new FileCache(file, version, previous);
  }

  /** The value cached for `rel` under exactly `key`, if any. Keeps it for the next save. */
  get(rel: string, key: string | undefined): T | undefined {
    if (key === undefined) return undefined;
    const hit = this.previous.get(rel);
    if (hit?.key !== key) return undefined;
    this.next.set(rel, hit);
    return hit.value;
  }

  /** Remember `value` for `rel` under `key` (no key: nothing is cached). */
  set(rel: string, key: string | undefined, value: T): void {
    if (key === undefined) return;
    this.next.set(rel, { key, value });
    this.dirty = true;
  }

  /** Write what this run used (entries of files no longer seen are dropped). */
  async save(): Promise<void> {
    if (!this.dirty && this.next.size === this.previous.size) return;
    const entries = Object.fromEntries([...this.next].sort(([a], [b]) => a.localeCompare(b)));
    await writeFilesAtomically(new Map([[this.file, JSON.stringify({ version: this.version, entries })]]));
  }
}
