import { execFile } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { TINY } from '../testing/run-stages.ts';

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Run the real `commonplace` binary; resolve to its exit code and output. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: REPO });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** One member, three works, committed, training at TINY: a shared model and ana's own. */
async function anaCoop(): Promise<string> {
  const root = await coop()
    .withPolicy({ training: { profiles: { cpu: TINY } } })
    .member('ana')
    .work('ana', 'river', { body: 'The river keeps what we drop into it.\n' })
    .work('ana', 'bread', { body: 'Four in the morning, flour to the elbow.\n' })
    .work('ana', 'salt')
    .write();
  await (await GitFixture.init(root)).commitAll('Found');
  return root;
}

describe('the commonplace command', () => {
  it('passes check on the bundled demo co-op, reporting its recorded withdrawal', async () => {
    const { code, stdout } = await run('check');
    expect(code).toBe(0);
    expect(stdout).toMatch(/sam-whitlock withdrew on 2026-09-14: no dataset from now on holds their writing/);
    expect(stdout).toMatch(/^ok: 0 errors, \d+ notices? \(checked \d+ works, \d+ agreements, \d+ decisions, \d+ use cases\)$/m);
  });

  it('exits 1 with a report grouped by file when a co-op has problems', async () => {
    const root = await coop()
      .member('ana', { scopes: ['train-shared'] })
      .work('ana', 'river', { scopes: ['display-full'] })
      .write();
    const { code, stdout } = await run('check', '--root', root);
    expect(code).toBe(1);
    expect(stdout).toContain('corpus/ana/river.md\n  line 7: error: scope "display-full"');
    expect(stdout).toContain('    fix: remove "display-full" from this work');
    expect(stdout).toMatch(/^failed: 1 error, 0 notices/m);
  });

  it('prints the report as JSON with --format json', async () => {
    const root = await coop().work('ana', 'river').write();
    const { code, stdout } = await run('check', '--root', root, '--format', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ ok: false, errors: 1, notices: 0, checked: { works: 1 } });
    expect(report.problems[0]).toMatchObject({ file: 'corpus/ana/river.md', code: 'consent/no-agreement', severity: 'error' });
  });

  it('exits 2 on usage errors, saying what was wrong', async () => {
    expect((await run()).code).toBe(2);
    const unknown = await run('chek');
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown command "chek"')]);
    const flag = await run('check', '--colour');
    expect([flag.code, flag.stderr]).toEqual([2, expect.stringContaining("Unknown option '--colour'")]);
    const format = await run('check', '--format', 'xml');
    expect([format.code, format.stderr]).toEqual([2, expect.stringContaining('--format must be "text" or "json"')]);
    const notCoop = await run('check', '--root', tmpdir());
    expect([notCoop.code, notCoop.stderr]).toEqual([2, expect.stringContaining('is not a co-op repository')]);
  });

  it('shows help with exit 0', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/pipeline\s+The main job/);
    expect((await run('check', '--help')).stdout).toContain('Usage: commonplace-coop check [--root DIR] [--format text|json]');
  });

  it('runs the pipeline end to end: check, datasets, training', async () => {
    const root = await anaCoop();
    const { code, stdout, stderr } = await run('pipeline', '--root', root, '--backend', 'wasm');
    expect(code).toBe(0);
    expect(stderr).toMatch(/\[1\/4\] check[\s\S]*\[2\/4\] dataset[\s\S]*\[3\/4\] train[\s\S]*\[4\/4\] site/);
    expect(stderr).toContain('backend: wasm (asked for wasm)');
    expect(stdout).toMatch(/datasets:\n {2}[0-9a-f]{16} {2}shared, v1 .* written/);
    expect(stdout).toMatch(/models:\n {2}m-[0-9a-f]{12} {2}shared .* current {2}trained/);
    const again = await run('pipeline', '--root', root, '--backend', 'wasm');
    expect(again.stdout).toMatch(/m-[0-9a-f]{12} {2}shared .* current {2}unchanged/);
    // Two whole runs in child processes, each with a real Astro build (about 25 s apiece alone on 2 cores,
    // most of it bundling the try page's TF.js); beside the other test files it ran past the 60 s default.
  }, 240_000);

  it('refuses --weights-from that names no folder, before anything runs', async () => {
    const root = await coop().member('ana').work('ana', 'river').write();
    const { code, stderr } = await run('train', '--root', root, '--weights-from', path.join(root, 'no-such-folder'));
    expect(code).toBe(2);
    expect(stderr).toContain("--weights-from must be github (the models' Releases), a web address (https://…) or a folder of published weights (DIR/<version>/<file>)");
    await expect(access(path.join(root, 'registry'))).rejects.toThrow();
  });

  it('plans the matrix: --plan names the members whose own model is new, as JSON, and --only must name one', async () => {
    const root = await anaCoop();
    expect((await run('dataset', '--root', root)).code).toBe(0);
    const plan = await run('train', '--root', root, '--plan');
    expect([plan.code, JSON.parse(plan.stdout)]).toEqual([0, { members: ['ana'] }]);
    await expect(access(path.join(root, 'registry/models'))).rejects.toThrow();
    const unknown = await run('train', '--root', root, '--only', 'zed');
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('--only zed: no member of that handle has a dataset of their own; the members who do: ana (or shared, or none)')]);
    const bad = await run('train', '--root', root, '--only', 'Not A Handle');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--only must be shared, none or a member\'s handle, not "Not A Handle"')]);
  });

  it('says clearly when the backend asked for is not installed', async () => {
    const root = await coop().member('ana').work('ana', 'river').work('ana', 'salt').write();
    await (await GitFixture.init(root)).commitAll('Found');
    const { code, stderr } = await run('pipeline', '--root', root, '--backend', 'tensorflow-gpu');
    expect(code).toBe(2);
    expect(stderr).toContain('backend "tensorflow-gpu" is not available: @tensorflow/tfjs-node-gpu is not installed');
  });

  it('stops the pipeline on a failing check', async () => {
    const root = await coop().work('ana', 'river').write();
    const { code, stderr } = await run('pipeline', '--root', root);
    expect(code).toBe(1);
    expect(stderr).toContain('stopped: fix the problems above; nothing was written.');
  });

  it.each(['garden', 'library'])('starts a new %s co-op that passes check, without the demo', async (metaphor) => {
    const root = path.join(await mkdtemp(path.join(tmpdir(), 'init-')), 'my-coop');
    const { code, stdout } = await run('init', '--root', root, '--metaphor', metaphor, '--name', 'Tide: Writers # of the estuary', '--founder', 'mo', '--founder-name', 'Mo Field');
    expect(code).toBe(0);
    expect(stdout).toContain('ok: 0 errors');
    const info = await readFile(path.join(root, 'governance/coop.yaml'), 'utf8');
    // A name that YAML would read as a mapping or a comment comes through whole, quoted.
    expect(info).toContain('name: "Tide: Writers # of the estuary"');
    expect(info).toContain('demo: false');
    expect(await readFile(path.join(root, 'governance/charter.md'), 'utf8')).toContain(metaphor === 'garden' ? 'metaphor: community garden' : 'metaphor: lending library');
    expect((await run('check', '--root', root)).code).toBe(0);
  });

  it('withdraws a writer: deletes their texts, records the withdrawal, and the co-op passes check', async () => {
    const root = await coop().member('ana').work('ana', 'river').work('ana', 'salt').member('bo').work('bo', 'tide').write();
    const dry = await run('withdraw', '--root', root, '--handle', 'ana', '--work', 'river', '--dry-run');
    expect([dry.code, dry.stdout]).toEqual([0, expect.stringContaining('would: corpus/ana/river.md: deleted')]);
    await expect(readFile(path.join(root, 'corpus/ana/river.md'), 'utf8')).resolves.toContain('title');
    const one = await run('withdraw', '--root', root, '--handle', 'ana', '--work', 'river', '--date', '2026-05-01');
    expect(one.code).toBe(0);
    await expect(readFile(path.join(root, 'corpus/ana/river.md'), 'utf8')).rejects.toThrow();
    await expect(readFile(path.join(root, 'corpus/ana/salt.md'), 'utf8')).resolves.toContain('title');
    const missing = await run('withdraw', '--root', root, '--handle', 'ana', '--work', 'river');
    expect([missing.code, missing.stdout]).toEqual([1, expect.stringContaining('the works of ana still here: salt')]);
    expect((await run('withdraw', '--root', root, '--handle', 'ana', '--date', '2025-01-01')).code).toBe(1);
    expect((await run('withdraw', '--root', root, '--handle', 'Bad Handle')).code).toBe(2);
    expect((await run('check', '--root', root)).code).toBe(0);
  });

  it('writes nothing when a file init would write is already there', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'init-'));
    await writeFile(path.join(root, 'README.md'), 'our own readme\n');
    const { code, stderr } = await run('init', '--root', root);
    expect([code, stderr]).toEqual([2, expect.stringContaining('already has README.md')]);
    expect(await readdir(root)).toEqual(['README.md']);
  });

  it('refuses to init over an existing co-op', async () => {
    const { code, stderr } = await run('init', '--root', REPO);
    expect(code).toBe(2);
    expect(stderr).toContain('already holds a co-op');
  });
});
