// The published packages' metadata, checked against the one place each fact is written: the
// repository URL in the root package.json, the license in LICENSE, the Node range in the root's
// engines, the fixed group in .changeset/config.json. A failure says what to change.
// The release itself is proved by `npm run release:check` (scripts/release-check.mjs).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, expectedLinks, groupVersion, peerRange, publicPackages, workspaces } from '../scripts/packages.mjs';
import { packReport } from '../scripts/pack-sizes.mjs';

type Json = Record<string, unknown>;
const readJson = (file: string): Json => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Json;
const rootPkg = readJson('package.json');
const published = publicPackages();
const names = published.map((w) => String(w.json['name']));

describe('the published packages', () => {
  it('are the ones we expect, and the private ones stay private', () => {
    expect(names.sort()).toEqual(
      ['@nsproxy/cgroup', '@nsproxy/core', '@nsproxy/ipc', '@nsproxy/linux', '@nsproxy/mnt', '@nsproxy/net', '@nsproxy/pid', '@nsproxy/scenario', '@nsproxy/shell', '@nsproxy/testkit', '@nsproxy/time', '@nsproxy/user', '@nsproxy/uts', 'nsproxy'],
    );
    const privates = workspaces().filter((w) => w.json['private'] === true).map((w) => w.json['name']);
    expect(privates.sort()).toEqual(['@nsproxy/bench', '@nsproxy/docs', '@nsproxy/example-custom-namespace']);
  });

  it('(and the private ones) point to the repository of the root package.json (the one place it is written)', () => {
    const url = (rootPkg['repository'] as { url?: unknown } | undefined)?.url;
    expect(url, 'the root package.json has repository.url').toMatch(/^git\+https:\/\/.+\.git$/);
    for (const w of workspaces()) {
      const want = expectedLinks(w.dir);
      const got = { repository: w.json['repository'], homepage: w.json['homepage'], bugs: w.json['bugs'] };
      expect(got, `${w.dir}/package.json: set these fields as shown (from the root package.json's repository.url)`).toEqual(want);
    }
  });

  it('are one fixed group in .changeset/config.json, with no private package', () => {
    const config = readJson('.changeset/config.json');
    const fixed = config['fixed'] as string[][];
    expect(fixed, 'one fixed group').toHaveLength(1);
    expect([...(fixed[0] ?? [])].sort(), 'the fixed group is every published package').toEqual([...names].sort());
    expect(config['linked']).toEqual([]);
    expect(config['privatePackages']).toEqual({ version: false, tag: false });
  });

  it('share one version; their peer ranges hold it; internal dependencies pin it', () => {
    const version = groupVersion();
    const range = peerRange(version);
    for (const w of workspaces()) {
      for (const [dep, r] of Object.entries((w.json['peerDependencies'] ?? {}) as Record<string, string>)) {
        if (names.includes(dep)) expect(r, `${w.dir}: peerDependencies ${dep} (node scripts/packages.mjs's syncPeerRanges writes it)`).toBe(range);
      }
      for (const kind of ['dependencies', 'devDependencies']) {
        for (const [dep, r] of Object.entries((w.json[kind] ?? {}) as Record<string, string>)) {
          if (names.includes(dep)) expect(r, `${w.dir}: ${kind} ${dep}`).toBe(version);
        }
      }
    }
  });

  it('have the same engines, license, type, keywords, public access, and say what side effects they have', () => {
    for (const w of published) {
      const where = `${w.dir}/package.json`;
      expect(w.json['engines'], where).toEqual(rootPkg['engines']);
      expect(w.json['license'], where).toBe('MIT');
      expect(w.json['type'], where).toBe('module');
      expect(w.json['publishConfig'], where).toEqual({ access: 'public' });
      expect(w.json['keywords'], where).toEqual(expect.arrayContaining(['linux', 'namespaces', 'nsproxy']));
      const sideEffects = w.json['sideEffects'];
      expect(sideEffects === false || Array.isArray(sideEffects), `${where}: sideEffects is false or a list of files`).toBe(true);
      if (Array.isArray(sideEffects)) {
        for (const file of sideEffects as string[]) {
          const source = file.replace(/^\.\/dist\/(.*)\.js$/, './src/$1.ts');
          expect(existsSync(join(ROOT, w.dir, source)), `${where}: sideEffects names ${file}, whose source ${source} does not exist`).toBe(true);
        }
      }
      expect(w.json['scripts'], where).toMatchObject({ 'check:pkg': 'publint --strict && attw --pack --profile esm-only' });
    }
  });

  it('each have the LICENSE of the repository, and a README that says ESM-only and Node.js 20.19', () => {
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    for (const w of published) {
      const file = join(ROOT, w.dir, 'LICENSE');
      expect(existsSync(file) && readFileSync(file, 'utf8') === license, `${w.dir}/LICENSE must be a copy of the root LICENSE`).toBe(true);
      const readme = readFileSync(join(ROOT, w.dir, 'README.md'), 'utf8');
      expect(readme, `${w.dir}/README.md`).toMatch(/ESM-only/);
      expect(readme, `${w.dir}/README.md`).toMatch(/Node\.js 20\.19 or later/);
      expect(readme, `${w.dir}/README.md: how to install it`).toMatch(/npm install /);
    }
  });

  it('pack LICENSE, README and package.json, and no test or build info', () => {
    for (const p of packReport()) {
      // Without a build there is no dist/ to look at (npm test builds first); the rest still holds.
      const problems = p.problems.filter((x) => x !== 'no dist/ (not built?)');
      expect(problems, `${p.name}'s tarball`).toEqual([]);
    }
  });
});

describe('the pending changesets', () => {
  it('name published packages only (a private package is never versioned)', () => {
    const dir = join(ROOT, '.changeset');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const text = readFileSync(join(dir, file), 'utf8');
      const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
      const packages = [...front.matchAll(/^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/gm)].map((m) => m[1]);
      expect(packages.length, `.changeset/${file} names no package`).toBeGreaterThan(0);
      for (const name of packages) expect(names, `.changeset/${file} names ${name}, which is not published`).toContain(name);
    }
  });
});
