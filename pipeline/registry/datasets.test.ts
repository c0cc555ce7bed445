import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDatasetStage } from '../dataset/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { DATASETS_DIR, DatasetRegistry } from './datasets.ts';

async function registered() {
  const root = await coop().member('ana').work('ana', 'river').work('ana', 'bread').write();
  await (await GitFixture.init(root)).commitAll('Found the co-op');
  const r = await runDatasetStage(root);
  expect(r.ok, JSON.stringify(r.problems)).toBe(true);
  return { root, id: r.datasets[0]!.id };
}

async function all(root: string) {
  const opened = await DatasetRegistry.open(root);
  if (!opened.ok) throw new Error('the index does not open');
  return opened.value.all();
}

describe('reading every dataset manifest', () => {
  it('gives the same manifests whether they are validated now or were validated by an earlier run', async () => {
    const { root } = await registered();
    const first = await all(root);
    const second = await all(root);
    expect(first.ok && second.ok).toBe(true);
    expect(second).toEqual(first);
  });

  it('validates a manifest again once its file has changed, and reports what is wrong', async () => {
    const { root, id } = await registered();
    expect((await all(root)).ok).toBe(true);
    const file = path.join(root, DATASETS_DIR, `${id}.json`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"kind": "shared"', '"kind": "everyone"'));
    const again = await all(root);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.problems.map((p) => p.file)).toContain(`${DATASETS_DIR}/${id}.json`);
  });
});
