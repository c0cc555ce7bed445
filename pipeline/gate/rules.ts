/**
 * Rules only a pull request can break: who may donate or sign for whom, and who
 * may write the registry. Pure: the pull request's facts and the co-op after
 * the merge in, problems out.
 */
import { consentPartsInWords, writerSignoffs, type WriterSignoff } from '../consent/index.ts';
import type { QuorumVerdict } from '../quorum/index.ts';
import { error, type Problem } from '../problems.ts';
import { kindUnder } from '../records/layout.ts';
import type { Coop } from '../records/types.ts';
import type { ChangedFile } from '../quorum/index.ts';

export interface GateFacts {
  /** The co-op on the default branch, before the merge: whose consent is whose, and with which account. */
  before: Coop;
  /** Who opened the pull request. */
  author: string;
  /** The login that writes the registry and opens form pull requests. */
  botLogin: string;
  /** For a pull request the bot opened from an issue form: who filled in the form. */
  formAuthor?: string;
  files: readonly ChangedFile[];
  /** Logins whose latest review approves the head commit. */
  approvers: readonly string[];
  quorum: QuorumVerdict;
  /** The date the rules are judged on (terms), YYYY-MM-DD. */
  today: string;
}

/** A problem for each writer whose consent the pull request changes without them (consent/writer-signoff.ts). */
function signoffProblems(before: Coop, after: Coop, f: GateFacts, from: string): Problem[] {
  const signoffs = writerSignoffs({
    paths: f.files.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])]),
    before: (h) => before.agreements.get(h)?.value,
    after: (h) => after.agreements.get(h)?.value,
    from,
    approvers: f.approvers,
  });
  return signoffs.filter((s) => !s.signed).map((s) => signoffProblem(s, f.author, !before.agreements.has(s.handle)));
}

function signoffProblem(s: WriterSignoff, author: string, newWriter: boolean): Problem {
  const file = s.files.find((p) => kindUnder(p) === 'agreement') ?? s.files[0]!;
  const moved = s.newLogin ? `; it moves their GitHub login from ${s.login} to ${s.newLogin}, so the old account, ${s.login}, signs it` : '';
  if (newWriter && s.parts.includes('agreement')) {
    return error('gate/unsigned-agreement', file, `is not signed yet: ${s.handle} (GitHub login ${s.login}) has neither opened nor approved this pull request`, {
      hint: `${s.handle} signs by approving this pull request (Files changed → Review changes → Approve); if the login is not theirs, set github: in the agreement`,
    });
  }
  return error(
    'gate/not-the-writer',
    file,
    `changes ${s.handle}’s ${consentPartsInWords(s)}, but only its writer can: ${s.handle} (GitHub login ${s.login}) has neither opened nor approved this pull request (opened by @${author})${moved}`,
    {
      hint: `${s.login} approves this pull request on its latest commit (Files changed → Review changes → Approve), or opens it themselves; a board member’s approval cannot stand in for the writer’s`,
    },
  );
}

export function gateRules(after: Coop, f: GateFacts): Problem[] {
  const problems: Problem[] = [];
  const author = f.author.toLowerCase();
  const bot = f.botLogin.toLowerCase();
  // Whoever the change is really from: the pull request's author, or the form's when the bot opened it.
  const from = author === bot && f.formAuthor ? f.formAuthor.toLowerCase() : author;

  for (const file of f.files) {
    if (file.path.startsWith('registry/') && author !== bot) {
      problems.push(
        error('gate/registry-by-hand', file.path, `is changed by @${f.author}, but registry/ is written only by the pipeline (${f.botLogin})`, {
          hint: 'take the registry/ changes out of this pull request: the pipeline records datasets and models itself after the merge',
        }),
      );
    }
  }
  problems.push(...signoffProblems(f.before, after, f, from));
  return problems;
}
