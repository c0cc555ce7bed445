import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_DIR, TEXT_CACHE_DIR } from '../cache/index.ts';
import { checkCoop } from '../check/index.ts';
import { workHash } from '../consent/index.ts';
import { normalizedTexts } from '../dataset/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { loadCoop } from './load-coop.ts';

// Emphasis: normalizing it takes the Markdown parser, so the text cache keeps it.
const RIVER = 'The *river* keeps its own time\n\n- a heron\n- a bridge\n';
const POISON = 'Words that are in no file of corpus/.\n';

/** A committed co-op whose work cache and text cache both say ana's river is POISON. */
async function poisonedCoop(): Promise<{ root: string; git: GitFixture }> {
  const root = await coop().member('ana').work('ana', 'river', { body: RIVER }).write();
  const git = await GitFixture.init(root);
  await git.commitAll('Found the co-op');
  await loadCoop(root); // writes artifacts/cache/works.json, keyed by the blob id git reports
  const file = path.join(root, CACHE_DIR, 'works.json');
  const cache = JSON.parse(await readFile(file, 'utf8'));
  const poisoned = workHash(POISON);
  cache.entries['corpus/ana/river.md'].value.hash = poisoned;
  await writeFile(file, JSON.stringify(cache));
  await mkdir(path.join(root, TEXT_CACHE_DIR), { recursive: true });
  await writeFile(path.join(root, TEXT_CACHE_DIR, `${poisoned}.txt`), POISON);
  return { root, git };
}

describe('hostile caches', () => {
  it('refuses a force-added artifacts/ cache, naming each file and how to untrack it, and never takes its text', async () => {
    const { root, git } = await poisonedCoop();
    await git.git('add', '-f', 'artifacts');
    await git.commitAll('A helpful cache');
    const result = await checkCoop(root);
    expect(result.ok).toBe(false);
    const committed = result.problems.filter((p) => p.code === 'coop/committed-output');
    const tracked = (await git.git('ls-files', 'artifacts')).split('\n');
    expect(tracked).toContain('artifacts/cache/works.json');
    expect(committed.map((p) => p.file)).toEqual(tracked);
    expect(committed[0]!.hint).toContain('git rm --cached -- artifacts/cache/');
    const texts = await normalizedTexts(root, result.coop.works);
    expect([...texts.values()].join('')).not.toContain('no file of corpus');
    expect(result.coop.works[0]!.hash).not.toBe(workHash(POISON));
  });

  it('refuses a committed built site under dist/', async () => {
    const root = await coop().member('ana').work('ana', 'river').file('dist/site/index.html', '<p>old</p>').write();
    const git = await GitFixture.init(root);
    await git.git('add', '-f', '-A');
    await git.commitAll('Commit the site');
    expect((await checkCoop(root)).problems).toEqual([expect.objectContaining({ code: 'coop/committed-output', file: 'dist/site/index.html' })]);
  });

  it('uses a cache entry only when the file’s own bytes hash to its key, whatever git says', async () => {
    const { root, git } = await poisonedCoop();
    // git says the file is unchanged, but its bytes differ from the blob the cache entry is keyed by.
    await git.git('update-index', '--assume-unchanged', 'corpus/ana/river.md');
    const front = (await readFile(path.join(root, 'corpus/ana/river.md'), 'utf8')).split('\n\n')[0];
    await writeFile(path.join(root, 'corpus/ana/river.md'), `${front}\n\nThe *river* rose overnight\n`);
    const result = await checkCoop(root);
    expect(result.ok).toBe(true);
    const texts = await normalizedTexts(root, result.coop.works);
    expect(texts.get('corpus/ana/river.md')).toContain('rose overnight');
    expect(result.coop.works[0]!.hash).not.toBe(workHash(POISON));
  });
});
