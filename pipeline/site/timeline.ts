/**
 * The co-op's timeline: donations, withdrawals, decisions, policy changes,
 * datasets and training runs, newest first. Pure: records and git history in.
 */
import type { CommitChanges } from '../git/index.ts';
import { pullRequestFrom } from '../git/index.ts';
import type { DecisionFrontMatter, ModelCard } from '../schemas/index.ts';
import type { PublicIdentity } from '../consent/index.ts';
import { type DonationRecords, donationsFromRecords, recordDate } from './donation-dates.ts';
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
  /** Set when git could not date the event and a record did: "agreement" (the writer's signed date). */
  datedFrom?: 'agreement';
}

export interface TimelineInputs {
  mainLine: readonly CommitChanges[];
  identities: ReadonlyMap<string, PublicIdentity>;
  decisions: ReadonlyArray<{ id: string; value: DecisionFrontMatter }>;
  /** `link`: the withdrawn writer's page, or the withdrawn work's trace (both name no one the writer did not let stay named). */
  withdrawals: ReadonlyArray<{ date: string; handle: string; scope: 'all' | 'work'; link?: string }>;
  cards: readonly ModelCard[];
  /** How the site names a dataset or a model ("Shared model, version 3"). */
  names?: { dataset: (id: string) => string | undefined; model: (version: string) => string | undefined };
  /** What the records say when git cannot date a donation (see donation-dates.ts). */
  records?: DonationRecords;
}

/** An event before it has its id: `key` is what the id is made from. */
type KeyedEvent = Omit<TimelineEvent, 'id'> & { key: string };

/** What every event from one commit shares: when it reached the main line, the commit and its pull request. */
type CommitBase = Pick<TimelineEvent, 'date' | 'commit' | 'pullRequest'>;

/** Every event, newest first, each with an id that stays the same as events are added. */
export function buildTimeline(inputs: TimelineInputs): TimelineEvent[] {
  const datasetName = (id: string) => inputs.names?.dataset(id) ?? `Dataset ${id}`;
  const modelName = (version: string) => inputs.names?.model(version);
  const events: KeyedEvent[] = [
    ...inputs.mainLine.flatMap((c) => commitEvents(c, inputs.identities, datasetName, inputs.records)),
    ...(inputs.mainLine.length === 0 && inputs.records ? donationsFromRecords(inputs.records, inputs.identities) : []),
    ...inputs.decisions.map(decisionEvent),
    ...inputs.withdrawals.map(withdrawalEvent),
    ...inputs.cards.map((card) => trainingEvent(card, modelName)),
  ];
  events.sort((a, b) => b.date.localeCompare(a.date) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title) || a.key.localeCompare(b.key));
  return withIds(events);
}

/** What one commit on the main line did: donations, a policy change, datasets recorded. */
function commitEvents(c: CommitChanges, identities: TimelineInputs['identities'], datasetName: (id: string) => string, records: DonationRecords | undefined): KeyedEvent[] {
  const pr = pullRequestFrom(c.message);
  // Dated by when the change reached the main line (a squash or rebase merge keeps the author's earlier date).
  const base = { date: c.committed, commit: c.commit, ...(pr ? { pullRequest: pr } : {}) };
  const events = donationEvents(c, base, identities, records);
  if (c.changes.has('governance/policy.yaml'))
    events.push({ ...base, key: `policy:${c.commit}`, kind: 'policy', title: `Policy ${c.changes.get('governance/policy.yaml') === 'A' ? 'adopted' : 'changed'}`, link: '/governance/#policy' });
  for (const [file, status] of c.changes) {
    const m = /^registry\/datasets\/([0-9a-f]{16})\.json$/.exec(file);
    if (m && status === 'A') events.push({ ...base, key: `dataset:${m[1]}`, kind: 'dataset', title: `${datasetName(m[1]!)} recorded`, link: `/datasets/${m[1]}/` });
  }
  return events;
}

/**
 * One event per writer who added works in the commit, counting them. A donation in the
 * repository's first commit is dated from the writer's agreement: that commit's date is only when
 * the repository was made.
 */
function donationEvents(c: CommitChanges, base: CommitBase, identities: TimelineInputs['identities'], records: DonationRecords | undefined): KeyedEvent[] {
  const donors = new Map<string, number>();
  for (const [file, status] of c.changes) {
    const m = /^corpus\/([^/]+)\/[^/]+\.(md|txt)$/.exec(file);
    if (m && status === 'A') donors.set(m[1]!, (donors.get(m[1]!) ?? 0) + 1);
  }
  return [...donors].sort().map(([handle, n]) => {
    const who = identities.get(handle);
    const signed = c.parents.length === 0 ? recordDate(records, handle) : undefined;
    return {
      ...base,
      ...(signed ? { date: signed, datedFrom: 'agreement' as const } : {}),
      key: `donation:${c.commit}:${who?.slug ?? 'unknown'}`,
      kind: 'donation',
      title: `${who?.name ?? 'A writer'} donated ${n} work${n === 1 ? '' : 's'}`,
      ...(who ? { link: `/contributors/${who.slug}/` } : {}),
    };
  });
}

function decisionEvent(d: TimelineInputs['decisions'][number]): KeyedEvent {
  return {
    key: `decision:${d.id}`,
    date: d.value.date,
    kind: 'decision',
    title: `Decision ${d.id}. ${decisionHeadline(d.value.status, d.value.title)}`,
    link: `/governance/decisions/${d.id}/`,
  };
}

/** Names no one: a withdrawal says only what left and when. */
function withdrawalEvent(w: TimelineInputs['withdrawals'][number]): KeyedEvent {
  return {
    key: `withdrawal:${w.date}:${w.scope}`,
    date: w.date,
    kind: 'withdrawal',
    title: w.scope === 'all' ? 'A writer withdrew from the co-op' : 'A work was withdrawn',
    ...(w.link ? { link: w.link } : {}),
  };
}

function trainingEvent(card: ModelCard, modelName: (version: string) => string | undefined): KeyedEvent {
  const name = modelName(card.version) ?? (card.kind === 'shared' ? `The shared model ${card.version}` : `An allotment model ${card.version}`);
  return {
    key: `training:${card.version}`,
    model: card.version,
    date: card.finished,
    kind: 'training',
    title: `${name} trained (now ${card.status.replace('-', ' ')})`,
    link: `/models/${card.version}/`,
  };
}

/** Keys that can repeat (two works withdrawn the same day) get a count, oldest first, so ids stay stable as events are added. */
function withIds(events: readonly KeyedEvent[]): TimelineEvent[] {
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
