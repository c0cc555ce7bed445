/**
 * Reading files a contributor can send. Every path is hostile until checked:
 * nothing is read through a symlink, outside the co-op root, over the size
 * limit, or that is not valid UTF-8 text.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { error, type Problem } from '../problems.ts';
import { mapLimit } from './map-limit.ts';

/** Largest file read from the co-op, by area. A bigger one is refused unread. */
export const SIZE_LIMITS = { work: 512 * 1024, record: 256 * 1024 } as const;

/** A directory entry that passed the path checks (not yet read). */
export interface SafeEntry {
  /** Path relative to the root, with forward slashes. */
  rel: string;
  name: string;
  kind: 'file' | 'dir';
  size: number;
}

/** Turn a path relative to the root into an absolute one, refusing any that leaves the root. */
export function resolveInside(root: string, rel: string): string | undefined {
  const abs = path.resolve(root, rel);
  const back = path.relative(root, abs);
  if (back === '' || back.startsWith('..') || path.isAbsolute(back)) return undefined;
  return abs;
}

/** Forward-slash relative path, the form used in every report and record. */
export function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/**
 * List a directory under the root. Symlinks and special files are reported and
 * left out; a missing directory is an empty list.
 */
export async function listDir(root: string, rel: string): Promise<{ entries: SafeEntry[]; problems: Problem[] }> {
  const abs = resolveInside(root, rel);
  if (!abs) return { entries: [], problems: [error('file/outside-root', rel, 'path leaves the co-op folder', { hint: 'use a path inside the repository' })] };
  const problems: Problem[] = [];
  let names: string[];
  try {
    const st = await lstat(abs);
    if (st.isSymbolicLink()) {
      return { entries: [], problems: [symlinkProblem(rel)] };
    }
    if (!st.isDirectory()) return { entries: [], problems: [error('file/not-a-folder', rel, 'expected a folder here, found a file', { hint: 'move the file into a folder of its own' })] };
    names = (await readdir(abs)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] };
    throw e;
  }
  const entries: SafeEntry[] = [];
  const stats = await mapLimit(names, 32, (name) => lstat(path.join(abs, name)));
  names.forEach((name, i) => {
    const childRel = rel === '' || rel === '.' ? name : `${rel}/${name}`;
    const st = stats[i]!;
    if (st.isSymbolicLink()) problems.push(symlinkProblem(childRel));
    else if (st.isDirectory()) entries.push({ rel: childRel, name, kind: 'dir', size: 0 });
    else if (st.isFile()) entries.push({ rel: childRel, name, kind: 'file', size: st.size });
    else problems.push(error('file/special', childRel, 'is not a regular file (device, socket or pipe)', { hint: 'remove it from the repository' }));
  });
  return { entries, problems };
}

function symlinkProblem(rel: string): Problem {
  return error('file/symlink', rel, 'is a symbolic link; links are never followed', {
    hint: 'replace the link with the real file, or remove it',
  });
}

/**
 * Read a listed file as UTF-8 text. Refuses files over `limit` bytes (unread),
 * binary files (NUL bytes) and invalid UTF-8. Strips a leading byte-order mark
 * and turns CRLF into LF so line numbers match what an editor shows.
 */
export async function readText(root: string, entry: SafeEntry, limit: number): Promise<{ ok: true; text: string } | { ok: false; problem: Problem }> {
  if (entry.size > limit) {
    return { ok: false, problem: error('file/too-large', entry.rel, `is ${formatBytes(entry.size)}, over the ${formatBytes(limit)} limit`, { hint: 'split it into smaller files' }) };
  }
  const abs = resolveInside(root, entry.rel);
  if (!abs) return { ok: false, problem: error('file/outside-root', entry.rel, 'path leaves the co-op folder') };
  // Re-check at read time: the entry was listed earlier and could have been swapped for a link.
  const st = await lstat(abs);
  if (st.isSymbolicLink()) return { ok: false, problem: symlinkProblem(entry.rel) };
  if (st.size > limit) return { ok: false, problem: error('file/too-large', entry.rel, `is ${formatBytes(st.size)}, over the ${formatBytes(limit)} limit`, { hint: 'split it into smaller files' }) };
  const bytes = await readFile(abs);
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { ok: false, problem: error('file/binary', entry.rel, `is a binary file (NUL byte at offset ${nul})`, { hint: 'save it as plain UTF-8 text' }) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = lineOfInvalidUtf8(bytes);
    return { ok: false, problem: error('file/not-utf8', entry.rel, 'is not valid UTF-8 text', { line, hint: 'save the file with UTF-8 encoding' }) };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}

function lineOfInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
