import { displayable, eligible, type WithdrawalLedger } from '../consent/index.ts';
import type { Agreement, DatasetManifest, DatasetWork, Policy, Provenance, WorkFrontMatter } from '../schemas/index.ts';
import { NORMALIZER } from '../text/index.ts';
import { splitKey, splitRule, validationSet } from './split.ts';
import { sha256 } from '../hash/index.ts';

/** A work ready for a dataset: checked, normalized and hashed. */
export interface PreparedWork {
  path: string;
  handle: string;
  meta: WorkFrontMatter;
  /** sha256 of the normalized text. */
  hash: string;
  characters: number;
  words: number;
  lines: number;
  provenance: Provenance | null;
}

/** Consent and rules: what decides which works go in and where. */
export interface BuildRules {
  /** Every prepared work in corpus/. */
  works: readonly PreparedWork[];
  agreements: ReadonlyMap<string, Agreement>;
  /** What has been withdrawn, from the records. */
  withdrawals: WithdrawalLedger;
  rules: Policy['dataset'];
  /** Members whose allotment lineage the registry already holds: each gets a new version even when it is left empty. */
  lineages?: readonly string[];
}

/** What the registry knows that a new manifest refers to. */
export interface DatasetHistory {
  /** The latest dataset of the same lineage. */
  previous?: DatasetManifest;
  /** Ids of every registered dataset that contained a work hash, oldest first. */
  containing: (hash: string) => string[];
}

/** One dataset to be: its lineage, its content address, its works and which of them are held out. Cheap to compute. */
export interface DatasetPlan {
  lineage: Lineage;
  content: string;
  rule: string;
  works: PreparedWork[];
  /** Fingerprints of the works held out for validation. */
  heldOut: ReadonlySet<string>;
}

export type Lineage = { kind: 'shared' } | { kind: 'allotment'; member: string };

/** The content address of a dataset: what went into it and which of it is held out, nothing else. */
export function contentAddress(lineage: Lineage, hashes: readonly string[], rule: string, heldOut: Iterable<string>): string {
  const scope = lineage.kind === 'shared' ? 'train-shared' : `train-own:${lineage.member}`;
  return sha256(JSON.stringify({ scope, normalizer: NORMALIZER, split: rule, works: [...hashes].sort(), heldOut: [...new Set(heldOut)].sort() })).slice(0, 16);
}

/** The id of a dataset version: its content and the version it follows. */
export function versionId(content: string, previous: string | null): string {
  return sha256(JSON.stringify({ content, previous })).slice(0, 16);
}

function emptyTotals() {
  return { works: 0, characters: 0, words: 0, lines: 0 };
}

function add(t: ReturnType<typeof emptyTotals>, w: { characters: number; words: number; lines: number }) {
  t.works++;
  t.characters += w.characters;
  t.words += w.words;
  t.lines += w.lines;
}

function sortedRecord<T>(m: Map<string, T>): Record<string, T> {
  return Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Which works each dataset takes, which of them it holds out, and its content address, before
 * anything is built. One split rule for both kinds: a work held out of its writer's own dataset
 * is held out of the shared dataset too, so a member's own model and the shared model are
 * compared on writing neither trained on.
 */
export function planDatasets({ works, agreements, withdrawals, rules, lineages = [] }: BuildRules): DatasetPlan[] {
  const rule = splitRule(rules.validationRatio, rules.minValidationWorks);
  const held = (chosen: readonly PreparedWork[]) =>
    validationSet(
      chosen.map((w) => w.hash),
      rules.validationRatio,
      rules.minValidationWorks,
    );
  const plan = (lineage: Lineage, chosen: PreparedWork[], heldOut: ReadonlySet<string>): DatasetPlan => ({
    lineage,
    rule,
    works: chosen,
    heldOut,
    content: contentAddress(
      lineage,
      chosen.map((w) => w.hash),
      rule,
      heldOut,
    ),
  });
  const allotments: DatasetPlan[] = [];
  for (const member of [...new Set([...agreements.keys(), ...lineages])].sort()) {
    const own = works.filter((w) => w.handle === member && eligible(w, agreements.get(member), 'train-own', withdrawals));
    if (own.length > 0 || lineages.includes(member)) allotments.push(plan({ kind: 'allotment', member }, own, held(own)));
  }
  const shared = works.filter((w) => eligible(w, agreements.get(w.handle), 'train-shared', withdrawals));
  const heldByWriter = new Set(allotments.flatMap((a) => [...a.heldOut].map((h) => `${a.lineage.kind === 'allotment' ? a.lineage.member : ''}/${h}`)));
  return [plan({ kind: 'shared' }, shared, sharedHeldOut(shared, held(shared), heldByWriter)), ...allotments];
}

/** The shared dataset's own held-out works and every work its writer's own dataset holds out, but never every work. */
function sharedHeldOut(shared: readonly PreparedWork[], own: ReadonlySet<string>, heldByWriter: ReadonlySet<string>): Set<string> {
  const out = new Set(own);
  for (const w of shared) if (heldByWriter.has(`${w.handle}/${w.hash}`)) out.add(w.hash);
  const hashes = new Set(shared.map((w) => w.hash));
  // Every work held out would leave the shared model nothing to learn from: the last by split key trains.
  if (hashes.size > 0 && out.size >= hashes.size) out.delete([...hashes].sort((a, b) => splitKey(b) - splitKey(a) || b.localeCompare(a))[0]!);
  return out;
}

/** The full manifest of a planned dataset: split, totals, breakdowns, and changes since `history.previous`. */
export function buildManifest(planned: DatasetPlan, inputs: BuildRules, history: DatasetHistory): DatasetManifest {
  const { lineage, content, rule } = planned;
  const { validationRatio, minValidationWorks } = inputs.rules;
  const previous = history.previous;
  const entries = manifestWorks(planned);
  const { totals, by } = tallyWorks(entries);
  return {
    schemaVersion: 1,
    id: versionId(content, previous?.id ?? null),
    content,
    version: (previous?.version ?? 0) + 1,
    kind: lineage.kind,
    ...(lineage.kind === 'allotment' ? { member: lineage.member } : {}),
    scope: lineage.kind === 'shared' ? 'train-shared' : 'train-own',
    normalizer: NORMALIZER,
    split: { rule, validationRatio, minValidationWorks },
    previous: previous?.id ?? null,
    totals: { ...totals, contributors: by.contributor.size },
    breakdown: { contributor: sortedRecord(by.contributor), form: sortedRecord(by.form), language: sortedRecord(by.language), scope: sortedRecord(by.scope) },
    works: entries,
    changes: diff(previous, entries, inputs, history),
  };
}

/** The planned works as manifest entries, in fingerprint order, each on its side of the split. */
function manifestWorks({ works, heldOut: held }: DatasetPlan): DatasetWork[] {
  return [...works]
    .sort((a, b) => a.hash.localeCompare(b.hash) || a.path.localeCompare(b.path))
    .map((w) => ({
      hash: w.hash,
      path: w.path,
      contributor: w.handle,
      ...(displayable(w.meta.scopes) ? { title: w.meta.title } : {}),
      form: w.meta.form,
      language: w.meta.language,
      scopes: [...w.meta.scopes].sort(),
      split: held.has(w.hash) ? 'validation' : 'train',
      characters: w.characters,
      words: w.words,
      lines: w.lines,
      provenance: w.provenance,
    }));
}

type Totals = ReturnType<typeof emptyTotals>;

/** Totals over all works, each side of the split, and by contributor, form, language and scope. */
function tallyWorks(entries: readonly DatasetWork[]) {
  const totals = { all: emptyTotals(), train: emptyTotals(), validation: emptyTotals() };
  const by = { contributor: new Map(), form: new Map(), language: new Map(), scope: new Map() } as Record<'contributor' | 'form' | 'language' | 'scope', Map<string, Totals>>;
  const bump = (m: Map<string, Totals>, key: string, w: DatasetWork) => {
    if (!m.has(key)) m.set(key, emptyTotals());
    add(m.get(key)!, w);
  };
  for (const w of entries) {
    add(totals.all, w);
    add(totals[w.split], w);
    bump(by.contributor, w.contributor, w);
    bump(by.form, w.form, w);
    bump(by.language, w.language, w);
    for (const s of w.scopes) bump(by.scope, s, w);
  }
  return { totals, by };
}

/** A work's key across versions: who gave it and its fingerprint (two writers may give the same text). */
const keyOf = (w: { contributor: string; hash: string }) => `${w.contributor}/${w.hash}`;

/** What changed between the previous dataset of the lineage and these entries. */
function diff(previous: DatasetManifest | undefined, entries: DatasetWork[], inputs: BuildRules, history: DatasetHistory): DatasetManifest['changes'] {
  const changes: DatasetManifest['changes'] = { added: [], changed: [], removed: [], withdrawn: [] };
  const nowKeys = new Set(entries.map(keyOf));
  const beforeKeys = new Set((previous?.works ?? []).map(keyOf));
  const beforeByPath = new Map((previous?.works ?? []).filter((w) => w.path).map((w) => [w.path!, w]));
  const replaced = new Set<string>();
  for (const w of entries) {
    if (beforeKeys.has(keyOf(w))) continue;
    const old = w.path ? beforeByPath.get(w.path) : undefined;
    if (old && !nowKeys.has(keyOf(old))) {
      changes.changed.push({ path: w.path!, from: old.hash, to: w.hash });
      replaced.add(keyOf(old));
    } else changes.added.push(w.hash);
  }
  for (const old of previous?.works ?? []) {
    const key = keyOf(old);
    if (nowKeys.has(key) || replaced.has(key)) continue;
    const reason = inputs.withdrawals.reason(old.contributor, old.hash);
    if (!reason) {
      changes.removed.push({ ...(old.path ? { path: old.path } : {}), hash: old.hash });
      continue;
    }
    changes.withdrawn.push({ contributor: old.contributor, hash: old.hash, reason, inDatasets: history.containing(old.hash) });
  }
  changes.added.sort();
  changes.changed.sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''));
  changes.removed.sort((a, b) => (a.path ?? '').localeCompare(b.path ?? '') || a.hash.localeCompare(b.hash));
  changes.withdrawn.sort((a, b) => a.contributor.localeCompare(b.contributor) || a.hash.localeCompare(b.hash));
  return changes;
}

/**
 * A registered manifest with every trace of withdrawn works' titles, file
 * names and writers' commit names removed (their hashes, counts, the merge
 * that let them in and the ids stay, so history still resolves). Returns the
 * same object when there was nothing to remove.
 */
export function redactWithdrawn(manifest: DatasetManifest, withdrawals: WithdrawalLedger): DatasetManifest {
  const hit = (w: { contributor: string; hash: string }) => withdrawals.isWithdrawn(w.contributor, w.hash);
  const withdrawnHashes = new Set(manifest.works.filter(hit).map((w) => w.hash));
  const named = (w: DatasetWork) => w.path !== undefined || w.title !== undefined || w.provenance?.added !== undefined || w.provenance?.lastChanged !== undefined;
  const needs =
    manifest.works.some((w) => hit(w) && named(w)) ||
    manifest.changes.changed.some((c) => c.path !== undefined && (withdrawnHashes.has(c.from) || withdrawnHashes.has(c.to))) ||
    manifest.changes.removed.some((r) => r.path !== undefined && withdrawnHashes.has(r.hash));
  if (!needs) return manifest;
  const strip = <T extends { path?: string }>(x: T): T => {
    const { path: _path, ...rest } = x;
    return rest as T;
  };
  return {
    ...manifest,
    works: manifest.works.map((w) => {
      if (!hit(w)) return w;
      const { path: _path, title: _title, provenance, ...rest } = w;
      // The commits' authors are the writer's names; the merge (and who approved it) stays on the record.
      return { ...rest, provenance: provenance && (provenance.merge ? { merge: provenance.merge } : {}) };
    }),
    changes: {
      ...manifest.changes,
      changed: manifest.changes.changed.map((c) => (withdrawnHashes.has(c.from) || withdrawnHashes.has(c.to) ? strip(c) : c)),
      removed: manifest.changes.removed.map((r) => (withdrawnHashes.has(r.hash) ? strip(r) : r)),
    },
  };
}

/** Whether a registered dataset belongs to a lineage. */
export function sameLineage(d: { kind: string; member?: string }, lineage: Lineage): boolean {
  return d.kind === lineage.kind && (lineage.kind === 'shared' || d.member === lineage.member);
}
