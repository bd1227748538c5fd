/**
 * The rule catalog in the repository: every rule id cited anywhere (source
 * code, the corpus, the docs, the example) is in the catalog of the loaded
 * areas (rule-sites.test.ts checks that every error of the model names one); the
 * docs' rules page is the catalog's own output; `nsproxy explain` and
 * `nsproxy rules` answer as a person expects; and `nsproxy run` prints the
 * rule under a step the model failed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSimBackend } from '@nsproxy/core/scenario';
import { hostidArea } from '../../../examples/custom-namespace/hostid-scenario.ts';
import { BUILTIN_AREAS } from './areas.ts';
import { runCli } from './cli.ts';
import type { CliDeps } from './cli.ts';
import { RULE_CITATION, catalogOf, citations, rulesMarkdown, shippedCorpus } from './rules.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const areas = [...BUILTIN_AREAS, hostidArea];
const catalog = catalogOf(areas);

/** The files of a folder, recursively, by extension (no build output, no dependencies). */
function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f) && !/(^|\/)(dist|node_modules|\.tsbuild)\//.test(f))
    .map((f) => join(dir, f));
}

/** Every package of the repository (a new one is checked without a change here). */
const PACKAGE_DIRS = readdirSync(join(root, 'packages'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

const SOURCES = [
  ...PACKAGE_DIRS.flatMap((p) => filesUnder(`packages/${p}/src`, /\.ts$/)),
  ...filesUnder('apps/cli/src', /\.ts$/),
  ...filesUnder('examples/custom-namespace', /\.ts$/),
].filter((f) => !f.endsWith('.test.ts'));
const CORPUS = [...filesUnder('packages/scenario/corpus', /\.nss$/), ...filesUnder('examples/custom-namespace/scenarios', /\.nss$/)];
const DOCS = [...filesUnder('docs', /\.md$/), 'README.md', ...PACKAGE_DIRS.map((p) => `packages/${p}/README.md`).filter((f) => existsSync(join(root, f)))];

/** The rule ids a text cites. In code, only in comments and in `fail`/rule arguments: strings that look like ids. */
function citedIds(text: string): string[] {
  return [...new Set([...text.matchAll(RULE_CITATION)].map((m) => m[0]))];
}

describe('every rule the repository cites is in the catalog', () => {
  test.each([...SOURCES, ...CORPUS, ...DOCS])('%s', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const missing = citedIds(text).filter((id) => !catalog.get(id));
    expect(missing, `${file} cites rules the catalog lacks`).toEqual([]);
  });

  test('the check can fail: an unknown id is caught', () => {
    expect(citedIds('# Z9.99 and U2.14').filter((id) => !catalog.get(id))).toEqual(['Z9.99']);
  });
});

describe('docs/rules.md', () => {
  test('is what `nsproxy rules --markdown` prints (regenerate it with that command)', async () => {
    const cited = await citations([shippedCorpus()], root);
    const page = `${rulesMarkdown(BUILTIN_AREAS, cited, (file) => relative('docs', file))}\n`;
    expect(readFileSync(join(root, 'docs/rules.md'), 'utf8')).toBe(page);
  });
});

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'nsproxy-rules-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function cli(argv: readonly string[], deps: CliDeps = {}): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runCli(argv, { env: {}, platform: 'linux', cwd: root, ...deps, write: (t) => (out += t), writeErr: (t) => (err += t) });
  return { status, out, err };
}

describe('nsproxy explain', () => {
  const some = catalog.all().find((r) => r.id.startsWith('U'));

  test('a rule: its sentence, what it gives, the Linux function, and the scenarios that cite it', async () => {
    expect(some).toBeDefined();
    if (!some) return;
    const r = await cli(['explain', some.id]);
    expect(r.status).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`${some.id}  ${some.outcome}  (${some.calls.join(', ')})`);
    expect(r.out).toContain(`  ${some.rule}\n`);
    expect(r.out).toContain(`  Linux: ${some.linux.function} (${some.linux.file})\n`);
    const cited = (await citations([shippedCorpus()], root)).get(some.id) ?? [];
    expect(r.out).toContain(cited.length > 0 ? `  Scenarios: ${cited.join(', ')}\n` : '  Scenarios: none yet\n');
  });

  test('an errno and a call: the rules that can give it there', async () => {
    const r = await cli(['explain', 'EPERM', 'setns']);
    expect(r.status).toBe(0);
    const want = catalog.giving('EPERM', 'setns');
    expect(want.length).toBeGreaterThan(1);
    expect(r.out.split('\n')[0]).toBe(`${want.length} rules can give EPERM for setns:`);
    for (const rule of want) expect(r.out).toContain(`${rule.id.padEnd(7)} ${rule.rule}\n`);
  });

  test('a third party\'s rules come with its area (config file), its scenarios with --corpus', async () => {
    const r = await cli(['explain', 'H1.2', '--config', join(root, 'examples/custom-namespace/nsproxy.config.ts'), '--corpus', join(root, 'examples/custom-namespace/scenarios')]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^H1\.2 {2}EPERM {2}\(sethostid\)$/m);
    expect(r.out).toContain('examples/custom-namespace/scenarios/needs-cap.nss');
  });

  test('bad input is one line and exit 2', async () => {
    for (const argv of [['explain'], ['explain', 'Z9.99'], ['explain', 'ENOPE', 'setns'], ['explain', 'hello'], ['explain', 'U2.14', 'setns'], ['explain', 'EPERM', 'a', 'b']]) {
      const r = await cli(argv);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^nsproxy: /);
    }
  });
});

describe('nsproxy rules', () => {
  test('one line per rule, then the count', async () => {
    const r = await cli(['rules']);
    expect(r.status).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`${catalog.all().length - 2} rules`); // the built-in areas: without the example's two
    expect(lines[0]?.startsWith(catalog.all()[0]?.id ?? '?')).toBe(true);
  });

  test('--coverage on the model: every rule is counted once, in one of three groups', async () => {
    const sim = createSimBackend({ areas: BUILTIN_AREAS });
    const r = await cli(['rules', '--coverage', '--backend', 'sim'], { backends: { sim } });
    expect(r.status).toBe(0);
    const n = (re: RegExp): number => Number(re.exec(r.out)?.[1] ?? NaN);
    const all = n(/^rules: (\d+) in the catalog$/m);
    const shown = n(/^ {2}(\d+) shown by a corpus scenario passing on the model/m);
    const unshowable = n(/^ {2}(\d+) the real kernel cannot show here/m);
    const nothing = n(/^ {2}(\d+) with nothing yet/m);
    expect(shown + unshowable + nothing).toBe(all);
    expect(shown).toBeGreaterThan(0);
  });
});

describe('nsproxy run names the rule under a step the model failed', () => {
  test('the rule and its sentence, under the step', async () => {
    const file = join(tmp, 'wrong.nss');
    await writeFile(file, '@needs: user,uts\ninit: clone a user => 2\na: setns init uts => ok\n');
    const sim = createSimBackend({ areas: BUILTIN_AREAS });
    const r = await cli(['run', '--backend', 'sim', file], { backends: { sim } });
    expect(r.status).toBe(1);
    const m = /^ {4}rule: {5}([A-Z][0-9]+\.[0-9]+[a-z]?) (.*)$/m.exec(r.out);
    expect(m, r.out).not.toBeNull();
    expect(catalog.get(m?.[1] ?? '')?.rule).toBe(m?.[2]);
  });
});
