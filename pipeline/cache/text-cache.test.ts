import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workHash } from '../consent/index.ts';
import { normalizedText, normalizedTexts } from '../dataset/index.ts';
import { loadCoop } from '../records/load-coop.ts';
import { coop } from '../testing/coop-builder.ts';
import { cachedText, TEXT_CACHE_DIR } from './text-cache.ts';

// Emphasis, a list and an escape: normalizing this takes the Markdown parser, so check keeps the result.
const MARKDOWN = 'The *kettle* sings\n\n- one cup for the guest\n- one for the rain\\*\n';
const PLAIN = 'A plain stanza\nwith nothing to parse.\n';

async function cached(root: string): Promise<string[]> {
  return (await readdir(path.join(root, TEXT_CACHE_DIR)).catch(() => [] as string[])).sort();
}

describe('the text cache', () => {
  it('keeps the normalized text of works that needed Markdown parsing, by fingerprint, and gives the same texts as normalizing afresh', async () => {
    const root = await coop().member('ana').work('ana', 'kettle', { body: MARKDOWN }).work('ana', 'plain', { body: PLAIN }).write();
    const { coop: loaded } = await loadCoop(root);
    const kettle = loaded.works.find((w) => w.slug === 'kettle')!;
    expect(await cached(root)).toEqual([`${kettle.hash}.txt`]);
    const fresh = new Map(await Promise.all(loaded.works.map(async (w) => [w.file, await normalizedText(w)] as const)));
    expect(await normalizedTexts(root, loaded.works)).toEqual(fresh);
    expect(await cachedText(root, kettle.hash)).toBe(fresh.get(kettle.file));
  });

  it('never uses an entry whose text does not match its fingerprint', async () => {
    const root = await coop().member('ana').work('ana', 'kettle', { body: MARKDOWN }).write();
    const { coop: loaded } = await loadCoop(root);
    const kettle = loaded.works[0]!;
    const right = await normalizedText(kettle);
    const entry = path.join(root, TEXT_CACHE_DIR, `${kettle.hash}.txt`);
    await writeFile(entry, 'Somebody else’s words.\n');
    expect(await cachedText(root, kettle.hash)).toBeUndefined();
    expect((await normalizedTexts(root, [kettle])).get(kettle.file)).toBe(right);
    expect(workHash(await readFile(entry, 'utf8'))).toBe(kettle.hash);
  });

  it('drops a work’s text at the next load once the work has left corpus/ (a withdrawal)', async () => {
    const root = await coop().member('ana').work('ana', 'kettle', { body: MARKDOWN }).work('ana', 'stays', { body: 'The *teapot* rests\n\n- a lid\n- a spout\n' }).write();
    const { coop: before } = await loadCoop(root);
    expect(await cached(root)).toHaveLength(2);
    const gone = before.works.find((w) => w.slug === 'kettle')!;
    await rm(path.join(root, gone.file));
    const { coop: after } = await loadCoop(root);
    expect(await cached(root)).toEqual([`${after.works[0]!.hash}.txt`]);
    for (const name of await cached(root)) expect(await readFile(path.join(root, TEXT_CACHE_DIR, name), 'utf8')).not.toContain('kettle');
  });
});
