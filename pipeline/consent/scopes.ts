/** The plain words for each consent scope: the one place reports, pages and forms take them from. */
import type { Scope } from '../schemas/index.ts';

export interface ScopeWords {
  /** What the scope lets the co-op do, as a verb phrase: "train the co-op's shared model". */
  allows: string;
  /** A short label for lists and tables: "Shared model". */
  label: string;
}

export const SCOPE_WORDS: Readonly<Record<Scope, ScopeWords>> = {
  'train-shared': { allows: "train the co-op's shared model", label: 'Shared model' },
  'train-own': { allows: "train the writer's own model (their allotment), fine-tuned on their writing", label: 'Their own model' },
  'display-excerpts': { allows: 'show short excerpts on the public site', label: 'Excerpts on the site' },
  'display-full': { allows: 'show the full text on the public site', label: 'Full text on the site' },
};

/** "train the co-op's shared model; show short excerpts on the public site", or "nothing" for none. */
export function scopesInWords(scopes: readonly Scope[]): string {
  return scopes.map((s) => SCOPE_WORDS[s].allows).join('; ') || 'nothing';
}
