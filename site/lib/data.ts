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

export function formatNumber(n: number): string {
  return n.toLocaleString('en');
}

/** A download size in words a reader knows: "1.8 MB", or "12 kB" under a megabyte. */
export function formatSize(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

export function shortHash(h: string): string {
  return h.slice(0, 12);
}
