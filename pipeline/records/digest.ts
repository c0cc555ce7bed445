/** The digest a decision's `adopts` records for a governance file: sha256 of its text with LF line endings. */
import { createHash } from 'node:crypto';

export function fileDigest(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n'), 'utf8').digest('hex');
}
