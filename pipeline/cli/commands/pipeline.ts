import { EXIT } from '../io.ts';
import { checkStep, requireCoopRoot } from './check.ts';
import { approvalsOption, datasetStep } from './dataset.ts';
import { siteStep } from './site.ts';
import { TRAIN_OPTIONS, TRAIN_USAGE, trainFlags, trainStep } from './train.ts';
import type { Command } from './types.ts';

export const pipeline: Command = {
  name: 'pipeline',
  summary: 'The main job on the co-op at --root: check, datasets, training and evaluation (each skipped when its inputs are unchanged), then the site.',
  usage: `[--root DIR] [--allow-uncommitted] [--approvals FILE] ${TRAIN_USAGE}`,
  options: { 'allow-uncommitted': { type: 'boolean', default: false }, approvals: { type: 'string' }, ...TRAIN_OPTIONS },
  async run({ root, values }, io) {
    const flags = trainFlags(values);
    const abs = await requireCoopRoot(root);
    const approvals = await approvalsOption(values.approvals, io);
    if (approvals === false) return EXIT.problems;
    io.stderr.write(`[1/4] check ${abs}\n`);
    const check = await checkStep(abs, io);
    if (!check.ok) return EXIT.problems;
    io.stderr.write('[2/4] dataset\n');
    const datasets = await datasetStep(abs, io, { allowUncommitted: Boolean(values['allow-uncommitted']), check, ...(approvals ? { approvals } : {}) });
    if (!datasets.ok) return EXIT.problems;
    io.stderr.write('[3/4] train and evaluate\n');
    const models = await trainStep(io, check, datasets.datasets, flags);
    if (!models.ok) return EXIT.problems;
    io.stderr.write('[4/4] site\n');
    return (await siteStep(abs, io)) ? EXIT.ok : EXIT.problems;
  },
};
