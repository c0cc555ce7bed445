/** The site's one way to the co-op: the validated view, loaded once per build. */
import path from 'node:path';
import { sharedSiteView } from '../../pipeline/site/load.ts';
import type { SiteView } from '../../pipeline/site/view-model.ts';

export function siteView(): Promise<SiteView> {
  return sharedSiteView(path.resolve(process.env.COMMONPLACE_ROOT ?? process.cwd()));
}

/** A site-relative link with the configured base path. */
export function url(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}${path}`;
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en');
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

export function shortHash(h: string): string {
  return h.slice(0, 12);
}
