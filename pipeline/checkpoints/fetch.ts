import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Loaded } from '../records/types.ts';
import type { BaseModel } from '../schemas/index.ts';
import { notRegularWords, readRegularFile } from './regular-file.ts';
import { sha256 } from '../hash/index.ts';

export const BASE_MODELS_ARTIFACTS = 'artifacts/base-models';

export class FetchError extends Error {
  constructor(
    readonly record: string,
    message: string,
  ) {
    super(`${record}: ${message}`);
    this.name = 'FetchError';
  }
}

/** The sha256 of what is at `file` if it is a regular file (a symlink left there is not kept: it is replaced). */
async function sha256OfFile(file: string): Promise<string | undefined> {
  const got = await readRegularFile(file).catch(() => undefined);
  return got?.kind === 'file' ? sha256(got.bytes) : undefined;
}

/** The bytes of `name` from the record's source. */
async function fromSource(root: string, source: BaseModel['source'], name: string, record: string): Promise<Buffer> {
  if ('path' in source) {
    const file = path.resolve(root, source.path, name);
    const got = await readRegularFile(file).catch((e: Error) => {
      throw new FetchError(record, `${name} in ${path.resolve(root, source.path)} (source.path) cannot be read (${e.message})`);
    });
    if (got.kind === 'missing') throw new FetchError(record, `${name} is not in ${path.resolve(root, source.path)} (source.path); put the model's files there, or correct the path`);
    if (got.kind !== 'file') {
      throw new FetchError(
        record,
        `${name} in ${path.resolve(root, source.path)} (source.path) is ${notRegularWords(got.kind)}; fetch-base takes only regular files, so put the file itself there (e.g. cp -L)`,
      );
    }
    return got.bytes;
  }
  const url = new URL(name, source.url.endsWith('/') ? source.url : `${source.url}/`);
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (e) {
    throw new FetchError(record, `could not reach ${url.origin} to fetch ${name} (${(e as Error).message}); check the runner's network, or fetch the files by hand into a folder and use source.path`);
  }
  if (!response.ok) throw new FetchError(record, `${url} answered ${response.status} for ${name}; check source.url (and that it pins a revision that still exists)`);
  return Buffer.from(await response.arrayBuffer());
}

export interface FetchResult {
  dir: string;
  /** Files downloaded or copied now. */
  fetched: string[];
  /** Files already there with the right sha256. */
  kept: string[];
}

/** Fetch the base model `id` of the co-op at `root` into artifacts/base-models/<id>/, checking every sha256. */
export async function fetchBaseModel(root: string, id: string, rec: Loaded<BaseModel>, log: (line: string) => void = () => {}): Promise<FetchResult> {
  const dir = path.join(root, BASE_MODELS_ARTIFACTS, id);
  await mkdir(dir, { recursive: true });
  const result: FetchResult = { dir, fetched: [], kept: [] };
  for (const f of rec.value.files) {
    const target = path.join(dir, f.path);
    if ((await sha256OfFile(target)) === f.sha256) {
      result.kept.push(f.path);
      continue;
    }
    log(`  ${id}: fetching ${f.path}${f.bytes ? ` (${(f.bytes / 1e6).toFixed(1)} MB)` : ''}`);
    const bytes = await fromSource(root, rec.value.source, f.path, rec.file);
    const got = sha256(bytes);
    if (got !== f.sha256) {
      throw new FetchError(rec.file, `${f.path} from the source has sha256 ${got}, not the ${f.sha256} the record pins; the source changed or is not the model the board adopted: nothing was kept`);
    }
    const tmp = `${target}.tmp-${process.pid}`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, target);
    } finally {
      await rm(tmp, { force: true });
    }
    result.fetched.push(f.path);
  }
  return result;
}
