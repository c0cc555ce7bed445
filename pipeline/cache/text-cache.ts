/**
 * Normalized texts that took Markdown parsing to get, kept by fingerprint in
 * artifacts/cache/texts/<sha256>.txt (never committed). Parsing Markdown is
 * most of the time the site and the export spend on texts; `check` parses
 * each new work once anyway, and keeps the result here for them.
 *
 * Content-addressed: a file is used only when its text hashes to its name, so
 * a stale or damaged entry can never change a result. Loading the co-op drops
 * every entry whose work is no longer in corpus/, so a withdrawn text leaves
 * the cache at the next `check` (the first step of every run).
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { workHash } from '../consent/index.ts';
import { writeFilesAtomically } from '../fs/index.ts';
import { CACHE_DIR } from './file-cache.ts';

export const TEXT_CACHE_DIR = `${CACHE_DIR}/texts`;

const HASH = /^[0-9a-f]{64}$/;
const fileOf = (root: string, hash: string) => path.join(root, TEXT_CACHE_DIR, `${hash}.txt`);

/** The normalized text whose fingerprint is `hash`, if the cache holds it intact. */
export async function cachedText(root: string, hash: string): Promise<string | undefined> {
  if (!HASH.test(hash)) return undefined;
  const text = await readFile(fileOf(root, hash), 'utf8').catch(() => undefined);
  return text !== undefined && workHash(text) === hash ? text : undefined;
}

/** Keep `text` (normalized, fingerprint `hash`) for later runs; a failure to write only costs speed. */
export async function cacheText(root: string, hash: string, text: string): Promise<void> {
  if (!HASH.test(hash)) return;
  await writeFilesAtomically(new Map([[fileOf(root, hash), text]])).catch(() => {});
}

/** Drop every cached text whose fingerprint is not in `keep` (works withdrawn, changed or gone). */
export async function pruneTextCache(root: string, keep: ReadonlySet<string>): Promise<number> {
  const dir = path.join(root, TEXT_CACHE_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const hash = name.endsWith('.txt') ? name.slice(0, -4) : undefined;
    if (hash !== undefined && keep.has(hash)) continue;
    await rm(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
