import { describe, expect, it } from 'vitest';
import type { DatasetManifest, ModelCard, TrainingProfile } from '../schemas/index.ts';
import { modelVersion } from './card.ts';
import { planTraining, type TrainingRecipe, type TrainingStep } from './plan.ts';

const dataset = (id: string, member?: string, splits: Array<'train' | 'validation'> = ['train', 'validation'], trainCharacters = 1000): DatasetManifest =>
  ({
    id,
    totals: { train: { characters: trainCharacters } },
    kind: member ? 'allotment' : 'shared',
    ...(member ? { member } : {}),
    content: `content-of-${id}`,
    works: splits.map((split, i) => ({ hash: `${id}-${i}`, split })),
  }) as unknown as DatasetManifest;
const card = (version: string, over: Partial<ModelCard> = {}): ModelCard =>
  ({ version, kind: 'shared', dataset: 'd-shared', status: 'current', weights: { files: [], weightsSha256: '0'.repeat(64), published: true }, ...over }) as unknown as ModelCard;
const recipe: TrainingRecipe = { config: { steps: 10, allotmentSteps: 4, learningRate: 0.005 } as TrainingProfile, method: { method: 'full' } };
const DATASETS = [dataset('d-shared'), dataset('d-ana', 'ana'), dataset('d-bo', 'bo')];
const actions = (steps: TrainingStep[]) => steps.map((s) => s.action);
const versionOf = (s: TrainingStep) => (s.action === 'skip' ? undefined : s.action === 'elsewhere' ? s.card.version : s.job.version);

describe('planTraining', () => {
  it('trains every model when none stands, each allotment starting from the shared model, with versions that name the recipe', () => {
    const steps = planTraining(DATASETS, [], recipe);
    expect(actions(steps)).toEqual(['train', 'train', 'train']);
    const [shared, ana, bo] = steps.map((s) => (s.action === 'train' ? s.job : undefined));
    expect(shared!.base).toBeNull();
    expect(ana!.base).toBe(shared!.version);
    expect([shared!.steps, ana!.steps]).toEqual([10, 4]);
    expect(new Set([shared!.version, ana!.version, bo!.version]).size).toBe(3);
    expect(planTraining(DATASETS, [], recipe).map(versionOf)).toEqual(steps.map(versionOf)); // deterministic
    const longer = planTraining(DATASETS, [], { ...recipe, config: { steps: 11, allotmentSteps: 4, learningRate: 0.005 } as TrainingProfile });
    expect(longer.map(versionOf).some((v, i) => v === versionOf(steps[i]!))).toBe(false); // the shared model's change reaches every allotment
  });

  it("fine-tunes members' own models at a tenth of the shared model's rate unless the policy names one, moving only the allotments' versions", () => {
    const jobs = (r: TrainingRecipe) => planTraining(DATASETS, [], r).map((s) => (s.action === 'train' ? s.job : undefined)!);
    const [shared, ana] = jobs(recipe);
    expect([shared!.learningRate, ana!.learningRate]).toEqual([0.005, 0.0005]);
    const named = jobs({ ...recipe, config: { ...recipe.config, allotmentLearningRate: 0.001 } });
    expect(named[1]!.learningRate).toBe(0.001);
    expect(named[1]!.version).not.toBe(ana!.version);
    // The shared model's address is what it was before allotments had a rate of their own.
    expect(shared!.version).toBe(modelVersion({ kind: 'shared', dataset: 'content-of-d-shared', config: recipe.config, steps: 10, base: null }));
    // A fine-tune's allotments keep its rate by default: it is already a fine-tune's.
    const tuned = jobs({ ...recipe, fineTuning: { training: { model: 'tiny', steps: 3, allotmentSteps: 2, learningRate: 0.0001 } as never, foundation: 'tiny@abc' } });
    expect(tuned.map((j) => j.learningRate)).toEqual([0.0001, 0.0001, 0.0001]);
  });

  it("sizes members' models to what each gave when the policy asks: steps, rate and adapter rank scaled by their share, the shared model untouched", () => {
    const adapter = { method: 'adapter' as const, rank: 8, targets: ['attn.c_attn.weight'] };
    const tuned: TrainingRecipe = {
      ...recipe,
      method: adapter,
      fineTuning: { training: { model: 'tiny', steps: 30, allotmentSteps: 100, learningRate: 0.0004 } as never, foundation: 'tiny@abc' },
    };
    const datasets = [dataset('d-shared', undefined, undefined, 90_000), dataset('d-ana', 'ana', undefined, 2_500), dataset('d-bo', 'bo', undefined, 40_000), dataset('d-cy', 'cy', undefined, 10)];
    const jobs = (r: TrainingRecipe) => planTraining(datasets, [], r).map((s) => (s.action === 'train' ? s.job : undefined)!);
    const plain = jobs(tuned);
    const [shared, ana, bo, cy] = jobs({ ...tuned, scaling: { fullAtCharacters: 10_000 } });
    expect(shared!.version).toBe(plain[0]!.version);
    expect(shared!.scale).toBeUndefined();
    // Ana gave a quarter of the full amount: a quarter of the steps, half the rate, a quarter of the rank at the same alpha / rank.
    expect(ana!.scale).toEqual({ characters: 2_500, fullAtCharacters: 10_000, share: 0.25 });
    expect([ana!.steps, ana!.learningRate]).toEqual([25, 0.0002]);
    expect(ana!.adapter).toMatchObject({ rank: 2, alpha: 4 });
    expect(ana!.version).not.toBe(plain[1]!.version);
    // Bo gave more than enough: the full recipe, and the version it had without scaling.
    expect([bo!.steps, bo!.learningRate, bo!.adapter!.rank, bo!.version]).toEqual([100, 0.0004, 8, plain[2]!.version]);
    // However little a member gave, at least one step and rank 1.
    expect([cy!.steps, cy!.adapter!.rank]).toEqual([1, 1]);
    // A character model's allotments scale the same way, with no adapter.
    const chars = planTraining(datasets, [], { ...recipe, config: { ...recipe.config, allotmentSteps: 40 }, scaling: { fullAtCharacters: 10_000 } });
    expect(chars.map((s) => (s.action === 'train' ? s.job.steps : 0))).toEqual([10, 10, 40, 1]);
  });

  it('keeps a retired or unpublished card, and checks the weights of a published one rather than retraining it', () => {
    const versions = planTraining(DATASETS, [], recipe).map(versionOf) as string[];
    const cards = [
      card(versions[0]!),
      card(versions[1]!, { kind: 'allotment', status: 'retired' }),
      card(versions[2]!, { kind: 'allotment', weights: { files: [], weightsSha256: '1'.repeat(64), published: false } } as Partial<ModelCard>),
    ];
    const steps = planTraining(DATASETS, cards, recipe);
    expect(steps.map((s) => [s.action, 'reason' in s ? s.reason : ''])).toEqual([
      ['restore', expect.stringContaining('its weights must be on disk, or be made again with the same sha256')],
      ['keep', expect.stringContaining('retired')],
      ['keep', expect.stringContaining('never published')],
    ]);
  });

  it('skips a dataset with no training works, and allotments when there is no shared model to start from', () => {
    const steps = planTraining([dataset('d-shared', undefined, ['validation']), dataset('d-ana', 'ana')], [], recipe);
    expect(steps.map((s) => (s.action === 'skip' ? s.notice.code : s.action))).toEqual(['train/no-data', 'train/no-base']);
    expect(steps[0]!.action === 'skip' && steps[0]!.notice.file).toBe('registry/datasets/d-shared.json');
  });

  it('leaves a dataset to a model trained elsewhere for it; allotments then start from that model only when fine-tuning', () => {
    const elsewhere = card('m-elsewhere', { trainedElsewhere: { declared: 'a GPU elsewhere', registered: '2026-05-01' }, dataset: 'd-shared' });
    const steps = planTraining(DATASETS, [elsewhere], recipe);
    expect(actions(steps)).toEqual(['elsewhere', 'skip', 'skip']);
    expect(steps[1]!.action === 'skip' && steps[1]!.notice.message).toContain('was trained elsewhere');
    const tuned = planTraining(DATASETS, [elsewhere], { ...recipe, fineTuning: { training: { model: 'tiny', steps: 3, allotmentSteps: 2 } as never, foundation: 'tiny@abc' } });
    expect(actions(tuned)).toEqual(['elsewhere', 'train', 'train']);
    expect(tuned[1]!.action === 'train' && tuned[1]!.job.base).toBe('m-elsewhere');
    // A retired model trained elsewhere no longer stands for its dataset.
    expect(actions(planTraining(DATASETS, [{ ...elsewhere, status: 'retired' }], recipe))[0]).toBe('train');
  });
});
