/**
 * The co-op's timeline: donations, withdrawals, decisions, policy changes,
 * datasets and training runs, newest first. Pure: records and git history in.
 */
import type { CommitChanges } from '../git/index.ts';
import { pullRequestFrom } from '../git/messages.ts';
import type { DecisionFrontMatter, ModelCard } from '../schemas/index.ts';
import type { PublicIdentity } from '../consent/index.ts';

export type EventKind = 'donation' | 'withdrawal' | 'decision' | 'policy' | 'dataset' | 'training';

export interface TimelineEvent {
  /** ISO date or date-time (UTC). */
  date: string;
  kind: EventKind;
  title: string;
  /** Site-relative link to the thing the event is about. */
  link?: string;
  pullRequest?: number;
  commit?: string;
}

export interface TimelineInputs {
  mainLine: readonly CommitChanges[];
  identities: ReadonlyMap<string, PublicIdentity>;
  decisions: ReadonlyArray<{ id: string; value: DecisionFrontMatter }>;
  withdrawals: ReadonlyArray<{ date: string; handle: string; scope: 'all' | 'work' }>;
  cards: readonly ModelCard[];
}

export function buildTimeline(inputs: TimelineInputs): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const c of inputs.mainLine) {
    const pr = pullRequestFrom(c.message);
    const base = { date: c.date, commit: c.commit, ...(pr ? { pullRequest: pr } : {}) };
    const donors = new Map<string, number>();
    for (const [file, status] of c.changes) {
      const m = /^corpus\/([^/]+)\/[^/]+\.(md|txt)$/.exec(file);
      if (m && status === 'A') donors.set(m[1]!, (donors.get(m[1]!) ?? 0) + 1);
    }
    for (const [handle, n] of [...donors].sort()) {
      const who = inputs.identities.get(handle);
      events.push({ ...base, kind: 'donation', title: `${who?.name ?? 'A writer'} donated ${n} work${n === 1 ? '' : 's'}`, ...(who ? { link: `/contributors/${who.slug}/` } : {}) });
    }
    if (c.changes.has('governance/policy.yaml'))
      events.push({ ...base, kind: 'policy', title: `Policy ${c.changes.get('governance/policy.yaml') === 'A' ? 'adopted' : 'changed'}`, link: '/governance/#policy' });
    for (const [file, status] of c.changes) {
      const m = /^registry\/datasets\/([0-9a-f]{16})\.json$/.exec(file);
      if (m && status === 'A') events.push({ ...base, kind: 'dataset', title: `Dataset ${m[1]} recorded`, link: `/datasets/${m[1]}/` });
    }
  }
  for (const d of inputs.decisions) {
    events.push({ date: d.value.date, kind: 'decision', title: `Decision ${d.id} ${d.value.status}: ${d.value.title}`, link: `/governance/decisions/${d.id}/` });
  }
  for (const w of inputs.withdrawals) {
    events.push({ date: w.date, kind: 'withdrawal', title: w.scope === 'all' ? 'A writer withdrew from the co-op' : 'A work was withdrawn' });
  }
  for (const card of inputs.cards) {
    const whose = card.kind === 'shared' ? 'the shared model' : `an allotment model`;
    events.push({ date: card.finished, kind: 'training', title: `Trained ${whose} ${card.version} (${card.status})`, link: `/models/${card.version}/` });
  }
  return events.sort((a, b) => b.date.localeCompare(a.date) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title));
}
