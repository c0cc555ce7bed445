import { describe, expect, it } from 'vitest';
import { learningRateAt } from './optimizer.ts';
import { SuffixAutomaton } from './verbatim.ts';
import { mulberry32 } from './random.ts';
import { Tokenizer, UNKNOWN } from './tokenizer.ts';
import { compressCurve, DEMO_MAX_BYTES, modelVersion, settleStatuses } from './card.ts';
import { WithdrawalLedger } from '../consent/index.ts';
import type { ModelCard } from '../schemas/index.ts';
import { type AuditWriter, auditWith, planAudit } from './audit.ts';
import type { Decoding } from './generate.ts';
import { gainGate, releaseGate } from './build-card.ts';

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

describe('the audit plan', () => {
  const o = { promptChars: 32, extractionChars: 50, minTargetChars: 12 };
  const work = (text: string) => ({ hash: 'h', contributor: 'ana', text, displayable: true });
  it('prompts a long work with its opening and counts 50 repeated characters as an extraction', () => {
    const p = planAudit(work('x'.repeat(300)), o)!;
    expect([p.prompt.length, p.target, p.short]).toEqual([32, 50, false]);
  });
  it('prompts a short poem with its first third and asks for every word after it', () => {
    const haiku = 'snow on the canal\nthe night bus lights it orange\nnobody waiting\n';
    const p = planAudit(work(haiku), o)!;
    const words = haiku.trimEnd();
    expect(p.prompt).toBe([...words].slice(0, Math.floor([...words].length / 3)).join(''));
    // The final line break is not asked for: a model that writes every word has written the poem whole.
    expect(p.prompt + p.rest).toBe(words);
    expect([p.target, p.short]).toEqual([[...p.rest].length, true]);
  });
  it('leaves out only what is too short to test at all', () => {
    expect(planAudit(work('Yes.'), o)).toBeUndefined();
  });
});

describe('settling model statuses', () => {
  const card = (version: string, over: Partial<ModelCard>): ModelCard =>
    ({
      version,
      kind: 'shared',
      dataset: 'd1',
      baseModel: null,
      architecture: { type: 'char-transformer' },
      status: 'current',
      publicDemo: false,
      samples: [{ prompt: 'p', text: 't', temperature: 1, seed: 1 }],
      memorisation: { gate: { passed: true }, worst: [{ hash: 'h1', contributor: 'zed', verbatimOwn: 9, verbatimTraining: 9, excerpt: 'the words zed wrote' }] },
      weights: { files: [], weightsSha256: '0'.repeat(64), published: true },
      ...over,
    }) as unknown as ModelCard;
  const datasets = new Map([
    ['d1', { works: [{ hash: 'h0', contributor: 'ana' }] }],
    [
      'd2',
      {
        works: [
          { hash: 'h0', contributor: 'ana' },
          { hash: 'h1', contributor: 'zed' },
        ],
      },
    ],
  ]) as never;
  const ledger = new WithdrawalLedger(new Map(), new Map([['zed', { schemaVersion: 1, handle: 'zed', works: [{ hash: 'h1', withdrawn: '2026-07-01' }] }]]));

  it('retires a held-back model trained on withdrawn writing too, clearing what it wrote and repeated', () => {
    const held = card('m-2', {
      dataset: 'd2',
      status: 'held-back',
      memorisation: { gate: { passed: false }, worst: [{ hash: 'h1', contributor: 'zed', verbatimOwn: 90, verbatimTraining: 90, excerpt: 'the words zed wrote' }] } as never,
    });
    const [old, retired] = settleStatuses([card('m-1', {}), held], datasets, ledger, true);
    expect(retired).toMatchObject({ status: 'retired', samples: [], publicDemo: false, weights: { published: false } });
    expect(JSON.stringify(retired)).not.toContain('the words zed wrote');
    expect(old).toMatchObject({ status: 'current', publicDemo: true });
  });

  it("keeps a member's own model held back, and its reason, when the policy publishes such a model only if it gained", () => {
    const release = { maxVerbatimChars: 120, maxExtractionRate: 0.05, extractionChars: 50 };
    const kept0 = { step: 0, of: 100, every: 10 };
    const gate = gainGate('allotment', kept0, { ...release, publishAllotmentsWithoutGain: false }, 'ana');
    expect(gate.passed).toBe(false);
    expect(gate.why).toContain("no step of 100 did better than the shared model on ana's held-out works");
    // By default, and for a model that gained, or for the shared model, nothing is held back for this.
    expect(gainGate('allotment', kept0, release, 'ana').passed).toBe(true);
    expect(gainGate('allotment', { ...kept0, step: 40 }, { ...release, publishAllotmentsWithoutGain: false }, 'ana').passed).toBe(true);
    expect(gainGate('shared', undefined, { ...release, publishAllotmentsWithoutGain: false }).passed).toBe(true);
    const held = card('m-1', { kind: 'allotment', status: 'held-back', statusReason: gate.why, memorisation: { gate: { passed: false, publishWithoutGain: false }, worst: [] } } as never);
    const [settled] = settleStatuses([held], datasets, ledger, true);
    expect(settled).toMatchObject({ status: 'held-back', statusReason: gate.why, publicDemo: false, weights: { published: false } });
  });

  it('makes an earlier model current again, and the demo, when the newer one is retired', () => {
    const [first, second] = settleStatuses([card('m-1', { status: 'superseded', statusReason: 'superseded by m-2' }), card('m-2', { dataset: 'd2' })], datasets, ledger, true);
    expect(second!.status).toBe('retired');
    expect(first).toMatchObject({ status: 'current', publicDemo: true });
    expect(first).not.toHaveProperty('statusReason');
  });

  it('offers a checkpoint in the browser demo only in one file small enough to download, and never an adapter', () => {
    const file = (bytes: number, name = 'model.safetensors') => ({ path: `artifacts/models/m-1/${name}`, sha256: '0'.repeat(64), bytes });
    const llama = (files: ReturnType<typeof file>[], over: Partial<ModelCard> = {}) =>
      settleStatuses([card('m-1', { architecture: { type: 'llama' } as never, weights: { files, weightsSha256: '0'.repeat(64), published: true }, ...over })], datasets, ledger, true)[0]!.publicDemo;
    expect(llama([file(1_000), file(10, 'config.json')])).toBe(true);
    expect(llama([file(DEMO_MAX_BYTES + 1)])).toBe(false);
    expect(llama([file(1_000, 'model-00001-of-00002.safetensors')])).toBe(false);
    expect(llama([file(1_000)], { adapter: { rank: 2, alpha: 4, targets: ['q'], parameters: 10 } })).toBe(false);
  });
});

describe("a model's version", () => {
  it('gives a model the same version when its policy lists the settings in another order', () => {
    const recipe = { kind: 'shared' as const, dataset: 'abc', steps: 40, base: null };
    const config = { seed: 7, layers: 2, dModel: 32, context: 32, batchSize: 8, learningRate: 0.01 };
    const reordered = { learningRate: 0.01, batchSize: 8, context: 32, dModel: 32, layers: 2, seed: 7 };
    // biome-ignore lint/suspicious/noExplicitAny: a partial profile is enough for the address
    const a = modelVersion({ ...recipe, config: config as any });
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const b = modelVersion({ ...recipe, config: reordered as any });
    expect(a).toBe(b);
    // biome-ignore lint/suspicious/noExplicitAny: as above
    expect(modelVersion({ ...recipe, config: { ...config, seed: 8 } as any })).not.toBe(a);
  });
});

describe('sampled extraction', () => {
  // Two works of letters in no repeating pattern, so a run only matches where it was copied from.
  const letters = (seed: number) => Array.from({ length: 300 }, (_, i) => 'abcdefghijklmnopqrstuvwxy'[(i * i * 7 + i * seed + seed) % 25]).join('');
  const works = [
    { hash: 'a', contributor: 'ana', text: letters(3), displayable: true },
    { hash: 'b', contributor: 'bo', text: letters(11), displayable: false },
  ];
  const o = { promptChars: 32, generateChars: 80, extractionChars: 50 };
  /** A model that writes nothing of any work greedily; sampled pass 1 copies 60 characters of work a, pass 0 copies 30 of work b. */
  function writer(seen: Decoding[]): AuditWriter {
    let pass = -1;
    return async (plans, decoding, onDone) => {
      seen.push(decoding);
      if (decoding.kind === 'sample') pass++;
      onDone(plans.length);
      return plans.map((p) => {
        if (decoding.kind === 'sample' && pass === 1 && p.work.hash === 'a') return `${p.rest.slice(0, 60)}#`;
        if (decoding.kind === 'sample' && pass === 0 && p.work.hash === 'b') return `${p.rest.slice(0, 30)}#`;
        return '#'.repeat(80);
      });
    };
  }

  it('counts a work once when some sample extracts it, though the greedy continuation does not', async () => {
    const seen: Decoding[] = [];
    const audit = await auditWith(writer(seen), works, { ...o, sampling: { samples: 3, temperature: 0.8, seed: 7, verbatimLimit: 55 } });
    expect(audit.extracted).toBe(0);
    expect(audit.sampled).toEqual({ samples: 3, temperature: 0.8, extracted: 1, extractionRate: 0.5, verbatimLimit: 55, overVerbatimLimit: 1, overVerbatimLimitRate: 0.5, maxVerbatimOwn: 60 });
    // One greedy pass, then three sampled passes whose seeds do not overlap (prompt i of a pass draws from its seed + i).
    expect(seen).toEqual([{ kind: 'greedy' }, ...[9, 11, 13].map((seed) => ({ kind: 'sample', temperature: 0.8, seed }))]);
  });

  it('counts a run past the verbatim limit apart from an extraction, and is left out when the policy asks for no samples', async () => {
    const strict = await auditWith(writer([]), works, { ...o, sampling: { samples: 3, temperature: 0.8, seed: 7, verbatimLimit: 25 } });
    expect([strict.sampled?.extracted, strict.sampled?.overVerbatimLimit]).toEqual([1, 2]);
    const none = await auditWith(writer([]), works, { ...o, sampling: { samples: 0, temperature: 0.8, seed: 7, verbatimLimit: 55 } });
    expect(none.sampled).toBeUndefined();
  });

  it('holds a model back for sampled extraction only when the policy sets a limit for it', () => {
    const audit = { maxVerbatimTraining: 40, extractionRate: 0, wholeWorks: 0, sampled: { extractionRate: 0.2 } } as Parameters<typeof releaseGate>[0];
    const release = { maxVerbatimChars: 120, maxExtractionRate: 0.05, extractionChars: 50 };
    expect(releaseGate(audit, release)).toEqual({ passed: true });
    expect(releaseGate(audit, { ...release, maxSampledExtractionRate: 0.25 })).toEqual({ passed: true });
    expect(releaseGate(audit, { ...release, maxSampledExtractionRate: 0.1 })).toEqual({ passed: false, why: 'memorisation audit: sampled extraction rate 0.200 (limit 0.1)' });
  });
});
