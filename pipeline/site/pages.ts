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
export { datasetCounts, scoredCharactersInWords, type DatasetCounts } from './counts.ts';
export { GLOSSARY, glossaryTerm, type GlossaryTerm } from './glossary.ts';
export type { TimelineEvent } from './timeline.ts';
export type { ContributorView, DatasetView, DecisionView, ModelView, SiteView, TraceEntry, WorkTrace, WorkView } from './view-types.ts';
export { lookupIndex, type LookupIndex } from './views/lookup.ts';
export { modelPage, type ModelPage } from './views/model-page.ts';
export { datasetPage, LIST_LIMIT, type BreakdownRow, type DatasetPage } from './views/dataset-page.ts';
export { decisionPage, type DecisionPage } from './views/decision-page.ts';
export { contributorPage, type ContributorPage } from './views/contributor-page.ts';
export { workPages, type WorkPage } from './views/work-pages.ts';
export type { AgendaItem } from './view-types.ts';
export { FIRST_COMMIT_WORDS, reviewOf, reviewRecordInWords, UNREVIEWED_WORDS } from './review-history.ts';
export { fingerprintLink, fingerprintPath, traceOf } from './views/trace.ts';
export { fateOf, traceFacts, type TraceFacts } from './views/trace-page.ts';
export { withdrawalReceipt, type WithdrawalReceipt } from './views/receipt.ts';
export { ledgerCsv, modelLedger, type LedgerRow, type ModelLedger } from './views/ledger.ts';
export { chanceInWords } from '../text/index.ts';
export type { Credit, CreditIndex, PassageFilter } from './view-types.ts';
