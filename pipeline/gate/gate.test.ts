/**
 * `gate` against the offline GitHub: the default branch's co-op on disk, the
 * pull request only through the API (validated against GitHub's description).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { githubFromEnv, type GitHubContext } from '../github/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { FakeGitHub } from '../testing/fake-github/server.ts';
import { REPORT_MARKER } from './report.ts';
import { runGate, STATUS_CHECK, STATUS_QUORUM } from './run.ts';

const BOT = { login: 'commonplace-bot[bot]', id: 5000, type: 'Bot' as const };
const ANA = { login: 'ana', id: 11 };
const BEA = { login: 'bea', id: 21 };
const CAI = { login: 'cai', id: 22 };
const MALLORY = { login: 'mallory', id: 66 };
const MARKER = 'Gatemarker-19 the swans counted twice';
const NOW = new Date('2026-05-10T12:00:00Z');

const work = (title: string, body: string, scopes = '[train-shared, display-full]') => `---\ntitle: "${title}"\ncontributor: ana\nlanguage: en\nform: poem\nscopes: ${scopes}\n---\n\n${body}`;

let gh: FakeGitHub;
let ctx: GitHubContext;
let root: string;
let summary: string;

beforeEach(async () => {
  root = await coop()
    .withPolicy({ review: { approvalsToMerge: 2, approvals: { withdrawal: 1, policy: 3, board: 3, 'agreement-text': 3, code: 3 } } })
    .member('ana')
    .work('ana', 'older')
    .write();
  gh = await new FakeGitHub().start();
  gh.pushMain({ 'README.md': 'The co-op.\n' }, 'Found');
  summary = path.join(await mkdtemp(path.join(tmpdir(), 'summary-')), 'summary.md');
  ctx = githubFromEnv(gh.env(BOT, { GITHUB_STEP_SUMMARY: summary, GITHUB_RUN_ID: '77' }))!;
});

afterEach(async () => {
  await gh.stop();
  expect(gh.violations).toEqual([]);
});

const statusOf = (sha: string, context: string) => gh.statuses.filter((s) => s.sha === sha && s.context === context).at(-1);
const report = () => gh.comments.filter((c) => c.body.includes(REPORT_MARKER));

describe('the gate on a pull request', () => {
  it('checks a donation as data, reports it without quoting the text, and waits for the board’s quorum', async () => {
    const pr = gh.openPull(ANA, { 'corpus/ana/swans.md': work('Swans', `${MARKER}\nat the weir.\n`) });
    const head = gh.headOf(pr.number);
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r).toMatchObject({ state: 'reported', checkOk: true, quorumMet: false });
    expect(statusOf(head, STATUS_CHECK)).toMatchObject({ state: 'success', target_url: expect.stringContaining('/actions/runs/77') });
    expect(statusOf(head, STATUS_QUORUM)).toMatchObject({ state: 'pending', description: '0 of 2 board approvals for a donation change' });
    expect(report()).toHaveLength(1);
    expect(report()[0]!.body).toContain('Swans');
    expect(report()[0]!.body).toMatch(/Still needed: 2 more, from any of: bea, cai, dee/);
    const everything = [...gh.comments.map((c) => c.body), ...gh.statuses.map((s) => s.description), await readFile(summary, 'utf8')].join('\n');
    expect(everything).not.toContain('Gatemarker');

    gh.review(pr.number, BEA, 'APPROVED');
    gh.review(pr.number, CAI, 'APPROVED');
    const again = await runGate(root, ctx, pr.number, NOW);
    expect(again.quorumMet).toBe(true);
    expect(statusOf(head, STATUS_QUORUM)).toMatchObject({ state: 'success', description: 'met: 2 of 2 (bea, cai)' });
    expect(report()).toHaveLength(1);
    expect(report()[0]!.body).toContain('Approved by: bea, cai');
  });

  it('asks for approval again after a new push: approvals of an older head do not count', async () => {
    const pr = gh.openPull(ANA, { 'corpus/ana/swans.md': work('Swans', 'At the weir.\n') });
    gh.review(pr.number, BEA, 'APPROVED');
    gh.review(pr.number, CAI, 'APPROVED');
    const newHead = gh.pushToPull(pr.number, { 'corpus/ana/swans.md': work('Swans', 'At the weir, at dusk.\n') });
    await runGate(root, ctx, pr.number, NOW);
    expect(statusOf(newHead, STATUS_QUORUM)).toMatchObject({ state: 'pending' });
    expect(report()[0]!.body).toContain('approved an earlier commit');
  });

  it('refuses a work donated by someone who is not its writer, even with the board’s approval, until the writer approves', async () => {
    const pr = gh.openPull(MALLORY, { 'corpus/ana/forged.md': work('Forged', 'Not by Ana.\n') });
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.checkOk).toBe(false);
    expect(statusOf(gh.headOf(pr.number), STATUS_CHECK)).toMatchObject({ state: 'failure' });
    expect(report()[0]!.body).toContain('only its writer can: ana (GitHub login ana) has neither opened nor approved');
    gh.review(pr.number, BEA, 'APPROVED');
    gh.review(pr.number, CAI, 'APPROVED');
    const board = await runGate(root, ctx, pr.number, NOW);
    expect(board).toMatchObject({ checkOk: false, quorumMet: true });
    gh.review(pr.number, ANA, 'APPROVED');
    expect((await runGate(root, ctx, pr.number, NOW)).checkOk).toBe(true);
  });

  it('refuses hostile files: HTML in a work (by line, without quoting it), a file over the size limit, a registry/ edit by hand', async () => {
    const pr = gh.openPull(ANA, {
      'corpus/ana/script.md': work('Script', `A line.\n<script>alert("${MARKER}")</script>\n`),
      'corpus/ana/huge.md': work('Huge', 'x'.repeat(600 * 1024)),
      'registry/models/index.json': '{}\n',
    });
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.checkOk).toBe(false);
    const body = report()[0]!.body;
    expect(body).toMatch(/corpus\/ana\/script\.md.*line 10/);
    expect(body).toContain('corpus/ana/huge.md');
    expect(body).toContain('registry/ is written only by the pipeline');
    expect(body).not.toContain('Gatemarker');
    expect(body).not.toContain('alert');
    // The oversized file was refused unread, from its size in the tree: its content was never fetched.
    expect(gh.requests.filter((q) => q.operationId === 'repos/get-content' && q.path.endsWith('huge.md'))).toHaveLength(0);
  });

  it('needs the writer’s own approval for an agreement someone else added (that is how they sign)', async () => {
    const pr = gh.openPull(BEA, {
      'governance/agreements/nia.yaml': 'handle: nia\npublicName: { display: name, name: Nia }\nagreementVersion: "1.0"\nsigned: 2026-05-01\nsignature: Nia\nscopes: [train-shared]\n',
    });
    expect((await runGate(root, ctx, pr.number, NOW)).checkOk).toBe(false);
    expect(report()[0]!.body).toContain('is not signed yet');
    gh.review(pr.number, { login: 'nia', id: 31 }, 'APPROVED');
    expect((await runGate(root, ctx, pr.number, NOW)).checkOk).toBe(true);
  });

  it('posts nothing for a head that moved while it was being checked', async () => {
    const pr = gh.openPull(ANA, { 'corpus/ana/swans.md': work('Swans', 'At the weir.\n') });
    const first = gh.headOf(pr.number);
    gh.before.set('repos/get-content', () => {
      gh.before.delete('repos/get-content');
      gh.pushToPull(pr.number, { 'corpus/ana/more.md': work('More', 'More.\n') });
    });
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.state).toBe('head-moved');
    expect(gh.statuses.filter((s) => s.sha === first)).toEqual([]);
  });

  it('escapes a hostile title in the report: no markup, mention or link reaches GitHub', async () => {
    const title = '**Loud** <img src=x onerror=alert(1)> @everyone [click](javascript:x) | cell';
    const pr = gh.openPull(ANA, { 'corpus/ana/loud.md': work(title.replace(/"/g, ''), 'A quiet poem.\n') });
    await runGate(root, ctx, pr.number, NOW);
    const body = report()[0]!.body;
    for (const raw of ['**Loud**', '<img', '@everyone', '[click]', '| cell']) expect(body, raw).not.toContain(raw);
    expect(body).toContain('&#42;&#42;Loud&#42;&#42;');
  });
});

describe('only the writer changes their consent', () => {
  const agreementOf = async (handle: string) => readFile(path.join(root, `governance/agreements/${handle}.yaml`), 'utf8');

  it('refuses a change to a writer’s agreement by someone else who points its github: at themselves, even with every board member’s approval', async () => {
    const mine = await agreementOf('ana');
    expect(mine).toContain('signature: Writer ana');
    const forged = `${mine.replace('signature: Writer ana', 'signature: Mallory for ana').trimEnd()}\ngithub: mallory\n`;
    const pr = gh.openPull(MALLORY, { 'governance/agreements/ana.yaml': forged });
    for (const m of [BEA, CAI, { login: 'dee', id: 23 }]) gh.review(pr.number, m, 'APPROVED');
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r).toMatchObject({ checkOk: false, quorumMet: true });
    expect(statusOf(gh.headOf(pr.number), STATUS_CHECK)).toMatchObject({ state: 'failure' });
    const body = report()[0]!.body;
    expect(body).toContain('governance/agreements/ana.yaml');
    expect(body).toContain('changes ana’s agreement, but only its writer can');
    gh.review(pr.number, ANA, 'APPROVED');
    expect(await runGate(root, ctx, pr.number, NOW)).toMatchObject({ checkOk: true, quorumMet: true });
  });

  it('refuses a withdrawal made in a writer’s name by someone else', async () => {
    const older = await readFile(path.join(root, 'corpus/ana/older.md'), 'utf8');
    gh.pushMain({ 'corpus/ana/older.md': older }, 'The work on GitHub too');
    const pr = gh.openPull(MALLORY, {
      'corpus/ana/older.md': null,
      'governance/withdrawals/ana.yaml': `schemaVersion: 1\nhandle: ana\nworks:\n  - hash: ${'a'.repeat(64)}\n    title: ${'b'.repeat(64)}\n    withdrawn: 2026-05-09\n`,
    });
    gh.review(pr.number, BEA, 'APPROVED');
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.checkOk).toBe(false);
    expect(report()[0]!.body).toMatch(/changes ana’s withdrawals and works, but only its writer can/);
  });

  it('lets the writer withdraw their own work with the approvals a withdrawal needs', async () => {
    const older = await readFile(path.join(root, 'corpus/ana/older.md'), 'utf8');
    gh.pushMain({ 'corpus/ana/older.md': older }, 'The work on GitHub too');
    const pr = gh.openPull(ANA, { 'corpus/ana/older.md': null });
    gh.review(pr.number, BEA, 'APPROVED');
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(report()[0]!.body).not.toContain('only its writer can');
    expect(r.quorumMet).toBe(true);
  });

  it('needs the old account to move an agreement to another GitHub login', async () => {
    const mine = await agreementOf('ana');
    const NEW = { login: 'ana-new', id: 12 };
    const pr = gh.openPull(NEW, { 'governance/agreements/ana.yaml': `${mine.trimEnd()}\ngithub: ana-new\n` });
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.checkOk).toBe(false);
    expect(report()[0]!.body).toContain('moves their GitHub login from ana to ana-new, so the old account, ana, signs it');
    gh.review(pr.number, ANA, 'APPROVED');
    expect((await runGate(root, ctx, pr.number, NOW)).checkOk).toBe(true);
  });
});

describe('the gate judges files as git holds them', () => {
  it('refuses a link to another file of the same pull request, which the contents API answers as a plain file', async () => {
    const pr = gh.openPull(ANA, {
      'corpus/ana/real.md': work('Real', 'A real poem.\n'),
      'corpus/ana/link.md': { mode: '120000', content: 'real.md' },
    });
    // What made this dangerous: GitHub's contents API answers the link with its target's bytes.
    const contents = await ctx.octokit.rest.repos.getContent({ owner: ctx.owner, repo: ctx.repo, path: 'corpus/ana/link.md', ref: gh.headOf(pr.number) });
    expect(contents.data).toMatchObject({ type: 'file' });
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.checkOk).toBe(false);
    expect(report()[0]!.body).toMatch(/corpus\/ana\/link\.md.*symbolic link/);
  });

  it('refuses a submodule and an executable record, and a file where a records folder should be', async () => {
    const pr = gh.openPull(ANA, {
      'corpus/ana/sub.md': { mode: '160000', content: 'c'.repeat(40) },
      'corpus/ana/run.md': { mode: '100755', content: work('Run', 'A poem that runs.\n') },
      governance: 'not a folder\n',
    });
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.checkOk).toBe(false);
    const body = report()[0]!.body;
    expect(body).toMatch(/corpus\/ana\/sub\.md.*submodule/);
    expect(body).toMatch(/corpus\/ana\/run\.md.*executable/);
    expect(body).toMatch(/governance.*where the folder of the records should be/);
  });

  it('refuses paths some writer could not check out: a device name in the records, a name one case apart from main’s, anywhere in the repository', async () => {
    const pr = gh.openPull(ANA, {
      'corpus/ana/nul.md': work('Nul', 'A poem with a device’s name.\n'),
      'ReadMe.md': 'A second readme.\n', // main already has README.md
      'notes/a:b.txt': 'colon\n',
    });
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.checkOk).toBe(false);
    const body = report()[0]!.body;
    expect(body).toMatch(/corpus\/ana\/nul\.md.*a name Windows keeps for a device/);
    expect(body.split('- `corpus/ana/nul.md`:').length - 1).toBe(1); // once, by the records' load, not again from the tree
    expect(body).toMatch(/ReadMe\.md.*only in capital letters/);
    expect(body).toMatch(/notes\/a:b\.txt.*Windows does not allow/);
    // main's own README.md passed before; the report names it only as what the new file collides with.
    expect(body).not.toContain('- `README.md`:');
  });

  it('refuses a pull request with more files than GitHub lists', async () => {
    const files: Record<string, string> = { 'corpus/ana/swans.md': work('Swans', 'At the weir.\n') };
    for (let i = 0; i < 3001; i++) files[`notes/n${i}.txt`] = `${i}\n`;
    const pr = gh.openPull(ANA, files);
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.checkOk).toBe(false);
    expect(report()[0]!.body).toContain('changes 3002 files, but GitHub lists only 3000 of them');
  });

  it('counts again when an approval is dismissed while it runs: no stale success', async () => {
    const pr = gh.openPull(ANA, { 'corpus/ana/swans.md': work('Swans', 'At the weir.\n') });
    gh.review(pr.number, BEA, 'APPROVED');
    gh.review(pr.number, CAI, 'APPROVED');
    let gets = 0;
    gh.before.set('pulls/get', () => {
      // The second read is the freshness check, after the count: CAI's approval is dismissed just before it.
      if (++gets === 2) gh.review(pr.number, CAI, 'DISMISSED');
    });
    const r = await runGate(root, ctx, pr.number, NOW);
    expect(r.quorumMet).toBe(false);
    expect(statusOf(gh.headOf(pr.number), STATUS_QUORUM)).toMatchObject({ state: 'pending' });
  });
});
