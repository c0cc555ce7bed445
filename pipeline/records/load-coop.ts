/**
 * Read a co-op repository: every record the layout (`layout.ts`) places under
 * corpus/ and governance/, each file checked for safety, parsed and validated
 * against its schema. Problems come back as values; nothing here throws for bad input.
 */
import path from 'node:path';
import { CODEOWNERS_FILE } from '../board/index.ts';
import { FileCache, pruneTextCache } from '../cache/index.ts';
import { cleanBlobIds, worktreeFiles } from '../git/index.ts';
import type { Problem } from '../problems.ts';
import { NORMALIZER } from '../text/index.ts';
import { LAYOUT } from './layout.ts';
import { committedOutputs } from './outputs.ts';
import type { ParsedWork } from './parse-work.ts';
import { portablePathProblems } from './portable-paths.ts';
import { RecordReader } from './record-reader.ts';
import { listDir, SIZE_LIMITS } from './safe-files.ts';
import type { Coop } from './types.ts';

/** Bump when loading or checking a work changes, so old cache entries are ignored. */
const WORK_CACHE_VERSION = `work-record@3+${NORMALIZER}`;

export interface LoadOptions {
  /** Reuse checked works whose content git vouches is unchanged (default true). */
  cache?: boolean;
}

/** Read and schema-check every record of the co-op at `root`. */
export async function loadCoop(root: string, options: LoadOptions = {}): Promise<{ coop: Coop; problems: Problem[] }> {
  const absRoot = path.resolve(root);
  // A committed file where the pipeline writes (a force-added cache) is refused, and then no cache is trusted.
  const problems: Problem[] = await committedOutputs(absRoot);
  const useCache = (options.cache ?? true) && problems.length === 0;
  const git = useCache ? await cleanBlobIds(absRoot, [LAYOUT.work.folder]) : undefined;
  const cache = useCache ? await FileCache.open<ParsedWork>(absRoot, 'works', WORK_CACHE_VERSION) : undefined;
  const reader = new RecordReader(absRoot, problems, git?.keys, cache);
  const coop: Coop = {
    root: absRoot,
    ...(await reader.singleRecords()),
    agreements: new Map(await reader.yamlRecords('agreement')),
    agreementTexts: new Map(await reader.agreementTexts()),
    withdrawals: new Map(await reader.yamlRecords('withdrawal')),
    decisions: await reader.decisions(),
    pages: new Map(await reader.pages()),
    useCases: new Map(await reader.yamlRecords('useCase')),
    baseModels: new Map(await reader.yamlRecords('baseModel')),
    works: [],
  };
  const codeowners = (await listDir(absRoot, path.posix.dirname(CODEOWNERS_FILE))).entries.find((e) => e.rel === CODEOWNERS_FILE && e.kind === 'file');
  if (codeowners) coop.codeowners = await reader.text(codeowners, SIZE_LIMITS.record);
  coop.works = await reader.works();
  if (git) coop.uncommittedCorpus = git.uncommitted;
  if (cache) {
    await cache.save();
    await pruneTextCache(absRoot, new Set(coop.works.map((w) => w.hash)));
  }
  // Paths every writer can check out: the records listed, and every other file git would commit.
  // A path already refused for its name is not reported twice.
  const named = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file));
  const paths = new Set([...reader.seen, ...(await worktreeFiles(absRoot))]);
  problems.push(...portablePathProblems(paths).filter((p) => p.code !== 'file/not-portable' || !named.has(p.file)));
  return { coop, problems };
}
