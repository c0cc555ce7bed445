import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PassedCheck } from '../../check/index.ts';
import { HANDLE_PATTERN, type DatasetManifest } from '../../schemas/index.ts';
import { runDatasetStage } from '../../dataset/index.ts';
import { BACKENDS, BackendUnavailable, type BackendChoice } from '../../train/backend-names.ts';
import type { TrainStageOptions, TrainStageResult } from '../../train/stage.ts';
import { folderSource, releasesSource, urlSource, type WeightsSource } from '../../train/restore.ts';
import { githubFromEnv } from '../../github/index.ts';
import { EXIT, problemLines, UsageError, type Io } from '../io.ts';
import { checkStep, requireCoopRoot } from './check.ts';
import type { Command, CommandArgs } from './types.ts';

export const TRAIN_OPTIONS = {
  backend: { type: 'string', default: 'auto' },
  resume: { type: 'boolean', default: false },
  profile: { type: 'string' },
  workers: { type: 'string' },
  'weights-from': { type: 'string' },
  only: { type: 'string' },
  'models-from': { type: 'string' },
  out: { type: 'string' },
} as const;

/** The usage of the training flags, for `train` and `pipeline`. */
export const TRAIN_USAGE =
  '[--backend auto|tensorflow-gpu|webgpu|tensorflow|wasm|cpu] [--resume] [--profile cpu|gpu] [--workers N] [--weights-from github|URL|DIR] [--only shared|HANDLE|none] [--models-from DIR] [--out DIR]';

/** Whether `p` names a folder that is there. */
const isFolder = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Read and check --backend (default auto). */
export function backendFlag(value: unknown): BackendChoice {
  const backend = String(value ?? 'auto');
  if (!(BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, not "${backend}"`);
  return backend as BackendChoice;
}

/** A backend asked for by name that cannot start is a usage error (exit 2), not an internal one. */
export function backendAsUsage(e: unknown): never {
  throw e instanceof BackendUnavailable ? new UsageError(e.message) : e;
}

/** The stage's options a command line sets. */
export type TrainFlags = Pick<TrainStageOptions, 'profile' | 'workers' | 'weightsFrom' | 'only' | 'modelsFrom' | 'out'> & { backend: BackendChoice; resume: boolean };

/** Read and check --backend, --resume, --profile, --workers, --weights-from, and a matrix job's --only, --models-from and --out. */
export function trainFlags(values: CommandArgs['values']): TrainFlags {
  const backend = backendFlag(values.backend);
  const profile = values.profile;
  if (profile !== undefined && profile !== 'cpu' && profile !== 'gpu') throw new UsageError(`--profile must be cpu or gpu, not "${String(profile)}"`);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256)) throw new UsageError(`--workers must be a whole number from 1 to 256, not "${String(values.workers)}"`);
  const from = values['weights-from'];
  const weightsFrom = from === undefined ? undefined : weightsSource(String(from));
  const only = values.only === undefined ? undefined : String(values.only);
  if (only !== undefined && !new RegExp(HANDLE_PATTERN).test(only)) throw new UsageError(`--only must be shared, none or a member's handle, not "${only}"`);
  const modelsFrom = values['models-from'] === undefined ? undefined : String(values['models-from']);
  if (modelsFrom !== undefined && !isFolder(modelsFrom)) {
    throw new UsageError(`--models-from must name a folder of models a matrix job handed on with --out (DIR/<version>/card.json), and "${modelsFrom}" is not a folder`);
  }
  const out = values.out === undefined ? undefined : path.resolve(String(values.out));
  return {
    backend,
    resume: Boolean(values.resume),
    ...(profile ? { profile } : {}),
    ...(workers ? { workers } : {}),
    ...(weightsFrom ? { weightsFrom } : {}),
    ...(only ? { only } : {}),
    ...(modelsFrom ? { modelsFrom: path.resolve(modelsFrom) } : {}),
    ...(out ? { out } : {}),
  };
}

/** A --only that names no planned model is a usage error: which members have one, in words. */
function checkOnly(only: string | undefined, datasets: readonly DatasetManifest[]): void {
  if (only === undefined || only === 'shared' || only === 'none') return;
  const members = datasets.filter((d) => d.kind === 'allotment').map((d) => d.member);
  if (!members.includes(only)) {
    throw new UsageError(
      `--only ${only}: no member of that handle has a dataset of their own; ${members.length ? `the members who do: ${members.join(', ')}` : 'no member has one'} (or shared, or none)`,
    );
  }
}

/** --weights-from: `github` (the models' Releases), an http(s) address, or a folder. */
export function weightsSource(from: string, env: NodeJS.ProcessEnv = process.env): WeightsSource {
  if (from === 'github') {
    const ctx = githubFromEnv(env);
    if (!ctx) {
      throw new UsageError(
        '--weights-from github reads the models’ Releases through the GitHub API and needs GITHUB_TOKEN and GITHUB_REPOSITORY set (on Actions: give the step GITHUB_TOKEN from github.token, with contents: read)',
      );
    }
    return releasesSource(ctx);
  }
  if (/^https?:\/\//i.test(from)) {
    try {
      return urlSource(new URL(from).href);
    } catch {
      throw new UsageError(`--weights-from "${from}" is not a web address that can be read; give it as https://host/path/ (files at <address>/<version>/<file>)`);
    }
  }
  if (!isFolder(from)) {
    throw new UsageError(`--weights-from must be github (the models' Releases), a web address (https://…) or a folder of published weights (DIR/<version>/<file>), and "${from}" is none of them`);
  }
  return folderSource(path.resolve(from));
}

/** Run the training stage and print its summary; shared by `train` and `pipeline`. */
export async function trainStep(io: Io, check: PassedCheck, datasets: readonly DatasetManifest[], flags: TrainFlags): Promise<TrainStageResult> {
  checkOnly(flags.only, datasets);
  // TensorFlow.js loads only when something trains: every other command starts without it.
  const { runTrainStage } = await import('../../train/stage.ts');
  const result = await runTrainStage(check.coop.root, { check, datasets, ...flags, log: (l) => io.stderr.write(`${l}\n`) }).catch(backendAsUsage);
  if (!result.ok) {
    io.stdout.write(problemLines(result.problems));
    return result;
  }
  io.stdout.write('models:\n');
  for (const c of result.cards.filter((c) => result.trained.includes(c.version) || result.skipped.includes(c.version))) {
    const who = c.kind === 'shared' ? 'shared' : `allotment of ${c.member}`;
    const state = result.trained.includes(c.version) ? 'trained' : 'unchanged';
    io.stdout.write(
      `  ${c.version}  ${who.padEnd(28)} ${c.metrics.validation.bitsPerChar.toFixed(3)} bits/char (unigram ${c.metrics.unigramBaseline.bitsPerChar.toFixed(3)})  ${c.status}  ${state}\n`,
    );
  }
  for (const c of result.cards.filter((c) => c.status === 'retired' && !result.skipped.includes(c.version) && !result.trained.includes(c.version))) {
    io.stdout.write(`  ${c.version}  retired: ${c.statusReason}\n`);
  }
  for (const p of result.problems) io.stdout.write(`  note: ${p.message}\n`);
  return result;
}

export const train: Command = {
  name: 'train',
  summary: "Train the shared model and members' own models on the current datasets, evaluate and audit them, write model cards.",
  usage: `[--root DIR] [--plan] ${TRAIN_USAGE}`,
  help: [
    'The current datasets must be registered (run `commonplace-coop dataset` first, or the pipeline).',
    'A model whose recipe (dataset, config, base model) is unchanged and whose weights are present is not retrained.',
    '--workers N: threads that compute each step on the wasm and cpu backends (default: one per core, up to the',
    "profile's microBatches); the weights are the same whatever N is.",
    '--weights-from github|URL|DIR: before retraining a model whose weights are missing, restore them from where they',
    "were published: github, the model's Release (model-<version>) in GITHUB_REPOSITORY, read with GITHUB_TOKEN;",
    'URL, files at URL/<version>/<file>; DIR, files at DIR/<version>/<file>, as `gh release download model-<version>',
    "--dir DIR/<version>` leaves them. Each file must have the sha256 its card records, or none of the model's is taken.",
    '--plan: print, as JSON, the members whose own model this run would train ({"members": [...]}), and train nothing',
    "(pipeline.yml's matrix). A matrix job trains one part: --only shared, or --only HANDLE (the shared model must be",
    'here, or in --models-from), and hands it on with --out DIR (DIR/<version>/card.json and its files). The last job,',
    '--only none --models-from DIR, takes in what the jobs made, checked against their cards, and trains nothing.',
  ].join('\n'),
  options: { ...TRAIN_OPTIONS, plan: { type: 'boolean', default: false } },
  async run({ values, root }, io) {
    const flags = trainFlags(values);
    // With --plan, stdout is the JSON alone (a workflow reads it); the check's report goes to stderr.
    const check = await checkStep(await requireCoopRoot(root), values.plan ? { ...io, stdout: io.stderr } : io);
    if (!check.ok) return EXIT.problems;
    const datasets = await runDatasetStage(check.coop.root, { check, dryRun: true });
    if (!datasets.ok) return EXIT.problems;
    const missing = datasets.datasets.filter((d) => !datasets.registered.has(d.id));
    if (missing.length > 0) {
      io.stderr.write(`commonplace-coop train: datasets ${missing.map((d) => d.id).join(', ')} are not registered yet; run \`commonplace-coop dataset\` first.\n`);
      return EXIT.problems;
    }
    if (values.plan) {
      const { planTrainStage } = await import('../../train/stage.ts');
      const planned = await planTrainStage({ check, datasets: datasets.datasets, ...(flags.profile ? { profile: flags.profile } : {}) });
      if (!planned.ok) {
        io.stdout.write(problemLines(planned.problems));
        return EXIT.problems;
      }
      const members = planned.steps.flatMap((s) => (s.action === 'train' && s.job.dataset.kind === 'allotment' ? [s.job.dataset.member!] : []));
      io.stdout.write(`${JSON.stringify({ members })}\n`);
      return EXIT.ok;
    }
    const result = await trainStep(io, check, datasets.datasets, flags);
    return result.ok ? EXIT.ok : EXIT.problems;
  },
};
