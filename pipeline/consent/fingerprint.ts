/**
 * Fingerprints: how a work (and its title) is identified without its text.
 * The browser's "Am I in it?" computes the same (site/scripts/fingerprint.ts),
 * and a test holds the two equal.
 */
import { createHash } from 'node:crypto';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** A work's fingerprint: sha256 of its normalized text (see text/normalize.ts). */
export function workHash(normalizedText: string): string {
  return sha256(normalizedText);
}

/** A title as fingerprinted: NFC, trimmed, runs of white space made one space, lowercased. */
export function normalizeTitle(title: string): string {
  return title.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** A title's fingerprint, kept after withdrawal instead of the title itself. */
export function titleFingerprint(title: string): string {
  return sha256(normalizeTitle(title));
}
