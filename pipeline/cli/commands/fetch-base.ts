import { checkCoop, formatReport } from '../../check/index.ts';
import { FetchError, fetchBaseModel } from '../../checkpoints/fetch.ts';
import { EXIT, UsageError } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const fetchBase: Command = {
  name: 'fetch-base',
  summary: "Fetch a base model's files into artifacts/base-models/ and check each against the sha256 its record pins.",
  usage: '[ID ...] [--root DIR]',
  help: [
    'Fetches every base model in governance/base-models/ (or only the IDs given) from the source its record names: a',
    'local folder, or a URL (fetched on the machine that trains). A file already there with the pinned sha256 is kept;',
    'a file whose sha256 differs is refused and nothing of it is kept. The co-op must pass check first: only records',
    'an accepted decision adopted are fetched. The files are never committed.',
  ].join('\n'),
  options: {},
  async run({ positionals, root }, io) {
    const abs = await requireCoopRoot(root);
    const result = await checkCoop(abs);
    if (!result.ok) {
      io.stdout.write(`${formatReport(result.problems, result.coop)}\n`);
      return EXIT.problems;
    }
    const { baseModels } = result.coop;
    const ids = positionals.length > 0 ? positionals : [...baseModels.keys()].sort();
    for (const id of ids) if (!baseModels.has(id)) throw new UsageError(`there is no governance/base-models/${id}.yaml`);
    if (ids.length === 0) {
      io.stdout.write('no base model: governance/base-models/ is empty\n');
      return EXIT.ok;
    }
    for (const id of ids) {
      try {
        const r = await fetchBaseModel(abs, id, baseModels.get(id)!, (l) => io.stderr.write(`${l}\n`));
        io.stdout.write(`${id}: ${r.fetched.length} fetched, ${r.kept.length} already there, every sha256 as pinned (${r.dir})\n`);
      } catch (e) {
        if (!(e instanceof FetchError)) throw e;
        io.stderr.write(`commonplace-coop fetch-base: ${e.message}\n`);
        return EXIT.problems;
      }
    }
    return EXIT.ok;
  },
};
