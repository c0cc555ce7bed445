/**
 * The repository around a co-op's records: package.json (depending on
 * Commonplace at a pinned version, with the npm scripts), .gitignore, a README
 * for members, and the managed files. Pure apart from reading templates.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TOOL, toolVersion } from '../project.ts';
import { renderTemplate } from './render.ts';
import { managedFiles, manifestFor, MANAGED_MANIFEST } from './managed.ts';

const REPO_TEMPLATES = fileURLToPath(new URL('./templates/repo/', import.meta.url));

export interface RepositoryOptions {
  name: string;
  visibility: 'public' | 'private';
  repository?: string;
  siteUrl?: string;
  contact?: string;
  /** What package.json depends on: a version, a tarball, a git URL (default: this version). */
  toolSpec?: string;
}

/** The npm scripts every co-op has, the same as this project's. */
export const COOP_SCRIPTS: Readonly<Record<string, string>> = {
  pipeline: `${TOOL} pipeline`,
  check: `${TOOL} check`,
  site: `${TOOL} site`,
  serve: `${TOOL} serve`,
  // A co-op's own test is its check: every record and rule.
  test: `${TOOL} check`,
};

/** A package name from the co-op's name: "Tide Writers" → "tide-writers". */
export function packageName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'our-coop';
}

export function packageJson(opts: RepositoryOptions): string {
  const pkg = {
    name: packageName(opts.name),
    private: true,
    description: `${opts.name}: a writers' co-operative running its own language model with Commonplace.`,
    type: 'module',
    engines: { node: '>=20.6.0 <21 || >=22 <23 || >=24 <25' },
    scripts: COOP_SCRIPTS,
    dependencies: { [TOOL]: opts.toolSpec ?? toolVersion() },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Every file of the repository around the records: path → content. */
export async function planRepository(opts: RepositoryOptions): Promise<Map<string, string>> {
  const unset = (what: string) => `(not set yet: add ${what} to governance/coop.yaml)`;
  const vars = {
    name: opts.name,
    siteUrl: opts.siteUrl ?? unset('siteUrl'),
    repository: opts.repository ?? unset('repository'),
    contact: opts.contact ?? unset('contact'),
    visibility: opts.visibility,
    visibilityNote:
      opts.visibility === 'public'
        ? 'Anyone can read every file in it, so every donated work must allow its full text to be shown.'
        : "Only members can read its files; the site is the co-op's public face.",
    toolSpec: `${TOOL} ${opts.toolSpec ?? toolVersion()}`,
  };
  const files = new Map<string, string>([
    ['package.json', packageJson(opts)],
    ['.gitignore', await readFile(path.join(REPO_TEMPLATES, 'gitignore'), 'utf8')],
    ['README.md', renderTemplate(await readFile(path.join(REPO_TEMPLATES, 'README.md'), 'utf8'), vars)],
  ]);
  const managed = await managedFiles();
  for (const [rel, text] of managed) files.set(rel, text);
  files.set(MANAGED_MANIFEST, `${JSON.stringify(manifestFor(managed), null, 2)}\n`);
  return files;
}
