/** A downloaded release folder as `verifyRelease` takes it: every regular file hashed, its JSON files read. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256OfFile } from '../hash/index.ts';
import type { ReleaseFolder } from './verify-release.ts';

/** The files directly in `dir` (not in subfolders, not links): their sha256, and the bytes of those ending in .json. */
export async function readReleaseFolder(dir: string): Promise<ReleaseFolder> {
  const sha256 = new Map<string, string>();
  const json = new Map<string, Buffer>();
  for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(dir, entry.name);
    sha256.set(entry.name, await sha256OfFile(file));
    if (entry.name.endsWith('.json')) json.set(entry.name, await readFile(file));
  }
  return { sha256, json };
}
