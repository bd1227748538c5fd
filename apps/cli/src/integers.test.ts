/**
 * Issue 12, item 4: an integer argument past 2^53 (`setuid
 * 0xffffffffffffffffffff`) was uid 0 on the model and uid 1 on Linux (the
 * driver sent `1.2089258196146292e+24`). Now every integer argument is read
 * exactly against the C type the system call receives: the parser refuses a
 * value that does not fit (C would need a cast), and a step that reaches a
 * backend anyway gets the same answer from both.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { composeAreas, parseScenario, runDiff } from '@nsproxy/scenario';
import type { Backend, Scenario } from '@nsproxy/scenario';
import { BUILTIN_AREAS } from './areas.ts';
import { loadDefaultBackend } from './backends.ts';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const ISSUE = 'init: setuid 0xffffffffffffffffffff => ok';
const REFUSAL = '0xffffffffffffffffffff does not fit in uid_t (32 bits: -2147483648..4294967295); C would need a cast, and (uid_t)0xffffffffffffffffffff is 4294967295';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nsproxy-int-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the issue\'s example', () => {
  test.skipIf(!existsSync(bin))('the built command refuses it at parse time on every backend: one line, exit 2, nothing runs', async () => {
    const file = join(dir, 'issue.nss');
    await writeFile(file, `@title: t\n${ISSUE}\n`);
    for (const backend of ['sim', 'linux', 'both']) {
      const r = spawnSync(process.execPath, [bin, 'run', '--backend', backend, file], { encoding: 'utf8', env: { ...process.env, CI: '' } });
      expect(r.stdout, backend).toBe('');
      expect(r.stderr, backend).toBe(`${file}:2:14: setuid: ${REFUSAL} (usage: setuid <n>)\n`);
      expect(r.status, backend).toBe(2);
    }
  });
});

/** A scenario built by hand, so that a step the parser refuses still reaches the backends. */
function unparsed(lines: readonly string[]): Scenario {
  const steps = lines.map((text, i) => {
    const [actor = '', rest = ''] = text.split(': ');
    const [op = '', ...args] = rest.split(' ');
    return { actor, op, args, line: i + 1, text, expect: undefined };
  });
  return { file: 'unparsed.nss', title: 't', about: undefined, needs: [], needsOps: [], roads: [], uses: [], headers: [], steps };
}

describe('both backends receive the same exact value', () => {
  let sim: Backend;
  let linux: Backend;
  let why: string | undefined;
  beforeAll(async () => {
    sim = await loadDefaultBackend('sim', BUILTIN_AREAS);
    try {
      linux = await loadDefaultBackend('linux', BUILTIN_AREAS);
      why = await linux.unavailable();
    } catch (error) {
      why = String(error);
    }
    if (why !== undefined && process.env['CI'] === 'true') throw new Error(`linux backend unavailable under CI: ${why}`);
  });

  test('a value that does not fit is the same runner error on both, never a rounded value', async (ctx) => {
    if (why !== undefined) ctx.skip(`linux backend unavailable: ${why}`);
    const result = await runDiff(unparsed(['init: setuid 0xffffffffffffffffffff']), { sim, linux });
    expect(result.runs.sim.transcript).toBe(`init: setuid 0xffffffffffffffffffff => error: ${REFUSAL}\n`);
    expect(result.runs.linux.transcript).toBe(result.runs.sim.transcript);
    expect(result.diff).toBeUndefined();
  });

  test('the edge values of each C type give one transcript on both backends', async (ctx) => {
    if (why !== undefined) ctx.skip(`linux backend unavailable: ${why}`);
    const source = [
      '@title: t',
      'init: clone a user',
      'init: uid_map a "0 0 1;4294967294 1000 1"',
      'init: gid_map a "0 0 1;4294967294 1000 1"',
      'a: setuid 0xffffffff',
      'a: setgid 4294967294',
      'a: setuid -2',
      'a: id',
      'init: shmget 0xdeadbeef create',
      'init: shmget -559038737',
      'init: msgget -1 create',
      'init: msgsnd 0 0x7ffffffffffffc00 2 hi',
      'init: msgsnd 0 1 0xffffffffffffffff',
      'init: msgrcv 0 0x8000000000000000 0',
      'init: msgrcv 0 9223372036854775807 -9223372036854774784',
      'init: semget 0x7fffffff create',
      'init: semop 0 0:32767,0:-32768',
      'init: exit 0xffffffff',
    ].join('\n');
    const { ops, types } = composeAreas(BUILTIN_AREAS);
    const result = await runDiff(parseScenario(source, 'edges.nss', { ops, types }), { sim, linux });
    expect(result.diff).toBeUndefined();
    expect(result.runs.linux.transcript).toContain('a: id => uid=4294967294 gid=4294967294\n');
    expect(result.runs.linux.transcript).toContain('init: shmget -559038737 => 0\n');
    expect(result.runs.linux.transcript).toContain('=> mtype=9223372036854774784 size=2 text=hi\n');
    expect(result.status).toBe('pass');
  });
});
