/**
 * YAML for records a contributor can write. Safe by refusal: no aliases or
 * anchors (no "billion laughs"), no duplicate keys, no custom tags.
 */
import { isAlias, isNode, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { error, type Problem } from '../problems.ts';
import { yamlTooDeep } from '../text/index.ts';

export interface ParsedYaml {
  data: unknown;
  /** 1-based line of the node at a JSON pointer, or of its nearest parent. */
  lineOf: (pointer: string) => number | undefined;
}

/**
 * Parse YAML text from `file`. `firstLine` is the file line the text starts on
 * (front matter starts on line 2).
 */
export function parseYaml(text: string, file: string, firstLine = 1): { ok: true; value: ParsedYaml } | { ok: false; problems: Problem[] } {
  // The YAML parser recurses: thousands of nested brackets overflow its stack or exhaust memory, so depth is measured first.
  const deep = yamlTooDeep(text);
  if (deep !== undefined) {
    return {
      ok: false,
      problems: [
        error('yaml/too-deep', file, `values are nested more than ${deep.limit} levels deep`, {
          line: deep.line + firstLine - 1,
          hint: 'records nest a few levels at most: check the indentation and the "[" and "{" on this line',
        }),
      ],
    };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, strict: true });
  const lineAt = (offset: number) => lc.linePos(offset).line + firstLine - 1;
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    const dup = e.code === 'DUPLICATE_KEY';
    problems.push(
      error(dup ? 'yaml/duplicate-key' : 'yaml/syntax', file, dup ? 'a key appears twice in the same mapping' : `YAML syntax: ${firstSentence(e.message)}`, {
        line: lineAt(e.pos[0]),
        hint: dup ? 'keep one of the two entries' : 'check indentation, colons and quotes on this line',
      }),
    );
  }
  for (const w of doc.warnings) {
    problems.push(error('yaml/warning', file, `YAML: ${firstSentence(w.message)}`, { line: lineAt(w.pos[0]), hint: 'write plain YAML values' }));
  }
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      problems.push(
        error('yaml/alias', file, `YAML alias "*${node.source}" is not allowed`, { line: lineAt(node.range?.[0] ?? 0), hint: 'write the value out in full; anchors and aliases are refused' }),
      );
    } else if (isNode(node)) {
      if (node.anchor)
        problems.push(error('yaml/anchor', file, `YAML anchor "&${node.anchor}" is not allowed`, { line: lineAt(node.range?.[0] ?? 0), hint: 'remove the anchor; write values out in full' }));
      if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:'))
        problems.push(error('yaml/tag', file, `YAML tag "${node.tag}" is not allowed`, { line: lineAt(node.range?.[0] ?? 0), hint: 'remove the tag; write a plain value' }));
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { data: doc.toJS(), lineOf: (pointer) => lineOfPointer(doc, pointer, lineAt) } };
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function lineOfPointer(doc: Document, pointer: string, lineAt: (offset: number) => number): number | undefined {
  const parts =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  // Walk down as far as the path exists; a missing field points at its parent.
  for (let n = parts.length; n >= 0; n--) {
    const path = parts.slice(0, n).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (isNode(node) && node.range) return lineAt(node.range[0]);
  }
  return undefined;
}
