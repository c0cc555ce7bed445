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
  /** The model the "Try the model" page runs, if any. */
  demoModel?: ModelCard;
  /** Identity by handle, for every contributor and board member with an agreement. */
  identities: Map<string, PublicIdentity>;
  /** Every withdrawn work the registry once held, for "Am I in it?". */
  withdrawn: WithdrawnWorkView[];
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
  datasets: readonly DatasetManifest[];
  cards: readonly ModelCard[];
  mainLine: readonly CommitChanges[];
  /** Data-scaling studies (registry/studies/), newest first. */
  studies?: readonly ScalingStudy[];
  /** The day the site is built (YYYY-MM-DD): who is serving, and which reviews are due, are as of it. */
  builtOn: string;
}
