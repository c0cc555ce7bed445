/**
 * What the Astro pages (site/) take from the pipeline: the site's view of the co-op, and the one
 * safe Markdown renderer. The pages' own entry beside index.ts, which is the `site` command's
 * (it builds with Astro, which pages must not import).
 */
export { sharedSiteView } from './load.ts';
export { renderSafeMarkdown } from './markdown.ts';
export type { SiteView } from './view-model.ts';
export { lookupIndex, type LookupIndex } from './views/lookup.ts';
