/**
 * The package boundaries the scenario areas rest on: `@nsproxy/scenario` (the
 * format and the runner-backend contract) and `@nsproxy/linux` (the real
 * backend) load no model package, and `@nsproxy/core`'s main entry does not
 * load its `./scenario` subpath, so a user of the model alone never loads the
 * scenario language.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL = ['@nsproxy/core', '@nsproxy/user', '@nsproxy/pid', '@nsproxy/uts', '@nsproxy/ipc', '@nsproxy/time', '@nsproxy/cgroup', '@nsproxy/testkit', '@nsproxy/shell'];

function json(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
}

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** The module specifiers a TypeScript file imports or re-exports (static and dynamic). */
function specifiers(path: string): string[] {
  const text = readFileSync(join(root, path), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? '');
}

describe.each(['packages/scenario', 'packages/linux'])('%s loads no model package', (pkg) => {
  test('package.json depends on no model package', () => {
    const manifest = json(`${pkg}/package.json`);
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = Object.keys((manifest[field] as Record<string, string> | undefined) ?? {});
      expect(deps.filter((d) => MODEL.includes(d)), `${pkg} ${field}`).toEqual([]);
    }
  });

  test('its tsconfig files reference no model package', () => {
    for (const file of readdirSync(join(root, pkg)).filter((f) => /^tsconfig.*\.json$/.test(f))) {
      const text = readFileSync(join(root, pkg, file), 'utf8');
      expect(text, `${pkg}/${file}`).not.toMatch(/packages\/(core|user|pid|uts|ipc|time|cgroup|testkit|shell)\//);
      expect(text, `${pkg}/${file}`).not.toMatch(/"\.\.\/(core|user|pid|uts|ipc|time|cgroup|testkit|shell)\//);
    }
  });

  test('no source or test file imports a model package', () => {
    const dirs = pkg === 'packages/linux' ? ['packages/linux/src', 'packages/linux/test'] : ['packages/scenario/src', 'packages/scenario/test'];
    for (const file of dirs.flatMap(sources)) {
      const model = specifiers(file).filter((s) => MODEL.some((m) => s === m || s.startsWith(`${m}/`)));
      expect(model, file).toEqual([]);
    }
  });
});

// The backend itself needs only the contract; its tests may also use the runner (which loads no model either).
test('@nsproxy/linux imports only the contract of @nsproxy/scenario', () => {
  for (const file of sources('packages/linux/src').filter((f) => !f.endsWith('.test.ts'))) {
    const scenario = specifiers(file).filter((s) => s.startsWith('@nsproxy/scenario'));
    expect(scenario.filter((s) => s !== '@nsproxy/scenario/contract'), file).toEqual([]);
  }
});

test("@nsproxy/core's main entry never loads its scenario subpath (or @nsproxy/scenario)", () => {
  const seen = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const s of specifiers(file)) {
      expect(s.startsWith('@nsproxy/scenario'), `${file} imports ${s}`).toBe(false);
      if (!s.startsWith('.')) continue;
      const target = relative(root, resolve(root, dirname(file), s));
      expect(target.startsWith('packages/core/src/scenario/'), `${file} imports ${s}`).toBe(false);
      walk(target);
    }
  };
  walk('packages/core/src/index.ts');
  expect(seen.size).toBeGreaterThan(5);
});

test('each type package and core export their scenario area under ./scenario, with the conditions of .', () => {
  for (const pkg of ['core', 'user', 'pid', 'uts', 'ipc', 'time', 'cgroup']) {
    const exportsField = json(`packages/${pkg}/package.json`)['exports'] as Record<string, Record<string, string>>;
    const main = exportsField['.'];
    const sub = exportsField['./scenario'];
    expect(sub, pkg).toBeDefined();
    expect(Object.keys(sub ?? {}), pkg).toEqual(Object.keys(main ?? {}));
  }
});
