import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkCoop } from '../check/index.ts';
import { runDatasetStage } from '../dataset/index.ts';
import { DatasetRegistry } from '../registry/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { withdrawFor } from '../testing/withdraw.ts';
import { purge } from './run.ts';

const MARKER = 'Purgemarker-31 the kettle sang in a minor key';

/** Every object the repository holds, as raw bytes (git cat-file --batch-all-objects). */
async function allObjects(root: string): Promise<string> {
  const { stdout } = await promisify(execFile)('git', ['cat-file', '--batch-all-objects', '--batch', '--unordered'], { cwd: root, maxBuffer: 1 << 28, encoding: 'latin1' });
  return stdout;
}

async function privateCoopWithAWithdrawal(visibility: 'public' | 'private' = 'private') {
  const root = await coop()
    .visibility(visibility)
    .member('ana', { scopes: ['train-shared', 'display-full'] })
    .work('ana', 'river', { body: 'The river keeps what we drop into it.\n', scopes: ['train-shared', 'display-full'] })
    .decision('0002-purge-zed', { affects: ['member:zed'] })
    .write();
  const git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  await writeFile(
    path.join(root, 'governance/agreements/zed.yaml'),
    'handle: zed\npublicName: { display: anonymous }\nagreementVersion: "1.0"\nsigned: 2026-03-01\nsignature: Z\nscopes: [train-shared, display-full]\n',
  );
  await mkdir(path.join(root, 'corpus/zed'));
  await writeFile(path.join(root, 'corpus/zed/kettle.md'), `---\ntitle: Kettle\ncontributor: zed\nlanguage: en\nform: poem\nscopes: [train-shared, display-full]\n---\n\n${MARKER}.\n`);
  await git.commitAll('Zed donates');
  await writeFile(
    path.join(root, 'corpus/zed/kettle.md'),
    `---\ntitle: Kettle\ncontributor: zed\nlanguage: en\nform: poem\nscopes: [train-shared, display-full]\n---\n\n${MARKER}, and then stopped.\n`,
  );
  await git.commitAll('Zed edits');
  await runDatasetStage(root);
  await git.commitAll('Pipeline');
  await withdrawFor(root, 'zed');
  await git.commitAll('Zed withdraws');
  await runDatasetStage(root);
  await git.commitAll('Pipeline after the withdrawal');
  return { root, git };
}

describe('purge', () => {
  it('rewrites history so that no object in the repository holds the withdrawn text, and keeps the registry valid', async () => {
    const { root } = await privateCoopWithAWithdrawal();
    expect(await allObjects(root)).toContain(MARKER);
    const result = await purge(root, { handle: 'zed', decision: '0002' });
    expect(result).toMatchObject({ ok: true, paths: ['corpus/zed/kettle.md'] });
    expect(await allObjects(root)).not.toContain(MARKER);
    expect((await checkCoop(root)).ok).toBe(true);
    // Every commit the registry names exists in the new history.
    const registry = await DatasetRegistry.open(root);
    if (!registry.ok) throw new Error('registry unreadable');
    const all = await registry.value.all();
    if (!all.ok) throw new Error(JSON.stringify(all.problems));
    const named = new Set(
      all.value.flatMap((d) => d.works.flatMap((w) => [w.provenance?.added?.commit, w.provenance?.lastChanged?.commit, w.provenance?.merge?.commit])).filter((c): c is string => !!c),
    );
    expect(named.size).toBeGreaterThan(0);
    for (const c of named) await expect(new GitFixture(root).git('cat-file', '-e', `${c}^{commit}`)).resolves.toBe('');
    expect((await runDatasetStage(root)).written).toEqual([]);
  }, 120_000);

  it('refuses without an accepted decision about the writer, and in a public co-op unless told', async () => {
    const { root } = await privateCoopWithAWithdrawal();
    expect(await purge(root, { handle: 'zed', decision: '0001' })).toMatchObject({ ok: false, problems: [expect.objectContaining({ code: 'purge/no-decision' })] });
    const pub = await privateCoopWithAWithdrawal('public');
    expect(await purge(pub.root, { handle: 'zed', decision: '0002' })).toMatchObject({ ok: false, problems: [expect.objectContaining({ code: 'purge/public' })] });
    expect(await allObjects(pub.root)).toContain(MARKER);
  }, 120_000);
});
