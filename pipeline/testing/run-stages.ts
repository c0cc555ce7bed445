/** Run check → dataset → train in-process on a co-op, as the pipeline does (for tests). */
import { checkCoop } from '../check/index.ts';
import { runDatasetStage } from '../dataset/index.ts';
import type { TrainingProfile } from '../schemas/index.ts';
import { runTrainStage, type TrainStageOptions } from '../train/stage.ts';

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
