/**
 * Astro content loaders over the co-op's validated records: the charter, the
 * decisions, the agreement texts and the stewards' pages come through the same
 * safe loaders and schemas as everything else (`commonplace-coop check`), never
 * through a second, unchecked read of the files. Their Markdown is rendered by
 * the site's one safe renderer (pipeline/site/markdown.ts), never by Astro's
 * Markdown or MDX pipeline: no raw HTML, links only http(s)/mailto or in-site.
 */
import type { Loader } from 'astro/loaders';
import { renderSafeMarkdown } from '../../pipeline/site/pages.ts';
import { siteView } from './data.ts';

type Kind = 'charter' | 'decisions' | 'pages' | 'agreements';

export function recordsLoader(kind: Kind): Loader {
  return {
    name: `commonplace-${kind}`,
    async load({ store }) {
      const view = await siteView();
      const entries =
        kind === 'charter'
          ? [{ id: 'charter', data: view.charter.value, body: view.charter.body }]
          : kind === 'agreements'
            ? view.agreementTexts.map((t) => ({ id: t.version, data: { version: t.version }, body: t.body }))
            : kind === 'decisions'
              ? view.decisions.map((d) => ({ id: d.id, data: d.value, body: d.body }))
              : view.pages.map((p) => ({ id: p.slug, data: { title: p.title, description: p.description, order: p.order }, body: p.body }));
      store.clear();
      for (const e of entries) {
        const data = structuredClone(e.data) as Record<string, unknown>;
        store.set({ id: e.id, data, body: e.body, rendered: { html: await renderSafeMarkdown(e.body) } });
      }
    },
  };
}
