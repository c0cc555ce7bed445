import { formatReport } from '../../check/index.ts';
import { loadCoop } from '../../records/load-coop.ts';
import { HANDLE_PATTERN } from '../../schemas/index.ts';
import { BEYOND_RECALL, purge as runPurge } from '../../purge/index.ts';
import { EXIT, UsageError } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const purge: Command = {
  name: 'purge',
  summary: "Rewrite a private co-op's git history so that no commit holds a withdrawn writer's texts (after an accepted decision).",
  usage: '--handle HANDLE --decision NNNN [--even-if-public] [--root DIR]',
  help: [
    "Needs a clean work tree, git filter-repo (Debian: apt-get install git-filter-repo), the writer's withdrawal already",
    'merged, and an accepted decision that affects member:HANDLE. Removes every version of the withdrawn texts from',
    "every branch and tag, maps the registry's commit ids to the new history and commits that. Then force-push every",
    'branch and tag; everyone else must clone again. It cannot recall copies made before (it says which).',
  ].join('\n'),
  options: { handle: { type: 'string' }, decision: { type: 'string' }, 'even-if-public': { type: 'boolean', default: false } },
  async run({ values, root }, io) {
    const handle = values.handle;
    if (typeof handle !== 'string' || !new RegExp(HANDLE_PATTERN).test(handle)) throw new UsageError('--handle HANDLE is required');
    const decision = values.decision;
    if (typeof decision !== 'string' || !/^[0-9]{4}$/.test(decision)) throw new UsageError('--decision NNNN is required: the accepted decision to purge, e.g. 0012');
    const abs = await requireCoopRoot(root);
    const result = await runPurge(abs, { handle, decision, evenIfPublic: Boolean(values['even-if-public']) });
    if (!result.ok) {
      io.stdout.write(`${formatReport(result.problems, (await loadCoop(abs, { cache: false })).coop)}\n`);
      return EXIT.problems;
    }
    if (result.paths.length === 0) {
      io.stdout.write(`nothing to purge: no commit holds a withdrawn text of ${handle}\n`);
      return EXIT.ok;
    }
    io.stdout.write(`removed ${result.paths.length} path${result.paths.length === 1 ? '' : 's'} from every commit (${result.commitsRewritten} commits rewritten)\n`);
    if (result.registryCommit) io.stdout.write(`registry commit ids mapped to the new history: ${result.registryCommit}\n`);
    io.stdout.write(
      [
        '',
        'Next, publish the rewritten history (this replaces it for everyone):',
        '  git remote add origin <url>   # filter-repo removed it, so nothing is pushed by mistake',
        '  git push --force --all && git push --force --tags',
        'and ask every member with a clone to clone again.',
        '',
        'No tool can recall:',
        ...BEYOND_RECALL.map((b) => `  - ${b}`),
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
