import { copyFile, lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { error, type Problem } from '../problems.ts';
import { DATASETS_DIR, DatasetRegistry, MODELS_DIR, readModelRegistry } from '../registry/index.ts';
import { writeFilesAtomically } from '../fs/index.ts';
import { readRecord } from '../registry/index.ts';
import { ScalingStudy } from '../schemas/index.ts';
import { STUDIES_DIR } from '../study/paths.ts';
import { sha256OfFile } from '../hash/index.ts';

/** Where the pipeline's output keeps model files and the built site (as in `pipeline.yml`'s artifact). */
export const MODEL_FILES_DIR = 'artifacts/models';
export const SITE_DIR = 'dist/site';

/** Folders the walk enters; the last three are taken in, the others only lead to them. */
const PASSAGES = new Set(['registry', 'artifacts', 'dist']);
const TAKEN = [DATASETS_DIR, MODELS_DIR, STUDIES_DIR, MODEL_FILES_DIR, SITE_DIR];

export interface OutputFiles {
  /** Registry records by path (`registry/...`), as text. */
  records: Map<string, string>;
  /** Model files by path (`artifacts/models/<version>/<name>`). */
  models: string[];
  /** Files of the built site, by path (`dist/site/...`). */
  site: string[];
}

const HINT = 'publish only what the pipeline wrote: run the pipeline again (its output was changed on the way)';
const refused = (file: string, message: string) => error('publish/refused-output', file, message, { hint: HINT });

/** Every file under `from`, by relative path; links, devices and paths no stage writes are problems. */
async function walk(from: string): Promise<{ files: string[]; problems: Problem[] }> {
  const files: string[] = [];
  const problems: Problem[] = [];
  const visit = async (rel: string): Promise<void> => {
    for (const name of (await readdir(path.join(from, rel))).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      const s = await lstat(path.join(from, child));
      const inside = TAKEN.some((t) => child === t || child.startsWith(`${t}/`));
      const passage = !inside && (PASSAGES.has(child) || TAKEN.some((t) => t.startsWith(`${child}/`)));
      if (!inside && !passage) problems.push(refused(child, 'is not something the pipeline writes; nothing of the output was taken in'));
      else if (s.isSymbolicLink()) problems.push(refused(child, 'is a symbolic link; only plain files are taken in'));
      else if (s.isDirectory()) await visit(child);
      else if (!s.isFile() || !inside) problems.push(refused(child, 'is not a plain file in a folder the pipeline writes'));
      else files.push(child);
    }
  };
  await visit('');
  return { files, problems };
}

/** Check the pipeline's output in `from`: which files would come in, or why none may. */
export async function checkOutput(from: string): Promise<{ ok: true; value: OutputFiles } | { ok: false; problems: Problem[] }> {
  const walked = await walk(from);
  if (walked.problems.length > 0) return { ok: false, problems: walked.problems };
  const found = new Set(walked.files);
  const models = await modelRecords(from, found);
  const datasets = await datasetRecords(from, found);
  const valid = new Set([...models.valid, ...datasets.valid]);
  const sorted = await sortFiles(from, walked.files, valid, models.cards);
  const problems = [...models.problems, ...datasets.problems, ...sorted.problems];
  if (problems.length > 0) return { ok: false, problems };
  const records = new Map<string, string>();
  for (const rel of [...valid, ...sorted.studies].sort()) if (found.has(rel)) records.set(rel, await readFile(path.join(from, rel), 'utf8'));
  return { ok: true, value: { records, models: sorted.models, site: sorted.site } };
}

interface Records {
  valid: Set<string>;
  problems: Problem[];
}

/** The model index and cards that read as valid, and each card's files with their sha256. */
async function modelRecords(from: string, found: ReadonlySet<string>): Promise<Records & { cards: Map<string, Map<string, string>> }> {
  const out = { valid: new Set<string>(), problems: [] as Problem[], cards: new Map<string, Map<string, string>>() };
  const models = await readModelRegistry(from);
  if (!models.ok) return { ...out, problems: models.problems };
  if (found.has(`${MODELS_DIR}/index.json`)) out.valid.add(`${MODELS_DIR}/index.json`);
  for (const card of models.value.cards) {
    const rel = `${MODELS_DIR}/${card.version}.json`;
    if (!models.value.index.models.some((m) => m.version === card.version)) out.problems.push(refused(rel, `names version ${card.version}, which its index does not list`));
    out.valid.add(rel);
    out.cards.set(card.version, new Map(card.weights.files.map((f) => [f.path, f.sha256])));
  }
  return out;
}

/** The dataset index and manifests that read as valid, each under its own id. */
async function datasetRecords(from: string, found: ReadonlySet<string>): Promise<Records> {
  const out: Records = { valid: new Set(), problems: [] };
  const datasets = await DatasetRegistry.open(from);
  if (!datasets.ok) return { ...out, problems: datasets.problems };
  if (found.has(`${DATASETS_DIR}/index.json`)) out.valid.add(`${DATASETS_DIR}/index.json`);
  for (const id of new Set(datasets.value.index.datasets.map((d) => d.id))) {
    const m = await datasets.value.manifest(id);
    if (!m.ok) out.problems.push(...m.problems);
    else if (m.value.id !== id) out.problems.push(refused(`${DATASETS_DIR}/${id}.json`, `holds dataset ${m.value.id}, not ${id}`));
    else out.valid.add(`${DATASETS_DIR}/${id}.json`);
  }
  return out;
}

/** Every other file: the site, model files matching their cards, study records under their ids; anything else refused. */
async function sortFiles(from: string, files: readonly string[], valid: ReadonlySet<string>, cards: ReadonlyMap<string, ReadonlyMap<string, string>>) {
  const out = { site: [] as string[], models: [] as string[], studies: [] as string[], problems: [] as Problem[] };
  for (const rel of files) {
    if (rel.startsWith(`${SITE_DIR}/`)) out.site.push(rel);
    else if (rel.startsWith(`${MODEL_FILES_DIR}/`)) {
      const version = rel.split('/')[2]!;
      const expected = cards.get(version)?.get(rel);
      if (!expected) out.problems.push(refused(rel, `is not a file on the card of model ${version}`));
      else if ((await sha256OfFile(path.join(from, rel))) !== expected) out.problems.push(refused(rel, `does not match the sha256 on its card (${MODELS_DIR}/${version}.json)`));
      else out.models.push(rel);
    } else if (rel.startsWith(`${STUDIES_DIR}/`)) {
      const study = rel.endsWith('.json') ? await readRecord(from, rel, ScalingStudy) : undefined;
      if (!study) out.problems.push(refused(rel, 'is not a study record (registry/studies/<id>.json)'));
      else if (!study.ok) out.problems.push(...study.problems);
      else if (`${STUDIES_DIR}/${study.value.id}.json` !== rel) out.problems.push(refused(rel, `holds study ${study.value.id} under another name`));
      else out.studies.push(rel);
    } else if (!valid.has(rel)) {
      out.problems.push(refused(rel, `is not listed in its index (${rel.startsWith(MODELS_DIR) ? MODELS_DIR : DATASETS_DIR}/index.json), so no loader would read it`));
    }
  }
  return out;
}

/**
 * Take the checked output into the checkout at `root`: model files and the site
 * first (never committed), then every registry record at once (all-or-nothing).
 * Nothing is written when anything is refused.
 */
export async function takeInOutput(from: string, root: string): Promise<Problem[]> {
  const checked = await checkOutput(from);
  if (!checked.ok) return checked.problems;
  const { records, models, site } = checked.value;
  const copyInto = async (rel: string) => {
    const target = path.join(root, rel);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    await copyFile(path.join(from, rel), tmp);
    await rename(tmp, target);
  };
  for (const rel of models) await copyInto(rel);
  if (site.length > 0) await rm(path.join(root, SITE_DIR), { recursive: true, force: true });
  for (const rel of site) await copyInto(rel);
  await writeFilesAtomically(new Map([...records].map(([rel, text]) => [path.join(root, rel), text])));
  return [];
}
