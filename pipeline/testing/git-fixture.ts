/**
 * Real temporary git repositories for tests. Fixture building only: the
 * pipeline itself reaches git through pipeline/git.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A git repository at `root` with fixed identities and dates, so histories are reproducible. */
export class GitFixture {
  private tick = 0;
  constructor(readonly root: string) {}

  async git(...args: string[]): Promise<string> {
    const date = `2026-0${1 + Math.floor(this.tick / 28)}-${String(1 + (this.tick % 28)).padStart(2, '0')}T12:00:00Z`;
    const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: '1' };
    const { stdout } = await run('git', args, { cwd: this.root, env });
    return stdout.trim();
  }

  /**
   * `git init` on main with a test identity, ignoring what a co-op made by `init` ignores (its
   * .gitignore template, kept in .git/info/exclude so no test history gains a file): what the
   * pipeline writes is never committed, as in a real co-op.
   */
  static async init(root: string): Promise<GitFixture> {
    const g = new GitFixture(root);
    await g.git('init', '-q', '-b', 'main');
    await g.git('config', 'user.name', 'Test Steward');
    await g.git('config', 'user.email', 'steward@example.invalid');
    await g.git('config', 'commit.gpgsign', 'false');
    const ignored = await readFile(fileURLToPath(new URL('../init/templates/repo/gitignore', import.meta.url)), 'utf8');
    await mkdir(path.join(root, '.git', 'info'), { recursive: true });
    await writeFile(path.join(root, '.git', 'info', 'exclude'), ignored);
    return g;
  }

  /** Stage everything and commit as `author` ("Name <email>"). Returns the commit hash. */
  async commitAll(message: string, author = 'Test Steward <steward@example.invalid>'): Promise<string> {
    this.tick++;
    await this.git('add', '-A');
    await this.git('commit', '-q', '--allow-empty', '-m', message, `--author=${author}`);
    return this.git('rev-parse', 'HEAD');
  }

  /** Merge `branch` into the current branch with a merge commit carrying `message`. */
  async merge(branch: string, message: string): Promise<string> {
    this.tick++;
    await this.git('merge', '-q', '--no-ff', branch, '-m', message);
    return this.git('rev-parse', 'HEAD');
  }
}
