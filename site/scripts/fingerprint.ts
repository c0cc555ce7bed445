// Fingerprints in the browser: the same as pipeline/consent/fingerprint.ts
// (a test holds the two equal), computed locally; nothing is sent anywhere.

/** A title as fingerprinted: NFC, trimmed, runs of white space made one space, lowercased. */
export function normalizeTitle(title: string): string {
  return title.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** sha256 of a string (UTF-8), as 64 hex digits. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A title's fingerprint, as withdrawal records keep it. */
export function titleFingerprint(title: string): Promise<string> {
  return sha256Hex(normalizeTitle(title));
}
