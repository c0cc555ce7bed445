/**
 * `commonplace-coop purge`: after an accepted decision, rewrite a private co-op's
 * history so that no commit holds a withdrawn writer's texts, and keep the
 * registry resolvable. The thin I/O shell around plan.ts.
 */
import path from 'node:path';
import { checkCoop } from '../check/index.ts';
import { ledgerOf, type WithdrawalLedger } from '../consent/index.ts';
import { normalizeWork } from '../text/index.ts';
import { commitPaths, historyBlobs, isClean, isRepoRoot, readBlob, rewriteWithout } from '../git/index.ts';
import { error, type Problem } from '../problems.ts';
import { splitFrontMatter } from '../records/front-matter.ts';
import { LAYOUT, pathOf } from '../records/layout.ts';
import type { CheckedCoop } from '../records/types.ts';
import { workHash } from '../consent/index.ts';
import { DATASETS_DIR, DatasetRegistry } from '../registry/index.ts';
import { recordJson, writeFilesAtomically } from '../fs/index.ts';
import { pathsToPurge, remapManifest, type HistoricVersion } from './plan.ts';

export interface PurgeRequest {
  handle: string;
  decision: string;
  /** Rewrite even though the repository is public (clones and forks keep the texts). */
  evenIfPublic?: boolean;
}

export type PurgeResult = { ok: true; paths: string[]; commitsRewritten: number; registryCommit?: string } | { ok: false; problems: Problem[] };

/** What no tool can recall, said after every purge. */
export const BEYOND_RECALL = [
  'clones and forks others made before the rewrite (a public forge keeps every fork of a public repository)',
  'pull-request refs and cached views on the forge (on GitHub, only GitHub Support can remove them)',
  'CI logs, caches and artifacts, backups, and any dataset export or model weights already downloaded',
];

/** A refusal: one problem, with where and how to fix it. */
function refuse(code: string, file: string, message: string, hint: string): PurgeResult {
  return { ok: false, problems: [error(code, file, message, { hint })] };
}

/** Purge rewrites every commit: only the top of a repository with nothing uncommitted. */
async function repositoryRefusal(root: string): Promise<PurgeResult | undefined> {
  if (!(await isRepoRoot(root))) return refuse('purge/not-git', '.', 'is not the top of a git repository', 'run purge in the co-op repository itself');
  if (!(await isClean(root))) return refuse('purge/dirty', '.', 'has uncommitted changes', 'commit or stash them first: purge rewrites every commit');
  return undefined;
}

/** Why the co-op may not rewrite for this writer: a public repository (unless asked anyway), or no accepted decision. */
function authorityRefusal(coop: CheckedCoop, req: PurgeRequest): PurgeResult | undefined {
  if (coop.info.value.visibility === 'public' && !req.evenIfPublic) {
    return refuse(
      'purge/public',
      pathOf('info'),
      'the repository is public: rewriting it cannot recall the clones and forks that already hold the texts',
      'purge is for private co-ops; pass --even-if-public to rewrite anyway, knowing what it cannot do (docs/contributing.md#withdrawing)',
    );
  }
  const decision = coop.decisions.get(req.decision);
  if (decision?.value.status !== 'accepted' || !decision.value.affects.includes(`member:${req.handle}`)) {
    return refuse(
      'purge/no-decision',
      `${LAYOUT.decision.folder}/`,
      `decision ${req.decision} is not an accepted decision that affects member:${req.handle}`,
      `rewriting history needs the board's decision: add one with affects: [member:${req.handle}], get it accepted and merged, then run purge again`,
    );
  }
  return undefined;
}

/** Every version of the writer's works in history, with the fingerprint of its text. */
async function historicVersions(root: string, handle: string): Promise<HistoricVersion[]> {
  const versions: HistoricVersion[] = [];
  for (const { blob, path: p } of await historyBlobs(root, `${LAYOUT.work.folder}/${handle}`)) {
    const text = (await readBlob(root, blob)).replace(/\r\n?/g, '\n');
    const split = splitFrontMatter(text, p);
    versions.push({ path: p, hash: workHash(normalizeWork(split.ok ? split.value.body : text, p.endsWith('.txt') ? 'txt' : 'md')) });
  }
  return versions;
}

/** The registry keys works by content hash; only its commit ids follow the new history, committed when any changed. */
async function remapRegistry(
  root: string,
  req: PurgeRequest,
  commits: ReadonlyMap<string, string | undefined>,
  ledger: WithdrawalLedger,
): Promise<{ ok: true; commit?: string } | { ok: false; problems: Problem[] }> {
  const registry = await DatasetRegistry.open(root);
  if (!registry.ok) return registry;
  const all = await registry.value.all();
  if (!all.ok) return all;
  const files = new Map<string, string>();
  for (const m of all.value) {
    const mapped = remapManifest(m, commits, ledger);
    if (JSON.stringify(mapped) !== JSON.stringify(m)) files.set(path.join(root, DATASETS_DIR, `${m.id}.json`), recordJson(mapped));
  }
  if (files.size === 0) return { ok: true };
  await writeFilesAtomically(files);
  const commit = await commitPaths(root, [DATASETS_DIR], `Purge ${req.handle}'s withdrawn texts from history (decision ${req.decision})\n\nThe registry's commit ids now name the rewritten commits.`);
  return { ok: true, commit };
}

/** Purge `req.handle`'s withdrawn texts from every commit, once the board has decided it; refusals come back as problems. */
export async function purge(root: string, req: PurgeRequest): Promise<PurgeResult> {
  const refused = await repositoryRefusal(root);
  if (refused) return refused;
  const check = await checkCoop(root, { cache: false });
  if (!check.ok) return { ok: false, problems: check.problems.filter((p) => p.severity === 'error') };
  const unauthorized = authorityRefusal(check.coop, req);
  if (unauthorized) return unauthorized;
  const ledger = ledgerOf(check.coop);
  if (!ledger.writers.has(req.handle) && ![...ledger.works.values()].some((w) => w.handle === req.handle)) {
    return refuse('purge/not-withdrawn', pathOf('agreement', req.handle), `${req.handle} has withdrawn nothing`, `run \`commonplace-coop withdraw --handle ${req.handle}\` first, and merge it`);
  }
  const paths = pathsToPurge(req.handle, await historicVersions(root, req.handle), ledger);
  if (paths.length === 0) return { ok: true, paths: [], commitsRewritten: 0 };
  const commits = await rewriteWithout(root, paths);
  const registry = await remapRegistry(root, req, commits, ledger);
  if (!registry.ok) return registry;
  return { ok: true, paths, commitsRewritten: [...commits.values()].filter(Boolean).length, ...(registry.commit ? { registryCommit: registry.commit } : {}) };
}
