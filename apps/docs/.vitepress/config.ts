/**
 * The docs site: VitePress over the repository's docs/ folder (the pages stay
 * where the tests and the READMEs link to them), and the playground page,
 * which runs @nsproxy/shell's machine in the browser (no server).
 */
import { defineConfig } from 'vitepress';
import { corpusAssets, scenarioBlocks } from './scenario-blocks.ts';

/**
 * The tags the pages may use as HTML (and Vue components). Any other `<word>` in the Markdown is text the
 * docs mean literally (`/proc/<pid>/cgroup`, `<type>:[<inode>]`), which Vue would take for an unclosed element.
 */
const HTML_TAGS = new Set(['a', 'abbr', 'b', 'br', 'code', 'del', 'details', 'div', 'em', 'figcaption', 'figure', 'i', 'img', 'kbd', 'p', 'pre', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'svg', 'ClientOnly', 'NsPlayground']);

/** An HTML fragment of the Markdown, escaped unless it starts with one of HTML_TAGS (or is a comment). */
function literalUnlessKnown(html: string): string {
  const tag = /^<\/?([A-Za-z][\w-]*)/.exec(html.trimStart());
  if (tag === null || HTML_TAGS.has(tag[1] ?? '')) return html;
  return html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** GitHub's id for a heading: lower case, punctuation dropped, each space a hyphen. */
function githubSlug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Where a link out of docs/ (a scenario, a source file) goes: the file on GitHub. */
const REPO_BLOB = 'https://github.com/nsproxy/nsproxy/blob/main/';

export default defineConfig({
  title: 'nsproxy',
  description: 'An executable model of Linux namespaces, and a simulated Linux machine to try them on.',
  srcDir: '../../docs',
  outDir: './dist',
  cacheDir: './.vitepress/cache',
  cleanUrls: false,
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  themeConfig: {
    nav: [
      { text: 'Introduction', link: '/introduction' },
      { text: 'Playground', link: '/playground' },
      { text: 'Rules', link: '/rules' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      {
        text: 'Introduction',
        items: [
          { text: 'Overview', link: '/' },
          { text: 'What is a namespace?', link: '/introduction' },
          { text: 'History', link: '/history' },
          { text: 'Playground', link: '/playground' },
        ],
      },
      {
        text: 'Namespace types',
        items: [
          { text: 'user', link: '/user-namespaces' },
          { text: 'mnt', link: '/mnt-namespaces' },
          { text: 'uts', link: '/uts-namespaces' },
          { text: 'ipc', link: '/ipc-namespaces' },
          { text: 'pid', link: '/pid-namespaces' },
          { text: 'net', link: '/net-namespaces' },
          { text: 'cgroup', link: '/cgroup-namespaces' },
          { text: 'time', link: '/time-namespaces' },
        ],
      },
      {
        text: 'The model',
        items: [
          { text: 'The core model', link: '/core' },
          { text: 'Writing a namespace type', link: '/writing-a-namespace-type' },
          { text: 'Rule catalog', link: '/rules' },
        ],
      },
      {
        text: 'Roads not taken',
        collapsed: true,
        items: [
          { text: 'The roads not taken', link: '/roads/' },
          { text: 'nsproxy-ids', link: '/roads/nsproxy-ids' },
          { text: 'setns-nstype-fd', link: '/roads/setns-nstype-fd' },
          { text: 'socketat', link: '/roads/socketat' },
          { text: 'pid-unshare-self', link: '/roads/pid-unshare-self' },
          { text: 'userns-2007', link: '/roads/first-user-namespace' },
        ],
      },
      {
        text: 'Scenarios',
        items: [
          { text: 'Scenarios', link: '/scenarios' },
          { text: 'The scenario format', link: '/scenario-format' },
          { text: 'Fuzzing', link: '/fuzzing' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'The nsproxy command', link: '/cli' },
          { text: 'The shell', link: '/shell' },
        ],
      },
      {
        // Generated from the packages' TSDoc before each build (scripts/api.mjs, into docs/api/).
        text: 'API',
        collapsed: true,
        items: [
          { text: 'Entry points', link: '/api/' },
          ...['core', 'user', 'pid', 'uts', 'ipc', 'mnt', 'net', 'cgroup', 'time', 'scenario', 'shell', 'testkit'].map((name) => ({ text: `@nsproxy/${name}`, link: `/api/${name}` })),
        ],
      },
    ],
    socialLinks: [{ icon: 'github', link: 'https://github.com/nsproxy/nsproxy' }],
    search: { provider: 'local' },
  },
  markdown: {
    // Anchors as GitHub makes them (`## 7.6 Mounts` is #76-mounts): the pages link to each other's headings that way.
    anchor: { slugify: githubSlug },
    config(md) {
      // A "Run in the playground" link under each scenario block and after each link to a corpus file.
      md.use(scenarioBlocks);
      md.renderer.rules.html_inline = (tokens, i) => literalUnlessKnown(tokens[i]?.content ?? '');
      md.renderer.rules.html_block = (tokens, i) => literalUnlessKnown(tokens[i]?.content ?? '');
      // docs/ links to scenarios and sources beside it (../packages/...): on the site they point at GitHub.
      md.core.ruler.push('nsproxy-repo-links', (state) => {
        for (const token of state.tokens) {
          for (const child of token.children ?? []) {
            if (child.type !== 'link_open') continue;
            const href = child.attrGet('href');
            if (href?.startsWith('../') === true) child.attrSet('href', REPO_BLOB + href.slice(3));
          }
        }
      });
    },
  },
  vite: {
    // The workspace packages are bundled from their TypeScript sources (the private export condition), as vitest does.
    resolve: { conditions: ['@nsproxy/source'] },
    // The corpus at corpus/<area>/<name>.nss, fetched by the playground's lesson player.
    plugins: [corpusAssets()],
    ssr: { resolve: { conditions: ['@nsproxy/source'] } },
    // Terser rather than esbuild minifies the bundles: about 4% less gzipped JavaScript for the playground,
    // which stays under its budget that way (scripts/js-size.mjs).
    build: { chunkSizeWarningLimit: 1200, minify: 'terser', terserOptions: { compress: { passes: 2 } } },
  },
});
