/**
 * What `commonplace-coop purge` takes out of a repository's history, and how the
 * registry follows the rewrite. Pure: history facts in, decisions out.
 */
import type { WithdrawalLedger } from '../consent/index.ts';
import type { DatasetManifest, Provenance } from '../schemas/index.ts';

/** One version of a file in history, with the fingerprint of its text. */
export interface HistoricVersion {
  path: string;
  hash: string;
}

/**
 * The paths to remove from every commit: all of the writer's folder when they
 * withdrew everything, otherwise every path that ever held a withdrawn text.
 */
export function pathsToPurge(handle: string, versions: readonly HistoricVersion[], withdrawals: WithdrawalLedger): string[] {
  const paths = versions.filter((v) => withdrawals.writers.has(handle) || withdrawals.isWithdrawn(handle, v.hash)).map((v) => v.path);
  return [...new Set(paths)].sort();
}

/**
 * A manifest after the rewrite: commit ids mapped to the new history; a
 * withdrawn work keeps no provenance at all, and a commit the rewrite pruned
 * is no longer named. Hashes and ids, which key everything, do not change.
 */
export function remapManifest(manifest: DatasetManifest, commits: ReadonlyMap<string, string | undefined>, withdrawals: WithdrawalLedger): DatasetManifest {
  const map = (id: string) => (commits.has(id) ? commits.get(id) : id);
  const remap = (p: Provenance): Provenance => {
    const out: Provenance = {};
    if (p.added && map(p.added.commit)) out.added = { ...p.added, commit: map(p.added.commit)! };
    if (p.lastChanged && map(p.lastChanged.commit)) out.lastChanged = { ...p.lastChanged, commit: map(p.lastChanged.commit)! };
    if (p.merge && map(p.merge.commit)) out.merge = { ...p.merge, commit: map(p.merge.commit)! };
    if (p.uncommitted) out.uncommitted = true;
    return out;
  };
  return {
    ...manifest,
    works: manifest.works.map((w) => ({ ...w, provenance: withdrawals.isWithdrawn(w.contributor, w.hash) || w.provenance === null ? null : remap(w.provenance) })),
  };
}
