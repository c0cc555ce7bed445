// The transparency site. `commonplace site` sets the COMMONPLACE_* variables
// (which co-op to read, where to write, the public URL) before it builds.
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';

// The public address, when the co-op names one: the sitemap and the RSS feed need absolute links,
// so without it neither is built (and no page links to them).
const site = process.env.COMMONPLACE_SITE_URL || undefined;

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: process.env.COMMONPLACE_SITE_OUT || './dist/site',
  site,
  base: process.env.COMMONPLACE_SITE_BASE || '/',
  trailingSlash: 'always',
  // Stylesheets and scripts are files of their own, so the Content-Security-Policy needs no 'unsafe-inline'.
  build: { format: 'directory', inlineStylesheets: 'never' },
  vite: { build: { assetsInlineLimit: 0, reportCompressedSize: false } },
  // No MDX integration and no Markdown pipeline of Astro's: the co-op's Markdown is rendered only by
  // pipeline/site/markdown.ts (no raw HTML, safe links), and MDX, which is code, is refused by `check`.
  integrations: [...(site ? [sitemap()] : [])],
  devToolbar: { enabled: false },
});
