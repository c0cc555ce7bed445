/** What of a work the site may show, by its scopes: nothing, an excerpt, or the full text. */
import type { Scope } from '../schemas/index.ts';

export type Display = 'none' | 'excerpt' | 'full';

/** Whether scopes let the site show anything of a work (an excerpt or the full text). */
export function displayable(scopes: readonly Scope[]): boolean {
  return scopes.includes('display-excerpts') || scopes.includes('display-full');
}

/** The display a work's scopes allow (a withdrawn work or writer shows nothing). */
export function displayOf(scopes: readonly Scope[], withdrawn: boolean): Display {
  if (withdrawn) return 'none';
  if (scopes.includes('display-full')) return 'full';
  if (scopes.includes('display-excerpts')) return 'excerpt';
  return 'none';
}

/**
 * An excerpt: the opening of the text, up to the first stanza or paragraph
 * break after `min` characters, never more than `max` characters.
 */
export function excerptOf(text: string, min = 120, max = 400): string {
  const chars = [...text];
  if (chars.length <= max) return text.trimEnd();
  const head = chars.slice(0, max).join('');
  const breakAt = head.indexOf('\n\n', min);
  if (breakAt !== -1) return head.slice(0, breakAt);
  const lineAt = head.lastIndexOf('\n');
  return `${(lineAt > min ? head.slice(0, lineAt) : head).trimEnd()} …`;
}
