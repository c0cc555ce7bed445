// The transparency site. `commonplace site` sets the COMMONPLACE_* variables
// (which co-op to read, where to write, the public URL) before it builds.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import rehypeShiftHeadings from './site/lib/rehype-shift-headings.mjs';

const site = process.env.COMMONPLACE_SITE_URL || 'https://example.invalid/';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: process.env.COMMONPLACE_SITE_OUT || './dist/site',
  site,
  base: process.env.COMMONPLACE_SITE_BASE || '/',
  trailingSlash: 'always',
  // Stylesheets and scripts are files of their own, so the Content-Security-Policy needs no 'unsafe-inline'.
  build: { format: 'directory', inlineStylesheets: 'never' },
  vite: { build: { assetsInlineLimit: 0 } },
  markdown: { rehypePlugins: [rehypeShiftHeadings] },
  integrations: [mdx(), sitemap()],
  devToolbar: { enabled: false },
});
