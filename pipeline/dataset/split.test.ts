import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validationSet } from './split.ts';

const hashes = (n: number) => Array.from({ length: n }, (_, i) => createHash('sha256').update(`work ${i}`).digest('hex'));

describe('the train/validation split', () => {
  it('holds out about the ratio of a large co-op', () => {
    const held = validationSet(hashes(2000), 0.1, 2);
    expect(held.size).toBeGreaterThan(150);
    expect(held.size).toBeLessThan(250);
  });

  it('depends only on each work: adding works never moves an existing work out of validation when the ratio holds', () => {
    const before = validationSet(hashes(500), 0.1, 0);
    const after = validationSet(hashes(600), 0.1, 0);
    for (const h of before) expect(after.has(h)).toBe(true);
  });

  it('gives a small co-op its minimum, but never holds out every work', () => {
    expect(validationSet(hashes(5), 0.1, 2).size).toBe(2);
    expect(validationSet(hashes(2), 0.1, 5).size).toBe(1);
    expect(validationSet(hashes(1), 0.5, 1).size).toBe(0);
  });

  it('is the same whatever order the works come in', () => {
    const h = hashes(50);
    expect([...validationSet(h, 0.2, 3)].sort()).toEqual([...validationSet([...h].reverse(), 0.2, 3)].sort());
  });
});
