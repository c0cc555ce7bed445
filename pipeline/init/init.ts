/**
 * Start a new co-op from a metaphor template: governance records that pass
 * `commonplace check` from the first minute, and an empty corpus.
 */
import { mkdir, readdir, readFile, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileDigest } from '../records/digest.ts';
import { GOVERNED_FILE_PATTERN } from '../schemas/index.ts';

const TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url));

/** The metaphors a co-op can start from. */
export const METAPHORS = ['garden', 'library'] as const;
export type Metaphor = (typeof METAPHORS)[number];

export interface InitOptions {
  metaphor: Metaphor;
  /** The co-op's name. */
  name: string;
  /** Handle of the founding board member. */
  founder: string;
  founderName: string;
  /** Founding date, YYYY-MM-DD. */
  date: string;
  /** Whether the co-op's repository is public or private (default public, the stricter rule for writers). */
  visibility?: 'public' | 'private';
}

/** The YAML lines of an `adopts` list naming the exact content of each governed file. */
export function adoptsYaml(files: ReadonlyMap<string, string>): string {
  return [...files]
    .filter(([rel]) => GOVERNED.test(rel))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rel, text]) => `  - file: ${rel}\n    sha256: ${fileDigest(text)}`)
    .join('\n');
}

const GOVERNED = new RegExp(GOVERNED_FILE_PATTERN);
const FIRST_DECISION = 'governance/decisions/0001-adopt-charter-and-policy.md';

/** Fill `{{key}}` placeholders. YAML-bound values are quoted by the caller's template. */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => vars[key] ?? whole);
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** The files a new co-op gets: path relative to its root → content. Reads only the bundled templates. */
export async function planInit(opts: InitOptions): Promise<Map<string, string>> {
  const vars = { ...opts, visibility: opts.visibility ?? 'public', metaphor: opts.metaphor === 'garden' ? 'community garden' : 'lending library' };
  const files = new Map<string, string>();
  for (const rel of await listFiles(path.join(TEMPLATES, 'common'))) {
    files.set(rel, renderTemplate(await readFile(path.join(TEMPLATES, 'common', rel), 'utf8'), vars));
  }
  files.set('governance/charter.md', renderTemplate(await readFile(path.join(TEMPLATES, opts.metaphor, 'charter.md'), 'utf8'), vars));
  // The first decision adopts the exact files it founds the co-op on.
  files.set(FIRST_DECISION, renderTemplate(files.get(FIRST_DECISION)!, { adopts: adoptsYaml(files) }));
  return files;
}

/** Write a planned co-op into `root`. Refuses to touch a folder that already holds a co-op. */
export async function writeInit(root: string, files: Map<string, string>): Promise<void> {
  const exists = await access(path.join(root, 'governance')).then(() => true, () => false);
  if (exists) throw new Error(`${root} already has a governance/ folder`);
  for (const [rel, text] of files) {
    const abs = path.join(root, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, text, { flag: 'wx' });
  }
}
