/**
 * sha256, the one digest the co-op's records use: of text (as UTF-8) or bytes, and of a file
 * streamed from disk (weights can be larger than is worth reading at once); and canonical JSON,
 * what a content id hashes, so the order keys were written in (in policy.yaml, say) never
 * changes an id.
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

/**
 * JSON with every object's keys sorted (by code unit) and no whitespace: equal values give equal
 * text whatever order their keys were written in. Keys whose value is undefined are left out, as
 * JSON.stringify leaves them; anything JSON cannot say exactly (a non-finite number, a bigint, a
 * function, a class instance such as a Date or a Map) is an error, not a silent "null" or "{}".
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, at: string): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${at} is ${value}, which JSON cannot hold`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => (v === undefined ? 'null' : write(v, `${at}[${i}]`))).join(',')}]`;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonicalJson: ${at} is a ${proto?.constructor?.name ?? 'class instance'}, not plain data`);
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, `${at}.${k}`)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: ${at} is a ${typeof value}, which JSON cannot hold`);
}

/** A content id: `prefix` and the first `length` hex digits of the sha256 of `value`'s canonical JSON. */
export function contentId(prefix: string, value: unknown, length = 12): string {
  return `${prefix}${sha256(canonicalJson(value)).slice(0, length)}`;
}
