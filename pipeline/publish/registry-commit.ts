/**
 * The pipeline's records back on main: one commit that changes nothing but
 * registry/, made through the Git Data API on top of main as it is now, and
 * moved there only as a fast-forward; when main moved in between, it is read
 * again and the commit made again (nothing a person merged is ever lost).
 */
import { branchTip, treeOf, treeWith, type GitHubContext } from '../github/index.ts';
import { PIPELINE_SOURCE } from '../git/messages.ts';

export interface RegistryCommitResult {
  /** The new commit on main, or undefined when main already held these records. */
  commit?: string;
  attempts: number;
}

export async function commitRegistry(ctx: GitHubContext, branch: string, files: ReadonlyMap<string, string | null>, source: string, attempts = 5): Promise<RegistryCommitResult> {
  for (const p of files.keys()) if (!p.startsWith('registry/')) throw new Error(`publish writes only registry/, not ${p}`);
  const { octokit, owner, repo } = ctx;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const tip = await branchTip(ctx, branch);
    if (!tip) throw new Error(`the branch ${branch} does not exist`);
    const tree = await treeWith(ctx, tip, files);
    if (tree === (await treeOf(ctx, tip))) return { attempts: attempt };
    // [skip ci]: the push must not start the pipeline again (and registry/** is ignored by its trigger anyway).
    const message = `Pipeline: records for ${source.slice(0, 12)} [skip ci]\n\n${PIPELINE_SOURCE}: ${source}`;
    const { data: commit } = await octokit.rest.git.createCommit({ owner, repo, message, tree, parents: [tip] });
    try {
      await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
      return { commit: commit.sha, attempts: attempt };
    } catch (e) {
      // 422: not a fast-forward, because main moved since it was read. Read it again.
      if ((e as { status?: number }).status !== 422) throw e;
    }
  }
  throw new Error(`could not commit the records to ${branch}: it kept moving (${attempts} attempts)`);
}
