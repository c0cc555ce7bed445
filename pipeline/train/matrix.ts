/**
 * Training as a matrix of jobs (pipeline.yml): which models a job leaves to another
 * (`--only`), taking in what an earlier job made (`--models-from`: its card valid and this very
 * recipe's, every file its card's sha256), and handing on what this one made (`--out`). The
 * stage runs these; the plan is unchanged, so a matrix comes to the cards one run makes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { recordJson, writeFilesAtomically } from '../fs/index.ts';
import { ModelCard, validateRecord } from '../schemas/index.ts';
import type { TrainingJob } from './plan.ts';
import { folderSource, restoreFrom } from './restore.ts';

/** With --only, another member's model is left to that member's job; the shared model never is (allotments start from it). */
export function leftToItsJob(only: string | undefined, job: TrainingJob): boolean {
  if (only === undefined || only === 'none' || job.dataset.kind === 'shared') return false;
  return only === 'shared' || job.dataset.member !== only;
}

/** A gathering run (--only none) met a model that its job did not make and that cannot be restored. */
export class NotGathered extends Error {
  constructor(
    readonly job: TrainingJob,
    readonly published: boolean,
  ) {
    super(
      published
        ? `${job.label}: its published weights are not here and could not be restored, and this run trains nothing (--only none)`
        : `${job.label}: no job of the matrix made it (it is not in --models-from), and this run trains nothing (--only none)`,
    );
  }
}

/** A model a matrix job made, in DIR/<version>/ with its card, is wrong: named, nothing taken. */
export class GatheredModelError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Take in the model a matrix job made for `job` (DIR/<version>/card.json and its files) as if it
 * had been trained here: its card must be valid and be this very recipe's, every file must have
 * the sha256 the card records; its files are then in place under `root`. Undefined when the
 * folder has no model for it.
 */
export async function takeIn(root: string, job: TrainingJob, dir: string): Promise<ModelCard | undefined> {
  const file = path.join(dir, job.version, 'card.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new GatheredModelError(file, `is not JSON (${(e as Error).message})`);
  }
  const valid = validateRecord(ModelCard, value, { file });
  if (!valid.ok) throw new GatheredModelError(file, `is not a valid model card: ${valid.problems.map((p) => p.message).join('; ')}`);
  const card = valid.value;
  const { kind, member } = job.dataset;
  if (card.version !== job.version || card.dataset !== job.dataset.id || card.kind !== kind || card.member !== member) {
    throw new GatheredModelError(file, `is the card of ${card.version} on dataset ${card.dataset}, not of ${job.label} on ${job.dataset.id}`);
  }
  const why = await restoreFrom(folderSource(dir), root, card);
  if (why) throw new GatheredModelError(file, `its weights cannot be taken in: ${why}`);
  return card;
}

/**
 * Each model this run trained, as OUT/<version>/card.json and its files, for the matrix's next job,
 * with `handed-on-<part>.json` listing them (so a job that trained nothing still hands on a folder).
 */
export async function handOn(root: string, out: string, made: ReadonlyMap<string, ModelCard>, part: string): Promise<void> {
  const files = new Map<string, string | Uint8Array>([[path.join(out, `handed-on-${part}.json`), `${JSON.stringify({ models: [...made.keys()] })}\n`]]);
  for (const [version, card] of made) {
    files.set(path.join(out, version, 'card.json'), recordJson(card));
    for (const f of card.weights.files) files.set(path.join(out, version, path.basename(f.path)), await readFile(path.join(root, f.path)));
  }
  await writeFilesAtomically(files);
}
