import path from 'node:path';
import { checkCoop } from '../check/index.ts';
import { normalizedTexts } from '../dataset/index.ts';
import type { Problem, Result } from '../problems.ts';
import type { CheckedCoop } from '../records/types.ts';
import { progressTo } from '../progress.ts';
import { DatasetRegistry } from '../registry/index.ts';
import { recordJson, writeFilesAtomically } from '../fs/index.ts';
import { ScalingStudy, validateRecord, type TrainingProfile } from '../schemas/index.ts';
import { type BackendChoice, useBackend } from '../train/backend.ts';
import { TRAINER } from '../train/card.ts';
import { charModel } from '../train/char-model.ts';
import { tokenStream } from '../train/data.ts';
import { evaluateWith, unigramBaseline } from '../train/evaluate.ts';
import { recipeOptions, trainLoop } from '../train/loop.ts';
import { buildModel } from '../train/model.ts';
import { Tokenizer } from '../train/tokenizer.ts';
import { STUDIES_DIR } from './paths.ts';
import { nestedRuns } from './plan.ts';
import { contentId } from '../hash/index.ts';

export interface ScalingOptions {
  fractions: readonly number[];
  profile?: 'cpu' | 'gpu';
  /** Steps for every run (default: the profile's). */
  steps?: number;
  backend?: BackendChoice;
  log?: (line: string) => void;
}

export type ScalingResult = { ok: true; study: ScalingStudy; file: string } | { ok: false; problems: Problem[] };

export async function runScalingStudy(root: string, opts: ScalingOptions): Promise<ScalingResult> {
  const log = opts.log ?? (() => {});
  const fractions = [...new Set(opts.fractions)].sort((a, b) => a - b);
  const check = await checkCoop(root);
  if (!check.ok) return { ok: false, problems: check.problems };
  const { coop } = check;
  const data = await studyData(coop);
  if (!data.ok) return data;
  const { id, works, train, validation } = data.value;
  const profile = opts.profile ?? coop.policy.value.training.profile;
  const config: TrainingProfile = coop.policy.value.training.profiles[profile];
  const steps = opts.steps ?? config.steps;
  const backend = await useBackend(opts.backend ?? 'auto');
  log(`study: ${fractions.length} runs of ${steps} steps on ${backend.name}, dataset ${id} (${train.length} training works, ${validation.length} held out)`);
  // One vocabulary for every run: the whole dataset's, as the training stage builds it.
  const tokenizer = Tokenizer.fromTexts(works.map((w) => w.text));
  const started = new Date().toISOString();
  const runs: ScalingStudy['runs'] = [];
  let baseline: ScalingStudy['unigramBaseline'] | undefined;
  for (const run of nestedRuns(train, fractions)) {
    const { result, stream } = await trainFraction(run, { config, steps, tokenizer, validation, log });
    if (run.fraction === fractions.at(-1)) baseline = unigramBaseline(stream, validation, tokenizer);
    runs.push(result);
  }
  const recipe = { dataset: id, config, steps, fractions, trainer: TRAINER };
  const study: ScalingStudy = {
    schemaVersion: 1,
    id: contentId('s-', recipe),
    kind: 'scaling',
    dataset: id,
    trainer: TRAINER,
    profile,
    config,
    steps,
    validationWorks: validation.length,
    runs,
    unigramBaseline: baseline!,
    started,
    finished: new Date().toISOString(),
  };
  return { ok: true, study, file: await writeStudy(coop.root, study) };
}

type StudyWork = { hash: string; contributor: string; split: string; text: string };

/** The latest shared dataset's works with their texts, refused if corpus/ has moved on or it is too small to study. */
async function studyData(coop: CheckedCoop): Promise<Result<{ id: string; works: StudyWork[]; train: StudyWork[]; validation: StudyWork[] }>> {
  const registry = await DatasetRegistry.open(coop.root);
  if (!registry.ok) return registry;
  const id = registry.value.latestId('shared');
  const fix = 'run `commonplace-coop dataset` (or the pipeline) first';
  if (!id) return refuse('study/no-dataset', 'registry/datasets/index.json', 'has no shared dataset to study', fix);
  const manifest = await registry.value.manifest(id);
  if (!manifest.ok) return manifest;
  const dataset = manifest.value;
  const byFile = new Map(coop.works.map((w) => [w.file, w]));
  const records = dataset.works.map((w) => (w.path === undefined ? undefined : byFile.get(w.path)));
  if (records.some((r, i) => !r || r.hash !== dataset.works[i]!.hash))
    return refuse('study/stale-dataset', `registry/datasets/${id}.json`, 'names works that are no longer in corpus/ as they were', fix);
  const texts = await normalizedTexts(
    coop.root,
    records.map((r) => r!),
  );
  const works = dataset.works.map((w) => ({ hash: w.hash, contributor: w.contributor, split: w.split, text: texts.get(w.path!)! }));
  const train = works.filter((w) => w.split === 'train');
  const validation = works.filter((w) => w.split === 'validation');
  if (train.length < 2 || validation.length === 0)
    return refuse(
      'study/too-small',
      `registry/datasets/${id}.json`,
      `holds ${train.length} training and ${validation.length} held-out works: too few to study`,
      'a study needs at least two training works and one held out',
    );
  return { ok: true, value: { id, works, train, validation }, problems: [] };
}

const refuse = (code: string, file: string, message: string, hint: string): { ok: false; problems: Problem[] } => ({ ok: false, problems: [{ severity: 'error', code, file, message, hint }] });

interface RunSettings {
  config: TrainingProfile;
  steps: number;
  tokenizer: Tokenizer;
  validation: StudyWork[];
  log: (line: string) => void;
}

/** One run: a fresh model trained on one fraction of the training works, evaluated on the held-out works. */
async function trainFraction(run: { fraction: number; works: StudyWork[] }, { config, steps, tokenizer, validation, log }: RunSettings) {
  const stream = tokenStream(
    run.works.map((w) => w.text),
    tokenizer,
  );
  const model = charModel(buildModel(config, tokenizer.size), tokenizer, { shape: config });
  const progress = progressTo(log);
  const training = progress(`fraction ${run.fraction}`, steps, { unit: 'steps', rate: { perItem: config.batch * config.context, unit: 'tok/s' } });
  const t0 = performance.now();
  await trainLoop({
    model,
    stream,
    ...recipeOptions(config, steps),
    onStep: (r) => training.tick(1, `loss ${r.loss.toFixed(3)}`),
  });
  const trainingSeconds = (performance.now() - t0) / 1000;
  const { overall } = await evaluateWith(model, validation, config.context, progress);
  model.net.dispose();
  const result = { fraction: run.fraction, works: run.works.length, characters: run.works.reduce((n, w) => n + [...w.text].length, 0), validation: overall, trainingSeconds };
  log(`  fraction ${run.fraction}: ${run.works.length} works, ${result.characters.toLocaleString('en')} characters: ${overall.bitsPerChar.toFixed(3)} bits per character held out`);
  return { result, stream };
}

async function writeStudy(root: string, study: ScalingStudy): Promise<string> {
  const file = `${STUDIES_DIR}/${study.id}.json`;
  const valid = validateRecord(ScalingStudy, study, { file });
  if (!valid.ok) throw new Error(`built an invalid study record: ${JSON.stringify(valid.problems)}`);
  await writeFilesAtomically(new Map([[path.join(root, file), recordJson(study)]]));
  return file;
}
