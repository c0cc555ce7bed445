/**
 * Hostile text in records, as a contributor (or a careless steward) might write it: raw HTML
 * and disguised script links in the board's Markdown, MDX anywhere, `javascript:` in coop.yaml,
 * names and titles with bidi controls or invisible characters, and a public name that looks
 * like another writer's. Each is refused by `check` with the file and the line or field named.
 */
import { describe, expect, it } from 'vitest';
import { checkCoop } from './index.ts';
import { classifyChange } from '../quorum/classify.ts';
import { coop, type CoopBuilder } from '../testing/coop-builder.ts';

/** Problems of a co-op for one file, as [code, line] pairs (rules about adoption left out: a test that rewrites a governed file is not about them). */
async function problemsIn(builder: CoopBuilder, file: string) {
  const { problems } = await checkCoop(await builder.write());
  return problems.filter((p) => p.file === file && !p.code.startsWith('adoption/'));
}

/** Script links in every disguise a browser would still run, one per paragraph (lines 1, 3, 5 … of the body). */
const SCRIPT_LINKS = [
  '[plain](javascript:alert(1))',
  '[mixed case](JaVaScRiPt:alert(1))',
  '[a tab inside](<java\tscript:alert(1)>)',
  '[entity-encoded](&#106;avascript:alert(1))',
  '[leading space and newline entity](&#10;javascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vbscript](vbscript:msgbox(1))',
  '![an image](javascript:alert(1))',
  '<javascript:alert(1)>',
  '[ref]\n\n[ref]: javascript:alert(1)',
];
/** Links that must keep working. */
const GOOD_LINKS = '[the web](https://example.org/a?b=c#d) [mail](mailto:board@example.org) [a page of the site](/governance/) [an anchor](#votes)';

describe('hostile Markdown in the board’s records', () => {
  it('refuses raw HTML in a decision (script, meta refresh, iframe, event handlers), each with its line', async () => {
    const body = [
      'We agreed.',
      '',
      '<script>alert(1)</script>',
      '',
      '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
      '',
      '<iframe src="https://evil.example/"></iframe>',
      '',
      'A picture <img src="x" onerror="alert(1)"> inline.',
      '',
    ].join('\n');
    const problems = await problemsIn(coop().decision('0002-hostile', {}, body), 'governance/decisions/0002-hostile.md');
    // The builder's front matter is 13 lines and a blank one: the body starts on line 15.
    expect(problems.map((p) => [p.code, p.line, p.message])).toEqual([
      ['markdown/html', 17, "HTML <script> is not allowed in the co-op's Markdown"],
      ['markdown/html', 19, "HTML <meta> is not allowed in the co-op's Markdown"],
      ['markdown/html', 21, "HTML <iframe> is not allowed in the co-op's Markdown"],
      ['markdown/html', 23, "HTML <img> is not allowed in the co-op's Markdown"],
    ]);
    expect(problems[0]!.hint).toContain('backticks');
  });

  it('refuses every disguise of a script link in the charter, a page and an agreement text, and keeps http(s), mailto and in-site links', async () => {
    const body = `${[GOOD_LINKS, ...SCRIPT_LINKS].join('\n\n')}\n`;
    const charter = `---\ntitle: Charter\nmetaphor: garden\ncontributors: a\nusers: b\nstewards: c\nmore: d\n---\n\n${body}`;
    const page = `---\ntitle: About\n---\n\n${body}`;
    const builder = coop().file('governance/charter.md', charter).file('governance/pages/about.md', page).file('governance/agreement-texts/1.0.md', body);
    const { problems } = await checkCoop(await builder.write());
    for (const [file, bodyLine] of [
      ['governance/charter.md', 10],
      ['governance/pages/about.md', 5],
      ['governance/agreement-texts/1.0.md', 1],
    ] as const) {
      const found = problems.filter((p) => p.file === file && p.code === 'markdown/script-url');
      // Good links on the body's line 1; each disguise on its own paragraph after it (the reference's definition two lines below its use).
      expect(
        found.map((p) => p.line! - bodyLine + 1),
        file,
      ).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19, 23]);
      expect(found[0]!.message, file).not.toContain('alert');
    }
  });

  it('refuses a tab-disguised javascript: link in a work, which a pattern over the raw text would miss', async () => {
    const problems = await problemsIn(coop().member('ana').work('ana', 'river', { body: 'A line.\n\n[click](<java\tscript:alert(1)>)\n' }), 'corpus/ana/river.md');
    expect(problems.map((p) => p.code)).toEqual(['work/script-url']);
  });
});

describe('hostile links in coop.yaml', () => {
  const coopYaml = (extra: string) => `schemaVersion: 1\nname: Test Co-op\ndescription: A co-op.\ndemo: false\nvisibility: private\n${extra}`;

  it('refuses a javascript: repository or site address, naming the field and its line', async () => {
    const problems = await problemsIn(coop().file('governance/coop.yaml', coopYaml('repository: "javascript:alert(1)"\nsiteUrl: "JaVaScRiPt:alert(1)"\n')), 'governance/coop.yaml');
    expect(problems.map((p) => [p.code, p.pointer, p.line])).toEqual([
      ['schema/pattern', '/repository', 6],
      ['schema/pattern', '/siteUrl', 7],
    ]);
  });

  it('refuses a contact that parses as a link of another scheme, however disguised, and keeps words, e-mail and https', async () => {
    for (const contact of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\\tscript:alert(1)', 'data:text/html,hi', 'vbscript:msgbox(1)']) {
      const problems = await problemsIn(coop().file('governance/coop.yaml', coopYaml(`contact: "${contact}"\n`)), 'governance/coop.yaml');
      expect(
        problems.map((p) => [p.code, p.pointer, p.line]),
        contact,
      ).toEqual([['coop/unsafe-link', '/contact', 6]]);
    }
    for (const contact of ['ask at the Thursday meeting', 'board@example.org', 'https://example.org/contact', 'mailto:board@example.org']) {
      expect(await problemsIn(coop().file('governance/coop.yaml', coopYaml(`contact: "${contact}"\n`)), 'governance/coop.yaml'), contact).toEqual([]);
    }
  });
});

describe('MDX anywhere in a co-op', () => {
  it('is refused by check as code, as a page, a decision or a work', async () => {
    const mdx = '---\ntitle: About\n---\n\nexport const x = 1\n\n{process.exit(1)}\n';
    const builder = coop().member('ana').file('governance/pages/about.mdx', mdx).file('governance/decisions/0002-x.mdx', mdx).file('corpus/ana/poem.mdx', mdx);
    const { problems } = await checkCoop(await builder.write());
    const mdxProblems = problems.filter((p) => p.code === 'file/mdx');
    expect(mdxProblems.map((p) => p.file)).toEqual(['corpus/ana/poem.mdx', 'governance/decisions/0002-x.mdx', 'governance/pages/about.mdx']);
    expect(mdxProblems[0]!.hint).toContain('rename it to .md');
  });

  it('is a code change to the quorum count, wherever it is', () => {
    expect(classifyChange([{ path: 'governance/pages/about.mdx', status: 'added' }])).toEqual(['code']);
    expect(classifyChange([{ path: 'corpus/ana/poem.MDX', status: 'added' }])).toEqual(['code']);
    expect(classifyChange([{ path: 'governance/pages/about.md', status: 'renamed', previousPath: 'governance/pages/about.mdx' }])).toEqual(['policy', 'code']);
    expect(classifyChange([{ path: 'governance/pages/about.md', status: 'added' }])).toEqual(['policy']);
  });
});

describe('names and titles that could deceive', () => {
  it('refuses bidi controls and invisible characters in titles, names and signatures, naming the file, field and line', async () => {
    const builder = coop()
      .member('ana', { publicName: { display: 'name', name: 'Ana\u2066 Okafor' }, signature: 'Ana\uFEFF Okafor' })
      .work('ana', 'river', { title: 'River \u202Egnp.exe' })
      .decision('0002-rename', { title: 'Agreed\u200B' })
      .useCase('tea', { title: 'Tea\u00ADtime', decision: '0001' })
      .file('governance/pages/about.md', '---\ntitle: "About \u200F us"\n---\n\nHello.\n');
    const { problems } = await checkCoop(await builder.write());
    const found = problems.filter((p) => p.code === 'name/deceptive-character').map((p) => [p.file, p.pointer, p.message]);
    expect(found).toEqual([
      ['corpus/ana/river.md', '/title', '"title" holds a bidi control (U+202E right-to-left override) at character 7'],
      ['governance/agreements/ana.yaml', '/publicName/name', '"publicName.name" holds a bidi control (U+2066 left-to-right isolate) at character 4'],
      ['governance/agreements/ana.yaml', '/signature', '"signature" holds an invisible character (U+FEFF zero width no-break space (byte order mark)) at character 4'],
      ['governance/decisions/0002-rename.md', '/title', '"title" holds an invisible character (U+200B zero width space) at character 7'],
      ['governance/pages/about.md', '/title', '"title" holds a bidi control (U+200F right-to-left mark) at character 7'],
      ['governance/use-cases/tea.yaml', '/title', '"title" holds an invisible character (U+00AD soft hyphen) at character 4'],
    ]);
    expect(problems.filter((p) => p.code === 'name/deceptive-character').every((p) => typeof p.line === 'number')).toBe(true);
  });

  it('refuses an invisible character in a GitHub account (the schema allows ASCII only)', async () => {
    const problems = await problemsIn(coop().member('ana', { github: 'ana\u200Bokafor' }), 'governance/agreements/ana.yaml');
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([['schema/pattern', '/github']]);
  });

  it('flags a new writer whose public name is an earlier writer’s with a Cyrillic look-alike letter', async () => {
    const builder = coop()
      .member('ana', { publicName: { display: 'name', name: 'Ana Okafor' }, signed: '2026-02-01' })
      // U+0410 is CYRILLIC CAPITAL LETTER A, U+0430 CYRILLIC SMALL LETTER A.
      .member('eve', { publicName: { display: 'pen-name', name: '\u0410na Ok\u0430for' }, signed: '2026-03-01' })
      .member('sam', { publicName: { display: 'name', name: 'Ana Okafor-Smith' }, signed: '2026-03-02' });
    const { problems } = await checkCoop(await builder.write());
    const found = problems.filter((p) => p.code === 'name/look-alike');
    expect(found.map((p) => [p.file, p.pointer, p.line])).toEqual([['governance/agreements/eve.yaml', '/publicName/name', 4]]);
    expect(found[0]!.message).toContain("ana's (governance/agreements/ana.yaml)");
    expect(found[0]!.message).not.toContain('Okafor');
    expect(found[0]!.hint).toContain('allowsLookAlikeNames: [eve]');
  });

  it('lets an accepted decision allow a look-alike name, and not a proposed one', async () => {
    const lookAlike = (status: 'accepted' | 'proposed') =>
      coop()
        .member('ana', { publicName: { display: 'name', name: 'Sam Lee' }, signed: '2026-02-01' })
        .member('sam-lee', { publicName: { display: 'name', name: 'Sam Lee' }, signed: '2026-02-03' })
        .decision('0002-two-sam-lees', { title: 'Two writers are called Sam Lee', status, affects: ['member:sam-lee'], allowsLookAlikeNames: ['sam-lee'] });
    const codes = async (status: 'accepted' | 'proposed') => (await checkCoop(await lookAlike(status).write())).problems.map((p) => p.code);
    expect(await codes('proposed')).toContain('name/look-alike');
    expect(await codes('accepted')).not.toContain('name/look-alike');
  });
});
