/**
 * Every work traced both ways: for each fingerprint any dataset ever held (or any work still in
 * `corpus/`), the datasets and models that hold or held it, its consent scopes, when it came in
 * and who approved it, and, once withdrawn, when it left. Titles and text only as the writer's
 * consent allows; a withdrawn work is named by its fingerprint alone. Pure over the records.
 */
import { publicIdentity } from '../../consent/index.ts';
import type { CheckedCoop } from '../../records/types.ts';
import type { DatasetManifest, DatasetWork } from '../../schemas/index.ts';
import type { TraceEntry, WorkTrace, WorkView } from '../view-types.ts';
import type { ViewContext } from './context.ts';

/** Where a work's fingerprint links: its page of its own when there is exactly one, readable work; else its trace page. */
export const fingerprintPath = (hash: string) => `/fingerprints/${hash}/`;

/** Every work's trace, sorted by fingerprint. `datasets` oldest first, as the registry lists them. */
export function workTraces(coop: CheckedCoop, works: readonly WorkView[], datasets: readonly DatasetManifest[], { identities, ledger, modelsOf }: ViewContext): WorkTrace[] {
  const entries = new Map<string, { handle: string; hash: string; latest?: DatasetWork; datasets: string[] }>();
  const keyOf = (handle: string, hash: string) => `${handle}/${hash}`;
  for (const d of datasets) {
    for (const w of d.works) {
      const key = keyOf(w.contributor, w.hash);
      const e = entries.get(key) ?? { handle: w.contributor, hash: w.hash, datasets: [] };
      e.latest = w;
      if (!e.datasets.includes(d.id)) e.datasets.push(d.id);
      entries.set(key, e);
    }
  }
  // Works still in corpus/ that no dataset holds yet, and works withdrawn before any dataset held them.
  for (const { handle, hash } of [...coop.works, ...ledger.works.values()]) if (!entries.has(keyOf(handle, hash))) entries.set(keyOf(handle, hash), { handle, hash, datasets: [] });
  const shown = new Map(works.map((w) => [keyOf(w.handle, w.hash), w]));
  const scopesNow = new Map(coop.works.map((w) => [keyOf(w.handle, w.hash), w.value.scopes]));
  const unknown = publicIdentity('', undefined);
  const byHash = new Map<string, TraceEntry[]>();
  for (const [key, e] of entries) {
    const withdrawn = ledger.dateOf(e.handle, e.hash);
    const view = withdrawn ? undefined : shown.get(key);
    const merge = e.latest?.provenance?.merge;
    const entry: TraceEntry = {
      hash: e.hash,
      who: identities.get(e.handle) ?? unknown,
      display: withdrawn ? 'none' : (view?.display ?? 'none'),
      ...(view?.title ? { title: view.title, language: view.language } : {}),
      ...(view?.url ? { url: view.url } : {}),
      scopes: [...(scopesNow.get(key) ?? e.latest?.scopes ?? [])].sort(),
      ...(merge ? { arrived: { date: merge.date, commit: merge.commit, ...(merge.pullRequest ? { pullRequest: merge.pullRequest } : {}), approvedBy: merge.approvedBy } } : {}),
      ...(e.latest?.provenance?.added ? { written: e.latest.provenance.added.date } : {}),
      ...(withdrawn ? { withdrawn } : {}),
      datasets: e.datasets,
      models: modelsOf(e.datasets),
    };
    byHash.set(e.hash, [...(byHash.get(e.hash) ?? []), entry]);
  }
  return [...byHash].map(([hash, list]) => ({ hash, entries: list.sort((a, b) => a.who.slug.localeCompare(b.who.slug)) })).sort((a, b) => a.hash.localeCompare(b.hash));
}

/** The trace of a fingerprint, or of the one fingerprint a prefix of 8 or more hex digits names (cards name works by 12). */
export function traceOf(traces: ReadonlyMap<string, WorkTrace>, hash: string): WorkTrace | undefined {
  const exact = traces.get(hash);
  if (exact || hash.length >= 64 || !/^[0-9a-f]{8,}$/.test(hash)) return exact;
  const found = [...traces.values()].filter((t) => t.hash.startsWith(hash));
  return found.length === 1 ? found[0] : undefined;
}

/** The link for a fingerprint: the work's own page when it is the one entry and readable, else its trace page; none for a fingerprint no record names. */
export function fingerprintLink(traces: ReadonlyMap<string, WorkTrace>, hash: string): string | undefined {
  const t = traceOf(traces, hash);
  if (!t) return undefined;
  const only = t.entries.length === 1 ? t.entries[0] : undefined;
  return only?.url ?? fingerprintPath(t.hash);
}
