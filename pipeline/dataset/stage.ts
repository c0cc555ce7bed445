/**
 * The dataset stage: checked works → normalized, hashed, with provenance →
 * datasets → registry. A thin composer around the pure builder.
 */
import path from 'node:path';
import { checkCoop, type CheckResult } from '../check/index.ts';
import type { CheckedCoop } from '../records/types.ts';
import { ledgerOf } from '../consent/index.ts';
import type { WithdrawalLedger } from '../consent/index.ts';
import { notice, type Problem } from '../problems.ts';
import { DATASETS_DIR, DatasetRegistry } from '../registry/index.ts';
import { recordJson, writeFilesAtomically, type AtomicWriteHooks } from '../fs/index.ts';
import { DatasetManifest, validateRecord, type Agreement, type DatasetIndex } from '../schemas/index.ts';
import type { Coop, WorkRecord } from '../records/types.ts';
import { redactWithdrawn, type BuildRules, type Lineage, type PreparedWork } from './build.ts';
import { allotmentsIn, buildDatasetSteps, planDatasetStage } from './stage-plan.ts';
import { mapLimit } from '../records/map-limit.ts';
import { cachedText, cacheText } from '../cache/index.ts';
import { needsParsing, normalizeWork } from '../text/index.ts';
import type { MergeApprovals } from './provenance.ts';
import { readCorpusGit } from './read-provenance.ts';

export interface DatasetStageOptions {
  /** Include works with uncommitted changes (marked as such) instead of leaving them out. */
  allowUncommitted?: boolean;
  /** A check already run on the same root (the pipeline passes its own). */
  check?: CheckResult;
  hooks?: AtomicWriteHooks;
  /** Build and compare only; write nothing (export uses this). */
  dryRun?: boolean;
  /** Who approved each merge, as GitHub recorded it (from `verify`), for provenance. */
  approvals?: MergeApprovals;
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
  /** Earlier records rewritten to drop the titles and file names of works since withdrawn. */
  redacted: string[];
  /** Ids already in the registry (before this run). */
  registered: Set<string>;
}

/** The normalized text of a work (its fingerprint is already on the record). */
export async function normalizedText(work: WorkRecord): Promise<string> {
  return normalizeWork(await work.readBody(), work.ext);
}

/**
 * The normalized texts of many works of the co-op at `root`, by path, in the order given. Texts
 * that need Markdown parsing come from the text cache when `check` kept them (parsing is most of
 * the time this takes); the rest are read a few at a time and tidied.
 */
export async function normalizedTexts(root: string, works: readonly WorkRecord[]): Promise<Map<string, string>> {
  const texts = await mapLimit(works, 16, async (w) => {
    const cached = w.ext === 'md' ? await cachedText(root, w.hash) : undefined;
    if (cached !== undefined) return cached;
    const body = await w.readBody();
    const text = normalizeWork(body, w.ext);
    if (needsParsing(body, w.ext)) await cacheText(root, w.hash, text);
    return text;
  });
  return new Map(works.map((w, i) => [w.file, texts[i]!]));
}

/** Every work as a dataset takes it: fingerprint and counts from the record, provenance from git. */
export function prepareWorks(coop: Coop, provenanceOf: (path: string) => PreparedWork['provenance']): PreparedWork[] {
  return coop.works.map((w) => ({ path: w.file, handle: w.handle, meta: w.value, hash: w.hash, ...w.stats, provenance: provenanceOf(w.file) }));
}

/** read → plan (pure) → build (pure) → write: the registry changes all at once, or not at all. */
export async function runDatasetStage(root: string, opts: DatasetStageOptions = {}): Promise<DatasetStageResult> {
  const read = await readDatasetInputs(root, opts);
  if (!read.ok) return failed(read.problems);
  const { coop, registry, rules } = read;
  const index: DatasetIndex = structuredClone(registry.index);
  // Earlier records still naming works since withdrawn are cleared first, so a new version can read them.
  const redacted = await redactRegistry(registry, rules.withdrawals, index);
  if (!redacted.ok) return failed(redacted.problems);
  const latest = await latestManifests(registry);
  if (!latest.ok) return failed(latest.problems);
  // Cheapest check first: a dataset whose content is already the latest of its lineage is not built at all.
  const plan = planDatasetStage(rules, (l) => latest.value.get(lineageKey(l)));
  const history = plan.needsHistory ? await registry.all() : ({ ok: true, value: [] } as const);
  if (!history.ok) return failed(history.problems);
  const built = buildDatasetSteps(plan.steps, rules, history.value);
  const files = new Map<string, string>();
  const fileOf = (id: string) => path.join(coop.root, DATASETS_DIR, `${id}.json`);
  for (const m of redacted.value) files.set(fileOf(m.id), recordJson(m));
  for (const d of built.added) {
    const valid = validateRecord(DatasetManifest, d, { file: `${DATASETS_DIR}/${d.id}.json` });
    if (!valid.ok) throw new Error(`built an invalid dataset manifest: ${JSON.stringify(valid.problems)}`);
    files.set(fileOf(d.id), recordJson(d));
    index.datasets.push({ id: d.id, kind: d.kind, ...(d.member ? { member: d.member } : {}) });
  }
  if ((files.size > 0 || JSON.stringify(index) !== JSON.stringify(registry.index)) && !opts.dryRun) {
    files.set(path.join(coop.root, DATASETS_DIR, 'index.json'), recordJson(index));
    await writeFilesAtomically(files, opts.hooks);
  }
  return {
    ok: true,
    problems: read.problems,
    datasets: built.datasets,
    written: opts.dryRun ? [] : built.added.map((d) => d.id),
    unchanged: built.kept,
    redacted: opts.dryRun ? [] : redacted.value.map((m) => m.id),
    registered: new Set(registry.index.datasets.map((d) => d.id)),
  };
}

const failed = (problems: Problem[]): DatasetStageResult => ({ ok: false, problems, datasets: [], written: [], unchanged: [], redacted: [], registered: new Set() });

type DatasetInputs = { ok: true; coop: CheckedCoop; registry: DatasetRegistry; rules: BuildRules; problems: Problem[] } | { ok: false; problems: Problem[] };

/** The checked co-op, its works with git provenance (uncommitted ones left out unless allowed), and the registry. */
async function readDatasetInputs(root: string, opts: DatasetStageOptions): Promise<DatasetInputs> {
  const check = opts.check ?? (await checkCoop(root));
  if (!check.ok) return { ok: false, problems: check.problems };
  const { coop } = check;
  const problems: Problem[] = [...check.problems];
  const git = await readCorpusGit(
    coop.root,
    coop.works.map((w) => w.file),
    coop.uncommittedCorpus,
    opts.approvals,
  );
  if (!git.repo) problems.push(notice('dataset/no-git', '.', 'the co-op is not a git repository: works carry no provenance', { hint: 'run the pipeline in a clone of the co-op repository' }));
  let works = prepareWorks(coop, (p) => (git.repo ? { ...git.provenance.get(p), ...(git.uncommitted.has(p) ? { uncommitted: true } : {}) } : null));
  for (const p of [...git.uncommitted].sort()) {
    problems.push(
      notice('dataset/uncommitted', p, opts.allowUncommitted ? 'has uncommitted changes: included, marked uncommitted' : 'has uncommitted changes: left out of the dataset', {
        hint: 'commit it, or pass --allow-uncommitted',
      }),
    );
  }
  if (!opts.allowUncommitted) works = works.filter((w) => !git.uncommitted.has(w.path));
  const opened = await DatasetRegistry.open(coop.root);
  if (!opened.ok) return { ok: false, problems: opened.problems };
  const agreements = new Map<string, Agreement>([...coop.agreements].map(([h, a]) => [h, a.value]));
  const rules: BuildRules = { works, agreements, withdrawals: ledgerOf(coop), rules: coop.policy.value.dataset, lineages: allotmentsIn(opened.value.index.datasets) };
  return { ok: true, coop, registry: opened.value, rules, problems };
}

const lineageKey = (l: Lineage) => (l.kind === 'shared' ? 'shared' : `allotment:${l.member}`);

/** The newest registered version of every lineage, read from the registry. */
async function latestManifests(registry: DatasetRegistry): Promise<{ ok: true; value: Map<string, DatasetManifest> } | { ok: false; problems: Problem[] }> {
  const latest = new Map<string, DatasetManifest>();
  const lineages: Lineage[] = [{ kind: 'shared' }, ...allotmentsIn(registry.index.datasets).map((member) => ({ kind: 'allotment' as const, member }))];
  for (const l of lineages) {
    const id = registry.latestId(l.kind, l.kind === 'allotment' ? l.member : undefined);
    if (id === undefined) continue;
    const m = await registry.manifest(id);
    if (!m.ok) return m;
    latest.set(lineageKey(l), m.value);
  }
  return { ok: true, value: latest };
}

/**
 * When something new was withdrawn since the registry last looked, every
 * registered manifest loses the withdrawn works' titles and file names.
 * Marks `index` with the withdrawals applied; returns the manifests that changed.
 */
async function redactRegistry(registry: DatasetRegistry, withdrawals: WithdrawalLedger, index: DatasetIndex): Promise<{ ok: true; value: DatasetManifest[] } | { ok: false; problems: Problem[] }> {
  if (withdrawals.size === 0 || registry.index.withdrawalsApplied === withdrawals.digest()) return { ok: true, value: [] };
  const all = await registry.all();
  if (!all.ok) return all;
  const changed: DatasetManifest[] = [];
  for (const m of all.value) {
    const r = redactWithdrawn(m, withdrawals);
    if (r !== m) {
      registry.replace(r);
      changed.push(r);
    }
  }
  index.withdrawalsApplied = withdrawals.digest();
  return { ok: true, value: changed };
}
