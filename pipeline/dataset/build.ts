/**
 * Build the co-op's datasets from its consented works. Pure: no files, no git.
 * One shared dataset (train-shared) and one allotment dataset per member who
 * granted train-own; each content-addressed, split, counted, and compared with
 * the dataset it follows.
 */
import { createHash } from 'node:crypto';
import type { Agreement, DatasetManifest, DatasetWork, Policy, Provenance, Scope, WorkFrontMatter } from '../schemas/index.ts';
import { NORMALIZER } from './normalize.ts';
import { splitRule, validationSet } from './split.ts';

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
  /** Every prepared work, including those no dataset will take (to tell withdrawal from removal). */
  works: readonly PreparedWork[];
  agreements: ReadonlyMap<string, Agreement>;
  rules: Policy['dataset'];
}

/** What the registry knows that a new manifest refers to. */
export interface DatasetHistory {
  /** The latest dataset of the same lineage. */
  previous?: DatasetManifest;
  /** Ids of every registered dataset that contained a work hash, oldest first. */
  containing: (hash: string) => string[];
}

/** One dataset to be: its lineage, its content address and its works. Cheap to compute. */
export interface DatasetPlan {
  lineage: Lineage;
  id: string;
  rule: string;
  works: PreparedWork[];
}

export type Lineage = { kind: 'shared' } | { kind: 'allotment'; member: string };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Whether consent allows `work` in a dataset built under `scope`. */
export function eligible(work: PreparedWork, agreement: Agreement | undefined, scope: Scope): boolean {
  return !!agreement && !agreement.withdrawn && !work.meta.withdrawn && agreement.scopes.includes(scope) && work.meta.scopes.includes(scope);
}

/** The content address of a dataset. */
export function datasetId(lineage: Lineage, hashes: readonly string[], rule: string): string {
  const scope = lineage.kind === 'shared' ? 'train-shared' : `train-own:${lineage.member}`;
  return sha256(JSON.stringify({ scope, normalizer: NORMALIZER, split: rule, works: [...hashes].sort() })).slice(0, 16);
}

/** Whether scopes let the site show anything of a work (an excerpt or the full text). */
export const displayable = (scopes: readonly Scope[]) => scopes.includes('display-excerpts') || scopes.includes('display-full');

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

/** Which works each dataset takes, and its id, before anything is built. */
export function planDatasets({ works, agreements, rules }: BuildRules): DatasetPlan[] {
  const rule = splitRule(rules.validationRatio, rules.minValidationWorks);
  const plan = (lineage: Lineage, chosen: PreparedWork[]): DatasetPlan => ({ lineage, rule, works: chosen, id: datasetId(lineage, chosen.map((w) => w.hash), rule) });
  const out = [plan({ kind: 'shared' }, works.filter((w) => eligible(w, agreements.get(w.handle), 'train-shared')))];
  for (const member of [...agreements.keys()].sort()) {
    const own = works.filter((w) => w.handle === member && eligible(w, agreements.get(member), 'train-own'));
    if (own.length > 0) out.push(plan({ kind: 'allotment', member }, own));
  }
  return out;
}

/** The full manifest of a planned dataset: split, totals, breakdowns, and changes since `history.previous`. */
export function buildManifest(planned: DatasetPlan, inputs: BuildRules, history: DatasetHistory): DatasetManifest {
  const { lineage, id, rule, works } = planned;
  const { validationRatio, minValidationWorks } = inputs.rules;
  const previous = history.previous;
  const held = validationSet(works.map((w) => w.hash), validationRatio, minValidationWorks);
  const entries: DatasetWork[] = [...works]
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

  const totals = { all: emptyTotals(), train: emptyTotals(), validation: emptyTotals() };
  const by = { contributor: new Map(), form: new Map(), language: new Map(), scope: new Map() } as Record<'contributor' | 'form' | 'language' | 'scope', Map<string, ReturnType<typeof emptyTotals>>>;
  const bump = (m: Map<string, ReturnType<typeof emptyTotals>>, key: string, w: DatasetWork) => {
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

  return {
    schemaVersion: 1,
    id,
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

/** What changed between the previous dataset of the lineage and these entries. */
function diff(previous: DatasetManifest | undefined, entries: DatasetWork[], inputs: BuildRules, history: DatasetHistory): DatasetManifest['changes'] {
  const changes: DatasetManifest['changes'] = { added: [], changed: [], removed: [], withdrawn: [] };
  const before = new Map((previous?.works ?? []).map((w) => [w.path, w]));
  const now = new Map(entries.map((w) => [w.path, w]));
  for (const w of entries) {
    const old = before.get(w.path);
    if (!old) changes.added.push(w.hash);
    else if (old.hash !== w.hash) changes.changed.push({ path: w.path, from: old.hash, to: w.hash });
  }
  const present = new Map(inputs.works.map((w) => [w.path, w]));
  for (const old of before.values()) {
    if (now.has(old.path)) continue;
    const agreement = inputs.agreements.get(old.contributor);
    const work = present.get(old.path);
    const reason = agreement?.withdrawn ? 'agreement-withdrawn' : work?.meta.withdrawn ? 'work-withdrawn' : undefined;
    if (!reason) {
      changes.removed.push({ path: old.path, hash: old.hash });
      continue;
    }
    changes.withdrawn.push({
      contributor: old.contributor,
      hash: old.hash,
      // A title stays on the record only while the writer's display consent stands.
      ...(old.title !== undefined && reason === 'work-withdrawn' ? { title: old.title } : {}),
      reason,
      inDatasets: history.containing(old.hash),
    });
  }
  changes.added.sort();
  changes.changed.sort((a, b) => a.path.localeCompare(b.path));
  changes.removed.sort((a, b) => a.path.localeCompare(b.path));
  changes.withdrawn.sort((a, b) => a.contributor.localeCompare(b.contributor) || a.hash.localeCompare(b.hash));
  return changes;
}

/**
 * The shared dataset and every allotment dataset, in that order, against an
 * in-memory history (`earlier`, oldest first). The stage does the same in two
 * steps, so that unchanged datasets are never built or read.
 */
export function buildDatasets(inputs: BuildRules & { earlier: readonly DatasetManifest[] }): DatasetManifest[] {
  const containing = (hash: string) => [...new Set(inputs.earlier.filter((d) => d.works.some((w) => w.hash === hash)).map((d) => d.id))];
  return planDatasets(inputs).map((p) => {
    const previous = [...inputs.earlier].reverse().find((d) => sameLineage(d, p.lineage));
    return previous?.id === p.id ? previous : buildManifest(p, inputs, { previous, containing });
  });
}

/** Whether a registered dataset belongs to a lineage. */
export function sameLineage(d: { kind: string; member?: string }, lineage: Lineage): boolean {
  return d.kind === lineage.kind && (lineage.kind === 'shared' || d.member === lineage.member);
}
