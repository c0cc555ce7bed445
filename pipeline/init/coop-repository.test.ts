/**
 * A co-op of its own, as a new user gets it: `npm pack` this project, `init` a
 * co-op in a temporary folder depending on that tarball, install it there, and
 * run the co-op's own npm scripts from inside it; then the site from elsewhere.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, TOOL } from '../project.ts';
import { GitFixture } from '../testing/git-fixture.ts';

const exec = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function run(cmd: string, args: string[], cwd: string, timeout = 300_000): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(cmd, args, {
      cwd,
      timeout,
      maxBuffer: 1 << 26,
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
  }
}

let coop: string;
let tarball: string;

beforeAll(async () => {
  const work = await mkdtemp(path.join(tmpdir(), 'coop-repo-'));
  const packed = await run(NPM, ['pack', '--pack-destination', work, '--json'], PROJECT_ROOT);
  if (packed.code !== 0) throw new Error(packed.stderr);
  tarball = path.join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);
  coop = path.join(work, 'tide-writers');
  const made = await run(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'pipeline/cli/bin.js'),
      'init',
      '--root',
      coop,
      '--name',
      'Tide Writers',
      '--founder',
      'mo',
      '--founder-name',
      'Mo Field',
      '--repository',
      'https://github.com/tide-writers/archive',
      '--contact',
      'board@tide.example',
      '--tool',
      tarball,
    ],
    work,
  );
  if (made.code !== 0) throw new Error(made.stdout + made.stderr);
  const installed = await run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline'], coop, 600_000);
  if (installed.code !== 0) throw new Error(installed.stderr);
  // The co-op's first decision adopts a tiny training profile, so the pipeline takes seconds.
  const policy = path.join(coop, 'governance/policy.yaml');
  const text = await readFile(policy, 'utf8');
  const tiny = text.replace(
    /( {2}profiles:\n {4}cpu:\n)(?: {6}.*\n)+?( {4}gpu:)/,
    '$1      layers: 1\n      dModel: 16\n      heads: 2\n      context: 16\n      batch: 4\n      steps: 20\n      allotmentSteps: 5\n      learningRate: 0.01\n      warmupSteps: 2\n      weightDecay: 0.01\n      clipNorm: 1\n      seed: 7\n$2',
  );
  if (tiny === text) throw new Error('could not set the tiny profile');
  await writeFile(policy, tiny);
  const adopted = await run('npx', [TOOL, 'adopt', '--decision', '0001', 'governance/policy.yaml'], coop);
  if (adopted.code !== 0) throw new Error(adopted.stdout + adopted.stderr);
  await writeFile(
    path.join(coop, 'governance/agreements/ana.yaml'),
    'handle: ana\npublicName: { display: name, name: Ana Reyes }\nagreementVersion: "1.0"\nsigned: 2026-03-01\nsignature: Ana Reyes\nscopes: [train-shared, train-own, display-full]\n',
  );
  await mkdir(path.join(coop, 'corpus/ana'));
  for (const [slug, body] of [
    ['tide', 'The tide came in over the causeway\nand we stayed one more night.\n'],
    ['salt', 'Salt on the window, salt in the bread,\nsalt in everything she said.\n'],
    ['ferry', 'The ferry horn at six, and the gulls\nargue it back across the water.\n'],
  ]) {
    await writeFile(path.join(coop, 'corpus/ana', `${slug}.md`), `---\ntitle: ${slug}\ncontributor: ana\nlanguage: en\nform: poem\nscopes: [train-shared, train-own, display-full]\n---\n\n${body}`);
  }
  const git = await GitFixture.init(coop);
  await git.commitAll('Found the co-op');
}, 900_000);

describe('a co-op made by init', () => {
  it('is a complete repository: package.json pinning Commonplace, README, workflows, forms, guides and its records', async () => {
    const pkg = JSON.parse(await readFile(path.join(coop, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.dependencies[TOOL]).toBe(`file:${tarball}`);
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['pipeline', 'check', 'test']));
    expect(await readFile(path.join(coop, 'README.md'), 'utf8')).toMatch(/^# Tide Writers\n[\s\S]*https:\/\/tide-writers\.github\.io\/archive\/[\s\S]*board@tide\.example/);
    expect(await readdir(path.join(coop, '.github/workflows'))).toEqual(expect.arrayContaining(['check.yml', 'pipeline.yml']));
    expect(await readdir(path.join(coop, '.github/ISSUE_TEMPLATE'))).toContain('donate-a-work.yml');
    expect(await readdir(path.join(coop, 'docs'))).toEqual(['contributing.md', 'governance.md']);
    expect(await readFile(path.join(coop, '.gitignore'), 'utf8')).toContain('node_modules/');
    const info = await readFile(path.join(coop, 'governance/coop.yaml'), 'utf8');
    expect(info).toContain('repository: "https://github.com/tide-writers/archive"');
    expect(info).toContain('siteUrl: "https://tide-writers.github.io/archive/"');
    expect(info).toContain('contact: "board@tide.example"');
    expect(JSON.parse(await readFile(path.join(coop, '.commonplace/managed.json'), 'utf8'))).toMatchObject({ tool: `${TOOL}@0.1.0` });
  });

  it('runs check and the whole pipeline from inside, with its own npm scripts and its installed copy', async () => {
    const check = await run(NPM, ['run', 'check'], coop);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const pipeline = await run(NPM, ['run', 'pipeline', '--', '--backend', 'wasm'], coop, 600_000);
    expect(pipeline.code, pipeline.stdout + pipeline.stderr).toBe(0);
    expect(pipeline.stdout).toMatch(/m-[0-9a-f]{12} {2}shared .* current {2}trained/);
    const home = await readFile(path.join(coop, 'dist/site/index.html'), 'utf8');
    expect(home).toContain('Tide Writers');
    expect(await readdir(path.join(coop, 'dist/site/models'))).not.toEqual([]);
  }, 600_000);

  it('builds its site with the current folder anywhere else, and from this project with --root', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'elsewhere-')), 'site');
    const installedBin = path.join(coop, 'node_modules', TOOL, 'pipeline/cli/bin.js');
    const site = await run(process.execPath, [installedBin, 'site', '--root', coop, '--out', out], tmpdir(), 600_000);
    expect(site.code, site.stdout + site.stderr).toBe(0);
    expect(await readFile(path.join(out, 'governance/index.html'), 'utf8')).toContain('Tide Writers');
    const fromProject = await run(process.execPath, [path.join(PROJECT_ROOT, 'pipeline/cli/bin.js'), 'check', '--root', coop], tmpdir());
    expect(fromProject.code, fromProject.stdout).toBe(0);
  }, 600_000);
});
