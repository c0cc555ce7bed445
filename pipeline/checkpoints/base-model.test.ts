import { execFile } from 'node:child_process';
import { copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkCoop } from '../check/index.ts';
import type { BaseModel } from '../schemas/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { pinnedFiles, TINY_FILES, TINY_GPT2, tinyBaseModel } from '../testing/tiny-base-model.ts';
import { useBackend } from '../train/backend.ts';
import { BASE_MODELS_ARTIFACTS, fetchBaseModel } from './fetch.ts';
import { loadCheckpoint } from './load.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const record = (source: BaseModel['source'], files?: BaseModel['files']) => tinyBaseModel({ source, ...(files ? { files } : {}) });

describe('base models as governance records', () => {
  it('passes check when an accepted decision adopted the record, and fetches its files from a folder, each sha256 checked, into a loadable checkpoint', async () => {
    const root = await coop()
      .baseModel('tiny', await record({ path: TINY_GPT2 }))
      .write();
    const check = await checkCoop(root);
    expect(check.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const rec = check.coop.baseModels.get('tiny')!;
    const r = await fetchBaseModel(root, 'tiny', rec);
    expect(r.fetched.sort()).toEqual([...TINY_FILES].sort());
    expect(r.dir).toBe(path.join(root, BASE_MODELS_ARTIFACTS, 'tiny'));
    await useBackend('wasm');
    const { model } = await loadCheckpoint(r.dir);
    expect(model.family).toBe('gpt2');
    for (const v of model.weights.values()) v.dispose();
    // A second fetch keeps what is already there and right.
    expect((await fetchBaseModel(root, 'tiny', rec)).kept.sort()).toEqual([...TINY_FILES].sort());
  });

  it('refuses a record the board did not adopt as it stands, naming the file', async () => {
    const root = await coop()
      .baseModel('tiny', await record({ path: TINY_GPT2 }))
      .write();
    const file = path.join(root, 'governance/base-models/tiny.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('licence: Apache-2.0', 'licence: MIT'));
    const check = await checkCoop(root);
    expect(check.problems.find((p) => p.code === 'governance/not-adopted')?.file).toBe('governance/base-models/tiny.yaml');
  });

  it('refuses a fetched file whose sha256 differs from the pinned one, naming the record and the file, and keeps nothing of it', async () => {
    const files = (await pinnedFiles()).map((f) => (f.path === 'model.safetensors' ? { ...f, sha256: '0'.repeat(64) } : f));
    const root = await coop()
      .baseModel('tiny', await record({ path: TINY_GPT2 }, files))
      .write();
    const check = await checkCoop(root);
    await expect(fetchBaseModel(root, 'tiny', check.coop.baseModels.get('tiny')!)).rejects.toThrow(
      /^governance\/base-models\/tiny\.yaml: model\.safetensors from the source has sha256 [0-9a-f]{64}, not the 0{64} the record pins/,
    );
    expect(await readdir(path.join(root, BASE_MODELS_ARTIFACTS, 'tiny'))).not.toContain('model.safetensors');
  });

  it('takes only regular files from a source folder, and replaces a symlink left where a file goes', async () => {
    const source = await mkdtemp(path.join(tmpdir(), 'linked-source-'));
    for (const name of TINY_FILES) await copyFile(path.join(TINY_GPT2, name), path.join(source, name));
    await rm(path.join(source, 'config.json'));
    await symlink(path.join(TINY_GPT2, 'config.json'), path.join(source, 'config.json'));
    const root = await coop()
      .baseModel('tiny', await record({ path: source }))
      .write();
    const rec = (await checkCoop(root)).coop.baseModels.get('tiny')!;
    await expect(fetchBaseModel(root, 'tiny', rec)).rejects.toThrow(/^governance\/base-models\/tiny\.yaml: config\.json in .* \(source\.path\) is a symlink; fetch-base takes only regular files/);

    // From a clean source, a symlink already at the target (even to the right bytes) is not kept but replaced by the file.
    const clean = await coop()
      .baseModel('tiny', await record({ path: TINY_GPT2 }))
      .write();
    const dir = path.join(clean, BASE_MODELS_ARTIFACTS, 'tiny');
    await mkdir(dir, { recursive: true });
    await symlink(path.join(TINY_GPT2, 'config.json'), path.join(dir, 'config.json'));
    const r = await fetchBaseModel(clean, 'tiny', (await checkCoop(clean)).coop.baseModels.get('tiny')!);
    expect(r.fetched).toContain('config.json');
    expect((await lstat(path.join(dir, 'config.json'))).isFile()).toBe(true);
  });

  it('fetches from a URL, and says which file the server did not have', async () => {
    const server = createServer(async (req, res) => {
      const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/models\/tiny\//, ''));
      if (!TINY_FILES.includes(name) || name === 'tokenizer_config.json') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(await readFile(path.join(TINY_GPT2, name)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/tiny/`;
      const rec = await record({ url: 'https://example.org/placeholder/' });
      const root = await coop().write();
      const loaded = { file: 'governance/base-models/tiny.yaml', value: { ...rec, source: { url: base } }, lineOf: () => undefined };
      const fewer = { ...loaded, value: { ...loaded.value, files: loaded.value.files.filter((f) => f.path !== 'tokenizer_config.json') } };
      expect((await fetchBaseModel(root, 'tiny', fewer)).fetched.sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
      await expect(fetchBaseModel(root, 'tiny', loaded)).rejects.toThrow(/tiny\.yaml: .*answered 404 for tokenizer_config\.json/);
    } finally {
      server.close();
    }
  });

  it('refuses a decision that affects a base model with no record', async () => {
    const root = await coop()
      .decision('0002-adopt-ghost', { affects: ['base-model:ghost'] })
      .write();
    const check = await checkCoop(root);
    expect(check.problems.find((p) => p.code === 'decision/unknown-base-model')?.message).toContain('governance/base-models/ghost.yaml does not exist');
  });

  it('fetch-base fetches through the CLI, and exits 1 with the record named when a file differs', async () => {
    const ok = await coop()
      .baseModel('tiny', await record({ path: TINY_GPT2 }))
      .write();
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [BIN, 'fetch-base', '--root', ok]);
    expect(stdout).toContain('tiny: 4 fetched, 0 already there, every sha256 as pinned');
    const files = (await pinnedFiles()).map((f) => (f.path === 'config.json' ? { ...f, sha256: 'f'.repeat(64) } : f));
    const bad = await coop()
      .baseModel('tiny', await record({ path: TINY_GPT2 }, files))
      .write();
    const failed = await run(process.execPath, [BIN, 'fetch-base', 'tiny', '--root', bad]).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/governance\/base-models\/tiny\.yaml: config\.json from the source has sha256/);
  });
});
