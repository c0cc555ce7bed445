import { describe, expect, it } from 'vitest';
import { checkCoop } from '../check/index.ts';
import { planForm } from '../forms/plan.ts';
import { coop } from '../testing/coop-builder.ts';
import { markdownTooDeep, MAX_BLOCK_DEPTH, MAX_BRACKET_DEPTH, MAX_EMPHASIS_DEPTH, MAX_YAML_DEPTH } from '../text/index.ts';

// Each of these made `check` take minutes or die with a stack overflow (exit 3, no file named) before depth was measured.
const FRONT = '---\ntitle: Deep\ncontributor: ana\nlanguage: en\nform: poem\nscopes: [train-shared]\n---\n\n';
const BODY_LINE = FRONT.split('\n').length; // the body starts on this file line

const HOSTILE: Record<string, string> = {
  'quotes inside quotes': `${'>'.repeat(5000)} x\n`,
  'lists inside lists': `${'- '.repeat(5000)}x\n`,
  'emphasis with underscores': `${'_'.repeat(20_000)}a${'_'.repeat(20_000)}\n`,
  'emphasis with stars beside a bracket': `${'*'.repeat(50_000)}a]${'*'.repeat(50_000)}\n`,
  'nested emphasis openers': `${'*a '.repeat(5000)}b${' a*'.repeat(5000)}\n`,
  'images inside links': `${'[!'.repeat(5000)}x${'](https://example.org)'.repeat(5000)}\n`,
};

describe('Markdown nested past every parser', () => {
  for (const [name, body] of Object.entries(HOSTILE)) {
    it(`refuses ${name} in a work, naming the file and line`, async () => {
      const root = await coop().member('ana').work('ana', 'fine').file('corpus/ana/deep.md', `${FRONT}intro line\n\n${body}`).write();
      const result = await checkCoop(root);
      expect(result.ok).toBe(false);
      const problems = result.problems.filter((p) => p.file === 'corpus/ana/deep.md');
      expect(problems).toEqual([expect.objectContaining({ code: 'work/too-deep', severity: 'error', line: expect.any(Number), hint: expect.any(String) })]);
      // The hostile text starts two lines into the body; for one-line texts that is the line named.
      expect(problems[0]!.line).toBeGreaterThanOrEqual(BODY_LINE + 2);
      if (!body.trimEnd().includes('\n')) expect(problems[0]!.line).toBe(BODY_LINE + 2);
      expect(problems[0]!.message).not.toContain(body.slice(0, 20));
      expect(result.coop.works.map((w) => w.slug)).toEqual(['fine']);
    });
  }

  it("refuses a deep body in the board's Markdown (a decision) as a record problem", async () => {
    const root = await coop().member('ana').decision('0002-deep', {}, `## Decision\n\n${HOSTILE['quotes inside quotes']}`).write();
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([expect.objectContaining({ file: 'governance/decisions/0002-deep.md', code: 'markdown/too-deep' })]);
  });

  it('refuses a deep text pasted into a donation form, by field and line, without quoting it', async () => {
    const root = await coop().member('ana').write();
    const { coop: loaded } = await checkCoop(root);
    const text = `A first line.\n\n${HOSTILE['emphasis with underscores']}`;
    const fields = { handle: 'ana', title: 'Deep', form: 'poem', language: 'en', scopes: ['I agree (train-shared)'], text };
    const plan = planForm('donation', fields, { coop: loaded, issue: 7, author: 'ana', today: '2026-02-01' });
    expect(plan.ok).toBe(false);
    const problem = !plan.ok ? plan.problems.find((p) => p.message.includes('line 3 of the text')) : undefined;
    expect(problem?.message).toContain('nested');
    expect(problem?.message).not.toContain('___');
  });

  it('refuses YAML nested past its limit in a record, before the YAML parser sees it', async () => {
    const deep = `title: Deep\nlinks: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const root = await coop().member('ana').file('governance/use-cases/deep.yaml', deep).write();
    const { problems } = await checkCoop(root);
    expect(problems).toEqual([expect.objectContaining({ file: 'governance/use-cases/deep.yaml', code: 'yaml/too-deep', line: 2 })]);
  });

  it('refuses deep YAML in front matter, naming the file line', async () => {
    const front = `---\ntitle: Deep\ntags:\n${Array.from({ length: MAX_YAML_DEPTH + 5 }, (_, i) => `${' '.repeat(i)}- `).join('\n')}x\n---\n\ntext\n`;
    const root = await coop().member('ana').file('corpus/ana/deep.md', front).write();
    const problems = (await checkCoop(root)).problems.filter((p) => p.file === 'corpus/ana/deep.md');
    expect(problems).toEqual([expect.objectContaining({ code: 'yaml/too-deep' })]);
    // Line 1 is the front matter's "---"; the limit is passed on a line of the nested list.
    expect(problems[0]!.line).toBeGreaterThan(3);
    expect(problems[0]!.line).toBeLessThan(front.split('\n').length);
  });

  it('accepts ordinary writing: indented lines, scene breaks, snake_case, signature lines, a few nested quotes', async () => {
    const poem = [
      'The first line',
      '    an indented line',
      '        more indented still',
      '',
      '* * *',
      '',
      'snake_case_name and __init__ and *one word* and _another_, **strong**',
      '',
      'Signed: ____________________',
      '',
      '**********',
      '',
      '> a quotation',
      '> > inside another',
      '',
      '- a list',
      '  - inside it',
      '    - and again',
      '',
      '[a link](https://example.org) and ![an image](https://example.org/i.png)',
    ].join('\n');
    expect(markdownTooDeep(poem)).toBeUndefined();
    const root = await coop()
      .member('ana')
      .work('ana', 'ordinary', { body: `${poem}\n` })
      .write();
    expect((await checkCoop(root)).problems).toEqual([]);
  });

  it('lets text nest right up to each limit and refuses one past it', () => {
    const quotes = (n: number) => `${'>'.repeat(n)} x`;
    const stars = (n: number) => `${'*'.repeat(n)}a${'*'.repeat(n)}`;
    const brackets = (n: number) => `${'['.repeat(n)}x${']'.repeat(n)}`;
    const indented = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- x`).join('\n');
    expect(markdownTooDeep(indented(MAX_BLOCK_DEPTH))).toBeUndefined();
    expect(markdownTooDeep(indented(MAX_BLOCK_DEPTH + 1))).toMatchObject({ kind: 'blocks', line: MAX_BLOCK_DEPTH + 1 });
    expect(markdownTooDeep(quotes(MAX_BLOCK_DEPTH))).toBeUndefined();
    expect(markdownTooDeep(quotes(MAX_BLOCK_DEPTH + 1))).toMatchObject({ kind: 'blocks', line: 1 });
    expect(markdownTooDeep(stars(MAX_EMPHASIS_DEPTH))).toBeUndefined();
    expect(markdownTooDeep(stars(MAX_EMPHASIS_DEPTH + 1))).toMatchObject({ kind: 'emphasis' });
    expect(markdownTooDeep(brackets(MAX_BRACKET_DEPTH))).toBeUndefined();
    expect(markdownTooDeep(brackets(MAX_BRACKET_DEPTH + 1))).toMatchObject({ kind: 'brackets' });
    // A backslash keeps a marker as text; a blank line ends what a paragraph opened.
    expect(markdownTooDeep(`\\${'['.repeat(MAX_BRACKET_DEPTH)}`)).toBeUndefined();
    expect(markdownTooDeep(`${'['.repeat(MAX_BRACKET_DEPTH)}\n\n${'['.repeat(MAX_BRACKET_DEPTH)}`)).toBeUndefined();
  });
});
