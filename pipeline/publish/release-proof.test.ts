/**
 * The proof a release carries, end to end on the offline GitHub (every request and response checked
 * against GitHub's description): a co-op trains and publishes, its release is downloaded through the
 * same client code training restores with, and `verify-release` checks the folder offline. Each link
 * of the chain, tampered with, fails naming its file.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadAsset, githubFromEnv, publishedAssets, syncRelease, type GitHubContext } from '../github/index.ts';
import { sha256 } from '../hash/index.ts';
import { readModelRegistry } from '../registry/index.ts';
import { type DatasetManifest, MODEL_RELEASE_PREDICATE, ModelReleaseStatement, type ModelCard, validateRecord } from '../schemas/index.ts';
import { FakeGitHub } from '../testing/fake-github/server.ts';
import { runStages, tinyCoop } from '../testing/run-stages.ts';
import { readReleaseFolder } from './read-release.ts';
import { publish, releaseTag } from './run.ts';
import { STATEMENT_ASSET } from './statement.ts';
import { verifyRelease } from './verify-release.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const BOT = { login: 'commonplace-bot[bot]', id: 5000, type: 'Bot' as const };
const MUTATING = new Set(['repos/create-release', 'repos/update-release', 'repos/upload-release-asset', 'repos/delete-release-asset', 'repos/delete-release']);

let root: string;
let gh: FakeGitHub;
let ctx: GitHubContext;
let source: string;
let shared: ModelCard;
let attestDir: string;
/** The shared model's release as downloaded, kept pristine; each test tampers with a copy. */
let downloaded: string;
const temporary: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, GITHUB_TOKEN: '' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A release's files, downloaded into a new folder as `gh release download` would. */
async function download(tag: string): Promise<string> {
  const dir = await tempDir('commonplace-release-');
  for (const a of (await publishedAssets(ctx, tag)) ?? []) await writeFile(path.join(dir, a.name), await downloadAsset(ctx, a.id));
  return dir;
}

/** A copy of the downloaded release, changed by `tamper`, and what verify-release says of it. */
async function tampered(tamper: (dir: string) => Promise<void>) {
  const dir = await tempDir('commonplace-tampered-');
  await cp(downloaded, dir, { recursive: true });
  await tamper(dir);
  return verifyRelease(await readReleaseFolder(dir));
}

const readJson = async <T>(dir: string, name: string) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as T;
const writeJson = (dir: string, name: string, value: unknown) => writeFile(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
const failedFiles = (v: ReturnType<typeof verifyRelease>) => [...new Set(v.checks.filter((c) => !c.ok).map((c) => c.file))].sort();

beforeAll(async () => {
  const made = await tinyCoop();
  root = made.root;
  // Cy's work arrives through a pull request that two members approved.
  await made.git.git('checkout', '-q', '-b', 'donate-cy');
  await writeFile(
    path.join(root, 'governance/agreements/cy.yaml'),
    'handle: cy\npublicName: { display: name, name: Cy }\nagreementVersion: "1.0"\nsigned: 2026-02-01\nsignature: Cy\nscopes: [train-shared, display-full]\n',
  );
  await mkdir(path.join(root, 'corpus/cy'));
  await writeFile(
    path.join(root, 'corpus/cy/harbour.md'),
    '---\ntitle: Harbour\ncontributor: cy\nlanguage: en\nform: poem\nscopes: [train-shared, display-full]\n---\n\nThe boats come home with their lights on\nand the harbour counts them in.\n',
  );
  await made.git.commitAll('Donate Harbour', 'Cy <cy@example.invalid>');
  await made.git.git('checkout', '-q', 'main');
  await made.git.merge('donate-cy', 'Merge pull request #4 from cy/donate-cy\n\nApproved-by: Ana <ana@example.invalid>\nApproved-by: Bo <bo@example.invalid>');
  await runStages(root);
  source = await made.git.git('rev-parse', 'HEAD');
  gh = await new FakeGitHub().start();
  gh.pushMain({ 'README.md': 'The co-op.\n' }, 'Found');
  ctx = githubFromEnv(gh.env(BOT))!;
  attestDir = await tempDir('commonplace-attest-');
  const r = await publish(root, ctx, { source, branch: 'main', attestDir });
  expect(r.problems).toEqual([]);
  const cards = await readModelRegistry(root);
  if (!cards.ok) throw new Error('registry');
  shared = cards.value.cards.find((c) => c.kind === 'shared' && c.weights.published)!;
  expect(shared).toBeDefined();
  downloaded = await download(releaseTag(shared.version));
}, 240_000);

afterAll(async () => {
  await gh?.stop();
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
  expect(gh.violations).toEqual([]);
});

describe('the statement a release carries', () => {
  it('is an in-toto v1 statement whose subjects are the weight files, each with its sha256 on the card', async () => {
    const raw = await readJson<unknown>(downloaded, STATEMENT_ASSET);
    const read = validateRecord(ModelReleaseStatement, raw, { file: STATEMENT_ASSET });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const s = read.value;
    expect(s._type).toBe('https://in-toto.io/Statement/v1');
    expect(s.predicateType).toBe(MODEL_RELEASE_PREDICATE);
    expect(s.subject).toEqual(shared.weights.files.map((f) => ({ name: path.basename(f.path), digest: { sha256: f.sha256 } })).sort((a, b) => (a.name < b.name ? -1 : 1)));
    expect(s.predicate.repository).toBe(`${gh.owner}/${gh.repo}`);
    expect(s.predicate.sourceCommit).toBe(source);
  });

  it("binds the card and the dataset manifest as the registry holds them, and the export's files", async () => {
    const s = await readJson<ModelReleaseStatement>(downloaded, STATEMENT_ASSET);
    expect(s.predicate.model.card.sha256).toBe(sha256(await readFile(path.join(root, `registry/models/${shared.version}.json`))));
    expect(s.predicate.dataset.id).toBe(shared.dataset);
    expect(s.predicate.dataset.manifest.sha256).toBe(sha256(await readFile(path.join(root, `registry/datasets/${shared.dataset}.json`))));
    expect(s.predicate.dataset.files.map((f) => f.name)).toEqual(['dataset-card.md', 'datasheet.md', 'train.jsonl', 'validation.jsonl']);
  });

  it('names each main-line commit that brought works in, with its pull request and approvers, and says plainly which carry none', async () => {
    const s = await readJson<ModelReleaseStatement>(downloaded, STATEMENT_ASSET);
    const manifest = await readJson<DatasetManifest>(downloaded, 'dataset-manifest.json');
    const harbour = manifest.works.find((w) => w.contributor === 'cy')!;
    const founding = manifest.works.filter((w) => w.contributor !== 'cy');
    expect(s.predicate.approvals.merges).toContainEqual({ commit: harbour.provenance!.merge!.commit, pullRequest: 4, approvedBy: ['Ana', 'Bo'], works: [harbour.hash] });
    expect(s.predicate.approvals.merges).toContainEqual({ commit: founding[0]!.provenance!.merge!.commit, approvedBy: [], works: founding.map((w) => w.hash).sort() });
    expect(s.predicate.approvals.merges).toHaveLength(2);
    expect(s.predicate.approvals.unreviewed).toEqual([]);
    expect(s.predicate.approvals.summary).toBe(
      "5 of 5 works reached main through 2 main-line commit(s) on record, 1 of them with recorded approvals. 1 of those commits carry no recorded approval (committed directly, or approved where neither GitHub's reviews nor the merge trailers say so).",
    );
  });

  it('is written, with every file of each new release, where the attestation step reads them', async () => {
    const tag = releaseTag(shared.version);
    expect((await readdir(path.join(attestDir, tag))).sort()).toEqual((await readdir(downloaded)).sort());
    expect(await readFile(path.join(attestDir, tag, STATEMENT_ASSET))).toEqual(await readFile(path.join(downloaded, STATEMENT_ASSET)));
  });

  it('is the same bytes when publish runs again from a later commit: nothing changes and nothing is written to attest', async () => {
    const count = gh.requests.filter((q) => MUTATING.has(q.operationId)).length;
    const again = await tempDir('commonplace-attest-again-');
    const r = await publish(root, ctx, { source: 'f'.repeat(40), branch: 'main', attestDir: again });
    expect(r.problems).toEqual([]);
    expect(r.releases.every((x) => x.outcome === 'unchanged')).toBe(true);
    expect(gh.requests.filter((q) => MUTATING.has(q.operationId)).length).toBe(count);
    expect(await readdir(again)).toEqual([]);
  }, 120_000);
});

describe('verify-release', () => {
  it('passes every check on a release as downloaded, and says how to check its attestation online', async () => {
    const r = await cli('verify-release', downloaded);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/FAILED|not checked/);
    expect(r.stdout).toMatch(/^passed {2}weights\.bin matches the statement/m);
    expect(r.stdout).toMatch(/^passed {2}dataset-manifest\.json its works hash to its content address/m);
    expect(r.stdout).toMatch(/All \d+ checks passed offline\./);
    expect(r.stdout).toContain(`gh attestation verify ${downloaded}/${STATEMENT_ASSET} --repo ${gh.owner}/${gh.repo}`);
  });

  it('fails naming weights.bin when one byte of the weights changed, and exits 1 saying what to do', async () => {
    const v = await tampered(async (dir) => {
      const file = path.join(dir, 'weights.bin');
      const bytes = await readFile(file);
      bytes[0] = bytes[0]! ^ 1;
      await writeFile(file, bytes);
    });
    expect(v.ok).toBe(false);
    expect(failedFiles(v)).toEqual(['weights.bin']);
    expect(v.problems[0]).toMatchObject({ code: 'verify-release/sha256', file: 'weights.bin', hint: expect.stringContaining('download the release again') });

    const dir = await tempDir('commonplace-tampered-cli-');
    await cp(downloaded, dir, { recursive: true });
    await writeFile(path.join(dir, 'weights.bin'), 'not the weights');
    const r = await cli('verify-release', dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED {2}weights\.bin has sha256 [0-9a-f]{12}…, but the statement says/m);
    expect(r.stderr).toContain(path.join(dir, 'weights.bin'));
  });

  it('fails naming card.json when the card was edited', async () => {
    const v = await tampered(async (dir) => {
      const card = await readJson<ModelCard>(dir, 'card.json');
      await writeJson(dir, 'card.json', { ...card, trainer: `${card.trainer} (edited)` });
    });
    expect(failedFiles(v)).toEqual(['card.json']);
    expect(v.problems.map((p) => p.code)).toEqual(['verify-release/sha256']);
  });

  it('fails naming dataset-manifest.json when the manifest was edited', async () => {
    const v = await tampered(async (dir) => {
      const m = await readJson<DatasetManifest>(dir, 'dataset-manifest.json');
      await writeJson(dir, 'dataset-manifest.json', { ...m, works: m.works.slice(1) });
    });
    expect(failedFiles(v)).toEqual(['dataset-manifest.json']);
    expect(v.problems.map((p) => p.code)).toEqual(['verify-release/sha256']);
  });

  it("fails naming dataset-manifest.json when its works were changed and the statement's sha256 forged to match: its content address no longer holds", async () => {
    const v = await tampered(async (dir) => {
      const m = await readJson<DatasetManifest>(dir, 'dataset-manifest.json');
      await writeJson(dir, 'dataset-manifest.json', { ...m, works: m.works.filter((w) => w.contributor !== 'bo') });
      const s = await readJson<ModelReleaseStatement>(dir, STATEMENT_ASSET);
      s.predicate.dataset.manifest.sha256 = sha256(await readFile(path.join(dir, 'dataset-manifest.json')));
      await writeJson(dir, STATEMENT_ASSET, s);
    });
    expect(v.problems.map((p) => [p.code, p.file])).toContainEqual(['verify-release/manifest-content', 'dataset-manifest.json']);
  });

  it('fails naming provenance.intoto.json when the statement claims approvals the manifest does not hold', async () => {
    const v = await tampered(async (dir) => {
      const s = await readJson<ModelReleaseStatement>(dir, STATEMENT_ASSET);
      s.predicate.approvals.merges[0]!.approvedBy.push('Mallory');
      await writeJson(dir, STATEMENT_ASSET, s);
    });
    expect(failedFiles(v)).toEqual([STATEMENT_ASSET]);
    expect(v.problems.map((p) => p.code)).toEqual(['verify-release/approvals']);
  });

  it("fails naming the card when it names another dataset than the manifest's, both sha256 forged to match", async () => {
    const v = await tampered(async (dir) => {
      const card = await readJson<ModelCard>(dir, 'card.json');
      await writeJson(dir, 'card.json', { ...card, dataset: '0123456789abcdef' });
      const s = await readJson<ModelReleaseStatement>(dir, STATEMENT_ASSET);
      s.predicate.model.card.sha256 = sha256(await readFile(path.join(dir, 'card.json')));
      await writeJson(dir, STATEMENT_ASSET, s);
    });
    expect(v.problems.map((p) => [p.code, p.file])).toEqual([['verify-release/card-dataset', 'card.json']]);
  });

  it('fails naming provenance.intoto.json when the statement is missing or not a statement', async () => {
    const missing = await tampered((dir) => rm(path.join(dir, STATEMENT_ASSET)));
    expect(missing.problems.map((p) => [p.code, p.file])).toEqual([['verify-release/no-statement', STATEMENT_ASSET]]);
    const broken = await tampered((dir) => writeFile(path.join(dir, STATEMENT_ASSET), '{"_type":"something else"}'));
    expect(broken.problems.map((p) => [p.code, p.file])).toEqual([['verify-release/bad-statement', STATEMENT_ASSET]]);
  });

  it('fails naming a file the statement names that was not downloaded, and lists files nothing vouches for', async () => {
    const v = await tampered(async (dir) => {
      await rm(path.join(dir, 'train.jsonl'));
      await writeFile(path.join(dir, 'notes.txt'), 'mine\n');
    });
    expect(v.problems.map((p) => [p.code, p.file])).toEqual([['verify-release/missing', 'train.jsonl']]);
    expect(v.unchecked).toEqual(['notes.txt']);
  });
});

describe('a release published before statements existed', () => {
  it('is left as it is, rather than given a statement naming a source commit publish cannot know', async () => {
    const old = { tag: 'model-m-000000000000', name: 'Shared model m-000000000000', body: 'An older model.', latest: false };
    const weights = Buffer.from('older weights\n');
    await syncRelease(ctx, { ...old, assets: new Map([['weights.bin', weights]]) });
    const count = gh.requests.filter((q) => MUTATING.has(q.operationId)).length;
    const assets = new Map([
      ['weights.bin', weights],
      [STATEMENT_ASSET, Buffer.from('{}\n')],
    ]);
    expect(await syncRelease(ctx, { ...old, assets, newOnly: new Set([STATEMENT_ASSET]) })).toBe('unchanged');
    expect(gh.requests.filter((q) => MUTATING.has(q.operationId)).length).toBe(count);
    expect((await publishedAssets(ctx, old.tag))!.map((a) => a.name)).toEqual(['weights.bin']);
  });
});
