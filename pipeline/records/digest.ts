/** The digest a decision's `adopts` records for a governance file: sha256 of its text with LF line endings. */
import { createHash } from 'node:crypto';
import { sha256 } from '../hash/index.ts';

export function fileDigest(text: string): string {
  return sha256(text.replace(/\r\n?/g, '\n'));
}

/**
 * The git blob id of `text` (as UTF-8): sha1, or sha256 for a 64-hex `like` (a sha256 repository).
 * A cache keyed by the blob id git reports is used only when the file's own bytes hash to it.
 */
export function gitBlobId(text: string, like: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash(like.length === 64 ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}
