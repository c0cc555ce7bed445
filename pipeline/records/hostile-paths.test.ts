import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCoop } from '../check/index.ts';
import { slugFrom } from '../forms/plan.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { MAX_PATH_LENGTH, portablePathProblems } from './portable-paths.ts';

const work = (title: string) => `---\ntitle: "${title}"\ncontributor: ana\nlanguage: en\nform: poem\nscopes: [train-shared]\n---\n\nA line.\n`;
const codes = (paths: string[]) => portablePathProblems(paths).map((p) => `${p.code} ${p.file}`);

describe('paths every writer can check out', () => {
  it('refuses Windows device names in any case, with any extension, and suggests a name that works', () => {
    expect(codes(['corpus/ana/con.md', 'notes/AUX .txt', 'site/Lpt1', 'docs/nul.tar.gz', 'x/com²'])).toEqual([
      'file/not-portable corpus/ana/con.md',
      'file/not-portable notes/AUX .txt',
      'file/not-portable site/Lpt1',
      'file/not-portable docs/nul.tar.gz',
      'file/not-portable x/com²',
    ]);
    const [con] = portablePathProblems(['corpus/ana/con.md']);
    expect(con).toMatchObject({ severity: 'error', hint: 'rename it, for example to con-1.md' });
    // Names that only start like a device are fine.
    expect(codes(['corpus/ana/console.md', 'corpus/auxiliary/x.md', 'notes/com10.txt', 'notes/nullable.md'])).toEqual([]);
  });

  it('refuses characters Windows does not allow, a trailing dot or space, and names or paths too long', () => {
    for (const name of ['a:b.md', 'why?.md', 'q"uote.md', 'pipe|.md', 'back\\slash.md', 'tab\there.md', 'dot.', 'space '])
      expect(codes([`notes/${name}`])).toEqual([`file/not-portable notes/${name}`]);
    expect(codes([`notes/${'é'.repeat(128)}.md`])).toEqual([`file/not-portable notes/${'é'.repeat(128)}.md`]); // 128 characters, 256 bytes
    const long = `notes/${'deep/'.repeat(40)}x.md`;
    expect(long.length).toBeGreaterThan(MAX_PATH_LENGTH);
    expect(portablePathProblems([long]).map((p) => p.code)).toContain('file/not-portable');
    expect(codes([`notes/${'a'.repeat(MAX_PATH_LENGTH - 'notes/'.length)}`])).toEqual([]);
  });

  it('reports two names one letter-case apart in the same folder, once per folder rather than once per file', () => {
    const problems = portablePathProblems(['Corpus/ana/a.md', 'Corpus/ana/b.md', 'corpus/ana/a.md', 'notes/Poem.md', 'notes/poem.md', 'other/poem.md']);
    expect(problems.map((p) => `${p.code} ${p.file}`)).toEqual(['file/case-collision Corpus', 'file/case-collision corpus', 'file/case-collision notes/Poem.md', 'file/case-collision notes/poem.md']);
    expect(problems[2]!.message).toContain('"notes/poem.md"');
  });

  it('reports two spellings of the same accented name (composed and decomposed), which macOS keeps as one', () => {
    const composed = 'notes/caf\u00e9.md';
    const decomposed = 'notes/cafe\u0301.md';
    expect(composed).not.toBe(decomposed);
    expect(codes([composed, decomposed])).toEqual([`file/unicode-collision ${composed}`, `file/unicode-collision ${decomposed}`].sort());
    expect(codes([composed, 'notes/cafe.md'])).toEqual([]);
  });

  it('gives a form donation titled like a device a file name every writer can check out', () => {
    expect(slugFrom('Con', new Set())).toBe('con-1');
    expect(slugFrom('NUL', new Set(['nul-1']))).toBe('nul-1-2');
    expect(slugFrom('Console', new Set())).toBe('console');
    expect(codes([`corpus/ana/${slugFrom('Aux', new Set())}.md`])).toEqual([]);
  });

  it('check refuses a work named for a Windows device, though its name is a valid slug', async () => {
    const root = await coop().member('ana').work('ana', 'fine').file('corpus/ana/aux.md', work('Aux')).write();
    const result = await checkCoop(root);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'file/not-portable', file: 'corpus/ana/aux.md' })]);
  });

  it('check judges every file git would commit, not only records, and ignores what .gitignore leaves out', async () => {
    const root = await coop().member('ana').work('ana', 'fine').file('README.md', 'The co-op.\n').file('notes/readme.md', 'x\n').file('.gitignore', 'scratch/\n').write();
    const git = await GitFixture.init(root);
    await git.commitAll('Found the co-op');
    expect((await checkCoop(root)).problems.filter((p) => p.code.startsWith('file/'))).toEqual([]);

    await writeFile(path.join(root, 'Readme.md'), 'Another.\n'); // untracked, not ignored: the next commit would take it
    await mkdir(path.join(root, 'scratch'), { recursive: true });
    await writeFile(path.join(root, 'scratch', 'con.txt'), 'ignored\n');
    const result = await checkCoop(root);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => `${p.code} ${p.file}`).sort()).toEqual(['file/case-collision README.md', 'file/case-collision Readme.md']);
  });

  it('reports a name refused for its form once, not again as unportable', async () => {
    const root = await coop().member('ana').work('ana', 'fine').file('corpus/ana/Con.md', work('Con')).write();
    const { problems } = await checkCoop(root);
    expect(problems.map((p) => `${p.code} ${p.file}`)).toEqual(['work/bad-slug corpus/ana/Con.md']);
  });
});
