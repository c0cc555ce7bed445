/**
 * What main has withdrawn by now. Training ran on the commit it started on,
 * often hours ago; a withdrawal merged since must not ship in a Release. So
 * before publishing, main's agreements and withdrawal records are read again
 * through GitHub (only the files that differ from the checkout), loaded with
 * the same loaders as `check`, and the cards' statuses settled with the same
 * rule as the training stage (`settleStatuses`): a model that rule would now
 * retire is unpublishable.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ledgerOf } from '../consent/index.ts';
import type { WithdrawalLedger } from '../consent/index.ts';
import { materializeAfterMerge, type IncomingFile } from '../gate/overlay.ts';
import { cleanBlobIds } from '../git/index.ts';
import { fileAt, folderAt, type GitHubContext } from '../github/index.ts';
import { error, type Problem } from '../problems.ts';
import { LAYOUT } from '../records/layout.ts';
import { loadCoop } from '../records/load-coop.ts';
import { SIZE_LIMITS } from '../records/safe-files.ts';
import type { DatasetManifest, ModelCard } from '../schemas/index.ts';
import { settleStatuses } from '../train/card.ts';

/** The records that say what a writer withdrew. */
const CONSENT_FOLDERS = [LAYOUT.agreement.folder, LAYOUT.withdrawal.folder];

/** The withdrawal ledger of main at `tip`: the checkout's records with main's versions of the consent folders over them. */
export async function ledgerAt(root: string, ctx: GitHubContext, tip: string): Promise<{ ok: true; ledger: WithdrawalLedger } | { ok: false; problems: Problem[] }> {
  const local = await cleanBlobIds(root, CONSENT_FOLDERS);
  const incoming: IncomingFile[] = [];
  const problems: Problem[] = [];
  for (const folder of CONSENT_FOLDERS) {
    const listed = await folderAt(ctx, folder, tip);
    if (listed.truncated)
      problems.push(
        error('publish/unreadable-main', folder, 'holds more files on main than GitHub lists at once (1,000), so what it withdraws cannot be read', { hint: 'tell the Commonplace maintainers' }),
      );
    const onMain = new Set<string>();
    for (const e of listed.entries) {
      onMain.add(e.path);
      if (e.type !== 'file') incoming.push({ path: e.path, status: 'refused', reason: 'not-a-file' });
      else if (local?.keys.get(e.path) !== e.sha) {
        const read = await fileAt(ctx, e.path, tip, SIZE_LIMITS.record);
        if (read.ok) incoming.push({ path: e.path, status: 'written', bytes: read.bytes });
        else if (read.reason === 'missing') incoming.push({ path: e.path, status: 'removed' });
        else incoming.push({ path: e.path, status: 'refused', reason: read.reason, ...(read.size !== undefined ? { size: read.size } : {}) });
      }
    }
    const here = await readdir(path.join(root, folder)).catch(() => [] as string[]);
    for (const name of here) if (!onMain.has(`${folder}/${name}`)) incoming.push({ path: `${folder}/${name}`, status: 'removed' });
  }
  const after = await materializeAfterMerge(root, incoming);
  try {
    const loaded = await loadCoop(after.root, { cache: false });
    const inFolders = (p: Problem) => p.severity === 'error' && CONSENT_FOLDERS.some((f) => p.file.startsWith(`${f}/`));
    problems.push(...after.problems, ...loaded.problems.filter(inFolders));
    if (problems.length > 0) return { ok: false, problems: problems.map((p) => ({ ...p, message: `on main: ${p.message}` })) };
    return { ok: true, ledger: ledgerOf(loaded.coop) };
  } finally {
    await after.dispose();
  }
}

/** Cards the pipeline left publishable that `ledger` retires, each with the reason the training stage would give. */
export function newlyRetired(cards: readonly ModelCard[], datasets: ReadonlyMap<string, Pick<DatasetManifest, 'works'>>, ledger: WithdrawalLedger): ModelCard[] {
  const before = new Map(cards.map((c) => [c.version, c.status]));
  return settleStatuses(cards, datasets, ledger, false).filter((c) => c.status === 'retired' && before.get(c.version) !== 'retired');
}
