/**
 * Where every record of a co-op lives: one declarative table of record kinds,
 * each with its file or folder, extensions, file-name form, schema and the kind
 * of change (for the quorum) a change to it is. The loader, the quorum, the gate,
 * publish and the actions all read the layout from here, never from a literal path.
 * Pure: no I/O.
 */
import type { TSchema } from '@sinclair/typebox';
import {
  Agreement,
  BaseModel,
  Board,
  type ChangeKind,
  CharterFrontMatter,
  CoopInfo,
  CoopPageFrontMatter,
  DecisionFrontMatter,
  HANDLE_PATTERN,
  Policy,
  SLUG_PATTERN,
  UseCase,
  Withdrawal,
  WorkFrontMatter,
} from '../schemas/index.ts';

/** A handle: a writer's folder in corpus/ and the name of their agreement and withdrawal records. */
export const HANDLE = new RegExp(HANDLE_PATTERN);
/** A slug: lowercase letters, digits and single hyphens. */
export const SLUG = new RegExp(SLUG_PATTERN);
/** A work's slug: a slug of at most 80 characters. */
export const WORK_SLUG = /^(?=.{1,80}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A decision's file name: its four-digit number and a slug, `0003-approve-public-demo`. */
export const DECISION_NAME = /^[0-9]{4}-[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** An agreement text's version, `1.0`. */
export const AGREEMENT_VERSION = /^[0-9]+\.[0-9]+$/;

/** What every record kind has. */
interface RecordLayoutBase {
  /** The record in words, for messages. */
  noun: string;
  /** The schema its YAML (or Markdown front matter) validates against; none for prose. */
  schema?: TSchema;
  /** The kind of change (for the quorum) that adding or changing it is. */
  change: ChangeKind;
}

/** A record that is one file of its own, like governance/policy.yaml. */
export interface FileLayout extends RecordLayoutBase {
  /** Its path from the co-op root. */
  file: string;
  /** Whether every co-op must have it. */
  required: boolean;
}

/** Records kept one a file in a folder, each named by its key, like governance/agreements/<handle>.yaml. */
export interface FolderLayout extends RecordLayoutBase {
  /** The folder, from the co-op root. */
  folder: string;
  /** The extensions a record may have, the usual one first (the one `pathOf` gives). */
  ext: readonly string[];
  /** The form of a file's name without its extension (for works, the slug inside the writer's folder). */
  name: RegExp;
  /** Whether the records sit one folder deeper, in a folder per writer named by their handle (works). */
  perWriter?: boolean;
  /** A field of the record that must equal the file's name. */
  keyField?: 'handle';
  /** The kind of change removing one is, when it is not `change`. */
  removed?: ChangeKind;
}

export type RecordLayout = FileLayout | FolderLayout;

/**
 * Every record kind of a co-op. The kind of change follows what the quorum has always counted:
 * the charter, the co-op's facts and its pages shape the co-op as much as its policy; a work that
 * leaves corpus/ is a withdrawal; a base-model record is weighed like code (it decides what every
 * model is built on).
 */
export const LAYOUT = {
  info: { noun: "the co-op's facts", file: 'governance/coop.yaml', schema: CoopInfo, change: 'policy', required: true },
  board: { noun: 'the board', file: 'governance/board.yaml', schema: Board, change: 'board', required: true },
  policy: { noun: 'the policy', file: 'governance/policy.yaml', schema: Policy, change: 'policy', required: true },
  charter: { noun: 'the charter', file: 'governance/charter.md', schema: CharterFrontMatter, change: 'policy', required: true },
  agreement: { noun: 'agreement', folder: 'governance/agreements', ext: ['yaml', 'yml'], name: HANDLE, schema: Agreement, keyField: 'handle', change: 'agreement' },
  agreementText: { noun: 'agreement text', folder: 'governance/agreement-texts', ext: ['md'], name: AGREEMENT_VERSION, change: 'agreement-text' },
  baseModel: { noun: 'base model', folder: 'governance/base-models', ext: ['yaml', 'yml'], name: SLUG, schema: BaseModel, change: 'code' },
  decision: { noun: 'decision', folder: 'governance/decisions', ext: ['md'], name: DECISION_NAME, schema: DecisionFrontMatter, change: 'decision' },
  useCase: { noun: 'use case', folder: 'governance/use-cases', ext: ['yaml', 'yml'], name: SLUG, schema: UseCase, change: 'use-case' },
  page: { noun: 'co-op page', folder: 'governance/pages', ext: ['md'], name: SLUG, schema: CoopPageFrontMatter, change: 'policy' },
  withdrawal: { noun: 'withdrawal', folder: 'governance/withdrawals', ext: ['yaml', 'yml'], name: HANDLE, schema: Withdrawal, keyField: 'handle', change: 'withdrawal' },
  work: { noun: 'work', folder: 'corpus', ext: ['md', 'txt'], name: WORK_SLUG, perWriter: true, schema: WorkFrontMatter, change: 'donation', removed: 'withdrawal' },
} as const satisfies Record<string, RecordLayout>;

/** The name of a record kind in the table. */
export type RecordKind = keyof typeof LAYOUT;

/** The record kinds, in table order. */
export const RECORD_KINDS = Object.keys(LAYOUT) as RecordKind[];

/** Files any record folder may hold beside its records, for people browsing the repository. */
export const DOC_FILES: ReadonlySet<string> = new Set(['README.md']);

/** The top folders that hold the records: `corpus` and `governance`. Everything else in a co-op is code. */
export const RECORD_ROOTS: readonly string[] = [...new Set(RECORD_KINDS.map((k) => topFolder(layoutFor(k))))].sort();

/** The record kinds that are one file each, and those kept in a folder. */
export const FILE_KINDS = RECORD_KINDS.filter((k) => 'file' in LAYOUT[k]) as Array<{ [K in RecordKind]: (typeof LAYOUT)[K] extends FileLayout ? K : never }[RecordKind]>;
export const FOLDER_KINDS = RECORD_KINDS.filter((k) => 'folder' in LAYOUT[k]) as Array<{ [K in RecordKind]: (typeof LAYOUT)[K] extends FolderLayout ? K : never }[RecordKind]>;

/** A record kind's entry, widened to the table's row type. */
export function layoutFor(kind: RecordKind): RecordLayout {
  return LAYOUT[kind];
}

/** Whether `p` is under corpus/ or governance/: a record, or a file where records are kept. */
export function isRecordPath(p: string): boolean {
  return RECORD_ROOTS.some((root) => p.startsWith(`${root}/`));
}

/** The record kind whose file `p` is, or whose folder it is anywhere inside, whatever its name. */
export function kindUnder(p: string): RecordKind | undefined {
  return RECORD_KINDS.find((k) => {
    const row = layoutFor(k);
    return 'file' in row ? p === row.file : p.startsWith(`${row.folder}/`);
  });
}

/** Whether `p` is inside the works' folder (corpus/), whatever its name: the gate gives it a work's size limit. */
export function isWork(p: string): boolean {
  return kindUnder(p) === 'work';
}

/**
 * The kind of change a changed path is, file by file. MDX runs when it is compiled, wherever it
 * sits, so it is code even under governance/ or corpus/ (check refuses it there too); any path
 * the layout does not hold is code.
 */
export function changeKindOf(p: string, removed = false): ChangeKind {
  if (/\.mdx$/i.test(p)) return 'code';
  const kind = kindUnder(p);
  if (!kind) return 'code';
  const row = layoutFor(kind);
  return removed && 'removed' in row && row.removed ? row.removed : row.change;
}

/** A record's place: its kind, its key (a handle, slug, version, decision name or `handle/slug`) and extension. */
export interface RecordPlace {
  kind: RecordKind;
  key: string;
  ext: string;
}

/**
 * The record at `p`: its kind, key and extension, when `p` is exactly where the layout puts one
 * (right folder, depth and extension, a name of the right form). With `anyName`, the name's form
 * is not checked.
 */
export function recordAt(p: string, options: { anyName?: boolean } = {}): RecordPlace | undefined {
  const kind = kindUnder(p);
  if (!kind) return undefined;
  const row = layoutFor(kind);
  if ('file' in row) return { kind, key: row.file.slice(row.file.lastIndexOf('/') + 1), ext: row.file.slice(row.file.lastIndexOf('.') + 1) };
  const parts = p.slice(row.folder.length + 1).split('/');
  if (parts.length !== (row.perWriter ? 2 : 1)) return undefined;
  const file = parts.at(-1)!;
  const dot = file.lastIndexOf('.');
  const base = file.slice(0, dot);
  const ext = file.slice(dot + 1);
  if (dot <= 0 || !row.ext.includes(ext)) return undefined;
  if (!options.anyName && (!row.name.test(base) || (row.perWriter && !HANDLE.test(parts[0]!)))) return undefined;
  return { kind, key: row.perWriter ? `${parts[0]}/${base}` : base, ext };
}

/** Where the record of `kind` with `key` lives (for a file record, the key is ignored); `ext` defaults to the usual one. */
export function pathOf(kind: RecordKind, key = '', ext?: string): string {
  const row = layoutFor(kind);
  if ('file' in row) return row.file;
  return `${row.folder}/${key}.${ext ?? row.ext[0]}`;
}

function topFolder(row: RecordLayout): string {
  return ('file' in row ? row.file : row.folder).split('/')[0]!;
}
