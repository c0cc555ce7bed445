import { afterEach, describe, expect, it } from 'vitest';
import type { CommitChanges } from '../git/index.ts';
import { githubFromEnv } from '../github/index.ts';
import type { Board, Policy } from '../schemas/index.ts';
import { FakeGitHub } from '../testing/fake-github/server.ts';
import { verifyReport, verifyWithGitHub } from './verify.ts';

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
});
