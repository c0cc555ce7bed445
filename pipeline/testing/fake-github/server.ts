/**
 * An offline GitHub for tests: an HTTP server on loopback that answers the REST
 * operations Commonplace calls, keeping a repository, its pull requests,
 * reviews, issues, comments, statuses and releases in memory. Every request
 * body and every response is validated against GitHub's published OpenAPI
 * description (the pinned subset); anything that does not match is recorded in
 * `violations`, which every test asserts empty. Production code reaches it
 * through the same octokit client it uses on GitHub (GITHUB_API_URL).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitHubContract, type Route } from './openapi.ts';
import { GitStore, type Special, type TreeEntry } from './git-store.ts';

export interface FakeUser {
  login: string;
  id: number;
  type?: 'User' | 'Bot';
}

interface PullState {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  merged: boolean;
  user: FakeUser;
  head: string;
  base: string;
  /** The base commit the pull request's files are compared with. */
  baseSha: string;
  createdAt: string;
  mergedAt?: string;
}

interface ReviewState {
  id: number;
  user: FakeUser | null;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commit_id: string | null;
  body: string;
  submitted_at: string;
}

interface IssueState {
  number: number;
  title: string;
  body: string | null;
  user: FakeUser;
  labels: string[];
  state: 'open' | 'closed';
  pull: boolean;
}

interface CommentState {
  id: number;
  issue: number;
  user: FakeUser;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface ReleaseAssetState {
  id: number;
  name: string;
  label: string | null;
  state: 'uploaded' | 'open';
  data: Buffer;
  contentType: string;
}

export interface ReleaseState {
  id: number;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  make_latest?: string;
  immutable: boolean;
  assets: ReleaseAssetState[];
}

export interface StatusState {
  sha: string;
  state: string;
  context: string;
  description: string | null;
  target_url: string | null;
  creator: FakeUser;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const OWNER_ID = 9000;
/** GitHub's list of a pull request's files stops here. */
const LIST_FILES_LIMIT = 3000;

const sha1Of = (s: string) => createHash('sha1').update(s).digest('hex');

/** The repository path a symbolic link at `at` names with `target` (relative to the link's folder). */
function normalizeLink(at: string, target: string): string {
  const parts = at.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

export class FakeGitHub {
  readonly contract = GitHubContract.shared();
  readonly git = new GitStore();
  /** Requests and responses that broke GitHub's published description. Tests assert this is empty. */
  readonly violations: string[] = [];
  /** Every request served: operation and body, for tests to read. */
  readonly requests: Array<{ operationId: string; method: string; path: string; body: unknown; token?: string }> = [];
  readonly pulls = new Map<number, PullState>();
  readonly reviews = new Map<number, ReviewState[]>();
  readonly issues = new Map<number, IssueState>();
  readonly comments: CommentState[] = [];
  readonly events = new Map<number, Array<{ id: number; event: string; actor: FakeUser; label?: string; created_at: string }>>();
  readonly statuses: StatusState[] = [];
  readonly releases: ReleaseState[] = [];
  /** Token → the user it acts as. */
  readonly tokens = new Map<string, FakeUser>();
  /** Hooks a test sets to make the next call of an operation fail or race (e.g. main moves). */
  readonly before = new Map<string, () => void>();
  private server?: Server;
  private nextId = 100;
  private clock = Date.UTC(2026, 2, 1);
  url = '';

  constructor(
    readonly owner = 'tide-writers',
    readonly repo = 'archive',
    readonly defaultBranch = 'main',
  ) {}

  /** Start listening on 127.0.0.1 (a free port). */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * The environment GitHub Actions would give a job acting as `user` against this server,
   * with retries and throttling off (a local server has no rate limits).
   */
  env(user: FakeUser, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      GITHUB_TOKEN: this.token(user),
      GITHUB_REPOSITORY: `${this.owner}/${this.repo}`,
      GITHUB_API_URL: this.url,
      COMMONPLACE_BOT_LOGIN: user.login,
      COMMONPLACE_GITHUB_THROTTLE: 'off',
      COMMONPLACE_GITHUB_RETRIES: '0',
      ...extra,
    };
  }

  /** A token acting as `user`. */
  token(user: FakeUser): string {
    const t = `token-${user.login}-${this.tokens.size}`;
    this.tokens.set(t, user);
    return t;
  }

  id(): number {
    return this.nextId++;
  }

  now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  // ---- Set-up helpers for tests ------------------------------------------------------------------

  /** The default branch with these files as its first commit (or a new commit on top). */
  pushMain(files: Record<string, string | Buffer | Special | null>, message = 'Update'): string {
    const parent = this.git.refs.get(`heads/${this.defaultBranch}`);
    const sha = this.git.commitFiles(parent, files, message);
    this.git.refs.set(`heads/${this.defaultBranch}`, sha);
    return sha;
  }

  /** A pull request from a new branch that changes `files` (null deletes) on top of main. */
  openPull(author: FakeUser, files: Record<string, string | Buffer | Special | null>, opts: { title?: string; body?: string; branch?: string } = {}): PullState {
    const base = this.git.refs.get(`heads/${this.defaultBranch}`)!;
    const number = this.issueNumber();
    const branch = opts.branch ?? `pr-${number}`;
    const head = this.git.commitFiles(base, files, opts.title ?? `Pull request ${number}`, { name: author.login, email: `${author.id}+${author.login}@users.noreply.github.com` });
    this.git.refs.set(`heads/${branch}`, head);
    const pull: PullState = {
      number,
      title: opts.title ?? `Pull request ${number}`,
      body: opts.body ?? null,
      state: 'open',
      merged: false,
      user: author,
      head: branch,
      base: this.defaultBranch,
      baseSha: base,
      createdAt: this.now(),
    };
    this.pulls.set(number, pull);
    this.issues.set(number, { number, title: pull.title, body: pull.body, user: author, labels: [], state: 'open', pull: true });
    return pull;
  }

  /** Push more commits to a pull request's branch. */
  pushToPull(number: number, files: Record<string, string | Buffer | Special | null>): string {
    const pull = this.pulls.get(number)!;
    const sha = this.git.commitFiles(this.git.refs.get(`heads/${pull.head}`), files, 'More changes');
    this.git.refs.set(`heads/${pull.head}`, sha);
    return sha;
  }

  headOf(number: number): string {
    return this.git.refs.get(`heads/${this.pulls.get(number)!.head}`)!;
  }

  /** A review on a pull request, of its current head unless told. */
  review(number: number, user: FakeUser | null, state: ReviewState['state'], commitId?: string | null): ReviewState {
    const r: ReviewState = { id: this.id(), user, state, commit_id: commitId === undefined ? this.headOf(number) : commitId, body: '', submitted_at: this.now() };
    this.reviews.set(number, [...(this.reviews.get(number) ?? []), r]);
    return r;
  }

  openIssue(user: FakeUser, title: string, body: string, labels: string[] = []): IssueState {
    const issue: IssueState = { number: this.issueNumber(), title, body, user, labels, state: 'open', pull: false };
    this.issues.set(issue.number, issue);
    return issue;
  }

  addLabel(number: number, label: string, actor: FakeUser): void {
    const issue = this.issues.get(number)!;
    if (!issue.labels.includes(label)) issue.labels.push(label);
    this.events.set(number, [...(this.events.get(number) ?? []), { id: this.id(), event: 'labeled', actor, label, created_at: this.now() }]);
  }

  comment(issue: number, user: FakeUser, body: string): CommentState {
    const c: CommentState = { id: this.id(), issue, user, body, created_at: this.now(), updated_at: this.now() };
    this.comments.push(c);
    return c;
  }

  /** A file's text on a branch or commit, or undefined. */
  fileAt(ref: string, path: string): string | undefined {
    const sha = this.git.resolve(ref);
    const entry = sha ? this.git.filesAt(sha).get(path) : undefined;
    return entry ? this.git.blobs.get(entry.sha)!.toString('utf8') : undefined;
  }

  private issueNumber(): number {
    return Math.max(0, ...this.issues.keys()) + 1;
  }

  // ---- The server ---------------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    // Where GitHub redirects an asset download (its storage host; a signed URL there, no API call).
    const stored = /^\/downloads\/(\d+)\//.exec(url.pathname);
    if (stored) {
      const asset = this.releases.flatMap((r) => r.assets).find((a) => a.id === Number(stored[1]));
      this.requests.push({ operationId: '(asset storage)', method: req.method ?? 'GET', path: url.pathname, body: undefined });
      res.writeHead(asset ? 200 : 404, { 'content-type': 'application/octet-stream' });
      res.end(asset?.data ?? '');
      return;
    }
    const matched = this.contract.match(req.method ?? 'GET', url.pathname);
    if (!matched) {
      this.violations.push(`${req.method} ${url.pathname}: no such operation in the pinned description (add it to pipeline/github/openapi/operations.ts)`);
      return this.send(res, undefined, 404, { message: 'Not Found' });
    }
    const { route, params } = matched;
    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const json = (req.headers['content-type'] ?? '').includes('json');
    let body: unknown;
    if (raw.length > 0 && json) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        this.violations.push(`${route.operationId}: request body is not JSON`);
      }
    }
    this.requests.push({ operationId: route.operationId, method: route.method, path: url.pathname, body: json ? body : `<${raw.length} bytes>`, ...(auth ? { token: auth } : {}) });
    if (json) this.violations.push(...this.contract.checkRequest(route, body));
    if (params.owner !== this.owner || params.repo !== this.repo) return this.send(res, route, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const user = auth ? this.tokens.get(auth) : undefined;
    if (!user) return this.send(res, route, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    try {
      this.before.get(route.operationId)?.();
      const { status, data, headers } =
        route.operationId === 'repos/get-release-asset'
          ? this.getAsset(Number(params.asset_id), req.headers.accept ?? '')
          : this.handle(route, params, url.searchParams, body, raw, req.headers['content-type'] ?? '', user);
      this.send(res, route, status, data, headers);
    } catch (e) {
      if (e instanceof HttpError) this.send(res, route, e.status, { message: e.message, documentation_url: 'https://docs.github.com/rest', ...e.extra });
      else {
        this.violations.push(`${route.operationId}: the fake server failed: ${(e as Error).stack}`);
        this.send(res, undefined, 500, { message: (e as Error).message });
      }
    }
  }

  private send(res: ServerResponse, route: Route | undefined, status: number, data: unknown, headers: Record<string, string> = {}): void {
    if (route) this.violations.push(...this.contract.checkResponse(route, status, data));
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-api-version-selected': '2022-11-28', ...headers });
    res.end(data === undefined ? '' : JSON.stringify(data));
  }

  /** One page of a list, with GitHub's Link header. */
  private page<T>(items: T[], query: URLSearchParams, path: string): { status: number; data: T[]; headers: Record<string, string> } {
    const per = Math.min(100, Number(query.get('per_page') ?? 30));
    const page = Number(query.get('page') ?? 1);
    const data = items.slice((page - 1) * per, page * per);
    const headers: Record<string, string> = {};
    if (page * per < items.length) {
      const next = new URLSearchParams(query);
      next.set('page', String(page + 1));
      next.set('per_page', String(per));
      headers.link = `<${this.url}${path}?${next}>; rel="next"`;
    }
    return { status: 200, data, headers };
  }

  private handle(
    route: Route,
    p: Record<string, string>,
    q: URLSearchParams,
    body: unknown,
    raw: Buffer,
    contentType: string,
    actor: FakeUser,
  ): { status: number; data?: unknown; headers?: Record<string, string> } {
    const b = (body ?? {}) as Record<string, unknown>;
    const path = `/repos/${this.owner}/${this.repo}`;
    switch (route.operationId) {
      case 'repos/get':
        return {
          status: 200,
          data: this.contract.instance('full-repository', {
            name: this.repo,
            full_name: `${this.owner}/${this.repo}`,
            default_branch: this.defaultBranch,
            owner: this.userObject({ login: this.owner, id: OWNER_ID }),
          }),
        };
      case 'repos/get-content': {
        const ref = q.get('ref') ?? this.defaultBranch;
        const sha = this.git.resolve(ref);
        const files = sha ? this.git.filesAt(sha) : new Map<string, TreeEntry>();
        let entry = files.get(p.path!);
        // GitHub answers a symbolic link whose target is a file of the same commit with the target's bytes, as type "file".
        if (entry?.mode === '120000') {
          const target = this.git.blobs.get(entry.sha)!.toString('utf8');
          entry = files.get(normalizeLink(p.path!, target));
        }
        if (!entry) {
          // A folder: its direct entries, as GitHub lists them (the trees here are flat, so folders are path prefixes).
          const prefix = `${p.path!.replace(/\/$/, '')}/`;
          const items = new Map<string, Record<string, unknown>>();
          for (const [file, e] of files) {
            if (!file.startsWith(prefix)) continue;
            const [name, ...rest] = file.slice(prefix.length).split('/');
            const itemPath = `${prefix}${name}`;
            const type = rest.length > 0 ? 'dir' : e.mode === '120000' ? 'symlink' : e.mode === '160000' ? 'submodule' : 'file';
            if (items.has(itemPath)) continue;
            const url = `${this.url}${path}/contents/${itemPath}`;
            items.set(itemPath, {
              type,
              size: type === 'file' ? this.git.blobs.get(e.sha)!.length : 0,
              name,
              path: itemPath,
              sha: type === 'dir' ? '0'.repeat(40) : e.sha,
              url,
              git_url: null,
              html_url: null,
              download_url: null,
              _links: { git: null, html: null, self: url },
            });
          }
          if (items.size === 0) throw new HttpError(404, 'Not Found');
          return { status: 200, data: [...items.values()].sort((a, b) => String(a.path).localeCompare(String(b.path))) };
        }
        if (entry.type !== 'blob') throw new HttpError(404, 'Not Found');
        const data = this.git.blobs.get(entry.sha)!;
        return {
          status: 200,
          data: this.contract.instance('content-file', {
            type: 'file',
            encoding: 'base64',
            size: data.length,
            name: p.path!.split('/').pop(),
            path: p.path,
            sha: entry.sha,
            content: data.toString('base64'),
            url: `${this.url}${path}/contents/${p.path}`,
          }),
        };
      }
      case 'repos/create-commit-status': {
        const s: StatusState = {
          sha: p.sha!,
          state: String(b.state),
          context: String(b.context ?? 'default'),
          description: (b.description as string | null | undefined) ?? null,
          target_url: (b.target_url as string | null | undefined) ?? null,
          creator: actor,
        };
        this.statuses.push(s);
        return {
          status: 201,
          data: this.contract.instance('status', {
            id: this.id(),
            state: s.state,
            context: s.context,
            description: s.description,
            target_url: s.target_url,
            creator: this.userObject(actor),
            created_at: this.now(),
            updated_at: this.now(),
          }),
        };
      }
      case 'repos/list-pull-requests-associated-with-commit': {
        const sha = p.commit_sha!;
        const pulls = [...this.pulls.values()].filter((pr) => this.git.descends(this.git.refs.get(`heads/${pr.head}`) ?? '', sha) || this.mergeCommits.get(pr.number) === sha);
        return this.page(
          pulls.map((pr) => this.pullObject(pr, 'pull-request-simple')),
          q,
          `${path}/commits/${sha}/pulls`,
        );
      }
      case 'pulls/get': {
        const pr = this.pulls.get(Number(p.pull_number));
        if (!pr) throw new HttpError(404, 'Not Found');
        return { status: 200, data: this.pullObject(pr, 'pull-request') };
      }
      case 'pulls/list': {
        const state = q.get('state') ?? 'open';
        const head = q.get('head');
        const pulls = [...this.pulls.values()].filter((pr) => (state === 'all' || pr.state === state) && (!head || head === `${this.owner}:${pr.head}`));
        return this.page(
          pulls.map((pr) => this.pullObject(pr, 'pull-request-simple')),
          q,
          `${path}/pulls`,
        );
      }
      case 'pulls/list-files': {
        const pr = this.pulls.get(Number(p.pull_number));
        if (!pr) throw new HttpError(404, 'Not Found');
        // GitHub lists at most 3,000 files of a pull request.
        return this.page(this.diff(pr.baseSha, this.headOf(pr.number)).slice(0, LIST_FILES_LIMIT), q, `${path}/pulls/${pr.number}/files`);
      }
      case 'pulls/list-reviews': {
        const list = this.reviews.get(Number(p.pull_number)) ?? [];
        return this.page(
          list.map((r) =>
            this.contract.instance('pull-request-review', {
              id: r.id,
              node_id: `R_${r.id}`,
              user: r.user ? this.userObject(r.user) : null,
              body: r.body,
              state: r.state,
              commit_id: r.commit_id,
              submitted_at: r.submitted_at,
              html_url: `https://github.com/${this.owner}/${this.repo}/pull/${p.pull_number}#pullrequestreview-${r.id}`,
              pull_request_url: `${this.url}${path}/pulls/${p.pull_number}`,
              author_association: 'MEMBER',
              _links: { html: { href: 'https://example.invalid/' }, pull_request: { href: 'https://example.invalid/' } },
            }),
          ),
          q,
          `${path}/pulls/${p.pull_number}/reviews`,
        );
      }
      case 'pulls/create': {
        const head = String(b.head).replace(`${this.owner}:`, '');
        const headSha = this.git.refs.get(`heads/${head}`);
        if (!headSha) throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] });
        if ([...this.pulls.values()].some((pr) => pr.state === 'open' && pr.head === head))
          throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${this.owner}:${head}.` }] });
        const number = this.issueNumber();
        const pr: PullState = {
          number,
          title: String(b.title),
          body: (b.body as string | undefined) ?? null,
          state: 'open',
          merged: false,
          user: actor,
          head,
          base: String(b.base),
          baseSha: this.git.refs.get(`heads/${String(b.base)}`)!,
          createdAt: this.now(),
        };
        this.pulls.set(number, pr);
        this.issues.set(number, { number, title: pr.title, body: pr.body, user: actor, labels: [], state: 'open', pull: true });
        return { status: 201, data: this.pullObject(pr, 'pull-request') };
      }
      case 'pulls/update': {
        const pr = this.pulls.get(Number(p.pull_number));
        if (!pr) throw new HttpError(404, 'Not Found');
        if (typeof b.title === 'string') pr.title = b.title;
        if (typeof b.body === 'string') pr.body = b.body;
        if (b.state === 'open' || b.state === 'closed') pr.state = b.state;
        return { status: 200, data: this.pullObject(pr, 'pull-request') };
      }
      case 'issues/get': {
        const issue = this.issues.get(Number(p.issue_number));
        if (!issue) throw new HttpError(404, 'Not Found');
        return { status: 200, data: this.issueObject(issue) };
      }
      case 'issues/list-comments': {
        const n = Number(p.issue_number);
        return this.page(
          this.comments.filter((c) => c.issue === n).map((c) => this.commentObject(c)),
          q,
          `${path}/issues/${n}/comments`,
        );
      }
      case 'issues/create-comment': {
        const n = Number(p.issue_number);
        if (!this.issues.has(n)) throw new HttpError(404, 'Not Found');
        if (String(b.body).length > 65536)
          throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
        return { status: 201, data: this.commentObject(this.comment(n, actor, String(b.body))) };
      }
      case 'issues/update-comment': {
        const c = this.comments.find((x) => x.id === Number(p.comment_id));
        if (!c) throw new HttpError(422, 'Validation Failed');
        if (String(b.body).length > 65536)
          throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
        c.body = String(b.body);
        c.updated_at = this.now();
        return { status: 200, data: this.commentObject(c) };
      }
      case 'issues/list-events': {
        const n = Number(p.issue_number);
        return this.page(
          (this.events.get(n) ?? []).map((e) =>
            this.contract.instance('labeled-issue-event', {
              id: e.id,
              node_id: `LE_${e.id}`,
              url: 'https://example.invalid/',
              actor: this.userObject(e.actor),
              event: e.event,
              commit_id: null,
              commit_url: null,
              created_at: e.created_at,
              performed_via_github_app: null,
              label: { name: e.label, color: 'ededed' },
            }),
          ),
          q,
          `${path}/issues/${n}/events`,
        );
      }
      case 'git/get-ref': {
        const sha = this.git.refs.get(p.ref!);
        if (!sha) throw new HttpError(404, 'Not Found');
        return { status: 200, data: this.refObject(p.ref!, sha) };
      }
      case 'git/create-ref': {
        const ref = String(b.ref).replace(/^refs\//, '');
        if (this.git.refs.has(ref)) throw new HttpError(422, 'Reference already exists');
        if (!this.git.commits.has(String(b.sha))) throw new HttpError(422, 'Object does not exist');
        this.git.refs.set(ref, String(b.sha));
        return { status: 201, data: this.refObject(ref, String(b.sha)) };
      }
      case 'git/update-ref': {
        const ref = p.ref!;
        const current = this.git.refs.get(ref);
        if (!current) throw new HttpError(422, 'Reference does not exist');
        const next = String(b.sha);
        if (!this.git.commits.has(next)) throw new HttpError(422, 'Object does not exist');
        if (!b.force && !this.git.descends(next, current)) throw new HttpError(422, 'Update is not a fast forward');
        this.git.refs.set(ref, next);
        return { status: 200, data: this.refObject(ref, next) };
      }
      case 'git/get-tree': {
        const commit = this.git.commits.get(p.tree_sha!);
        const sha = commit ? commit.tree : p.tree_sha!;
        if (!this.git.trees.has(sha)) throw new HttpError(404, 'Not Found');
        return { status: 200, data: this.treeObject(sha, q.get('recursive') !== null) };
      }
      case 'git/get-commit': {
        const c = this.git.commits.get(p.commit_sha!);
        if (!c) throw new HttpError(404, 'Not Found');
        return { status: 200, data: this.commitObject(c.sha) };
      }
      case 'git/create-blob': {
        const content = b.encoding === 'base64' ? Buffer.from(String(b.content), 'base64') : Buffer.from(String(b.content), 'utf8');
        const sha = this.git.blob(content);
        return { status: 201, data: this.contract.instance('short-blob', { url: `${this.url}${path}/git/blobs/${sha}`, sha }) };
      }
      case 'git/create-tree': {
        const base = b.base_tree ? this.git.trees.get(String(b.base_tree)) : new Map<string, TreeEntry>();
        if (!base) throw new HttpError(422, 'Invalid tree info');
        const entries = new Map(base);
        for (const e of (b.tree ?? []) as Array<{ path: string; mode: string; type: string; sha?: string | null; content?: string }>) {
          if (e.sha === null) entries.delete(e.path);
          else if (typeof e.content === 'string') entries.set(e.path, { mode: e.mode, type: 'blob', sha: this.git.blob(e.content) });
          else if (e.sha && this.git.blobs.has(e.sha)) entries.set(e.path, { mode: e.mode, type: 'blob', sha: e.sha });
          else throw new HttpError(422, `Invalid tree info: ${e.path}`);
        }
        const sha = this.git.tree(entries);
        return { status: 201, data: this.treeObject(sha) };
      }
      case 'git/create-commit': {
        const tree = String(b.tree);
        if (!this.git.trees.has(tree)) throw new HttpError(422, 'Tree does not exist');
        const author = (b.author as { name: string; email: string } | undefined) ?? { name: actor.login, email: `${actor.id}+${actor.login}@users.noreply.github.com` };
        const sha = this.git.commit(tree, (b.parents ?? []) as string[], String(b.message), { name: author.name, email: author.email });
        return { status: 201, data: this.commitObject(sha) };
      }
      default:
        return this.handleRelease(route, p, q, body, raw, contentType, path);
    }
  }

  /** Merge commits recorded by `merge()`, by pull request number. */
  readonly mergeCommits = new Map<number, string>();

  /** Merge a pull request into main as GitHub does (a merge commit), and close it. */
  merge(number: number, by: FakeUser): string {
    const pr = this.pulls.get(number)!;
    const main = this.git.refs.get(`heads/${this.defaultBranch}`)!;
    const head = this.headOf(number);
    // The head's files over main's (the tests' pull requests touch different files).
    const files = new Map(this.git.filesAt(main));
    for (const f of this.diff(pr.baseSha, head)) {
      if (f.status === 'removed') files.delete(f.filename);
      else files.set(f.filename, this.git.filesAt(head).get(f.filename)!);
    }
    const sha = this.git.commit(this.git.tree(files), [main, head], `Merge pull request #${number} from ${this.owner}/${pr.head}\n\n${pr.title}`, {
      name: by.login,
      email: `${by.id}+${by.login}@users.noreply.github.com`,
    });
    this.git.refs.set(`heads/${this.defaultBranch}`, sha);
    pr.state = 'closed';
    pr.merged = true;
    pr.mergedAt = this.now();
    this.mergeCommits.set(number, sha);
    return sha;
  }

  /** An asset's record, or (asked for application/octet-stream) a redirect to its bytes, as GitHub answers. */
  private getAsset(id: number, accept: string): { status: number; data?: unknown; headers?: Record<string, string> } {
    const asset = this.releases.flatMap((r) => r.assets).find((a) => a.id === id);
    if (!asset) throw new HttpError(404, 'Not Found');
    if (accept.includes('application/octet-stream')) return { status: 302, headers: { location: `${this.url}/downloads/${asset.id}/${encodeURIComponent(asset.name)}` } };
    return { status: 200, data: this.assetObject(asset) };
  }

  private handleRelease(
    route: Route,
    p: Record<string, string>,
    q: URLSearchParams,
    body: unknown,
    raw: Buffer,
    contentType: string,
    path: string,
  ): { status: number; data?: unknown; headers?: Record<string, string> } {
    const b = (body ?? {}) as Record<string, unknown>;
    const find = (id: number) => {
      const r = this.releases.find((x) => x.id === id);
      if (!r) throw new HttpError(404, 'Not Found');
      return r;
    };
    switch (route.operationId) {
      case 'repos/list-releases':
        return this.page(
          [...this.releases].reverse().map((r) => this.releaseObject(r)),
          q,
          `${path}/releases`,
        );
      case 'repos/create-release': {
        if (this.releases.some((r) => r.tag_name === b.tag_name)) throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }] });
        const r: ReleaseState = {
          id: this.id(),
          tag_name: String(b.tag_name),
          target_commitish: String(b.target_commitish ?? this.defaultBranch),
          name: (b.name as string | undefined) ?? null,
          body: (b.body as string | undefined) ?? null,
          draft: Boolean(b.draft),
          prerelease: Boolean(b.prerelease),
          immutable: false,
          assets: [],
        };
        this.releases.push(r);
        return { status: 201, data: this.releaseObject(r) };
      }
      case 'repos/update-release': {
        const r = find(Number(p.release_id));
        for (const k of ['name', 'body', 'tag_name', 'target_commitish'] as const) if (typeof b[k] === 'string') (r as unknown as Record<string, unknown>)[k] = b[k];
        if (typeof b.draft === 'boolean') r.draft = b.draft;
        if (typeof b.make_latest === 'string') r.make_latest = b.make_latest;
        return { status: 200, data: this.releaseObject(r) };
      }
      case 'repos/delete-release': {
        const r = find(Number(p.release_id));
        this.releases.splice(this.releases.indexOf(r), 1);
        return { status: 204 };
      }
      case 'repos/list-release-assets': {
        const r = find(Number(p.release_id));
        return this.page(
          r.assets.map((a) => this.assetObject(a)),
          q,
          `${path}/releases/${r.id}/assets`,
        );
      }
      case 'repos/upload-release-asset': {
        const r = find(Number(p.release_id));
        const name = q.get('name') ?? '';
        if (r.assets.some((a) => a.name === name)) throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }] });
        if (r.immutable && !r.draft) throw new HttpError(422, 'Cannot upload assets to an immutable release.');
        const a: ReleaseAssetState = { id: this.id(), name, label: q.get('label'), state: 'uploaded', data: raw, contentType };
        r.assets.push(a);
        return { status: 201, data: this.assetObject(a) };
      }
      case 'repos/delete-release-asset': {
        for (const r of this.releases) {
          const i = r.assets.findIndex((a) => a.id === Number(p.asset_id));
          if (i !== -1) {
            r.assets.splice(i, 1);
            return { status: 204 };
          }
        }
        throw new HttpError(404, 'Not Found');
      }
      default:
        throw new Error(`no handler for ${route.operationId}`);
    }
  }

  // ---- Response objects, valid against the description ---------------------------------------------

  userObject(u: FakeUser): Record<string, unknown> {
    const slug = encodeURIComponent(u.login);
    return this.contract.instance('simple-user', {
      login: u.login,
      id: u.id,
      node_id: `U_${u.id}`,
      type: u.type ?? 'User',
      html_url: `https://github.com/${slug}`,
      avatar_url: 'https://example.invalid/avatar',
      url: `${this.url}/users/${slug}`,
    });
  }

  private repoObject(): Record<string, unknown> {
    return this.contract.instance('repository', {
      id: OWNER_ID + 1,
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      default_branch: this.defaultBranch,
      owner: this.userObject({ login: this.owner, id: OWNER_ID }),
    });
  }

  private pullObject(pr: PullState, schema: 'pull-request' | 'pull-request-simple'): Record<string, unknown> {
    const head = this.git.refs.get(`heads/${pr.head}`) ?? pr.baseSha;
    const side = (ref: string, sha: string) => ({ label: `${this.owner}:${ref}`, ref, sha, user: this.userObject(pr.user), repo: this.repoObject() });
    return this.contract.instance(schema, {
      id: pr.number * 1000,
      number: pr.number,
      node_id: `PR_${pr.number}`,
      state: pr.state,
      title: pr.title,
      body: pr.body,
      user: this.userObject(pr.user),
      locked: false,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${pr.number}`,
      url: `${this.url}/repos/${this.owner}/${this.repo}/pulls/${pr.number}`,
      head: side(pr.head, head),
      ...(schema === 'pull-request' ? { changed_files: this.diff(pr.baseSha, head).length } : {}),
      base: side(pr.base, pr.baseSha),
      created_at: pr.createdAt,
      updated_at: pr.createdAt,
      merged: pr.merged,
      merged_at: pr.mergedAt ?? null,
      merge_commit_sha: this.mergeCommits.get(pr.number) ?? null,
      draft: false,
      author_association: 'CONTRIBUTOR',
    });
  }

  private issueObject(i: IssueState): Record<string, unknown> {
    return this.contract.instance('issue', {
      id: i.number * 1000,
      node_id: `I_${i.number}`,
      number: i.number,
      title: i.title,
      body: i.body,
      user: this.userObject(i.user),
      state: i.state,
      labels: i.labels.map((name, k) => ({ id: k + 1, node_id: `L_${k}`, url: 'https://example.invalid/', name, description: null, color: 'ededed', default: false })),
      html_url: `https://github.com/${this.owner}/${this.repo}/issues/${i.number}`,
      url: `${this.url}/repos/${this.owner}/${this.repo}/issues/${i.number}`,
      author_association: 'NONE',
      ...(i.pull ? { pull_request: { url: 'https://example.invalid/', html_url: 'https://example.invalid/', diff_url: 'https://example.invalid/', patch_url: 'https://example.invalid/' } } : {}),
    });
  }

  private commentObject(c: CommentState): Record<string, unknown> {
    return this.contract.instance('issue-comment', {
      id: c.id,
      node_id: `IC_${c.id}`,
      body: c.body,
      user: this.userObject(c.user),
      created_at: c.created_at,
      updated_at: c.updated_at,
      html_url: `https://github.com/${this.owner}/${this.repo}/issues/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${this.owner}/${this.repo}/issues/${c.issue}`,
      url: 'https://example.invalid/',
      author_association: 'MEMBER',
    });
  }

  private refObject(ref: string, sha: string): Record<string, unknown> {
    return this.contract.instance('git-ref', {
      ref: `refs/${ref}`,
      node_id: `REF_${ref}`,
      url: `${this.url}/repos/${this.owner}/${this.repo}/git/refs/${ref}`,
      object: { type: 'commit', sha, url: 'https://example.invalid/' },
    });
  }

  private commitObject(sha: string): Record<string, unknown> {
    const c = this.git.commits.get(sha)!;
    const person = { ...c.author };
    return this.contract.instance('git-commit', {
      sha,
      node_id: `C_${sha.slice(0, 8)}`,
      url: 'https://example.invalid/',
      html_url: 'https://example.invalid/',
      message: c.message,
      author: person,
      committer: person,
      tree: { sha: c.tree, url: 'https://example.invalid/' },
      parents: c.parents.map((p) => ({ sha: p, url: 'https://example.invalid/', html_url: 'https://example.invalid/' })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    });
  }

  /** A tree as GitHub lists it; recursively, folders are listed too (mode 040000), as on GitHub. */
  private treeObject(sha: string, recursive = true): Record<string, unknown> {
    const entries = this.git.trees.get(sha)!;
    const folders = new Set<string>();
    if (recursive) for (const path of entries.keys()) for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) folders.add(path.slice(0, i));
    const listed = [
      ...[...folders].map((path) => ({ path, mode: '040000', type: 'tree', sha: sha1Of(`tree:${path}`), url: 'https://example.invalid/' })),
      ...[...entries].map(([path, e]) => ({
        path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(e.type === 'blob' ? { size: this.git.blobs.get(e.sha)?.length ?? 0 } : {}),
        url: 'https://example.invalid/',
      })),
    ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return this.contract.instance('git-tree', { sha, url: 'https://example.invalid/', truncated: false, tree: listed });
  }

  private diff(baseSha: string, headSha: string): Array<Record<string, unknown> & { filename: string; status: string }> {
    const before = this.git.filesAt(baseSha);
    const after = this.git.filesAt(headSha);
    const out: Array<Record<string, unknown> & { filename: string; status: string }> = [];
    for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const a = before.get(path);
      const b = after.get(path);
      if (a?.sha === b?.sha) continue;
      const status = !a ? 'added' : !b ? 'removed' : 'modified';
      out.push(
        this.contract.instance('diff-entry', {
          sha: (b ?? a)!.sha,
          filename: path,
          status,
          additions: 1,
          deletions: status === 'added' ? 0 : 1,
          changes: status === 'modified' ? 2 : 1,
          blob_url: 'https://example.invalid/',
          raw_url: 'https://example.invalid/',
          contents_url: `${this.url}/repos/${this.owner}/${this.repo}/contents/${path}?ref=${headSha}`,
        }) as Record<string, unknown> & { filename: string; status: string },
      );
    }
    return out;
  }

  private releaseObject(r: ReleaseState): Record<string, unknown> {
    return this.contract.instance('release', {
      id: r.id,
      node_id: `RE_${r.id}`,
      tag_name: r.tag_name,
      target_commitish: r.target_commitish,
      name: r.name,
      body: r.body,
      draft: r.draft,
      prerelease: r.prerelease,
      immutable: r.immutable,
      created_at: '2026-03-01T00:00:00Z',
      published_at: r.draft ? null : '2026-03-01T00:00:00Z',
      author: this.userObject({ login: 'commonplace-bot[bot]', id: 41898282, type: 'Bot' }),
      url: `${this.url}/repos/${this.owner}/${this.repo}/releases/${r.id}`,
      html_url: `https://github.com/${this.owner}/${this.repo}/releases/tag/${r.tag_name}`,
      assets_url: 'https://example.invalid/',
      upload_url: `${this.url}/repos/${this.owner}/${this.repo}/releases/${r.id}/assets{?name,label}`,
      tarball_url: null,
      zipball_url: null,
      assets: r.assets.map((a) => this.assetObject(a)),
    });
  }

  private assetObject(a: ReleaseAssetState): Record<string, unknown> {
    return this.contract.instance('release-asset', {
      id: a.id,
      node_id: `RA_${a.id}`,
      name: a.name,
      label: a.label,
      state: a.state,
      content_type: a.contentType,
      size: a.data.length,
      download_count: 0,
      digest: `sha256:${createHash('sha256').update(a.data).digest('hex')}`,
      created_at: '2026-03-01T00:00:00Z',
      updated_at: '2026-03-01T00:00:00Z',
      url: `${this.url}/repos/${this.owner}/${this.repo}/releases/assets/${a.id}`,
      browser_download_url: `https://github.com/${this.owner}/${this.repo}/releases/download/x/${a.name}`,
      uploader: null,
    });
  }
}
