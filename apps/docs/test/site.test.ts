/**
 * The built docs site in a real browser: Playwright's library (playwright-core,
 * no browser download) driving Debian's /usr/bin/chromium against apps/docs/dist
 * served on 127.0.0.1. Every page loads without a console error, a page error
 * or a failed request, and every internal link (and #anchor) resolves; on the
 * playground, commands typed into the terminal are answered by the simulated
 * machine and the namespace graph follows them. Screenshots go to
 * apps/docs/artifacts/ (gitignored).
 *
 * Skipped where /usr/bin/chromium is absent (CHROMIUM_PATH overrides it),
 * except under CI=true, where that is a failure (.ci/run installs chromium).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, artifacts, browserPresent, dist, screen, startSite, waitForPrompt, waitForRow } from './browser.ts';
import type { Site } from './browser.ts';

const utsNodes = (page: Page): Promise<number> => page.locator('[data-testid=graph] svg g.node.ns.uts').count();

if (!browserPresent && process.env.CI !== 'true') console.warn(`apps/docs site test skipped: no ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!browserPresent && process.env.CI !== 'true')('the docs site in Chromium', () => {
  let site: Site;
  let base: string;

  beforeAll(async () => {
    // `npm test` builds the site first (turbo); a bare `vitest run` builds it here (startSite).
    site = await startSite();
    base = site.base;
  }, 180_000);

  afterAll(async () => {
    await site?.close();
  });

  /** A new page that records console errors, page errors, failed requests and HTTP errors. */
  const open = (path: string): Promise<{ page: Page; problems: string[] }> => site.open(path);

  it('loads every page without errors, and every internal link resolves', async () => {
    // Every page, in subfolders too (the API reference is docs/api/*, api/core/scenario.html, ...).
    const pages = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.html') && f !== '404.html').sort();
    expect(pages).toContain('api/index.html');
    expect(pages).toContain('introduction.html');
    const links = new Map<string, string>(); // target -> a page linking to it
    for (const file of pages) {
      const { page, problems } = await open(`/${file}`);
      await page.waitForLoadState('networkidle');
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) if (href.startsWith(base)) links.set(href, file);
      if (file === 'introduction.html') await page.screenshot({ path: join(artifacts, 'introduction.png'), fullPage: false });
      await page.close();
      expect(problems, file).toEqual([]);
    }
    const broken: string[] = [];
    const ids = new Map<string, Set<string>>();
    // Each target page fetched once (the playground alone is the target of a link per scenario of the docs).
    const fetched = new Map<string, Promise<{ status: number; html: string }>>();
    for (const [href, from] of links) {
      const url = new URL(href);
      let got = fetched.get(url.pathname);
      if (!got) fetched.set(url.pathname, (got = fetch(`${base}${url.pathname}`).then(async (r) => ({ status: r.status, html: await r.text() }))));
      const { status, html } = await got;
      if (status !== 200) {
        broken.push(`${from} -> ${url.pathname}: HTTP ${status}`);
        continue;
      }
      if (url.hash === '' || url.hash === '#') continue;
      // The playground's routes (`#scenario=pid/x`, `#lesson=...`) are not anchors: playground.test.ts opens them.
      if (url.pathname === '/playground.html' && /^#(?:scenario|lesson|s)=/.test(url.hash)) continue;
      let known = ids.get(url.pathname);
      if (!known) ids.set(url.pathname, (known = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ''))));
      if (!known.has(decodeURIComponent(url.hash.slice(1)))) broken.push(`${from} -> ${url.pathname}${url.hash}: no such anchor`);
    }
    expect(broken).toEqual([]);
    // About 60 pages, the API reference's large ones included: a minute here, more on a loaded machine.
  }, 300_000);

  it('runs the machine in the playground: the terminal answers, the graph follows', async () => {
    const started = Date.now();
    const { page, problems } = await open('/playground.html');
    let row = await waitForPrompt(page);
    const promptAt = Date.now() - started;
    await page.locator('.xterm-screen').click();
    await page.keyboard.type('hostname');
    await page.keyboard.press('Enter');
    row = await waitForRow(page, 'nsproxy', row);
    const firstAnswer = Date.now() - started;
    console.log(`playground: prompt ${promptAt} ms, first answer (hostname) ${firstAnswer} ms after the page was requested`);
    const before = await utsNodes(page);
    expect(before).toBe(1);

    await page.keyboard.type('unshare -u sh');
    await page.keyboard.press('Enter');
    await waitForPrompt(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] svg g.node.ns.uts').length === 2, undefined, { timeout: 10_000 });
    await page.keyboard.type('hostname box');
    await page.keyboard.press('Enter');
    await waitForPrompt(page);
    await page.keyboard.type('hostname');
    await page.keyboard.press('Enter');
    row = await waitForRow(page, 'box', row);
    expect(await utsNodes(page)).toBe(2);
    const svg = await page.locator('[data-testid=graph] svg').innerHTML();
    expect(svg).toContain('box');

    // Line editing: history (up recalls `hostname`), backspace, and exit back to the first namespace.
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await waitForPrompt(page);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('x');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await waitForRow(page, 'nsproxy', row);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] svg g.node.ns.uts').length === 1, undefined, { timeout: 10_000 });

    await page.screenshot({ path: join(artifacts, 'playground.png') });
    const rows = await screen(page);
    expect(rows.join('\n')).toMatch(/^# hostname\nnsproxy$/m);
    await page.close();
    expect(problems).toEqual([]);
    expect(firstAnswer).toBeLessThan(10_000);
  }, 60_000);

  it('shares the session in the URL: opening it types the commands again on a fresh machine', async () => {
    const { page, problems } = await open('/playground.html');
    await waitForPrompt(page);
    await page.locator('.xterm-screen').click();
    await page.keyboard.type('unshare -u sh');
    await page.keyboard.press('Enter');
    await waitForPrompt(page);
    await page.keyboard.type('hostname box');
    await page.keyboard.press('Enter');
    await waitForPrompt(page);
    // The hash follows each command; the Share button shows the same URL.
    await page.waitForFunction(() => location.hash.startsWith('#s=z'), undefined, { timeout: 10_000 });
    await page.getByTestId('share').click();
    const url = await page.getByTestId('share-url').inputValue();
    expect(url).toBe(page.url());
    expect(new URL(url).pathname).toBe('/playground.html');
    await page.close();
    expect(problems).toEqual([]);

    const { page: again, problems: againProblems } = await open(new URL(url).pathname + new URL(url).hash);
    const row = await waitForRow(again, '# hostname box', -1);
    await waitForPrompt(again);
    await again.locator('.xterm-screen').click();
    await again.keyboard.type('hostname');
    await again.keyboard.press('Enter');
    await waitForRow(again, 'box', row);
    await again.waitForFunction(() => document.querySelectorAll('[data-testid=graph] svg g.node.ns.uts').length === 2, undefined, { timeout: 10_000 });
    expect(await utsNodes(again)).toBe(2);
    expect((await screen(again)).join('\n')).toMatch(/^# unshare -u sh\n# hostname box\n# hostname\nbox$/m);
    await again.screenshot({ path: join(artifacts, 'playground-shared.png') });
    await again.close();
    expect(againProblems).toEqual([]);
  }, 60_000);
});
