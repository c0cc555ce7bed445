/**
 * Take a co-op's managed files (workflows, forms, guides) to the version the
 * installed Commonplace ships, without overwriting the co-op's own edits.
 * Pure: what is on disk, what was last written, and what this version would
 * write, in; the file changes and a report out.
 */
import { fileDigest } from '../records/digest.ts';
import type { ManagedFiles } from '../schemas/index.ts';

export type UpgradeAction =
  /** New in this version: written. */
  | 'added'
  /** Untouched since Commonplace wrote it: replaced by the new version. */
  | 'updated'
  /** Already what this version would write. */
  | 'unchanged'
  /** Edited by the co-op, and this version changes nothing there: kept. */
  | 'kept-yours'
  /** Edited by the co-op, and this version changes it too: kept, the new version written beside it as `<file>.new`. */
  | 'conflict'
  /** Deleted by the co-op: not written again. */
  | 'kept-deleted'
  /** Dropped by this version, untouched by the co-op: deleted. */
  | 'removed'
  /** Dropped by this version, but edited by the co-op: kept, no longer managed. */
  | 'unmanaged';

export interface UpgradeInputs {
  /** Managed files as they are in the co-op (undefined: missing). */
  current: ReadonlyMap<string, string | undefined>;
  /** What Commonplace last wrote (the co-op's manifest). */
  recorded: ManagedFiles;
  /** What this version writes. */
  next: ReadonlyMap<string, string>;
  /** This version's name, e.g. commonplace-coop@0.2.0. */
  tool: string;
}

export interface UpgradePlan {
  write: Map<string, string>;
  remove: string[];
  report: Array<{ file: string; action: UpgradeAction }>;
  manifest: ManagedFiles;
}

/** Suffix of the new version written beside a file the co-op edited. */
export const NEW_SUFFIX = '.new';

/** What becomes of one managed file. */
interface FileDecision {
  action: UpgradeAction;
  /** The digest the manifest records for it afterwards (none: no longer managed). */
  recorded?: string;
  /** Where this version's text is written: over the file, or beside it as `<file>.new`. */
  writes?: 'in-place' | 'beside';
}

/**
 * One file's fate, from its text in the co-op (`now`), the digest Commonplace last recorded (`was`)
 * and this version's text (`text`); undefined when there is nothing to do or say.
 */
function decideFile(now: string | undefined, was: string | undefined, text: string | undefined): FileDecision | undefined {
  const nowSha = now === undefined ? undefined : fileDigest(now);
  const edited = now !== undefined && was !== undefined && nowSha !== was;
  if (text === undefined) {
    // This version no longer ships the file.
    if (now === undefined) return undefined;
    return { action: edited ? 'unmanaged' : 'removed' };
  }
  const nextSha = fileDigest(text);
  if (now === undefined) return was !== undefined ? { action: 'kept-deleted', recorded: was } : { action: 'added', recorded: nextSha, writes: 'in-place' };
  if (nowSha === nextSha) return { action: 'unchanged', recorded: nextSha };
  if (!edited && was !== undefined) return { action: 'updated', recorded: nextSha, writes: 'in-place' };
  // Our version did not move: the co-op's edit stands, and is still judged against what we wrote.
  if (was !== undefined && nextSha === was) return { action: 'kept-yours', recorded: was };
  // Both moved (or the co-op made a file we now ship): theirs stays, ours goes beside it.
  return { action: 'conflict', recorded: nextSha, writes: 'beside' };
}

/** Every managed file's fate, in path order, and the manifest that records what this version leaves behind. */
export function planUpgrade({ current, recorded, next, tool }: UpgradeInputs): UpgradePlan {
  const write = new Map<string, string>();
  const remove: string[] = [];
  const report: UpgradePlan['report'] = [];
  const files: Record<string, string> = {};
  const paths = [...new Set([...next.keys(), ...Object.keys(recorded.files)])].sort();
  for (const file of paths) {
    const text = next.get(file);
    const decision = decideFile(current.get(file), recorded.files[file], text);
    if (!decision) continue;
    if (decision.action === 'removed') remove.push(file);
    if (decision.writes && text !== undefined) write.set(decision.writes === 'beside' ? `${file}${NEW_SUFFIX}` : file, text);
    if (decision.recorded !== undefined) files[file] = decision.recorded;
    report.push({ file, action: decision.action });
  }
  return { write, remove, report, manifest: { schemaVersion: 1, tool, files } };
}
