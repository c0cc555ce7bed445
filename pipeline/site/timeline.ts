/**
 * The co-op's timeline: donations, withdrawals, decisions, policy changes,
 * datasets and training runs, newest first. Pure: records and git history in.
 */
import type { CommitChanges } from '../git/index.ts';
import { pullRequestFrom } from '../git/index.ts';
import type { DecisionFrontMatter, ModelCard } from '../schemas/index.ts';
import type { PublicIdentity } from '../consent/index.ts';
import { decisionHeadline } from './labels.ts';

export type EventKind = 'donation' | 'withdrawal' | 'decision' | 'policy' | 'dataset' | 'training';

export interface TimelineEvent {
  /** Unique and stable across builds (the feed's GUID): kind and what the event is about, never a handle. */
  id: string;
  /** ISO date or date-time (UTC). */
  date: string;
  kind: EventKind;
  title: string;
  /** Site-relative link to the thing the event is about. */
  link?: string;
  pullRequest?: number;
  commit?: string;
  /** The model version a training event is about. */
  model?: string;
}

export interface TimelineInputs {
  mainLine: readonly CommitChanges[];
  identities: ReadonlyMap<string, PublicIdentity>;
  decisions: ReadonlyArray<{ id: string; value: DecisionFrontMatter }>;
  withdrawals: ReadonlyArray<{ date: string; handle: string; scope: 'all' | 'work' }>;
  cards: readonly ModelCard[];
  /** How the site names a dataset or a model ("Shared model, version 3"). */
  names?: { dataset: (id: string) => string | undefined; model: (version: string) => string | undefined };
}

export function buildTimeline(inputs: TimelineInputs): TimelineEvent[] {
  const events: Array<Omit<TimelineEvent, 'id'> & { key: string }> = [];
  const datasetName = (id: string) => inputs.names?.dataset(id) ?? `Dataset ${id}`;
  const modelName = (version: string) => inputs.names?.model(version);
  for (const c of inputs.mainLine) {
    const pr = pullRequestFrom(c.message);
    // Dated by when the change reached the main line (a squash or rebase merge keeps the author's earlier date).
    const base = { date: c.committed, commit: c.commit, ...(pr ? { pullRequest: pr } : {}) };
    const donors = new Map<string, number>();
    for (const [file, status] of c.changes) {
      const m = /^corpus\/([^/]+)\/[^/]+\.(md|txt)$/.exec(file);
      if (m && status === 'A') donors.set(m[1]!, (donors.get(m[1]!) ?? 0) + 1);
    }
    for (const [handle, n] of [...donors].sort()) {
      const who = inputs.identities.get(handle);
      events.push({
        ...base,
        key: `donation:${c.commit}:${who?.slug ?? 'unknown'}`,
        kind: 'donation',
        title: `${who?.name ?? 'A writer'} donated ${n} work${n === 1 ? '' : 's'}`,
        ...(who ? { link: `/contributors/${who.slug}/` } : {}),
      });
    }
    if (c.changes.has('governance/policy.yaml'))
      events.push({ ...base, key: `policy:${c.commit}`, kind: 'policy', title: `Policy ${c.changes.get('governance/policy.yaml') === 'A' ? 'adopted' : 'changed'}`, link: '/governance/#policy' });
    for (const [file, status] of c.changes) {
      const m = /^registry\/datasets\/([0-9a-f]{16})\.json$/.exec(file);
      if (m && status === 'A') events.push({ ...base, key: `dataset:${m[1]}`, kind: 'dataset', title: `${datasetName(m[1]!)} recorded`, link: `/datasets/${m[1]}/` });
    }
  }
  for (const d of inputs.decisions) {
    events.push({
      key: `decision:${d.id}`,
      date: d.value.date,
      kind: 'decision',
      title: `Decision ${d.id}. ${decisionHeadline(d.value.status, d.value.title)}`,
      link: `/governance/decisions/${d.id}/`,
    });
  }
  for (const w of inputs.withdrawals) {
    events.push({ key: `withdrawal:${w.date}:${w.scope}`, date: w.date, kind: 'withdrawal', title: w.scope === 'all' ? 'A writer withdrew from the co-op' : 'A work was withdrawn' });
  }
  for (const card of inputs.cards) {
    const name = modelName(card.version) ?? (card.kind === 'shared' ? `The shared model ${card.version}` : `An allotment model ${card.version}`);
    events.push({
      key: `training:${card.version}`,
      model: card.version,
      date: card.finished,
      kind: 'training',
      title: `${name} trained (now ${card.status.replace('-', ' ')})`,
      link: `/models/${card.version}/`,
    });
  }
  events.sort((a, b) => b.date.localeCompare(a.date) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title) || a.key.localeCompare(b.key));
  // Keys that can repeat (two works withdrawn the same day) get a count, oldest first, so ids stay stable as events are added.
  const seen = new Map<string, number>();
  const ids: string[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const key = events[i]!.key;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    ids[i] = n === 1 ? key : `${key}:${n}`;
  }
  return events.map(({ key: _key, ...e }, i) => ({ id: ids[i]!, ...e }));
}
