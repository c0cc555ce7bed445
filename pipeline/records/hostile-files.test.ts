import { symlink, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCoop } from '../check/index.ts';
import { coop } from '../testing/coop-builder.ts';

const GOOD_FRONT = '---\ntitle: River\ncontributor: ana\nlanguage: en\nform: poem\nscopes: [train-shared]\n---\n\n';

/** Check a co-op of one writer plus the given hostile file; return its problems for that file. */
async function problemsFor(rel: string, content: string | Buffer) {
  const root = await coop().member('ana').work('ana', 'fine').file(rel, content).write();
  const result = await checkCoop(root);
  return { result, problems: result.problems.filter((p) => p.file === rel) };
}

describe('hostile files', () => {
  it('refuses a symlinked work and never reads through it', async () => {
    const root = await coop().member('ana').work('ana', 'fine').write();
    await symlink('/etc/passwd', path.join(root, 'corpus/ana/passwd.md'));
    const result = await checkCoop(root);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ file: 'corpus/ana/passwd.md', code: 'file/symlink' })]);
    expect(result.coop.works.map((w) => w.slug)).toEqual(['fine']);
  });

  it('refuses a symlinked contributor folder', async () => {
    const root = await coop().member('ana').work('ana', 'fine').write();
    await mkdir(path.join(root, 'elsewhere'));
    await symlink(path.join(root, 'elsewhere'), path.join(root, 'corpus/eve'));
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([expect.objectContaining({ file: 'corpus/eve', code: 'file/symlink' })]);
  });

  it('refuses files of other types in a contributor folder', async () => {
    const { problems } = await problemsFor('corpus/ana/photo.jpg', 'not really a jpeg');
    expect(problems).toEqual([expect.objectContaining({ code: 'file/unexpected', hint: expect.stringContaining('.md or .txt') })]);
  });

  it('refuses binary files, naming the NUL byte', async () => {
    const { problems } = await problemsFor('corpus/ana/bin.md', Buffer.from([0x2d, 0x2d, 0x00, 0x01]));
    expect(problems).toEqual([expect.objectContaining({ code: 'file/binary', message: expect.stringContaining('offset 2') })]);
  });

  it('refuses invalid UTF-8 and names the line', async () => {
    const bytes = Buffer.concat([Buffer.from(`${GOOD_FRONT}line one\n`), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    const { problems } = await problemsFor('corpus/ana/latin1.md', bytes);
    expect(problems).toEqual([expect.objectContaining({ code: 'file/not-utf8', line: 10 })]);
  });

  it('refuses files over the size limit without reading them', async () => {
    const { problems } = await problemsFor('corpus/ana/huge.md', `${GOOD_FRONT}${'a'.repeat(600 * 1024)}`);
    expect(problems).toEqual([expect.objectContaining({ code: 'file/too-large', message: expect.stringContaining('over the 512 KiB limit') })]);
  });

  it('refuses unsafe file names, including dot-dot and upper case', async () => {
    for (const name of ['..md', 'River.md', 'a--b.md', 'x y.md']) {
      const { problems } = await problemsFor(`corpus/ana/${name}`, `${GOOD_FRONT}text\n`);
      expect(
        problems.map((p) => p.code),
        name,
      ).toEqual(['work/bad-slug']);
    }
  });

  it('refuses a contributor folder whose name is not a handle', async () => {
    const root = await coop().file('corpus/Ana Smith/river.md', `${GOOD_FRONT}text\n`).write();
    expect((await checkCoop(root)).problems).toEqual([expect.objectContaining({ file: 'corpus/Ana Smith', code: 'work/bad-handle-folder' })]);
  });

  it('refuses YAML aliases (billion laughs) before expanding anything', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]'].join('\n');
    const { problems } = await problemsFor('corpus/ana/bomb.md', `---\n${bomb}\n---\n\ntext\n`);
    expect(problems.map((p) => p.code)).toContain('yaml/alias');
    expect(problems.find((p) => p.code === 'yaml/alias')?.line).toBe(3);
  });

  it('refuses duplicate keys, naming the line of the second one', async () => {
    const { problems } = await problemsFor('corpus/ana/dup.md', `${GOOD_FRONT.replace('language: en\n', 'language: en\nlanguage: fr\n')}text\n`);
    expect(problems).toEqual([expect.objectContaining({ code: 'yaml/duplicate-key', line: 5 })]);
  });

  it('refuses front matter engines other than YAML', async () => {
    const { problems } = await problemsFor('corpus/ana/js.md', '---js\n{ title: require("fs") }\n---\ntext\n');
    expect(problems).toEqual([expect.objectContaining({ code: 'front-matter/missing', message: 'front matter engine "js" is not allowed' })]);
  });

  it('refuses custom YAML tags', async () => {
    const { problems } = await problemsFor('corpus/ana/tag.md', `${GOOD_FRONT.replace('title: River', 'title: !!js/function "function(){}"')}text\n`);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.code.startsWith('yaml/'))).toBe(true);
  });

  it('refuses HTML, script, JSX and MDX statements in a work, each with its line', async () => {
    const body = ['A first line', '', '<script>alert(1)</script>', '', 'import Foo from "./foo.js"', '', '<Counter start={1} />', '', 'a [link](javascript:alert(1))', ''].join('\n');
    const { problems } = await problemsFor('corpus/ana/mdx.md', `${GOOD_FRONT}${body}`);
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['work/html', 11],
      ['work/mdx', 13],
      ['work/jsx', 15],
      ['work/script-url', 17],
    ]);
  });

  it('refuses unexpected files in governance/', async () => {
    const { problems } = await problemsFor('governance/run.sh', 'rm -rf /');
    expect(problems).toEqual([expect.objectContaining({ code: 'file/unexpected' })]);
  });

  it('keeps the good works when one file is hostile, and the report blocks the run', async () => {
    const { result } = await problemsFor('corpus/ana/bin.md', Buffer.from([0]));
    expect(result.ok).toBe(false);
    expect(result.coop.works.map((w) => w.file)).toEqual(['corpus/ana/fine.md']);
  });

  it('accepts plain-text works and keeps line and stanza breaks exactly', async () => {
    const body = 'first line\nsecond line\n\nnew stanza  \n';
    const root = await coop().member('ana').work('ana', 'plain', { ext: 'txt', body }).write();
    const result = await checkCoop(root);
    expect(result.problems).toEqual([]);
    expect(await result.coop.works[0]?.readBody()).toBe(`\n${body}`);
  });
});
