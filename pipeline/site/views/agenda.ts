/**
 * What needs the board, as of the build day: reviews it promised that are due or overdue,
 * proposals not yet decided, withdrawals the datasets or the registry have not caught up with,
 * held-back models, members' own models that do not beat the shared model they start from, and
 * works in a current dataset with no recorded review. Each item links to where it is acted on.
 * Pure over the site's views; writers are never named (a withdrawal says only its date).
 */
import type { WithdrawalLedger } from '../../consent/index.ts';
import { reviewOf } from '../review-history.ts';
import type { AgendaItem, DatasetView, DecisionView, ModelView } from '../view-types.ts';

export type { AgendaItem };
type AgendaKind = AgendaItem['kind'];

export interface AgendaInputs {
  /** Every decision, as the site shows it (with its review in words when one is promised). */
  decisions: readonly DecisionView[];
  /** Every dataset version, each with its currency. */
  datasets: readonly DatasetView[];
  models: readonly ModelView[];
  ledger: Pick<WithdrawalLedger, 'isWithdrawn' | 'dateOf'>;
  /** The repository's first commits (`firstCommitsOf`). */
  firstCommits: ReadonlySet<string>;
  /** The build day (YYYY-MM-DD). */
  builtOn: string;
}

/** A promised review is on the agenda from this many days before it is due. */
export const REVIEW_NOTICE_DAYS = 30;

const ORDER: readonly AgendaKind[] = ['review', 'proposal', 'withdrawal', 'held-back', 'allotment-behind', 'unreviewed'];

/** Everything that needs the board, most pressing kind first. */
export function boardAgenda(inputs: AgendaInputs): AgendaItem[] {
  const items = [...reviewsDue(inputs), ...proposals(inputs), ...pendingWithdrawals(inputs), ...heldBack(inputs), ...allotmentsBehind(inputs), ...unreviewedWorks(inputs)];
  return items.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.due?.date ?? '').localeCompare(b.due?.date ?? ''));
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const decisionLink = (id: string) => `/governance/decisions/${id}/`;

/** Accepted decisions whose promised review is overdue or due within REVIEW_NOTICE_DAYS. */
function reviewsDue({ decisions, builtOn }: AgendaInputs): AgendaItem[] {
  return decisions.flatMap((d) => {
    const date = d.value.reviewBy;
    if (!d.review || !date || days(builtOn, date) > REVIEW_NOTICE_DAYS) return [];
    return [{ kind: 'review', title: `Review decision ${d.id}: ${d.value.title}`, link: decisionLink(d.id), due: { date, ...d.review } }];
  });
}

function proposals({ decisions }: AgendaInputs): AgendaItem[] {
  return decisions.filter((d) => d.value.status === 'proposed').map((d) => ({ kind: 'proposal', title: `Decide on proposal ${d.id}: ${d.value.title}`, link: decisionLink(d.id) }));
}

/**
 * A withdrawal is pending while a current dataset still holds the writing, or while any record in
 * the registry still names it (a title or file name the redaction has not removed yet).
 */
function pendingWithdrawals({ datasets, ledger }: AgendaInputs): AgendaItem[] {
  const byDate = new Map<string, { holding: Map<string, string>; named: Map<string, string> }>();
  for (const d of datasets) {
    for (const w of d.manifest.works) {
      if (!ledger.isWithdrawn(w.contributor, w.hash)) continue;
      const date = ledger.dateOf(w.contributor, w.hash)!;
      const entry = byDate.get(date) ?? { holding: new Map(), named: new Map() };
      if (d.label.currency === 'current') entry.holding.set(d.manifest.id, d.label.name);
      else if (w.title !== undefined || w.path !== undefined) entry.named.set(d.manifest.id, d.label.name);
      byDate.set(date, entry);
    }
  }
  return [...byDate]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([date, { holding, named }]): AgendaItem[] => {
      const [first] = [...holding, ...named];
      if (!first) return [];
      const still =
        holding.size > 0 ? `${[...holding.values()].join(', ')} still ${holding.size === 1 ? 'holds' : 'hold'} its writing` : `the records of ${[...named.values()].join(', ')} still name it`;
      return [{ kind: 'withdrawal', title: `A withdrawal of ${date} is not applied yet: ${still}; the next pipeline run applies it`, link: `/datasets/${first[0]}/` }];
    });
}

function heldBack({ models }: AgendaInputs): AgendaItem[] {
  return models
    .filter((m) => m.card.status === 'held-back')
    .map((m) => ({ kind: 'held-back', title: `${m.label.name} is held back${m.card.statusReason ? `: ${m.card.statusReason}` : ' by the release gate'}`, link: `/models/${m.card.version}/` }));
}

/** Current members' own models whose held-out loss is no lower than the shared model's on the same works. */
function allotmentsBehind({ models }: AgendaInputs): AgendaItem[] {
  return models
    .filter((m) => m.card.kind === 'allotment' && m.card.status === 'current')
    .filter((m) => {
      const { sharedModel, validation, keptStep } = m.card.metrics;
      return keptStep?.step === 0 || (sharedModel !== undefined && validation.bitsPerChar >= sharedModel.bitsPerChar);
    })
    .map((m) => ({ kind: 'allotment-behind', title: `${m.label.name} does not do better than the shared model it starts from on its writer's held-out works`, link: `/models/${m.card.version}/` }));
}

/** One item per current dataset holding works with no recorded review, saying how many came in with the first commit. */
function unreviewedWorks({ datasets, firstCommits }: AgendaInputs): AgendaItem[] {
  return datasets
    .filter((d) => d.label.currency === 'current')
    .sort((a, b) => Number(b.manifest.kind === 'shared') - Number(a.manifest.kind === 'shared'))
    .flatMap((d): AgendaItem[] => {
      const reviews = d.manifest.works.map((w) => reviewOf(w.provenance, firstCommits));
      const none = reviews.filter((r) => r.kind !== 'approved').length;
      if (none === 0) return [];
      const first = reviews.filter((r) => r.kind === 'first-commit').length;
      const works = `${none} work${none === 1 ? '' : 's'}`;
      const why =
        first === 0
          ? ''
          : first === none
            ? ` (${first === 1 ? 'it' : 'all'} came in with the repository's first commit, so no review history exists)`
            : ` (${first} came in with the repository's first commit)`;
      return [{ kind: 'unreviewed', title: `${works} in ${d.label.name} ${none === 1 ? 'has' : 'have'} no recorded review${why}`, link: `/datasets/${d.manifest.id}/#merges` }];
    });
}
