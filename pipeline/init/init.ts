/**
 * Start a new co-op: a complete repository of its own. Governance records from
 * a metaphor template that pass `commonplace-coop check` from the first minute,
 * an empty corpus, and the repository around them (package.json pinning
 * Commonplace, README, workflows, forms, guides; see repository.ts).
 */
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileDigest } from '../records/digest.ts';
import { GOVERNED_FILE_PATTERN } from '../schemas/index.ts';
import { listFiles, renderTemplate } from './render.ts';
import { planRepository } from './repository.ts';

export { renderTemplate };

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
  /** URL of the co-op's repository (e.g. https://github.com/our-coop/archive). */
  repository?: string;
  /** Public URL of the site (default for a GitHub repository: its Pages address). */
  siteUrl?: string;
  /** How to reach the board. */
  contact?: string;
  /** What the co-op's package.json depends on (default: this version of Commonplace). */
  toolSpec?: string;
}

/** The GitHub Pages address of a github.com repository, if it is one. */
export function pagesUrl(repository: string | undefined): string | undefined {
  const m = repository && /^https:\/\/github\.com\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(repository);
  return m ? `https://${m[1]!.toLowerCase()}.github.io/${m[2]}/` : undefined;
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

/** The files a new co-op gets: path relative to its root → content. Reads only the bundled templates. */
export async function planInit(opts: InitOptions): Promise<Map<string, string>> {
  const siteUrl = opts.siteUrl ?? pagesUrl(opts.repository);
  const records = await planCoopRecords({ ...opts, ...(siteUrl ? { siteUrl } : {}) });
  const repository = await planRepository({
    name: opts.name,
    visibility: opts.visibility ?? 'public',
    ...(opts.repository ? { repository: opts.repository } : {}),
    ...(siteUrl ? { siteUrl } : {}),
    ...(opts.contact ? { contact: opts.contact } : {}),
    ...(opts.toolSpec ? { toolSpec: opts.toolSpec } : {}),
  });
  return new Map([...records, ...repository]);
}

/** The co-op's records alone (governance/ and corpus/), as the tests' co-op builder uses them. */
export async function planCoopRecords(opts: InitOptions): Promise<Map<string, string>> {
  // Optional coop.yaml fields, written as quoted YAML strings.
  const links = (['repository', 'siteUrl', 'contact'] as const)
    .filter((k) => opts[k])
    .map((k) => `${k}: ${JSON.stringify(opts[k])}\n`)
    .join('');
  const vars = {
    ...opts,
    links,
    visibility: opts.visibility ?? 'public',
    metaphor: opts.metaphor === 'garden' ? 'community garden' : 'lending library',
    // Values that land in YAML are written as quoted strings, whatever characters they hold.
    nameYaml: JSON.stringify(opts.name),
    founderNameYaml: JSON.stringify(opts.founderName),
    charterTitleYaml: JSON.stringify(`The ${opts.name} charter`),
  };
  const files = new Map<string, string>();
  for (const rel of await listFiles(path.join(TEMPLATES, 'common'))) {
    files.set(rel, renderTemplate(await readFile(path.join(TEMPLATES, 'common', rel), 'utf8'), vars));
  }
  files.set('governance/charter.md', renderTemplate(await readFile(path.join(TEMPLATES, opts.metaphor, 'charter.md'), 'utf8'), vars));
  // The first decision adopts the exact files it founds the co-op on.
  files.set(FIRST_DECISION, renderTemplate(files.get(FIRST_DECISION)!, { adopts: adoptsYaml(files) }));
  return files;
}

/** Files of the plan that already exist in `root` (init writes nothing over them). */
export async function existingFiles(root: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const found: string[] = [];
  for (const rel of ['governance', ...files.keys()]) {
    if (
      await lstat(path.join(root, rel)).then(
        () => true,
        () => false,
      )
    )
      found.push(rel);
  }
  return found;
}

/** Write a planned co-op into `root`. Refuses, before writing anything, when any of its files exists. */
export async function writeInit(root: string, files: Map<string, string>): Promise<void> {
  const clash = await existingFiles(root, files);
  if (clash.length > 0) throw new Error(`${root} already has ${clash.slice(0, 5).join(', ')}${clash.length > 5 ? ', …' : ''}`);
  for (const [rel, text] of files) {
    const abs = path.join(root, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, text, { flag: 'wx' });
  }
}
