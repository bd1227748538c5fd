/**
 * The playground's lessons and runnable scenarios in a real browser (Debian's
 * Chromium through playwright-core, the built site served on 127.0.0.1):
 * the first command is answered within a second of the page's load; a lesson
 * goes forward and back with Next and Back, the terminal's transcript and the
 * graph following each step, and its URL (`#lesson=<id>&step=<n>`) reopens it
 * there; a docs page's "Run in the playground" opens its scenario, whose
 * transcript, run in the page, is the one `nsproxy run` gives under Node (for
 * every scenario of the docs); and "Back to the shell" gives the machine back.
 * Screenshots (apps/docs/artifacts/): lesson-midway.png, scenario.png,
 * playground-first.png.
 *
 * Skipped where /usr/bin/chromium is absent (CHROMIUM_PATH overrides it),
 * except under CI=true, where that is a failure.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSimBackend } from '@nsproxy/core/scenario';
import { composeAreas, parseScenario, runScenario } from '@nsproxy/scenario';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_AREAS } from '../../cli/src/areas.ts';
import { CORPUS, DOCS, corpusLink, docsBlocks } from '../.vitepress/scenario-blocks.ts';
import { LESSONS } from '../.vitepress/theme/lessons.ts';
import { artifacts, browserPresent, screen, startSite, waitForPrompt, waitForRow } from './browser.ts';
import type { Site } from './browser.ts';

/** What `nsproxy run --backend sim` gives for a corpus file, under Node. */
async function nodeTranscript(name: string): Promise<string> {
  const scenario = parseScenario(readFileSync(join(CORPUS, `${name}.nss`), 'utf8'), `${name}.nss`, composeAreas(BUILTIN_AREAS));
  const result = await runScenario(scenario, createSimBackend({ areas: BUILTIN_AREAS }));
  expect(result.status, name).toBe('pass');
  return result.transcript;
}

/** Every corpus scenario the docs show or link to (each has a "Run in the playground" link on the site). */
function docsScenarios(): string[] {
  const names = new Set(docsBlocks().flatMap((b) => b.parts.flatMap((p) => (p.corpus !== undefined ? [p.corpus] : []))));
  for (const page of readdirSync(DOCS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md') && !f.startsWith('api/'))) {
    for (const m of readFileSync(join(DOCS, page), 'utf8').matchAll(/\]\(([^)\s]+\.nss)\)/g)) {
      const name = corpusLink(m[1] ?? '');
      if (name !== undefined) names.add(name);
    }
  }
  return [...names].sort();
}

/** The lesson panel's step, once the terminal shows it. */
async function waitForStep(page: Page, step: number, steps: number): Promise<void> {
  await page.waitForFunction(([n]) => document.querySelector('[data-testid=lesson]')?.getAttribute('data-step') === String(n), [step] as const, { timeout: 10_000 });
  await waitForRow(page, `-- step ${step} of ${steps}${step === steps ? ' (the end)' : ''} --`);
}

/** The terminal's rows, joined, without the trailing blank ones. */
async function terminalText(page: Page): Promise<string> {
  return (await screen(page)).join('\n').trimEnd();
}

const nodes = (page: Page, type: string): Promise<number> => page.locator(`[data-testid=graph] svg g.node.ns.${type}`).count();

if (!browserPresent && process.env.CI !== 'true') console.warn('apps/docs playground test skipped: no chromium (apt-get install chromium)');

describe.skipIf(!browserPresent && process.env.CI !== 'true')('the playground in Chromium: lessons and runnable scenarios', () => {
  let site: Site;

  beforeAll(async () => {
    site = await startSite();
  }, 180_000);

  afterAll(async () => {
    await site?.close();
  });

  it('answers the first command within a second of the page load', async () => {
    // The best of three loads: the machine is shared (other tests, builds), and one slow load says little about the page.
    const runs: { load: number; module: number; booted: number; prompt: number; entered: number; answered: number; seen: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const { page, problems } = await site.open('/playground.html');
      await waitForPrompt(page);
      await page.locator('.xterm-screen').click();
      await page.keyboard.type('hostname');
      await page.keyboard.press('Enter');
      await waitForRow(page, 'nsproxy');
      // Measured in the page, from the navigation's start: the load event, the playground's marks, the first answer.
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const at = (name: string): number => Math.round(performance.getEntriesByName(`nsproxy:${name}`)[0]?.startTime ?? -1);
        return { load: Math.round(nav.loadEventEnd), module: at('machine-module'), booted: at('machine-booted'), prompt: at('first-prompt'), entered: at('first-line'), answered: at('second-prompt'), seen: Math.round(performance.now()) };
      });
      runs.push(t);
      if (i === 0) await page.screenshot({ path: join(artifacts, 'playground-first.png') });
      await page.close();
      expect(problems).toEqual([]);
    }
    for (const t of runs) {
      // The page's own time: from the load event to the first prompt, plus from the Enter to the answer (the next
      // prompt); the test's typing in between is Playwright's, not the page's.
      const page = t.prompt - t.load + (t.answered - t.entered);
      console.log(`playground: load event ${t.load} ms; machine module evaluated ${t.module} ms, booted ${t.booted} ms, first prompt ${t.prompt} ms (${t.prompt - t.load} ms after the load event); \`hostname\` entered ${t.entered} ms, answered ${t.answered} ms (${t.answered - t.entered} ms); the page's time to the first answer ${page} ms; seen by the test ${t.seen} ms`);
      expect(t.module).toBeGreaterThan(0);
      expect(t.prompt).toBeGreaterThanOrEqual(t.booted);
      expect(t.answered).toBeGreaterThan(t.entered);
    }
    const best = Math.min(...runs.map((t) => t.prompt - t.load + (t.answered - t.entered)));
    expect(best).toBeLessThan(1000);
  }, 90_000);

  it('steps through a lesson with Next and Back: the terminal and the graph follow, the URL keeps the step', async () => {
    const lesson = LESSONS.find((l) => l.id === 'unshare-pid-needs-fork');
    if (!lesson) throw new Error('no lesson unshare-pid-needs-fork');
    const steps = lesson.notes.length;
    const { page, problems } = await site.open(`/playground.html#lesson=${lesson.id}`);
    await waitForStep(page, 0, steps);
    expect(await page.getByTestId('lesson-title').textContent()).toBe('Why unshare --pid needs --fork');
    expect(await page.getByTestId('lesson-note').textContent()).toContain('does not move the caller');
    expect(await page.getByTestId('back').isDisabled()).toBe(true);
    const pidsAtStart = await nodes(page, 'pid');
    // Next, twice: sh exists, then it has unshared: a new pid namespace in the graph.
    await page.getByTestId('next').click();
    await waitForStep(page, 1, steps);
    expect(await terminalText(page)).toMatch(/^init: clone sh - => 2$/m);
    await page.getByTestId('next').click();
    await waitForStep(page, 2, steps);
    expect(await terminalText(page)).toMatch(/^sh: unshare pid => ok$/m);
    expect(await nodes(page, 'pid')).toBe(pidsAtStart + 1);
    for (let n = 3; n <= 7; n++) {
      await page.getByTestId('next').click();
      await waitForStep(page, n, steps);
    }
    expect(await terminalText(page)).toMatch(/^ls: getpid => 1$/m);
    expect(await page.getByTestId('lesson-note').textContent()).toContain(lesson.notes[6] ?? '?');
    expect(new URL(page.url()).hash).toBe(`#lesson=${lesson.id}&step=7`);
    const svgAt7 = await page.locator('[data-testid=graph] svg').innerHTML();
    expect(svgAt7).toContain('ls');
    await page.screenshot({ path: join(artifacts, 'lesson-midway.png') });

    // Back: step 6 is rebuilt from the start; ls's getpid is no longer on the screen.
    await page.getByTestId('back').click();
    await waitForStep(page, 6, steps);
    expect(await terminalText(page)).not.toMatch(/^ls: getpid => 1$/m);
    expect(await terminalText(page)).toMatch(/^sh: clone ls - => 3$/m);
    expect(new URL(page.url()).hash).toBe(`#lesson=${lesson.id}&step=6`);

    // On to the end: the fork after ls's exit fails.
    for (let n = 7; n <= 10; n++) {
      await page.getByTestId('next').click();
      await waitForStep(page, n, steps);
    }
    expect(await terminalText(page)).toMatch(/^sh: clone date - => ENOMEM$/m);
    const url = page.url();
    await page.close();
    expect(problems).toEqual([]);

    // The URL is the lesson at that step.
    const again = await site.open(new URL(url).pathname + new URL(url).hash);
    await waitForStep(again.page, 10, steps);
    expect(await terminalText(again.page)).toMatch(/^sh: clone date - => ENOMEM$/m);
    expect(await again.page.getByTestId('lesson-step').textContent()).toBe(`Step 10 of ${steps}`);
    await again.page.close();
    expect(again.problems).toEqual([]);
  }, 90_000);

  it('switches lessons from the list, and a veth vanishes with its namespace', async () => {
    const { page, problems } = await site.open('/playground.html');
    await waitForPrompt(page);
    await page.locator('[data-testid=lessons] a[data-lesson=veth-vanished]').click();
    await waitForStep(page, 0, 6);
    // The world at the start: the boot kernel's initial net namespace, and init's fresh one.
    const netsAtStart = await nodes(page, 'net');
    expect(await page.getByTestId('lesson-title').textContent()).toBe('Why my veth vanished');
    for (let n = 1; n <= 4; n++) {
      await page.getByTestId('next').click();
      await waitForStep(page, n, 6);
    }
    // v1 moved into a's namespace: one more net namespace, and a veth between it and init's.
    expect(await nodes(page, 'net')).toBe(netsAtStart + 1);
    expect(await page.locator('[data-testid=graph] svg path.edge.veth').count()).toBe(1);
    await page.getByTestId('next').click();
    await waitForStep(page, 5, 6);
    await page.getByTestId('next').click();
    await waitForStep(page, 6, 6);
    expect(await terminalText(page)).toMatch(/^init: links => lo$/m);
    expect(await nodes(page, 'net')).toBe(netsAtStart);
    expect(await page.locator('[data-testid=graph] svg path.edge.veth').count()).toBe(0);
    expect(await page.getByTestId('next').isDisabled()).toBe(true);

    // Back to the shell: a fresh machine answers.
    await page.getByTestId('close-lesson').click();
    await waitForPrompt(page);
    await page.locator('.xterm-screen').click();
    await page.keyboard.type('hostname');
    await page.keyboard.press('Enter');
    await waitForRow(page, 'nsproxy');
    // The URL holds the shell's session again (the command just typed), no more the lesson.
    await page.waitForFunction(() => location.hash.startsWith('#s='), undefined, { timeout: 10_000 });
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('says so, without an error, for a lesson or a scenario that does not exist', async () => {
    const { page, problems } = await site.open('/playground.html#lesson=no-such-lesson');
    await page.getByTestId('lesson-problem').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('lesson-problem').textContent()).toBe('No lesson named “no-such-lesson”.');
    await page.evaluate(() => (location.hash = '#scenario=uts/no-such-scenario'));
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-problem]')?.textContent?.includes('uts/no-such-scenario'), undefined, { timeout: 10_000 });
    expect(await page.getByTestId('lesson-problem').textContent()).toBe('No corpus scenario named “uts/no-such-scenario”.');
    await page.close();
    // The one problem: the browser reports the 404 of the file it looked for.
    expect(problems.filter((p) => !p.includes('no-such-scenario') && !p.includes('404 (Not Found)'))).toEqual([]);
  }, 60_000);

  it('runs a docs scenario with one click: the transcript in the page is the one `nsproxy run` gives', async () => {
    const { page, problems } = await site.open('/pid-namespaces.html');
    const run = page.locator('a.ns-run[data-scenario="pid/numbering-per-level"]');
    expect(await run.count()).toBe(1);
    expect(await run.textContent()).toBe('▶ Run numbering-per-level.nss in the playground');
    await run.click();
    await page.waitForURL(/\/playground\.html#scenario=pid\/numbering-per-level/, { timeout: 10_000 });
    const box = page.locator('[data-testid=transcript-box][data-name="pid/numbering-per-level"]');
    await box.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('transcript').textContent()).toBe(await nodeTranscript('pid/numbering-per-level'));
    expect(await page.getByTestId('transcript-status').getAttribute('data-status')).toBe('pass');
    // The same lesson player: step by step from the start.
    const steps = (await nodeTranscript('pid/numbering-per-level')).split('\n').filter((l) => l !== '').length;
    await waitForStep(page, 0, steps);
    await page.getByTestId('next').click();
    await waitForStep(page, 1, steps);
    expect(await terminalText(page)).toMatch(/^init: clone a pid => 2$/m);
    await page.screenshot({ path: join(artifacts, 'scenario.png'), fullPage: true });

    // A small ▶ after a link to a corpus file (the rule catalog's) opens its scenario too.
    await page.goto(`${site.base}/rules.html`, { waitUntil: 'load' });
    const small = page.locator('a.ns-run-small').first();
    const name = (await small.getAttribute('data-scenario')) ?? '';
    expect(name).toMatch(/^[a-z]+\/[\w.-]+$/);
    await small.click();
    await page.locator(`[data-testid=transcript-box][data-name="${name}"]`).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('transcript').textContent()).toBe(await nodeTranscript(name));
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('gives, for every scenario of the docs, the transcript `nsproxy run` gives', async () => {
    const names = docsScenarios();
    expect(names.length).toBeGreaterThan(100);
    const { page, problems } = await site.open('/playground.html');
    await waitForPrompt(page);
    const wrong: string[] = [];
    for (const name of names) {
      await page.evaluate((n) => (location.hash = `#scenario=${n}`), name);
      await page.locator(`[data-testid=transcript-box][data-name="${name}"]`).waitFor({ timeout: 10_000 });
      const shown = await page.getByTestId('transcript').textContent();
      const status = await page.getByTestId('transcript-status').getAttribute('data-status');
      if (shown !== (await nodeTranscript(name)) || status !== 'pass') wrong.push(`${name}: ${status ?? '?'}`);
    }
    await page.close();
    expect(wrong).toEqual([]);
    expect(problems).toEqual([]);
  }, 300_000);

  it('opens a road not taken from the kernel switch, explains failures from the rules loaded after the prompt, and says so for an unknown road', async () => {
    const { page, problems } = await site.open('/playground.html');
    let at = await waitForPrompt(page);
    const choices = await page.locator('[data-testid=road] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(choices).toEqual(expect.arrayContaining(['', 'nsproxy-ids', 'setns-nstype-fd', 'socketat']));
    expect(await page.locator('[data-testid=road]').inputValue()).toBe('');
    await page.locator('.xterm-screen').click();
    // Linux 6.18: the proposed system call does not exist.
    await page.keyboard.type('nsproxy_id');
    await page.keyboard.press('Enter');
    at = await waitForRow(page, 'nsproxy_id: Function not implemented', at);
    // The rule catalogs came after the first prompt (machine-rules.ts): a failed call is explained from them.
    await page.keyboard.type('setpriv --reuid=65534 hostname x');
    await page.keyboard.press('Enter');
    at = await waitForRow(page, 'hostname: you must be root to change the host name', at);
    await waitForPrompt(page);
    expect((await screen(page))[at + 1]).toMatch(/^ {2}why: sethostname gave EPERM: sethostname and setdomainname need CAP_SYS_ADMIN/);

    // The switch: a fresh page whose kernel opened the road.
    await Promise.all([page.waitForURL(/\?road=nsproxy-ids$/), page.locator('[data-testid=road]').selectOption('nsproxy-ids')]);
    await waitForPrompt(page);
    expect((await screen(page)).join('\n')).toContain('Roads not taken open on this kernel: nsproxy-ids');
    expect(await page.locator('[data-testid=road]').inputValue()).toBe('nsproxy-ids');
    await page.locator('.xterm-screen').click();
    await page.keyboard.type('nsproxy_id');
    await page.keyboard.press('Enter');
    await waitForRow(page, '0');
    await page.close();
    expect(problems).toEqual([]);

    const unknown = await site.open('/playground.html?road=bogus');
    await waitForPrompt(unknown.page);
    expect(await unknown.page.getByTestId('road-problem').textContent()).toContain('No road named “bogus”');
    expect((await screen(unknown.page)).join('\n')).not.toContain('Roads not taken open');
    await unknown.page.close();
    expect(unknown.problems).toEqual([]);
  }, 60_000);
});
