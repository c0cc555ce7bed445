import { formatReport, type CheckResult } from '../../check/index.ts';
import { runDatasetStage, type DatasetStageResult, type MergeApprovals } from '../../dataset/index.ts';
import { readApprovalsFile } from '../../verify/approvals-file.ts';
import { EXIT, type Io, problemLines } from '../io.ts';
import { checkStep, requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

/** One line per dataset: id, whose, size, what changed. */
export function summarizeDatasets(result: DatasetStageResult): string {
  return (
    result.datasets
      .map((d) => {
        const who = `${d.kind === 'shared' ? 'shared' : `allotment of ${d.member}`}, v${d.version}`;
        const c = d.changes;
        const state = result.written.includes(d.id) ? 'written' : result.unchanged.includes(d.id) ? 'unchanged' : 'empty, not written';
        const delta = `+${c.added.length} ~${c.changed.length} -${c.removed.length} withdrawn ${c.withdrawn.length}`;
        return `  ${d.id}  ${who.padEnd(28)} ${String(d.totals.all.works).padStart(5)} works ${String(d.totals.all.characters).padStart(9)} chars  (${delta})  ${state}`;
      })
      .join('\n') + (result.redacted.length > 0 ? `\n  ${result.redacted.length} earlier version${result.redacted.length === 1 ? '' : 's'} cleared of withdrawn works' titles and file names` : '')
  );
}

/** Run the stage after a passing check and print; shared by `dataset` and `pipeline`. */
export async function datasetStep(root: string, io: Io, opts: { allowUncommitted: boolean; check: CheckResult; approvals?: MergeApprovals }): Promise<DatasetStageResult> {
  const result = await runDatasetStage(root, opts);
  if (!result.ok) {
    io.stdout.write(`${formatReport(result.problems, opts.check.coop)}\n`);
    return result;
  }
  io.stdout.write(`datasets:\n${summarizeDatasets(result)}\n`);
  for (const p of result.problems.filter((x) => x.code.startsWith('dataset/'))) io.stdout.write(`  note: ${p.file}: ${p.message}\n`);
  return result;
}

export const dataset: Command = {
  name: 'dataset',
  summary: 'Build the consent-scoped, content-addressed datasets and write them to registry/datasets/.',
  usage: '[--root DIR] [--allow-uncommitted] [--approvals FILE]',
  options: { 'allow-uncommitted': { type: 'boolean', default: false }, approvals: { type: 'string' } },
  async run({ values, root }, io) {
    const check = await checkStep(await requireCoopRoot(root), io);
    if (!check.ok) return EXIT.problems;
    const approvals = await approvalsOption(values.approvals, io);
    if (approvals === false) return EXIT.problems;
    const result = await datasetStep(check.coop.root, io, { allowUncommitted: Boolean(values['allow-uncommitted']), check, ...(approvals ? { approvals } : {}) });
    return result.ok ? EXIT.ok : EXIT.problems;
  },
};

/** `--approvals FILE` (from `verify --approvals-out`): undefined when not given, false (reported) when unreadable. */
export async function approvalsOption(value: unknown, io: Io): Promise<MergeApprovals | undefined | false> {
  if (typeof value !== 'string') return undefined;
  const read = await readApprovalsFile(value);
  if (read.ok) return read.value;
  io.stderr.write(problemLines(read.problems));
  return false;
}
