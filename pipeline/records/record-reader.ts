/**
 * Reads a co-op's files one record kind at a time, where the layout table puts
 * them, collecting problems into one list. Nothing here throws for bad input.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { cacheText, type FileCache } from '../cache/index.ts';
import { commandLine } from '../project.ts';
import { error, type Problem } from '../problems.ts';
import { validateRecord } from '../schemas/index.ts';
import { findUnsafeMarkup } from '../text/index.ts';
import { fileDigest, gitBlobId } from './digest.ts';
import { splitFrontMatter } from './front-matter.ts';
import { DOC_FILES, FILE_KINDS, FOLDER_KINDS, HANDLE, LAYOUT, type FolderLayout } from './layout.ts';
import { mapLimit } from './map-limit.ts';
import { parseHere, ParsePool, POOL_THRESHOLD } from './parse-pool.ts';
import type { ParsedWork, ParseResult } from './parse-work.ts';
import { listDir, readText, SIZE_LIMITS, type SafeEntry } from './safe-files.ts';
import type { Coop, DecisionRecord, Loaded, WorkRecord } from './types.ts';
import { parseYaml } from './yaml.ts';

type FileKind = (typeof FILE_KINDS)[number];
/** The folder kinds whose records are YAML, each validated against its schema. */
type YamlFolderKind = 'agreement' | 'baseModel' | 'useCase' | 'withdrawal';

const GOVERNANCE = 'governance';
/** What governance/ holds directly: the single records' files and the records' folders. */
const GOVERNANCE_FILES = FILE_KINDS.map((k) => LAYOUT[k].file).filter((f) => f.startsWith(`${GOVERNANCE}/`));
const GOVERNANCE_DIRS = FOLDER_KINDS.map((k): string => LAYOUT[k].folder).filter((f) => f.startsWith(`${GOVERNANCE}/`));
const nameIn = (rel: string) => rel.slice(rel.lastIndexOf('/') + 1);

/** Reads one kind of file at a time, collecting problems into one list. */
export class RecordReader {
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

  /** The records that are one file each (the co-op's facts, board, policy, charter), with a problem for each required one missing. */
  async singleRecords(): Promise<Pick<Coop, 'info' | 'board' | 'policy' | 'charter'>> {
    const at = await this.governance();
    const info = at.info && (await this.yamlRecord(at.info, LAYOUT.info.schema));
    const board = at.board && (await this.yamlRecord(at.board, LAYOUT.board.schema));
    const policy = at.policy && (await this.yamlRecord(at.policy, LAYOUT.policy.schema));
    const charter = at.charter && (await this.markdownRecord(at.charter, LAYOUT.charter.schema));
    this.requireFiles(at);
    return { ...(info && { info }), ...(board && { board }), ...(policy && { policy }), ...(charter && { charter }) };
  }

  /** governance/ itself: anything the layout does not put there is refused; the single records' files found, by kind. */
  private async governance(): Promise<Partial<Record<FileKind, SafeEntry>>> {
    const found: Partial<Record<FileKind, SafeEntry>> = {};
    for (const entry of await this.list(GOVERNANCE)) {
      const kind = FILE_KINDS.find((k) => LAYOUT[k].file === entry.rel);
      if (entry.kind === 'file' && kind) found[kind] = entry;
      else if (entry.kind === 'dir' && GOVERNANCE_DIRS.includes(entry.rel)) continue;
      else if (entry.kind !== 'file' || !DOC_FILES.has(entry.name)) {
        this.problems.push(unexpected(entry, `governance/ holds only ${GOVERNANCE_FILES.map(nameIn).join(', ')} and the folders ${GOVERNANCE_DIRS.map(nameIn).join('/, ')}/`));
      }
    }
    return found;
  }

  /** A problem for each file every co-op needs that `found` lacks. */
  private requireFiles(found: Partial<Record<FileKind, SafeEntry>>): void {
    for (const kind of FILE_KINDS) {
      const { file, required } = LAYOUT[kind];
      if (required && !found[kind]) this.problems.push(error('coop/missing-file', file, 'is missing', { hint: `every co-op needs ${file}; \`${commandLine('init')}\` creates one` }));
    }
  }

  /** Files in a record kind's folder with its extensions whose base name has its form, each with that name. */
  async files(row: FolderLayout): Promise<Array<{ entry: SafeEntry; key: string }>> {
    const ok: Array<{ entry: SafeEntry; key: string }> = [];
    const extRe = new RegExp(`\\.(?:${row.ext.join('|')})$`);
    for (const entry of await this.list(row.folder)) {
      if (entry.kind === 'file' && DOC_FILES.has(entry.name)) continue;
      if (entry.kind !== 'file' || !extRe.test(entry.name)) {
        this.problems.push(unexpected(entry, `${row.folder}/ holds only .${row.ext[0]} files`));
      } else if (!row.name.test(entry.name.replace(extRe, ''))) {
        this.problems.push(
          error('file/bad-name', entry.rel, `file name "${entry.name}" is not in the expected form`, { hint: `use lowercase letters, digits and single hyphens (${row.name.source})` }),
        );
      } else ok.push({ entry, key: entry.name.replace(extRe, '') });
    }
    return ok;
  }

  /** The YAML records of a folder kind, by the name of their file (which must equal their `handle` where the layout says so). */
  async yamlRecords<K extends YamlFolderKind>(kind: K): Promise<Array<[string, Loaded<Static<(typeof LAYOUT)[K]['schema']>>]>> {
    const row: FolderLayout = LAYOUT[kind];
    const out: Array<[string, Loaded<Static<(typeof LAYOUT)[K]['schema']>>]> = [];
    for (const { entry, key } of await this.files(row)) {
      const rec = await this.yamlRecord(entry, LAYOUT[kind].schema);
      if (!rec) continue;
      const named = row.keyField && (rec.value as Record<string, unknown>)[row.keyField];
      if (row.keyField && named !== key) {
        this.problems.push(
          error(`${kind}/${row.keyField}-mismatch`, entry.rel, `${row.keyField} "${named}" does not match the file name "${entry.name}"`, {
            line: rec.lineOf(`/${row.keyField}`),
            pointer: `/${row.keyField}`,
            hint: `name the file ${named}.yaml, or set ${row.keyField}: ${key}`,
          }),
        );
        continue;
      }
      out.push([key, rec]);
    }
    return out;
  }

  /** The agreement texts (prose), by version. */
  async agreementTexts(): Promise<Array<[string, { file: string; text: string; sha256: string }]>> {
    const out: Array<[string, { file: string; text: string; sha256: string }]> = [];
    for (const { entry, key } of await this.files(LAYOUT.agreementText)) {
      const read = await this.text(entry, SIZE_LIMITS.record);
      if (read === undefined) continue;
      this.problems.push(...findUnsafeMarkup(read, entry.rel, 1, 'record'));
      out.push([key, { file: entry.rel, text: read, sha256: fileDigest(read) }]);
    }
    return out;
  }

  /** The board's decisions, by their four-digit number (which must be unique). */
  async decisions(): Promise<Map<string, DecisionRecord>> {
    const out = new Map<string, DecisionRecord>();
    for (const { entry, key } of await this.files(LAYOUT.decision)) {
      const rec = await this.markdownRecord(entry, LAYOUT.decision.schema);
      if (!rec) continue;
      const [id, slug] = [key.slice(0, 4), key.slice(5)];
      const clash = out.get(id);
      if (clash) {
        this.problems.push(error('decision/duplicate-id', entry.rel, `decision number ${id} is already used by ${clash.file}`, { hint: 'give the new decision the next free number' }));
        continue;
      }
      out.set(id, { ...rec, id, slug });
    }
    return out;
  }

  /** The stewards' pages, by slug. */
  async pages(): Promise<Array<[string, Loaded<Static<typeof LAYOUT.page.schema>> & { body: string }]>> {
    const out: Array<[string, Loaded<Static<typeof LAYOUT.page.schema>> & { body: string }]> = [];
    for (const { entry, key } of await this.files(LAYOUT.page)) {
      const rec = await this.markdownRecord(entry, LAYOUT.page.schema);
      if (rec) out.push([key, { file: rec.file, value: rec.value, lineOf: rec.lineOf, body: rec.body }]);
    }
    return out;
  }

  /** Every work in corpus/<handle>/, read concurrently (results keep folder and file order), on worker threads when there are many to parse. */
  async works(): Promise<WorkRecord[]> {
    const row = LAYOUT.work;
    const folders: SafeEntry[] = [];
    for (const folder of await this.list(row.folder)) {
      if (folder.kind === 'file' && DOC_FILES.has(folder.name)) continue;
      if (folder.kind !== 'dir') {
        this.problems.push(unexpected(folder, `${row.folder}/ holds one folder per contributor, named by their handle`));
      } else if (!HANDLE.test(folder.name)) {
        this.problems.push(
          error('work/bad-handle-folder', folder.rel, `folder name "${folder.name}" is not a valid handle`, { hint: 'use lowercase letters, digits and single hyphens, like ana-okafor' }),
        );
      } else folders.push(folder);
    }
    const listed = (await mapLimit(folders, 8, async (folder) => (await this.list(folder.rel)).map((entry) => ({ entry, handle: folder.name })))).flat();
    const toParse = listed.filter(({ entry }) => !this.cache?.get(entry.rel, this.keys.get(entry.rel))).length;
    const pool = toParse >= POOL_THRESHOLD ? await ParsePool.start() : undefined;
    try {
      if (pool) this.parse = (text, file, ext) => pool.parse(text, file, ext);
      const works = await mapLimit(listed, pool ? 64 : 16, ({ entry, handle }) => this.work(entry, handle));
      return works.filter((w): w is WorkRecord => w !== undefined);
    } finally {
      await pool?.close();
    }
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
    const row = LAYOUT.work;
    const m = new RegExp(`^(.+)\\.(${row.ext.join('|')})$`).exec(entry.name);
    if (entry.kind !== 'file' || !m) {
      this.problems.push(unexpected(entry, `a contributor folder holds only works, as ${row.ext.map((e) => `.${e}`).join(' or ')} files`));
      return undefined;
    }
    const slug = m[1]!;
    if (!row.name.test(slug)) {
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

/** The body of a work's text that parsed before. */
function bodyOf(text: string, file: string): string {
  const split = splitFrontMatter(text, file);
  if (!split.ok) throw new Error(`${file} changed while the pipeline ran`);
  return split.value.body;
}

/** The problem for a file or folder the layout has no place for. */
function unexpected(entry: SafeEntry, what: string): Problem {
  // MDX is code (its expressions run when the site is built), so no record may be MDX, wherever it is.
  if (entry.kind === 'file' && /\.mdx$/i.test(entry.name)) {
    return error('file/mdx', entry.rel, "is MDX, which is code: the co-op's records are plain Markdown", {
      hint: 'rename it to .md and remove any import, export, {expression} or <Component>; anything that must run belongs in a code change to Commonplace itself',
    });
  }
  return error('file/unexpected', entry.rel, `is not an allowed ${entry.kind === 'dir' ? 'folder' : 'file'} here`, { hint: `${what}; move or remove it` });
}
