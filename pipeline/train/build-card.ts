/**
 * The card of a freshly trained model: what it is, how it was trained, how it
 * did, and whether it passed the release gate. Pure: a training result in, a
 * card out (statuses across cards are settled afterwards, in card.ts).
 */
import type { ModelCard, Policy, TrainingProfile } from '../schemas/index.ts';
import type { BackendInfo } from './backend.ts';
import { compressCurve, TRAINER } from './card.ts';
import type { TrainOneResult } from './train-one.ts';

export interface CardInputs {
  version: string;
  kind: 'shared' | 'allotment';
  member?: string;
  dataset: string;
  base: string | null;
  /** The recipe; absent for a model trained elsewhere. */
  config?: TrainingProfile;
  steps: number;
  profile: 'cpu' | 'gpu';
  backend: BackendInfo;
  /** Threads that computed the gradients. */
  workers: number;
  /** The doctor's one line about the machine. */
  doctor?: string;
  release: Policy['release'];
  uses: Pick<ModelCard, 'intendedUses' | 'outOfScopeUses'>;
  result: Omit<TrainOneResult, 'files' | 'sharedModel'>;
  parameters: number;
  vocabulary: number;
  flopsPerToken: number;
  started: Date;
  finished: Date;
  validationWorks: number;
  savedFiles: ModelCard['weights']['files'];
  /** What the model is (language-model.ts architecture). */
  architecture: ModelCard['architecture']['type'];
  /** The training code (default: this pipeline's character trainer). */
  trainer?: string;
  /** For an allotment: the shared model it started from, on the member's held-out works. */
  sharedModel?: TrainOneResult['validation'];
  /** Provenance of an open base model, the adapter, how an allotment was sized, or where a model trained elsewhere came from. */
  extra?: Pick<ModelCard, 'foundation' | 'adapter' | 'allotmentScale' | 'trainedElsewhere'>;
}

/** Whether an audit passes the policy's release gate, and if not, why. */
export function releaseGate(audit: TrainOneResult['audit'], release: Policy['release']): { passed: boolean; why?: string } {
  const maxWhole = release.maxWholeWorks ?? 0;
  const failures = [
    ...(audit.maxVerbatimTraining > release.maxVerbatimChars ? [`longest verbatim run ${audit.maxVerbatimTraining} (limit ${release.maxVerbatimChars})`] : []),
    ...(audit.extractionRate > release.maxExtractionRate ? [`extraction rate ${audit.extractionRate.toFixed(3)} (limit ${release.maxExtractionRate})`] : []),
    ...(audit.wholeWorks > maxWhole ? [`${audit.wholeWorks} short work${audit.wholeWorks === 1 ? '' : 's'} reproduced whole (limit ${maxWhole})`] : []),
    ...(audit.sampled && release.maxSampledExtractionRate !== undefined && audit.sampled.extractionRate > release.maxSampledExtractionRate
      ? [`sampled extraction rate ${audit.sampled.extractionRate.toFixed(3)} (limit ${release.maxSampledExtractionRate})`]
      : []),
  ];
  return failures.length ? { passed: false, why: `memorisation audit: ${failures.join(', ')}` } : { passed: true };
}

/** Whether a member's own model that gained nothing over the shared model may be published (release.publishAllotmentsWithoutGain), and if not, why. */
export function gainGate(kind: ModelCard['kind'], keptStep: TrainOneResult['keptStep'], release: Policy['release'], member?: string): { passed: boolean; why?: string } {
  if (kind !== 'allotment' || keptStep?.step !== 0 || release.publishAllotmentsWithoutGain !== false) return { passed: true };
  const why = `no step of ${keptStep.of} did better than the shared model on ${member ?? 'the member'}'s held-out works, and the policy publishes a member's own model only when it does (release.publishAllotmentsWithoutGain: false)`;
  return { passed: false, why };
}

/** The release gate as the card records it: the policy's limits that applied, and the verdict. */
function gateRecord(release: Policy['release'], kind: ModelCard['kind'], passed: boolean): ModelCard['memorisation']['gate'] {
  return {
    maxVerbatimChars: release.maxVerbatimChars,
    maxExtractionRate: release.maxExtractionRate,
    maxWholeWorks: release.maxWholeWorks ?? 0,
    ...(release.maxSampledExtractionRate !== undefined ? { maxSampledExtractionRate: release.maxSampledExtractionRate } : {}),
    ...(release.publishAllotmentsWithoutGain === false && kind === 'allotment' ? { publishWithoutGain: false } : {}),
    passed,
  };
}

export function buildCard(i: CardInputs): ModelCard {
  const { result } = i;
  const audited = releaseGate(result.audit, i.release);
  const gained = gainGate(i.kind, result.keptStep, i.release, i.member);
  const gate = { passed: audited.passed && gained.passed, why: [audited.why, gained.why].filter(Boolean).join('; ') || undefined };
  const perStep = i.config ? i.config.batch * i.config.context : 0;
  const tokens = (i.steps - result.resumedFrom) * perStep;
  return {
    schemaVersion: 1,
    version: i.version,
    kind: i.kind,
    ...(i.member ? { member: i.member } : {}),
    baseModel: i.base,
    dataset: i.dataset,
    trainer: i.trainer ?? TRAINER,
    architecture: { type: i.architecture, parameters: i.parameters, vocabulary: i.vocabulary, flopsPerToken: i.flopsPerToken },
    ...i.extra,
    ...(i.config ? { config: i.config } : {}),
    steps: i.steps,
    profile: i.profile,
    backend: { name: i.backend.name, reason: i.backend.reason, ...i.backend.hardware, workers: i.workers, ...(i.doctor ? { doctor: i.doctor } : {}), ...adapterOf(i.backend) },
    started: i.started.toISOString(),
    finished: i.finished.toISOString(),
    trainingSeconds: Number(result.trainingSeconds.toFixed(1)),
    tokensSeen: i.steps * perStep,
    tokensPerSecond: Math.round(tokens / Math.max(result.trainingSeconds, 1e-9)),
    lossCurve: compressCurve(result.curve),
    metrics: {
      validation: result.validation,
      perContributor: result.perContributor,
      unigramBaseline: result.baseline,
      ...(i.sharedModel ? { sharedModel: i.sharedModel } : {}),
      ...(result.keptStep ? { keptStep: result.keptStep } : {}),
      validationWorks: i.validationWorks,
    },
    samples: result.samples,
    memorisation: { ...result.audit, gate: gateRecord(i.release, i.kind, gate.passed) },
    intendedUses: i.uses.intendedUses,
    outOfScopeUses: i.uses.outOfScopeUses,
    // Statuses and the demo are settled across all cards (card.ts settleStatuses).
    publicDemo: false,
    status: gate.passed ? 'current' : 'held-back',
    ...(gate.why ? { statusReason: gate.why } : {}),
    weights: { files: i.savedFiles, weightsSha256: result.weightsSha256, published: gate.passed },
  };
}

/** The card's record of a WebGPU adapter: what it says of itself (its limits are the machine's, not the model's). */
function adapterOf(b: BackendInfo): Pick<ModelCard['backend'], 'adapter'> {
  if (!b.adapter) return {};
  const { vendor, architecture, device, description, software } = b.adapter;
  return { adapter: { vendor, architecture, device, description, software } };
}
