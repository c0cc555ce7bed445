import type { Agreement, BaseModel, Board, CharterFrontMatter, CoopInfo, CoopPageFrontMatter, DecisionFrontMatter, Policy, UseCase, Withdrawal, WorkFrontMatter } from '../schemas/index.ts';

/** A record read from one file, with a way to find a field's line in it. */
export interface Loaded<T> {
  /** Path relative to the co-op root. */
  file: string;
  value: T;
  lineOf: (pointer: string) => number | undefined;
  /** sha256 of the file's text with LF line endings: what a decision's `adopts` names. */
  sha256?: string;
}

/** Counts over a work's normalized text. */
export interface TextStats {
  characters: number;
  words: number;
  lines: number;
}

/** A donated work: `corpus/<handle>/<slug>.<ext>`. */
export interface WorkRecord extends Loaded<WorkFrontMatter> {
  /** The folder it sits in, which is the contributor's handle. */
  handle: string;
  slug: string;
  ext: 'md' | 'txt';
  /** The text after the front matter, exactly as written (LF line endings); read on demand. */
  readBody: () => Promise<string>;
  /** File line on which the body starts. */
  bodyLine: number;
  /** Key of the file's exact content (its git blob id) when git vouches for it; caches use it. */
  contentKey?: string;
  /** The work's fingerprint: sha256 of its normalized text (see consent/fingerprint.ts). */
  hash: string;
  /** Counts over the normalized text. */
  stats: TextStats;
}

/** A board decision: `governance/decisions/NNNN-slug.md`. */
export interface DecisionRecord extends Loaded<DecisionFrontMatter> {
  /** The four-digit number from the file name. */
  id: string;
  slug: string;
  /** The reasoning, as Markdown. */
  body: string;
}

/** The charter: its front matter and its Markdown body. */
export interface CharterRecord extends Loaded<CharterFrontMatter> {
  body: string;
}

/** Everything a co-op keeps in git, read and schema-checked (cross-record rules not yet applied). */
export interface Coop {
  /** Absolute path of the co-op repository. */
  root: string;
  info?: Loaded<CoopInfo>;
  charter?: CharterRecord;
  board?: Loaded<Board>;
  policy?: Loaded<Policy>;
  agreements: Map<string, Loaded<Agreement>>;
  /** Agreement text versions present in governance/agreement-texts/. */
  agreementTexts: Map<string, { file: string; text: string; sha256: string }>;
  /** What each writer withdrew (governance/withdrawals/<handle>.yaml), by handle. */
  withdrawals: Map<string, Loaded<Withdrawal>>;
  works: WorkRecord[];
  decisions: Map<string, DecisionRecord>;
  useCases: Map<string, Loaded<UseCase>>;
  /** Base models the board adopted (governance/base-models/<id>.yaml), by id. */
  baseModels: Map<string, Loaded<BaseModel>>;
  /** The stewards' own pages (governance/pages/), by slug. */
  pages: Map<string, Loaded<CoopPageFrontMatter> & { body: string }>;
  /** `.github/CODEOWNERS` as it is, when the co-op keeps one. */
  codeowners?: string;
  /** Corpus paths with uncommitted changes, when the loader asked git (a git checkout, cache on). */
  uncommittedCorpus?: Set<string>;
}

/** A co-op that passed `check`: the records every later stage needs are present. */
export interface CheckedCoop extends Coop {
  info: Loaded<CoopInfo>;
  charter: CharterRecord;
  board: Loaded<Board>;
  policy: Loaded<Policy>;
}
