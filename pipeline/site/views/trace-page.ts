/** What a work's trace shows, decided for it: its datasets and models as the site names them, with what became of each, and its approvals by name. Pure over the site's view. */
import { scopesInWords } from '../../consent/index.ts';
import { reviewOf, reviewRecordInWords } from '../review-history.ts';
import type { DatasetView, ModelView, SiteView, TraceEntry } from '../view-types.ts';

export interface TraceFacts {
  /** What the writer agreed the co-op may do with this work, in words. */
  agreed: string;
  /** How it came in: "by pull request #12, approved by Ana Okafor", or that no review is on record. */
  arrival?: {
    date: string;
    pullRequest?: number;
    pullRequestUrl?: string;
    approvers: string[] /** When no approver is on record: why, in words (no review recorded, or no history to hold one). */;
    unreviewed?: string;
  };
  datasets: DatasetView[];
  /** Each model with what became of it, in words ("retired: …"). */
  models: Array<{ model: ModelView; fate: string }>;
}

export function traceFacts(view: Pick<SiteView, 'datasetById' | 'modelByVersion' | 'board' | 'pullRequestUrl' | 'firstCommits'>, e: TraceEntry): TraceFacts {
  const steward = (h: string) => view.board.find((b) => b.handle === h)?.name ?? h;
  const a = e.arrived;
  const url = a?.pullRequest ? view.pullRequestUrl(a.pullRequest) : undefined;
  return {
    agreed: scopesInWords(e.scopes),
    ...(a
      ? {
          arrival: {
            date: a.date,
            ...(a.pullRequest ? { pullRequest: a.pullRequest } : {}),
            ...(url ? { pullRequestUrl: url } : {}),
            approvers: a.approvedBy.map(steward),
            ...(a.approvedBy.length === 0 ? { unreviewed: a.pullRequest ? 'no approval on record' : reviewRecordInWords(reviewOf({ merge: { ...a, approvedBy: [] } }, view.firstCommits)) } : {}),
          },
        }
      : {}),
    datasets: e.datasets
      .map((id) => view.datasetById.get(id))
      .filter((d) => d !== undefined)
      .reverse(),
    models: e.models
      .map((v) => view.modelByVersion.get(v))
      .filter((m) => m !== undefined)
      .reverse()
      .map((model) => ({ model, fate: fateOf(model) })),
  };
}

/** What became of a model, in words, to follow its name and status badge ("retired: its weights deleted; …"). */
export function fateOf(m: ModelView): string {
  const why = m.card.statusReason ? `; ${m.card.statusReason}` : '';
  switch (m.card.status) {
    case 'current':
      return ': in use';
    case 'superseded':
      return `: replaced by a newer version${why}`;
    case 'held-back':
      return `: never released${why}`;
    case 'retired':
      return `: its weights deleted${why}`;
  }
}
