/**
 * sha256, the one digest the co-op's records use: of text (as UTF-8) or bytes, and of a file
 * streamed from disk (weights can be larger than is worth reading at once).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** The sha256 of `data` in hex; text is hashed as UTF-8. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The sha256 of a file's bytes in hex, read as a stream. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Whether the file at `file` exists and its bytes hash to `expected`. */
export async function fileHasSha256(file: string, expected: string): Promise<boolean> {
  return (await sha256OfFile(file).catch(() => undefined)) === expected;
}
