/**
 * What a dataset's page shows, decided for it: its breakdowns with writers named as the site
 * names them, its changes in words (titles only where the manifest keeps them, so only as consent
 * allows), and where its works came from, with the stewards who approved each merge. Pure over
 * the site's view; links are site-relative (the page adds the base path).
 */
import { SCOPE_WORDS } from '../../consent/index.ts';
import { approvalsFor } from '../../quorum/index.ts';
import type { DatasetManifest, Scope } from '../../schemas/index.ts';
import { changesInWords } from '../labels.ts';
import { reviewOf } from '../review-history.ts';
import type { DatasetView, ModelView, SiteView } from '../view-types.ts';

/** How many entries a list on the page shows; the rest are counted (and found on "Am I in it?"). */
export const LIST_LIMIT = 100;

/** One row of a breakdown: what it counts, and a site-relative link when it names a writer. */
export interface BreakdownRow {
  label: string;
  href?: string;
  works: number;
  characters: number;
}

type Changes = DatasetManifest['changes'];

export interface DatasetPage {
  manifest: DatasetManifest;
  /** What every writer here agreed the co-op may do: "train the co-op's shared model". */
  consent: string;
  previous: DatasetView | undefined;
  /** The models trained on its content. */
  models: ModelView[];
  breakdown: Record<'contributor' | 'form' | 'language' | 'scope', BreakdownRow[]>;
  /** "3 works added, 1 withdrawn." */
  changes: string;
  /** The first LIST_LIMIT of each kind of change; withdrawn works with why they left and the datasets that held them. */
  withdrawn: Array<{ hash: string; why: string; inDatasets: Array<{ id: string; name: string }> }>;
  added: Array<{ hash: string; title?: string }>;
  /** Added works beyond the list. */
  moreAdded: number;
  changed: Changes['changed'];
  removed: Changes['removed'];
  /** Board approvals the policy asks for before a donation is merged. */
  approvalsNeeded: number;
  /** Works committed straight to main, or merged with no approval on record (after the repository's first commit). */
  unreviewed: number;
  /** Works that came in with the repository's first commit: no review history exists for them. */
  missingHistory: number;
  /** `firstCommit` when the merge is the repository's first commit, so it has no review history. */
  merges: Array<{ date: string; commit: string; pullRequest?: number; pullRequestUrl?: string; approvers: string[]; works: number; firstCommit?: true }>;
}

/** The page of dataset `d` in `view`. */
export function datasetPage(view: Pick<SiteView, 'identities' | 'datasetById' | 'modelByVersion' | 'board' | 'policy' | 'pullRequestUrl' | 'firstCommits'>, d: DatasetView): DatasetPage {
  const m = d.manifest;
  const named = (id: string) => view.datasetById.get(id)?.label.name ?? id;
  const titleOf = (hash: string) => m.works.find((w) => w.hash === hash)?.title;
  const steward = (h: string) => view.board.find((b) => b.handle === h)?.name ?? h;
  const changes = changesInWords(m);
  return {
    manifest: m,
    consent: SCOPE_WORDS[m.scope].allows,
    previous: m.previous ? view.datasetById.get(m.previous) : undefined,
    models: d.models.map((v) => view.modelByVersion.get(v)).filter((x) => x !== undefined),
    breakdown: breakdownRows(view, m),
    changes: `${changes[0]!.toUpperCase()}${changes.slice(1)}.`,
    withdrawn: m.changes.withdrawn.slice(0, LIST_LIMIT).map((w) => ({
      hash: w.hash,
      why: w.reason === 'agreement-withdrawn' ? 'the writer withdrew' : 'the work was withdrawn',
      inDatasets: w.inDatasets.map((id) => ({ id, name: named(id) })),
    })),
    added: m.changes.added.slice(0, LIST_LIMIT).map((hash) => ({ hash, ...(titleOf(hash) ? { title: titleOf(hash)! } : {}) })),
    moreAdded: Math.max(0, m.changes.added.length - LIST_LIMIT),
    changed: m.changes.changed.slice(0, LIST_LIMIT),
    removed: m.changes.removed.slice(0, LIST_LIMIT),
    approvalsNeeded: approvalsFor('donation', view.policy.review),
    unreviewed: m.works.filter((w) => reviewOf(w.provenance, view.firstCommits).kind === 'unreviewed').length,
    missingHistory: m.works.filter((w) => reviewOf(w.provenance, view.firstCommits).kind === 'first-commit').length,
    merges: d.merges.slice(0, LIST_LIMIT).map((g) => {
      const pullRequestUrl = g.pullRequest ? view.pullRequestUrl(g.pullRequest) : undefined;
      return {
        date: g.date,
        commit: g.commit,
        ...(g.pullRequest ? { pullRequest: g.pullRequest } : {}),
        ...(pullRequestUrl ? { pullRequestUrl } : {}),
        approvers: g.approvedBy.map(steward),
        works: g.works,
        ...(view.firstCommits?.has(g.commit) ? { firstCommit: true as const } : {}),
      };
    }),
  };
}

/** The manifest's breakdowns as rows: writers by the name the site shows, linked to their page; scopes in words. */
function breakdownRows(view: Pick<SiteView, 'identities'>, m: DatasetManifest): DatasetPage['breakdown'] {
  const rows = (rec: Record<string, { works: number; characters: number }>, label: (k: string) => string) =>
    Object.entries(rec).map(([k, v]) => ({ label: label(k), works: v.works, characters: v.characters }));
  return {
    contributor: Object.entries(m.breakdown.contributor).map(([k, v]) => {
      const id = view.identities.get(k);
      return { label: id?.name ?? 'a writer', ...(id ? { href: `/contributors/${id.slug}/` } : {}), works: v.works, characters: v.characters };
    }),
    form: rows(m.breakdown.form, (k) => k),
    language: rows(m.breakdown.language, (k) => k),
    scope: rows(m.breakdown.scope, (k) => SCOPE_WORDS[k as Scope]?.label ?? k),
  };
}
