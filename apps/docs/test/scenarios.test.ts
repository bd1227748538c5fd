/**
 * The docs' scenarios and the playground's lessons, under Node: every scenario
 * block of docs/*.md is (a part of) a corpus file, shown as the file has it;
 * every lesson replays a corpus file with one note per step; and the lesson
 * player (the code the page runs: corpus files loaded through Vite's glob,
 * @nsproxy/scenario's runner on the simulated backend of the playground's
 * areas) gives, for each of those files, the transcript `nsproxy run` gives
 * (the CLI's areas, the corpus test's runner), with every expectation met: the
 * transcript the corpus checks on both kernels. Going back is replaying a
 * shorter prefix: each step's transcript is the first lines of the next's.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSimBackend } from '@nsproxy/core/scenario';
import { composeAreas, parseScenario, runScenario } from '@nsproxy/scenario';
import { kernelGraph } from '@nsproxy/shell';
import { describe, expect, it } from 'vitest';
import { BUILTIN_AREAS } from '../../cli/src/areas.ts';
import { CORPUS, DOCS, blockParts, corpus, corpusAssets, corpusLink, docsBlocks, normalizeStep } from '../.vitepress/scenario-blocks.ts';
import { LESSONS } from '../.vitepress/theme/lessons.ts';
import { loadScenario as loadFrom, playTo } from '../.vitepress/theme/player.ts';
import type { LoadedScenario } from '../.vitepress/theme/player.ts';

const blocks = docsBlocks();

/** The corpus as the page reads it (fetched from the site's corpus/, which the build copies): here, from the repository. */
function readCorpus(name: string): Promise<string | undefined> {
  return readFile(join(CORPUS, `${name}.nss`), 'utf8').catch(() => undefined);
}
const loadScenario = (name: string): Promise<LoadedScenario | undefined> => loadFrom(name, readCorpus);

/** The corpus files the docs link to (`[x.nss](../packages/scenario/corpus/...)`), each with a ▶ on the site. */
function linkedScenarios(): string[] {
  const found = new Set<string>();
  const pages = readdirSync(DOCS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md') && !f.startsWith('api/'));
  for (const page of pages) {
    for (const m of readFileSync(join(DOCS, page), 'utf8').matchAll(/\]\(([^)\s]+\.nss)\)/g)) {
      const name = corpusLink(m[1] ?? '');
      if (name !== undefined) found.add(name);
    }
  }
  return [...found].sort();
}

/** What `nsproxy run --backend sim FILE` gives: the CLI's areas, the runner, the file as the corpus holds it. */
async function cliTranscript(name: string): Promise<{ transcript: string; status: string }> {
  const source = readFileSync(join(CORPUS, `${name}.nss`), 'utf8');
  const scenario = parseScenario(source, `${name}.nss`, composeAreas(BUILTIN_AREAS));
  const result = await runScenario(scenario, createSimBackend({ areas: BUILTIN_AREAS }));
  return { transcript: result.transcript, status: result.status };
}

describe('the scenario blocks of the docs', () => {
  it('finds them: each names, or is, a corpus file', () => {
    const parts = blocks.flatMap((b) => b.parts.map((p) => ({ ...p, where: `${b.page}:${b.line}` })));
    expect(parts.length).toBeGreaterThan(40);
    expect(parts.filter((p) => p.corpus === undefined).map((p) => `${p.where} ${p.named ?? p.steps[0] ?? ''}`)).toEqual([]);
  });

  it('shows each as its corpus file has it: every step and result of the block is in the file, in order', () => {
    const wrong = blocks.flatMap((b) => b.parts.filter((p) => !p.matches).map((p) => `${b.page}:${b.line} ${p.named ?? ''} -> ${p.corpus ?? '?'}`));
    expect(wrong).toEqual([]);
  });

  it('compares steps as the parser reads them: comments and blanks aside, quotes kept', () => {
    expect(normalizeStep('init: uid_map a "0 0 1"      => ok   # why')).toBe('init: uid_map a "0 0 1" => ok');
    expect(normalizeStep('a: sethostname a#b => ok')).toBe('a: sethostname a#b => ok');
    expect(normalizeStep('# depth-limit.nss')).toBeUndefined();
    expect(normalizeStep('lo      ifindex 1   loopback   DOWN')).toBeUndefined();
  });

  it('a block that differs from its file is reported (the check can fail)', () => {
    const file = corpus().find((f) => f.name === 'uts/siblings-isolated');
    expect(file).toBeDefined();
    const blocksText = ['# siblings-isolated.nss', 'init: clone a uts => 2', 'a: sethostname alpha => ok', 'a: hostname => beta'].join('\n');
    const [part] = blockParts(blocksText, 'uts-namespaces.md');
    expect(part?.corpus).toBe('uts/siblings-isolated');
    expect(part?.matches).toBe(false);
  });
});

describe('the lessons', () => {
  it('replay corpus files, with one note per step', async () => {
    expect(LESSONS.map((l) => l.id)).toEqual(['unshare-pid-needs-fork', 'veth-vanished', 'setns-needs-an-fd', 'who-may-write-uid-map']);
    for (const lesson of LESSONS) {
      const loaded = await loadScenario(lesson.scenario);
      expect(loaded, lesson.scenario).toBeDefined();
      expect(lesson.notes.length, lesson.id).toBe(loaded?.scenario.steps.length);
    }
  });

  it('go forward and back: step N is the first N lines of the whole transcript, and the graph follows', async () => {
    for (const lesson of LESSONS) {
      const loaded = await loadScenario(lesson.scenario);
      if (!loaded) throw new Error(lesson.scenario);
      const n = loaded.scenario.steps.length;
      const all = await playTo(loaded.scenario, n);
      expect(all.result.status, lesson.id).toBe('pass');
      const lines = all.result.transcript.split('\n').filter((l) => l !== '');
      const graphs = new Set<string>();
      for (let k = n; k >= 0; k--) {
        const at = await playTo(loaded.scenario, k);
        expect(at.step).toBe(k);
        expect(at.result.transcript, `${lesson.id} step ${k}`).toBe(lines.slice(0, k).map((l) => `${l}\n`).join(''));
        graphs.add(JSON.stringify(kernelGraph(at.kernel)));
      }
      // Back to a step gives the very state going forward gave.
      const again = await playTo(loaded.scenario, 3);
      expect(JSON.stringify(kernelGraph(again.kernel))).toBe(JSON.stringify(kernelGraph((await playTo(loaded.scenario, 3)).kernel)));
      expect(graphs.size, `${lesson.id}: the graph changes along the lesson`).toBeGreaterThan(1);
    }
  });

  it('clamp a step out of range to the scenario', async () => {
    const loaded = await loadScenario('uts/siblings-isolated');
    if (!loaded) throw new Error('uts/siblings-isolated');
    expect((await playTo(loaded.scenario, 999)).step).toBe(loaded.scenario.steps.length);
    expect((await playTo(loaded.scenario, -4)).step).toBe(0);
    expect(await loadScenario('uts/no-such-file')).toBeUndefined();
  });
});

describe('every scenario of the docs, run in the page as the corpus runs it', () => {
  const names = [...new Set([...blocks.flatMap((b) => b.parts.flatMap((p) => (p.corpus !== undefined ? [p.corpus] : []))), ...linkedScenarios(), ...LESSONS.map((l) => l.scenario)])].sort();

  it('the site holds the whole corpus, where the player fetches it (corpus/<area>/<name>.nss)', () => {
    const emitted = new Map<string, string>();
    const plugin = corpusAssets();
    plugin.configResolved({ build: {} });
    plugin.generateBundle.call({ emitFile: (f) => (emitted.set(f.fileName, f.source), f.fileName) });
    expect([...emitted.keys()]).toEqual(corpus().map((f) => `corpus/${f.name}.nss`));
    for (const [file, text] of emitted) expect(text, file).toBe(readFileSync(join(CORPUS, file.slice('corpus/'.length)), 'utf8'));
    // Not into the server bundle.
    const ssr = corpusAssets();
    ssr.configResolved({ build: { ssr: true } });
    let count = 0;
    ssr.generateBundle.call({ emitFile: () => String(count++) });
    expect(count).toBe(0);
    expect(names.length).toBeGreaterThan(100);
  });

  it('gives the transcript `nsproxy run` gives, every expectation met', async () => {
    for (const name of names) {
      const loaded = await loadScenario(name);
      expect(loaded, name).toBeDefined();
      if (!loaded) continue;
      const page = await playTo(loaded.scenario, loaded.scenario.steps.length);
      const cli = await cliTranscript(name);
      expect(page.result.transcript, name).toBe(cli.transcript);
      expect([name, page.result.status]).toEqual([name, 'pass']);
      expect(cli.status).toBe('pass');
    }
  }, 120_000);
});
