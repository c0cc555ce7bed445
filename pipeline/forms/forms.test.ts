/**
 * Issue forms for writers who do not use git, against the offline GitHub: the
 * form is checked like a pull request, answered on the issue, and turned into
 * one pull request once a board member marks it ready.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCoop } from '../check/index.ts';
import { githubFromEnv, type GitHubContext } from '../github/index.ts';
import { PROJECT_ROOT } from '../project.ts';
import { coop } from '../testing/coop-builder.ts';
import { FakeGitHub } from '../testing/fake-github/server.ts';
import { formBody } from '../testing/issue-form.ts';
import { FORM_REPORT_MARKER, formToPullRequest, READY_LABEL } from './run.ts';

const BOT = { login: 'commonplace-bot[bot]', id: 5000, type: 'Bot' as const };
const NIA = { login: 'nia', id: 31 };
const ANA = { login: 'ana', id: 11 };
const BEA = { login: 'bea', id: 21 };
const MALLORY = { login: 'mallory', id: 66 };
const TEMPLATES = path.join(PROJECT_ROOT, 'pipeline/init/templates/repo/github/ISSUE_TEMPLATE');
const NOW = new Date('2026-05-10T12:00:00Z');
const SCOPES = ["Train the co-op's shared model on it (train-shared)", 'Show the whole work on the public site (display-full; required when the repository is public)'];
const CONFIRM = ["This work is my own and I may donate it. I have read the co-op's agreement text (governance/agreement-texts/) and I accept it."];

let gh: FakeGitHub;
let ctx: GitHubContext;
let root: string;
const template = (name: string) => readFile(path.join(TEMPLATES, name), 'utf8');
const donation = async (over: Record<string, string | string[]> = {}) =>
  formBody(await template('donate-a-work.yml'), {
    handle: 'nia',
    title: 'The Heron Count',
    form: 'poem',
    language: 'en',
    scopes: SCOPES,
    naming: 'my name',
    'public-name': 'Nia Brook',
    signature: 'Nia Brook',
    text: 'Seven herons at the weir,\nand one more that would not stay counted.\n',
    confirm: CONFIRM,
    ...over,
  });
const answer = () => gh.comments.filter((c) => c.body.includes(FORM_REPORT_MARKER)).map((c) => c.body);

beforeEach(async () => {
  root = await coop().member('ana').work('ana', 'older').write();
  await mkdir(path.join(root, '.github'), { recursive: true });
  await cp(TEMPLATES, path.join(root, '.github/ISSUE_TEMPLATE'), { recursive: true });
  gh = await new FakeGitHub().start();
  gh.pushMain({ 'README.md': 'The co-op.\n' }, 'Found');
  ctx = githubFromEnv(gh.env(BOT))!;
});

afterEach(async () => {
  await gh.stop();
  expect(gh.violations).toEqual([]);
});

describe('the donation form', () => {
  it('checks the form, waits for a board member’s ready label, then opens one pull request whose files pass check; again changes nothing', async () => {
    const issue = gh.openIssue(NIA, 'Donation', await donation(), ['donation']);
    expect(await formToPullRequest(root, ctx, issue.number, NOW)).toEqual({ state: 'waiting' });
    expect(answer()[0]).toContain('passes the co-op’s checks');
    gh.addLabel(issue.number, READY_LABEL, MALLORY);
    expect(await formToPullRequest(root, ctx, issue.number, NOW)).toEqual({ state: 'waiting' });
    gh.addLabel(issue.number, READY_LABEL, BEA);
    const opened = await formToPullRequest(root, ctx, issue.number, NOW);
    expect(opened).toMatchObject({ state: 'opened' });
    const branch = `form/issue-${issue.number}`;
    const work = gh.fileAt(branch, 'corpus/nia/the-heron-count.md')!;
    const agreement = gh.fileAt(branch, 'governance/agreements/nia.yaml')!;
    expect(work).toContain('Seven herons at the weir,\nand one more');
    expect(agreement).toContain('signature: Nia Brook');
    // The files, added to the co-op, pass every rule.
    await mkdir(path.join(root, 'corpus/nia'));
    await writeFile(path.join(root, 'corpus/nia/the-heron-count.md'), work);
    await writeFile(path.join(root, 'governance/agreements/nia.yaml'), agreement);
    expect((await checkCoop(root)).problems.filter((p) => p.severity === 'error')).toEqual([]);
    // Back to main as it is, for the re-run.
    await rm(path.join(root, 'corpus/nia'), { recursive: true });
    await rm(path.join(root, 'governance/agreements/nia.yaml'));

    const commits = gh.git.commits.size;
    expect(await formToPullRequest(root, ctx, issue.number, NOW)).toEqual({ state: 'unchanged', pull: (opened as { pull: number }).pull });
    expect(gh.git.commits.size).toBe(commits);
    expect([...gh.pulls.values()].filter((p) => p.head === branch)).toHaveLength(1);
    expect(answer()).toHaveLength(1);
  });

  it('refuses a text area line that poses as another field (an injected ### heading)', async () => {
    const body = await donation({ text: 'A first line.\n### Your handle\nana\n' });
    const issue = gh.openIssue(MALLORY, 'Donation', body, ['donation']);
    expect(await formToPullRequest(root, ctx, issue.number, NOW)).toMatchObject({
      state: 'problems',
      problems: [expect.objectContaining({ pointer: '/text', message: expect.stringContaining('starts with "###"') })],
    });
    const extra = gh.openIssue(MALLORY, 'Donation', `${await donation()}\n\n### Favourite colour\n\nred`, ['donation']);
    expect((await formToPullRequest(root, ctx, extra.number, NOW)).state).toBe('problems');
  });

  it('refuses a body over GitHub’s size limit, HTML in the title, and text with markup, without quoting the text', async () => {
    const big = gh.openIssue(NIA, 'Donation', await donation({ text: 'x'.repeat(70_000) }), ['donation']);
    expect(await formToPullRequest(root, ctx, big.number, NOW)).toMatchObject({ state: 'problems', problems: [expect.objectContaining({ message: expect.stringContaining("over GitHub's limit") })] });
    const html = gh.openIssue(NIA, 'Donation', await donation({ title: 'Herons <img src=x onerror=alert(1)>' }), ['donation']);
    expect(await formToPullRequest(root, ctx, html.number, NOW)).toMatchObject({ state: 'problems', problems: [expect.objectContaining({ pointer: '/title' })] });
    const markup = gh.openIssue(NIA, 'Donation', await donation({ text: 'Formmarker-4 a line\n<script>steal()</script>\n' }), ['donation']);
    expect((await formToPullRequest(root, ctx, markup.number, NOW)).state).toBe('problems');
    expect(answer().join('\n')).not.toContain('Formmarker');
    expect(answer().join('\n')).not.toContain('<img');
  });

  it('refuses a later donation under a handle that belongs to someone else', async () => {
    const issue = gh.openIssue(MALLORY, 'Donation', await donation({ handle: 'ana' }), ['donation']);
    expect(await formToPullRequest(root, ctx, issue.number, NOW)).toMatchObject({
      state: 'problems',
      problems: [expect.objectContaining({ message: expect.stringContaining('belongs to a writer whose GitHub login is not @mallory') })],
    });
  });
});

describe('the withdraw and use-case forms', () => {
  it('withdraws a writer’s work only when the writer asks, as the withdraw command would', async () => {
    const body = formBody(await template('withdraw-my-writing.yml'), { handle: 'ana', what: 'one work', work: 'older', confirm: ['I am the writer named above, and I withdraw this writing.'] });
    const forged = gh.openIssue(MALLORY, 'Withdrawal', body, ['withdrawal']);
    expect(await formToPullRequest(root, ctx, forged.number, NOW)).toMatchObject({
      state: 'problems',
      problems: [expect.objectContaining({ message: expect.stringContaining('only the writer can withdraw') })],
    });
    const issue = gh.openIssue(ANA, 'Withdrawal', body, ['withdrawal']);
    gh.addLabel(issue.number, READY_LABEL, BEA);
    expect(await formToPullRequest(root, ctx, issue.number, NOW)).toMatchObject({ state: 'opened' });
    const branch = `form/issue-${issue.number}`;
    expect(gh.fileAt(branch, 'corpus/ana/older.md')).toBeUndefined();
    expect(gh.fileAt(branch, 'governance/withdrawals/ana.yaml')).toMatch(/hash: [0-9a-f]{64}/);
  });

  it('turns a proposal into a use case with status proposed', async () => {
    const body = formBody(await template('propose-a-use-case.yml'), {
      title: 'Workshop prompts',
      description: 'Warm-up prompts for the Tuesday workshop.',
      users: 'Workshop leaders',
      models: 'shared',
      conditions: 'Labelled as generated\nNever sold',
      demo: 'no',
    });
    const issue = gh.openIssue(NIA, 'Use case', body, ['use-case']);
    gh.addLabel(issue.number, READY_LABEL, BEA);
    expect(await formToPullRequest(root, ctx, issue.number, NOW)).toMatchObject({ state: 'opened' });
    expect(gh.fileAt(`form/issue-${issue.number}`, 'governance/use-cases/workshop-prompts.yaml')).toMatch(/- Never sold[\s\S]*status: proposed/);
  });
});
