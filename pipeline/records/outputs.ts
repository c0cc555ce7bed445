/**
 * Folders the pipeline writes and never reads as records: caches, trained
 * weights, the built site. They are never committed (.gitignore lists them),
 * so a tracked file there came from someone's commit, not from this machine's
 * run: it is refused, and while one is tracked no cache is trusted (a cache
 * entry for a work git says is unchanged would otherwise put text that is in
 * no file of corpus/ into a dataset; issue 21).
 */
import { trackedFiles } from '../git/index.ts';
import { error, type Problem } from '../problems.ts';

/** What the pipeline writes: `artifacts/` (caches, models, checkpoints), `dist/` (the site), `.astro/`. */
export const PIPELINE_OUTPUTS = ['artifacts', 'dist', '.astro'] as const;

/** Whether `rel` (forward slashes, relative to the co-op root) is inside a folder the pipeline writes. */
export function isPipelineOutput(rel: string): boolean {
  return PIPELINE_OUTPUTS.some((dir) => rel === dir || rel.startsWith(`${dir}/`));
}

/** One problem per file git tracks under a folder the pipeline writes. */
export async function committedOutputs(root: string): Promise<Problem[]> {
  const files = await trackedFiles(root, [...PIPELINE_OUTPUTS]);
  return files.map((file) =>
    error('coop/committed-output', file, 'is committed, but the pipeline writes this folder and never reads it as a record (nothing from the repository is trusted as a cache)', {
      hint: `take it out of git with \`git rm --cached -- ${shellQuote(file)}\` and commit; ${file.split('/')[0]}/ is in .gitignore`,
    }),
  );
}

function shellQuote(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
