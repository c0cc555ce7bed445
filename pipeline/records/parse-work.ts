/**
 * Everything the loader learns from one work's text, without touching the
 * disk: its front matter (split, parsed, validated), any markup that could
 * run as code, its fingerprint and counts. Pure and self-contained, so it
 * runs the same on the main thread or on a worker thread (parse-pool.ts), and
 * what it returns is exactly what the work cache keeps.
 */
import { workHash } from '../consent/index.ts';
import { needsParsing, normalizeWork, textStats } from '../text/index.ts';
import type { Problem } from '../problems.ts';
import { validateRecord, WorkFrontMatter } from '../schemas/index.ts';
import { splitFrontMatter } from './front-matter.ts';
import type { TextStats } from './types.ts';
import { findUnsafeMarkup } from '../text/index.ts';
import { parseYaml } from './yaml.ts';

/** A work that passed: what later stages need of it, and what the cache keeps. */
export interface ParsedWork {
  value: WorkFrontMatter;
  bodyLine: number;
  /** Line of each front-matter field and list item, by JSON pointer. */
  lines: Record<string, number>;
  hash: string;
  stats: TextStats;
}

/** `text` is the normalized text when it took Markdown parsing to get (worth keeping: cache/text-cache.ts). */
export type ParseResult = { ok: true; value: ParsedWork; text?: string } | { ok: false; problems: Problem[] };

/** Parse the text of `file` (a work, .md or .txt): front matter, markup check, fingerprint, counts. */
export function parseWork(text: string, file: string, ext: 'md' | 'txt'): ParseResult {
  const split = splitFrontMatter(text, file);
  if (!split.ok) return split;
  const parsed = parseYaml(split.value.yaml, file, split.value.yamlLine);
  if (!parsed.ok) return parsed;
  const { data, lineOf } = parsed.value;
  const checked = validateRecord(WorkFrontMatter, data ?? {}, { file, lineOf, noun: 'front matter' });
  if (!checked.ok) return checked;
  const { body, bodyLine } = split.value;
  const markup = findUnsafeMarkup(body, file, bodyLine);
  if (markup.length > 0) return { ok: false, problems: markup };
  // The fingerprint is taken once, here: every later stage and the site reuse it.
  const normalized = normalizeWork(body, ext);
  const value = { value: checked.value, bodyLine, lines: fieldLines(checked.value, lineOf), hash: workHash(normalized), stats: textStats(normalized) };
  return { ok: true, value, ...(needsParsing(body, ext) ? { text: normalized } : {}) };
}

/** Line of every field and list item in a record, by JSON pointer. */
export function fieldLines(value: unknown, lineOf: (pointer: string) => number | undefined, at = ''): Record<string, number> {
  const out: Record<string, number> = {};
  const line = lineOf(at);
  if (line !== undefined) out[at] = line;
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) Object.assign(out, fieldLines(v, lineOf, `${at}/${k}`));
  }
  return out;
}
