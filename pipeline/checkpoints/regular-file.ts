/**
 * Model files leave the machine that holds them (into artifacts/ and a public
 * Release), so only a regular file's own bytes are taken: never what a symlink
 * points at, never a folder, pipe or device. Opening with O_NOFOLLOW and
 * checking the open handle leaves no gap between the check and the read.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** What is at a path: a regular file's bytes, nothing, or something that is not a regular file. */
export type RegularFile = { kind: 'file'; bytes: Buffer } | { kind: 'missing' } | { kind: 'symlink' | 'folder' | 'special' };

// O_NONBLOCK so a named pipe opens at once (and is then refused) instead of waiting for a writer. Windows has neither flag.
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Read `file` only if it is a regular file. */
export async function readRegularFile(file: string): Promise<RegularFile> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'ELOOP') return { kind: 'symlink' };
    if (code === 'EISDIR') return { kind: 'folder' };
    throw e;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return { kind: 'folder' };
    if (!info.isFile()) return { kind: 'special' };
    return { kind: 'file', bytes: await handle.readFile() };
  } finally {
    await handle.close();
  }
}

/** How a path that is not a regular file is named to the person who gave it. */
export function notRegularWords(kind: 'symlink' | 'folder' | 'special'): string {
  return kind === 'symlink' ? 'a symlink' : kind === 'folder' ? 'a folder' : 'not a regular file (a pipe, socket or device)';
}
