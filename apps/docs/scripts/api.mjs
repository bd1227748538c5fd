// The API reference: Markdown pages generated from the packages' TSDoc by TypeDoc (typedoc-plugin-markdown)
// into docs/api/ (gitignored), which `npm run build` runs before `vitepress build`.
// - One page per public entry point (each "exports" subpath of the browser packages: @nsproxy/core,
//   @nsproxy/core/scenario, @nsproxy/user, ..., @nsproxy/testkit), read from the TypeScript sources
//   (the @nsproxy/source condition, as vitest and the site's bundle read them), so no package build is needed.
// - docs/api/index.md lists them; the site's nav and sidebar link there.
// - Exports without a TSDoc comment are counted and printed (the project's rule: TSDoc on every export);
//   `--strict` makes them fail the run (test/api.test.ts runs it so).
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, ReflectionKind } from 'typedoc';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(app, '../..');
const args = process.argv.slice(2);
/** `--out DIR`: write there instead of docs/api (the test does). */
const out = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1] ?? '') : join(root, 'docs/api');
const strict = args.includes('--strict');

/** The packages whose entry points the reference covers (the browser packages), in the order the index lists them. */
const PACKAGES = ['core', 'user', 'pid', 'uts', 'ipc', 'mnt', 'net', 'cgroup', 'time', 'scenario', 'shell', 'testkit'];

/** Every public entry point: [specifier, source file], from each package.json's "exports" (its @nsproxy/source condition). */
function entryPoints() {
  const entries = [];
  for (const dir of PACKAGES) {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      if (subpath === './package.json' || typeof target !== 'object') continue;
      const source = target['@nsproxy/source'];
      if (typeof source !== 'string') throw new Error(`${pkg.name}: exports["${subpath}"] has no @nsproxy/source condition`);
      entries.push([subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`, join(root, 'packages', dir, source)]);
    }
  }
  return entries;
}

const started = performance.now();
const entries = entryPoints();

const typedoc = await Application.bootstrapWithPlugins({
  entryPoints: entries.map(([, file]) => file),
  tsconfig: join(app, 'tsconfig.api.json'),
  plugin: ['typedoc-plugin-markdown'],
  out,
  readme: 'none',
  // The packages' sources type-check in their own builds; here TypeDoc only reads them.
  skipErrorChecking: true,
  excludePrivate: true,
  excludeInternal: true,
  // Source links point at the file in the repository (as the site's other links out of docs/ do); no git call.
  disableGit: true,
  displayBasePath: root,
  sourceLinkTemplate: 'https://github.com/nsproxy/nsproxy/blob/main/{path}#L{line}',
  // One page per entry point: a few large pages the site's search indexes, rather than a page per export.
  outputFileStrategy: 'modules',
  entryFileName: 'index',
  excludeScopesInPaths: true,
  hidePageHeader: true,
  hideBreadcrumbs: true,
  useCodeBlocks: true,
  // An explicit <a id> before each heading, with TypeDoc's own anchor: its links ("#kernelsnapshot-1") then always land.
  useHTMLAnchors: true,
  parametersFormat: 'table',
  interfacePropertiesFormat: 'table',
  classPropertiesFormat: 'table',
  typeAliasPropertiesFormat: 'table',
  enumMembersFormat: 'table',
  // Table rows without the "Defined in" and "Inherited from" columns (each declaration's heading still says where
  // it is defined): the pages are a third smaller, and the site builds that much faster.
  tableColumnSettings: { hideSources: true, hideInherited: true, hideOverrides: true },
  sanitizeComments: true,
  validation: { notExported: false, invalidLink: true, notDocumented: false },
  logLevel: 'Warn',
});

const project = await typedoc.convert();
if (!project) throw new Error('TypeDoc could not convert the packages (see the errors above)');

// Each module is named after its entry point's package specifier (TypeDoc names it by path: "core/src/scenario").
// TypeDoc's name is the entry's path from displayBasePath (the repository), without `.ts` and `/index`.
const byTypedocName = new Map(entries.map(([specifier, file]) => [relative(root, file).replace(/\.ts$/, '').replace(/\/index$/, ''), specifier]));
for (const module of project.children ?? []) {
  const specifier = byTypedocName.get(module.name);
  if (specifier === undefined) throw new Error(`API: no entry point for module ${module.name}`);
  module.name = specifier;
}
project.name = 'API reference';
project.children?.sort((a, b) => entries.findIndex(([s]) => s === a.name) - entries.findIndex(([s]) => s === b.name));

// Exports without a comment: the declarations (and their signatures) that carry no summary.
const undocumented = [];
const KINDS = ReflectionKind.Class | ReflectionKind.Interface | ReflectionKind.Function | ReflectionKind.Variable | ReflectionKind.TypeAlias | ReflectionKind.Enum;
for (const module of project.children ?? []) {
  for (const decl of module.children ?? []) {
    if (!decl.kindOf(KINDS)) continue;
    const comment = decl.comment ?? decl.signatures?.find((s) => s.comment)?.comment ?? decl.type?.declaration?.signatures?.[0]?.comment;
    if (comment === undefined || comment.summary.every((part) => part.text.trim() === '')) undocumented.push(`${module.name}: ${decl.name}`);
  }
}

rmSync(out, { recursive: true, force: true });
await typedoc.generateOutputs(project);
if (typedoc.logger.hasErrors()) throw new Error('TypeDoc reported errors (see above)');

// Each page's outline (the right-hand "On this page") lists the kinds (h2) and the declarations (h3).
for (const file of markdownFiles(out)) writeFileSync(file, `---\noutline: [2, 3]\n---\n\n${readFileSync(file, 'utf8')}`);

// The index page: the entry points, each with its package's one-line description.
const lines = ['# API reference', '', 'Generated from the packages\' TSDoc by TypeDoc at build time (`apps/docs/scripts/api.mjs`); one page per public entry point.', ''];
for (const [specifier, file] of entries) {
  const dir = file.slice(join(root, 'packages').length + 1).split('/')[0];
  const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  const page = pagePath(specifier);
  if (!existsSync(join(out, page))) throw new Error(`API: TypeDoc wrote no page for ${specifier} (expected docs/api/${page})`);
  const summary = project.children?.find((m) => m.name === specifier)?.comment?.summary.map((part) => part.text).join('').trim();
  const what = specifier === pkg.name ? pkg.description : firstSentence(summary) ?? `the \`${specifier.slice(pkg.name.length + 1)}\` entry point of ${pkg.name}.`;
  lines.push(`- [\`${specifier}\`](./${page}): ${what ?? ''}`);
}
writeFileSync(join(out, 'index.md'), `${lines.join('\n')}\n`);

/** The first sentence of a comment (up to the first full stop followed by a space or the end), on one line. */
function firstSentence(text) {
  if (text === undefined || text === '') return undefined;
  const line = text.replace(/\s+/g, ' ');
  return /^.*?\.(?=\s|$)/.exec(line)?.[0] ?? line;
}

/** Where TypeDoc's markdown plugin puts an entry point's page (the scope dropped: @nsproxy/core/scenario is core/scenario.md). */
function pagePath(specifier) {
  return `${specifier.replace(/^@[^/]+\//, '')}.md`;
}

const pages = markdownFiles(out).length;
const ms = Math.round(performance.now() - started);
console.log(`API reference: ${entries.length} entry points, ${pages} pages in ${relative(root, out)}/ (${ms} ms); ${undocumented.length} exports without TSDoc`);
for (const name of undocumented) console.log(`  undocumented: ${name}`);
if (strict && undocumented.length > 0) process.exit(1);

/** The Markdown files under a folder, in subfolders too. */
function markdownFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => join(dir, f));
}
