/** Every work as the site may show it: title, text and licence only as its writer's consent allows. Pure. */
import { displayOf, excerptOf } from '../../consent/index.ts';
import type { CheckedCoop } from '../../records/types.ts';
import type { WorkView } from '../view-types.ts';
import type { ViewContext } from './context.ts';

/** The co-op's works, in the order loaded; `texts` holds the normalized text of each work the site may show, by path. */
export function workViews(works: CheckedCoop['works'], texts: ReadonlyMap<string, string>, { identities, ledger }: ViewContext): WorkView[] {
  return works.map((w) => {
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
}
