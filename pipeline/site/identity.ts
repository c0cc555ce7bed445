/**
 * How the site names a contributor: as they asked in their agreement. An
 * anonymous writer gets neither their name nor their handle on the site, only
 * a stable opaque slug, because a handle can be a name.
 */
import { createHash } from 'node:crypto';
import type { Agreement } from '../schemas/index.ts';

export interface PublicIdentity {
  /** URL slug of their page. */
  slug: string;
  /** What the site calls them. */
  name: string;
  display: Agreement['publicName']['display'];
  withdrawn?: string;
}

export function publicIdentity(handle: string, agreement: Agreement | undefined): PublicIdentity {
  const display = agreement?.publicName.display ?? 'anonymous';
  if (display === 'anonymous') {
    const slug = `anonymous-${createHash('sha256').update(`commonplace-anonymous:${handle}`).digest('hex').slice(0, 8)}`;
    return { slug, name: 'An anonymous writer', display, ...(agreement?.withdrawn ? { withdrawn: agreement.withdrawn } : {}) };
  }
  return { slug: handle, name: agreement!.publicName.name ?? handle, display, ...(agreement?.withdrawn ? { withdrawn: agreement.withdrawn } : {}) };
}
