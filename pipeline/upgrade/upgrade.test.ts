import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { managedFiles, planInit, MANAGED_MANIFEST, writeInit } from '../init/index.ts';
import { PROJECT_ROOT, TOOL, toolVersion } from '../project.ts';
import { fileDigest } from '../records/digest.ts';
import { planUpgrade } from './plan.ts';
import { upgradeCoop } from './run.ts';

const v = (text: string) => fileDigest(text);

describe('planning an upgrade', () => {
  const recorded = { schemaVersion: 1 as const, tool: `${TOOL}@0.0.9`, files: { a: v('a1'), b: v('b1'), c: v('c1'), d: v('d1'), gone: v('g1'), mine: v('m1') } };
  const current = new Map<string, string | undefined>([
    ['a', 'a1'],
    ['b', 'b-edited'],
    ['c', 'c-edited'],
    ['d', undefined],
    ['gone', 'g1'],
    ['mine', 'm-edited'],
    ['new', undefined],
  ]);
  const next = new Map([
    ['a', 'a2'],
    ['b', 'b1'],
    ['c', 'c2'],
    ['d', 'd2'],
    ['new', 'n1'],
  ]);
  const plan = planUpgrade({ current, recorded, next, tool: `${TOOL}@0.2.0` });
  const action = Object.fromEntries(plan.report.map((r) => [r.file, r.action]));

  it('replaces what the co-op never edited and adds what is new', () => {
    expect([action.a, action.new]).toEqual(['updated', 'added']);
    expect([plan.write.get('a'), plan.write.get('new')]).toEqual(['a2', 'n1']);
  });
  it('keeps the co-op’s edits: as they are when this version changes nothing, with the new version beside them when it does', () => {
    expect([action.b, action.c]).toEqual(['kept-yours', 'conflict']);
    expect(plan.write.has('b')).toBe(false);
    expect(plan.write.has('c')).toBe(false);
    expect(plan.write.get('c.new')).toBe('c2');
  });
  it('does not bring back a file the co-op deleted, and lets go of files this version dropped', () => {
    expect([action.d, action.gone, action.mine]).toEqual(['kept-deleted', 'removed', 'unmanaged']);
    expect(plan.remove).toEqual(['gone']);
    expect(Object.keys(plan.manifest.files).sort()).toEqual(['a', 'b', 'c', 'd', 'new']);
    expect(plan.manifest.files.b).toBe(v('b1'));
  });
});

describe('upgrading a co-op made by an older version', () => {
  it('updates its untouched workflows, keeps a local edit, and records the new version', async () => {
    const root = path.join(await mkdtemp(path.join(tmpdir(), 'old-coop-')), 'coop');
    await writeInit(root, await planInit({ metaphor: 'garden', name: 'Old Co-op', founder: 'mo', founderName: 'Mo', date: '2026-01-01', toolSpec: '0.0.9' }));
    // What an older version wrote: other workflow and form texts, recorded in its manifest.
    const older = new Map<string, string>([...(await managedFiles())].map(([rel, text]) => [rel, `${text}\n# as commonplace-coop 0.0.9 wrote it\n`]));
    for (const [rel, text] of older) await writeFile(path.join(root, rel), text);
    await writeFile(path.join(root, MANAGED_MANIFEST), JSON.stringify({ schemaVersion: 1, tool: `${TOOL}@0.0.9`, files: Object.fromEntries([...older].map(([rel, t]) => [rel, v(t)])) }));
    // The co-op's own edit to its donation form.
    const form = path.join(root, '.github/ISSUE_TEMPLATE/donate-a-work.yml');
    await writeFile(form, `${await readFile(form, 'utf8')}# our own note\n`);
    const result = await upgradeCoop(root);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(await readFile(path.join(root, '.github/workflows/check.yml'), 'utf8')).toBe(await readFile(path.join(PROJECT_ROOT, 'pipeline/init/templates/repo/github/workflows/check.yml'), 'utf8'));
    expect(await readFile(form, 'utf8')).toContain('# our own note');
    expect(await readFile(`${form}.new`, 'utf8')).not.toContain('# our own note');
    expect(result.plan.report.find((r) => r.file === '.github/ISSUE_TEMPLATE/donate-a-work.yml')?.action).toBe('conflict');
    expect(JSON.parse(await readFile(path.join(root, MANAGED_MANIFEST), 'utf8'))).toMatchObject({ tool: `${TOOL}@${toolVersion()}` });
    const again = await upgradeCoop(root);
    if (!again.ok) throw new Error('second upgrade failed');
    expect(again.plan.report.filter((r) => r.action !== 'unchanged').map((r) => [r.file, r.action])).toEqual([['.github/ISSUE_TEMPLATE/donate-a-work.yml', 'kept-yours']]);
    await rm(path.dirname(root), { recursive: true, force: true });
  });

  it('keeps this project’s own .github in step with what every co-op gets', async () => {
    for (const [rel, text] of await managedFiles()) {
      if (!rel.startsWith('.github/')) continue;
      expect(await readFile(path.join(PROJECT_ROOT, rel), 'utf8'), rel).toBe(text);
    }
  });
});
