// The co-op's own Markdown/MDX, read from the co-op repository at build time:
// the charter, the decisions and the stewards' pages. (Contributed works are
// never here: they are data, shown as escaped text.)
import path from 'node:path';
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const root = process.env.COMMONPLACE_ROOT ?? process.cwd();
const governance = (dir: string) => path.join(root, 'governance', dir);

export const collections = {
  // Front matter was validated by `commonplace check` against pipeline/schemas; here it passes through.
  charter: defineCollection({ loader: glob({ pattern: 'charter.md', base: governance('') }), schema: z.any() }),
  decisions: defineCollection({ loader: glob({ pattern: '[0-9][0-9][0-9][0-9]-*.md', base: governance('decisions') }), schema: z.any() }),
  pages: defineCollection({ loader: glob({ pattern: '*.{md,mdx}', base: governance('pages') }), schema: z.any() }),
};
