import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../../schemas/index.ts';
import type { ViewContext } from './context.ts';
import { modelViews } from './models.ts';

const card = (version: string, over: Record<string, unknown> = {}): ModelCard =>
  ({
    version,
    kind: 'allotment',
    member: 'ana',
    dataset: 'd'.repeat(16),
    status: 'current',
    architecture: { type: 'char-transformer' },
    weights: { published: true, files: [] },
    trainer: 'commonplace-train@1',
    backend: { name: 'wasm', cpu: 'a CPU', cores: 2, memoryGiB: 4, reason: 'test' },
    tokensSeen: 1000,
    trainingSeconds: 1,
    ...over,
  }) as unknown as ModelCard;
const ctx = { identities: new Map(), modelLabels: new Map([['m-1', { name: 'Own model' }]]) } as unknown as ViewContext;
const weightsRow = (repo: string | undefined, c = card('m-1')) => {
  const [m] = modelViews([c], [], undefined, repo, ctx);
  return { link: m!.weights, row: m!.openness.find((r) => r.dimension === 'Model weights')! };
};

describe("a model's weights, as its page and its openness row say them", () => {
  it('link a published member’s model to its Release, and call them open, when the co-op names its repository', () => {
    const { link, row } = weightsRow('https://github.com/our-coop/garden');
    expect(link).toBe('https://github.com/our-coop/garden/releases/tag/model-m-1');
    expect(row.level).toBe('open');
    expect(row.evidence.map((e) => e.href)).toEqual([link]);
  });

  it('call published weights partly open, not closed, when there is no repository to link them in', () => {
    const { link, row } = weightsRow(undefined);
    expect(link).toBeUndefined();
    expect(row.level).toBe('partial');
    expect(row.why).toContain('names no repository');
  });

  it('call a retired model’s weights closed, saying why, and link nothing', () => {
    const { link, row } = weightsRow('https://github.com/our-coop/garden', card('m-1', { status: 'retired', statusReason: 'trained on withdrawn writing', weights: { published: false, files: [] } }));
    expect(link).toBeUndefined();
    expect([row.level, row.why]).toEqual(['closed', 'The weights are not published (retired: trained on withdrawn writing).']);
  });
});
