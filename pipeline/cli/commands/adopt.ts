import path from 'node:path';
import { adoptInDecision } from '../../adopt/index.ts';
import { formatReport } from '../../check/index.ts';
import { EXIT, UsageError } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const adopt: Command = {
  name: 'adopt',
  summary: 'Record in a decision the exact versions of the governance files it adopts (policy, board, charter, agreement texts, base models).',
  usage: '--decision NNNN [FILE ...] [--root DIR]',
  help: "Adds each FILE (default: every governance file no accepted decision has adopted yet) to the decision's `adopts`,\nwith the sha256 of its content now, and what it is to `affects`. Run it when the board's decision and the file\nchange go in the same pull request; `commonplace-coop check` then holds the file to that version.",
  options: { decision: { type: 'string' } },
  async run({ values, positionals, root }, io) {
    const id = values.decision;
    if (typeof id !== 'string' || !/^[0-9]{4}$/.test(id)) throw new UsageError('--decision NNNN is required: the decision that adopts the files');
    const abs = await requireCoopRoot(root);
    const named = positionals.map((p) => path.relative(abs, path.resolve(abs, p)).split(path.sep).join('/'));
    const done = await adoptInDecision(abs, id, named);
    if (!done.ok) {
      io.stdout.write(`${formatReport(done.problems, done.coop)}\n`);
      return EXIT.problems;
    }
    const { decision, files, status } = done.value;
    if (files.length === 0) {
      io.stdout.write('nothing to adopt: every governance file matches a version an accepted decision adopted\n');
      return EXIT.ok;
    }
    for (const rel of files) io.stdout.write(`${decision}: adopts ${rel}\n`);
    if (status !== 'accepted') io.stdout.write(`note: decision ${id} is "${status}"; the files count as adopted once it is accepted.\n`);
    return EXIT.ok;
  },
};
