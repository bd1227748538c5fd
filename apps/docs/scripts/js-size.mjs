// The playground page's JavaScript, gzipped (level 9), printed in the build log:
// - site: what every page loads (the <script> and modulepreload tags of the built playground.html: Vue, VitePress's theme, the page);
// - first load: what the playground component loads before its first prompt (the component, then from its onMounted the
//   simulated machine and xterm.js), with the chunks they import statically that the site does not already load;
// - later: what the playground loads after its first prompt or only when asked (the rule catalogs, fetched as the machine
//   boots but not waited for; the lesson player and @nsproxy/scenario's runner when a lesson or a scenario opens; then one
//   corpus file per scenario, fetched as text from corpus/: the largest is counted);
// - the page: site + first load (what a visitor downloads to type the first command), and site + first load + later (total).
// The budget (300 KB gzipped) holds twice, and the build fails over either: the playground's JavaScript (first load +
// later), and the whole page at first load (site + first load).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
// DOCS_DIST: another build of the site to measure (a path), instead of apps/docs/dist.
const dist = process.env.DOCS_DIST === undefined ? resolve(dirname(fileURLToPath(import.meta.url)), '../dist') : resolve(process.env.DOCS_DIST);
const chunks = join(dist, 'assets/chunks');

/** The chunks a chunk imports: `static` (import ... from, import "...") and `dynamic` (import("...")), as files. */
function imports(file) {
  const code = readFileSync(file, 'utf8');
  const at = (spec) => (spec.startsWith('/assets/') ? join(dist, spec) : resolve(dirname(file), spec));
  const dynamic = [...code.matchAll(/import\(\s*["'`]((?:\.{1,2}\/|\/assets\/)[^"'`\s]+?\.js)["'`]\s*\)/g)].map((m) => at(m[1]));
  const all = [...code.matchAll(/["'`]((?:\.{1,2}\/|\/assets\/)[^"'`\s]+?\.js)["'`]/g)].map((m) => at(m[1]));
  const statics = [...code.matchAll(/(?:\bfrom|\bimport)\s*["'`]((?:\.{1,2}\/|\/assets\/)[^"'`\s]+?\.js)["'`]/g)].map((m) => at(m[1]));
  // Vite's preload helper lists a dynamic import's own imports ("assets/chunks/x.js"): loaded with it, so counted with it.
  const preloaded = [...code.matchAll(/["'`](assets\/chunks\/[^"'`\s]+?\.js)["'`]/g)].map((m) => join(dist, m[1]));
  return { static: statics, dynamic, all, preloaded };
}

/** `roots` and what they import statically, transitively, but none of `stopAt`. */
function staticClosure(roots, stopAt) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file) || stopAt.has(file) || !existsSync(file)) continue;
    seen.add(file);
    queue.push(...imports(file).static);
  }
  return seen;
}

const gz1 = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
const gz = (files) => [...files].reduce((sum, f) => sum + gz1(f), 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const names = (files) => [...files].map((f) => basename(f)).join(', ');

const html = readFileSync(join(dist, 'playground.html'), 'utf8');
const site = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => join(dist, m[1])));
const component = readdirSync(chunks).filter((f) => /^Playground\.[\w-]+\.js$/.test(f)).map((f) => join(chunks, f));
const machine = readdirSync(chunks).filter((f) => /^playground\.[\w-]+\.js$/.test(f)).map((f) => join(chunks, f));
if (component.length === 0 || machine.length === 0) throw new Error('js-size: no Playground (component) or playground (machine) chunk in dist/assets/chunks');

// First load: the component (preloaded by the page or loaded when it mounts) and the machine its onMounted imports.
const first = staticClosure([...component, ...machine], site);
// Later: what the component and the machine import dynamically, but the corpus (one file a scenario).
const dynamicRoots = [...first].flatMap((f) => imports(f).dynamic).filter((f) => !first.has(f) && !site.has(f));
const later = staticClosure(dynamicRoots, new Set([...site, ...first]));
// The corpus: text files beside the pages (corpus/<area>/<name>.nss), fetched one a scenario.
const corpusDir = join(dist, 'corpus');
const corpus = existsSync(corpusDir) ? readdirSync(corpusDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.nss')).map((f) => join(corpusDir, f)) : [];
const corpusSizes = corpus.map(gz1).sort((a, b) => a - b);
const largestScenario = corpusSizes[corpusSizes.length - 1] ?? 0;
const medianScenario = corpusSizes[Math.floor(corpusSizes.length / 2)] ?? 0;

const siteKb = gz(site);
const firstKb = gz(first);
const laterKb = gz(later) + largestScenario;
console.log(`site JavaScript (every page): ${site.size} files, ${kb(siteKb)} gzipped`);
console.log(`playground, first load (to the first prompt): ${names(first)}: ${kb(firstKb)} gzipped`);
console.log(`playground, later (the rule catalogs after the first prompt; a lesson or scenario opened): ${names(later)}: ${kb(gz(later))} gzipped, then one corpus file a scenario (${corpus.length} .nss files, fetched as text; median ${kb(medianScenario)}, largest ${kb(largestScenario)})`);
console.log(`playground JavaScript: ${kb(firstKb + laterKb)} gzipped (budget ${BUDGET_KB} KB)`);
console.log(`playground page, first load: ${kb(siteKb + firstKb)} gzipped${siteKb + firstKb > BUDGET_KB * 1024 ? ` (over ${BUDGET_KB} KB)` : ''}; total with a lesson: ${kb(siteKb + firstKb + laterKb)}`);
if (firstKb + laterKb > BUDGET_KB * 1024) {
  console.error(`js-size: the playground's JavaScript is over its budget of ${BUDGET_KB} KB gzipped`);
  process.exitCode = 1;
}
if (siteKb + firstKb > BUDGET_KB * 1024) {
  console.error(`js-size: the playground page's first load is over its budget of ${BUDGET_KB} KB gzipped`);
  process.exitCode = 1;
}
