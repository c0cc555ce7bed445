/**
 * How the site names datasets and models for people: words first ("Shared model, version 3"),
 * the hash second. Pure: the view model calls it once and every page reads the result.
 */
import type { PublicIdentity } from '../consent/index.ts';
import { approvalsFor, KIND_WORDS } from '../quorum/index.ts';
import { CHANGE_KINDS, type DatasetManifest, type ModelCard, type Policy } from '../schemas/index.ts';

/** Whether a dataset is the latest of its lineage (the shared one, or one member's). */
export type Currency = 'current' | 'superseded';

export interface RecordLabel {
  /** "Shared dataset, version 2", "Ana Okafor's own model, version 1". */
  name: string;
}

type Kind = 'shared' | 'allotment';

/** "Shared dataset", or "Ana Okafor's own model": the lineage of a record, in words. */
export function lineageName(what: 'dataset' | 'model', kind: Kind, owner: PublicIdentity | undefined): string {
  if (kind === 'shared') return what === 'dataset' ? 'Shared dataset' : 'Shared model';
  return `${owner?.name ?? 'A member'}'s own ${what}`;
}

const lineageKey = (kind: Kind, member: string | undefined) => (kind === 'shared' ? 'shared' : `allotment:${member ?? ''}`);

/** Labels and currency for every dataset; the manifest's own version number names it. */
export function datasetLabels(manifests: readonly DatasetManifest[], identityOf: (handle: string) => PublicIdentity | undefined): Map<string, RecordLabel & { currency: Currency }> {
  const latest = new Map<string, number>();
  for (const m of manifests) {
    const key = lineageKey(m.kind, m.member);
    latest.set(key, Math.max(latest.get(key) ?? 0, m.version));
  }
  return new Map(
    manifests.map((m) => {
      const lineage = lineageName('dataset', m.kind, m.member ? identityOf(m.member) : undefined);
      const currency: Currency = latest.get(lineageKey(m.kind, m.member)) === m.version ? 'current' : 'superseded';
      return [m.id, { name: `${lineage}, version ${m.version}`, currency }];
    }),
  );
}

/**
 * Labels for every model. Cards come oldest first, as the registry lists them; a model's
 * number is its place in its lineage, so the shared model's third training is "version 3".
 */
export function modelLabels(cards: readonly ModelCard[], identityOf: (handle: string) => PublicIdentity | undefined): Map<string, RecordLabel> {
  const counts = new Map<string, number>();
  const labels = new Map<string, RecordLabel>();
  for (const c of cards) {
    const key = lineageKey(c.kind, c.member);
    const number = (counts.get(key) ?? 0) + 1;
    counts.set(key, number);
    const lineage = lineageName('model', c.kind, c.member ? identityOf(c.member) : undefined);
    labels.set(c.version, { name: `${lineage}, version ${number}` });
  }
  return labels;
}

const STATUS_RANK: Record<string, number> = { current: 0, 'held-back': 1, superseded: 2, retired: 3 };

/**
 * Lists put current records first, then held back, superseded and retired; within a status the
 * shared lineage comes before members' own, and otherwise the order given (newest first) is kept.
 */
export function currentFirst<T>(items: readonly T[], status: (t: T) => string, shared: (t: T) => boolean): T[] {
  return [...items].sort((a, b) => (STATUS_RANK[status(a)] ?? 9) - (STATUS_RANK[status(b)] ?? 9) || Number(shared(b)) - Number(shared(a)));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 works added, 1 changed, 1 withdrawn", or "no change in its works" / "the first version: 12 works". */
export function changesInWords(m: Pick<DatasetManifest, 'changes' | 'previous' | 'totals'>): string {
  const { added, changed, removed, withdrawn } = m.changes;
  if (m.previous === null) return `the first version: ${plural(m.totals.all.works, 'work')}`;
  const counts: Array<[number, string]> = [
    [added.length, 'added'],
    [changed.length, 'changed'],
    [removed.length, 'removed'],
    [withdrawn.length, 'withdrawn'],
  ];
  // The first count names the noun: "3 works added, 1 changed".
  const parts = counts.filter(([n]) => n > 0).map(([n, what], i) => `${i === 0 ? plural(n, 'work') : n} ${what}`);
  return parts.length === 0 ? 'no change in its works' : parts.join(', ');
}

/**
 * A decision's title as it reads beside its outcome. A title names what was proposed, so a
 * rejected one is quoted as the proposal: "Rejected: the proposal “License the model…”".
 */
export function decisionHeadline(status: 'proposed' | 'accepted' | 'rejected' | 'superseded', title: string): string {
  switch (status) {
    case 'accepted':
      return `Accepted: ${title}`;
    case 'rejected':
      return `Rejected: the proposal “${title}”`;
    case 'superseded':
      return `Superseded: ${title}`;
    case 'proposed':
      return `Proposed, not yet decided: ${title}`;
  }
}

/** "donation 1, withdrawal 1, …": the board approvals a pull request of each kind of change needs under the policy's `review`. */
export function approvalsInWords(review: Policy['review']): string {
  return CHANGE_KINDS.map((k) => `${KIND_WORDS[k]} ${approvalsFor(k, review)}`).join(', ');
}

/** A promised review, as of `today` (both YYYY-MM-DD): due, due today, or overdue by so many days. */
export function reviewInWords(reviewBy: string, today: string): { overdue: boolean; text: string } {
  const days = Math.round((Date.parse(today) - Date.parse(reviewBy)) / 86_400_000);
  if (days > 0) return { overdue: true, text: `Review overdue: it was due on ${reviewBy}, ${plural(days, 'day')} ago` };
  if (days === 0) return { overdue: false, text: `Review due today (${reviewBy})` };
  return { overdue: false, text: `Review due by ${reviewBy}` };
}
