/**
 * The links in `governance/coop.yaml` go where a reader expects. The repository and the
 * site's address must start with http(s):// (their schema says so). The contact may be
 * words, but when it parses as an absolute URL (WHATWG, as a browser would) its scheme
 * must be http, https or mailto, so `javascript:` and its disguises (`JaVaScRiPt:`,
 * `java<TAB>script:`) are refused. Pure: reads a loaded co-op, returns problems. The rule
 * itself is `text/safe-links.ts`, the one the site's Markdown renderer uses too.
 */
import { error, type Problem } from '../problems.ts';
import { isSafeAbsoluteLink } from '../text/index.ts';
import type { Coop } from '../records/types.ts';

/** Problems for a contact in coop.yaml that is a link of another scheme than http(s)/mailto. */
export function checkCoopLinks(coop: Coop): Problem[] {
  const info = coop.info;
  const contact = info?.value.contact?.trim();
  // Plain words ("ask at the Thursday meeting") are a contact too; only what parses as an absolute URL is a link.
  if (!info || contact === undefined || !URL.canParse(contact) || isSafeAbsoluteLink(contact)) return [];
  return [
    error('coop/unsafe-link', info.file, '"contact" is a link whose scheme is not http, https or mailto', {
      pointer: '/contact',
      line: info.lineOf('/contact'),
      hint: 'give an e-mail address, an http(s) or mailto URL, or words that do not start with "word:" (e.g. "call 555 0100")',
    }),
  ];
}
