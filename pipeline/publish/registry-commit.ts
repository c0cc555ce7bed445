/**
 * The pipeline's records back on main: one commit that changes nothing but
 * registry/, made through the Git Data API on top of main as it is now, and
 * moved there only as a fast-forward; when main moved in between, it is read
 * again and the commit made again (nothing a person merged is ever lost).
 * Before each attempt, `guard` judges main as it is then (publish re-reads
 * the withdrawals there): its problems stop the commit.
 */
import { branchTip, commitTree, fastForward, treeOf, treeWith, type GitHubContext } from '../github/index.ts';
import { PIPELINE_SOURCE } from '../git/index.ts';
import { error, type Problem } from '../problems.ts';

export interface RegistryCommitResult {
  /** The new commit on main, or undefined when main already held these records. */
  commit?: string;
  attempts: number;
}

export type RegistryCommitOutcome = ({ ok: true } & RegistryCommitResult) | { ok: false; attempts: number; problems: Problem[] };

export interface RegistryCommitOptions {
  attempts?: number;
  /** Problems with main at `tip`, checked before committing on top of it. */
  guard?: (tip: string) => Promise<Problem[]>;
}

export async function commitRegistry(ctx: GitHubContext, branch: string, files: ReadonlyMap<string, string | null>, source: string, opts: RegistryCommitOptions = {}): Promise<RegistryCommitOutcome> {
  const attempts = opts.attempts ?? 5;
  for (const p of files.keys()) if (!p.startsWith('registry/')) throw new Error(`publish writes only registry/, not ${p}`);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const tip = await branchTip(ctx, branch);
    if (!tip)
      return {
        ok: false,
        attempts: attempt,
        problems: [error('publish/no-branch', branch, 'is not a branch of the repository, so the records have nowhere to go', { hint: 'pass --branch with the default branch (GITHUB_REF_NAME)' })],
      };
    const refused = (await opts.guard?.(tip)) ?? [];
    if (refused.length > 0) return { ok: false, attempts: attempt, problems: refused };
    const tree = await treeWith(ctx, tip, files);
    if (tree === (await treeOf(ctx, tip))) return { ok: true, attempts: attempt };
    // [skip ci]: the push must not start the pipeline again (and registry/** is ignored by its trigger anyway).
    const message = `Pipeline: records for ${source.slice(0, 12)} [skip ci]\n\n${PIPELINE_SOURCE}: ${source}`;
    const commit = await commitTree(ctx, tree, tip, message);
    // Not a fast-forward when main moved since it was read: read it again.
    if (await fastForward(ctx, branch, commit)) return { ok: true, commit, attempts: attempt };
  }
  return {
    ok: false,
    attempts,
    problems: [
      error(
        'publish/main-kept-moving',
        branch,
        `moved under every one of ${attempts} attempts to commit the records on top of it, so nothing was committed or released (a commit is never forced onto ${branch})`,
        {
          hint: 'run the pipeline again when merges have settled (Actions → pipeline → Run workflow); the records it trained are rebuilt or skipped as unchanged',
        },
      ),
    ],
  };
}
