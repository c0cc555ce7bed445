/**
 * The one rule for where a link in a record may point: http(s) or mailto, or a
 * relative (in-site) address, decided after WHATWG URL parsing as a browser
 * would do it. Parsing first matters: `JaVaScRiPt:`, `java\tscript:` (tabs and
 * newlines are removed) and leading control characters all parse to the
 * `javascript:` scheme, where a pattern over the raw text would miss them.
 * `check` (record bodies, coop.yaml) and the site's Markdown renderer both use it.
 */

/** The schemes a link may have once parsed. */
export const LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

// Resolves relative links: an in-site path keeps this (allowed) scheme, anything with a scheme of its own keeps that.
const RELATIVE_BASE = 'https://in-site.invalid/';

/** True when `url` (absolute, or relative to the site) parses to http, https or mailto. */
export function isSafeLink(url: string): boolean {
  return URL.canParse(url, RELATIVE_BASE) && LINK_PROTOCOLS.includes(new URL(url, RELATIVE_BASE).protocol);
}

/** True when `url` is an absolute http(s) or mailto address (for records that name a place outside the site). */
export function isSafeAbsoluteLink(url: string): boolean {
  return URL.canParse(url) && LINK_PROTOCOLS.includes(new URL(url).protocol);
}
