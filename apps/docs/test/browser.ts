/**
 * What the browser tests of the playground share: the built site (apps/docs/dist,
 * or DOCS_DIST) served on 127.0.0.1 as a static host serves it, Debian's
 * Chromium driven by playwright-core, pages that record their errors, and the
 * terminal's screen read from xterm's DOM renderer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
export const app = resolve(here, '..');
export const dist = process.env.DOCS_DIST === undefined ? join(app, 'dist') : resolve(process.env.DOCS_DIST);
/** Where the screenshots go (gitignored; CI keeps them as artifacts). */
export const artifacts = join(app, 'artifacts');
/** Whether the browser tests run: Chromium is there, or CI says it must be. */
export const browserPresent = existsSync(CHROMIUM);

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png', '.ico': 'image/x-icon', '.nss': 'text/plain; charset=utf-8' };

/** A static server of dist/ on 127.0.0.1 (an ephemeral port); its base URL. */
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

/** The site served and a browser: `open(path)` gives a page and the problems it meets. */
export interface Site {
  readonly base: string;
  open(path: string): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  if (!existsSync(join(dist, 'playground.html'))) {
    execFileSync(process.execPath, [join(app, 'scripts/api.mjs')], { cwd: app, stdio: 'inherit' });
    execFileSync(process.execPath, [resolve(app, '../../node_modules/vitepress/bin/vitepress.js'), 'build'], { cwd: app, stdio: 'inherit' });
  }
  mkdirSync(artifacts, { recursive: true });
  const server = await serve(dist);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    base,
    async open(path) {
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
      if (response?.status() !== 200) problems.push(`HTTP ${response?.status() ?? '?'} for ${path}`);
      return { page, problems };
    },
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** The terminal's screen, one string per row (xterm's DOM renderer). */
export function screen(page: Page): Promise<string[]> {
  return page.$$eval('.xterm-rows > div', (rows) => rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

/** Waits for the last non-empty row of the terminal to be a prompt; its index. */
export async function waitForPrompt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('.xterm-rows > div')].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd());
      let last = rows.length - 1;
      while (last >= 0 && rows[last] === '') last--;
      return last >= 0 && /^[#$]$/.test(rows[last] ?? '') ? last : false;
    },
    undefined,
    { timeout: 10_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Waits until some row after `after` is exactly `text`; its index. */
export async function waitForRow(page: Page, text: string, after = -1): Promise<number> {
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
