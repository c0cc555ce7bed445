import { formatReport } from '../../check/index.ts';
import { loadCoop } from '../../records/load-coop.ts';
import { TOOL, toolVersion } from '../../project.ts';
import { NEW_SUFFIX, upgradeCoop, type UpgradeAction } from '../../upgrade/index.ts';
import { EXIT } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

const WORDS: Record<UpgradeAction, string> = {
  added: 'added',
  updated: 'updated',
  unchanged: 'unchanged',
  'kept-yours': 'kept: you edited it, and this version changes nothing there',
  conflict: `kept yours: you edited it and this version changes it too; the new version is beside it as ${NEW_SUFFIX}, to compare and merge`,
  'kept-deleted': 'not written again: you deleted it',
  removed: 'removed: this version no longer uses it',
  unmanaged: 'kept: this version no longer uses it, but you edited it, so it is yours now',
};

export const upgrade: Command = {
  name: 'upgrade',
  summary: `Take the files ${TOOL} manages in a co-op (workflows, forms, guides) to the installed version, keeping the co-op's own edits.`,
  usage: '[--root DIR] [--dry-run]',
  help: `First install the new version (npm install ${TOOL}@VERSION), then run this in the co-op. Files you never edited are\nreplaced; files you edited are kept, with the new version beside them as FILE${NEW_SUFFIX} when it changed too. Commit the result.`,
  options: { 'dry-run': { type: 'boolean', default: false } },
  async run({ values, root }, io) {
    const abs = await requireCoopRoot(root);
    const dry = Boolean(values['dry-run']);
    const result = await upgradeCoop(abs, { dryRun: dry });
    if (!result.ok) {
      io.stdout.write(`${formatReport(result.problems, (await loadCoop(abs, { cache: false })).coop)}\n`);
      return EXIT.problems;
    }
    io.stdout.write(
      `${dry ? 'would upgrade' : 'upgraded'} to ${TOOL}@${toolVersion()}${result.manifestFound ? '' : ' (no .commonplace/managed.json was found: every file already here was treated as your own)'}\n`,
    );
    for (const { file, action } of result.plan.report) if (action !== 'unchanged') io.stdout.write(`  ${file}: ${WORDS[action]}\n`);
    const same = result.plan.report.filter((r) => r.action === 'unchanged').length;
    if (same > 0) io.stdout.write(`  ${same} file${same === 1 ? '' : 's'} already current\n`);
    for (const s of result.scriptsAdded) io.stdout.write(`  package.json: script "${s}" added\n`);
    if (!dry) io.stdout.write('Next: review the changes (git diff), merge any .new files by hand, and commit.\n');
    return EXIT.ok;
  },
};
