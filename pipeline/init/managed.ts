/**
 * The files Commonplace manages in every co-op: the GitHub workflows, forms and
 * templates, and the guides for writers and the board. `init` writes them and
 * records their sha256 in `.commonplace/managed.json`; `upgrade` keeps them
 * current without overwriting a co-op's own edits.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT, TOOL, toolVersion } from '../project.ts';
import { fileDigest } from '../records/digest.ts';
import { listFiles } from './render.ts';
import type { ManagedFiles } from '../schemas/index.ts';

export const MANAGED_MANIFEST = '.commonplace/managed.json';

const REPO_TEMPLATES = fileURLToPath(new URL('./templates/repo/', import.meta.url));
/** Guides copied from this project's docs/ into every co-op's docs/. */
const GUIDES = ['contributing.md', 'governance.md'];

/** Every managed file at this version of Commonplace: path in the co-op → content. */
export async function managedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  // Kept as github/ in the package (npm leaves some dot-files out of a tarball), written as .github/.
  for (const rel of await listFiles(path.join(REPO_TEMPLATES, 'github'))) {
    files.set(`.github/${rel}`, await readFile(path.join(REPO_TEMPLATES, 'github', rel), 'utf8'));
  }
  for (const guide of GUIDES) files.set(`docs/${guide}`, await readFile(path.join(PROJECT_ROOT, 'docs', guide), 'utf8'));
  return files;
}

/** The manifest recording `files` as written by this version. */
export function manifestFor(files: ReadonlyMap<string, string>): ManagedFiles {
  const sorted = [...files].sort(([a], [b]) => a.localeCompare(b));
  return { schemaVersion: 1, tool: `${TOOL}@${toolVersion()}`, files: Object.fromEntries(sorted.map(([rel, text]) => [rel, fileDigest(text)])) };
}
