import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mainLineChanges, type CommitChanges } from '../git/index.ts';
import { githubFromEnv } from '../github/index.ts';
import type { Board, Policy } from '../schemas/index.ts';
import { FakeGitHub } from '../testing/fake-github/server.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { verifyReport, verifyWithGitHub, verifyWithTrailers } from './verify.ts';
import { writerAccounts } from './writer-accounts.ts';

const board: Board = {
  schemaVersion: 1,
  members: ['bea', 'cai', 'dee'].map((h) => ({ handle: h, name: h.toUpperCase(), terms: [{ from: '2026-01-01', roles: ['steward' as const] }] })),
};
const review: Policy['review'] = { approvalsToMerge: 2 };
const BOT = { login: 'commonplace-bot[bot]', id: 5000, type: 'Bot' as const };
const ANA = { login: 'ana', id: 11 };

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.stop();
  expect(gh?.violations ?? []).toEqual([]);
});

/** The main-line commit a merge made, as `git log --first-parent` would report it. */
function asMainLine(fake: FakeGitHub, sha: string): CommitChanges {
  const c = fake.git.commits.get(sha)!;
  const before = fake.git.filesAt(c.parents[0]!);
  const after = fake.git.filesAt(sha);
  const changes = new Map<string, string>();
  for (const p of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(p)?.sha !== after.get(p)?.sha) changes.set(p, !before.has(p) ? 'A' : !after.has(p) ? 'D' : 'M');
  }
  return { commit: sha, parents: c.parents, author: c.author.name, date: c.author.date, committed: c.author.date, message: c.message, changes };
}

describe('verify, with GitHub', () => {
  it('passes a merge whose pull request met quorum before it merged, and records who approved it', async () => {
    gh = await new FakeGitHub().start();
    gh.pushMain({ 'README.md': 'x' });
    const pr = gh.openPull(ANA, { 'corpus/ana/river.md': 'The river.\n' });
    gh.review(pr.number, { login: 'bea', id: 21 }, 'APPROVED');
    gh.review(pr.number, { login: 'cai', id: 22 }, 'APPROVED');
    const merge = gh.merge(pr.number, { login: 'bea', id: 21 });
    const ctx = githubFromEnv(gh.env(BOT))!;
    const r = await verifyWithGitHub(ctx, [asMainLine(gh, merge)], board, review);
    expect(r.ok).toBe(true);
    expect(r.approvals).toEqual({ [merge]: { pullRequest: pr.number, approvedBy: ['BEA', 'CAI'] } });
  });

  it('refuses a merge that lacked quorum when it merged (an approval after the merge does not count), naming the commit and its files', async () => {
    gh = await new FakeGitHub().start();
    gh.pushMain({ 'README.md': 'x' });
    const pr = gh.openPull(ANA, { 'corpus/ana/river.md': 'The river.\n' });
    gh.review(pr.number, { login: 'bea', id: 21 }, 'APPROVED');
    const merge = gh.merge(pr.number, { login: 'bea', id: 21 });
    gh.review(pr.number, { login: 'cai', id: 22 }, 'APPROVED', gh.headOf(pr.number));
    const direct = gh.pushMain({ 'governance/policy.yaml': 'schemaVersion: 1\n' }, 'Edit the policy on main');
    const ctx = githubFromEnv(gh.env(BOT))!;
    const r = await verifyWithGitHub(ctx, [asMainLine(gh, direct), asMainLine(gh, merge)], board, review);
    expect(r.ok).toBe(false);
    const report = verifyReport(r);
    expect(report).toContain(`${merge.slice(0, 12)} (pull request #${pr.number}): 1 of 2 approvals`);
    expect(report).toContain(`${direct.slice(0, 12)}: 0 of 2 approvals for a policy change; no merged pull request on GitHub brought it to main`);
    expect(report).toContain('    governance/policy.yaml');
    expect(report).toContain('Nothing was trained.');
  });

  it('refuses a merge that changed a writer’s works without the writer, though the board’s quorum met', async () => {
    gh = await new FakeGitHub().start();
    gh.pushMain({ 'README.md': 'x', 'corpus/ana/river.md': 'The river.\n' });
    const pr = gh.openPull({ login: 'mallory', id: 66 }, { 'corpus/ana/river.md': null });
    gh.review(pr.number, { login: 'bea', id: 21 }, 'APPROVED');
    gh.review(pr.number, { login: 'cai', id: 22 }, 'APPROVED');
    const merge = gh.merge(pr.number, { login: 'bea', id: 21 });
    const ctx = githubFromEnv(gh.env(BOT))!;
    const r = await verifyWithGitHub(ctx, [asMainLine(gh, merge)], board, review);
    expect(r.verdicts[0]!.verdict.met).toBe(true);
    expect(r.ok).toBe(false);
    expect(verifyReport(r)).toContain('changes the consent of ana (GitHub login ana) without their own approval');
  });
});

describe('verify, with merge trailers', () => {
  const agreement = (github?: string) =>
    `handle: ana\npublicName: { display: name, name: Ana }\nagreementVersion: "1.0"\nsigned: 2026-02-01\nsignature: Ana\nscopes: [train-shared]\n${github ? `github: ${github}\n` : ''}`;

  it('needs the account on record before a change to move the agreement to another login', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'verify-writer-'));
    const g = await GitFixture.init(root);
    await mkdir(path.join(root, 'governance/agreements'), { recursive: true });
    await writeFile(path.join(root, 'governance/agreements/ana.yaml'), agreement());
    const founding = await g.commitAll('Found the co-op');
    const move = async (trailer: string) => {
      await g.git('checkout', '-q', '-b', `move-${trailer.length}`, founding);
      await writeFile(path.join(root, 'governance/agreements/ana.yaml'), agreement('ana-new'));
      await g.commitAll('Move my agreement to my new account', 'Ana New <12+ana-new@users.noreply.github.com>');
      await g.git('checkout', '-q', 'main');
      await g.git('reset', '-q', '--hard', founding);
      await g.merge(`move-${trailer.length}`, `Merge pull request #7 from someone/move\n\nReviewed-by: BEA <bea@example.invalid>\nReviewed-by: CAI <cai@example.invalid>\n${trailer}`);
      const commits = await mainLineChanges(root, ['corpus', 'governance'], founding);
      return verifyWithTrailers(commits, board, review, await writerAccounts(root, commits));
    };
    const byNew = await move('Approved-by: Ana New <12+ana-new@users.noreply.github.com>');
    expect(byNew.verdicts[0]!.verdict.met).toBe(true);
    expect(byNew.ok).toBe(false);
    expect(verifyReport(byNew)).toContain('ana (GitHub login ana)');
    const byOld = await move('Approved-by: Ana <11+ana@users.noreply.github.com>');
    expect(byOld.ok).toBe(true);
  });
});
