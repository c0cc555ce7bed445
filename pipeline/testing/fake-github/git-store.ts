/**
 * The git side of the offline GitHub: blobs, flat trees, commits and refs,
 * with ids computed the way git computes them, so a tree that holds the same
 * files has the same sha.
 */
import { createHash } from 'node:crypto';

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'commit';
  sha: string;
}

/** A file a test commits with a mode other than a plain file's: a link (its target as content), an executable, a submodule (a commit sha). */
export interface Special {
  mode: '120000' | '100755' | '160000';
  content: string;
}

export const isSpecial = (v: unknown): v is Special => typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && 'mode' in v;

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
}

const sha1 = (kind: string, body: Buffer | string) => {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return createHash('sha1').update(`${kind} ${data.length}\0`).update(data).digest('hex');
};

export class GitStore {
  readonly blobs = new Map<string, Buffer>();
  /** Tree sha → path → entry (flat: paths hold slashes). */
  readonly trees = new Map<string, Map<string, TreeEntry>>();
  readonly commits = new Map<string, CommitObject>();
  /** "heads/main" → commit sha. */
  readonly refs = new Map<string, string>();
  private clock = Date.UTC(2026, 0, 1);

  blob(content: Buffer | string): string {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const sha = sha1('blob', data);
    this.blobs.set(sha, data);
    return sha;
  }

  tree(entries: ReadonlyMap<string, TreeEntry>): string {
    const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const sha = sha1('tree', JSON.stringify([...sorted]));
    this.trees.set(sha, sorted);
    return sha;
  }

  commit(tree: string, parents: string[], message: string, author = { name: 'Fake GitHub', email: 'noreply@example.invalid' }): string {
    this.clock += 60_000;
    const date = new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const sha = sha1('commit', JSON.stringify({ tree, parents, message, author, date }));
    this.commits.set(sha, { sha, tree, parents, message, author: { ...author, date } });
    return sha;
  }

  /** A commit on top of `parent` whose tree is the parent's with `files` written (null deletes). */
  commitFiles(parent: string | undefined, files: Record<string, string | Buffer | Special | null>, message: string, author?: { name: string; email: string }): string {
    const base = parent ? new Map(this.trees.get(this.commits.get(parent)!.tree)!) : new Map<string, TreeEntry>();
    for (const [path, content] of Object.entries(files)) {
      if (content === null) base.delete(path);
      else if (isSpecial(content))
        base.set(path, content.mode === '160000' ? { mode: content.mode, type: 'commit', sha: content.content } : { mode: content.mode, type: 'blob', sha: this.blob(content.content) });
      else base.set(path, { mode: '100644', type: 'blob', sha: this.blob(content) });
    }
    return this.commit(this.tree(base), parent ? [parent] : [], message, author);
  }

  /** The files of a commit: path → entry. */
  filesAt(commit: string): Map<string, TreeEntry> {
    const c = this.commits.get(commit);
    if (!c) throw new Error(`no commit ${commit}`);
    return this.trees.get(c.tree)!;
  }

  /** Whether `descendant` has `ancestor` in its history (or is it). */
  descends(descendant: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const c = queue.pop()!;
      if (c === ancestor) return true;
      if (seen.has(c)) continue;
      seen.add(c);
      queue.push(...(this.commits.get(c)?.parents ?? []));
    }
    return false;
  }

  /** A commit, a branch name or "heads/…" as a commit sha. */
  resolve(ref: string): string | undefined {
    if (this.commits.has(ref)) return ref;
    return this.refs.get(ref.startsWith('heads/') ? ref : `heads/${ref}`) ?? this.refs.get(ref.replace(/^refs\//, ''));
  }
}
