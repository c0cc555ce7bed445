/**
 * Dating donations when git cannot: a work that came in with the repository's first commit (a
 * co-op made from a template has one commit holding everything), or a co-op that is not a git
 * repository. That commit's date is only when the repository was made, so the timeline dates
 * such a donation from the writer's agreement, and says so. Pure.
 */
import type { PublicIdentity } from '../consent/index.ts';

/** A donation event as the timeline takes it before giving it an id (`key` is what the id is made from). */
export interface RecordDonation {
  key: string;
  date: string;
  datedFrom: 'agreement';
  kind: 'donation';
  title: string;
  link?: string;
}

/** What the records say of each writer's donations, for when git cannot date them. */
export interface DonationRecords {
  /** The day each writer signed their agreement (YYYY-MM-DD), by handle. */
  signed: ReadonlyMap<string, string>;
  /** Works each writer has on record in corpus/ now, by handle: the donations a co-op without git shows. */
  works: ReadonlyMap<string, number>;
}

/** The records of a loaded co-op's agreements and works. */
export function donationRecords(agreements: ReadonlyMap<string, { value: { signed: string } }>, works: ReadonlyArray<{ value: { contributor: string } }>): DonationRecords {
  const counts = new Map<string, number>();
  for (const w of works) counts.set(w.value.contributor, (counts.get(w.value.contributor) ?? 0) + 1);
  return { signed: new Map([...agreements].map(([h, a]) => [h, a.value.signed])), works: counts };
}

/** When the records date a writer's donation: the day they signed their agreement. */
export function recordDate(records: DonationRecords | undefined, handle: string): string | undefined {
  return records?.signed.get(handle);
}

/** Without git, one donation per writer with works on record, dated from their agreement. */
export function donationsFromRecords(records: DonationRecords, identities: ReadonlyMap<string, PublicIdentity>): RecordDonation[] {
  return [...records.works]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([handle, n]) => {
      const date = recordDate(records, handle);
      if (!date) return [];
      const who = identities.get(handle);
      return [
        {
          key: `donation:records:${who?.slug ?? 'unknown'}`,
          date,
          datedFrom: 'agreement' as const,
          kind: 'donation' as const,
          title: `${who?.name ?? 'A writer'} donated ${n} work${n === 1 ? '' : 's'}`,
          ...(who ? { link: `/contributors/${who.slug}/` } : {}),
        },
      ];
    });
}
