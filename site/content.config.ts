// The co-op's own Markdown, read at build time through the validated records
// and rendered by the site's one safe renderer (site/lib/records-loader.ts):
// the charter, the decisions, the agreement texts and the stewards' pages.
// Contributed works are never here: they are data, shown as escaped text.
import { defineCollection } from 'astro:content';
import { recordsLoader } from './lib/records-loader.ts';

export const collections = {
  charter: defineCollection({ loader: recordsLoader('charter') }),
  decisions: defineCollection({ loader: recordsLoader('decisions') }),
  pages: defineCollection({ loader: recordsLoader('pages') }),
  agreements: defineCollection({ loader: recordsLoader('agreements') }),
};
