/**
 * The pipeline's output is hostile input: a poisoned one is refused whole,
 * naming the file, and the checkout's registry is left as it was. Main that
 * keeps moving is a refusal that says what to do, never a crash.
 */
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubFromEnv } from '../github/index.ts';
import { PROJECT_ROOT } from '../project.ts';
import { FakeGitHub } from '../testing/fake-github/server.ts';
import { checkOutput, takeInOutput } from './intake.ts';
import { commitRegistry } from './registry-commit.ts';

let work: string;
let output: string;
let checkout: string;
const BOT = { login: 'commonplace-bot[bot]', id: 5000, type: 'Bot' as const };

/** A pipeline output: the demo co-op's registry, and one model file as its card gives it. */
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'commonplace-intake-'));
  output = path.join(work, 'output');
  checkout = path.join(work, 'checkout');
  await cp(path.join(PROJECT_ROOT, 'registry'), path.join(output, 'registry'), { recursive: true });
  await cp(path.join(PROJECT_ROOT, 'registry'), path.join(checkout, 'registry'), { recursive: true });
  const index = JSON.parse(await readFile(path.join(output, 'registry/models/index.json'), 'utf8')) as { models: Array<{ version: string }> };
  const card = JSON.parse(await readFile(path.join(output, `registry/models/${index.models[0]!.version}.json`), 'utf8')) as { weights: { files: Array<{ path: string; sha256: string }> } };
  const file = card.weights.files.find((f) => f.path.endsWith('tokenizer.json'))!;
  // A file whose sha256 is on the card: the demo's own, when present, else refused below by content.
  const demo = await readFile(path.join(PROJECT_ROOT, file.path)).catch(() => undefined);
  if (demo) {
    await mkdir(path.dirname(path.join(output, file.path)), { recursive: true });
    await writeFile(path.join(output, file.path), demo);
  }
  await mkdir(path.join(output, 'dist/site'), { recursive: true });
  await writeFile(path.join(output, 'dist/site/index.html'), '<!doctype html><title>x</title>\n');
});

afterAll(() => rm(work, { recursive: true, force: true }));

/** A copy of the output with one change, checked; the problems' files and messages. */
async function poisoned(change: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(path.join(work, 'poisoned-'));
  await cp(output, dir, { recursive: true });
  await change(dir);
  const r = await checkOutput(dir);
  return r.ok ? [] : r.problems.map((p) => `${p.file}: ${p.message}`);
}

describe('the pipeline output publish takes in', () => {
  it('takes in a clean output: its records, its site', async () => {
    const r = await checkOutput(output);
    expect(r.ok && [...r.value.records.keys()]).toContain('registry/models/index.json');
    expect(r.ok && r.value.site).toEqual(['dist/site/index.html']);
  });

  it('refuses a model card that fails its schema, naming the file', async () => {
    const problems = await poisoned(async (dir) => {
      const index = JSON.parse(await readFile(path.join(dir, 'registry/models/index.json'), 'utf8')) as { models: Array<{ version: string }> };
      const rel = `registry/models/${index.models[0]!.version}.json`;
      const card = JSON.parse(await readFile(path.join(dir, rel), 'utf8'));
      card.status = 'everywhere';
      await writeFile(path.join(dir, rel), JSON.stringify(card));
    });
    expect(problems.join('\n')).toMatch(/^registry\/models\/m-[0-9a-f]{12}\.json: /m);
  });

  it('refuses a model file whose sha256 differs from its card', async () => {
    const problems = await poisoned(async (dir) => {
      const index = JSON.parse(await readFile(path.join(dir, 'registry/models/index.json'), 'utf8')) as { models: Array<{ version: string }> };
      const v = index.models[0]!.version;
      await mkdir(path.join(dir, 'artifacts/models', v), { recursive: true });
      await writeFile(path.join(dir, 'artifacts/models', v, 'weights.bin'), 'not the weights');
    });
    expect(problems).toEqual([expect.stringMatching(/^artifacts\/models\/m-[0-9a-f]{12}\/weights\.bin: does not match the sha256 on its card/)]);
  });

  it('refuses a file no stage writes (node_modules/.bin/x)', async () => {
    const problems = await poisoned(async (dir) => {
      await mkdir(path.join(dir, 'node_modules/.bin'), { recursive: true });
      await writeFile(path.join(dir, 'node_modules/.bin/x'), '#!/bin/sh\n');
    });
    expect(problems).toEqual(['node_modules: is not something the pipeline writes; nothing of the output was taken in']);
  });

  it('refuses a record no index lists', async () => {
    const problems = await poisoned((dir) => writeFile(path.join(dir, 'registry/models/m-000000000000.json'), '{}'));
    expect(problems).toEqual(['registry/models/m-000000000000.json: is not listed in its index (registry/models/index.json), so no loader would read it']);
  });

  it('refuses a link, even one that points outside the folder', async () => {
    const problems = await poisoned(async (dir) => {
      await symlink('/etc/passwd', path.join(dir, 'dist/site/passwd'));
      await symlink('../../..', path.join(dir, 'registry/studies/up'));
    });
    expect(problems).toEqual(['dist/site/passwd: is a symbolic link; only plain files are taken in', 'registry/studies/up: is a symbolic link; only plain files are taken in']);
  });

  it('leaves the checkout’s registry unchanged when it refuses', async () => {
    const dir = await mkdtemp(path.join(work, 'refused-'));
    await cp(output, dir, { recursive: true });
    await writeFile(path.join(dir, 'registry/datasets/index.json'), '{"schemaVersion": 1, "datasets": "all of them"}');
    const before = await readFile(path.join(checkout, 'registry/datasets/index.json'), 'utf8');
    const problems = await takeInOutput(dir, checkout);
    expect(problems.map((p) => p.file)).toContain('registry/datasets/index.json');
    expect(await readFile(path.join(checkout, 'registry/datasets/index.json'), 'utf8')).toBe(before);
    await expect(readFile(path.join(checkout, 'dist/site/index.html'))).rejects.toThrow();
  });
});

describe('main that keeps moving under publish', () => {
  it('is a refusal that says what happened and what to do, not an error thrown', async () => {
    const gh = await new FakeGitHub().start();
    gh.pushMain({ 'README.md': 'x' });
    gh.before.set('git/update-ref', () => gh.pushMain({ 'corpus/cy/new.md': `merged ${Math.random()}\n` }));
    const r = await commitRegistry(githubFromEnv(gh.env(BOT))!, 'main', new Map([['registry/models/index.json', '{}\n']]), 'a'.repeat(40), { attempts: 3 });
    await gh.stop();
    expect(gh.violations).toEqual([]);
    expect(r).toMatchObject({ ok: false, attempts: 3, problems: [{ code: 'publish/main-kept-moving', file: 'main', hint: expect.stringMatching(/run the pipeline again/) }] });
  });
});
