/**
 * What the training benchmarks share: the policy's default CPU profile and the
 * current shared dataset's works, normalized and split as its manifest records
 * (or, with no dataset registered yet, as the dataset stage would build it).
 */
import { checkCoop } from '../pipeline/check/index.ts';
import { normalizedText, runDatasetStage } from '../pipeline/dataset/index.ts';
import { DatasetRegistry } from '../pipeline/registry/index.ts';
import type { DatasetManifest, TrainingProfile } from '../pipeline/schemas/index.ts';

export interface BenchInputs {
  /** The profile the policy calls the default CPU one (`training.profiles.cpu`). */
  profile: TrainingProfile;
  /** Where the split came from: the registry's manifest id, or a dry-run rebuild. */
  dataset: string;
  /** Normalized training works, in manifest order (the order the trainer streams them). */
  train: string[];
  validation: string[];
}

/** A problem with the co-op that stops a benchmark; its message says what to do. */
export class BenchSetupError extends Error {}

async function sharedManifest(root: string, check: Awaited<ReturnType<typeof checkCoop>>): Promise<{ manifest: DatasetManifest; source: string }> {
  const registry = await DatasetRegistry.open(root);
  if (!registry.ok) throw new BenchSetupError(`registry/datasets is unreadable: ${registry.problems.map((p) => `${p.file}: ${p.message}`).join('; ')}`);
  const id = registry.value.latestId('shared');
  if (id) {
    const read = await registry.value.manifest(id);
    if (!read.ok) throw new BenchSetupError(`registry/datasets/${id}.json: ${read.problems.map((p) => p.message).join('; ')}`);
    return { manifest: read.value, source: `registry/datasets/${id}.json` };
  }
  const built = await runDatasetStage(root, { check, dryRun: true });
  const shared = built.datasets.find((d) => d.kind === 'shared');
  if (!built.ok || !shared) throw new BenchSetupError('no shared dataset is registered and none could be built: run `npm run pipeline` first');
  return { manifest: shared, source: `dataset ${shared.id} (rebuilt with dryRun, not registered)` };
}

/** Read the co-op at `root`: its CPU profile and shared train/validation texts. */
export async function loadBenchInputs(root: string): Promise<BenchInputs> {
  const check = await checkCoop(root);
  if (!check.ok) {
    const first = check.problems.find((p) => p.severity === 'error');
    throw new BenchSetupError(`the co-op at ${root} does not pass \`npm run check\`${first ? ` (${first.file}: ${first.message})` : ''}`);
  }
  const profile = check.coop.policy.value.training.profiles.cpu;
  const { manifest, source } = await sharedManifest(root, check);
  const works = new Map(check.coop.works.map((w) => [w.file, w]));
  const texts = async (split: 'train' | 'validation') =>
    Promise.all(
      manifest.works
        .filter((w) => w.split === split)
        .map(async (w) => {
          const work = w.path === undefined ? undefined : works.get(w.path);
          if (!work) throw new BenchSetupError(`${source} lists ${w.path ?? 'a withdrawn work'}, which is not in corpus/ any more: rerun the dataset stage`);
          return normalizedText(work);
        }),
    );
  const train = await texts('train');
  if (train.length === 0) throw new BenchSetupError(`${source} has no training works`);
  return { profile, dataset: source, train, validation: await texts('validation') };
}
