/** What a decision's page shows, decided for it: its headline and who voted which way, by the names the board gave. Pure over the site's view. */
import { decisionHeadline } from '../labels.ts';
import type { DecisionView, SiteView } from '../view-types.ts';

export interface DecisionPage {
  /** "Decision 0003. Accepted: License the model…". */
  title: string;
  /** Each side's voters by name, "Ana Okafor, Kit Marlowe", or "nobody". */
  votes: { for: string; against: string; abstain: string };
}

/** The page of decision `d` in `view`. */
export function decisionPage(view: Pick<SiteView, 'board'>, d: DecisionView): DecisionPage {
  const name = (h: string) => view.board.find((m) => m.handle === h)?.name ?? h;
  const voters = (handles: readonly string[]) => handles.map(name).join(', ') || 'nobody';
  return {
    title: `Decision ${d.id}. ${decisionHeadline(d.value.status, d.value.title)}`,
    votes: { for: voters(d.value.votes.for), against: voters(d.value.votes.against), abstain: voters(d.value.votes.abstain) },
  };
}
