/**
 * The text normalizer: what a model is trained on. Markdown becomes plain
 * text (emphasis marks, escapes and headings' # go; words stay), Unicode is
 * NFC, newlines are LF, and line and stanza breaks are kept exactly, because
 * poetry depends on them. Changing this changes every dataset id: bump the version.
 */
import type { Nodes, Root } from 'mdast';
import { parseWorkBody } from './work-body.ts';
import { SPACELESS } from './words.ts';

export const NORMALIZER = 'commonplace-normalize@1';

/** Plain text of one Markdown node; blocks are joined by the caller. */
function inline(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return '\n';
    case 'image':
      return node.alt ?? '';
    case 'html':
      return '';
    default:
      return 'children' in node ? node.children.map((c) => inline(c as Nodes)).join('') : '';
  }
}

function blocks(nodes: readonly Nodes[]): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        out.push(inline(node));
        break;
      case 'code':
        out.push(node.value);
        break;
      case 'blockquote':
      case 'listItem':
        out.push(...blocks(node.children as Nodes[]));
        break;
      case 'list':
        // Items of a list read as consecutive lines, as in a list poem.
        out.push(node.children.map((item) => blocks(item.children as Nodes[]).join('\n')).join('\n'));
        break;
      case 'thematicBreak':
        out.push('* * *');
        break;
      case 'table':
        out.push(node.children.map((row) => row.children.map((cell) => inline(cell)).join(' ')).join('\n'));
        break;
      default:
        // html, definitions, front matter: not text.
        break;
    }
  }
  return out;
}

/** Final pass shared by Markdown and plain text: NFC, trim line ends, one blank line between stanzas. */
export function tidy(text: string): string {
  const lines = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .split('\n')
    .map((l) => l.replace(/\s+$/u, ''));
  const joined = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
  return joined.length === 0 ? '' : `${joined}\n`;
}

/**
 * True when Markdown would read `body` as plain paragraphs and nothing else:
 * no character that starts inline syntax, and no line that could open a block.
 * Then parsing gives back the text as written, and tidy() alone is enough.
 */
export function isMarkdownInert(body: string): boolean {
  return !/[\\`*_[\]<&]/.test(body) && !/^(?:[ \t]+[^ \t\n]|[-+=#>~]|\d+[.)])/m.test(body);
}

/** True when normalizing `body` takes parsing Markdown (the slow path), not tidy() alone. */
export function needsParsing(body: string, ext: 'md' | 'txt'): boolean {
  return ext === 'md' && !isMarkdownInert(body);
}

/** Normalize a work's body (the text after its front matter). */
export function normalizeWork(body: string, ext: 'md' | 'txt'): string {
  return needsParsing(body, ext) ? markdownToText(body) : tidy(body);
}

/** The full path: parse Markdown with remark and keep only its words, lines and stanzas. */
export function markdownToText(body: string): string {
  const tree: Root = parseWorkBody(body);
  return tidy(blocks(tree.children as Nodes[]).join('\n\n'));
}

export { WORD } from './words.ts';

enum Kind {
  Other = 0,
  /** Letter or digit: starts or continues a word. */
  Word = 1,
  /** Mark, apostrophe or hyphen: continues a word, starts none. */
  Joiner = 2,
  /** A character of a script written without spaces: a word by itself. */
  Spaceless = 3,
}
const SPACELESS_CHAR = new RegExp(`^[${SPACELESS}]$`, 'u');
const kinds = new Map<number, Kind>();
const ASCII = Uint8Array.from({ length: 128 }, (_, c) => (/[A-Za-z0-9]/.test(String.fromCharCode(c)) ? Kind.Word : c === 39 || c === 45 ? Kind.Joiner : Kind.Other));
function kindOf(cp: number): Kind {
  if (cp < 128) return ASCII[cp] as Kind;
  let k = kinds.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k = SPACELESS_CHAR.test(ch) ? Kind.Spaceless : /^[\p{L}\p{N}]$/u.test(ch) ? Kind.Word : /^[\p{M}'’-]$/u.test(ch) ? Kind.Joiner : Kind.Other;
    kinds.set(cp, k);
  }
  return k;
}

/** Code points, and words as `WORD` counts them, in one pass over the text. */
function scan(text: string): { characters: number; words: number } {
  let characters = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    characters++;
    const k = kindOf(cp);
    if (k === Kind.Word) {
      if (!inWord) words++;
      inWord = true;
    } else if (k === Kind.Spaceless) {
      words++;
      inWord = false;
    } else if (k === Kind.Other) {
      inWord = false;
    }
  }
  return { characters, words };
}

/** Words in a text, as `WORD` counts them. */
export const countWords = (text: string): number => scan(text).words;

/** Counts over normalized text: code points, words, non-empty lines. */
export function textStats(text: string): { characters: number; words: number; lines: number } {
  const { characters, words } = scan(text);
  const lines = text.split('\n').filter((l) => l.trim() !== '').length;
  return { characters, words, lines };
}
