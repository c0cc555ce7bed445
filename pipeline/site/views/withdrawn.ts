/** Withdrawn writing as the site still answers for it: by fingerprint, date and where it was, never by text. Pure. */
import { publicIdentity } from '../../consent/index.ts';
import type { DatasetManifest } from '../../schemas/index.ts';
import type { TimelineInputs } from '../timeline.ts';
import type { WithdrawnWorkView } from '../view-types.ts';
import type { ViewContext } from './context.ts';
import { fingerprintPath } from './trace.ts';

/** "Am I in it?" still answers for withdrawn writing: each withdrawn work the registry held or the withdrawal records name, by fingerprint, sorted by it. */
export function withdrawnWorks(datasets: readonly DatasetManifest[], { identities, ledger }: ViewContext): WithdrawnWorkView[] {
  const withdrawn = new Map<string, WithdrawnWorkView>();
  const unknown = publicIdentity('', undefined);
  for (const d of datasets) {
    for (const w of d.works) {
      if (!ledger.isWithdrawn(w.contributor, w.hash)) continue;
      const key = `${w.contributor}/${w.hash}`;
      const entry = withdrawn.get(key) ?? {
        hash: w.hash,
        ...(ledger.works.get(key)?.title ? { title: ledger.works.get(key)!.title! } : {}),
        date: ledger.dateOf(w.contributor, w.hash)!,
        who: identities.get(w.contributor) ?? unknown,
        datasets: [],
      };
      if (!entry.datasets.includes(d.id)) entry.datasets.push(d.id);
      withdrawn.set(key, entry);
    }
  }
  // A work withdrawn before any dataset held it (a co-op whose registry starts after the withdrawal) is still answered for.
  for (const [key, w] of ledger.works) {
    if (!withdrawn.has(key)) withdrawn.set(key, { hash: w.hash, ...(w.title ? { title: w.title } : {}), date: w.date, who: identities.get(w.handle) ?? unknown, datasets: [] });
  }
  return [...withdrawn.values()].sort((a, b) => a.hash.localeCompare(b.hash));
}

/** The withdrawals the timeline shows: writers who withdrew everything, then single works withdrawn by writers who stayed. */
export function withdrawalEvents({ ledger, identities }: ViewContext): TimelineInputs['withdrawals'] {
  const page = (handle: string) => identities.get(handle)?.slug;
  return [
    ...[...ledger.writers].map(([handle, date]) => ({ date, handle, scope: 'all' as const, ...(page(handle) ? { link: `/contributors/${page(handle)}/` } : {}) })),
    ...[...ledger.works.values()].filter((w) => !ledger.writers.has(w.handle)).map((w) => ({ date: w.date, handle: w.handle, scope: 'work' as const, link: fingerprintPath(w.hash) })),
  ];
}
