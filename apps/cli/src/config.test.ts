/**
 * A third party's namespace type in `nsproxy run`: the example type of
 * examples/custom-namespace (hostid) brings a scenario area, and its
 * nsproxy.config.ts adds it to the command, found from the working directory
 * or named by --config. Its scenarios pass on the simulated kernel; the real
 * kernel, which has no such type, skips them; without the config, a scenario
 * naming the type is a parse error that says where to add an area.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { NAMESPACE_TYPES } from '@nsproxy/scenario';
import type { Backend } from '@nsproxy/scenario';
import { runCli } from './cli.ts';
import type { CliDeps } from './cli.ts';
import { findConfig } from './config.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = join(root, 'examples/custom-namespace');
const config = join(example, 'nsproxy.config.ts');
const scenarios = join(example, 'scenarios');
const FILES = ['isolated.nss', 'needs-cap.nss', 'setns.nss'];

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'nsproxy-config-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function cli(argv: readonly string[], deps: CliDeps): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runCli(argv, { env: {}, platform: 'linux', ...deps, write: (t) => (out += t), writeErr: (t) => (err += t) });
  return { status, out, err };
}

/** A real-kernel stand-in: the eight types of the format, and nothing runs. */
function linuxLike(): Backend & { opened: number } {
  const backend = {
    name: 'linux',
    types: NAMESPACE_TYPES,
    opened: 0,
    unavailable: () => Promise.resolve(undefined),
    supportsOp: () => true,
    open() {
      backend.opened++;
      return Promise.reject(new Error('nothing should run'));
    },
  };
  return backend;
}

describe('the config file', () => {
  test('is found from the working directory upward', () => {
    expect(findConfig(example)).toBe(config);
    expect(findConfig(scenarios)).toBe(config);
    expect(findConfig(tmp)).toBeUndefined();
  });

  test("the example's scenarios pass on sim with the config found from the working directory", async () => {
    const result = await cli(['run', '--backend', 'sim', scenarios], { cwd: example });
    expect(result).toEqual({ status: 0, out: `backend: sim\n${FILES.map((f) => `PASS ${join(scenarios, f)}\n`).join('')}3 passed, 0 failed\n`, err: '' });
  });

  test('and with --config from anywhere', async () => {
    const result = await cli(['run', '--backend', 'sim', '--config', config, scenarios], { cwd: tmp });
    expect(result.status).toBe(0);
    expect(result.out.endsWith('3 passed, 0 failed\n')).toBe(true);
  });

  test('without it, a scenario naming the type is a parse error naming the config file', async () => {
    const result = await cli(['run', '--backend', 'sim', join(scenarios, 'isolated.nss')], { cwd: tmp });
    expect(result.status).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toBe(
      `${join(scenarios, 'isolated.nss')}:3:9: @needs: unknown namespace type or op 'hostid' (types: cgroup ipc mnt net pid time user uts); no loaded scenario area provides namespace type or op 'hostid' (add one in nsproxy.config.ts; none was found from ${tmp})\n`,
    );
    // A step naming it, without @needs, says the same.
    const step = join(tmp, 'step.nss');
    await writeFile(step, 'init: clone a hostid => 2\n');
    const named = await cli(['run', '--backend', 'sim', step], { cwd: tmp });
    expect(named.err).toMatch(/^.*step\.nss:1:15: clone: unknown namespace type 'hostid' .*; no loaded scenario area provides namespace type 'hostid' \(add one in nsproxy\.config\.ts; none was found from .*\)\n$/);
  });

  test('the real kernel skips them: it has no such type', async () => {
    const linux = linuxLike();
    const result = await cli(['run', '--backend', 'linux', scenarios], { cwd: example, backends: { linux } });
    expect(result).toEqual({
      status: 0,
      out: `backend: linux\n${FILES.map((f) => `SKIP ${join(scenarios, f)} (linux backend lacks namespace type hostid)\n`).join('')}0 passed, 0 failed, 3 skipped\n`,
      err: '',
    });
    expect(linux.opened).toBe(0);
  });

  const bin = join(root, 'apps/cli/dist/bin.js');
  test.skipIf(!existsSync(bin) || process.platform !== 'linux')('the built command, run in the example: sim passes, both and auto skip on the real kernel', () => {
    const sim = spawnSync(process.execPath, [bin, 'run', '--backend', 'sim', 'scenarios'], { cwd: example, encoding: 'utf8' });
    expect(sim.stderr).toBe('');
    expect(sim.stdout).toBe(`backend: sim\n${FILES.map((f) => `PASS scenarios/${f}\n`).join('')}3 passed, 0 failed\n`);
    expect(sim.status).toBe(0);
    for (const backend of ['both', 'auto', 'linux']) {
      const real = spawnSync(process.execPath, [bin, 'run', '--backend', backend, 'scenarios'], { cwd: example, encoding: 'utf8', env: { ...process.env, CI: '' } });
      const unavailable = /linux backend unavailable/.test(real.stdout + real.stderr);
      if (unavailable) continue; // no real kernel here: run.test.ts covers that case
      // Without root a note on the nested world comes after the backend's line.
      const header = `backend: ${backend === 'linux' ? 'linux' : 'both (linux and sim, transcripts diffed)'}\n`;
      expect(real.stdout.startsWith(header), backend).toBe(true);
      expect(real.stdout.endsWith(`\n${FILES.map((f) => `SKIP scenarios/${f} (linux backend lacks namespace type hostid)\n`).join('')}0 passed, 0 failed, 3 skipped\n`), real.stdout).toBe(true);
      expect(real.status).toBe(0);
    }
  });
});

describe('a bad config: one line on stderr, exit 2, nothing runs', () => {
  const cases: [string, string, RegExp][] = [
    ['throws.mjs', "throw new Error('boom');\n", /^nsproxy: cannot load .*throws\.mjs: boom\n$/],
    ['no-default.mjs', 'export const areas = [];\n', /^nsproxy: .*no-default\.mjs has no default export of a config \(export default defineConfig\(\{ areas: \[\.\.\.\] \}\)\)\n$/],
    ['not-array.mjs', 'export default { areas: 1 };\n', /^nsproxy: .*not-array\.mjs: areas must be an array of scenario areas\n$/],
    ['bad-area.mjs', "export default { areas: [{ name: 'x', types: [], ops: [], sim: { op: 1 } }] };\n", /^nsproxy: .*bad-area\.mjs: areas\[0\] \('x'\): sim\.op is not a function\n$/],
    ['twice.mjs', "export default { areas: [{ name: 'again', types: [], ops: [{ name: 'clone', usage: 'clone', min: 0, max: 0, args: [], group: 'x' }], sim: {} }] };\n", /^nsproxy: .*twice\.mjs: scenario areas 'core' and 'again' both define op 'clone'\n$/],
    ['syntax.mjs', 'export default {\n', /^nsproxy: cannot load .*syntax\.mjs: .+\n$/],
  ];
  test.each(cases)('%s', async (name, text, err) => {
    const file = join(tmp, name);
    await writeFile(file, text);
    const s = join(tmp, 's.nss');
    await writeFile(s, 'init: id => uid=0 gid=0\n');
    const result = await cli(['run', '--backend', 'sim', '--config', file, s], { cwd: tmp });
    expect(result.status).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(err);
  });

  test('a --config file that does not exist', async () => {
    const result = await cli(['run', '--backend', 'sim', '--config', 'nope.ts', 'x.nss'], { cwd: tmp });
    expect(result).toEqual({ status: 2, out: '', err: `nsproxy: config file ${join(tmp, 'nope.ts')} does not exist\n` });
  });

  test('a config found from the working directory is used the same way', async () => {
    await writeFile(join(tmp, 'nsproxy.config.mjs'), "throw new Error('found me');\n");
    const s = join(tmp, 's.nss');
    await writeFile(s, 'init: id => uid=0 gid=0\n');
    const result = await cli(['run', '--backend', 'sim', s], { cwd: tmp });
    expect(result).toEqual({ status: 2, out: '', err: `nsproxy: cannot load ${join(tmp, 'nsproxy.config.mjs')}: found me\n` });
  });
});
