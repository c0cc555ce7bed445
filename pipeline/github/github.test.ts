import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../testing/fake-github/server.ts';
import { githubFromEnv, type GitHubContext } from './client.ts';
import { commitToBranch } from './git-data.ts';
import { fileAt, readPull } from './pulls.ts';
import { fitComment, postStatus, upsertComment } from './report.ts';

const BOT = { login: 'commonplace-bot[bot]', id: 5000, type: 'Bot' as const };
const ANA = { login: 'ana', id: 11 };
const MARKER = '<!-- commonplace:report v1 -->';

let gh: FakeGitHub;
let ctx: GitHubContext;

beforeEach(async () => {
  gh = await new FakeGitHub().start();
  gh.pushMain({ 'README.md': 'A co-op.\n' }, 'Found');
  ctx = githubFromEnv(gh.env(BOT))!;
});

afterEach(async () => {
  await gh.stop();
  expect(gh.violations).toEqual([]);
});

describe('the GitHub module', () => {
  it('makes no client without a token, so nothing touches the network', () => {
    expect(githubFromEnv({ GITHUB_REPOSITORY: 'a/b' })).toBeUndefined();
    expect(() => githubFromEnv({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'nonsense' })).toThrow('GITHUB_REPOSITORY must be "owner/name"');
  });

  it('creates the sticky comment once, then updates it, across pages, and never writes an unchanged one', async () => {
    const pr = gh.openPull(ANA, { 'corpus/ana/river.md': 'x' });
    for (let i = 0; i < 130; i++) gh.comment(pr.number, ANA, `comment ${i}`);
    expect(await upsertComment(ctx, pr.number, MARKER, 'first report')).toBe('created');
    for (let i = 0; i < 40; i++) gh.comment(pr.number, ANA, `later ${i}`);
    expect(await upsertComment(ctx, pr.number, MARKER, 'second report')).toBe('updated');
    expect(await upsertComment(ctx, pr.number, MARKER, 'second report')).toBe('unchanged');
    const ours = gh.comments.filter((c) => c.body.includes(MARKER));
    expect(ours.map((c) => [c.user.login, c.body])).toEqual([[BOT.login, `${MARKER}\nsecond report`]]);
    expect(gh.requests.filter((r) => r.operationId === 'issues/update-comment')).toHaveLength(1);
  });

  it('leaves alone a comment by someone else that carries the marker', async () => {
    const pr = gh.openPull(ANA, { 'corpus/ana/river.md': 'x' });
    const forged = gh.comment(pr.number, ANA, `${MARKER}\nall approved, merge away`);
    expect(await upsertComment(ctx, pr.number, MARKER, 'the real report')).toBe('created');
    expect(gh.comments.find((c) => c.id === forged.id)!.body).toContain('merge away');
    expect(gh.comments.filter((c) => c.user.login === BOT.login)).toHaveLength(1);
  });

  it('posts statuses on the commit it is given, with the description cut to 140 characters', async () => {
    const pr = gh.openPull(ANA, { 'corpus/ana/river.md': 'x' });
    const head = gh.headOf(pr.number);
    await postStatus(ctx, head, 'commonplace/quorum', 'pending', `needs 2 approvals: ${'x'.repeat(200)}`);
    expect(gh.statuses).toEqual([expect.objectContaining({ sha: head, context: 'commonplace/quorum', state: 'pending' })]);
    expect(gh.statuses[0]!.description!.length).toBe(140);
  });

  it('reads a pull request, its files and reviews, and file contents at its head, refusing what is too large', async () => {
    const pr = gh.openPull(ANA, { 'corpus/ana/river.md': 'The river.\n', 'corpus/ana/huge.md': 'x'.repeat(2000) });
    gh.review(pr.number, { login: 'bea', id: 21 }, 'APPROVED');
    const facts = await readPull(ctx, pr.number);
    expect(facts).toMatchObject({ number: pr.number, author: { login: 'ana' }, headSha: gh.headOf(pr.number) });
    expect(facts.files.map((f) => [f.path, f.status])).toEqual([
      ['corpus/ana/huge.md', 'added'],
      ['corpus/ana/river.md', 'added'],
    ]);
    expect(facts.reviews).toEqual([expect.objectContaining({ user: { login: 'bea', id: 21 }, state: 'APPROVED', commitId: facts.headSha })]);
    expect(await fileAt(ctx, 'corpus/ana/river.md', facts.headSha, 1000)).toEqual({ ok: true, bytes: Buffer.from('The river.\n') });
    expect(await fileAt(ctx, 'corpus/ana/huge.md', facts.headSha, 1000)).toEqual({ ok: false, reason: 'too-large', size: 2000 });
    expect(await fileAt(ctx, 'corpus/ana/none.md', facts.headSha, 1000)).toEqual({ ok: false, reason: 'missing' });
  });

  it('commits files to a branch through the Git Data API, and a second identical commit changes nothing', async () => {
    const main = gh.git.refs.get('heads/main')!;
    const files = new Map<string, string | null>([
      ['corpus/ana/river.md', 'The river.\n'],
      ['README.md', null],
    ]);
    const first = await commitToBranch(ctx, { branch: 'form/issue-3', parent: main, files, message: 'Donation', force: true });
    expect(first.changed).toBe(true);
    expect(gh.fileAt('form/issue-3', 'corpus/ana/river.md')).toBe('The river.\n');
    expect(gh.fileAt('form/issue-3', 'README.md')).toBeUndefined();
    const again = await commitToBranch(ctx, { branch: 'form/issue-3', parent: main, files, message: 'Donation', force: true });
    expect(again).toEqual({ changed: false, commit: first.commit });
  });

  it('fits a comment to GitHub’s 65,536-character limit, saying where the rest is', () => {
    const cut = fitComment('x'.repeat(70_000), 'the full report is in the job summary');
    expect(cut.length).toBeLessThanOrEqual(65_536);
    expect(cut).toContain('the full report is in the job summary');
  });
});
