/**
 * Everything the site shows, assembled from the validated records: the one place that decides
 * what may be public. Pure: loaded inputs in, view out. Each part is its own small function in
 * views/; this composes them.
 */
import { donationRecords } from './donation-dates.ts';
import { actionLinks } from './links.ts';
import { firstCommitsOf } from './review-history.ts';
import { boardAgenda } from './views/agenda.ts';
import { currentFirst } from './labels.ts';
import { buildTimeline } from './timeline.ts';
import type { DatasetView, ModelView, SiteView, ViewInputs } from './view-types.ts';
import { contributorViews } from './views/contributors.ts';
import { viewContext } from './views/context.ts';
import { datasetViews } from './views/datasets.ts';
import { decisionViews } from './views/decisions.ts';
import { governanceView } from './views/governance.ts';
import { demoModelOf, modelViews } from './views/models.ts';
import { studyViews } from './views/studies.ts';
import { creditIndex, creditWorks } from './views/credit-index.ts';
import { passageFilter, passageTexts } from './views/passage-filter.ts';
import { workTraces } from './views/trace.ts';
import { withdrawalEvents, withdrawnWorks } from './views/withdrawn.ts';
import { workViews } from './views/works.ts';

export type * from './view-types.ts';

export function buildSiteView({ coop, texts, datasetTexts = new Map(), datasets, cards, mainLine, studies = [], builtOn }: ViewInputs): SiteView {
  const ctx = viewContext(coop, datasets, cards);
  const actions = actionLinks(coop.info.value);
  const repo = actions.repository;
  const works = workViews(coop.works, texts, ctx);
  const newestDatasets = datasetViews(datasets, ctx);
  const demoModel = demoModelOf(cards);
  const newestModels = modelViews(cards, datasets, demoModel, repo, ctx);
  const decisions = decisionViews(coop, builtOn);
  const firstCommits = firstCommitsOf(mainLine);
  const traces = workTraces(coop, works, datasets, ctx);
  return {
    info: coop.info.value,
    charter: { value: coop.charter.value, body: coop.charter.body },
    contributors: contributorViews(coop, works, datasets, cards, ctx),
    works,
    datasets: newestDatasets,
    models: newestModels,
    ...recordLists(newestDatasets, newestModels),
    builtOn,
    policy: coop.policy.value,
    decisions,
    studies: studyViews(studies, ctx),
    ...governanceView(coop, builtOn),
    root: coop.root,
    timeline: buildTimeline({
      mainLine,
      identities: ctx.identities,
      decisions: [...coop.decisions.values()],
      withdrawals: withdrawalEvents(ctx),
      cards,
      names: { dataset: (id) => ctx.datasetLabels.get(id)?.name, model: (v) => ctx.modelLabels.get(v)?.name },
      records: donationRecords(coop.agreements, coop.works),
    }),
    firstCommits,
    agenda: boardAgenda({ decisions, datasets: newestDatasets, models: newestModels, ledger: ctx.ledger, firstCommits, builtOn }),
    ...(demoModel ? { demoModel } : {}),
    identities: ctx.identities,
    withdrawn: withdrawnWorks(datasets, ctx),
    traces,
    traceByHash: new Map(traces.map((t) => [t.hash, t])),
    passages: passageFilter(passageTexts(newestDatasets, datasetTexts, ctx)),
    credits: creditIndex(
      creditWorks({ datasets: newestDatasets, works, identities: ctx.identities }, datasetTexts, (h, w) => ctx.ledger.isWithdrawn(h, w)),
      coop.policy.value.release.creditChars ?? coop.policy.value.release.extractionChars,
    ),
    pullRequestUrl: (n) => (repo ? `${repo}/pull/${n}` : undefined),
    ...(repo ? { repository: repo } : {}),
    actions,
  };
}

/** The datasets and models for lists (current first, the shared lineage before members' own) and by id. */
function recordLists(datasets: DatasetView[], models: ModelView[]): Pick<SiteView, 'datasetList' | 'modelList' | 'datasetById' | 'modelByVersion'> {
  return {
    datasetList: currentFirst(
      datasets,
      (d) => d.label.currency,
      (d) => d.manifest.kind === 'shared',
    ),
    modelList: currentFirst(
      models,
      (m) => m.card.status,
      (m) => m.card.kind === 'shared',
    ),
    datasetById: new Map(datasets.map((d) => [d.manifest.id, d])),
    modelByVersion: new Map(models.map((m) => [m.card.version, m])),
  };
}
