import { describe, expect, it } from 'vitest';
import { publicIdentity, WITHDRAWN_WRITER } from '../../consent/index.ts';
import type { ModelCard } from '../../schemas/index.ts';
import type { ModelView } from '../view-types.ts';
import { comparedOnInWords, modelPage, ownGainInWords, sampledAuditInWords } from './model-page.ts';

const ana = publicIdentity('ana', { publicName: { display: 'name', name: 'Ana Okafor' }, scopes: ['train-shared', 'display-excerpts'] } as never);
const sam = publicIdentity('sam', { publicName: { display: 'name', name: 'Sam Reed' }, scopes: [], withdrawn: '2026-05-01' } as never);
const VIEW = {
  identities: new Map([
    ['ana', ana],
    ['sam', sam],
  ]),
  datasetById: new Map(),
  modelByVersion: new Map(),
};

/** A character model's card, bent by `over`: only what the page view reads. */
const card = (over: Record<string, unknown> = {}): ModelCard =>
  ({
    version: 'm-1',
    kind: 'shared',
    dataset: 'd-1',
    architecture: { type: 'char-transformer', parameters: 12_345, vocabulary: 80 },
    config: { layers: 2, dModel: 32, heads: 4, context: 64 },
    weights: { files: [{ bytes: 1_800_000 }, { bytes: 20_000 }], published: true },
    metrics: { validation: { bitsPerChar: 2.5 }, perContributor: {} },
    memorisation: { worst: [], gate: { passed: true } },
    lossCurve: [],
    trainingSeconds: 12,
    tokensPerSecond: 3400,
    ...over,
  }) as unknown as ModelCard;
const page = (c: ModelCard) => modelPage(VIEW, { card: c } as ModelView);

describe('the model page', () => {
  it('says an allotment worse than the shared model on its writer\'s own held-out works "has not done better"', () => {
    const worse = card({ kind: 'allotment', metrics: { validation: { bitsPerChar: 2.5 }, sharedModel: { bitsPerChar: 2.3 }, perContributor: {} } });
    expect(page(worse).ownGain).toBe('0.200 higher: on this writing their own model has not done better than the shared one');
  });

  it('says what their own plot adds when an allotment does better than the shared model', () => {
    const better = card({ kind: 'allotment', metrics: { validation: { bitsPerChar: 2.25 }, sharedModel: { bitsPerChar: 2.5 }, perContributor: {} } });
    expect(page(better).ownGain).toBe('0.250 lower: what their own plot adds');
  });

  it('names the safetensors file of an open checkpoint, the adapter file of an adapter, and weights.bin of a character model', () => {
    const llama = card({ architecture: { type: 'llama', parameters: 1_000_000, vocabulary: 32_000 } });
    expect([page(llama).weightsFile, page(llama).mainFile, page(llama).unit]).toEqual(['model.safetensors', 'model.safetensors', 'tokens']);
    expect(page(card({ architecture: { type: 'gpt2', parameters: 1, vocabulary: 1 }, adapter: { rank: 4 } })).weightsFile).toBe('adapter.safetensors');
    expect([page(card()).weightsFile, page(card()).mainFile, page(card()).unit]).toEqual(['weights.bin', 'model.json', 'characters']);
  });

  it('describes an open checkpoint by its family and a character model by its layers and context', () => {
    expect(page(card({ architecture: { type: 'gpt2', parameters: 124_000, vocabulary: 50_257 }, config: undefined })).architecture).toBe(
      'An open GPT-2 checkpoint: 124,000 parameters, 50,257 tokens in its tokenizer.',
    );
    expect(page(card()).architecture).toBe('Decoder-only transformer over characters: 2 layers, width 32, 4 heads, context 64; 12,345 parameters, 80 symbols.');
  });

  it('adds up the download in megabytes, and gives run figures only for a model trained here', () => {
    expect(page(card()).size).toBe('1.8 MB');
    expect(page(card()).runFigures).toBe(' 12 s, 3,400 characters per second.');
    expect(page(card({ trainedElsewhere: { declared: 'elsewhere', registered: '2026-05-01' } })).runFigures).toBe('');
  });

  it('names writers of the worst audit cases and held-out figures only as the site names them, never by handle', () => {
    const worst = [
      { hash: 'a'.repeat(64), contributor: 'ana', verbatimOwn: 3, verbatimTraining: 4 },
      { hash: 'b'.repeat(64), contributor: 'sam', verbatimOwn: 5, verbatimTraining: 6 },
      { hash: 'c'.repeat(64), contributor: 'zed', verbatimOwn: 1, verbatimTraining: 1 },
    ];
    const p = page(
      card({
        memorisation: { worst, gate: { passed: true } },
        metrics: { validation: { bitsPerChar: 2 }, perContributor: { ana: { bitsPerChar: 2.1, characters: 10 }, zed: { bitsPerChar: 2.2, characters: 20 } } },
      }),
    );
    expect(p.worst.map((w) => [w.writer, w.notShown])).toEqual([
      ['Ana Okafor', 'not shown (no display consent)'],
      [WITHDRAWN_WRITER, 'not shown (withdrawn)'],
      ['a writer', 'not shown (no display consent)'],
    ]);
    expect(p.perContributor).toEqual([
      { name: 'Ana Okafor', bitsPerChar: 2.1, characters: 10 },
      { name: 'a writer', bitsPerChar: 2.2, characters: 20 },
    ]);
  });

  it('says an allotment is compared on works held out of both models only when its dataset was split so, and warns otherwise', () => {
    expect(comparedOnInWords(2, 'hash-threshold@2(ratio=0.1,min=2)')).toBe("2 works, held out of both models' training");
    expect(comparedOnInWords(1, 'hash-threshold@2(ratio=0.1,min=2)')).toBe("1 work, held out of both models' training");
    expect(comparedOnInWords(2, 'hash-threshold@1(ratio=0.1,min=2)')).toMatch(/may have trained on some of them/);
    expect(comparedOnInWords(2, undefined)).toMatch(/may have trained on some of them/);
  });

  it('says a member’s own plot adds nothing yet when the step kept is the start, and names an earlier step kept', () => {
    const figures = (bitsPerChar: number) => ({ loss: bitsPerChar * Math.LN2, bitsPerChar, characters: 100 });
    expect(ownGainInWords({ sharedModel: figures(2.5), validation: figures(2.5), keptStep: { step: 0, of: 100, every: 10 } })).toMatch(/^your own plot adds nothing yet: no step of 100 steps/);
    expect(ownGainInWords({ sharedModel: figures(2.5), validation: figures(2.4), keptStep: { step: 40, of: 100, every: 10 } })).toBe(
      '0.100 lower: what their own plot adds (the weights kept are those of step 40 of 100, where it did best on this writing)',
    );
    expect(ownGainInWords({ sharedModel: figures(2.5), validation: figures(2.4), keptStep: { step: 100, of: 100, every: 10 } })).toBe('0.100 lower: what their own plot adds');
  });

  it('gives sampled extraction its counts and says whether it gates, or that it was not run', () => {
    const sampled = { samples: 4, temperature: 0.8, extracted: 3, extractionRate: 0.1, verbatimLimit: 120, overVerbatimLimit: 1, overVerbatimLimitRate: 1 / 30, maxVerbatimOwn: 131 };
    const gate = { maxVerbatimChars: 120, maxExtractionRate: 0.05, maxWholeWorks: 0, passed: true };
    const words = sampledAuditInWords({ sampled, worksAudited: 30, gate });
    expect(words).toContain('continued 4 times at temperature 0.8');
    expect(words).toContain('3 works of 30 (10.0%) extracted by some sample');
    expect(words).toContain('reported, not a release gate');
    expect(words).toContain('1 work (3.3%) with a run past the 120-character verbatim limit');
    expect(words).toContain('131 characters');
    expect(sampledAuditInWords({ sampled, worksAudited: 30, gate: { ...gate, maxSampledExtractionRate: 0.2 } })).toContain('the policy allows 20.0%');
    expect(sampledAuditInWords({ worksAudited: 30, gate })).toMatch(/^Not run for this model/);
  });

  it('says why the release gate held a model back', () => {
    expect(page(card()).gate).toBe('passed');
    const held = card({ status: 'held-back', statusReason: 'no step of 100 did better than the shared model', memorisation: { worst: [], gate: { passed: false } } });
    expect(page(held).gate).toBe('failed, so the model is held back: no step of 100 did better than the shared model');
    // A retired model's reason is its retirement, said at the top of its page, not why the gate failed.
    expect(page({ ...held, status: 'retired', statusReason: 'trained on writing withdrawn on 2026-07-01' }).gate).toBe('failed, so the model is held back');
  });

  it("says how a member's model was sized to what they gave, or nothing when the policy did not size it", () => {
    expect(page(card()).sized).toBe('');
    const small = card({ kind: 'allotment', steps: 25, config: { allotmentSteps: 100 }, adapter: { rank: 2 }, allotmentScale: { characters: 2_500, fullAtCharacters: 10_000, share: 0.25 } });
    expect(page(small).sized).toBe(
      '2,500 characters of writing to train on, 25% of the 10,000 the policy asks for the full recipe, so 25 of 100 steps, the learning rate × 0.50, adapter rank 2: a little writing is learnt by heart in a few steps.',
    );
    const ample = card({ kind: 'allotment', steps: 100, config: { allotmentSteps: 100 }, allotmentScale: { characters: 40_000, fullAtCharacters: 10_000, share: 1 } });
    expect(page(ample).sized).toBe('40,000 characters of writing to train on, at least the 10,000 the policy asks for the full recipe: not scaled down.');
  });
});
