/**
 * What the dataset stage does, decided before anything is built: for each lineage (the shared
 * dataset, each member's allotment), keep the latest version when its content is unchanged, or
 * build a new one, with the reason. Then the builds, against the registry's history. Pure: the
 * stage reads the registry, runs these, and writes what they return.
 */
import type { DatasetManifest } from '../schemas/index.ts';
import { buildManifest, planDatasets, sameLineage, type BuildRules, type DatasetPlan, type Lineage } from './build.ts';

/** One lineage's step. */
export type DatasetStep =
  | { action: 'keep'; plan: DatasetPlan; manifest: DatasetManifest; reason: string }
  | { action: 'build'; plan: DatasetPlan; previous: DatasetManifest | undefined; reason: string };

export interface DatasetStagePlan {
  steps: DatasetStep[];
  /**
   * Whether a build drops a work its lineage's latest version held (a withdrawal, a scope taken
   * back): then every registered dataset must be read, so the new version names all that held it.
   */
  needsHistory: boolean;
}

/** The steps for `rules`, given the latest registered version of each lineage. */
export function planDatasetStage(rules: BuildRules, latest: (lineage: Lineage) => DatasetManifest | undefined): DatasetStagePlan {
  const steps = planDatasets(rules).map((plan): DatasetStep => {
    const previous = latest(plan.lineage);
    if (previous?.content === plan.content) return { action: 'keep', plan, manifest: previous, reason: `its works are those of ${previous.id}` };
    return { action: 'build', plan, previous, reason: previous ? `its works changed since ${previous.id}` : 'its first version' };
  });
  const needsHistory = steps.some((s) => s.action === 'build' && s.previous !== undefined && dropsAWork(s.previous, s.plan));
  return { steps, needsHistory };
}

export interface BuiltDatasets {
  /** Every dataset the current files give, shared first: kept or new. */
  datasets: DatasetManifest[];
  /** New versions to register (a lineage that never held a work is not registered). */
  added: DatasetManifest[];
  /** Ids kept as they were. */
  kept: string[];
}

/** Carry out the steps. `history` is every registered dataset (needed only when `needsHistory`). */
export function buildDatasetSteps(steps: readonly DatasetStep[], rules: BuildRules, history: readonly DatasetManifest[]): BuiltDatasets {
  const held = heldBy(history);
  const out: BuiltDatasets = { datasets: [], added: [], kept: [] };
  for (const step of steps) {
    if (step.action === 'keep') {
      out.datasets.push(step.manifest);
      out.kept.push(step.manifest.id);
      continue;
    }
    const d = buildManifest(step.plan, rules, { previous: step.previous, containing: (hash) => held.get(hash) ?? [] });
    out.datasets.push(d);
    if (d.works.length > 0 || d.previous !== null) out.added.push(d);
  }
  return out;
}

/** The latest of each lineage in an in-memory history (oldest first). */
export function latestIn(history: readonly DatasetManifest[]): (lineage: Lineage) => DatasetManifest | undefined {
  return (lineage) => history.findLast((d) => sameLineage(d, lineage));
}

/** Every allotment lineage a history holds (a member with no works left still gets a version saying so). */
export function allotmentsIn(history: readonly { kind: string; member?: string }[]): string[] {
  return [...new Set(history.filter((d) => d.kind === 'allotment').map((d) => d.member!))];
}

function dropsAWork(previous: DatasetManifest, plan: DatasetPlan): boolean {
  const planned = new Set(plan.works.map((w) => `${w.handle}/${w.hash}`));
  return previous.works.some((w) => !planned.has(`${w.contributor}/${w.hash}`));
}

/** Which datasets held each work, by work hash. */
function heldBy(history: readonly DatasetManifest[]): Map<string, string[]> {
  const held = new Map<string, string[]>();
  for (const d of history) for (const w of d.works) held.set(w.hash, [...new Set([...(held.get(w.hash) ?? []), d.id])]);
  return held;
}

/**
 * The shared dataset and every allotment dataset, in that order, against an in-memory history
 * (`earlier`, oldest first): the stage's plan and builds with the registry in memory.
 */
export function buildDatasets(inputs: BuildRules & { earlier: readonly DatasetManifest[] }): DatasetManifest[] {
  const rules = { ...inputs, lineages: [...new Set([...(inputs.lineages ?? []), ...allotmentsIn(inputs.earlier)])] };
  const { steps } = planDatasetStage(rules, latestIn(inputs.earlier));
  return buildDatasetSteps(steps, rules, inputs.earlier).datasets;
}
