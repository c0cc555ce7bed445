/**
 * The one Markdown renderer of the site: the charter, decisions, agreement texts
 * and the stewards' pages all become HTML here, and nowhere else. `check` already
 * refuses HTML and unsafe links in these records (text/work-body.ts); this is
 * the second wall, for a record that reached the site some other way:
 *
 * - raw HTML is never parsed (remark-rehype without `allowDangerousHtml`), so
 *   `<script>`, `<meta http-equiv="refresh">`, `<iframe>` and event handlers are dropped;
 * - every href and src is parsed as a browser would (WHATWG URL, `isSafeLink`) and
 *   removed unless it is http(s), mailto or in-site;
 * - rehype-sanitize (GitHub's schema, narrowed to http(s)/mailto) then removes any
 *   element, attribute or scheme the schema does not allow;
 * - headings get the ids Astro's Markdown gave them, so section links keep working.
 *
 * Works never come here: they are data, shown as escaped text (WorkText.astro).
 */
import GithubSlugger from 'github-slugger';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { isSafeLink } from '../text/index.ts';

const SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: ['http', 'https'], cite: ['http', 'https'], longDesc: ['http', 'https'] },
  // Without raw HTML the only ids are GFM footnotes', which remark-rehype already prefixes with `user-content-`;
  // prefixing them again would break the footnote links.
  clobber: [],
};

/** Drop every href/src that does not parse to http(s), mailto or an in-site address (the link's text stays). */
function rehypeSafeLinks() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      for (const key of ['href', 'src'] as const) {
        const value = node.properties[key];
        if (value === undefined) continue;
        if (typeof value !== 'string' || !isSafeLink(value) || (key === 'src' && value.trim().toLowerCase().startsWith('mailto:'))) delete node.properties[key];
      }
    });
  };
}

/**
 * Markdown from the co-op is shown under the page's own <h1>: shift its headings one
 * level down (h1→h2 … h5→h6), so every page has a single h1.
 */
function rehypeShiftHeadings() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if (/^h[1-5]$/.test(node.tagName)) node.tagName = `h${Number(node.tagName[1]) + 1}`;
    });
  };
}

function textOf(node: ElementContent): string {
  return node.type === 'text' ? node.value : node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/**
 * Give each heading the id Astro's own Markdown gave it (GitHub's slug of its text), so
 * links to a section keep working. Added after sanitizing: a slug is lowercase letters,
 * digits and hyphens, and the site's scripts are modules that read no global by name.
 */
function rehypeHeadingIds() {
  return (tree: HastRoot) => {
    const slugger = new GithubSlugger();
    visit(tree, 'element', (node: Element) => {
      if (/^h[1-6]$/.test(node.tagName) && node.properties.id === undefined) node.properties.id = slugger.slug(node.children.map(textOf).join(''));
    });
  };
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkSmartypants)
  .use(remarkRehype, { allowDangerousHtml: false })
  .use(rehypeSafeLinks)
  .use(rehypeShiftHeadings)
  .use(rehypeSanitize, SCHEMA)
  .use(rehypeHeadingIds)
  .use(rehypeStringify)
  .freeze();

/** The co-op's Markdown as safe HTML: no raw HTML, links only http(s)/mailto or in-site. */
export async function renderSafeMarkdown(markdown: string): Promise<string> {
  return String(await processor.process(markdown));
}
