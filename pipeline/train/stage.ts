/**
 * The training stage: for the current shared dataset and each allotment
 * dataset, train the model its recipe asks for (unless a model of that recipe
 * exists with its weights), evaluate and audit it, save its weights and card,
 * then settle every card's status (current, superseded, held back, retired).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../check/index.ts';
import { displayable, normalizedText } from '../dataset/index.ts';
import { notice, type Problem } from '../problems.ts';
import { DatasetRegistry, MODELS_DIR, readModelRegistry, recordJson, writeFilesAtomically } from '../registry/index.ts';
import { ModelCard, validateRecord, type DatasetManifest, type ModelIndex, type TrainingProfile } from '../schemas/index.ts';
import type { AuditWork } from './audit.ts';
import { useBackend, type BackendChoice, type BackendInfo } from './backend.ts';
import { compressCurve, modelVersion, settleStatuses, TRAINER, usesFor } from './card.ts';
import { countParams, flopsPerToken } from './model.ts';
import { loadModel, verifyFiles, writeModel } from './model-io.ts';
import type { StepReport } from './loop.ts';
import { Tokenizer } from './tokenizer.ts';
import { trainOne } from './train-one.ts';

export const MODELS_ARTIFACTS = 'artifacts/models';

export interface TrainStageOptions {
  check: CheckResult;
  /** The datasets the dataset stage produced, shared first. */
  datasets: readonly DatasetManifest[];
  backend?: BackendChoice;
  resume?: boolean;
  /** Override the policy's profile (cpu or gpu) or its steps (tests). */
  profile?: 'cpu' | 'gpu';
  /** Progress lines for the terminal. */
  log?: (line: string) => void;
}

export interface TrainStageResult {
  ok: boolean;
  problems: Problem[];
  trained: string[];
  skipped: string[];
  cards: ModelCard[];
  backend?: BackendInfo;
}

function progress(label: string, total: number, log: (l: string) => void): (r: StepReport) => void {
  const started = performance.now();
  let lastPrint = 0;
  let firstStep: number | undefined;
  return (r) => {
    firstStep ??= r.step;
    const now = performance.now();
    const done = r.step + 1;
    if (done !== total && now - lastPrint < 5000 && done !== firstStep + 1) return;
    lastPrint = now;
    const seconds = (now - started) / 1000;
    const rate = ((done - firstStep) * (r.tokens / done)) / Math.max(seconds, 1e-9);
    const eta = ((total - done) * (seconds / Math.max(1, done - firstStep))).toFixed(0);
    log(`  ${label} step ${done}/${total} loss ${r.loss.toFixed(3)} ${Math.round(rate).toLocaleString('en')} tok/s ETA ${eta}s`);
  };
}

export async function runTrainStage(root: string, opts: TrainStageOptions): Promise<TrainStageResult> {
  const log = opts.log ?? (() => {});
  const { coop } = opts.check;
  const policy = coop.policy!.value;
  const profileName = opts.profile ?? policy.training.profile;
  const config: TrainingProfile = policy.training.profiles[profileName];
  const problems: Problem[] = [];
  const registry = await readModelRegistry(coop.root);
  if (!registry.ok) return { ok: false, problems: registry.problems, trained: [], skipped: [], cards: [] };
  const cards = new Map(registry.value.cards.map((c) => [c.version, c]));
  const index: ModelIndex = structuredClone(registry.value.index);
  const useCases = new Map([...coop.useCases].map(([s, u]) => [s, u.value]));
  // Texts are read only for models that are actually trained.
  const works = new Map(coop.works.map((w) => [w.file, w]));
  const texts = new Map<string, string>();
  const textOf = async (file: string): Promise<string> => {
    if (!texts.has(file)) texts.set(file, await normalizedText(works.get(file)!));
    return texts.get(file)!;
  };

  const trained: string[] = [];
  const skipped: string[] = [];
  const files = new Map<string, string>();
  let backend: BackendInfo | undefined;
  let sharedVersion: string | null = null;

  for (const dataset of opts.datasets) {
    const kind = dataset.kind;
    const trainWorks = dataset.works.filter((w) => w.split === 'train');
    if (trainWorks.length === 0) {
      problems.push(notice('train/no-data', `registry/datasets/${dataset.id}.json`, `${kind === 'shared' ? 'the shared dataset' : `${dataset.member}'s dataset`} has no training works: no model trained`));
      continue;
    }
    if (kind === 'allotment' && sharedVersion === null) {
      problems.push(notice('train/no-base', `registry/datasets/${dataset.id}.json`, `no shared model to start ${dataset.member}'s allotment from: skipped`));
      continue;
    }
    const steps = kind === 'shared' ? config.steps : config.allotmentSteps;
    const base = kind === 'shared' ? null : sharedVersion;
    const version = modelVersion({ kind, member: dataset.member, dataset: dataset.id, config, steps, base });
    if (kind === 'shared') sharedVersion = version;
    const existing = cards.get(version);
    const dir = path.join(coop.root, MODELS_ARTIFACTS, version);
    if (existing && (existing.status === 'retired' || !existing.weights.published || (await verifyFiles(coop.root, existing.weights.files)))) {
      skipped.push(version);
      log(`  ${version} (${kind === 'shared' ? 'shared' : dataset.member}): unchanged, not retrained`);
      continue;
    }
    backend ??= await useBackend(opts.backend ?? 'auto');
    if (trained.length === 0) log(`  backend: ${backend.name} (${backend.reason})`);
    const train: AuditWork[] = [];
    for (const w of trainWorks) train.push({ hash: w.hash, contributor: w.contributor, text: await textOf(w.path), displayable: displayable(w.scopes) });
    const validation = [];
    for (const w of dataset.works.filter((x) => x.split === 'validation')) validation.push({ contributor: w.contributor, text: await textOf(w.path) });
    const baseModel = base ? await loadModel(path.join(coop.root, MODELS_ARTIFACTS, base)) : undefined;
    const tokenizer = baseModel ? Tokenizer.fromJson(baseModel.tokenizer) : Tokenizer.fromTexts([...train.map((w) => w.text), ...validation.map((w) => w.text)]);
    const label = `${version} (${kind === 'shared' ? 'shared' : dataset.member})`;
    log(`  ${label}: training ${steps} steps on ${trainWorks.length} works, ${dataset.totals.train.characters.toLocaleString('en')} characters`);
    const startedAt = new Date();
    const result = await trainOne({
      config, steps, tokenizer, base: baseModel?.model, train, validation,
      audit: { promptChars: 32, generateChars: Math.min(512, policy.release.maxVerbatimChars + 64), extractionChars: policy.release.extractionChars },
      checkpointDir: path.join(coop.root, 'artifacts/checkpoints', version), resume: opts.resume ?? false,
      onStep: progress(label, steps, log),
    });
    baseModel?.model.dispose();
    const passed = result.audit.maxVerbatimTraining <= policy.release.maxVerbatimChars && result.audit.extractionRate <= policy.release.maxExtractionRate;
    if (existing && existing.weights.weightsSha256 === result.weightsSha256) {
      // Weights were missing (a fresh clone): the same recipe gave the same weights, so the card stands.
      await writeModel(dir, result.files, coop.root);
      result.model.dispose();
      skipped.push(version);
      log(`  ${label}: weights restored (same sha256 as the card)`);
      continue;
    }
    const uses = usesFor(kind, useCases);
    const tokens = (steps - result.resumedFrom) * config.batch * config.context;
    const saved = await writeModel(dir, result.files, coop.root);
    const card: ModelCard = {
      schemaVersion: 1, version, kind, ...(dataset.member ? { member: dataset.member } : {}), baseModel: base, dataset: dataset.id, trainer: TRAINER,
      architecture: { type: 'char-transformer', parameters: countParams(result.model), vocabulary: tokenizer.size, flopsPerToken: flopsPerToken(config, tokenizer.size) },
      config, steps, profile: profileName,
      backend: { name: backend.name, reason: backend.reason, ...backend.hardware },
      started: startedAt.toISOString(), finished: new Date().toISOString(), trainingSeconds: Number(result.trainingSeconds.toFixed(1)),
      tokensSeen: steps * config.batch * config.context, tokensPerSecond: Math.round(tokens / Math.max(result.trainingSeconds, 1e-9)),
      lossCurve: compressCurve(result.curve),
      metrics: { validation: result.validation, perContributor: result.perContributor, unigramBaseline: result.baseline, validationWorks: validation.length },
      samples: result.samples,
      memorisation: { ...result.audit, gate: { maxVerbatimChars: policy.release.maxVerbatimChars, maxExtractionRate: policy.release.maxExtractionRate, passed } },
      intendedUses: uses.intendedUses, outOfScopeUses: uses.outOfScopeUses, publicDemo: uses.demoAllowed && passed,
      status: passed ? 'current' : 'held-back',
      ...(passed ? {} : { statusReason: `memorisation audit: longest verbatim run ${result.audit.maxVerbatimTraining} (limit ${policy.release.maxVerbatimChars}), extraction rate ${result.audit.extractionRate.toFixed(3)} (limit ${policy.release.maxExtractionRate})` }),
      weights: { files: saved, weightsSha256: result.weightsSha256, published: passed },
    };
    result.model.dispose();
    cards.set(version, card);
    if (!index.models.some((m) => m.version === version)) index.models.push({ version, kind, ...(dataset.member ? { member: dataset.member } : {}) });
    trained.push(version);
    log(`  ${label}: validation ${result.validation.bitsPerChar.toFixed(3)} bits/char (unigram ${result.baseline.bitsPerChar.toFixed(3)}), longest verbatim run ${result.audit.maxVerbatimTraining}, ${card.status}`);
  }

  // Settle statuses across every card: withdrawals retire, newest released is current.
  const datasets = await DatasetRegistry.open(coop.root);
  if (!datasets.ok) return { ok: false, problems: datasets.problems, trained, skipped, cards: [...cards.values()] };
  const all = await datasets.value.all();
  if (!all.ok) return { ok: false, problems: all.problems, trained, skipped, cards: [...cards.values()] };
  const withdrawn = new Map<string, { contributor: string; dataset: string }>();
  for (const d of all.value) for (const w of d.changes.withdrawn) withdrawn.set(w.hash, { contributor: w.contributor, dataset: d.id });
  const ordered = index.models.map((m) => cards.get(m.version)!);
  const settled = settleStatuses(ordered, new Map(all.value.map((d) => [d.id, d])), withdrawn);
  for (const card of settled) {
    const before = registry.value.cards.find((c) => c.version === card.version);
    if (JSON.stringify(before) === JSON.stringify(card)) continue;
    const valid = validateRecord(ModelCard, card, { file: `${MODELS_DIR}/${card.version}.json` });
    if (!valid.ok) throw new Error(`built an invalid model card: ${JSON.stringify(valid.problems)}`);
    files.set(path.join(coop.root, MODELS_DIR, `${card.version}.json`), recordJson(card));
    if (!card.weights.published && card.status === 'retired') {
      // Retired: the weights are no longer published, nor kept.
      await rm(path.join(coop.root, MODELS_ARTIFACTS, card.version), { recursive: true, force: true });
    }
  }
  if (files.size > 0) {
    files.set(path.join(coop.root, MODELS_DIR, 'index.json'), recordJson(index));
    await writeFilesAtomically(files);
  }
  return { ok: true, problems, trained, skipped, cards: settled, ...(backend ? { backend } : {}) };
}
