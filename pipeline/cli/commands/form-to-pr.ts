import { formToPullRequest } from '../../forms/run.ts';
import { githubFromEnv } from '../../github/index.ts';
import { EXIT, UsageError } from '../io.ts';
import { requireCoopRoot } from './check.ts';
import type { Command } from './types.ts';

export const formToPr: Command = {
  name: 'form-to-pr',
  summary: 'Turn a submitted issue form (donate, withdraw, propose a use case) into a pull request, once a board member marks it ready.',
  usage: '--issue N [--root DIR]',
  help: 'Runs in GitHub Actions with the default branch checked out. Checks the form like a pull request and answers on the issue\n(one comment, updated); when a serving board member has added the label form:ready, commits the change to form/issue-N and\nopens or updates one pull request. Running it again on the same issue changes nothing.',
  options: { issue: { type: 'string' } },
  async run({ values, root }, io) {
    const ctx = githubFromEnv();
    if (!ctx) throw new UsageError('form-to-pr talks to GitHub: it needs GITHUB_TOKEN and GITHUB_REPOSITORY (GitHub Actions sets them)');
    if (typeof values.issue !== 'string' || !/^[1-9][0-9]{0,8}$/.test(values.issue)) throw new UsageError('--issue N is required');
    const r = await formToPullRequest(await requireCoopRoot(root), ctx, Number(values.issue));
    const said = r.state === 'problems' ? `${r.problems.length} problem(s) to fix, answered on the issue` : 'pull' in r ? `pull request #${r.pull} ${r.state}` : r.state;
    io.stdout.write(`issue #${values.issue}: ${said}\n`);
    return EXIT.ok;
  },
};
