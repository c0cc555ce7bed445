import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetManifest, validateRecord } from '../schemas/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { runDatasetStage } from './stage.ts';
import { withdrawFor } from '../testing/withdraw.ts';

const RIVER = 'The river keeps\nwhat we drop into it.\n\nA second stanza\nof low water.\n';

/** A committed co-op: ana (all scopes), bo (shared only), cy (own only). */
async function committedCoop() {
  const root = await coop()
    .member('ana')
    .work('ana', 'river', { body: RIVER })
    .work('ana', 'bread')
    .member('bo', { scopes: ['train-shared'] })
    .work('bo', 'tide')
    .work('bo', 'salt')
    .member('cy', { scopes: ['train-own', 'display-excerpts'] })
    .work('cy', 'bees')
    .write();
  const git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  return { root, git };
}

async function registryFiles(root: string): Promise<Record<string, string>> {
  const dir = path.join(root, 'registry/datasets');
  const names = await readdir(dir).catch(() => [] as string[]);
  return Object.fromEntries(await Promise.all(names.sort().map(async (n) => [n, await readFile(path.join(dir, n), 'utf8')] as const)));
}

describe('the dataset stage', () => {
  it('builds a shared dataset and one allotment per member who granted train-own, each schema-valid', async () => {
    const { root } = await committedCoop();
    const result = await runDatasetStage(root);
    expect(result.ok).toBe(true);
    const [shared, ...allotments] = result.datasets;
    expect(shared!.works.map((w) => w.path).sort()).toEqual(['corpus/ana/bread.md', 'corpus/ana/river.md', 'corpus/bo/salt.md', 'corpus/bo/tide.md']);
    expect(allotments.map((d) => [d.member, d.works.length])).toEqual([
      ['ana', 2],
      ['cy', 1],
    ]);
    expect(shared!.totals.validation.works).toBe(2);
    for (const [name, text] of Object.entries(await registryFiles(root))) {
      if (name === 'index.json') continue;
      expect(validateRecord(DatasetManifest, JSON.parse(text), { file: name }).ok, name).toBe(true);
    }
  });

  it('gives the same ids and byte-identical manifests in another clone at another path', async () => {
    const { root } = await committedCoop();
    const other = path.join(await mkdtemp(path.join(tmpdir(), 'clone-')), 'elsewhere');
    await new GitFixture(tmpdir()).git('clone', '-q', root, other);
    await runDatasetStage(root);
    await runDatasetStage(other);
    const a = await registryFiles(root);
    expect(Object.keys(a).length).toBe(4);
    expect(await registryFiles(other)).toEqual(a);
  });

  it('writes nothing the second time when nothing changed', async () => {
    const { root } = await committedCoop();
    const first = await runDatasetStage(root);
    const before = await registryFiles(root);
    const second = await runDatasetStage(root);
    expect(second.written).toEqual([]);
    expect(second.unchanged).toEqual(first.written);
    expect(await registryFiles(root)).toEqual(before);
  });

  it('reads provenance from merges and their Reviewed-by/Approved-by trailers', async () => {
    const { root, git } = await committedCoop();
    await git.git('checkout', '-q', '-b', 'donate/ana-dawn');
    await writeFile(path.join(root, 'corpus/ana/dawn.md'), '---\ntitle: Dawn\ncontributor: ana\nlanguage: en\nform: poem\nscopes: [train-shared]\n---\n\nFirst light.\n');
    const donation = await git.commitAll('Donate Dawn', 'Ana Writer <ana@example.invalid>');
    await git.git('checkout', '-q', 'main');
    const merge = await git.merge(
      'donate/ana-dawn',
      'Merge pull request #7 from ana/donate-dawn\n\nDonate Dawn\n\nReviewed-by: Bea Steward <bea@example.invalid>\nApproved-by: Cai Steward <cai@example.invalid>',
    );
    const result = await runDatasetStage(root);
    const dawn = result.datasets[0]!.works.find((w) => w.path === 'corpus/ana/dawn.md')!;
    expect(dawn.provenance).toEqual({
      added: { commit: donation, author: 'Ana Writer', date: expect.stringMatching(/Z$/) },
      lastChanged: { commit: donation, author: 'Ana Writer', date: expect.any(String) },
      merge: { commit: merge, date: expect.any(String), pullRequest: 7, approvedBy: ['Bea Steward', 'Cai Steward'] },
    });
    expect(JSON.stringify(result.datasets)).not.toContain('@example.invalid');
  });

  it('records who approved a merge as GitHub reports it (from verify), beside its trailers', async () => {
    const { root, git } = await committedCoop();
    await git.git('checkout', '-q', '-b', 'donate/ana-dusk');
    await writeFile(path.join(root, 'corpus/ana/dusk.md'), '---\ntitle: Dusk\ncontributor: ana\nlanguage: en\nform: poem\nscopes: [train-shared]\n---\n\nLast light.\n');
    await git.commitAll('Donate Dusk', 'Ana Writer <ana@example.invalid>');
    await git.git('checkout', '-q', 'main');
    const merge = await git.merge('donate/ana-dusk', 'Merge branch donate/ana-dusk');
    const result = await runDatasetStage(root, { approvals: { [merge]: { pullRequest: 12, approvedBy: ['Bea Steward', 'Dee Steward'] } } });
    const dusk = result.datasets[0]!.works.find((w) => w.path === 'corpus/ana/dusk.md')!;
    expect(dusk.provenance?.merge).toEqual({ commit: merge, date: expect.any(String), pullRequest: 12, approvedBy: ['Bea Steward', 'Dee Steward'] });
  });

  it('reports works with uncommitted changes and leaves them out unless allowed', async () => {
    const { root } = await committedCoop();
    await writeFile(path.join(root, 'corpus/bo/tide.md'), (await readFile(path.join(root, 'corpus/bo/tide.md'), 'utf8')).replace('Another line.', 'An edited line.'));
    const strict = await runDatasetStage(root, { dryRun: true });
    expect(strict.problems).toContainEqual(expect.objectContaining({ file: 'corpus/bo/tide.md', code: 'dataset/uncommitted', message: expect.stringContaining('left out') }));
    expect(strict.datasets[0]!.works.map((w) => w.path)).not.toContain('corpus/bo/tide.md');
    const lenient = await runDatasetStage(root, { dryRun: true, allowUncommitted: true });
    expect(lenient.datasets[0]!.works.find((w) => w.path === 'corpus/bo/tide.md')?.provenance).toMatchObject({ uncommitted: true });
  });

  it('leaves a withdrawn writer out, records which datasets held their work, and keeps none of its titles or file names', async () => {
    const { root, git } = await committedCoop();
    const first = await runDatasetStage(root);
    await withdrawFor(root, 'ana');
    await git.commitAll('Ana withdraws');
    const second = await runDatasetStage(root);
    const shared = second.datasets[0]!;
    expect(shared.works.map((w) => w.contributor)).toEqual(['bo', 'bo']);
    expect(shared.previous).toBe(first.datasets[0]!.id);
    expect(shared.version).toBe(2);
    expect(shared.changes.withdrawn).toHaveLength(2);
    expect(shared.changes.withdrawn[0]).toEqual({ contributor: 'ana', hash: expect.any(String), reason: 'agreement-withdrawn', inDatasets: [first.datasets[0]!.id, first.datasets[1]!.id] });
    // Ana's own lineage is closed by an empty version that records the withdrawal.
    expect(second.datasets.map((d) => [d.member, d.works.length])).toEqual([
      [undefined, 2],
      ['ana', 0],
      ['cy', 1],
    ]);
    expect(second.redacted.sort()).toEqual([first.datasets[0]!.id, first.datasets[1]!.id].sort());
    for (const [name, text] of Object.entries(await registryFiles(root))) {
      for (const marker of ['The river keeps', 'river', 'bread']) expect(text, `${name} holds "${marker}"`).not.toContain(marker);
    }
  });

  it('records a withdrawal in a new version even when the works left equal an earlier version', async () => {
    const { root, git } = await committedCoop();
    const v1 = (await runDatasetStage(root)).datasets[0]!;
    await writeFile(
      path.join(root, 'governance/agreements/dan.yaml'),
      'handle: dan\npublicName: { display: name, name: Dan }\nagreementVersion: "1.0"\nsigned: 2026-02-01\nsignature: Dan\nscopes: [train-shared]\n',
    );
    await mkdir(path.join(root, 'corpus/dan'));
    await writeFile(path.join(root, 'corpus/dan/one.md'), '---\ntitle: One\ncontributor: dan\nlanguage: en\nform: poem\nscopes: [train-shared]\n---\n\nOne poem by Dan.\n');
    await git.commitAll('Dan donates');
    const v2 = (await runDatasetStage(root)).datasets[0]!;
    await withdrawFor(root, 'dan');
    await git.commitAll('Dan withdraws');
    const third = await runDatasetStage(root);
    const v3 = third.datasets[0]!;
    expect(v3.content).toBe(v1.content);
    expect(new Set([v1.id, v2.id, v3.id]).size).toBe(3);
    expect(v3).toMatchObject({ version: 3, previous: v2.id });
    expect(v3.changes.withdrawn).toEqual([expect.objectContaining({ contributor: 'dan', reason: 'agreement-withdrawn', inDatasets: [v2.id] })]);
    const index = JSON.parse((await registryFiles(root))['index.json']!) as { datasets: Array<{ id: string }> };
    expect(index.datasets.map((d) => d.id)).toEqual([...new Set(index.datasets.map((d) => d.id))]);
  });

  it('refuses to build when check fails, and writes nothing', async () => {
    const root = await coop().work('ana', 'river').write();
    await GitFixture.init(root).then((g) => g.commitAll('init'));
    const result = await runDatasetStage(root);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ code: 'consent/no-agreement' }));
    expect(await registryFiles(root)).toEqual({});
  });

  it('leaves the previous registry intact when the write is interrupted', async () => {
    const { root, git } = await committedCoop();
    await runDatasetStage(root);
    const before = await registryFiles(root);
    await writeFile(path.join(root, 'corpus/bo/new.md'), '---\ntitle: New\ncontributor: bo\nlanguage: en\nform: poem\nscopes: [train-shared]\n---\n\nNew.\n');
    await git.commitAll('Add new');
    await expect(
      runDatasetStage(root, {
        hooks: {
          beforeRename: (_f, i) => {
            if (i === 1) throw new Error('simulated crash');
          },
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(await registryFiles(root)).toEqual(before);
    expect((await readdir(path.join(root, 'registry/datasets'))).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('builds from a folder that is not a git repository, saying provenance is unknown', async () => {
    const { root } = await committedCoop();
    const copy = await mkdtemp(path.join(tmpdir(), 'nogit-'));
    await cp(path.join(root, 'corpus'), path.join(copy, 'corpus'), { recursive: true });
    await cp(path.join(root, 'governance'), path.join(copy, 'governance'), { recursive: true });
    const result = await runDatasetStage(copy);
    expect(result.problems).toContainEqual(expect.objectContaining({ code: 'dataset/no-git' }));
    expect(result.datasets[0]!.works.every((w) => w.provenance === null)).toBe(true);
  });
});
