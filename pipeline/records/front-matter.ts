/**
 * Split a Markdown or text file into its YAML front matter and body.
 * Only `---` YAML front matter is understood; other engines (e.g. `---js`) are
 * refused, because a contributor's file must never choose how it is evaluated.
 */
import { error, type Problem } from '../problems.ts';

export interface FrontMatterSplit {
  /** The YAML between the fences. */
  yaml: string;
  /** File line on which the YAML starts (the line after the opening fence). */
  yamlLine: number;
  /** Everything after the closing fence. */
  body: string;
  /** File line on which the body starts. */
  bodyLine: number;
}

export function splitFrontMatter(text: string, file: string): { ok: true; value: FrontMatterSplit } | { ok: false; problems: Problem[] } {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  if (first.trim() !== '---') {
    const engine = /^---\s*(\S+)/.exec(first)?.[1];
    return {
      ok: false,
      problems: [
        error('front-matter/missing', file, engine ? `front matter engine "${engine}" is not allowed` : 'the file must start with front matter between two "---" lines', {
          line: 1,
          hint: 'start the file with a line "---", the YAML fields (title, contributor, …), then another "---" (see docs/contributing.md)',
        }),
      ],
    };
  }
  const close = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (close === -1) {
    return { ok: false, problems: [error('front-matter/unclosed', file, 'front matter has no closing "---" line', { line: 1, hint: 'add a line "---" after the last front matter field' })] };
  }
  return {
    ok: true,
    value: { yaml: lines.slice(1, close).join('\n'), yamlLine: 2, body: lines.slice(close + 1).join('\n'), bodyLine: close + 2 },
  };
}
