import { checkStep, requireCoopRoot } from './check.ts';
import { mainLineChanges, revParse } from '../../git/index.ts';
import { mergeStands, unsignedInWords, verdictsForMainLine } from '../../quorum/index.ts';
import { RECORD_ROOTS } from '../../records/layout.ts';
import { writerAccounts } from '../../verify/writer-accounts.ts';
import { EXIT, UsageError } from '../io.ts';
import type { Command } from './types.ts';

export const quorum: Command = {
  name: 'quorum',
  summary: "Count the board's quorum on changes that reached main, from the Reviewed-by:/Approved-by: trailers of their merges (no GitHub needed).",
  usage: '--commit SHA | --since REF [--root DIR] [--format text|json]',
  help: 'Board, terms and policy are read from the current checkout (main). Every main-line commit that changed corpus/ or governance/\n(after REF, or the one commit) must be a merge whose trailers name enough serving board members, not its author; one that changes a\nwriter’s agreement, withdrawals or works must also come from that writer or name them in a trailer. Exit 1 if any does not.',
  options: { commit: { type: 'string' }, since: { type: 'string' }, format: { type: 'string', default: 'text' } },
  async run({ values, root }, io) {
    const abs = await requireCoopRoot(root);
    if ((typeof values.commit === 'string') === (typeof values.since === 'string')) throw new UsageError('give either --commit SHA or --since REF');
    const check = await checkStep(abs, io);
    if (!check.ok) return EXIT.problems;
    const ref = String(values.commit ?? values.since);
    const target = await revParse(abs, ref);
    if (!target) throw new UsageError(`${ref} is not a commit in ${abs}`);
    const commits = typeof values.commit === 'string' ? (await mainLineChanges(abs, [...RECORD_ROOTS])).filter((c) => c.commit === target) : await mainLineChanges(abs, [...RECORD_ROOTS], target);
    if (typeof values.commit === 'string' && commits.length === 0) throw new UsageError(`${ref} is not on the main line (first parents of HEAD), or changed no records`);
    const verdicts = verdictsForMainLine(commits, check.coop.board.value, check.coop.policy.value.review, await writerAccounts(abs, commits));
    if (values.format === 'json') io.stdout.write(`${JSON.stringify(verdicts, null, 2)}\n`);
    else {
      for (const v of verdicts) {
        const q = v.verdict;
        io.stdout.write(
          `${v.commit.slice(0, 12)} ${v.pullRequest ? `#${v.pullRequest}` : '(no pull request)'}: ${q.met ? 'quorum met' : 'QUORUM NOT MET'}, ${q.approvedBy.length} of ${q.needed} for a ${q.strictest} change${q.approvedBy.length ? ` (${q.approvedBy.join(', ')})` : ''}${v.reason ? `: ${v.reason}` : ''}\n`,
        );
        for (const n of q.notCounted) io.stdout.write(`    not counted: ${n.login}: ${n.why}\n`);
        const unsigned = unsignedInWords(v);
        if (unsigned) io.stdout.write(`    WRITER NOT SIGNED: ${unsigned}\n`);
        if (!mergeStands(v)) io.stdout.write(`    files: ${v.files.join(', ')}\n`);
      }
      io.stdout.write(`${verdicts.length} change${verdicts.length === 1 ? '' : 's'} to the records; ${verdicts.filter((v) => !mergeStands(v)).length} without quorum or a writer's own approval\n`);
    }
    return verdicts.every(mergeStands) ? EXIT.ok : EXIT.problems;
  },
};
