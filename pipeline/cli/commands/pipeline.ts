import { EXIT } from '../io.ts';
import { checkStep, requireCoopRoot } from './check.ts';
import { datasetStep } from './dataset.ts';
import { TRAIN_OPTIONS, trainFlags, trainStep } from './train.ts';
import type { Command } from './types.ts';

export const pipeline: Command = {
  name: 'pipeline',
  summary: 'The main job on the co-op at --root: check, datasets, training and evaluation (each skipped when its inputs are unchanged).',
  usage: '[--root DIR] [--allow-uncommitted] [--backend auto|tensorflow-gpu|tensorflow|wasm|cpu] [--resume] [--profile cpu|gpu]',
  options: { 'allow-uncommitted': { type: 'boolean', default: false }, ...TRAIN_OPTIONS },
  async run({ root, values }, io) {
    const flags = trainFlags(values);
    const abs = await requireCoopRoot(root);
    io.stderr.write(`[1/3] check ${abs}\n`);
    const check = await checkStep(abs, io);
    if (!check.ok) return EXIT.problems;
    io.stderr.write('[2/3] dataset\n');
    const datasets = await datasetStep(abs, io, { allowUncommitted: Boolean(values['allow-uncommitted']), check });
    if (!datasets.ok) return EXIT.problems;
    io.stderr.write('[3/3] train and evaluate\n');
    const models = await trainStep(io, check, datasets.datasets, flags);
    return models.ok ? EXIT.ok : EXIT.problems;
  },
};
