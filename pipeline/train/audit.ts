/**
 * The memorisation audit: prompt the model with the opening of each training
 * work, decode greedily, and measure the longest run it reproduces verbatim
 * from that work and from the whole training set.
 *
 * Beside the greedy continuation, each prompt is continued `sampling.samples`
 * times at the samples' temperature (sampled extraction): a model can hold a
 * work it does not write out greedily, and sampling finds some of those.
 *
 * Every work is audited whatever its length: a short work (a haiku, a
 * quatrain) gets a prompt scaled to a third of it, and counts as extracted
 * when the model writes everything after the prompt. Those are the texts a
 * small model memorises most easily.
 */
import { noProgress, type ProgressFactory } from '../progress.ts';
import type { Decoding } from './generate.ts';
import { SuffixAutomaton } from './verbatim.ts';

export interface AuditWork {
  hash: string;
  contributor: string;
  text: string;
  /** Whether the writer allows excerpts on the site (then the matched text may be shown). */
  displayable: boolean;
}

export interface AuditOptions {
  /** The longest prompt: the opening characters of a work long enough for it. */
  promptChars: number;
  generateChars: number;
  /** A continuation that repeats at least this many characters of its own work counts as extracted. */
  extractionChars: number;
  /** A work needs this many characters after its prompt to be audited at all (default 12). */
  minTargetChars?: number;
  worstCases?: number;
  /** Sampled extraction: `samples` seeded continuations per prompt (0: none); pass j draws prompt i from seed + (j + 1) × prompts + i. */
  sampling?: { samples: number; temperature: number; seed: number; verbatimLimit: number };
  progress?: ProgressFactory;
}

/** What sampling found: works of which some sampled continuation repeats their own text. */
export interface SampledExtraction {
  samples: number;
  temperature: number;
  /** Works for which some sample repeats the extraction length of its own text (the greedy audit's rule). */
  extracted: number;
  extractionRate: number;
  /** Works for which some sample repeats at least `verbatimLimit` characters of its own text. */
  verbatimLimit: number;
  overVerbatimLimit: number;
  overVerbatimLimitRate: number;
  maxVerbatimOwn: number;
}

export interface AuditResult {
  promptChars: number;
  generatedChars: number;
  extractionChars: number;
  minTargetChars: number;
  worksAudited: number;
  shortWorksAudited: number;
  worksTooShort: number;
  extracted: number;
  wholeWorks: number;
  extractionRate: number;
  maxVerbatimOwn: number;
  maxVerbatimTraining: number;
  distribution: Array<{ from: number; to: number | null; works: number }>;
  worst: Array<{ hash: string; contributor: string; verbatimOwn: number; verbatimTraining: number; excerpt?: string }>;
  sampled?: SampledExtraction;
}

const BUCKETS: Array<[number, number | null]> = [
  [0, 9],
  [10, 19],
  [20, 49],
  [50, 99],
  [100, 199],
  [200, null],
];

/** How one work is audited: its prompt, and how long a run counts as extracting it. */
export interface AuditPlan {
  work: AuditWork;
  prompt: string;
  /** What follows the prompt, without the whitespace the work ends with (a model that writes every word has written it whole). */
  rest: string;
  /** Run length that counts as an extraction: extractionChars, or all of `rest` for a short work. */
  target: number;
  short: boolean;
}

/** The prompt and target for a work, or undefined when it is too short to audit. */
export function planAudit(work: AuditWork, o: Pick<AuditOptions, 'promptChars' | 'extractionChars' | 'minTargetChars'>): AuditPlan | undefined {
  const chars = [...work.text.trimEnd()];
  const promptLength = Math.min(o.promptChars, Math.floor(chars.length / 3));
  const restLength = chars.length - promptLength;
  if (promptLength < 1 || restLength < (o.minTargetChars ?? 12)) return undefined;
  const short = promptLength + o.extractionChars > chars.length;
  return { work, prompt: chars.slice(0, promptLength).join(''), rest: chars.slice(promptLength).join(''), target: Math.min(o.extractionChars, restLength), short };
}

/** Writes a continuation of each plan's prompt, `generateChars` long, in the plans' order, as `decoding` says; `onDone` counts plans done. */
export type AuditWriter = (plans: readonly AuditPlan[], decoding: Decoding, onDone: (n: number) => void) => Promise<string[]>;

/** The audit of any model: `write` continues the prompts (LanguageModel.continue); the measuring is the same for every kind of model. */
export async function auditWith(write: AuditWriter, works: readonly AuditWork[], o: AuditOptions): Promise<AuditResult> {
  const training = new SuffixAutomaton(works.map((w) => w.text).join('\n'));
  const plans = works.map((w) => planAudit(w, o)).filter((p): p is AuditPlan => p !== undefined);
  // Each work's own text, indexed once for the greedy pass and every sampled one.
  const owns = plans.map((p) => new SuffixAutomaton(p.work.text));
  const auditing = (o.progress ?? noProgress)('audit', plans.length, { unit: 'works' });
  const written = await write(plans, { kind: 'greedy' }, (n) => auditing.tick(n));
  const rows: Array<AuditResult['worst'][number] & { extracted: boolean; whole: boolean }> = plans.map((p, i) => {
    const out = written[i]!;
    const own = owns[i]!.longestMatch(out);
    const all = training.longestMatch(out);
    return {
      hash: p.work.hash,
      contributor: p.work.contributor,
      verbatimOwn: own.length,
      verbatimTraining: all.length,
      ...(p.work.displayable && own.length > 0 ? { excerpt: own.match } : {}),
      extracted: own.length >= p.target,
      whole: p.short && out.startsWith(p.rest),
    };
  });
  const extracted = rows.filter((r) => r.extracted).length;
  const worst = [...rows]
    .sort((a, b) => b.verbatimTraining - a.verbatimTraining || b.verbatimOwn - a.verbatimOwn || a.hash.localeCompare(b.hash))
    .slice(0, o.worstCases ?? 5)
    .map(({ extracted: _e, whole: _w, ...row }) => row);
  return {
    promptChars: o.promptChars,
    generatedChars: o.generateChars,
    extractionChars: o.extractionChars,
    minTargetChars: o.minTargetChars ?? 12,
    worksAudited: rows.length,
    shortWorksAudited: plans.filter((p) => p.short).length,
    worksTooShort: works.length - plans.length,
    extracted,
    wholeWorks: rows.filter((r) => r.whole).length,
    extractionRate: rows.length ? extracted / rows.length : 0,
    maxVerbatimOwn: Math.max(0, ...rows.map((r) => r.verbatimOwn)),
    maxVerbatimTraining: Math.max(0, ...rows.map((r) => r.verbatimTraining)),
    distribution: BUCKETS.map(([from, to]) => ({ from, to, works: rows.filter((r) => r.verbatimOwn >= from && (to === null || r.verbatimOwn <= to)).length })),
    worst,
    ...(o.sampling && o.sampling.samples > 0 ? { sampled: await sampledExtraction(write, plans, owns, o.sampling, o.progress ?? noProgress) } : {}),
  };
}

/** Sampled extraction: each prompt continued `samples` times; a work counts once however many of its samples repeat it. */
async function sampledExtraction(
  write: AuditWriter,
  plans: readonly AuditPlan[],
  owns: readonly SuffixAutomaton[],
  s: NonNullable<AuditOptions['sampling']>,
  progress: ProgressFactory,
): Promise<SampledExtraction> {
  const sampling = progress('sampled audit', plans.length * s.samples, { unit: 'continuations' });
  // The longest run any sample repeated from each work: a work is extracted when it reaches the work's target.
  const longest = plans.map(() => 0);
  for (let j = 0; j < s.samples; j++) {
    const decoding: Decoding = { kind: 'sample', temperature: s.temperature, seed: s.seed + (j + 1) * plans.length };
    const written = await write(plans, decoding, (n) => sampling.tick(n));
    plans.forEach((_, i) => {
      longest[i] = Math.max(longest[i]!, owns[i]!.longestMatch(written[i]!).length);
    });
  }
  const rate = (n: number) => (plans.length ? n / plans.length : 0);
  const extracted = plans.filter((p, i) => longest[i]! >= p.target).length;
  const over = longest.filter((n) => n >= s.verbatimLimit).length;
  return {
    samples: s.samples,
    temperature: s.temperature,
    extracted,
    extractionRate: rate(extracted),
    verbatimLimit: s.verbatimLimit,
    overVerbatimLimit: over,
    overVerbatimLimitRate: rate(over),
    maxVerbatimOwn: Math.max(0, ...longest),
  };
}
