/**
 * What kind of change a set of changed files is. Pure: paths and how each
 * changed in; the kinds out (a pull request may be several at once).
 */
import type { ChangeKind } from '../schemas/index.ts';

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

/** The kinds of change, in CHANGE_KINDS order. Anything outside the records is code. */
export function classifyChange(files: readonly ChangedFile[]): ChangeKind[] {
  // A withdrawal made by `commonplace-coop withdraw` also dates the writer's agreement: that is part of it.
  const withdrawing = new Set(files.map((f) => /^governance\/withdrawals\/([^/]+)\.ya?ml$/.exec(f.path)?.[1]).filter(Boolean));
  const kinds = new Set<ChangeKind>();
  for (const f of files) {
    for (const path of [f.path, ...(f.previousPath ? [f.previousPath] : [])]) {
      const agreementOf = /^governance\/agreements\/([^/]+)\.ya?ml$/.exec(path)?.[1];
      kinds.add(agreementOf && withdrawing.has(agreementOf) ? 'withdrawal' : kindOf(path, f.status));
    }
  }
  const order: ChangeKind[] = ['donation', 'withdrawal', 'agreement', 'decision', 'use-case', 'policy', 'board', 'agreement-text', 'code'];
  return order.filter((k) => kinds.has(k));
}

function kindOf(path: string, status: ChangedFile['status']): ChangeKind {
  // MDX runs when it is compiled, wherever it sits: it is code even under governance/ or corpus/ (check refuses it there too).
  if (/\.mdx$/i.test(path)) return 'code';
  if (path.startsWith('corpus/')) return status === 'removed' ? 'withdrawal' : 'donation';
  if (path.startsWith('governance/withdrawals/')) return 'withdrawal';
  if (path.startsWith('governance/agreements/')) return 'agreement';
  if (path.startsWith('governance/decisions/')) return 'decision';
  if (path.startsWith('governance/use-cases/')) return 'use-case';
  if (path === 'governance/policy.yaml') return 'policy';
  if (path === 'governance/board.yaml') return 'board';
  if (path.startsWith('governance/agreement-texts/')) return 'agreement-text';
  // The charter, the co-op's facts and pages shape the co-op as much as its policy.
  if (path === 'governance/charter.md' || path === 'governance/coop.yaml' || path.startsWith('governance/pages/')) return 'policy';
  return 'code';
}
