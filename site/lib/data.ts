/** The site's one way to the co-op: the validated view, loaded once per build. */
import path from 'node:path';
import { sharedSiteView } from '../../pipeline/site/pages.ts';
import type { SiteView } from '../../pipeline/site/pages.ts';

export function siteView(): Promise<SiteView> {
  return sharedSiteView(path.resolve(process.env.COMMONPLACE_ROOT ?? process.cwd()));
}

/** A site-relative link with the configured base path. */
export function url(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}${path}`;
}

export { formatDate, formatNumber, formatSize, shortHash } from '../../pipeline/site/pages.ts';
