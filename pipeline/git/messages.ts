/** What commit messages say, as GitHub and reviewers write them. Pure. */

/** Trailers naming approvers: "Name <email>" as written, in order. */
export function approvalTrailers(message: string): Array<{ name: string; email?: string }> {
  const out: Array<{ name: string; email?: string }> = [];
  for (const m of message.matchAll(/^(?:Reviewed-by|Approved-by):[ \t]*(.+?)[ \t]*$/gim)) {
    const e = /^(.*?)\s*<([^>]*)>$/.exec(m[1]!);
    out.push(e ? { name: e[1]!.trim(), email: e[2]!.trim() } : { name: m[1]!.trim() });
  }
  return out;
}

/** The pull request number a merge or squash message carries, if any. */
export function pullRequestFrom(message: string): number | undefined {
  const subject = message.split('\n')[0] ?? '';
  const m = /^Merge pull request #(\d+)\b/.exec(subject) ?? /\(#(\d+)\)\s*$/.exec(subject);
  return m ? Number(m[1]) : undefined;
}

/** Who opened the pull request a merge commit names ("Merge pull request #12 from ana/donate"). */
export function mergeAuthor(message: string): string | undefined {
  return /^Merge pull request #\d+ from ([A-Za-z0-9-]+)\//.exec(message.split('\n')[0] ?? '')?.[1];
}

/** The trailer the pipeline's registry commits carry: the main commit whose records they hold. */
export const PIPELINE_SOURCE = 'Pipeline-source';

/** The commit a registry commit's `Pipeline-source:` trailer names, if any. */
export function pipelineSource(message: string): string | undefined {
  return new RegExp(`^${PIPELINE_SOURCE}:[ \\t]*([0-9a-f]{40})[ \\t]*$`, 'm').exec(message)?.[1];
}
