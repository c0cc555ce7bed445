import { describe, expect, it } from 'vitest';
import { renderSafeMarkdown } from './markdown.ts';

/** Attacks that would run or redirect if they reached the page as written. */
const ATTACKS = [
  '<script>alert(1)</script>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<iframe src="https://evil.example/"></iframe>',
  'Inline <img src="x" onerror="alert(1)"> and <a href="#" onclick="alert(1)">a</a>.',
  '<svg onload="alert(1)"></svg>',
  '[plain](javascript:alert(1))',
  '[mixed case](JaVaScRiPt:alert(1))',
  '[a tab inside](<java\tscript:alert(1)>)',
  '[entity-encoded](&#106;avascript:alert(1))',
  '[newline entity first](&#10;javascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vbscript](vbscript:msgbox(1))',
  '![image](javascript:alert(1))',
  '<javascript:alert(1)>',
  '[ref]\n\n[ref]: javascript:alert(1)',
].join('\n\n');

describe('the site’s Markdown renderer', () => {
  it('lets no raw HTML element, event handler or script link through', async () => {
    const html = await renderSafeMarkdown(ATTACKS);
    expect(html).not.toMatch(/<(script|meta|iframe|svg|object|embed)[\s>]/i);
    // Only the Markdown image is left, without its address; the raw <img> is gone.
    expect([...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0])).toEqual(['<img alt="image">']);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const hrefs = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([]);
    // The links' text is kept, so a reader sees what was written.
    expect(html).toContain('mixed case');
    expect(html).toContain('entity-encoded');
  });

  it('keeps Markdown, http(s), mailto and in-site links, and shifts headings under the page’s h1', async () => {
    const html = await renderSafeMarkdown(
      '# Charter\n\nWe **grow** [together](https://example.org/a?b=1&c=2), [write](mailto:board@example.org), see [the board](/governance/) or [votes](#votes).\n\n| a | b |\n| - | - |\n| 1 | 2 |\n',
    );
    expect(html).toContain('<h2 id="charter">Charter</h2>');
    expect(html).toContain('<strong>grow</strong>');
    expect(html).toContain('href="https://example.org/a?b=1&#x26;c=2"');
    expect(html).toContain('href="mailto:board@example.org"');
    expect(html).toContain('href="/governance/"');
    expect(html).toContain('href="#votes"');
    expect(html).toContain('<table>');
  });

  it('escapes markup-like characters in text', async () => {
    const html = await renderSafeMarkdown('Use `<script>` and 3 < 4 & "jam" > tea.\n');
    expect(html).toContain('<code>&#x3C;script></code>');
    expect(html).not.toContain('<script>');
  });
});
