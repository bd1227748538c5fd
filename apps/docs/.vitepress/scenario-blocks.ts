/**
 * The scenarios of the docs, made runnable: the scenario blocks of docs/*.md
 * (a code fence without a language, or `nss`, whose lines are `.nss` steps,
 * `actor: op args => result`, and whose `# name.nss` comment lines name the
 * corpus file each part comes from) are matched to the corpus
 * (packages/scenario/corpus), and each gets a "Run in the playground" link
 * under it (`/playground.html#scenario=<area>/<name>`), as does every link to
 * a corpus file. A part without a name is matched by its steps: the corpus
 * file holding them all, in order. Node only (VitePress's config and the tests).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MarkdownRenderer as MarkdownIt } from 'vitepress';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The repository's root, docs/ and corpus. */
export const REPO = resolve(here, '../../..');
export const DOCS = join(REPO, 'docs');
export const CORPUS = join(REPO, 'packages/scenario/corpus');

/** The playground page's URL of a corpus scenario (`pid/depth-limit`). */
export function runUrl(name: string): string {
  return `/playground.html#scenario=${name}`;
}

/** A step as docs and corpus compare them: comments dropped, blanks collapsed, `actor: op args => result`. */
export function normalizeStep(line: string): string | undefined {
  let text = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (ch === '"' && line[i - 1] !== '\\') quoted = !quoted;
    // `#` starts a comment at the start of a token (the parser's rule), outside quotes.
    if (ch === '#' && !quoted && (i === 0 || /\s/.test(line[i - 1] ?? '') || line.slice(i - 2, i) === '=>')) break;
    text += ch;
  }
  const m = /^\s*([a-z][a-z0-9_]*):\s+(.*?)\s*=>\s*(.*?)\s*$/.exec(text);
  if (!m) return undefined;
  return `${m[1]}: ${(m[2] ?? '').replace(/\s+/g, ' ')} => ${(m[3] ?? '').replace(/\s+/g, ' ')}`;
}

/** A corpus file: `<area>/<name>` and its steps, normalized. */
export interface CorpusFile {
  readonly name: string;
  readonly steps: readonly string[];
}

let corpusCache: readonly CorpusFile[] | undefined;

/** Every corpus file (read once). */
export function corpus(): readonly CorpusFile[] {
  corpusCache ??= readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(CORPUS, d.name))
        .filter((f) => f.endsWith('.nss'))
        .map((f) => ({
          name: `${d.name}/${f.slice(0, -4)}`,
          steps: readFileSync(join(CORPUS, d.name, f), 'utf8').split('\n').map(normalizeStep).filter((s): s is string => s !== undefined),
        })),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  return corpusCache;
}

/** One scenario of a docs block: the file it names (`# depth-limit.nss`), if any, and its steps. */
export interface BlockPart {
  readonly named?: string;
  readonly steps: readonly string[];
  /** The corpus file it is (`pid/depth-limit`), when one matches. */
  readonly corpus?: string;
  /** Whether every step of the part is a step of that file, in order (the docs show what the corpus checks). */
  readonly matches: boolean;
}

/** Whether `part` is a subsequence of `whole`. */
function inOrder(part: readonly string[], whole: readonly string[]): boolean {
  let at = 0;
  for (const s of whole) if (s === part[at]) at++;
  return at === part.length;
}

/** The namespace type of a docs page (`pid-namespaces.md`: `pid`), whose corpus area is preferred. */
function pageArea(page: string): string | undefined {
  return /(?:^|\/)([a-z]+)-namespaces\.md$/.exec(page)?.[1];
}

/**
 * The scenario parts of a code block's text, matched to the corpus; none
 * when the block holds no step. A `# name.nss` comment line starts a part.
 */
export function blockParts(text: string, page: string): BlockPart[] {
  const raw: { named?: string; steps: string[] }[] = [];
  let current: { named?: string; steps: string[] } = { steps: [] };
  for (const line of text.split('\n')) {
    const named = /^\s*#\s*([\w.-]+)\.nss\b/.exec(line)?.[1];
    if (named !== undefined) {
      if (current.steps.length > 0 || current.named !== undefined) raw.push(current);
      current = { named, steps: [] };
      continue;
    }
    const step = normalizeStep(line);
    if (step !== undefined) current.steps.push(step);
  }
  if (current.steps.length > 0 || current.named !== undefined) raw.push(current);
  const area = pageArea(page);
  const files = corpus();
  return raw
    .filter((p) => p.steps.length > 0)
    .map((p) => {
      const candidates = files.filter((f) => (p.named === undefined ? true : basename(f.name) === p.named));
      const fits = candidates.filter((f) => inOrder(p.steps, f.steps));
      // Prefer the page's own area, then a file that starts as the block does, then the shortest.
      const rank = (f: CorpusFile): [number, number, number] => [f.name.startsWith(`${area}/`) ? 0 : 1, f.steps[0] === p.steps[0] ? 0 : 1, f.steps.length];
      const best = (list: readonly CorpusFile[]): CorpusFile | undefined =>
        [...list].sort((a, b) => {
          const [x, y] = [rank(a), rank(b)];
          return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
        })[0];
      const found = best(fits) ?? (p.named !== undefined ? best(candidates) : undefined);
      return { ...(p.named !== undefined ? { named: p.named } : {}), steps: p.steps, ...(found ? { corpus: found.name } : {}), matches: found !== undefined && fits.includes(found) };
    });
}

/** A scenario block of a docs page. */
export interface DocsBlock {
  /** The page, relative to docs/ (`pid-namespaces.md`). */
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly parts: readonly BlockPart[];
}

/** Whether a fence's info string may hold a scenario: none, or `nss`. */
const SCENARIO_FENCE = (info: string): boolean => info.trim() === '' || info.trim() === 'nss';

/** Every scenario block of docs/*.md and docs/<dir>/*.md (the pages the site builds), in page order. */
export function docsBlocks(): DocsBlock[] {
  const pages = readdirSync(DOCS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md') && !f.startsWith('api/')).sort();
  const blocks: DocsBlock[] = [];
  for (const page of pages) {
    const lines = readFileSync(join(DOCS, page), 'utf8').split('\n');
    let open: { line: number; info: string; fence: string; body: string[] } | undefined;
    lines.forEach((line, i) => {
      const fence = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
      if (!open) {
        if (fence) open = { line: i + 1, info: fence[3] ?? '', fence: fence[2] ?? '```', body: [] };
        return;
      }
      if (fence && (fence[2] ?? '').startsWith(open.fence) && (fence[3] ?? '').trim() === '') {
        if (SCENARIO_FENCE(open.info)) {
          const parts = blockParts(open.body.join('\n'), page);
          if (parts.length > 0) blocks.push({ page, line: open.line, parts });
        }
        open = undefined;
        return;
      }
      open.body.push(line);
    });
  }
  return blocks;
}

/** The corpus scenario a link points at (`../packages/scenario/corpus/pid/x.nss`, or its GitHub address): `pid/x`. */
export function corpusLink(href: string): string | undefined {
  return /packages\/scenario\/corpus\/([a-z0-9_-]+\/[\w.-]+)\.nss$/.exec(href)?.[1];
}

/** The link shown under a scenario block, or after a link to a corpus file. */
function runLink(name: string, long: boolean): string {
  const file = `${basename(name)}.nss`;
  return long
    ? `<a class="ns-run" href="${runUrl(name)}" data-scenario="${name}">▶ Run <code>${file}</code> in the playground</a>`
    : `<a class="ns-run-small" href="${runUrl(name)}" data-scenario="${name}" title="Run ${file} in the playground">▶</a>`;
}

/**
 * The markdown-it plugin: a "Run in the playground" link under every
 * scenario block whose parts are corpus files, and a small ▶ after every
 * link to a corpus file. Add it after the links are rewritten or before: it
 * reads either form.
 */
export function scenarioBlocks(md: MarkdownIt): void {
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env: { relativePath?: string }, self) => {
    const html = fence ? fence(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    const token = tokens[idx];
    if (!token || !SCENARIO_FENCE(token.info)) return html;
    const names = [...new Set(blockParts(token.content, env.relativePath ?? '').flatMap((p) => (p.corpus !== undefined ? [p.corpus] : [])))];
    if (names.length === 0) return html;
    return `${html}<p class="ns-run-block">${names.map((n) => runLink(n, true)).join(' ')}</p>\n`;
  };
  md.core.ruler.push('nsproxy-run-links', (state) => {
    for (const token of state.tokens) {
      const children = token.children;
      if (!children) continue;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child?.type !== 'link_open') continue;
        const name = corpusLink(child.attrGet('href') ?? '');
        if (name === undefined) continue;
        let close = i;
        while (close < children.length && children[close]?.type !== 'link_close') close++;
        const run = new state.Token('html_inline', '', 0);
        run.content = ` ${runLink(name, false)}`;
        children.splice(close + 1, 0, run);
      }
    }
  });
}

/** Every corpus file: `<area>/<name>.nss` and its text. */
function corpusFiles(): { path: string; text: string }[] {
  return corpus().map((f) => ({ path: `${f.name}.nss`, text: readFileSync(join(CORPUS, `${f.name}.nss`), 'utf8') }));
}

/** The part of a Vite plugin `corpusAssets` is (typed here: the config's Vite is VitePress's own). */
interface CorpusPlugin {
  readonly name: string;
  configResolved(config: { readonly build: { readonly ssr?: unknown } }): void;
  configureServer(server: { readonly middlewares: { use(path: string, handler: (req: { url?: string }, res: { statusCode: number; setHeader(k: string, v: string): void; end(body?: string): void }, next: () => void) => void): void } }): void;
  generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: string }): string }): void;
}

/**
 * A Vite plugin: the corpus on the site, at `corpus/<area>/<name>.nss` (the
 * client build emits each file as an asset; the dev server serves them
 * there), which the playground's lesson player fetches a file at a time.
 */
export function corpusAssets(): CorpusPlugin {
  let ssr = false;
  return {
    name: 'nsproxy-corpus',
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    configureServer(server) {
      server.middlewares.use('/corpus/', (req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').replace(/^\//, '').replace(/[?#].*$/, ''));
        const file = /^[a-z0-9_-]+\/[a-z0-9_.-]+\.nss$/i.test(path) && !path.includes('..') ? corpusFiles().find((f) => f.path === path) : undefined;
        if (!file) return next();
        res.statusCode = 200;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(file.text);
      });
    },
    generateBundle() {
      if (ssr) return;
      for (const f of corpusFiles()) this.emitFile({ type: 'asset', fileName: `corpus/${f.path}`, source: f.text });
    },
  };
}
