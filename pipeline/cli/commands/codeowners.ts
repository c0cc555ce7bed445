import { writeFilesAtomically } from '../../fs/index.ts';
import { CODEOWNERS_FILE, codeownersFor } from '../../board/index.ts';
import { loadCoop } from '../../records/load-coop.ts';
import { EXIT } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';
import path from 'node:path';

export const codeowners: Command = {
  name: 'codeowners',
  summary: 'Write .github/CODEOWNERS from governance/board.yaml: the serving board owns governance/ and .github/.',
  usage: '[--root DIR]',
  help: 'GitHub then asks the board to review every change to the records of governance and to the workflows. `check` reports the file when\nit no longer names the board serving today (after an election, or when a term ends).',
  async run({ root }, io) {
    const abs = await requireCoopRoot(root);
    const { coop } = await loadCoop(abs);
    if (!coop.board) {
      io.stderr.write('codeowners: governance/board.yaml is missing or invalid; run `check`\n');
      return EXIT.problems;
    }
    const text = codeownersFor(coop.board.value, new Date().toISOString().slice(0, 10));
    if (coop.codeowners === text) {
      io.stdout.write(`${CODEOWNERS_FILE} is up to date\n`);
      return EXIT.ok;
    }
    await writeFilesAtomically(new Map([[path.join(abs, CODEOWNERS_FILE), text]]));
    io.stdout.write(`wrote ${CODEOWNERS_FILE}: ${text.split('\n').find((l) => l.startsWith('/governance/')) ?? 'nobody is serving'}\n`);
    return EXIT.ok;
  },
};
