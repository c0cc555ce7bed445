import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { runDatasetStage } from './stage.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const exportTo = (root: string, out: string) =>
  promisify(execFile)(process.execPath, [BIN, 'export', '--root', root, '--out', out]).then(
    () => 0,
    (e: { code: number }) => e.code,
  );

describe('commonplace export', () => {
  it('round-trips: every line is a registered work whose text hashes to its id, with only the metadata consent allows', async () => {
    const root = await coop()
      .member('ana')
      .work('ana', 'river', { body: 'The *river*\nkeeps.\n' })
      .work('ana', 'salt', { licence: 'CC-BY-4.0' })
      .member('quiet', { publicName: { display: 'anonymous', name: undefined }, scopes: ['train-shared'] })
      .work('quiet', 'snow')
      .work('quiet', 'frost')
      .write();
    await (await GitFixture.init(root)).commitAll('Found');
    const built = await runDatasetStage(root);
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'export-')), 'out');
    expect(await exportTo(root, out)).toBe(0);

    const lines = ['train', 'validation'].flatMap((split) =>
      readFile(path.join(out, `data/${split}.jsonl`), 'utf8').then((t) =>
        t
          .trim()
          .split('\n')
          .map((l) => ({ split, ...JSON.parse(l) })),
      ),
    );
    const rows = (await Promise.all(lines)).flat();
    const shared = built.datasets[0]!;
    expect(rows.map((r) => r.id).sort()).toEqual(shared.works.map((w) => w.hash).sort());
    for (const r of rows) {
      expect(createHash('sha256').update(r.text).digest('hex')).toBe(r.id);
      expect(shared.works.find((w) => w.hash === r.id)?.split).toBe(r.split);
    }
    const river = rows.find((r) => r.text === 'The river\nkeeps.\n');
    expect(river).toMatchObject({ contributor: 'Writer ana', title: 'river', form: 'poem', language: 'en', licence: null });
    expect(rows.find((r) => r.title === 'salt')?.licence).toBe('CC-BY-4.0');
    const anonymous = rows.filter((r) => r.text.includes('quiet'));
    expect(anonymous.map((r) => [r.contributor, r.title])).toEqual([
      [null, null],
      [null, null],
    ]);

    const card = await readFile(path.join(out, 'README.md'), 'utf8');
    const front = parse(card.split('---\n')[1]!);
    expect(front.configs[0].data_files).toEqual([
      { split: 'train', path: 'data/train.jsonl' },
      { split: 'validation', path: 'data/validation.jsonl' },
    ]);
    expect(front.dataset_info.splits.map((s: { num_examples: number }) => s.num_examples).reduce((a: number, b: number) => a + b)).toBe(rows.length);
    const sheet = await readFile(path.join(out, 'datasheet.md'), 'utf8');
    for (const heading of ['Motivation', 'Composition', 'Collection and consent', 'Preprocessing', 'Uses', 'Distribution', 'Maintenance']) expect(sheet).toContain(`## ${heading}`);
    expect(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')).id).toBe(shared.id);
  });

  it('refuses to export a dataset that is not registered yet', async () => {
    const root = await coop().member('ana').work('ana', 'river').work('ana', 'salt').write();
    await (await GitFixture.init(root)).commitAll('Found');
    expect(await exportTo(root, path.join(await mkdtemp(path.join(tmpdir(), 'export-')), 'out'))).toBe(1);
  });
});
