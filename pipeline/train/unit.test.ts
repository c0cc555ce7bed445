import { describe, expect, it } from 'vitest';
import { learningRateAt } from './optimizer.ts';
import { SuffixAutomaton } from './verbatim.ts';
import { mulberry32 } from './random.ts';
import { Tokenizer, UNKNOWN } from './tokenizer.ts';
import { compressCurve } from './card.ts';

describe('the learning-rate schedule', () => {
  const c = { learningRate: 1, warmupSteps: 10, totalSteps: 110, weightDecay: 0, clipNorm: 0 };
  it('warms up linearly, peaks, and decays along a cosine to a tenth', () => {
    expect(learningRateAt(c, 0)).toBeCloseTo(0.1);
    expect(learningRateAt(c, 9)).toBeCloseTo(1);
    expect(learningRateAt(c, 10)).toBeCloseTo(1);
    expect(learningRateAt(c, 60)).toBeCloseTo(0.55);
    expect(learningRateAt(c, 110)).toBeCloseTo(0.1);
  });
});

describe('the longest verbatim run', () => {
  it('agrees with a brute-force search on random texts', () => {
    const random = mulberry32(3);
    const text = (n: number) => Array.from({ length: n }, () => 'abc'[Math.floor(random() * 3)]).join('');
    const brute = (a: string, b: string) => {
      let best = 0;
      for (let i = 0; i < a.length; i++) for (let j = i + 1; j <= a.length; j++) if (j - i > best && b.includes(a.slice(i, j))) best = j - i;
      return best;
    };
    for (let k = 0; k < 200; k++) {
      const ref = text(40);
      const probe = text(15);
      expect(new SuffixAutomaton(ref).longestMatch(probe).length, `${probe} in ${ref}`).toBe(brute(probe, ref));
    }
  });

  it('returns the matched text and counts code points, not UTF-16 units', () => {
    const m = new SuffixAutomaton('the 🌊 river keeps').longestMatch('a 🌊 river!');
    expect(m).toEqual({ length: 8, match: ' 🌊 river' });
  });
});

describe('the tokenizer', () => {
  it('round-trips its own characters and maps others to the unknown symbol', () => {
    const t = Tokenizer.fromTexts(['héllo\nwörld']);
    expect(t.decode(t.encode('héllo wörld!'))).toBe(`héllo${UNKNOWN}wörld${UNKNOWN}`);
    expect(Tokenizer.fromJson(t.toJson()).symbols).toEqual(t.symbols);
  });
});

describe('the loss curve on a card', () => {
  it('averages steps into at most the asked number of points', () => {
    const curve = Array.from({ length: 250 }, (_, step) => ({ step, loss: step < 125 ? 2 : 1 }));
    const points = compressCurve(curve, 100);
    expect(points.length).toBeLessThanOrEqual(100);
    expect(points[0]).toEqual({ step: 3, loss: 2 });
    expect(points.at(-1)).toEqual({ step: 250, loss: 1 });
  });
});
