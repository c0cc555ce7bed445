/**
 * Rules only a pull request can break: who may donate or sign for whom, and who
 * may write the registry. Pure: the pull request's facts and the co-op after
 * the merge in, problems out.
 */
import { servingOn } from '../check/board-terms.ts';
import { loginOf, type QuorumVerdict } from '../quorum/index.ts';
import { error, notice, type Problem } from '../problems.ts';
import type { Coop } from '../records/types.ts';
import type { ChangedFile } from '../quorum/index.ts';

export interface GateFacts {
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

/** The GitHub login a writer signs with: `github` in their agreement, else their handle. */
export function writerLogin(coop: Coop, handle: string): string {
  return (coop.agreements.get(handle)?.value.github ?? handle).toLowerCase();
}

export function gateRules(after: Coop, f: GateFacts): Problem[] {
  const problems: Problem[] = [];
  const author = f.author.toLowerCase();
  const bot = f.botLogin.toLowerCase();
  // Whoever the change is really from: the pull request's author, or the form's when the bot opened it.
  const from = author === bot && f.formAuthor ? f.formAuthor.toLowerCase() : author;
  const approvers = new Set(f.approvers.map((a) => a.toLowerCase()));
  const boardApprover = after.board?.value.members.find((m) => servingOn(m, f.today) && loginOf(m) !== author && approvers.has(loginOf(m)));

  for (const file of f.files) {
    if (file.path.startsWith('registry/') && author !== bot) {
      problems.push(
        error('gate/registry-by-hand', file.path, `is changed by @${f.author}, but registry/ is written only by the pipeline (${f.botLogin})`, {
          hint: 'take the registry/ changes out of this pull request: the pipeline records datasets and models itself after the merge',
        }),
      );
    }
  }
  const donated = new Map<string, string[]>();
  for (const file of f.files) {
    const m = /^corpus\/([^/]+)\/[^/]+$/.exec(file.path);
    if (m && file.status !== 'removed') donated.set(m[1]!, [...(donated.get(m[1]!) ?? []), file.path]);
  }
  for (const [handle, files] of donated) {
    const writer = writerLogin(after, handle);
    if (writer === from) continue;
    const first = files.sort()[0]!;
    if (boardApprover) {
      problems.push(
        notice('gate/donated-for-someone', first, `is donated for ${handle} by @${f.author}, which a board member (${boardApprover.handle}) accepted by approving`, { hint: 'no action needed' }),
      );
    } else {
      problems.push(
        error('gate/not-the-writer', first, `is donated by @${f.author}, but its writer is ${handle}, whose GitHub login is ${writer}`, {
          hint: `${handle} should open the pull request (or fill in the "Donate a work" form); a board member can accept it as an exception by approving`,
        }),
      );
    }
  }
  for (const file of f.files) {
    const m = /^governance\/agreements\/([^/]+)\.ya?ml$/.exec(file.path);
    if (!m || file.status === 'removed' || !after.agreements.has(m[1]!)) continue;
    const writer = writerLogin(after, m[1]!);
    // Under the agreement text, a writer signs by opening the pull request or approving it.
    if (writer !== from && !approvers.has(writer)) {
      problems.push(
        error('gate/unsigned-agreement', file.path, `is not signed yet: ${m[1]} (GitHub login ${writer}) has neither opened nor approved this pull request`, {
          hint: `${m[1]} signs by approving this pull request (Files changed → Review changes → Approve); if the login is not theirs, set github: in the agreement`,
        }),
      );
    }
  }
  return problems;
}
