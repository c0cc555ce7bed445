/**
 * Reading safetensors (https://huggingface.co/docs/safetensors): an 8-byte
 * little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the raw little-endian data. The header is
 * checked before any tensor is read (ranges inside the file, sizes matching
 * shapes, no overlaps), and every tensor comes out as float32, whatever its
 * stored precision (F32, F16 or BF16, as small open models ship).
 */

/** A checkpoint file that cannot be used, with what is wrong and what to do. */
export class CheckpointError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly hint: string,
  ) {
    super(`${file}: ${message}; ${hint}`);
    this.name = 'CheckpointError';
  }
}

export type StoredDtype = 'F32' | 'F16' | 'BF16';
const ITEM_BYTES: Record<StoredDtype, number> = { F32: 4, F16: 2, BF16: 2 };

export interface NamedTensor {
  shape: number[];
  /** The precision it was stored in; `values` is float32 either way. */
  stored: StoredDtype;
  values: Float32Array;
}

/** Largest header accepted (the format's own readers cap it at 100 MB). */
const MAX_HEADER = 100 * 1024 * 1024;
const REDOWNLOAD = 'download the checkpoint again from its source, and check the sha256 its record pins';

/** Every tensor in the safetensors file `bytes` (its path, `file`, is for messages). */
export function readSafetensors(bytes: Uint8Array, file: string): Map<string, NamedTensor> {
  if (bytes.length < 8) throw new CheckpointError(file, `is ${bytes.length} bytes long, too short to be a safetensors file`, REDOWNLOAD);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = Number(view.getBigUint64(0, true));
  if (headerBytes > MAX_HEADER || 8 + headerBytes > bytes.length) throw new CheckpointError(file, `says its header is ${headerBytes} bytes, more than the file holds`, REDOWNLOAD);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerBytes)));
  } catch (e) {
    throw new CheckpointError(file, `has a header that is not valid JSON (${(e as Error).message})`, REDOWNLOAD);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new CheckpointError(file, 'has a header that is not a JSON object', REDOWNLOAD);
  const data = bytes.subarray(8 + headerBytes);
  const entries: Array<{ name: string; stored: StoredDtype; shape: number[]; begin: number; end: number }> = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e?.dtype !== 'string' || !(e.dtype in ITEM_BYTES)) {
      throw new CheckpointError(file, `stores tensor "${name}" as ${JSON.stringify(e?.dtype)}, which is not supported`, 'Commonplace reads F32, F16 and BF16 checkpoints; convert it to one of those');
    }
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new CheckpointError(file, `gives tensor "${name}" a shape that is not a list of sizes`, REDOWNLOAD);
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((n) => Number.isSafeInteger(n) && n >= 0) || offsets[0] > offsets[1] || offsets[1] > data.length) {
      throw new CheckpointError(file, `gives tensor "${name}" a byte range outside the file`, REDOWNLOAD);
    }
    const stored = e.dtype as StoredDtype;
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (offsets[1] - offsets[0] !== count * ITEM_BYTES[stored]) {
      throw new CheckpointError(file, `gives tensor "${name}" ${offsets[1] - offsets[0]} bytes for ${count} ${stored} values`, REDOWNLOAD);
    }
    entries.push({ name, stored, shape: shape as number[], begin: offsets[0], end: offsets[1] });
  }
  entries.sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.begin < entries[i - 1]!.end) throw new CheckpointError(file, `stores tensors "${entries[i - 1]!.name}" and "${entries[i]!.name}" in overlapping bytes`, REDOWNLOAD);
  }
  const out = new Map<string, NamedTensor>();
  for (const e of entries) out.set(e.name, { shape: e.shape, stored: e.stored, values: decode(data.subarray(e.begin, e.end), e.stored) });
  return out;
}

/** Little-endian stored values as float32. */
function decode(raw: Uint8Array, stored: StoredDtype): Float32Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = raw.length / ITEM_BYTES[stored];
  const out = new Float32Array(n);
  if (stored === 'F32') for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  else if (stored === 'BF16') {
    // bfloat16 is the top half of a float32.
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = view.getUint16(i * 2, true) << 16;
  } else for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  return out;
}

/** IEEE 754 half precision to a number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** A safetensors file of float32 tensors (names sorted), with string metadata. */
export function writeSafetensors(tensors: ReadonlyMap<string, { shape: number[]; values: Float32Array }>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  const names = [...tensors.keys()].sort();
  for (const name of names) {
    const t = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.values.length * 4] };
    offset += t.values.length * 4;
  }
  header.__metadata__ = metadata;
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const name of names) {
    for (const x of tensors.get(name)!.values) {
      view.setFloat32(at, x, true);
      at += 4;
    }
  }
  return out;
}
