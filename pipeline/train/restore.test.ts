/**
 * Where published weights come back from before anything retrains: a model's
 * Release on the offline GitHub (every request and response checked against
 * GitHub's description), a web address, a folder. What is not the card's
 * restores nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { githubFromEnv, releaseTag, syncRelease, type GitHubContext } from '../github/index.ts';
import { sha256 } from '../hash/index.ts';
import { FakeGitHub } from '../testing/fake-github/server.ts';
import { releasesSource, restoreFrom, urlSource } from './restore.ts';

const BOT = { login: 'commonplace-bot[bot]', id: 5000, type: 'Bot' as const };
const WEIGHTS = Buffer.from('weights of the shared model\n');
const TOKENIZER = Buffer.from('{"vocab":"abc"}\n');
const card = {
  version: 'm-0123456789ab',
  weights: {
    files: [
      { path: 'artifacts/models/m-0123456789ab/weights.bin', sha256: sha256(WEIGHTS) },
      { path: 'artifacts/models/m-0123456789ab/tokenizer.json', sha256: sha256(TOKENIZER) },
    ],
  },
} as Parameters<typeof restoreFrom>[2];

let gh: FakeGitHub;
let ctx: GitHubContext;
let root: string;

beforeEach(async () => {
  gh = await new FakeGitHub().start();
  gh.pushMain({ 'README.md': 'A co-op.\n' }, 'Found');
  ctx = githubFromEnv(gh.env(BOT))!;
  root = await mkdtemp(path.join(tmpdir(), 'restore-'));
});

afterEach(async () => {
  await gh.stop();
  await rm(root, { recursive: true, force: true });
  expect(gh.violations).toEqual([]);
});

async function release(assets: Record<string, Buffer>) {
  await syncRelease(ctx, { tag: releaseTag(card.version), name: card.version, body: 'A model.', assets: new Map(Object.entries(assets)), latest: true });
}

const restored = async () => Promise.all(card.weights.files.map((f) => readFile(path.join(root, f.path)).catch(() => undefined)));

describe('restoring published weights', () => {
  it("downloads a model's files from its Release through the API and its storage redirect, each the card's", async () => {
    await release({ 'weights.bin': WEIGHTS, 'tokenizer.json': TOKENIZER, 'card.json': Buffer.from('{}') });
    expect(await restoreFrom(releasesSource(ctx), root, card)).toBeUndefined();
    expect(await restored()).toEqual([WEIGHTS, TOKENIZER]);
    expect(gh.requests.filter((q) => q.operationId === 'repos/get-release-asset')).toHaveLength(2);
    expect(gh.requests.filter((q) => q.operationId === '(asset storage)')).toHaveLength(2);
  });

  it("takes nothing from a Release whose file is not the card's, and never downloads it", async () => {
    await release({ 'weights.bin': Buffer.from('other weights\n'), 'tokenizer.json': TOKENIZER });
    const why = await restoreFrom(releasesSource(ctx), root, card);
    expect(why).toBe(`weights.bin in the release model-${card.version} is not the published file (its sha256 is not the card's)`);
    expect(await restored()).toEqual([undefined, undefined]);
    expect(gh.requests.filter((q) => q.operationId === '(asset storage)')).toHaveLength(0);
  });

  it('takes nothing when the download is not what GitHub’s digest said, nor from a draft, nor a release missing a file', async () => {
    await release({ 'weights.bin': WEIGHTS, 'tokenizer.json': TOKENIZER });
    // The bytes change in storage after the listing (a digest that no longer holds).
    const asset = gh.releases[0]!.assets.find((a) => a.name === 'weights.bin')!;
    gh.before.set('repos/get-release-asset', () => {
      asset.data = Buffer.from('changed in storage\n');
    });
    expect(await restoreFrom(releasesSource(ctx), root, card)).toBe("weights.bin from the Releases of tide-writers/archive is not the published file (its sha256 is not the card's)");
    expect(await restored()).toEqual([undefined, undefined]);
    gh.before.delete('repos/get-release-asset');
    asset.data = WEIGHTS;
    gh.releases[0]!.draft = true;
    expect(await restoreFrom(releasesSource(ctx), root, card)).toBe(`there is no published release model-${card.version}`);
    gh.releases[0]!.draft = false;
    gh.releases[0]!.assets = gh.releases[0]!.assets.filter((a) => a.name !== 'tokenizer.json');
    expect(await restoreFrom(releasesSource(ctx), root, card)).toBe(`the release model-${card.version} has no tokenizer.json`);
    expect(await restored()).toEqual([undefined, undefined]);
  });

  it('says why when GitHub cannot be read, and restores nothing', async () => {
    const refused = githubFromEnv({ ...gh.env(BOT), GITHUB_TOKEN: 'not-a-token' })!;
    const why = await restoreFrom(releasesSource(refused), root, card);
    expect(why).toMatch(/^the release model-m-0123456789ab could not be read \(/);
    expect(await restored()).toEqual([undefined, undefined]);
  });

  describe('from a web address', () => {
    let server: Server;
    let served: Record<string, Buffer>;
    let base: string;
    beforeEach(async () => {
      served = {};
      server = createServer((req, res) => {
        const body = served[req.url ?? ''];
        res.writeHead(body ? 200 : 404).end(body ?? '');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/weights`;
    });
    afterEach(() => new Promise<void>((r) => server.close(() => r())));

    it("takes URL/<version>/<file> when every file is the card's, and nothing otherwise", async () => {
      served[`/weights/${card.version}/weights.bin`] = WEIGHTS;
      expect(await restoreFrom(urlSource(base), root, card)).toBe(`${base}/${card.version}/tokenizer.json answered 404`);
      expect(await restored()).toEqual([undefined, undefined]);
      served[`/weights/${card.version}/tokenizer.json`] = Buffer.from('not the tokenizer');
      expect(await restoreFrom(urlSource(base), root, card)).toBe(`tokenizer.json from ${base} is not the published file (its sha256 is not the card's)`);
      expect(await restored()).toEqual([undefined, undefined]);
      served[`/weights/${card.version}/tokenizer.json`] = TOKENIZER;
      expect(await restoreFrom(urlSource(`${base}/`), root, card)).toBeUndefined();
      expect(await restored()).toEqual([WEIGHTS, TOKENIZER]);
    });
  });
});
