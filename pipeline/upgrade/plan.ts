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

export function planUpgrade({ current, recorded, next, tool }: UpgradeInputs): UpgradePlan {
  const write = new Map<string, string>();
  const remove: string[] = [];
  const report: UpgradePlan['report'] = [];
  const files: Record<string, string> = {};
  const paths = [...new Set([...next.keys(), ...Object.keys(recorded.files)])].sort();
  for (const file of paths) {
    const now = current.get(file);
    const was = recorded.files[file];
    const text = next.get(file);
    const nowSha = now === undefined ? undefined : fileDigest(now);
    const edited = now !== undefined && was !== undefined && nowSha !== was;
    if (text === undefined) {
      // This version no longer ships the file.
      if (now === undefined) continue;
      if (edited) report.push({ file, action: 'unmanaged' });
      else {
        remove.push(file);
        report.push({ file, action: 'removed' });
      }
      continue;
    }
    const nextSha = fileDigest(text);
    if (now === undefined) {
      if (was !== undefined) {
        files[file] = was;
        report.push({ file, action: 'kept-deleted' });
      } else {
        write.set(file, text);
        files[file] = nextSha;
        report.push({ file, action: 'added' });
      }
    } else if (nowSha === nextSha) {
      files[file] = nextSha;
      report.push({ file, action: 'unchanged' });
    } else if (!edited && was !== undefined) {
      write.set(file, text);
      files[file] = nextSha;
      report.push({ file, action: 'updated' });
    } else if (was !== undefined && nextSha === was) {
      // Our version did not move: the co-op's edit stands, and is still judged against what we wrote.
      files[file] = was;
      report.push({ file, action: 'kept-yours' });
    } else {
      // Both moved (or the co-op made a file we now ship): theirs stays, ours goes beside it.
      write.set(`${file}${NEW_SUFFIX}`, text);
      files[file] = nextSha;
      report.push({ file, action: 'conflict' });
    }
  }
  return { write, remove, report, manifest: { schemaVersion: 1, tool, files } };
}
