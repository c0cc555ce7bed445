/**
 * Read a co-op repository: every record under corpus/ and governance/,
 * each file checked for safety, parsed and validated against its schema.
 * Problems come back as values; nothing here throws for bad input.
 */
import path from 'node:path';
import type { TSchema, Static } from '@sinclair/typebox';
import { error, type Problem } from '../problems.ts';
import {
  Agreement,
  Board,
  CharterFrontMatter,
  CoopInfo,
  CoopPageFrontMatter,
  DecisionFrontMatter,
  HANDLE_PATTERN,
  Policy,
  SLUG_PATTERN,
  UseCase,
  BaseModel,
  Withdrawal,
  validateRecord,
} from '../schemas/index.ts';
import { NORMALIZER } from '../text/index.ts';
import { commandLine } from '../project.ts';
import { fileDigest, gitBlobId } from './digest.ts';
import { committedOutputs } from './outputs.ts';
import { splitFrontMatter } from './front-matter.ts';
import { portablePathProblems } from './portable-paths.ts';
import { listDir, readText, SIZE_LIMITS, type SafeEntry } from './safe-files.ts';
import { mapLimit } from './map-limit.ts';
import type { Coop, Loaded, WorkRecord } from './types.ts';
import { cacheText, FileCache, pruneTextCache } from '../cache/index.ts';
import { cleanBlobIds, worktreeFiles } from '../git/index.ts';
import type { ParsedWork, ParseResult } from './parse-work.ts';
import { parseHere, ParsePool, POOL_THRESHOLD } from './parse-pool.ts';
import { parseYaml } from './yaml.ts';
import { findUnsafeMarkup } from '../text/index.ts';

const HANDLE = new RegExp(HANDLE_PATTERN);
const SLUG = new RegExp(SLUG_PATTERN);
const DOC_FILES = new Set(['README.md']);

/** Bump when loading or checking a work changes, so old cache entries are ignored. */
const WORK_CACHE_VERSION = `work-record@3+${NORMALIZER}`;

export interface LoadOptions {
  /** Reuse checked works whose content git vouches is unchanged (default true). */
  cache?: boolean;
}

/** Read and schema-check every record of the co-op at `root`. */
export async function loadCoop(root: string, options: LoadOptions = {}): Promise<{ coop: Coop; problems: Problem[] }> {
  const absRoot = path.resolve(root);
  const problems: Problem[] = [];
  const coop: Coop = {
    root: absRoot,
    agreements: new Map(),
    agreementTexts: new Map(),
    withdrawals: new Map(),
    works: [],
    decisions: new Map(),
    useCases: new Map(),
    baseModels: new Map(),
    pages: new Map(),
  };
  // A committed file where the pipeline writes (a force-added cache) is refused, and then no cache is trusted.
  const committed = await committedOutputs(absRoot);
  problems.push(...committed);
  const useCache = (options.cache ?? true) && committed.length === 0;
  const git = useCache ? await cleanBlobIds(absRoot, ['corpus']) : undefined;
  if (git) coop.uncommittedCorpus = git.uncommitted;
  const keys = git?.keys ?? new Map<string, string>();
  const cache = useCache ? await FileCache.open<ParsedWork>(absRoot, 'works', WORK_CACHE_VERSION) : undefined;
  const reader = new RecordReader(absRoot, problems, keys, cache);

  const gov = await reader.list('governance');
  for (const entry of gov) {
    if (entry.kind === 'dir' && GOVERNANCE_DIRS.has(entry.name)) continue;
    if (entry.kind === 'file' && (GOVERNANCE_FILES.has(entry.name) || DOC_FILES.has(entry.name))) continue;
    problems.push(unexpected(entry, `governance/ holds only ${[...GOVERNANCE_FILES].join(', ')} and the folders ${[...GOVERNANCE_DIRS].join('/, ')}/`));
  }
  const has = (name: string) => gov.some((e) => e.name === name && e.kind === 'file');
  if (has('coop.yaml')) coop.info = await reader.yamlRecord(fileEntry(gov, 'coop.yaml'), CoopInfo);
  if (has('board.yaml')) coop.board = await reader.yamlRecord(fileEntry(gov, 'board.yaml'), Board);
  if (has('policy.yaml')) coop.policy = await reader.yamlRecord(fileEntry(gov, 'policy.yaml'), Policy);
  if (has('charter.md')) {
    const c = await reader.markdownRecord(fileEntry(gov, 'charter.md'), CharterFrontMatter);
    if (c) coop.charter = c;
  }
  for (const name of REQUIRED_GOVERNANCE) {
    if (!has(name)) problems.push(error('coop/missing-file', `governance/${name}`, 'is missing', { hint: `every co-op needs governance/${name}; \`${commandLine('init')}\` creates one` }));
  }

  for (const [handle, rec] of await reader.handleRecords('governance/agreements', Agreement, 'agreement')) coop.agreements.set(handle, rec);
  for (const entry of await reader.files('governance/agreement-texts', 'md', /^[0-9]+\.[0-9]+$/)) {
    const read = await reader.text(entry, SIZE_LIMITS.record);
    if (read !== undefined) problems.push(...findUnsafeMarkup(read, entry.rel, 1, 'record'));
    if (read !== undefined) coop.agreementTexts.set(entry.name.replace(/\.md$/, ''), { file: entry.rel, text: read, sha256: fileDigest(read) });
  }
  for (const [handle, rec] of await reader.handleRecords('governance/withdrawals', Withdrawal, 'withdrawal')) coop.withdrawals.set(handle, rec);
  for (const entry of await reader.files('governance/decisions', 'md', /^[0-9]{4}-[a-z0-9]+(?:-[a-z0-9]+)*$/)) {
    const rec = await reader.markdownRecord(entry, DecisionFrontMatter);
    if (!rec) continue;
    const [, id, slug] = /^([0-9]{4})-(.+)\.md$/.exec(entry.name)!;
    const clash = coop.decisions.get(id!);
    if (clash) {
      problems.push(error('decision/duplicate-id', entry.rel, `decision number ${id} is already used by ${clash.file}`, { hint: 'give the new decision the next free number' }));
      continue;
    }
    coop.decisions.set(id!, { ...rec, id: id!, slug: slug! });
  }
  for (const entry of await reader.files('governance/pages', 'md', SLUG)) {
    const rec = await reader.markdownRecord(entry, CoopPageFrontMatter);
    if (rec) coop.pages.set(entry.name.replace(/\.md$/, ''), { file: rec.file, value: rec.value, lineOf: rec.lineOf, body: rec.body });
  }
  for (const entry of await reader.files('governance/use-cases', 'yaml', SLUG)) {
    const rec = await reader.yamlRecord(entry, UseCase);
    if (rec) coop.useCases.set(entry.name.replace(/\.ya?ml$/, ''), rec);
  }
  for (const entry of await reader.files('governance/base-models', 'yaml', SLUG)) {
    const rec = await reader.yamlRecord(entry, BaseModel);
    if (rec) coop.baseModels.set(entry.name.replace(/\.ya?ml$/, ''), rec);
  }

  const github = (await listDir(absRoot, '.github')).entries.find((e) => e.name === 'CODEOWNERS' && e.kind === 'file');
  if (github) coop.codeowners = await reader.text(github, SIZE_LIMITS.record);

  const folders: SafeEntry[] = [];
  for (const folder of await reader.list('corpus')) {
    if (folder.kind === 'file' && DOC_FILES.has(folder.name)) continue;
    if (folder.kind !== 'dir') {
      problems.push(unexpected(folder, 'corpus/ holds one folder per contributor, named by their handle'));
    } else if (!HANDLE.test(folder.name)) {
      problems.push(error('work/bad-handle-folder', folder.rel, `folder name "${folder.name}" is not a valid handle`, { hint: 'use lowercase letters, digits and single hyphens, like ana-okafor' }));
    } else folders.push(folder);
  }
  // Works are read concurrently (I/O bound); results keep folder and file order.
  const listed = await mapLimit(folders, 8, async (folder) => (await reader.list(folder.rel)).map((entry) => ({ entry, handle: folder.name })));
  // Many works to parse (a first run): parse them on worker threads, one per core.
  const toParse = listed.flat().filter(({ entry }) => !cache?.get(entry.rel, keys.get(entry.rel))).length;
  const pool = toParse >= POOL_THRESHOLD ? await ParsePool.start() : undefined;
  try {
    if (pool) reader.parse = (text, file, ext) => pool.parse(text, file, ext);
    const works = await mapLimit(listed.flat(), pool ? 64 : 16, ({ entry, handle }) => reader.work(entry, handle));
    coop.works.push(...works.filter((w): w is WorkRecord => w !== undefined));
  } finally {
    await pool?.close();
  }
  if (cache) {
    await cache.save();
    await pruneTextCache(absRoot, new Set(coop.works.map((w) => w.hash)));
  }
  // Paths every writer can check out: the records listed, and every other file git would commit.
  // A path already refused for its name is not reported twice.
  const named = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file));
  const paths = new Set([...reader.seen, ...(await worktreeFiles(absRoot))]);
  problems.push(...portablePathProblems(paths).filter((p) => p.code !== 'file/not-portable' || !named.has(p.file)));
  return { coop, problems };
}

/** The body of a work's text that parsed before. */
function bodyOf(text: string, file: string): string {
  const split = splitFrontMatter(text, file);
  if (!split.ok) throw new Error(`${file} changed while the pipeline ran`);
  return split.value.body;
}

const GOVERNANCE_FILES = new Set(['coop.yaml', 'board.yaml', 'policy.yaml', 'charter.md']);
const REQUIRED_GOVERNANCE = ['coop.yaml', 'board.yaml', 'policy.yaml', 'charter.md'];
const GOVERNANCE_DIRS = new Set(['agreements', 'agreement-texts', 'base-models', 'decisions', 'use-cases', 'pages', 'withdrawals']);

function fileEntry(entries: SafeEntry[], name: string): SafeEntry {
  return entries.find((e) => e.name === name && e.kind === 'file')!;
}

function unexpected(entry: SafeEntry, what: string): Problem {
  // MDX is code (its expressions run when the site is built), so no record may be MDX, wherever it is.
  if (entry.kind === 'file' && /\.mdx$/i.test(entry.name)) {
    return error('file/mdx', entry.rel, "is MDX, which is code: the co-op's records are plain Markdown", {
      hint: 'rename it to .md and remove any import, export, {expression} or <Component>; anything that must run belongs in a code change to Commonplace itself',
    });
  }
  return error('file/unexpected', entry.rel, `is not an allowed ${entry.kind === 'dir' ? 'folder' : 'file'} here`, { hint: `${what}; move or remove it` });
}

/** Reads one kind of file at a time, collecting problems into one list. */
class RecordReader {
  /** How a work's text is parsed: here, or on a pool of threads. */
  parse: (text: string, file: string, ext: 'md' | 'txt') => Promise<ParseResult> = parseHere;

  constructor(
    private readonly root: string,
    private readonly problems: Problem[],
    private readonly keys: ReadonlyMap<string, string> = new Map(),
    private readonly cache?: FileCache<ParsedWork>,
  ) {}

  /** Every path listed so far (files and folders), whatever they turned out to be. */
  readonly seen = new Set<string>();

  async list(rel: string): Promise<SafeEntry[]> {
    const { entries, problems } = await listDir(this.root, rel);
    this.problems.push(...problems);
    for (const e of entries) this.seen.add(e.rel);
    return entries;
  }

  /** Files in `rel` with the given extension (yaml also allows .yml) whose base name matches `name`. */
  async files(rel: string, ext: 'yaml' | 'md', name: RegExp = HANDLE): Promise<SafeEntry[]> {
    const ok: SafeEntry[] = [];
    const extRe = ext === 'yaml' ? /\.ya?ml$/ : /\.md$/;
    for (const entry of await this.list(rel)) {
      if (entry.kind === 'file' && DOC_FILES.has(entry.name)) continue;
      if (entry.kind !== 'file' || !extRe.test(entry.name)) {
        this.problems.push(unexpected(entry, `${rel}/ holds only .${ext} files`));
      } else if (!name.test(entry.name.replace(extRe, ''))) {
        this.problems.push(error('file/bad-name', entry.rel, `file name "${entry.name}" is not in the expected form`, { hint: `use lowercase letters, digits and single hyphens (${name.source})` }));
      } else ok.push(entry);
    }
    return ok;
  }

  /** YAML records named `<handle>.yaml` whose `handle` field must equal that name, by handle. */
  async handleRecords<T extends TSchema>(rel: string, schema: T, kind: string): Promise<Array<[string, Loaded<Static<T>>]>> {
    const out: Array<[string, Loaded<Static<T>>]> = [];
    for (const entry of await this.files(rel, 'yaml')) {
      const handle = entry.name.replace(/\.ya?ml$/, '');
      const rec = await this.yamlRecord(entry, schema);
      if (!rec) continue;
      const named = (rec.value as { handle: string }).handle;
      if (named !== handle) {
        this.problems.push(
          error(`${kind}/handle-mismatch`, entry.rel, `handle "${named}" does not match the file name "${entry.name}"`, {
            line: rec.lineOf('/handle'),
            pointer: '/handle',
            hint: `name the file ${named}.yaml, or set handle: ${handle}`,
          }),
        );
        continue;
      }
      out.push([handle, rec]);
    }
    return out;
  }

  async text(entry: SafeEntry, limit: number): Promise<string | undefined> {
    const read = await readText(this.root, entry, limit);
    if (read.ok) return read.text;
    this.problems.push(read.problem);
    return undefined;
  }

  async yamlRecord<T extends TSchema>(entry: SafeEntry, schema: T): Promise<Loaded<Static<T>> | undefined> {
    const text = await this.text(entry, SIZE_LIMITS.record);
    if (text === undefined) return undefined;
    const rec = this.validated(text, 1, entry.rel, schema, 'field');
    return rec && { ...rec, sha256: fileDigest(text) };
  }

  async markdownRecord<T extends TSchema>(entry: SafeEntry, schema: T, limit: number = SIZE_LIMITS.record): Promise<(Loaded<Static<T>> & { body: string; bodyLine: number }) | undefined> {
    const text = await this.text(entry, limit);
    if (text === undefined) return undefined;
    const split = splitFrontMatter(text, entry.rel);
    if (!split.ok) {
      this.problems.push(...split.problems);
      return undefined;
    }
    const rec = this.validated(split.value.yaml, split.value.yamlLine, entry.rel, schema, 'front matter');
    // The board's Markdown reaches the site: no HTML, and links only http(s)/mailto (the renderer drops the rest too).
    this.problems.push(...findUnsafeMarkup(split.value.body, entry.rel, split.value.bodyLine, 'record'));
    return rec && { ...rec, sha256: fileDigest(text), body: split.value.body, bodyLine: split.value.bodyLine };
  }

  async work(entry: SafeEntry, handle: string): Promise<WorkRecord | undefined> {
    const m = /^(.+)\.(md|txt)$/.exec(entry.name);
    if (entry.kind !== 'file' || !m) {
      this.problems.push(unexpected(entry, 'a contributor folder holds only works, as .md or .txt files'));
      return undefined;
    }
    const slug = m[1]!;
    if (!SLUG.test(slug) || slug.length > 80) {
      this.problems.push(error('work/bad-slug', entry.rel, `file name "${entry.name}" is not a safe slug`, { hint: 'use lowercase letters, digits and single hyphens, e.g. river-road.md' }));
      return undefined;
    }
    const ext = m[2] as 'md' | 'txt';
    const contentKey = this.keys.get(entry.rel);
    const record = (w: ParsedWork, readBody: () => Promise<string>): WorkRecord => ({
      file: entry.rel,
      value: w.value,
      lineOf: (p) => w.lines[p],
      handle,
      slug,
      ext,
      bodyLine: w.bodyLine,
      contentKey,
      hash: w.hash,
      stats: w.stats,
      readBody,
    });
    const text = await this.text(entry, SIZE_LIMITS.work);
    if (text === undefined) return undefined;
    // Same bytes as a work that passed before (the file's own hash, not only git's word): skip parsing.
    const cached = contentKey !== undefined && gitBlobId(text, contentKey) === contentKey ? this.cache?.get(entry.rel, contentKey) : undefined;
    if (cached) return record(cached, () => this.bodyOf(entry));
    const parsed = await this.parse(text, entry.rel, ext);
    if (!parsed.ok) {
      this.problems.push(...parsed.problems);
      return undefined;
    }
    this.cache?.set(entry.rel, contentKey, parsed.value);
    if (this.cache && parsed.text !== undefined) await cacheText(this.root, parsed.value.hash, parsed.text);
    return record(parsed.value, async () => bodyOf(text, entry.rel));
  }

  /** Read a cached work's body again; its content was vouched for, so failure here is a bug or a race. */
  private async bodyOf(entry: SafeEntry): Promise<string> {
    const read = await readText(this.root, entry, SIZE_LIMITS.work);
    if (!read.ok) throw new Error(`${entry.rel} changed while the pipeline ran: ${read.problem.message}`);
    return bodyOf(read.text, entry.rel);
  }

  private validated<T extends TSchema>(text: string, firstLine: number, file: string, schema: T, noun: string): Loaded<Static<T>> | undefined {
    const parsed = parseYaml(text, file, firstLine);
    if (!parsed.ok) {
      this.problems.push(...parsed.problems);
      return undefined;
    }
    const { data, lineOf } = parsed.value;
    const checked = validateRecord(schema, data ?? {}, { file, lineOf, noun });
    if (!checked.ok) {
      this.problems.push(...checked.problems);
      return undefined;
    }
    return { file, value: checked.value, lineOf };
  }
}
