/**
 * Hostile Markdown against a real build of the site. `check` refuses it (first test); the
 * site's renderer must hold even for a record that got past check (the rest): every Markdown
 * body the site renders is replaced by attacks after check passed, the pages are built by
 * Astro, and no element, attribute or link that runs code reaches any page.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../project.ts';
import { coop } from '../testing/coop-builder.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const FROM_VIEW = fileURLToPath(new URL('../testing/site-from-view.ts', import.meta.url));

/** Each attack, on its own paragraph, with a visible marker word so the test can see the body was rendered. */
const ATTACKS = [
  'Marker-charter-body: the attacks follow.',
  '<script>document.title = "pwned"</script>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<iframe src="https://evil.example/"></iframe>',
  'Inline <img src="x" onerror="alert(1)"> and <a href="https://example.org" onmouseover="alert(1)">hover</a>.',
  '<svg><animate onbegin="alert(1)"/></svg>',
  '[plain](javascript:alert(1))',
  '[mixed case](JaVaScRiPt:alert(1))',
  '[a tab inside](<java\tscript:alert(1)>)',
  '[entity-encoded](&#106;avascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vbscript](vbscript:msgbox(1))',
  '![image](javascript:alert(1))',
  '<javascript:alert(1)>',
  '[ref]\n\n[ref]: javascript:alert(1)',
  '[a safe link](https://example.org/ok)',
].join('\n\n');

/** An attribute value as the browser reads it: entities decoded, tabs and newlines removed by URL parsing. */
function decodeAttribute(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#([0-9]+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&(amp|colon|tab|newline);/gi, (_, n: string) => ({ amp: '&', colon: ':', tab: '\t', newline: '\n' })[n.toLowerCase()] ?? '');
}

function linkSchemes(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|action|formaction|xlink:href)\s*=\s*"([^"]*)"/gi)].map((m) => new URL(decodeAttribute(m[1]!), 'https://site.invalid/').protocol);
}

let root: string;
let out: string;
let pages: Map<string, string>;

beforeAll(async () => {
  root = await coop()
    .member('ana')
    .work('ana', 'river')
    .decision('0002-tea', { affects: ['use-case:tea'] })
    .useCase('tea', { title: 'Tea', decision: '0002' })
    .file('governance/pages/about.md', '---\ntitle: About us\n---\n\nA page of our own.\n')
    .write();
  out = path.join(PROJECT_ROOT, 'node_modules', '.commonplace', `hostile-site-${process.pid}`);
  const bodyFile = path.join(await mkdtemp(path.join(tmpdir(), 'attacks-')), 'body.md');
  await writeFile(bodyFile, ATTACKS);
  await run(process.execPath, ['--import', 'tsx', FROM_VIEW, root, out, bodyFile], { cwd: PROJECT_ROOT, maxBuffer: 1 << 24 });
  pages = new Map();
  for (const e of await readdir(out, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.html')) pages.set(path.relative(out, path.join(e.parentPath, e.name)), await readFile(path.join(e.parentPath, e.name), 'utf8'));
  }
}, 240_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('the site’s Markdown against hostile records', () => {
  const rendered = ['governance/index.html', 'governance/decisions/0002/index.html', 'pages/about/index.html', 'agreements/1.0/index.html'];

  it('renders the charter, a decision, a page and an agreement text from the replaced bodies', () => {
    for (const name of rendered) {
      expect(pages.get(name), name).toContain('Marker-charter-body');
      expect(pages.get(name), name).toContain('href="https://example.org/ok"');
    }
  });

  it('lets no script, meta refresh, iframe or SVG through, on any page', () => {
    for (const [name, html] of pages) {
      // The site's own scripts are files (src=…); the Content-Security-Policy <meta> is the only http-equiv.
      expect(/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), `${name} has an inline script`).toBe(false);
      expect(html, name).not.toMatch(/http-equiv="refresh"/i);
      expect(html, name).not.toMatch(/<(iframe|svg|animate|object|embed)[\s>/]/i);
      expect(html, name).not.toContain('<script>document.title');
    }
  });

  it('lets no event handler attribute through, on any page', () => {
    for (const [name, html] of pages) expect(html, name).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
  });

  it('makes no link or image whose address is not http(s), mailto or in-site, however it was disguised', () => {
    for (const [name, html] of pages) {
      const bad = linkSchemes(html).filter((s) => !['http:', 'https:', 'mailto:'].includes(s));
      expect(bad, name).toEqual([]);
    }
    // The disguised links are still there as text, so a reader sees what was written.
    for (const name of rendered) expect(pages.get(name), name).toContain('mixed case');
  });

  it('shows a use case’s description as escaped text, never as markup', () => {
    // The charter on the same page drops raw HTML; only the use case's description shows the tag, escaped.
    expect(pages.get('governance/index.html')).toContain('&lt;script&gt;document.title');
  });
});

describe('the site command', () => {
  it('refuses to build a co-op whose decision holds raw HTML, naming the file and line', async () => {
    const hostile = await coop().decision('0002-hostile', {}, '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n').write();
    const outDir = path.join(await mkdtemp(path.join(tmpdir(), 'site-')), 'site');
    const err = await run(process.execPath, [BIN, 'site', '--root', hostile, '--out', outDir]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('governance/decisions/0002-hostile.md:15');
    await expect(readdir(outDir)).rejects.toThrow();
  });
});
