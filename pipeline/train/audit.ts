/**
 * The memorisation audit: prompt the model with the opening of each training
 * work, decode greedily, and measure the longest run it reproduces verbatim
 * from that work and from the whole training set.
 */
import type * as tf from '@tensorflow/tfjs';
import { continueAll } from './generate.ts';
import type { Tokenizer } from './tokenizer.ts';
import { SuffixAutomaton } from './verbatim.ts';

export interface AuditWork {
  hash: string;
  contributor: string;
  text: string;
  /** Whether the writer allows excerpts on the site (then the matched text may be shown). */
  displayable: boolean;
}

export interface AuditOptions {
  promptChars: number;
  generateChars: number;
  /** A continuation that repeats at least this many characters of its own work counts as extracted. */
  extractionChars: number;
  context: number;
  worstCases?: number;
  batch?: number;
}

export interface AuditResult {
  promptChars: number;
  generatedChars: number;
  extractionChars: number;
  worksAudited: number;
  worksTooShort: number;
  extracted: number;
  extractionRate: number;
  maxVerbatimOwn: number;
  maxVerbatimTraining: number;
  distribution: Array<{ from: number; to: number | null; works: number }>;
  worst: Array<{ hash: string; contributor: string; verbatimOwn: number; verbatimTraining: number; excerpt?: string }>;
}

const BUCKETS: Array<[number, number | null]> = [[0, 9], [10, 19], [20, 49], [50, 99], [100, 199], [200, null]];

export function auditMemorisation(model: tf.LayersModel, tokenizer: Tokenizer, works: readonly AuditWork[], o: AuditOptions): AuditResult {
  const training = new SuffixAutomaton(works.map((w) => w.text).join('\n'));
  const eligible = works.filter((w) => [...w.text].length >= o.promptChars + o.extractionChars);
  const rows: AuditResult['worst'] = [];
  const batch = o.batch ?? 64;
  for (let i = 0; i < eligible.length; i += batch) {
    const chunk = eligible.slice(i, i + batch);
    const prompts = chunk.map((w) => [...w.text].slice(0, o.promptChars).join(''));
    const outputs = continueAll(model, tokenizer, prompts, o.generateChars, o.context, { kind: 'greedy' });
    chunk.forEach((w, j) => {
      const own = new SuffixAutomaton(w.text).longestMatch(outputs[j]!);
      const all = training.longestMatch(outputs[j]!);
      rows.push({ hash: w.hash, contributor: w.contributor, verbatimOwn: own.length, verbatimTraining: all.length, ...(w.displayable && own.length > 0 ? { excerpt: own.match } : {}) });
    });
  }
  const extracted = rows.filter((r) => r.verbatimOwn >= o.extractionChars).length;
  const worst = [...rows].sort((a, b) => b.verbatimTraining - a.verbatimTraining || b.verbatimOwn - a.verbatimOwn || a.hash.localeCompare(b.hash)).slice(0, o.worstCases ?? 5);
  return {
    promptChars: o.promptChars,
    generatedChars: o.generateChars,
    extractionChars: o.extractionChars,
    worksAudited: rows.length,
    worksTooShort: works.length - eligible.length,
    extracted,
    extractionRate: rows.length ? extracted / rows.length : 0,
    maxVerbatimOwn: Math.max(0, ...rows.map((r) => r.verbatimOwn)),
    maxVerbatimTraining: Math.max(0, ...rows.map((r) => r.verbatimTraining)),
    distribution: BUCKETS.map(([from, to]) => ({ from, to, works: rows.filter((r) => r.verbatimOwn >= from && (to === null || r.verbatimOwn <= to)).length })),
    worst,
  };
}
