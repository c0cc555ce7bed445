/**
 * What kind of change a set of changed files is. Pure: paths and how each
 * changed in; the kinds out (a pull request may be several at once).
 */
import { changeKindOf, recordAt } from '../records/layout.ts';
import { CHANGE_KINDS, type ChangeKind } from '../schemas/index.ts';

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** For a rename, the path it had before. */
  previousPath?: string;
}

/** Each kind of change in plain words, for reports and the site. */
export const KIND_WORDS: Readonly<Record<ChangeKind, string>> = {
  donation: 'a donation',
  withdrawal: 'a withdrawal',
  agreement: 'a contributor agreement',
  decision: 'a board decision',
  'use-case': 'a use case',
  policy: 'the policy or charter',
  board: 'the board',
  'agreement-text': 'an agreement text',
  code: 'code, workflows or other files',
};

/** The kinds of change, in CHANGE_KINDS order. Anything outside the records is code (the layout decides: `changeKindOf`). */
export function classifyChange(files: readonly ChangedFile[]): ChangeKind[] {
  // A withdrawal made by `commonplace-coop withdraw` also dates the writer's agreement: that is part of it.
  const handleIn = (kind: 'agreement' | 'withdrawal', path: string) => {
    const at = recordAt(path, { anyName: true });
    return at?.kind === kind ? at.key : undefined;
  };
  const withdrawing = new Set(files.map((f) => handleIn('withdrawal', f.path)).filter(Boolean));
  const kinds = new Set<ChangeKind>();
  for (const f of files) {
    for (const path of [f.path, ...(f.previousPath ? [f.previousPath] : [])]) {
      const agreementOf = handleIn('agreement', path);
      kinds.add(agreementOf && withdrawing.has(agreementOf) ? 'withdrawal' : changeKindOf(path, f.status === 'removed'));
    }
  }
  return CHANGE_KINDS.filter((k) => kinds.has(k));
}
