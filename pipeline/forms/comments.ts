/**
 * What `form-to-pr` says on the issue, in its one sticky comment. Pure: every
 * contributed word is escaped, and a problem is named by its field, never by
 * quoting the text.
 */
import { escapeMarkdown, safeMessage } from '../gate/report.ts';
import type { Problem } from '../problems.ts';
import type { FormKind } from './parse.ts';

/** The label a board member adds when a form may become a pull request. */
export const READY_LABEL = 'form:ready';

/** Said when the default branch itself does not pass `check`: no form can be judged against it. */
export const MAIN_FAILS_COMMENT = 'The co-op’s records on the default branch do not pass `check` right now, so this form cannot be checked yet. The board has been asked to fix them.';

/** What the writer must fix in the form, one line per problem. */
export function problemsComment(author: string, problems: readonly Problem[]): string {
  return [
    `Thank you, @${escapeMarkdown(author)}. Before the board can take this, please edit the issue (**…** → **Edit**) to fix:`,
    '',
    ...problems.map((p) => `- ${p.pointer ? `**${escapeMarkdown(p.pointer.slice(1))}**: ` : ''}${escapeMarkdown(safeMessage(p))}${p.hint ? `. ${escapeMarkdown(p.hint)}` : ''}`),
    '',
    'Commonplace checks the form again every time you save it.',
  ].join('\n');
}

/** The form passes: what it would change, and that it waits for a board member's label. */
export function waitingComment(summary: readonly string[]): string {
  return [
    `The form passes the co-op’s checks. It would add or change:`,
    '',
    ...summary.map((s) => `- ${escapeMarkdown(s)}`),
    '',
    `Next: a board member adds the label \`${READY_LABEL}\`, and a pull request is opened for the board to review.`,
  ].join('\n');
}

/** Where the change went: the pull request that now holds it. */
export function openedComment(pull: number, kind: FormKind): string {
  const what = kind === 'donation' ? 'donation' : kind === 'withdrawal' ? 'withdrawal' : 'proposal';
  return `Pull request #${pull} holds this ${what} for the board’s review. Edit this issue to change it: the pull request follows.`;
}
