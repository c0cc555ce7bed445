/**
 * A work's body is prose or poetry: Markdown, never MDX or HTML. The board's
 * Markdown (charter, decisions, pages, agreement texts) follows the same rule.
 * This finds anything in a body that a renderer could treat as code, or a link
 * that is not http(s)/mailto, so it is refused before any page or dataset sees it.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { error, type Problem } from '../problems.ts';
import { isSafeLink } from './safe-links.ts';
import { markdownTooDeep, type MarkdownNesting } from './nesting.ts';

const parser = unified().use(remarkParse);

/** Parse a work body as Markdown (CommonMark + nothing else). */
export function parseWorkBody(body: string): Root {
  return parser.parse(body);
}

const ESM_LINE = /^\s*(import|export)\s+(?:[\w*{][^\n]*\bfrom\b|default\b|const\b|let\b|var\b|function\b|\{)/;

/** Whose Markdown is checked: a contributed work, or one of the board's records (charter, decision, page, agreement text). */
export type MarkupSource = 'work' | 'record';

const WORDS: Record<MarkupSource, { code: string; noun: string; fix: string }> = {
  work: { code: 'work', noun: 'a work', fix: 'write plain text; line breaks and blank lines between stanzas are kept as you type them' },
  record: { code: 'markdown', noun: "the co-op's Markdown", fix: 'write it in Markdown (e.g. **bold**, [link](https://…)); to show a tag as text, put it in `backticks`' },
};

const NESTING_WORDS: Record<MarkdownNesting, { message: (limit: number) => string; hint: string }> = {
  blocks: {
    message: (limit) => `this line sits inside more than ${limit} quotes or lists, deeper than Markdown here may nest`,
    hint: 'remove some of the ">", "-", "*" or numbers at the start of the line, or put a backslash (\\) before the first one to keep it as text',
  },
  emphasis: {
    message: (limit) => `more than ${limit} "*" or "_" marks are left open at once in this paragraph`,
    hint: 'close the emphasis you open, or put a backslash (\\) before a "*" or "_" you mean as text',
  },
  brackets: {
    message: (limit) => `links or images are nested more than ${limit} deep in this paragraph`,
    hint: 'close each "[" with a "]", or put a backslash (\\) before a "[" you mean as text',
  },
};

/** Problems for markup in a body; `bodyLine` is the file line the body starts on. */
export function findUnsafeMarkup(body: string, file: string, bodyLine: number, source: MarkupSource = 'work'): Problem[] {
  const problems: Problem[] = [];
  const words = WORDS[source];
  const toFileLine = (line: number | undefined) => (line ?? 1) + bodyLine - 1;
  // Parsers recurse: a body nested thousands of levels deep would take minutes or overflow the stack, so it is
  // measured before anything parses it, and refused alone.
  const deep = markdownTooDeep(body);
  if (deep !== undefined) {
    const what = NESTING_WORDS[deep.kind];
    return [error(`${words.code}/too-deep`, file, what.message(deep.limit), { line: toFileLine(deep.line), hint: what.hint })];
  }
  // An import/export line is only code to MDX, which a work may become in someone's editor; the site renders no MDX.
  if (source === 'work') {
    body.split('\n').forEach((text, i) => {
      if (ESM_LINE.test(text)) {
        problems.push(
          error('work/mdx', file, 'line looks like an MDX import/export statement; works are plain Markdown, never code', {
            line: toFileLine(i + 1),
            hint: 'reword the line so it does not start with "import" or "export"',
          }),
        );
      }
    });
  }
  // Markup needs "<" (HTML, JSX, autolinks) or "]" (links, definitions); most prose has neither, and parsing is the slow part.
  if (!/[<\]]/.test(body)) return problems;
  visit(parseWorkBody(body), (node) => {
    if (node.type === 'html') {
      const tag = /<\/?\s*([A-Za-z][\w.:-]*)/.exec(node.value)?.[1];
      const jsx = tag !== undefined && /^[A-Z]/.test(tag);
      problems.push(
        error(`${words.code}/${jsx ? 'jsx' : 'html'}`, file, `${jsx ? 'JSX component' : 'HTML'} ${tag ? `<${tag}>` : 'markup'} is not allowed in ${words.noun}`, {
          line: toFileLine(node.position?.start.line),
          hint: words.fix,
        }),
      );
    } else if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && !isSafeLink(node.url)) {
      // The address is not quoted: it is contributed text, and the line is enough to find it.
      problems.push(
        error(`${words.code}/script-url`, file, `${node.type === 'image' ? 'an image' : 'a link'} whose address is not http(s), mailto or a page of the site is not allowed`, {
          line: toFileLine(node.position?.start.line),
          hint: source === 'work' ? 'remove the link; works may only link to http(s) or mailto addresses' : 'link only to http(s) or mailto addresses, or to a page of the site (e.g. /governance/)',
        }),
      );
    }
  });
  return problems;
}
