/**
 * The API reference generator (scripts/api.mjs, TypeDoc over the packages' TSDoc): one Markdown page per public
 * entry point of the browser packages, an index that links each, and no export without a TSDoc comment
 * (`--strict`). Written to a temporary folder, not to docs/api. The pages' links and anchors are checked in the
 * built site by site.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(app, '../..');
const out = mkdtempSync(join(tmpdir(), 'nsproxy-api-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The public entry points of a package: its "exports" subpaths but ./package.json, as specifiers. */
function specifiers(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  return Object.keys(pkg.exports).filter((s) => s !== './package.json').map((s) => (s === '.' ? pkg.name : `${pkg.name}/${s.slice(2)}`));
}

describe('the API reference', () => {
  it('has a page per entry point, linked from its index, and every export has TSDoc', () => {
    const run = spawnSync(process.execPath, [join(app, 'scripts/api.mjs'), '--strict', '--out', out], { cwd: app, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toMatch(/API reference: \d+ entry points, \d+ pages in .* 0 exports without TSDoc/);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    const all = ['core', 'user', 'pid', 'uts', 'ipc', 'mnt', 'net', 'cgroup', 'time', 'scenario', 'shell', 'testkit'].flatMap(specifiers);
    expect(all.length).toBeGreaterThanOrEqual(12);
    for (const specifier of all) {
      const page = `${specifier.replace(/^@nsproxy\//, '')}.md`;
      expect(index, specifier).toContain(`[\`${specifier}\`](./${page})`);
      expect(existsSync(join(out, page)), page).toBe(true);
      const lines = readFileSync(join(out, page), 'utf8').split('\n');
      expect(lines.find((l) => l.startsWith('# ')), page).toBe(`# ${specifier}`);
    }
    // A kernel object's TSDoc reaches its page: the uts namespace's first sentence names struct uts_namespace.
    expect(readFileSync(join(out, 'uts.md'), 'utf8')).toContain('A UTS namespace (struct uts_namespace).');
  }, 120_000);
});
