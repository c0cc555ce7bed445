/**
 * The built site in real headless Chromium (Debian's chromium, driven by
 * playwright-core): every page type loads without console errors and without
 * serious accessibility violations (axe-core), the lookup finds a work, the
 * demo writes text, and pages other than the demo work with JavaScript off.
 * Screenshots of each page type go to test-results/screenshots/.
 */
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteFixture } from '../testing/site-fixture.ts';
import { serveStatic } from './static-server.ts';
import { readModelRegistry, DatasetRegistry } from '../registry/index.ts';
import { STUDIES_DIR } from '../study/paths.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let server: Awaited<ReturnType<typeof serveStatic>>;
let pages: Record<string, string>;

beforeAll(async () => {
  await access(CHROMIUM).catch(() => {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), or set CHROMIUM_PATH`);
  });
  const { root } = await siteFixture();
  const out = path.join(await mkdtemp(path.join(tmpdir(), 'site-')), 'site');
  await promisify(execFile)(process.execPath, [BIN, 'site', '--root', root, '--out', out], { maxBuffer: 1 << 24 });
  server = await serveStatic(out);
  const datasets = await DatasetRegistry.open(root);
  const models = await readModelRegistry(root);
  if (!datasets.ok || !models.ok) throw new Error('registry unreadable');
  const current = models.value.cards.find((c) => c.kind === 'shared' && c.status === 'current')!;
  const [study] = (await readdir(path.join(root, STUDIES_DIR))).filter((n) => n.endsWith('.json'));
  pages = {
    home: '/',
    datasets: '/datasets/',
    dataset: `/datasets/${datasets.value.latestId('shared')}/`,
    models: '/models/',
    model: `/models/${current.version}/`,
    contributors: '/contributors/',
    contributor: '/contributors/ana/',
    work: '/works/ana/low-tide/',
    lookup: '/lookup/',
    governance: '/governance/',
    decision: '/governance/decisions/0001/',
    timeline: '/timeline/',
    try: '/try/',
    'take-part': '/take-part/',
    agreement: '/agreements/1.0/',
    search: '/search/',
    study: `/studies/${study!.replace(/\.json$/, '')}/`,
  };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  await mkdir(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(name: string, opts: { javaScript?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: opts.javaScript ?? true, viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(`${server.url}${pages[name]}`);
  expect(response?.status(), `${name} status`).toBe(200);
  return { page, errors };
}

describe('the site in a browser', () => {
  it('loads every page type without console errors (CSP violations included)', async () => {
    for (const name of Object.keys(pages)) {
      const { page, errors } = await open(name);
      await page.waitForLoadState('networkidle');
      expect(errors, name).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
      await page.context().close();
    }
  }, 180_000);

  it('has no serious or critical axe-core violations on any page type', async () => {
    for (const name of Object.keys(pages)) {
      // axe is injected through a context that bypasses the page's CSP (the site forbids inline scripts).
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}${pages[name]}`);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const r = await (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations, name).toEqual([]);
      await context.close();
    }
  }, 180_000);

  it('finds a work on "Am I in it?" by title and by fingerprint', async () => {
    const { page, errors } = await open('lookup');
    await page.getByLabel('Name, title or fingerprint').fill('low tide');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => page.locator('#lookup-results').textContent()).toContain('Low Tide');
    const results = await page.locator('#lookup-results').textContent();
    // Named in words, each with its status.
    expect(results).toMatch(/In datasets: Shared dataset, version \d+ (current|superseded)/);
    expect(results).toMatch(/Shared model, version \d+ (current|retired)/);
    // A withdrawn work is found by its exact title, whose fingerprint the page computes; the title itself is kept nowhere.
    await page.getByLabel('Name, title or fingerprint').fill('Night Ferry');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => page.locator('#lookup-results').textContent()).toContain('Withdrawn on 2026-06-03');
    expect(await page.locator('#lookup-results').textContent()).toMatch(/model, version \d+ retired/);
    await page.getByLabel('Name, title or fingerprint').fill('zzzz-no-such-work');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => page.locator('#lookup-results').textContent()).toContain('Nothing found');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says a pasted line of a private work is in a dataset, and a made-up line is not, showing no text of the work', async () => {
    const { page, errors } = await open('lookup');
    const box = page.getByLabel('A line or passage of your writing');
    // The anonymous writer's haiku is in the shared dataset and shown on no page.
    await box.fill('Snow on the canal, the night bus lights it orange');
    await page.getByRole('button', { name: 'Check the passage' }).click();
    await expect.poll(() => page.locator('#passage-results').textContent()).toMatch(/^Yes: every run of 5 words in what you pasted is in a dataset's texts \(6 of the 6 runs/);
    expect(await page.locator('#passage-results').textContent()).toMatch(/chance that this “yes” is wrong.*1 in/);
    await box.fill('A heron of brass counts the umbrellas at noon');
    await page.getByRole('button', { name: 'Check the passage' }).click();
    await expect.poll(() => page.locator('#passage-results').textContent()).toMatch(/^No: none of the 5 runs of 5 words/);
    // Half a line of it, half made up: some of it.
    await box.fill('the night bus lights it orange and then a heron of brass counts umbrellas');
    await page.getByRole('button', { name: 'Check the passage' }).click();
    await expect.poll(() => page.locator('#passage-results').textContent()).toMatch(/^Some of it: 2 of the 10 runs/);
    // The page and the filter it loaded hold no word of the haiku the paste did not bring.
    const filter = await (await fetch(`${server.url}/passages.json`)).text();
    expect(filter).not.toMatch(/canal|nobody|waiting/i);
    await box.fill('');
    expect(await page.locator('body').textContent()).not.toMatch(/nobody waiting|canal/i);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("credits a model card's sample: a run of a shown work links to it and its writer, a run of a private work says private", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The tiny model's own samples repeat nothing: the first sample is replaced by one that repeats two works.
    const sample = 'zzz My grandmother counts the spoons twice. qqq the canal\nthe night bus lights it orange qqq';
    await page.route(`${server.url}${pages.model}`, async (route) => {
      const html = await (await route.fetch()).text();
      const changed = html.replace(/<div data-credit-from="\d+"><div class="work-text"([^>]*)>[^<]*<\/div>/, `<div data-credit-from="0"><div class="work-text"$1>${sample}</div>`);
      expect(changed).not.toBe(html);
      await route.fulfill({ body: changed, contentType: 'text/html' });
    });
    await page.goto(`${server.url}${pages.model}`);
    await expect.poll(() => page.locator('[data-credits]').getAttribute('data-credited')).toBe('true');
    const marks = page.locator('[data-credit-from] mark');
    expect(await marks.allTextContents()).toEqual(['My grandmother counts the spoons twice.', ' the canal\nthe night bus lights it orange']);
    const [shown, hidden] = await page.locator('[data-credit-from] .credit-note').all();
    expect(await shown!.textContent()).toBe(' [from “Low Tide” by Ana Okafor]');
    expect(await shown!.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['/works/ana/low-tide/', '/contributors/ana/']);
    expect(await hidden!.textContent()).toBe(' [from a work whose writer keeps it private]');
    // The index the page loaded holds no text of the private work.
    expect(await (await fetch(`${server.url}/credits.json`)).text()).not.toMatch(/canal|nobody/i);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('writes text with the model on "Try the model"', async () => {
    const { page, errors } = await open('try');
    await page.getByLabel('Begin a line').fill('The river');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('#try-status').textContent(), { timeout: 90_000 }).toMatch(/^Done/);
    // This browser offers no GPU (--disable-gpu): the page says the model ran on the processor.
    expect(await page.locator('#try-status').textContent()).toMatch(/^Done: \d+ characters in [\d.]+ seconds, on your processor\.$/);
    const text = (await page.locator('#try-output').textContent()) ?? '';
    expect(text.startsWith('The river')).toBe(true);
    expect([...text].length).toBeGreaterThan('The river'.length + 100);
    // The prompt is set apart from what the model wrote.
    expect(await page.locator('#try-output .prompt').textContent()).toBe('The river');
    // Plain words for readers: no backend or kernel names.
    // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees, so the rendered text
    expect(await page.locator('main').innerText()).not.toMatch(/wasm|webgl|backend|tensorflow/i);
    // Stop ends the writing early and says so. The CPU is slowed twentyfold so that writing outlasts the click.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('#try-status').textContent()).toBe('Writing…');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.locator('#try-status').textContent(), { timeout: 90_000 }).toMatch(/^(Stopped|Done)/);
    expect(await page.locator('#try-status').textContent()).toMatch(/^Stopped: \d+ characters/);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'try-generated.png'), fullPage: true });
    await page.context().close();
  }, 120_000);

  it('writes through WebGPU where the browser offers it (a software adapter only when asked for), and says so', async () => {
    // Chromium's software WebGPU adapter (SwiftShader): passed over unless the address asks for it.
    const withGpu = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-background-networking', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'],
    });
    try {
      for (const [query, runsOn] of [
        ['?backend=webgpu', 'WebGPU on your processor (a software graphics adapter)'],
        ['', 'your processor'],
      ] as const) {
        const page = await withGpu.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${server.url}${pages.try}${query}`);
        await page.getByLabel('Begin a line').fill('The river');
        await page.getByRole('button', { name: 'Continue' }).click();
        await expect.poll(() => page.locator('#try-status').textContent(), { timeout: 120_000 }).toMatch(/^(Done|The model could not)/);
        expect(await page.locator('#try-status').textContent(), query).toMatch(new RegExp(`^Done: \\d+ characters in [\\d.]+ seconds, on ${runsOn.replace(/[()]/g, '\\$&')}\\.$`));
        expect([...((await page.locator('#try-output .generated').textContent()) ?? '')].length).toBeGreaterThan(100);
        expect(errors, query).toEqual([]);
        await page.close();
      }
    } finally {
      await withGpu.close();
    }
  }, 300_000);

  it('searches the site with Pagefind', async () => {
    const { page, errors } = await open('search');
    await page.getByLabel('Search the site').fill('glove');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#search-results').textContent()).toMatch(/page(s)? found/);
    expect(await page.locator('#search-results a').count()).toBeGreaterThan(0);
    // A model page found by search carries its status, as the page itself shows it.
    await page.getByLabel('Search the site').fill('memorisation');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#search-results .badge').count()).toBeGreaterThan(0);
    expect(await page.locator('#search-results .badge').first().textContent()).toMatch(/^(current|superseded|held back|retired)$/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits a phone screen: no page, table or chart scrolls sideways at 390 pixels wide', async () => {
    for (const name of Object.keys(pages)) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${server.url}${pages[name]}`);
      // Runs in the page; typed loosely because the test's own TypeScript has no DOM library.
      const overflow = await page.evaluate(() => {
        type Box = { scrollWidth: number; clientWidth: number; textContent: string | null; getBoundingClientRect(): { right: number } };
        const doc = (globalThis as unknown as { document: { documentElement: Box; querySelectorAll(s: string): Box[] } }).document;
        const root = doc.documentElement;
        // A table may scroll inside its wrapper, which hides it from the page's own width: check each one.
        const wide = [...doc.querySelectorAll('.table-wrap, svg')].filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > root.clientWidth + 1);
        return { page: root.scrollWidth - root.clientWidth, wide: wide.map((e) => (e.textContent ?? '').trim().slice(0, 40)) };
      });
      expect(overflow, name).toEqual({ page: 0, wide: [] });
      await context.close();
    }
  }, 120_000);

  it('draws chart labels at least 11 pixels tall on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.url}${pages.model}`);
    const heights = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Array<{ getBoundingClientRect(): { height: number } }> } }).document;
      return [...doc.querySelectorAll('.chart-label')].map((e) => e.getBoundingClientRect().height);
    });
    expect(heights.length).toBeGreaterThan(2);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(11);
    await context.close();
  });

  it('saves a screenshot of every page type at 1280 and 390 pixels wide, for review', async () => {
    for (const name of Object.keys(pages)) {
      for (const width of [1280, 390]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(`${server.url}${pages[name]}`);
        const file = path.join(SHOTS, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect((await stat(file)).size, file).toBeGreaterThan(1000);
        await context.close();
      }
    }
  }, 180_000);

  it('works with JavaScript off on every page but the demo', async () => {
    for (const name of Object.keys(pages).filter((n) => n !== 'try')) {
      const { page, errors } = await open(name, { javaScript: false });
      expect(await page.locator('h1').isVisible(), name).toBe(true);
      // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees, so the rendered text
      expect(await page.locator('main').innerText(), name).not.toBe('');
      expect(errors, name).toEqual([]);
      await page.context().close();
    }
  }, 120_000);
});
