import type { Agreement } from '../schemas/index.ts';
import { sha256 } from '../hash/index.ts';

export interface PublicIdentity {
  /** URL slug of their page. */
  slug: string;
  /** What the site calls them. */
  name: string;
  /** How they are named: by name or pen name, anonymously, or as a writer who withdrew. */
  display: Agreement['publicName']['display'] | 'withdrawn';
  /** Date they withdrew, if they did. */
  withdrawn?: string;
}

export const WITHDRAWN_WRITER = 'A writer who has since withdrawn';
export const ANONYMOUS_WRITER = 'An anonymous writer';

const opaque = (kind: string, handle: string) => `${kind}-${sha256(`commonplace-${kind}:${handle}`).slice(0, 8)}`;

export function publicIdentity(handle: string, agreement: Agreement | undefined): PublicIdentity {
  const withdrawn = agreement?.withdrawn ? { withdrawn: agreement.withdrawn } : {};
  if (agreement?.withdrawn && !agreement.publicName.keepAfterWithdrawal) {
    return { slug: opaque('withdrawn', handle), name: WITHDRAWN_WRITER, display: 'withdrawn', ...withdrawn };
  }
  const display = agreement?.publicName.display ?? 'anonymous';
  if (display === 'anonymous') {
    // Several anonymous writers must be told apart: four hex digits of the same one-way hash as their slug.
    const slug = opaque('anonymous', handle);
    return { slug, name: `${ANONYMOUS_WRITER} (${slug.slice(-4)})`, display, ...withdrawn };
  }
  return { slug: handle, name: agreement!.publicName.name ?? handle, display, ...withdrawn };
}

/** The name an export or card may carry: the public name, or null when the writer is not named. */
export function namedAs(identity: PublicIdentity): string | null {
  return identity.display === 'name' || identity.display === 'pen-name' ? identity.name : null;
}
