/**
 * The accounts writers signed with around each change that reached main: the
 * `github:` of their agreement as the commit's first parent held it (before)
 * and as the commit holds it (after), for the writer sign-off rule
 * (consent/writer-signoff.ts). Read from git; only `github:` is taken, and
 * only when it is a valid login (the records were checked when they merged).
 */
import { parse } from 'yaml';
import { consentPathOf } from '../consent/index.ts';
import { fileAtCommit, type CommitChanges } from '../git/index.ts';
import type { WriterAccounts } from '../quorum/index.ts';
import { LAYOUT, pathOf } from '../records/layout.ts';

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

async function githubAt(root: string, commit: string | undefined, handle: string): Promise<{ github?: string } | undefined> {
  if (!commit) return undefined;
  for (const ext of LAYOUT.agreement.ext) {
    const text = await fileAtCommit(root, commit, pathOf('agreement', handle, ext));
    if (text === undefined) continue;
    let data: unknown;
    try {
      data = parse(text, { maxAliasCount: 0 });
    } catch {
      return {};
    }
    const github = (data as { github?: unknown } | null)?.github;
    return typeof github === 'string' && LOGIN.test(github) ? { github } : {};
  }
  return undefined;
}

/** The writers' agreements (their `github:` only) before and after each commit that touched their consent. */
export async function writerAccounts(root: string, commits: readonly CommitChanges[]): Promise<WriterAccounts> {
  const before = new Map<string, { github?: string } | undefined>();
  const after = new Map<string, { github?: string } | undefined>();
  for (const c of commits) {
    const handles = new Set([...c.changes.keys()].flatMap((p) => consentPathOf(p)?.handle ?? []));
    for (const h of handles) {
      before.set(`${c.commit} ${h}`, await githubAt(root, c.parents[0], h));
      after.set(`${c.commit} ${h}`, await githubAt(root, c.commit, h));
    }
  }
  return { before: (commit, h) => before.get(`${commit} ${h}`), after: (commit, h) => after.get(`${commit} ${h}`) };
}
