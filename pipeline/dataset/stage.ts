/**
 * The dataset stage: checked works → normalized, hashed, with provenance →
 * datasets → registry. A thin composer around the pure builder.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { checkCoop, type CheckResult } from '../check/index.ts';
import { error, notice, type Problem } from '../problems.ts';
import { DATASETS_DIR, DatasetRegistry, recordJson, writeFilesAtomically, type AtomicWriteHooks } from '../registry/index.ts';
import { DatasetManifest, validateRecord, type Agreement, type DatasetIndex } from '../schemas/index.ts';
import type { Coop, WorkRecord } from '../records/types.ts';
import { FileCache } from '../cache/index.ts';
import { mapLimit } from '../records/map-limit.ts';
import { buildManifest, planDatasets, type BuildRules, type PreparedWork } from './build.ts';
import { NORMALIZER, normalizeWork, textStats } from './normalize.ts';
import { readCorpusGit } from './read-provenance.ts';

export interface DatasetStageOptions {
  /** Include works with uncommitted changes (marked as such) instead of leaving them out. */
  allowUncommitted?: boolean;
  /** A check already run on the same root (the pipeline passes its own). */
  check?: CheckResult;
  hooks?: AtomicWriteHooks;
  /** Build and compare only; write nothing (export uses this). */
  dryRun?: boolean;
}

export interface DatasetStageResult {
  ok: boolean;
  problems: Problem[];
  /** Every dataset the current files give, shared first. */
  datasets: DatasetManifest[];
  /** Ids newly written to the registry. */
  written: string[];
  /** Ids that were already the latest of their lineage: nothing written. */
  unchanged: string[];
  /** Ids already in the registry (before this run). */
  registered: Set<string>;
}

interface NormalizedStats {
  hash: string;
  characters: number;
  words: number;
  lines: number;
}

/** The normalized text of a work. */
export async function normalizedText(work: WorkRecord): Promise<string> {
  return normalizeWork(await work.readBody(), work.ext);
}

/**
 * Normalize and hash every work. Works whose content git vouches is unchanged
 * since the last run reuse their hash and counts from the cache, unread.
 */
export async function prepareWorks(coop: Coop, provenanceOf: (path: string) => PreparedWork['provenance']): Promise<PreparedWork[]> {
  const cache = await FileCache.open<NormalizedStats>(coop.root, 'normalized', NORMALIZER);
  const works = await mapLimit(coop.works, 16, async (w) => {
    let stats = cache.get(w.file, w.contentKey);
    if (!stats) {
      const text = await normalizedText(w);
      stats = { hash: createHash('sha256').update(text).digest('hex'), ...textStats(text) };
      cache.set(w.file, w.contentKey, stats);
    }
    return { path: w.file, handle: w.handle, meta: w.value, ...stats, provenance: provenanceOf(w.file) };
  });
  await cache.save();
  return works;
}

export async function runDatasetStage(root: string, opts: DatasetStageOptions = {}): Promise<DatasetStageResult> {
  const failed = (problems: Problem[]): DatasetStageResult => ({ ok: false, problems, datasets: [], written: [], unchanged: [], registered: new Set() });
  const check = opts.check ?? (await checkCoop(root));
  if (!check.ok) return failed(check.problems);
  const { coop } = check;
  if (!coop.policy) return failed([error('coop/missing-file', 'governance/policy.yaml', 'is missing')]);

  const problems: Problem[] = [];
  const git = await readCorpusGit(coop.root, coop.works.map((w) => w.file), coop.uncommittedCorpus);
  if (!git.repo) problems.push(notice('dataset/no-git', '.', 'the co-op is not a git repository: works carry no provenance', { hint: 'run the pipeline in a clone of the co-op repository' }));
  let works = await prepareWorks(coop, (p) => (git.repo ? { ...git.provenance.get(p), ...(git.uncommitted.has(p) ? { uncommitted: true } : {}) } : null));
  if (git.uncommitted.size > 0) {
    for (const p of [...git.uncommitted].sort()) {
      problems.push(notice('dataset/uncommitted', p, opts.allowUncommitted ? 'has uncommitted changes: included, marked uncommitted' : 'has uncommitted changes: left out of the dataset', { hint: 'commit it, or pass --allow-uncommitted' }));
    }
    if (!opts.allowUncommitted) works = works.filter((w) => !git.uncommitted.has(w.path));
  }

  const opened = await DatasetRegistry.open(coop.root);
  if (!opened.ok) return failed(opened.problems);
  const registry = opened.value;
  const agreements = new Map<string, Agreement>([...coop.agreements].map(([h, a]) => [h, a.value]));
  const rules: BuildRules = { works, agreements, rules: coop.policy.value.dataset };

  // Cheapest check first: a dataset whose id is already the latest of its lineage is not built at all.
  const datasets: DatasetManifest[] = [];
  const index: DatasetIndex = structuredClone(registry.index);
  const files = new Map<string, string>();
  const written: string[] = [];
  const unchanged: string[] = [];
  let containing: Map<string, string[]> | undefined;
  for (const plan of planDatasets(rules)) {
    const member = plan.lineage.kind === 'allotment' ? plan.lineage.member : undefined;
    const latest = registry.latestId(plan.lineage.kind, member);
    const previous = latest === undefined ? undefined : await registry.manifest(latest);
    if (previous && !previous.ok) return failed(previous.problems);
    if (latest === plan.id && previous?.ok) {
      datasets.push(previous.value);
      unchanged.push(plan.id);
      continue;
    }
    const planned = new Set(plan.works.map((w) => w.path));
    if (previous?.ok && !containing && previous.value.works.some((w) => !planned.has(w.path))) {
      // Something left this lineage: withdrawals must name every dataset that held the work.
      const all = await registry.all();
      if (!all.ok) return failed(all.problems);
      containing = new Map();
      for (const d of all.value) for (const w of d.works) containing.set(w.hash, [...(containing.get(w.hash) ?? []), d.id]);
    }
    const d = buildManifest(plan, rules, { previous: previous?.ok ? previous.value : undefined, containing: (h) => containing?.get(h) ?? [] });
    datasets.push(d);
    const valid = validateRecord(DatasetManifest, d, { file: `${DATASETS_DIR}/${d.id}.json` });
    if (!valid.ok) throw new Error(`built an invalid dataset manifest: ${JSON.stringify(valid.problems)}`);
    if (d.works.length === 0 && d.previous === null) continue;
    if (!registry.has(d.id)) files.set(path.join(coop.root, DATASETS_DIR, `${d.id}.json`), recordJson(d));
    index.datasets.push({ id: d.id, kind: d.kind, ...(d.member ? { member: d.member } : {}) });
    written.push(d.id);
  }
  if (written.length > 0 && !opts.dryRun) {
    files.set(path.join(coop.root, DATASETS_DIR, 'index.json'), recordJson(index));
    await writeFilesAtomically(files, opts.hooks);
  }
  const registered = new Set(registry.index.datasets.map((d) => d.id));
  return { ok: true, problems: [...check.problems, ...problems], datasets, written: opts.dryRun ? [] : written, unchanged, registered };
}
