/** Gather git provenance for the corpus (I/O shell around computeProvenance). */
import { commitsBroughtIn, historyOf, isRepoRoot, mainLine, uncommittedPaths } from '../git/index.ts';
import { LAYOUT } from '../records/layout.ts';
import type { Provenance } from '../schemas/index.ts';
import { computeProvenance, type MergeApprovals } from './provenance.ts';

export interface CorpusGitState {
  /** False when the co-op is not the top of a git work tree: provenance is then unknown. */
  repo: boolean;
  provenance: Map<string, Provenance>;
  /** Corpus paths with uncommitted changes. */
  uncommitted: Set<string>;
}

/** `knownUncommitted`: the same set, when the loader already asked git for it; `approvals`: what GitHub said of the merges. */
export async function readCorpusGit(root: string, paths: readonly string[], knownUncommitted?: Set<string>, approvals?: MergeApprovals): Promise<CorpusGitState> {
  if (!(await isRepoRoot(root))) return { repo: false, provenance: new Map(), uncommitted: new Set() };
  const [history, main, uncommitted] = await Promise.all([historyOf(root, [LAYOUT.work.folder]), mainLine(root), knownUncommitted ?? uncommittedPaths(root, [LAYOUT.work.folder])]);
  const broughtIn = new Map<string, string[]>();
  for (const c of main) {
    if (c.parents.length > 1) broughtIn.set(c.commit, await commitsBroughtIn(root, c.commit, c.parents[0]!));
  }
  return { repo: true, provenance: computeProvenance(paths, { history, mainLine: main, broughtIn, ...(approvals ? { approvals } : {}) }), uncommitted };
}
