import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addAdoptions } from '../../adopt/index.ts';
import { checkCoop, formatReport } from '../../check/index.ts';
import { EXIT, UsageError } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';
import { writeFilesAtomically } from '../../fs/index.ts';

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
    const result = await checkCoop(abs);
    const decision = result.coop.decisions.get(id);
    if (!decision) throw new UsageError(`there is no decision ${id} in governance/decisions/`);
    const unadopted = result.problems.filter((p) => p.code === 'governance/not-adopted').map((p) => p.file);
    const wanted = positionals.length > 0 ? positionals.map((p) => path.relative(abs, path.resolve(abs, p)).split(path.sep).join('/')) : unadopted;
    if (wanted.length === 0) {
      io.stdout.write('nothing to adopt: every governance file matches a version an accepted decision adopted\n');
      return EXIT.ok;
    }
    const files = new Map<string, string>();
    for (const rel of wanted)
      files.set(
        rel,
        await readFile(path.join(abs, rel), 'utf8').catch(() => {
          throw new UsageError(`${rel} does not exist`);
        }),
      );
    const file = path.join(abs, decision.file);
    const updated = addAdoptions(decision.file, await readFile(file, 'utf8'), files);
    if (!updated.ok) {
      io.stdout.write(`${formatReport(updated.problems, result.coop)}\n`);
      return EXIT.problems;
    }
    await writeFilesAtomically(new Map([[file, updated.value]]));
    for (const rel of files.keys()) io.stdout.write(`${decision.file}: adopts ${rel}\n`);
    if (decision.value.status !== 'accepted') io.stdout.write(`note: decision ${id} is "${decision.value.status}"; the files count as adopted once it is accepted.\n`);
    return EXIT.ok;
  },
};
