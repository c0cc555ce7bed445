/**
 * The "needs the board" panel in a built site and in real Chromium: a planted overdue review and
 * a proposal are listed on home and governance, and the review's due date is counted in the
 * browser from the reader's today, not frozen at the build day.
 */
import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDatasetStage } from '../dataset/index.ts';
import { coop } from '../testing/coop-builder.ts';
import { GitFixture } from '../testing/git-fixture.ts';
import { serveStatic } from './static-server.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The build day, 77 days after the review promised for 2026-01-02. */
const BUILT_ON = '2026-03-20';

let out: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
const html = (page: string) => readFile(path.join(out, page, 'index.html'), 'utf8');

beforeAll(async () => {
  const root = await coop()
    .decision('0003-revisit-the-demo', { title: 'Keep the public demo', reviewBy: '2026-01-02' })
    .decision('0004-licence', { title: 'License the model to a publisher', status: 'proposed', date: '2026-03-01', votes: { for: [], against: [], abstain: [] } })
    .member('ana')
    .work('ana', 'river')
    .write();
  await (await GitFixture.init(root)).commitAll('Found the co-op');
  const built = await runDatasetStage(root);
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  out = path.join(await mkdtemp(path.join(tmpdir(), 'site-')), 'site');
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(Date.parse(BUILT_ON) / 1000) };
  await promisify(execFile)(process.execPath, [BIN, 'site', '--root', root, '--out', out], { env, maxBuffer: 1 << 24 });
  server = await serveStatic(out);
  await access(CHROMIUM);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the “needs the board” panel', () => {
  it('lists the overdue review and the proposal on home and governance, each linked to its decision, the due date as a <time>', async () => {
    for (const page of ['', 'governance']) {
      const h = await html(page);
      const panel = /<section[^>]*aria-labelledby="board-agenda"[\s\S]*?<\/section>/.exec(h)?.[0] ?? '';
      expect(panel, page).toContain('Needs the board');
      expect(panel).toMatch(/<a href="\/governance\/decisions\/0003\/">Review decision 0003: Keep the public demo<\/a>/);
      expect(panel).toMatch(/<time datetime="2026-01-02" data-review-due>Review overdue: it was due on 2026-01-02, 77 days ago<\/time>/);
      expect(panel).toMatch(/<a href="\/governance\/decisions\/0004\/">Decide on proposal 0004: License the model to a publisher<\/a>/);
      expect(panel).toContain('1 work in Shared dataset, version 1 has no recorded review (it came in with the repository&#39;s first commit');
      expect(panel).not.toContain('Nothing needs the board');
    }
    expect(await html('')).toMatch(/<script type="module" src="[^"]+\.js"><\/script>/);
  });

  it("says how overdue the review is as of the reader's today, computed in the browser", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.clock.setFixedTime(new Date('2026-04-01T12:00:00'));
    await page.goto(`${server.url}/governance/`);
    const due = page.locator('#board-agenda ~ ul time[data-review-due]');
    await expect.poll(() => due.textContent()).toBe('Review overdue by 89 days (due 2026-01-02)');
    await page.clock.setFixedTime(new Date('2025-12-28T09:00:00'));
    await page.reload();
    await expect.poll(() => due.textContent()).toBe('Review due in 5 days (by 2026-01-02)');
    expect(await page.locator('#board-agenda ~ ul .badge').getAttribute('class')).toBe('badge due');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone screen on home and governance', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    for (const p of ['/', '/governance/']) {
      await page.goto(`${server.url}${p}`);
      const sideways = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(sideways, p).toBe(0);
    }
    await context.close();
  });

  it('keeps the build-day words when JavaScript is off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.locator('time[data-review-due]').textContent()).toBe('Review overdue: it was due on 2026-01-02, 77 days ago');
    await context.close();
  });
});
