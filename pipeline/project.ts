/**
 * Commonplace itself: where its files are (the package root, whether this is a
 * clone or a co-op's node_modules/commonplace-coop), and its name on the npm
 * registry. The name `commonplace` belongs to an unrelated package, so ours is
 * `commonplace-coop`, and so is the command: `npx commonplace-coop` runs the
 * copy a co-op has installed, and this project's own copy inside this repository.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: where package.json, astro.config.mjs, site/ and pipeline/ are. */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The package's name on the npm registry, and its command. */
export const TOOL = 'commonplace-coop';

/** How a person runs a command, for hints: `npx commonplace-coop withdraw …`. */
export function commandLine(args: string): string {
  return `npx ${TOOL} ${args}`;
}

let version: string | undefined;
/** This copy's version, from its package.json. */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
