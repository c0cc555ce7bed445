/**
 * Astro content loaders over the co-op's validated records: the charter, the
 * decisions and the stewards' pages come through the same safe loaders and
 * schemas as everything else (`commonplace-coop check`), never through a second,
 * unchecked read of the files. Markdown is rendered by Astro's own pipeline;
 * an MDX page (reviewed by the board as code) is compiled by @astrojs/mdx.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { siteView } from './data.ts';

type Kind = 'charter' | 'decisions' | 'pages' | 'agreements';

export function recordsLoader(kind: Kind): Loader {
  return {
    name: `commonplace-${kind}`,
    async load({ store, renderMarkdown, config }) {
      const view = await siteView();
      const projectRoot = fileURLToPath(config.root);
      const entries =
        kind === 'charter'
          ? [{ id: 'charter', data: view.charter.value, body: view.charter.body, file: 'governance/charter.md', mdx: false }]
          : kind === 'agreements'
            ? view.agreementTexts.map((t) => ({ id: t.version, data: { version: t.version }, body: t.body, file: t.file, mdx: false }))
            : kind === 'decisions'
              ? view.decisions.map((d) => ({ id: d.id, data: d.value, body: d.body, file: `governance/decisions/${d.id}-${d.slug}.md`, mdx: false }))
              : view.pages.map((p) => ({ id: p.slug, data: { title: p.title, description: p.description, order: p.order }, body: p.body, file: p.file, mdx: p.ext === 'mdx' }));
      store.clear();
      for (const e of entries) {
        const data = structuredClone(e.data) as Record<string, unknown>;
        if (e.mdx) {
          // MDX is compiled from its file; Astro wants that path relative to the project.
          store.set({ id: e.id, data, body: e.body, filePath: path.relative(projectRoot, path.join(view.root, e.file)), deferredRender: true });
        } else {
          store.set({ id: e.id, data, body: e.body, rendered: await renderMarkdown(e.body) });
        }
      }
    },
  };
}
