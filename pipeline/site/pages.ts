/**
 * What the Astro pages (site/) take from the pipeline: the site's view of the co-op, one view per
 * page that decides what it shows, the site's formatters and labels, chart ticks, and the one safe
 * Markdown renderer. Nothing in site/ but its browser scripts imports the pipeline other than here.
 * The pages' own entry beside index.ts, which is the `site` command's (it builds with Astro,
 * which pages must not import).
 */
export { sharedSiteView } from './load.ts';
export { renderSafeMarkdown } from './markdown.ts';
export { formatDate, formatNumber, formatSize, shortHash } from './format.ts';
export { approvalsInWords, changesInWords, decisionHeadline } from './labels.ts';
export { niceTicks } from './chart.ts';
export type { TimelineEvent } from './timeline.ts';
export type { ContributorView, DatasetView, DecisionView, ModelView, SiteView, WorkView } from './view-types.ts';
export { lookupIndex, type LookupIndex } from './views/lookup.ts';
export { modelPage, type ModelPage } from './views/model-page.ts';
export { datasetPage, LIST_LIMIT, type BreakdownRow, type DatasetPage } from './views/dataset-page.ts';
export { decisionPage, type DecisionPage } from './views/decision-page.ts';
export { contributorPage, type ContributorPage } from './views/contributor-page.ts';
export { workPages, type WorkPage } from './views/work-pages.ts';
