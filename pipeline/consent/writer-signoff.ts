/**
 * Only the writer changes their consent. A writer's consent is held in three
 * places: their agreement, their withdrawals record and their works. A change
 * to any of them needs the writer's own account (the agreement's `github:`, or
 * their handle) as the change's author or among its approvals of the head
 * commit, in addition to the board's quorum: the board can refuse a change, it
 * cannot make one for a writer. The account that signs is the one on record
 * before the change, so changing `github:` itself needs the old account.
 * Pure: changed paths and the writers' accounts in, what is missing out. The
 * gate (GitHub reviews), `verify` and `quorum` (merge trailers) all use it.
 */
import type { Agreement } from '../schemas/index.ts';

/** What a path is of a writer's consent, and whose. */
export interface ConsentPath {
  handle: string;
  part: 'agreement' | 'withdrawals' | 'work';
}

const PARTS: ReadonlyArray<[RegExp, ConsentPath['part']]> = [
  [/^governance\/agreements\/([^/]+)\.ya?ml$/, 'agreement'],
  [/^governance\/withdrawals\/([^/]+)\.ya?ml$/, 'withdrawals'],
  [/^corpus\/([^/]+)\/.+$/, 'work'],
];

/** Whose consent a path in the co-op holds, or undefined for every other path. */
export function consentPathOf(path: string): ConsentPath | undefined {
  for (const [re, part] of PARTS) {
    const m = re.exec(path);
    if (m) return { handle: m[1]!, part };
  }
  return undefined;
}

/** The GitHub login a writer signs with under an agreement: its `github:`, else the handle; lowercased. */
export function signingLogin(handle: string, agreement: Pick<Agreement, 'github'> | undefined): string {
  return (agreement?.github ?? handle).toLowerCase();
}

/** A writer whose consent a change touches, the account that must sign it, and the files. */
export interface WriterSignoff {
  handle: string;
  /** The login whose authorship or approval signs the change (lowercased). */
  login: string;
  /** When the change moves the writer's `github:` to another account, that account (the old one still signs). */
  newLogin?: string;
  /** The changed files of the writer's consent, sorted. */
  files: string[];
  parts: ConsentPath['part'][];
  /** Whether the writer signed: they made the change, or approved its head commit. */
  signed: boolean;
}

export interface SignoffFacts {
  /** Paths the change adds, modifies, removes or renames (a rename lists both paths). */
  paths: readonly string[];
  /** The writers' agreements as they stand before the change (on main), by handle. */
  before: (handle: string) => Pick<Agreement, 'github'> | undefined;
  /** The writers' agreements after the change, by handle (for a writer who is new). */
  after: (handle: string) => Pick<Agreement, 'github'> | undefined;
  /** Who made the change (for a form, who filled it in), lowercased or not. */
  from: string;
  /** Logins whose approval of the head commit stands. */
  approvers: readonly string[];
}

/** Every writer whose consent the change touches, with whether they signed it, sorted by handle. */
export function writerSignoffs(f: SignoffFacts): WriterSignoff[] {
  const byHandle = new Map<string, { files: Set<string>; parts: Set<ConsentPath['part']> }>();
  for (const p of f.paths) {
    const c = consentPathOf(p);
    if (!c) continue;
    const entry = byHandle.get(c.handle) ?? { files: new Set(), parts: new Set() };
    entry.files.add(p);
    entry.parts.add(c.part);
    byHandle.set(c.handle, entry);
  }
  const from = f.from.toLowerCase();
  const approvers = new Set(f.approvers.map((a) => a.toLowerCase()));
  return [...byHandle]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([handle, { files, parts }]) => {
      const before = f.before(handle);
      const after = f.after(handle);
      // A writer already on record signs with the account on record; a new writer with the one they give.
      const login = signingLogin(handle, before ?? after);
      const next = before && after ? signingLogin(handle, after) : login;
      return {
        handle,
        login,
        ...(next !== login ? { newLogin: next } : {}),
        files: [...files].sort(),
        parts: (['agreement', 'withdrawals', 'work'] as const).filter((p) => parts.has(p)),
        signed: login === from || approvers.has(login),
      };
    });
}

const PART_WORDS: Record<ConsentPath['part'], string> = { agreement: 'agreement', withdrawals: 'withdrawals', work: 'works' };

/** In plain words, what of the writer's consent the change touches: "agreement and works". */
export function consentPartsInWords(s: Pick<WriterSignoff, 'parts'>): string {
  const words = s.parts.map((p) => PART_WORDS[p]);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
