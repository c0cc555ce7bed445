import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDatasetStage } from '../../dataset/index.ts';
import { loadCoop } from '../../records/load-coop.ts';
import { coop } from '../../testing/coop-builder.ts';
import { loadSiteView } from '../load.ts';
import { lookupIndex } from './lookup.ts';

describe('the "Am I in it?" index', () => {
  it('names writers only as their agreement allows, and a withdrawn work by its fingerprint, date and datasets alone', async () => {
    const b = coop().member('ana').member('zed').work('ana', 'river', { title: 'The River Ana Wrote' }).work('zed', 'secret', { title: 'A Title Zed Keeps Private' });
    b.agreements.get('zed')!.publicName = { display: 'anonymous' };
    const root = await b.write();
    expect((await runDatasetStage(root)).ok).toBe(true);
    const zedHash = (await loadCoop(root)).coop.works.find((w) => w.handle === 'zed')!.hash;
    // zed withdraws the work: the file goes, the record stays.
    await rm(path.join(root, 'corpus/zed/secret.md'));
    await mkdir(path.join(root, 'governance/withdrawals'), { recursive: true });
    await writeFile(path.join(root, 'governance/withdrawals/zed.yaml'), `schemaVersion: 1\nhandle: zed\nworks:\n  - hash: ${zedHash}\n    withdrawn: '2026-06-01'\n`);
    expect((await runDatasetStage(root)).ok).toBe(true);

    const index = lookupIndex(await loadSiteView(root, '2026-06-02'));
    const json = JSON.stringify(index);
    expect(json).not.toContain('A Title Zed Keeps Private');
    expect(json).not.toContain('"zed"');
    expect(index.works.map((w) => w.c)).toEqual(['Writer ana']);
    expect(index.works.some((w) => w.h === zedHash)).toBe(false);
    expect(index.withdrawn).toEqual([expect.objectContaining({ h: zedHash, tf: null, w: '2026-06-01', c: null })]);
    expect(index.withdrawn[0]!.d.map((i) => index.datasets[i]!.id)).toContain(index.datasets[0]!.id);
  });
});
