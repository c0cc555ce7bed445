import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDatasetStage } from '../dataset/index.ts';
import { ScalingStudy, validateRecord } from '../schemas/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { TINY } from '../testing/run-stages.ts';
import { nestedRuns, parseFractions, readingOf } from './plan.ts';
import { runScalingStudy } from './scaling.ts';

describe('planning a scaling study', () => {
  it('reads fractions, smallest first, and refuses what is not one', () => {
    expect(parseFractions('1, 0.25,0.5')).toEqual([0.25, 0.5, 1]);
    expect(parseFractions('0.5,0')).toMatch(/"0" is not one/);
    expect(parseFractions('0.5,1.5')).toMatch(/"1.5" is not one/);
    expect(parseFractions('0.5,abc')).toMatch(/"abc"/);
    expect(parseFractions('1')).toMatch(/at least two/);
  });

  it('gives each run a prefix of one fixed order, so every run holds the smaller runs’ works', () => {
    const works = Array.from({ length: 20 }, (_, i) => ({ hash: ((i * 7919) % 97).toString(16).padStart(4, '0') }));
    const runs = nestedRuns(works, [0.1, 0.3, 0.5, 1]);
    expect(runs.map((r) => r.works.length)).toEqual([2, 6, 10, 20]);
    for (let i = 1; i < runs.length; i++) for (const w of runs[i - 1]!.works) expect(runs[i]!.works).toContain(w);
    // The order does not depend on the order the works came in.
    expect(nestedRuns([...works].reverse(), [0.3])[0]!.works).toEqual(runs[1]!.works);
  });

  it('reads the curve in words', () => {
    const run = (characters: number, bitsPerChar: number) => ({ characters, validation: { bitsPerChar } });
    const text = readingOf([run(10_000, 3.4), run(20_000, 3.0), run(40_000, 2.8)], 4.3);
    expect(text).toContain('4.0 times as much writing (10,000 to 40,000 characters) lowered the error on writing it had not seen from 3.40 to 2.80');
    expect(text).toContain('Each step up helped less than the one before.');
    expect(text).not.toContain('did worse than that');
    expect(readingOf([run(10_000, 4.5), run(20_000, 3.0)], 4.3)).toContain('On the smallest share the model did worse than that');
    expect(readingOf([run(10_000, 3.0), run(20_000, 3.2)], 4.3)).toContain('did not help');
  });
});

describe('commonplace-coop study scaling', () => {
  it('trains the recipe on nested shares of the shared training set and records a schema-valid curve against one held-out set', async () => {
    let builder = coop()
      .withPolicy({ training: { profiles: { cpu: { ...TINY, steps: 4 } } } })
      .member('ana')
      .member('bo', { scopes: ['train-shared'] });
    for (let i = 0; i < 12; i++) builder = builder.work(i % 2 ? 'ana' : 'bo', `poem-${i}`, { body: `The tide ${i} comes in over the stones,\nand goes out again by evening ${i}.\n` });
    const root = await builder.write();
    await (await GitFixture.init(root)).commitAll('Found the co-op');
    const d = await runDatasetStage(root);
    expect(d.ok, JSON.stringify(d.problems)).toBe(true);
    const r = await runScalingStudy(root, { fractions: [0.5, 1], backend: 'wasm' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const written = JSON.parse(await readFile(path.join(root, r.file), 'utf8'));
    expect(validateRecord(ScalingStudy, written, { file: r.file }).ok).toBe(true);
    expect(written).toEqual(r.study);
    expect(r.study.dataset).toBe(d.datasets[0]!.id);
    expect(r.study.runs.map((x) => x.fraction)).toEqual([0.5, 1]);
    expect(r.study.runs[0]!.works).toBeLessThan(r.study.runs[1]!.works);
    expect(r.study.runs[0]!.characters).toBeLessThan(r.study.runs[1]!.characters);
    // Both runs were measured on the same held-out works.
    expect(r.study.runs[0]!.validation.characters).toBe(r.study.runs[1]!.validation.characters);
    expect(r.study.steps).toBe(4);
  }, 120_000);

  it('says plainly when there is no dataset to study', async () => {
    const root = await coop().member('ana').work('ana', 'one').write();
    const r = await runScalingStudy(root, { fractions: [0.5, 1], backend: 'wasm' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toContain('has no shared dataset to study');
  });
});
