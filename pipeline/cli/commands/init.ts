import { access } from 'node:fs/promises';
import path from 'node:path';
import { HANDLE_PATTERN } from '../../schemas/index.ts';
import { METAPHORS, planInit, writeInit, type Metaphor } from '../../init/index.ts';
import { checkCoop, formatReport } from '../../check/index.ts';
import { EXIT, UsageError } from '../io.ts';
import type { Command } from './types.ts';

export const init: Command = {
  name: 'init',
  summary: 'Start a new co-op in --root from a metaphor template (garden or library), without the demo.',
  usage: '--root DIR [--metaphor garden|library] [--name NAME] [--founder HANDLE] [--founder-name NAME] [--visibility public|private]',
  help: 'Creates governance/ (charter, board, policy, first decision, agreement text) and corpus/ in DIR.\nThe result passes `commonplace check`. DIR must not already hold a governance/ folder.',
  options: {
    metaphor: { type: 'string', default: 'garden' },
    name: { type: 'string', default: 'Our Commonplace' },
    founder: { type: 'string', default: 'founder' },
    'founder-name': { type: 'string', default: 'Founding steward' },
    visibility: { type: 'string', default: 'public' },
  },
  async run({ values, root }, io) {
    const metaphor = String(values.metaphor);
    if (!(METAPHORS as readonly string[]).includes(metaphor)) throw new UsageError(`--metaphor must be one of ${METAPHORS.join(', ')}, not "${metaphor}"`);
    const visibility = String(values.visibility);
    if (visibility !== 'public' && visibility !== 'private') throw new UsageError(`--visibility must be public or private, not "${visibility}"`);
    const founder = String(values.founder);
    if (!new RegExp(HANDLE_PATTERN).test(founder)) throw new UsageError(`--founder "${founder}" is not a valid handle (lowercase letters, digits, single hyphens)`);
    const name = String(values.name);
    const founderName = String(values['founder-name']);
    for (const [flag, v] of [['--name', name], ['--founder-name', founderName]] as const) {
      if (!/^[^\n"\\{}]{1,100}$/.test(v)) throw new UsageError(`${flag} must be 1-100 characters without quotes, braces, backslashes or newlines`);
    }
    const abs = path.resolve(root);
    if (await access(path.join(abs, 'governance')).then(() => true, () => false)) {
      throw new UsageError(`${abs} already holds a co-op (governance/ exists); choose an empty folder`);
    }
    const files = await planInit({ metaphor: metaphor as Metaphor, name, founder, founderName, visibility, date: new Date().toISOString().slice(0, 10) });
    await writeInit(abs, files);
    io.stdout.write(`Created a ${metaphor} co-op in ${abs} (${files.size} files).\n`);
    const result = await checkCoop(abs);
    io.stdout.write(`${formatReport(result.problems, result.coop)}\n`);
    io.stdout.write('Next: edit governance/charter.md and board.yaml, then add agreements and works (see docs/contributing.md).\n');
    return result.ok ? EXIT.ok : EXIT.problems;
  },
};
