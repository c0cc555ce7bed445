import { sha256 } from '../hash/index.ts';

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
