/**
 * The shape of everything the site shows: the site's view of the co-op (`SiteView`) and its
 * parts, one per record the pages name. `buildSiteView` (view-model.ts) assembles it.
 */
import type { CheckedCoop, DecisionRecord } from '../records/types.ts';
import type { CommitChanges } from '../git/index.ts';
import type { Tally } from '../board/index.ts';
import type { Display, PublicIdentity } from '../consent/index.ts';
import type { BaseModel, DatasetManifest, ModelCard, ScalingStudy, Scope, UseCase, WorkFrontMatter } from '../schemas/index.ts';
import type { Currency, RecordLabel } from './labels.ts';
import type { ActionLinks } from './links.ts';
import type { OpennessRow } from './openness.ts';
import type { TimelineEvent } from './timeline.ts';

export interface WorkView {
  handle: string;
  slug: string;
  /** Page of the work, when its full text may be shown. */
  url?: string;
  /** Shown only when the work allows display. */
  title?: string;
  display: Display;
  /** The text the site may show: an excerpt, the full text, or nothing. */
  shown?: string;
  form: WorkFrontMatter['form'];
  language: string;
  contentNotes: string[];
  licence?: string;
  /** sha256 of the normalized text (the id in datasets). */
  hash: string;
  withdrawn: boolean;
}

/** A work's trace (views/trace.ts): one writer's work with this text (two writers with the same text are two entries). */
export interface TraceEntry {
  /** sha256 of the normalized text. */
  hash: string;
  /** The writer as the site names them. */
  who: PublicIdentity;
  display: Display;
  /** Title, only when the work may be shown and is not withdrawn. */
  title?: string;
  language?: string;
  /** The work's own page (full text), when its writer allowed it. */
  url?: string;
  /** The consent scopes the work granted, as the newest record of it says. */
  scopes: Scope[];
  /** When it reached the co-op's main line, and how: a pull request with its approvals, or none on record. */
  arrived?: { date: string; commit: string; pullRequest?: number; approvedBy: string[] };
  /** When the commit that added it was written. */
  written?: string;
  /** When it, or its writer, was withdrawn. */
  withdrawn?: string;
  /** Ids of every dataset that holds or held it, oldest first. */
  datasets: string[];
  /** Versions of every model trained on any of those datasets' content. */
  models: string[];
}

export interface WorkTrace {
  hash: string;
  entries: TraceEntry[];
}

export interface ContributorView extends PublicIdentity {
  handle: string;
  works: WorkView[];
  /** Works not shown by title (no display consent, or withdrawn). */
  hiddenWorks: number;
  datasets: string[];
  models: string[];
  allotment?: string;
  scopes: Scope[];
}

/** A work that was withdrawn, as "Am I in it?" answers for it: fingerprints, dates and where it was. */
export interface WithdrawnWorkView {
  hash: string;
  /** Title fingerprint, when the withdrawal record keeps one. */
  title?: string;
  date: string;
  /** Who withdrew it, as the site names them now. */
  who: PublicIdentity;
  /** Datasets that held it before it was withdrawn. */
  datasets: string[];
}

export interface DatasetView {
  manifest: DatasetManifest;
  /** "Shared dataset, version 2", and whether it is the latest of its lineage. */
  label: RecordLabel & { currency: Currency };
  /** Whose dataset, as the site names them. */
  owner?: PublicIdentity;
  models: string[];
  merges: Array<{ commit: string; date: string; pullRequest?: number; approvedBy: string[]; works: number }>;
}

export interface ModelView {
  card: ModelCard;
  /** "Shared model, version 3". */
  label: RecordLabel;
  owner?: PublicIdentity;
  openness: OpennessRow[];
  /** Files the site publishes for the demo (under /models/<version>/). */
  demo: boolean;
  /** Where its weights are published: the demo's file on this site, or the model's Release in the co-op's repository. */
  weights?: string;
}

export interface DecisionView {
  id: string;
  slug: string;
  value: DecisionRecord['value'];
  body: string;
  tally?: Tally;
  /** When an accepted decision is due for review, in words as of the build day. */
  review?: { overdue: boolean; text: string };
}

/** One thing the board should act on (views/agenda.ts decides which). */
export interface AgendaItem {
  kind: 'review' | 'proposal' | 'withdrawal' | 'held-back' | 'allotment-behind' | 'unreviewed';
  /** What needs doing, in words. */
  title: string;
  /** Site-relative link to where it is acted on. */
  link: string;
  /** For a review: the day it is due (YYYY-MM-DD) and, as of the build day, whether it is overdue and in words (the browser rewrites them for its reader's today). */
  due?: { date: string; overdue: boolean; text: string };
}

/** The filter as published (passages.json), with the parameters the page states in words. */
export interface PassageFilter {
  /** Words per n-gram. */
  n: number;
  /** Size of the filter in bits. */
  bits: number;
  /** Hash functions per n-gram. */
  hashes: number;
  /** Distinct n-grams put in. */
  items: number;
  /** Works whose n-grams are in it. */
  works: number;
  /** The chance that one n-gram not in any text is found anyway (from bits, hashes and items). */
  falsePositiveRate: number;
  /** The chance that every n-gram of a passage of `ngrams` n-grams none of which is in any text is found anyway. */
  passageFalsePositiveRate: Array<{ ngrams: number; rate: number }>;
  /** The bit array, base64 (bit j in byte j >> 3, mask 1 << (j & 7)). */
  filter: string;
}

/** How a credited span names its work: title and page, writer and page, as consent allows; null: private. */
export type Credit = { title: string; url?: string; writer?: string; writerUrl?: string } | null;

/** The index as published (credits.json). */
export interface CreditIndex {
  /** Shortest run of characters credited. */
  k: number;
  /** Each work's credit, by number. */
  works: Credit[];
  /** Windows in the index. */
  windows: number;
  /** Sorted window hashes, little-endian uint32, base64. */
  hashes: string;
  /** The work number of each hash, little-endian uint32, base64. */
  work: string;
}

export interface SiteView {
  info: CheckedCoop['info']['value'];
  charter: { value: CheckedCoop['charter']['value']; body: string };
  contributors: ContributorView[];
  works: WorkView[];
  /** Newest first. */
  datasets: DatasetView[];
  /** Newest first. */
  models: ModelView[];
  /** The same datasets for lists: current first, the shared one before members' own, then newest. */
  datasetList: DatasetView[];
  /** The same models for lists: current first, the shared one before members' own, then newest. */
  modelList: ModelView[];
  /** A dataset by id and a model by version, for pages that name them. */
  datasetById: ReadonlyMap<string, DatasetView>;
  modelByVersion: ReadonlyMap<string, ModelView>;
  /** The board's members, each marked as serving on the build day or not. */
  board: Array<CheckedCoop['board']['value']['members'][number] & { serving: boolean }>;
  /** The day the site was built (YYYY-MM-DD). */
  builtOn: string;
  policy: CheckedCoop['policy']['value'];
  decisions: DecisionView[];
  useCases: Array<{ slug: string; value: UseCase }>;
  /** Data-scaling studies, newest first, each with its reading in words. */
  studies: Array<{ study: ScalingStudy; reading: string; datasetName?: string }>;
  /** Base models the board adopted, by id: provenance, licence and openness. */
  baseModels: Array<{ id: string; value: BaseModel }>;
  /** The contributor agreement texts the board adopted, oldest version first (Markdown the board reviewed). */
  agreementTexts: Array<{ version: string; file: string; body: string }>;
  /** The stewards' own pages: front matter as validated, body as written (plain Markdown; check refuses MDX). */
  pages: Array<{ slug: string; title: string; description?: string; order: number; file: string; body: string }>;
  /** The co-op's root folder (absolute), for the site's content loader. */
  root: string;
  timeline: TimelineEvent[];
  /** The repository's first commits: works they brought in have no review history (review-history.ts). */
  firstCommits: ReadonlySet<string>;
  /** What needs the board, as of the build day (views/agenda.ts). */
  agenda: AgendaItem[];
  /** The model the "Try the model" page runs, if any. */
  demoModel?: ModelCard;
  /** Identity by handle, for every contributor and board member with an agreement. */
  identities: Map<string, PublicIdentity>;
  /** Every withdrawn work the registry once held, for "Am I in it?". */
  withdrawn: WithdrawnWorkView[];
  /** Every work any dataset held or `corpus/` holds, by fingerprint: where it is used, its scopes, arrival and approvals. */
  traces: WorkTrace[];
  traceByHash: ReadonlyMap<string, WorkTrace>;
  /** "Is my passage in it?": a Bloom filter of the word n-grams of every work a current dataset holds (hashes, no text). */
  passages: PassageFilter;
  /** Credits in what a model writes: hashes of every k-character window of the same works, each work named as consent allows (no text). */
  credits: CreditIndex;
  /** Link to a pull request, when the co-op names its repository. */
  pullRequestUrl: (n: number) => string | undefined;
  repository?: string;
  /** Where a reader can act: the repository, its issue forms, the board's contact. */
  actions: ActionLinks;
}

export interface ViewInputs {
  coop: CheckedCoop;
  /** Normalized text of each work the site may show something of, by path. */
  texts: ReadonlyMap<string, string>;
  /** Normalized text of every work a dataset holds, by fingerprint, shown by no page: only hashes of it reach the site. */
  datasetTexts?: ReadonlyMap<string, string>;
  datasets: readonly DatasetManifest[];
  cards: readonly ModelCard[];
  mainLine: readonly CommitChanges[];
  /** Data-scaling studies (registry/studies/), newest first. */
  studies?: readonly ScalingStudy[];
  /** The day the site is built (YYYY-MM-DD): who is serving, and which reviews are due, are as of it. */
  builtOn: string;
}
