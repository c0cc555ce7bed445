/** How the site writes numbers, sizes, dates and hashes: pure, so page views and pages write them alike. */

/** A count with thousands separators: "12,345". */
export function formatNumber(n: number): string {
  return n.toLocaleString('en');
}

/** A download size in words a reader knows: "1.8 MB", or "12 kB" under a megabyte. */
export function formatSize(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** The day of an ISO date or date-time: "2026-06-01". */
export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

/** A fingerprint cut to the 12 hex digits a reader compares by eye. */
export function shortHash(h: string): string {
  return h.slice(0, 12);
}
