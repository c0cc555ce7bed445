/**
 * Everything the site shows, assembled from the validated records: the one
 * place that decides what may be public. Pure: loaded inputs in, view out.
 */
import type { CheckedCoop, DecisionRecord } from '../records/types.ts';
import type { CommitChanges } from '../git/index.ts';
import { ledgerOf } from '../consent/index.ts';
import { boardOn, servingOn, tally, type Tally } from '../board/index.ts';
import { displayOf, excerptOf, publicIdentity, type Display, type PublicIdentity } from '../consent/index.ts';
import type { BaseModel, DatasetManifest, ModelCard, ScalingStudy, Scope, UseCase, WorkFrontMatter } from '../schemas/index.ts';
import { readingOf } from '../study/plan.ts';
import { currentFirst, datasetLabels, modelLabels, reviewInWords, type Currency, type RecordLabel } from './labels.ts';
import { actionLinks, type ActionLinks } from './links.ts';
import { assessOpenness, type OpennessRow } from './openness.ts';
import { buildTimeline, type TimelineEvent } from './timeline.ts';

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

const byNewest = <T>(xs: readonly T[]) => [...xs].reverse();

export function buildSiteView({ coop, texts, datasets, cards, mainLine, studies = [], builtOn }: ViewInputs): SiteView {
  const identities = new Map([...coop.agreements].map(([h, a]) => [h, publicIdentity(h, a.value)]));
  const actions = actionLinks(coop.info.value);
  const repo = actions.repository;

  const ledger = ledgerOf(coop);
  const identityOf = (h: string) => identities.get(h);
  const dLabels = datasetLabels(datasets, identityOf);
  const mLabels = modelLabels(cards, identityOf);
  const works: WorkView[] = coop.works.map((w) => {
    const withdrawn = ledger.isWithdrawn(w.handle, w.hash) || !!w.value.withdrawn;
    const display = displayOf(w.value.scopes, withdrawn);
    const t = texts.get(w.file);
    return {
      handle: w.handle,
      slug: w.slug,
      display,
      form: w.value.form,
      language: w.value.language,
      hash: w.hash,
      withdrawn,
      contentNotes: display === 'none' ? [] : (w.value.contentNotes ?? []),
      ...(display !== 'none' ? { title: w.value.title } : {}),
      ...(display === 'full' ? { url: `/works/${identities.get(w.handle)?.slug ?? w.handle}/${w.slug}/` } : {}),
      ...(display === 'full' && t !== undefined ? { shown: t } : display === 'excerpt' && t !== undefined ? { shown: excerptOf(t) } : {}),
      ...(display !== 'none' && w.value.licence ? { licence: w.value.licence } : {}),
    };
  });

  // One pass over every dataset's works: which datasets hold each contributor's writing.
  const datasetsByHandle = new Map<string, string[]>();
  for (const d of datasets) {
    for (const handle of new Set(d.works.map((w) => w.contributor))) datasetsByHandle.set(handle, [...(datasetsByHandle.get(handle) ?? []), d.id]);
  }
  const datasetsOf = (handle: string) => datasetsByHandle.get(handle) ?? [];
  // Models are trained on content: a version whose works equal an earlier one shares its models.
  const contentOf = new Map(datasets.map((d) => [d.id, d.content]));
  const modelsOfContent = (contents: Set<string | undefined>) => cards.filter((c) => contents.has(contentOf.get(c.dataset))).map((c) => c.version);
  const modelsOfDatasets = (ids: string[]) => modelsOfContent(new Set(ids.map((id) => contentOf.get(id))));

  const contributors: ContributorView[] = [...coop.agreements.keys()]
    .sort()
    .map((handle) => {
      const id = identities.get(handle)!;
      const own = works.filter((w) => w.handle === handle);
      const inData = datasetsOf(handle);
      const allotment = [...cards].reverse().find((c) => c.kind === 'allotment' && c.member === handle && c.status === 'current');
      return {
        ...id,
        handle,
        works: own.filter((w) => w.display !== 'none'),
        hiddenWorks: own.filter((w) => w.display === 'none').length,
        datasets: inData,
        models: modelsOfDatasets(inData),
        ...(allotment ? { allotment: allotment.version } : {}),
        scopes: id.withdrawn ? [] : [...coop.agreements.get(handle)!.value.scopes].sort(),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));

  const datasetViews: DatasetView[] = byNewest(datasets).map((manifest) => {
    const merges = new Map<string, DatasetView['merges'][number]>();
    for (const w of manifest.works) {
      const m = w.provenance?.merge;
      if (!m) continue;
      const e = merges.get(m.commit) ?? { commit: m.commit, date: m.date, ...(m.pullRequest ? { pullRequest: m.pullRequest } : {}), approvedBy: m.approvedBy, works: 0 };
      e.works++;
      merges.set(m.commit, e);
    }
    return {
      manifest,
      label: dLabels.get(manifest.id)!,
      ...(manifest.member ? { owner: identities.get(manifest.member) } : {}),
      models: modelsOfContent(new Set([manifest.content])),
      merges: [...merges.values()].sort((a, b) => b.date.localeCompare(a.date)),
    };
  });

  const demoModel = [...cards].reverse().find((c) => c.kind === 'shared' && c.status === 'current' && c.publicDemo && c.weights.published);
  const modelViews: ModelView[] = byNewest(cards).map((card) => {
    const dataset = datasets.find((d) => d.id === card.dataset);
    const full = dataset ? dataset.works.filter((w) => displayOf(w.scopes, false) === 'full').length / Math.max(1, dataset.works.length) : 0;
    const demo = demoModel?.version === card.version;
    return {
      card,
      label: mLabels.get(card.version)!,
      demo,
      ...(card.member ? { owner: identities.get(card.member) } : {}),
      openness: assessOpenness({
        card,
        fullTextShare: full,
        links: {
          dataset: `/datasets/${card.dataset}/`,
          // A co-op pins the pipeline's version in its package.json; the trainer's name and version are on the card.
          ...(repo ? { code: `${repo}/blob/main/package.json`, docs: `${repo}/tree/main/docs` } : {}),
          card: `/models/${card.version}/`,
          governance: '/governance/',
          ...(demo ? { weights: `/models/${card.version}/${card.architecture.type === 'char-transformer' ? 'model.json' : 'model.safetensors'}`, demo: '/try/' } : {}),
        },
      }),
    };
  });

  const policy = coop.policy.value;
  const decisions: DecisionView[] = [...coop.decisions.values()]
    .sort((a, b) => b.id.localeCompare(a.id))
    .map((d) => ({
      id: d.id,
      slug: d.slug,
      value: d.value,
      body: d.body,
      ...(d.value.status !== 'proposed' ? { tally: tally(d.value, boardOn(coop.board.value, d.value.date).size, policy.decisions) } : {}),
      ...(d.value.reviewBy && d.value.status === 'accepted' ? { review: reviewInWords(d.value.reviewBy, builtOn) } : {}),
    }));

  const withdrawals = [
    ...[...ledger.writers].map(([handle, date]) => ({ date, handle, scope: 'all' as const })),
    ...[...ledger.works.values()].filter((w) => !ledger.writers.has(w.handle)).map((w) => ({ date: w.date, handle: w.handle, scope: 'work' as const })),
  ];

  // "Am I in it?" still answers for withdrawn writing: each withdrawn work the registry held, by fingerprint.
  const withdrawn = new Map<string, WithdrawnWorkView>();
  const unknown = publicIdentity('', undefined);
  for (const d of datasets) {
    for (const w of d.works) {
      if (!ledger.isWithdrawn(w.contributor, w.hash)) continue;
      const key = `${w.contributor}/${w.hash}`;
      const entry = withdrawn.get(key) ?? {
        hash: w.hash,
        ...(ledger.works.get(key)?.title ? { title: ledger.works.get(key)!.title! } : {}),
        date: ledger.dateOf(w.contributor, w.hash)!,
        who: identities.get(w.contributor) ?? unknown,
        datasets: [],
      };
      if (!entry.datasets.includes(d.id)) entry.datasets.push(d.id);
      withdrawn.set(key, entry);
    }
  }

  return {
    info: coop.info.value,
    charter: { value: coop.charter.value, body: coop.charter.body },
    contributors,
    works,
    datasets: datasetViews,
    models: modelViews,
    datasetList: currentFirst(
      datasetViews,
      (d) => d.label.currency,
      (d) => d.manifest.kind === 'shared',
    ),
    modelList: currentFirst(
      modelViews,
      (m) => m.card.status,
      (m) => m.card.kind === 'shared',
    ),
    datasetById: new Map(datasetViews.map((d) => [d.manifest.id, d])),
    modelByVersion: new Map(modelViews.map((m) => [m.card.version, m])),
    board: coop.board.value.members.map((m) => ({ ...m, serving: servingOn(m, builtOn) })),
    builtOn,
    policy,
    decisions,
    useCases: [...coop.useCases].sort(([a], [b]) => a.localeCompare(b)).map(([slug, value]) => ({ slug, value: value.value })),
    studies: studies.map((study) => ({
      study,
      reading: readingOf(study.runs, study.unigramBaseline.bitsPerChar),
      ...(dLabels.get(study.dataset) ? { datasetName: dLabels.get(study.dataset)!.name } : {}),
    })),
    baseModels: [...coop.baseModels].sort(([a], [b]) => a.localeCompare(b)).map(([id, rec]) => ({ id, value: rec.value })),
    root: coop.root,
    agreementTexts: [...coop.agreementTexts].map(([version, t]) => ({ version, file: t.file, body: t.text })).sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true })),
    pages: [...coop.pages]
      .map(([slug, p]) => ({ slug, title: p.value.title, ...(p.value.description ? { description: p.value.description } : {}), order: p.value.order ?? 100, file: p.file, body: p.body }))
      .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title)),
    timeline: buildTimeline({
      mainLine,
      identities,
      decisions: [...coop.decisions.values()],
      withdrawals,
      cards,
      names: { dataset: (id) => dLabels.get(id)?.name, model: (v) => mLabels.get(v)?.name },
    }),
    ...(demoModel ? { demoModel } : {}),
    identities,
    withdrawn: [...withdrawn.values()].sort((a, b) => a.hash.localeCompare(b.hash)),
    pullRequestUrl: (n) => (repo ? `${repo}/pull/${n}` : undefined),
    ...(repo ? { repository: repo } : {}),
    actions,
  };
}
