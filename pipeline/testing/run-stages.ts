/** Run check → dataset → train in-process on a co-op, as the pipeline does (for tests). */
import { checkCoop } from '../check/index.ts';
import { runDatasetStage } from '../dataset/index.ts';
import type { TrainingProfile } from '../schemas/index.ts';
import { runTrainStage, type TrainStageOptions } from '../train/stage.ts';
import { coop } from './coop-builder.ts';
import { GitFixture } from './git-fixture.ts';

/** A model small enough to train in a second or two on wasm. */
export const TINY: TrainingProfile = {
  layers: 1,
  dModel: 16,
  heads: 2,
  context: 16,
  batch: 4,
  steps: 20,
  allotmentSteps: 5,
  learningRate: 0.01,
  warmupSteps: 2,
  weightDecay: 0.01,
  clipNorm: 1,
  seed: 7,
};

export async function runStages(root: string, opts: Partial<TrainStageOptions> = {}) {
  const check = await checkCoop(root);
  if (!check.ok) throw new Error(`check failed: ${JSON.stringify(check.problems)}`);
  const datasets = await runDatasetStage(root, { check });
  if (!datasets.ok) throw new Error(`dataset failed: ${JSON.stringify(datasets.problems)}`);
  const train = await runTrainStage(root, { check, datasets: datasets.datasets, backend: 'wasm', ...opts });
  return { check, datasets, train };
}

/** The first work of the tiny co-op. */
export const POEM = 'The river keeps what we drop into it,\nthe keys, the rings, the names.\n\nLow water shows them all again\nin August, when the town walks out.\n';

/** Two writers, four works, committed: a shared model and one allotment (ana's) to train at TINY; `extra` adds to it. */
export async function tinyCoop(extra: (b: ReturnType<typeof coop>) => ReturnType<typeof coop> = (b) => b) {
  const b = coop()
    .withPolicy({ training: { profile: 'cpu', profiles: { cpu: TINY } }, dataset: { minValidationWorks: 1 } })
    .member('ana')
    .work('ana', 'river', { body: POEM })
    .work('ana', 'bread', { body: 'Four in the morning, flour to the elbow,\nthe ovens ticking as they heat.\n' })
    .member('bo', { scopes: ['train-shared', 'display-excerpts'] })
    .work('bo', 'tide', { body: 'The tide came in over the causeway\nand we stayed on the island one more night.\n' })
    .work('bo', 'salt', { body: 'Salt on the window, salt in the bread,\nsalt in everything she said.\n' });
  const root = await extra(b).write();
  const git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  return { root, git };
}
