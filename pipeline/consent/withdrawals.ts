import type { Agreement, Withdrawal } from '../schemas/index.ts';
import { sha256 } from '../hash/index.ts';

export interface WithdrawnEntry {
  handle: string;
  hash: string;
  /** Title fingerprint, when the record keeps one. */
  title?: string;
  date: string;
}

/** The records a ledger is built from: agreements and withdrawals by handle, as loaded. */
export interface LedgerSources {
  agreements: ReadonlyMap<string, { value: Agreement }>;
  withdrawals: ReadonlyMap<string, { value: Withdrawal }>;
}

/** The withdrawal ledger of a loaded co-op. */
export function ledgerOf(coop: LedgerSources): WithdrawalLedger {
  return new WithdrawalLedger(new Map([...coop.agreements].map(([h, a]) => [h, a.value])), new Map([...coop.withdrawals].map(([h, w]) => [h, w.value])));
}

export class WithdrawalLedger {
  /** Writers who withdrew everything, with the date. */
  readonly writers: ReadonlyMap<string, string>;
  /** Withdrawn works by `handle/hash`. */
  readonly works: ReadonlyMap<string, WithdrawnEntry>;

  constructor(agreements: ReadonlyMap<string, Agreement>, withdrawals: ReadonlyMap<string, Withdrawal>) {
    this.writers = new Map([...agreements].filter(([, a]) => a.withdrawn).map(([h, a]) => [h, a.withdrawn!]));
    const works = new Map<string, WithdrawnEntry>();
    for (const [handle, record] of [...withdrawals].sort(([a], [b]) => a.localeCompare(b))) {
      for (const w of record.works) works.set(`${handle}/${w.hash}`, { handle, hash: w.hash, ...(w.title ? { title: w.title } : {}), date: w.withdrawn });
    }
    this.works = works;
  }

  /** Whether the writer's work with this fingerprint was withdrawn (alone, or with everything they gave). */
  isWithdrawn(handle: string, hash: string): boolean {
    return this.writers.has(handle) || this.works.has(`${handle}/${hash}`);
  }

  /** Why a work left: the writer withdrew everything, or this one work. */
  reason(handle: string, hash: string): 'agreement-withdrawn' | 'work-withdrawn' | undefined {
    if (this.writers.has(handle)) return 'agreement-withdrawn';
    return this.works.has(`${handle}/${hash}`) ? 'work-withdrawn' : undefined;
  }

  /** When the work (or its writer) was withdrawn. */
  dateOf(handle: string, hash: string): string | undefined {
    return this.works.get(`${handle}/${hash}`)?.date ?? this.writers.get(handle);
  }

  get size(): number {
    return this.writers.size + this.works.size;
  }

  /** A digest of everything withdrawn: it changes when anything more is withdrawn. */
  digest(): string {
    const keys = [...[...this.writers.keys()].map((h) => `writer:${h}`), ...[...this.works.keys()].map((k) => `work:${k}`)].sort();
    return sha256(JSON.stringify(keys)).slice(0, 16);
  }
}
