/**
 * A work's body is prose or poetry: Markdown, never MDX or HTML. This finds
 * anything in it that a renderer could treat as code, so it is refused before
 * any page or dataset sees it.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { error, type Problem } from '../problems.ts';

const parser = unified().use(remarkParse);

/** Parse a work body as Markdown (CommonMark + nothing else). */
export function parseWorkBody(body: string): Root {
  return parser.parse(body);
}

const ESM_LINE = /^\s*(import|export)\s+(?:[\w*{][^\n]*\bfrom\b|default\b|const\b|let\b|var\b|function\b|\{)/;
const UNSAFE_URL = /^\s*(javascript|vbscript|data|file):/i;

/** Problems for markup in a work body; `bodyLine` is the file line the body starts on. */
export function findUnsafeMarkup(body: string, file: string, bodyLine: number): Problem[] {
  const problems: Problem[] = [];
  const toFileLine = (line: number | undefined) => (line ?? 1) + bodyLine - 1;
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
  // Markup needs "<" (HTML, JSX) or "]" (links, definitions); most prose has neither, and parsing is the slow part.
  if (!/[<\]]/.test(body)) return problems;
  visit(parseWorkBody(body), (node) => {
    if (node.type === 'html') {
      const tag = /<\/?\s*([A-Za-z][\w.:-]*)/.exec(node.value)?.[1];
      const jsx = tag !== undefined && /^[A-Z]/.test(tag);
      problems.push(
        error(jsx ? 'work/jsx' : 'work/html', file, `${jsx ? 'JSX component' : 'HTML'} ${tag ? `<${tag}>` : 'markup'} is not allowed in a work`, {
          line: toFileLine(node.position?.start.line),
          hint: 'write plain text; line breaks and blank lines between stanzas are kept as you type them',
        }),
      );
    } else if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && UNSAFE_URL.test(node.url)) {
      problems.push(
        error('work/script-url', file, `link to "${node.url.slice(0, 40)}" is not allowed`, {
          line: toFileLine(node.position?.start.line),
          hint: 'remove the link; works may only link to http(s) addresses',
        }),
      );
    }
  });
  return problems;
}
