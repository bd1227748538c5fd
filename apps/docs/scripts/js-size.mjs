// The playground page's JavaScript, gzipped (level 9), printed in the build log:
// - site: what every page loads (the <script> and modulepreload tags of the built playground.html: Vue, VitePress's theme, the page);
// - playground: what the playground component adds, loaded from its onMounted (the simulated machine and xterm.js),
//   with the chunks it imports that the site does not already load;
// - the page: the two together, the JavaScript a visitor downloads to use the playground.
// The budget (300 KB gzipped) is on the playground's own JavaScript; the build fails over it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const chunks = join(dist, 'assets/chunks');

/** The files `roots` import, statically or dynamically, transitively (relative specifiers in the minified code). */
function closure(roots, stopAt = new Set()) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file) || stopAt.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/["'`]((?:\.{1,2}\/|\/assets\/)[^"'`\s]+?\.js)["'`]/g)) {
      queue.push(m[1].startsWith('/assets/') ? join(dist, m[1]) : resolve(dirname(file), m[1]));
    }
  }
  return seen;
}

const gz = (files) => [...files].reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const html = readFileSync(join(dist, 'playground.html'), 'utf8');
const site = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => join(dist, m[1])));
const own = readdirSync(chunks).filter((f) => /^playground\.[\w-]+\.js$/i.test(f)).map((f) => join(chunks, f));
if (own.length === 0) throw new Error('js-size: no playground chunk in dist/assets/chunks');
const playground = closure(own, site);
const page = gz(site) + gz(playground);
console.log(`site JavaScript (every page): ${site.size} files, ${kb(gz(site))} gzipped`);
console.log(`playground JavaScript: ${[...playground].map((f) => basename(f)).join(', ')}: ${kb(gz(playground))} gzipped (budget ${BUDGET_KB} KB)`);
console.log(`playground page, all JavaScript: ${kb(page)} gzipped`);
if (gz(playground) > BUDGET_KB * 1024) {
  console.error(`js-size: the playground's JavaScript is over its budget of ${BUDGET_KB} KB gzipped`);
  process.exitCode = 1;
}
