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
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(here, '..');
const dist = join(app, 'dist');
const artifacts = join(app, 'artifacts');

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png', '.ico': 'image/x-icon' };

/** A static server of dist/ on 127.0.0.1 (an ephemeral port), as a host of the built site would serve it. */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) file = join(root, '404.html');
    if (path.endsWith('/')) file = join(file, 'index.html');
    else if (extname(file) === '' && existsSync(`${file}.html`)) file = `${file}.html`;
    const found = existsSync(file) && !file.endsWith('/');
    const body = readFileSync(found ? file : join(root, '404.html'));
    res.writeHead(found ? 200 : 404, { 'content-type': TYPES[extname(found ? file : '.html')] ?? 'application/octet-stream' });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** The terminal's screen, one string per row (xterm's DOM renderer). */
async function screen(page: Page): Promise<string[]> {
  return page.$$eval('.xterm-rows > div', (rows) => rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

/** Waits until a screen row after the row `after` is exactly `text`; the rows then. */
async function waitForRow(page: Page, text: string, after: number): Promise<number> {
  const handle = await page.waitForFunction(
    ([want, from]) => {
      const rows = [...document.querySelectorAll('.xterm-rows > div')].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd());
      const i = rows.findIndex((r, n) => n > from && r === want);
      return i >= 0 ? i : false;
    },
    [text, after] as const,
    { timeout: 10_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Waits for the last non-empty row to be a prompt; its index. */
async function waitForPrompt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('.xterm-rows > div')].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd());
    let last = rows.length - 1;
    while (last >= 0 && rows[last] === '') last--;
    return last >= 0 && /^[#$]$/.test(rows[last] ?? '') ? last : false;
  }, undefined, { timeout: 10_000 });
  return (await handle.jsonValue()) as number;
}

const utsNodes = (page: Page): Promise<number> => page.locator('[data-testid=graph] svg g.node.ns.uts').count();

const present = existsSync(CHROMIUM);
if (!present && process.env.CI !== 'true') console.warn(`apps/docs site test skipped: no ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!present && process.env.CI !== 'true')('the docs site in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    // `npm test` builds the site first (turbo); a bare `vitest run` builds it here.
    if (!existsSync(join(dist, 'playground.html'))) {
      execFileSync(process.execPath, [resolve(app, '../../node_modules/vitepress/bin/vitepress.js'), 'build'], { cwd: app, stdio: 'inherit' });
    }
    mkdirSync(artifacts, { recursive: true });
    server = await serve(dist);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  });

  /** A new page that records console errors, page errors and failed requests. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    const response = await page.goto(base + path, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(200);
    return { page, problems };
  }

  it('loads every page without errors, and every internal link resolves', async () => {
    const pages = readdirSync(dist).filter((f) => f.endsWith('.html') && f !== '404.html');
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
    for (const [href, from] of links) {
      const url = new URL(href);
      const res = await fetch(`${base}${url.pathname}`);
      const html = await res.text();
      if (res.status !== 200) {
        broken.push(`${from} -> ${url.pathname}: HTTP ${res.status}`);
        continue;
      }
      if (url.hash === '' || url.hash === '#') continue;
      let known = ids.get(url.pathname);
      if (!known) ids.set(url.pathname, (known = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ''))));
      if (!known.has(decodeURIComponent(url.hash.slice(1)))) broken.push(`${from} -> ${url.pathname}${url.hash}: no such anchor`);
    }
    expect(broken).toEqual([]);
  }, 180_000);

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
