/**
 * Regenerate pipeline/github/openapi/subset.json from the @octokit/openapi
 * devDependency: `npm run github:openapi`. Run it after adding an operation to
 * operations.ts or upgrading @octokit/openapi; a test fails while the two differ.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { extractSubset } from './extract.ts';
import { OPERATIONS } from './operations.ts';

export const SUBSET_FILE = fileURLToPath(new URL('./subset.json', import.meta.url));

/** The subset as it would be generated now from the installed description. */
export async function currentSubset(): Promise<Record<string, unknown>> {
  const full = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  return extractSubset(JSON.parse(await readFile(full, 'utf8')), OPERATIONS);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(SUBSET_FILE, `${JSON.stringify(await currentSubset(), null, 1)}\n`);
  process.stdout.write(`wrote ${SUBSET_FILE} (${OPERATIONS.length} operations)\n`);
}
