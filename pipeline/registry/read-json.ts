/** Reading one registry record: JSON, validated against its schema; a missing file is `undefined`. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Static, TSchema } from '@sinclair/typebox';
import { error, type Problem } from '../problems.ts';
import { validateRecord } from '../schemas/index.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/**
 * `opts.validated`: this exact file passed validation against `schema` before (a cache says so),
 * so it is parsed and not validated again.
 */
export async function readRecord<T extends TSchema>(root: string, rel: string, schema: T, opts: { validated?: boolean } = {}): Promise<Read<Static<T>> | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(root, rel), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [error('registry/bad-json', rel, `is not valid JSON: ${(e as Error).message}`, { hint: 'restore it from git (git checkout -- registry/)' })] };
  }
  return opts.validated ? { ok: true, value: data as Static<T> } : validateRecord(schema, data, { file: rel });
}
