/**
 * How deeply a text nests, measured in one pass before any parser sees it.
 * Markdown and YAML parsers recurse: a body with thousands of quote markers,
 * list levels or emphasis openers, or a YAML value with thousands of brackets,
 * takes minutes or overflows the stack. Real writing and real records nest a
 * few levels; anything past these limits is refused with the line it is on.
 *
 * The counts are upper bounds (cheap, no parsing): a text they pass cannot nest
 * deeper than the limit, and ordinary text (indented poems, `* * *` breaks,
 * snake_case words, signature lines of underscores) stays far below it.
 */

/** Quotes and lists inside each other. */
export const MAX_BLOCK_DEPTH = 100;
/** Emphasis left open at once in one paragraph, counted per `*` or `_` character. */
export const MAX_EMPHASIS_DEPTH = 200;
/** Links and images inside each other (`[`…`]`) in one paragraph. */
export const MAX_BRACKET_DEPTH = 100;
/** Mappings and sequences inside each other in a YAML record. */
export const MAX_YAML_DEPTH = 64;

export type MarkdownNesting = 'blocks' | 'emphasis' | 'brackets';

export interface TooDeep<K> {
  kind: K;
  /** 1-based line of the text where the limit is passed. */
  line: number;
  limit: number;
}

/** The first line where a Markdown body nests past a limit, or undefined. */
export function markdownTooDeep(body: string): TooDeep<MarkdownNesting> | undefined {
  const lines = body.split('\n');
  let open = 0; // containers (quotes, list items) that may still be open
  let emphasis = { '*': 0, _: 0 };
  let brackets = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '') {
      // A blank line ends a paragraph: inline openers cannot reach past it.
      emphasis = { '*': 0, _: 0 };
      brackets = 0;
      continue;
    }
    const prefix = blockPrefix(text);
    if (prefix.markers > 0) {
      // A list item continues only on indentation (two columns at least per level); quotes and new items need their own marker.
      open = prefix.markers + Math.min(open, Math.floor(prefix.columns / 2));
      if (open > MAX_BLOCK_DEPTH) return { kind: 'blocks', line: i + 1, limit: MAX_BLOCK_DEPTH };
    }
    // Emphasis and brackets: a running count of what is open, as the line is read.
    for (let j = prefix.end; j < text.length; j++) {
      const c = text[j]!;
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '[') {
        if (++brackets > MAX_BRACKET_DEPTH) return { kind: 'brackets', line: i + 1, limit: MAX_BRACKET_DEPTH };
      } else if (c === ']') {
        if (brackets > 0) brackets--;
      } else if (c === '*' || c === '_') {
        let end = j;
        while (end < text.length && text[end] === c) end++;
        const run = end - j;
        const before = j === 0 ? ' ' : text[j - 1]!;
        const after = end === text.length ? ' ' : text[end]!;
        const opens = leftFlanking(before, after);
        const closes = leftFlanking(after, before);
        if (opens && (!closes || emphasis[c] === 0)) emphasis[c] += run;
        else if (closes) emphasis[c] = Math.max(0, emphasis[c] - run);
        if (emphasis[c] > MAX_EMPHASIS_DEPTH) return { kind: 'emphasis', line: i + 1, limit: MAX_EMPHASIS_DEPTH };
        j = end - 1;
      }
    }
  }
  return undefined;
}

/** Quote and list markers at the start of a line, and the columns of space between them. */
function blockPrefix(text: string): { markers: number; columns: number; end: number } {
  let markers = 0;
  let columns = 0;
  let j = 0;
  for (;;) {
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) {
      columns += text[j] === '\t' ? 4 : 1;
      j++;
    }
    if (text[j] === '>') {
      markers++;
      j++;
      continue;
    }
    const item = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/.exec(text.slice(j, j + 11));
    if (item === null) return { markers, columns, end: j };
    markers++;
    j += item[0].length;
  }
}

/** CommonMark's left-flanking rule for a delimiter run between `before` and `after`. */
function leftFlanking(before: string, after: string): boolean {
  if (/\s/u.test(after)) return false;
  if (!isPunctuation(after)) return true;
  return /\s/u.test(before) || isPunctuation(before);
}

function isPunctuation(c: string): boolean {
  return /[\p{P}\p{S}]/u.test(c);
}

/**
 * The first line where a YAML text nests past the limit, or undefined. Block
 * levels are counted by indentation (each deeper indent, each `- ` on a line),
 * flow levels by unquoted `[` and `{`.
 */
export function yamlTooDeep(text: string): TooDeep<'yaml'> | undefined {
  const indents: number[] = [];
  const lines = text.split('\n');
  let flow = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = line.length - content.length;
    while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
    indents.push(indent);
    const dashes = /^(?:-[ \t]+)*/.exec(content)![0].replace(/[ \t]/g, '').length;
    if (indents.length + dashes + flow > MAX_YAML_DEPTH) return { kind: 'yaml', line: i + 1, limit: MAX_YAML_DEPTH };
    // Brackets inside a quoted string are text. A quote opens a string only where a value starts, and `#` starts a
    // comment only after a space: anything else is counted, so the count stays an upper bound.
    let quote: string | undefined;
    let solid = ' '; // the last character that is not a space
    let just = ' '; // the character just before
    for (const c of content) {
      const [lastSolid, lastChar] = [solid, just];
      just = c;
      if (c !== ' ' && c !== '\t') solid = c;
      if (quote !== undefined) {
        if (c === quote) quote = undefined;
      } else if ((c === '"' || c === "'") && ' :-[{,?'.includes(lastSolid)) quote = c;
      else if (c === '#' && (lastChar === ' ' || lastChar === '\t')) break;
      else if (c === '[' || c === '{') {
        if (indents.length + dashes + ++flow > MAX_YAML_DEPTH) return { kind: 'yaml', line: i + 1, limit: MAX_YAML_DEPTH };
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
  }
  return undefined;
}
