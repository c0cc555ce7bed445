/**
 * The merge side, end to end, locally: a co-op in a real git repository, the
 * offline GitHub (every request and response validated against GitHub's
 * description). verify → pipeline → publish, then again after a withdrawal,
 * and a change that skipped the board is refused before anything trains.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubFromEnv, type GitHubContext } from '../github/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { FakeGitHub } from '../testing/fake-github/server.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { TINY } from '../testing/run-stages.ts';
import { publish, releaseTag } from './run.ts';
import { syncRelease } from '../github/index.ts';
import { readModelRegistry } from '../registry/index.ts';
import { withdrawFor } from '../testing/withdraw.ts';
import { sha256 } from '../hash/index.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const BOT = { login: 'commonplace-bot[bot]', id: 5000, type: 'Bot' as const };
const MUTATING = new Set(['git/create-commit', 'git/update-ref', 'repos/create-release', 'repos/update-release', 'repos/upload-release-asset', 'repos/delete-release-asset', 'repos/delete-release']);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({ GITHUB_TOKEN: '' }, ...args);
}

async function cliWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { maxBuffer: 1 << 24, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let root: string;
let git: GitFixture;
let gh: FakeGitHub;
let ctx: GitHubContext;

/** Merge a branch into main as GitHub does, with the approvals as trailers; `from` opened the pull request. */
async function mergeWith(branch: string, pr: number, approvers: string[], from = 'ana'): Promise<string> {
  return git.merge(branch, `Merge pull request #${pr} from ${from}/${branch}\n\n${approvers.map((a) => `Approved-by: ${a} <${a.toLowerCase()}@example.invalid>`).join('\n')}`);
}

beforeAll(async () => {
  root = await coop()
    .withPolicy({
      training: { profiles: { cpu: { ...TINY, steps: 10, allotmentSteps: 2 } } },
      release: { maxVerbatimChars: 500, extractionChars: 400 },
      review: { approvalsToMerge: 2, approvals: { withdrawal: 1, policy: 3, board: 3, 'agreement-text': 3, code: 3 } },
    })
    .decision('0002-public-demo', { affects: ['use-case:public-demo'] })
    .useCase('public-demo', { title: 'Public demo', publicDemo: true, decision: '0002' })
    .member('ana')
    .work('ana', 'river', { body: 'The river keeps what we drop into it.\nLow water shows it all.\n' })
    .work('ana', 'bread', { body: 'Four in the morning, flour to the elbow.\n' })
    .write();
  git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  // Bo donates by pull request, approved by two stewards.
  await git.git('checkout', '-q', '-b', 'donate-bo');
  await writeFile(
    path.join(root, 'governance/agreements/bo.yaml'),
    'handle: bo\npublicName: { display: name, name: Bo }\nagreementVersion: "1.0"\nsigned: 2026-02-01\nsignature: Bo\nscopes: [train-shared, train-own, display-full]\n',
  );
  await mkdir(path.join(root, 'corpus/bo'));
  await writeFile(
    path.join(root, 'corpus/bo/tide.md'),
    '---\ntitle: Tide\ncontributor: bo\nlanguage: en\nform: poem\nscopes: [train-shared, train-own, display-full]\n---\n\nThe tide came in over the causeway.\n',
  );
  await git.commitAll('Donate Tide', 'Bo <bo@example.invalid>');
  await git.git('checkout', '-q', 'main');
  await mergeWith('donate-bo', 3, ['BEA', 'CAI'], 'bo');
  gh = await new FakeGitHub().start();
  gh.pushMain({ 'README.md': 'The co-op.\n' }, 'Found');
  ctx = githubFromEnv(gh.env(BOT))!;
}, 120_000);

afterAll(async () => {
  await gh.stop();
  expect(gh.violations).toEqual([]);
});

describe('a merge, verified, trained, recorded, released and published', () => {
  let source: string;

  it('verifies that every change since the founding met quorum, then trains and builds the site for Pages', async () => {
    const v = await cli('verify', '--root', root);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/1 change to the records since the last pipeline run; 0 without the board's quorum or a writer's own approval/);
    const p = await cli('pipeline', '--root', root, '--backend', 'wasm');
    expect(p.code, p.stdout + p.stderr).toBe(0);
    expect(await readFile(path.join(root, 'dist/site/index.html'), 'utf8')).toContain('Test Co-op');
    source = await git.git('rev-parse', 'HEAD');
  }, 240_000);

  it('refuses, committing and releasing nothing, when a withdrawal merged into main while it trained', async () => {
    // What `withdraw --handle bo` writes, merged on GitHub after training started on `source`.
    const copy = await mkdtemp(path.join(tmpdir(), 'commonplace-withdrawn-'));
    await cp(root, copy, { recursive: true, filter: (f) => !f.includes(`${path.sep}.git`) && !f.includes(`${path.sep}artifacts`) && !f.includes(`${path.sep}dist`) });
    await withdrawFor(copy, 'bo', { date: '2026-06-01' });
    const governance = ['governance/agreements/bo.yaml', 'governance/withdrawals/bo.yaml'];
    const files = Object.fromEntries(await Promise.all(governance.map(async (f) => [f, await readFile(path.join(copy, f), 'utf8')] as const)));
    await rm(copy, { recursive: true, force: true });
    const ours = Object.fromEntries(await Promise.all(['governance/agreements/ana.yaml', 'governance/agreements/bo.yaml'].map(async (f) => [f, await readFile(path.join(root, f), 'utf8')] as const)));
    gh.pushMain({ ...ours, ...files }, 'Merge pull request #5 from bo/withdraw');
    const tip = gh.git.refs.get('heads/main')!;

    const r = await publish(root, ctx, { source, branch: 'main' });
    expect(r.ok).toBe(false);
    expect(r.registry).toBeUndefined();
    expect(r.problems.length).toBeGreaterThan(0);
    for (const p of r.problems) {
      expect(p.code).toBe('publish/withdrawn-since');
      expect(p.message).toMatch(/^is trained on writing withdrawn on 2026-06-01|^is fine-tuned from/);
    }
    expect(gh.git.refs.get('heads/main')).toBe(tip);
    expect(gh.releases).toEqual([]);
    // The withdrawal taken back on main (only for the rest of this sequence).
    gh.pushMain({ 'governance/agreements/bo.yaml': ours['governance/agreements/bo.yaml']!, 'governance/withdrawals/bo.yaml': null }, 'Revert');
  }, 120_000);

  it('commits only registry/ back to main, after main moved in between, and releases every published model', async () => {
    let moved = '';
    gh.before.set('git/update-ref', () => {
      gh.before.delete('git/update-ref');
      moved = gh.pushMain({ 'corpus/cy/new.md': 'a donation merged meanwhile\n' }, 'Merge pull request #9');
    });
    // The output as the workflow downloads it: outside the checkout, taken in only as it checks out.
    const output = await mkdtemp(path.join(tmpdir(), 'commonplace-output-'));
    for (const dir of ['registry', 'artifacts/models', 'dist/site']) await cp(path.join(root, dir), path.join(output, dir), { recursive: true });
    const r = await publish(root, ctx, { source, branch: 'main', from: output });
    await rm(output, { recursive: true, force: true });
    expect(r.problems).toEqual([]);
    expect(r.registry).toMatchObject({ attempts: 2, commit: expect.any(String) });
    const main = gh.git.refs.get('heads/main')!;
    expect(main).toBe(r.registry!.commit);
    const commit = gh.git.commits.get(main)!;
    expect(commit.parents).toEqual([moved]);
    expect(commit.message).toMatch(new RegExp(`\\[skip ci\\]\\n\\nPipeline-source: ${source}$`));
    const before = gh.git.filesAt(moved);
    const after = gh.git.filesAt(main);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p)?.sha !== after.get(p)?.sha);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((p) => p.startsWith('registry/'))).toBe(true);
    expect(gh.fileAt('main', 'corpus/cy/new.md')).toBe('a donation merged meanwhile\n');

    const cards = await readModelRegistry(root);
    if (!cards.ok) throw new Error('registry');
    const published = cards.value.cards.filter((c) => c.weights.published);
    expect(published.length).toBeGreaterThanOrEqual(2);
    for (const card of published) {
      const rel = gh.releases.find((x) => x.tag_name === releaseTag(card.version))!;
      expect(rel.draft).toBe(false);
      expect(rel.assets.map((a) => a.name).sort()).toEqual([
        'card.json',
        'dataset-card.md',
        'dataset-manifest.json',
        'datasheet.md',
        'model.json',
        'provenance.intoto.json',
        'tokenizer.json',
        'train.jsonl',
        'validation.jsonl',
        'weights.bin',
      ]);
      const weights = rel.assets.find((a) => a.name === 'weights.bin')!;
      expect(weights.data.equals(await readFile(path.join(root, card.weights.files.find((f) => f.path.endsWith('weights.bin'))!.path)))).toBe(true);
    }
    const shared = published.find((c) => c.kind === 'shared')!;
    expect(gh.requests.filter((q) => q.operationId === 'repos/update-release' && (q.body as { make_latest?: string }).make_latest === 'true')).toHaveLength(1);
    expect(gh.releases.find((x) => x.tag_name === releaseTag(shared.version))!.make_latest).toBe('true');
  }, 120_000);

  it('changes nothing when the same publish runs again', async () => {
    const count = gh.requests.filter((q) => MUTATING.has(q.operationId)).length;
    const r = await publish(root, ctx, { source, branch: 'main' });
    expect(r.registry?.commit).toBeUndefined();
    expect(r.releases.every((x) => x.outcome === 'unchanged')).toBe(true);
    expect(gh.requests.filter((q) => MUTATING.has(q.operationId)).length).toBe(count);
  });

  it('on a fresh clone after a merge that changed nothing about the models, downloads every published model from its Release, checks it, and trains nothing', async () => {
    // The runner's checkout: main with the records publish committed, and no artifacts/.
    const clone = path.join(await mkdtemp(path.join(tmpdir(), 'commonplace-clone-')), 'coop');
    await promisify(execFile)('git', ['clone', '-q', root, clone]);
    await cp(path.join(root, 'registry'), path.join(clone, 'registry'), { recursive: true });
    const cloned = new GitFixture(clone);
    await cloned.commitAll('Pipeline records [skip ci]');
    const cards = await readModelRegistry(clone);
    if (!cards.ok) throw new Error('registry');
    const current = cards.value.cards.filter((c) => c.status === 'current');
    expect(current.length).toBeGreaterThanOrEqual(2);
    expect(current.every((c) => c.weights.published)).toBe(true);
    const before = gh.requests.length;
    const r = await cliWith(gh.env(BOT), 'train', '--root', clone, '--backend', 'wasm', '--weights-from', 'github');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const card of current) {
      expect(r.stderr).toContain(
        `${card.version} (${card.kind === 'shared' ? 'shared' : card.member}): weights restored from the Releases of tide-writers/archive (same sha256 as the card), not retrained`,
      );
      for (const f of card.weights.files) expect(sha256(await readFile(path.join(clone, f.path))), f.path).toBe(f.sha256);
    }
    expect(r.stderr).not.toMatch(/training|backend:/);
    expect(r.stdout).not.toMatch(/ trained\n/);
    const served = gh.requests.slice(before).map((q) => q.operationId);
    // Each weight file through the API (a redirect) and then from storage; nothing written.
    const files = current.reduce((n, c) => n + c.weights.files.length, 0);
    expect(served.filter((o) => o === 'repos/get-release-asset')).toHaveLength(files);
    expect(served.filter((o) => o === '(asset storage)')).toHaveLength(files);
    expect(served.filter((o) => MUTATING.has(o))).toEqual([]);
    // No record changed: every card stands as committed.
    expect(await cloned.git('status', '--porcelain', '--untracked-files=no')).toBe('');
    await rm(path.dirname(clone), { recursive: true, force: true });
  }, 120_000);

  it('after a withdrawal, retires the models trained on it: their releases lose their files and say why', async () => {
    await git.commitAll('Pipeline records');
    await git.git('checkout', '-q', '-b', 'withdraw-bo');
    expect((await cli('withdraw', '--root', root, '--handle', 'bo', '--date', '2026-07-01')).code).toBe(0);
    await git.commitAll('Bo withdraws', 'Bo <bo@example.invalid>');
    await git.git('checkout', '-q', 'main');
    await mergeWith('withdraw-bo', 4, ['DEE'], 'bo');
    expect((await cli('verify', '--root', root, '--since', source)).code).toBe(0);
    expect((await cli('pipeline', '--root', root, '--backend', 'wasm')).code).toBe(0);
    const r = await publish(root, ctx, { source: await git.git('rev-parse', 'HEAD'), branch: 'main' });
    expect(r.problems).toEqual([]);
    const cards = await readModelRegistry(root);
    if (!cards.ok) throw new Error('registry');
    const retired = cards.value.cards.filter((c) => c.status === 'retired');
    expect(retired.length).toBeGreaterThan(0);
    for (const card of retired) {
      const rel = gh.releases.find((x) => x.tag_name === releaseTag(card.version))!;
      expect(rel.assets).toEqual([]);
      expect(rel.body).toMatch(/^Retired: trained on writing withdrawn on 2026-07-01|^Retired: fine-tuned from/);
    }
    const again = await publish(root, ctx, { source: await git.git('rev-parse', 'HEAD'), branch: 'main' });
    expect(again.releases.filter((x) => x.outcome === 'retired')).toEqual([]);
  }, 240_000);

  it('refuses, before anything trains, a change that reached main without the board’s quorum', async () => {
    await git.commitAll('Pipeline records');
    const last = await git.git('rev-parse', 'HEAD');
    await writeFile(path.join(root, 'corpus/ana/sneaked.md'), '---\ntitle: Sneaked\ncontributor: ana\nlanguage: en\nform: poem\nscopes: [train-shared]\n---\n\nStraight onto main.\n');
    const sneaked = await git.commitAll('Add a poem straight to main');
    const v = await cli('verify', '--root', root, '--since', last);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`${sneaked.slice(0, 12)}: 0 of 2 approvals for a donation change; it reached main without a pull request`);
    expect(v.stdout).toContain('    corpus/ana/sneaked.md');
  }, 60_000);
});

describe('a release asset that is already there', () => {
  it('replaces a half-finished upload (GitHub answers 422 already_exists), and never re-points a published release', async () => {
    const fake = await new FakeGitHub().start();
    const c = githubFromEnv(fake.env(BOT))!;
    fake.pushMain({ 'README.md': 'x' });
    fake.before.set('repos/upload-release-asset', () => {
      // A 502 on an earlier try left an empty asset of that name behind, unlisted until now.
      fake.before.delete('repos/upload-release-asset');
      fake.releases[0]!.assets.push({ id: fake.id(), name: 'weights.bin', label: null, state: 'open', data: Buffer.alloc(0), contentType: 'application/octet-stream' });
    });
    const spec = { tag: 'model-m-000000000001', name: 'Shared model', body: 'notes', assets: new Map([['weights.bin', Buffer.from('weights')]]), latest: true };
    expect(await syncRelease(c, spec)).toBe('created');
    expect(fake.releases[0]!.assets.map((a) => [a.name, a.data.toString()])).toEqual([['weights.bin', 'weights']]);
    expect(fake.requests.filter((q) => q.operationId === 'repos/delete-release-asset')).toHaveLength(1);
    expect(await syncRelease(c, spec)).toBe('unchanged');
    await expect(syncRelease(c, { ...spec, assets: new Map([['weights.bin', Buffer.from('other weights')]]) })).rejects.toThrow('never replaced');
    await fake.stop();
    expect(fake.violations).toEqual([]);
  });
});
