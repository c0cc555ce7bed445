import { checkCoop, formatReport } from '../../check/index.ts';
import { EXIT } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const pipeline: Command = {
  name: 'pipeline',
  summary: 'The main job: check, then every later stage, on the co-op at --root.',
  async run({ root }, io) {
    const abs = await requireCoopRoot(root);
    io.stderr.write(`[1/1] check ${abs}\n`);
    const result = await checkCoop(abs);
    io.stdout.write(`${formatReport(result.problems, result.coop)}\n`);
    if (!result.ok) {
      io.stderr.write('pipeline stopped: fix the problems above; nothing was written.\n');
      return EXIT.problems;
    }
    return EXIT.ok;
  },
};
