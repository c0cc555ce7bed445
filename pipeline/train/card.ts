/**
 * Model cards and their statuses. Pure: records in, records out.
 * A new model becomes current (its predecessor superseded) unless the release
 * gate holds it back; any model trained on writing since withdrawn, or
 * fine-tuned from such a model, is retired and its weights unpublished.
 */
import { createHash } from 'node:crypto';
import type { DatasetManifest, ModelCard, TrainingProfile, UseCase } from '../schemas/index.ts';

export const TRAINER = 'commonplace-train@1';

/** The content address of a training recipe. */
export function modelVersion(recipe: { kind: 'shared' | 'allotment'; member?: string; dataset: string; config: TrainingProfile; steps: number; base: string | null }): string {
  const canonical = JSON.stringify({ trainer: TRAINER, kind: recipe.kind, member: recipe.member ?? null, dataset: recipe.dataset, config: recipe.config, steps: recipe.steps, base: recipe.base });
  return `m-${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}

/** What the approved use cases say this kind of model may and may not be used for. */
export function usesFor(kind: 'shared' | 'allotment', useCases: ReadonlyMap<string, UseCase>): Pick<ModelCard, 'intendedUses' | 'outOfScopeUses'> & { demoAllowed: boolean } {
  const covers = (u: UseCase) => u.models === 'any' || u.models === kind;
  const sorted = [...useCases].sort(([a], [b]) => a.localeCompare(b));
  const approved = sorted.filter(([, u]) => u.status === 'approved' && covers(u));
  return {
    intendedUses: approved.map(([slug, u]) => ({ useCase: slug, title: u.title, decision: u.decision ?? '' })),
    outOfScopeUses: [
      ...sorted.filter(([, u]) => u.status === 'rejected' && covers(u)).map(([slug, u]) => `${u.title} (refused: use case ${slug}, decision ${u.decision})`),
      'Any use not approved by a board decision in the use-case register.',
      'Presenting generated text as the writing of a member.',
    ],
    demoAllowed: kind === 'shared' && approved.some(([, u]) => u.publicDemo),
  };
}

/** Loss curve in at most `points` buckets (mean loss per bucket), for the card and its chart. */
export function compressCurve(curve: ReadonlyArray<{ step: number; loss: number }>, points = 100): ModelCard['lossCurve'] {
  const size = Math.max(1, Math.ceil(curve.length / points));
  const out: ModelCard['lossCurve'] = [];
  for (let i = 0; i < curve.length; i += size) {
    const bucket = curve.slice(i, i + size);
    out.push({ step: bucket[bucket.length - 1]!.step + 1, loss: Number((bucket.reduce((a, b) => a + b.loss, 0) / bucket.length).toFixed(5)) });
  }
  return out;
}

const sameLineage = (a: Pick<ModelCard, 'kind' | 'member'>, b: Pick<ModelCard, 'kind' | 'member'>) => a.kind === b.kind && a.member === b.member;

/**
 * Statuses after `added` joins `cards`: withdrawals retire, the newest
 * released model of each lineage is current, the ones before it superseded.
 * `withdrawn` maps a withdrawn work hash to who withdrew it and when it left.
 */
export function settleStatuses(cards: readonly ModelCard[], datasets: ReadonlyMap<string, Pick<DatasetManifest, 'works'>>, withdrawn: ReadonlyMap<string, { contributor: string; dataset: string }>): ModelCard[] {
  const byVersion = new Map(cards.map((c) => [c.version, c]));
  const retiredWhy = new Map<string, string>();
  const reasonFor = (card: ModelCard): string | undefined => {
    if (retiredWhy.has(card.version)) return retiredWhy.get(card.version);
    const data = datasets.get(card.dataset);
    const hit = data?.works.find((w) => withdrawn.has(w.hash));
    let why: string | undefined;
    if (hit) {
      const w = withdrawn.get(hit.hash)!;
      why = `trained on writing ${w.contributor} withdrew (left out of dataset ${w.dataset})`;
    } else if (card.baseModel && byVersion.has(card.baseModel) && reasonFor(byVersion.get(card.baseModel)!)) {
      why = `fine-tuned from ${card.baseModel}, which is retired`;
    }
    if (why) retiredWhy.set(card.version, why);
    return why;
  };
  const out = cards.map((c) => {
    const why = reasonFor(c);
    return why ? { ...c, status: 'retired' as const, statusReason: why, publicDemo: false, weights: { ...c.weights, published: false } } : c;
  });
  // Newest released model of each lineage is current; released ones before it are superseded.
  for (let i = out.length - 1; i >= 0; i--) {
    const c = out[i]!;
    if (c.status === 'retired' || c.status === 'held-back') continue;
    const newer = out.slice(i + 1).find((n) => sameLineage(n, c) && (n.status === 'current' || n.status === 'superseded'));
    if (newer) out[i] = { ...c, status: 'superseded', statusReason: `superseded by ${newer.version}`, publicDemo: false };
    else if (c.status !== 'current') out[i] = { ...c, status: 'current' };
  }
  return out;
}
