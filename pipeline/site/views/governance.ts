/** The board's records as the site lists them: members, use cases, base models, agreement texts and the stewards' own pages. Pure. */
import { servingOn } from '../../board/index.ts';
import type { CheckedCoop } from '../../records/types.ts';
import type { SiteView } from '../view-types.ts';

type GovernanceView = Pick<SiteView, 'board' | 'useCases' | 'baseModels' | 'agreementTexts' | 'pages'>;

/** Everything the governance pages list; who is serving is as of `builtOn` (YYYY-MM-DD). */
export function governanceView(coop: CheckedCoop, builtOn: string): GovernanceView {
  return {
    board: coop.board.value.members.map((m) => ({ ...m, serving: servingOn(m, builtOn) })),
    useCases: [...coop.useCases].sort(([a], [b]) => a.localeCompare(b)).map(([slug, value]) => ({ slug, value: value.value })),
    baseModels: [...coop.baseModels].sort(([a], [b]) => a.localeCompare(b)).map(([id, rec]) => ({ id, value: rec.value })),
    agreementTexts: agreementTexts(coop),
    pages: stewardsPages(coop),
  };
}

/** The contributor agreement texts, oldest version first ("1.10" after "1.9"). */
function agreementTexts(coop: CheckedCoop): SiteView['agreementTexts'] {
  return [...coop.agreementTexts].map(([version, t]) => ({ version, file: t.file, body: t.text })).sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
}

/** The stewards' own pages, by their `order` (100 when unset), then title. */
function stewardsPages(coop: CheckedCoop): SiteView['pages'] {
  return [...coop.pages]
    .map(([slug, p]) => ({ slug, title: p.value.title, ...(p.value.description ? { description: p.value.description } : {}), order: p.value.order ?? 100, file: p.file, body: p.body }))
    .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
}
