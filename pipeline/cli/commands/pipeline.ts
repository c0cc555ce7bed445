import { EXIT } from '../io.ts';
import { checkStep, requireCoopRoot } from './check.ts';
import { datasetStep } from './dataset.ts';
import type { Command } from './types.ts';

export const pipeline: Command = {
  name: 'pipeline',
  summary: 'The main job: check, then build datasets (and every later stage) on the co-op at --root.',
  usage: '[--root DIR] [--allow-uncommitted]',
  options: { 'allow-uncommitted': { type: 'boolean', default: false } },
  async run({ root, values }, io) {
    const abs = await requireCoopRoot(root);
    io.stderr.write(`[1/2] check ${abs}\n`);
    const check = await checkStep(abs, io);
    if (!check.ok) return EXIT.problems;
    io.stderr.write('[2/2] dataset\n');
    const datasets = await datasetStep(abs, io, { allowUncommitted: Boolean(values['allow-uncommitted']), check });
    return datasets.ok ? EXIT.ok : EXIT.problems;
  },
};
