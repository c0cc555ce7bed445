/**
 * Registering a model trained elsewhere (on someone else's cluster, from
 * `commonplace-coop export`): an open checkpoint in Hugging Face's layout,
 * the registered dataset it was trained on, and the trainer's own words on
 * the recipe and where it ran. It is evaluated, audited and gated here like
 * every model before it can be current; its card names the dataset, so
 * withdrawal retires it like any other.
 */
import path from 'node:path';
import type { PassedCheck } from '../check/index.ts';
import { ledgerOf } from '../consent/index.ts';
import { loadCheckpoint } from '../checkpoints/load.ts';
import { notRegularWords, readRegularFile } from '../checkpoints/regular-file.ts';
import { CheckpointError } from '../checkpoints/safetensors.ts';
import { error, type Problem, type Result } from '../problems.ts';
import { Progress, type ProgressFactory } from '../progress.ts';
import { DatasetRegistry, readModelRegistry } from '../registry/index.ts';
import { type DatasetManifest, DatasetId, type ModelCard, type ModelIndex } from '../schemas/index.ts';
import type { CheckedCoop } from '../records/types.ts';
import { type BackendChoice, useBackend } from './backend.ts';
import { buildCard } from './build-card.ts';
import { usesFor } from './card.ts';
import { assess } from './assess.ts';
import { checkpointModel } from './checkpoint-model.ts';
import { choosePrompts } from './prompts.ts';
import { jobTexts } from './job-texts.ts';
import { writeModel } from './model-io.ts';
import { contentId, sha256 } from '../hash/index.ts';
import { MODELS_ARTIFACTS } from './job.ts';
import { settleAndWrite } from './stage.ts';

/** The code that registered a model (the card's trainer); what trained it is in trainedElsewhere.declared (@2: the version hashes canonical JSON). */
export const REGISTRAR = 'commonplace-register@2';

/** Longest declaration of how and where a model was trained. */
export const MAX_DECLARED = 2000;

export interface RegisterInput {
  check: PassedCheck;
  dataset: string;
  /** The checkpoint folder: config.json, model.safetensors (or its shards and index), tokenizer.json. */
  dir: string;
  /** The recipe and where it ran, in the trainer's words. */
  trainer: string;
  backend?: BackendChoice;
  log?: (line: string) => void;
}

export type RegisterResult = { ok: true; card: ModelCard; already: boolean } | { ok: false; problems: Problem[] };

/** The files of a checkpoint folder that make the model, in a stable order, each read only if it is a regular file. */
async function checkpointFiles(dir: string, root: string): Promise<{ files: Map<string, Uint8Array>; problems: Problem[] }> {
  const names = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
  const index = await readRegularFile(path.join(dir, 'model.safetensors.index.json'));
  if (index.kind === 'missing') names.push('model.safetensors');
  else {
    names.push('model.safetensors.index.json');
    // A damaged index adds no shards here; loading the checkpoint then says what is wrong with it.
    const parsed = (() => {
      try {
        return index.kind === 'file' ? (JSON.parse(index.bytes.toString('utf8')) as { weight_map?: Record<string, unknown> }) : {};
      } catch {
        return {};
      }
    })();
    const shards = Object.values(parsed.weight_map ?? {}).filter((f): f is string => typeof f === 'string' && /^[\w.-]+\.safetensors$/.test(f));
    names.push(...new Set(shards));
  }
  const files = new Map<string, Uint8Array>();
  const problems: Problem[] = [];
  for (const n of names.sort()) {
    const file = path.join(dir, n);
    const got = await readRegularFile(file);
    if (got.kind === 'file') files.set(n, got.bytes);
    else if (got.kind !== 'missing') {
      problems.push(
        error(
          'register/not-regular',
          path.relative(root, file).startsWith('..') ? file : path.relative(root, file),
          `is ${notRegularWords(got.kind)}; register-model copies only regular files into artifacts/ and the Release`,
          {
            hint: 'put the file itself in the checkpoint folder (e.g. cp -L), not a link to it',
          },
        ),
      );
    }
  }
  return { files, problems };
}

export async function registerModel(input: RegisterInput): Promise<RegisterResult> {
  const coop = input.check.coop;
  const declared = input.trainer.trim();
  const refused = requestProblems(input, declared);
  if (refused.length > 0) return { ok: false, problems: refused };
  const dataset = await registeredDataset(coop, input.dataset);
  if (!dataset.ok) return dataset;
  const read = await checkpointFiles(input.dir, coop.root);
  if (read.problems.length > 0) return { ok: false, problems: read.problems };
  const { files } = read;
  const hashes = Object.fromEntries([...files].map(([n, b]) => [n, sha256(b)]));
  const d = dataset.value;
  const version = contentId('m-', { registrar: REGISTRAR, dataset: d.content, kind: d.kind, member: d.member ?? null, files: hashes, declared });
  const models = await readModelRegistry(coop.root);
  if (!models.ok) return models;
  const existing = models.value.cards.find((c) => c.version === version);
  if (existing) return { ok: true, card: existing, already: true };

  const log = input.log ?? (() => {});
  const backend = await useBackend(input.backend ?? 'auto');
  log(`  backend: ${backend.name} (${backend.reason})`);
  const checkpoint = await openCheckpoint(coop.root, input.dir);
  if (!checkpoint.ok) return checkpoint;
  try {
    const card = await assessAndDescribe({ coop, dataset: d, version, declared, backend, files, hashes, checkpoint: checkpoint.value, log });
    return await record(coop, models.value, card);
  } finally {
    for (const v of checkpoint.value.model.weights.values()) v.dispose();
  }
}

/** The trainer's declaration and the dataset id, before anything is read. */
function requestProblems(input: RegisterInput, declared: string): Problem[] {
  if (declared.length === 0 || declared.length > MAX_DECLARED)
    return [
      error('register/trainer', '--trainer', `must say how and where the model was trained, in 1 to ${MAX_DECLARED} characters`, {
        hint: 'e.g. --trainer "SmolLM2-135M fine-tuned 2 epochs at 1e-4 with transformers 4.46 on 4×A100 at Example Compute"',
      }),
    ];
  if (!new RegExp(DatasetId.pattern!).test(input.dataset))
    return [error('register/dataset', '--dataset', `"${input.dataset}" is not a dataset id`, { hint: 'a dataset id is 16 hex digits, as `commonplace-coop export` names it' })];
  return [];
}

/** The registered dataset the model was trained on, refused if it holds withdrawn writing. */
async function registeredDataset(coop: CheckedCoop, id: string): Promise<Result<DatasetManifest>> {
  const registry = await DatasetRegistry.open(coop.root);
  if (!registry.ok) return registry;
  const manifest = await registry.value.manifest(id);
  if (!manifest.ok)
    return {
      ok: false,
      problems: [
        error('register/dataset', `registry/datasets/${id}.json`, `there is no registered dataset ${id}`, {
          hint: 'use the dataset id that `commonplace-coop export` named when the training data left the co-op',
        }),
      ],
    };
  const ledger = ledgerOf(coop);
  const withdrawn = manifest.value.works.find((w) => ledger.isWithdrawn(w.contributor, w.hash));
  if (!withdrawn) return { ok: true, value: manifest.value, problems: [] };
  return {
    ok: false,
    problems: [
      error(
        'register/withdrawn',
        `registry/datasets/${id}.json`,
        `holds writing withdrawn on ${ledger.dateOf(withdrawn.contributor, withdrawn.hash)}: a model trained on it would be retired at once`,
        {
          hint: 'train again on the current dataset (commonplace-coop export) and register that model',
        },
      ),
    ],
  };
}

type Checkpoint = Awaited<ReturnType<typeof loadCheckpoint>>;

async function openCheckpoint(root: string, dir: string): Promise<Result<Checkpoint>> {
  try {
    return { ok: true, value: await loadCheckpoint(dir), problems: [] };
  } catch (e) {
    if (!(e instanceof CheckpointError)) throw e;
    return { ok: false, problems: [error('register/checkpoint', path.relative(root, dir) || dir, e.message, { hint: "register-model reads a GPT-2 or Llama checkpoint in Hugging Face's layout" })] };
  }
}

interface Registration {
  coop: CheckedCoop;
  dataset: DatasetManifest;
  version: string;
  declared: string;
  backend: Awaited<ReturnType<typeof useBackend>>;
  files: Map<string, Uint8Array>;
  hashes: Record<string, string>;
  checkpoint: Checkpoint;
  log: (line: string) => void;
}

/** Evaluate, sample and audit the checkpoint as every model is, keep its files, and write its card. */
async function assessAndDescribe(r: Registration): Promise<ModelCard> {
  const { coop, dataset, version, checkpoint } = r;
  const { train, validation } = await jobTexts(coop, dataset);
  const progress: ProgressFactory = (phase, total, options) => new Progress(`${version} (registered) ${phase}`, total, r.log, options);
  const policy = coop.policy.value;
  const started = new Date();
  const lm = checkpointModel(checkpoint, { context: Math.min(checkpoint.model.context, policy.training.base?.context ?? 256) });
  const assessed = await assess(lm, { train, validation, prompts: choosePrompts(policy.training.samplePrompts, validation), seed: 0, release: policy.release, progress });
  const savedFiles = await writeModel(path.join(coop.root, MODELS_ARTIFACTS, version), r.files, coop.root);
  const weightsName = r.files.has('model.safetensors') ? 'model.safetensors' : 'model.safetensors.index.json';
  return buildCard({
    version,
    kind: dataset.kind,
    ...(dataset.member ? { member: dataset.member } : {}),
    dataset: dataset.id,
    base: null,
    steps: 0,
    profile: policy.training.profile,
    backend: r.backend,
    workers: 1,
    release: policy.release,
    uses: usesFor(dataset.kind, useCasesOf(coop)),
    result: { ...assessed, weightsSha256: r.hashes[weightsName]!, curve: [], trainingSeconds: 0, resumedFrom: 0 },
    architecture: lm.architecture,
    parameters: lm.parameters,
    vocabulary: lm.vocab,
    flopsPerToken: lm.flopsPerToken,
    started,
    finished: new Date(),
    validationWorks: validation.length,
    savedFiles,
    trainer: REGISTRAR,
    extra: { trainedElsewhere: { declared: r.declared, registered: started.toISOString() } },
  });
}

type ModelRegistry = { index: ModelIndex; cards: ModelCard[] };

const useCasesOf = (coop: CheckedCoop) => new Map([...coop.useCases].map(([s, u]) => [s, u.value]));

/** Add the card to the registry and settle which models are current, as the train stage does. */
async function record(coop: CheckedCoop, models: ModelRegistry, card: ModelCard): Promise<RegisterResult> {
  const index = structuredClone(models.index);
  index.models.push({ version: card.version, kind: card.kind, ...(card.member ? { member: card.member } : {}) });
  const cards = new Map(models.cards.map((c) => [c.version, c]));
  cards.set(card.version, card);
  const settled = await settleAndWrite(coop, index, cards, models.cards, usesFor('shared', useCasesOf(coop)).demoAllowed);
  if (!settled.ok) return settled;
  return { ok: true, card: settled.cards.find((c) => c.version === card.version)!, already: false };
}
