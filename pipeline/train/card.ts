import type { WithdrawalLedger } from '../consent/index.ts';
import type { BaseTraining, DatasetManifest, ModelCard, TrainingProfile, UseCase } from '../schemas/index.ts';
import { contentId } from '../hash/index.ts';

/** The training code's version, part of every model's address: bumped when the same recipe would give other bits or other figures (@2: attention's products as plain products on wasm; @3: one assessment for every model: audit prompts open a new work, the baseline is fitted on the training works; the address hashes canonical JSON; @4: a member's own model keeps its best step on the member's held-out works, the start included; @5: the audit adds sampled extraction, so the card carries figures @4 did not). */
export const TRAINER = 'commonplace-train@5';

/** The content address of a training recipe (`dataset` is the dataset's content address, so equal works give an equal model). */
export function modelVersion(recipe: {
  kind: 'shared' | 'allotment';
  member?: string;
  dataset: string;
  config: TrainingProfile | BaseTraining;
  steps: number;
  base: string | null;
  /** The training code, when not the character trainer. */
  trainer?: string;
  /** An open base model: its record's id and sha256. */
  foundation?: string;
  /** An adapter's settings, for an allotment that is one. */
  adapter?: object;
  /** An allotment's peak learning rate (the shared model's is its config's). */
  learningRate?: number;
}): string {
  // Canonical JSON (sorted keys), so the order a policy writes its settings in is not part of the address; absent keys are left out.
  return contentId('m-', {
    trainer: recipe.trainer ?? TRAINER,
    kind: recipe.kind,
    member: recipe.member ?? null,
    dataset: recipe.dataset,
    config: recipe.config,
    steps: recipe.steps,
    base: recipe.base,
    foundation: recipe.foundation,
    adapter: recipe.adapter,
    learningRate: recipe.learningRate,
  });
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

/** The largest model the in-browser demo offers: every visitor who tries it downloads all of it. */
export const DEMO_MAX_BYTES = 600_000_000;

/**
 * Whether "Try the model" can run a model in a browser: a character model, or an open
 * checkpoint in one safetensors file no larger than DEMO_MAX_BYTES (not an adapter, which
 * needs the model under it too).
 */
export function demoCanRun(card: Pick<ModelCard, 'architecture' | 'adapter' | 'weights'>): boolean {
  if (card.architecture.type === 'char-transformer') return true;
  const bytes = card.weights.files.reduce((n, f) => n + f.bytes, 0);
  return !card.adapter && card.weights.files.some((f) => f.path.endsWith('/model.safetensors')) && bytes <= DEMO_MAX_BYTES;
}

const sameLineage = (a: Pick<ModelCard, 'kind' | 'member'>, b: Pick<ModelCard, 'kind' | 'member'>) => a.kind === b.kind && a.member === b.member;

/** Whether a model passed the release gate recorded on its card. */
export function passedGate(card: ModelCard): boolean {
  return card.memorisation.gate.passed;
}

/**
 * A card retired because its model learned from writing since withdrawn: it
 * keeps the record (hashes, figures) but nothing the model wrote or repeated,
 * since any of it may be the withdrawn text.
 */
function retire(card: ModelCard, why: string, withdrawals: WithdrawalLedger): ModelCard {
  return {
    ...card,
    status: 'retired',
    statusReason: why,
    publicDemo: false,
    samples: [],
    memorisation: {
      ...card.memorisation,
      worst: card.memorisation.worst.map((w) => {
        if (!withdrawals.isWithdrawn(w.contributor, w.hash)) return w;
        const { excerpt: _excerpt, ...rest } = w;
        return rest;
      }),
    },
    weights: { ...card.weights, published: false },
  };
}

/**
 * Statuses across every card, oldest first: models that learned from withdrawn
 * writing (or were fine-tuned from one that did) are retired; of the rest, the
 * newest released model of each lineage is current and the ones before it
 * superseded; held-back models stay held back. Only the current shared model
 * may be the public demo, and only when an approved use case allows it.
 * Withdrawal is read from the records (`withdrawals`), never from the texts.
 */
export function settleStatuses(cards: readonly ModelCard[], datasets: ReadonlyMap<string, Pick<DatasetManifest, 'works'>>, withdrawals: WithdrawalLedger, demoAllowed: boolean): ModelCard[] {
  const byVersion = new Map(cards.map((c) => [c.version, c]));
  const retiredWhy = new Map<string, string | undefined>();
  const reasonFor = (card: ModelCard): string | undefined => {
    if (retiredWhy.has(card.version)) return retiredWhy.get(card.version);
    const hit = datasets.get(card.dataset)?.works.find((w) => withdrawals.isWithdrawn(w.contributor, w.hash));
    let why: string | undefined;
    if (hit) why = `trained on writing withdrawn on ${withdrawals.dateOf(hit.contributor, hit.hash)}`;
    else if (card.baseModel && byVersion.has(card.baseModel) && reasonFor(byVersion.get(card.baseModel)!)) why = `fine-tuned from ${card.baseModel}, which is retired`;
    else if (card.status === 'retired') why = card.statusReason;
    retiredWhy.set(card.version, why);
    return why;
  };
  const out = cards.map((c) => {
    const why = reasonFor(c);
    if (why) return retire(c, why, withdrawals);
    if (c.status === 'retired') return c;
    return passedGate(c) ? { ...c, status: 'current' as const } : { ...c, status: 'held-back' as const, publicDemo: false, weights: { ...c.weights, published: false } };
  });
  // Newest released model of each lineage is current; released ones before it are superseded.
  for (let i = out.length - 1; i >= 0; i--) {
    const c = out[i]!;
    if (c.status === 'retired' || c.status === 'held-back') continue;
    const newer = out.slice(i + 1).find((n) => sameLineage(n, c) && (n.status === 'current' || n.status === 'superseded'));
    if (newer) out[i] = { ...c, status: 'superseded', statusReason: `superseded by ${newer.version}`, publicDemo: false };
    else {
      const { statusReason: _reason, ...rest } = c;
      out[i] = { ...rest, status: 'current', publicDemo: c.kind === 'shared' && demoCanRun(c) && demoAllowed };
    }
  }
  return out;
}
