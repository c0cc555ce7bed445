import { describe, expect, it } from 'vitest';
import { niceTicks, toBits } from './chart.ts';

describe('chart axes', () => {
  it('put round ticks around the data instead of starting at 0', () => {
    const ticks = niceTicks(2.31, 4.36);
    expect(ticks[0]).toBeLessThanOrEqual(2.31);
    expect(ticks[0]).toBeGreaterThan(1.5);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(4.36);
    expect(ticks).toEqual([2, 3, 4, 5]);
  });

  it('keep steps of 1, 2 or 5 and print them without float noise', () => {
    expect(niceTicks(0.1, 0.7, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(10, 10)).toEqual([9, 9.5, 10, 10.5, 11]);
  });

  it('convert nats to bits per character', () => {
    expect(toBits(Math.LN2)).toBeCloseTo(1, 12);
  });
});
