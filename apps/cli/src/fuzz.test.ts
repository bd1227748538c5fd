/**
 * `nsproxy fuzz` and its engine (`generateScenario`, `shrink` in
 * @nsproxy/scenario): deterministic scenarios that parse, delta debugging
 * down to a 1-minimal failing list, disagreements found, shrunk and written
 * with Linux's answers as expectations, the model's invariants checked in
 * `--backend sim`, and a third party's area fuzzed as soon as it is loaded.
 * The run on the real kernel with a fixed seed is in test/fuzz-kernels.test.ts.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defineNamespaceType, NsCommon } from '@nsproxy/core';
import type { NamespaceOperations, UcountCharge, UserNamespace } from '@nsproxy/core';
import { OK, createSimBackend, defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea, SimOp } from '@nsproxy/core/scenario';
import { composeAreas, generateScenario, opSpec, parseScenario, shrink } from '@nsproxy/scenario';
import { BUILTIN_AREAS } from './areas.ts';
import { runCli } from './cli.ts';
import type { CliDeps } from './cli.ts';

const composed = composeAreas(BUILTIN_AREAS);
const options = { ops: composed.ops, types: composed.types, steps: 25 };

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'nsproxy-fuzz-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function cli(argv: readonly string[], deps: CliDeps): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runCli(argv, { env: {}, platform: 'linux', cwd: tmp, ...deps, write: (t) => (out += t), writeErr: (t) => (err += t) });
  return { status, out, err };
}

describe('generateScenario', () => {
  test('the same seed gives the same scenario, other seeds others', () => {
    expect(generateScenario(42, options)).toEqual(generateScenario(42, options));
    const distinct = new Set(Array.from({ length: 20 }, (_, i) => generateScenario(i, options).join('\n')));
    expect(distinct.size).toBe(20);
  });

  test('every scenario parses, has the steps asked for, and reaches the interacting ops', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 300; seed++) {
      const steps = generateScenario(seed, options);
      expect(steps).toHaveLength(25);
      const scenario = parseScenario(steps.join('\n'), `seed-${seed}.nss`, { ops: composed.ops, types: composed.types });
      for (const step of scenario.steps) seen.add(step.op);
    }
    for (const op of ['clone', 'unshare', 'setns', 'setns-pidfd', 'open', 'setns-fd', 'ioctl', 'uid_map', 'gid_map', 'setgroups', 'setuid', 'kill', 'exit']) {
      expect(seen, op).toContain(op);
    }
  });

  test('actors are init or tasks the scenario cloned; kept fds are opened before they are used', () => {
    for (let seed = 0; seed < 100; seed++) {
      const born = new Set(['init']);
      const fds = new Set<string>();
      for (const step of generateScenario(seed, options)) {
        const [actor = '', op = '', ...args] = step.split(' ');
        expect(born, step).toContain(actor.replace(/:$/, ''));
        if (op === 'clone' || op === 'thread') born.add(args[0] ?? '');
        if (op === 'open') fds.add(args[2] ?? '');
        if (op === 'pidfd-open') fds.add(args[1] ?? '');
        if (op === 'ioctl' && args[2] !== undefined) fds.add(args[2]);
        if (['setns-fd', 'close', 'fdns'].includes(op) || (op === 'ioctl' && args.length > 0)) expect(fds, step).toContain(args[0]);
      }
    }
  });

  test('--types: only the tasks section and the named types', () => {
    for (let seed = 0; seed < 50; seed++) {
      for (const step of generateScenario(seed, { ...options, types: ['uts'], only: ['tasks', 'uts'] })) {
        const spec = composed.ops.get(step.split(' ')[1] ?? '');
        expect(['tasks', 'uts'], step).toContain(spec?.group);
        expect(step).not.toMatch(/\b(user|pid|ipc)\b/);
      }
    }
  });
});

describe('shrink (delta debugging)', () => {
  test('finds the 1-minimal list that still fails', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    const fails = (c: readonly number[]): Promise<boolean> => Promise.resolve(c.includes(3) && c.includes(17) && c.includes(31));
    expect(await shrink(items, fails)).toEqual([3, 17, 31]);
  });

  test('keeps an order-dependent failure in order, and stops within its budget', async () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const fails = (c: readonly number[]): Promise<boolean> => Promise.resolve(c.indexOf(20) > c.indexOf(5) && c.indexOf(5) >= 0);
    expect(await shrink(items, fails)).toEqual([5, 20]);
    let calls = 0;
    await shrink(items, (c) => {
      calls++;
      return Promise.resolve(c.length > 0);
    }, 7);
    expect(calls).toBeLessThanOrEqual(7);
  });
});

/** A third party's type whose `dup` op leaks a reference: a bug only the model's invariants show. */
class LeakyNamespace extends NsCommon {
  constructor(ops: NamespaceOperations, owner: UserNamespace, ucount: UcountCharge | null) {
    super(ops, owner, ucount);
  }
}
const CLONE_NEWLEAKY = 2 ** 41;
const leakyType: NamespaceOperations<LeakyNamespace> = defineNamespaceType<LeakyNamespace>({
  name: 'leaky',
  type: CLONE_NEWLEAKY,
  order: 110,
  createInitial: (_kernel, initUserNs) => new LeakyNamespace(leakyType, initUserNs, null),
  copy: (ctx) => new LeakyNamespace(leakyType, ctx.userNs, ctx.chargeUcount()),
  save: () => null,
  revive: (_kernel, owner) => new LeakyNamespace(leakyType, owner, null),
});
function leakyArea(leak: boolean): SimArea {
  return defineSimArea({
    name: 'leaky',
    types: [leakyType],
    ops: [opSpec('leaky', 'leak', 0, [])],
    sim: {
      leak(world, actor) {
        const ns = world.kernel.nsOf(actor, 'leaky');
        if (leak && ns) ns.count++;
        return OK;
      },
    },
  });
}

describe('nsproxy fuzz', () => {
  test('--backend sim checks the model\'s invariants: a leaked reference is found, shrunk and written', async () => {
    const areas = [...BUILTIN_AREAS, leakyArea(true)];
    const deps = { areas, backends: { sim: createSimBackend({ areas }) } };
    const r = await cli(['fuzz', '--backend', 'sim', '--seed', '5', '--count', '30', '--steps', '12', '--types', 'leaky', '--out', 'found'], deps);
    expect(r.err).toBe('');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^FOUND .*fuzz-5-\d+\.nss: the model broke on '.*leak': after the step: leaky:\[\d+\]: reference count \d+, but \d+ holders/m);
    const files = await readdir(join(tmp, 'found'));
    expect(files.length).toBeGreaterThan(0);
    const text = await readFile(join(tmp, 'found', files[0] ?? ''), 'utf8');
    // 1-minimal: a leak by a live task is all it takes (init's, or a child's after its clone).
    const steps = text.split('\n').filter((l) => /^[a-z]/.test(l));
    expect(steps.length).toBeLessThanOrEqual(2);
    expect(steps.at(-1)).toMatch(/^[a-z]+: leak {3}# model broke: /);
    expect(r.out).toMatch(/^fuzz: seed 5, 30 scenarios of 12 steps on the model \(invariants\), \d+ steps run: \d+ found$/m);
  });

  test('the same area without the bug: nothing found, exit 0, nothing written', async () => {
    const areas = [...BUILTIN_AREAS, leakyArea(false)];
    const r = await cli(['fuzz', '--backend', 'sim', '--seed', '5', '--count', '30', '--steps', '12', '--types', 'leaky', '--out', 'found'], { areas, backends: { sim: createSimBackend({ areas }) } });
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/: 0 found$/m);
    await expect(readdir(join(tmp, 'found'))).rejects.toThrow();
  });

  test('both kernels: a disagreement is shrunk to the steps that matter and written with the reference kernel\'s answers', async () => {
    // The "real" kernel here is the model with one rule changed: sethostname of an empty name is EINVAL there.
    const strict: SimArea[] = BUILTIN_AREAS.map((a): SimArea => {
      const original = a.sim['sethostname'];
      if (a.name !== 'uts' || !original) return a;
      const sethostname: SimOp = (world, actor, args) => (args[0] === '' ? { kind: 'errno', code: 'EINVAL' } : original(world, actor, args));
      return { ...a, sim: { ...a.sim, sethostname } };
    });
    const linux = { ...createSimBackend({ areas: strict }), name: 'linux' };
    const deps = { backends: { sim: createSimBackend({ areas: BUILTIN_AREAS }), linux } };
    const r = await cli(['fuzz', '--backend', 'both', '--seed', '4', '--count', '60', '--steps', '15', '--types', 'uts', '--out', 'found'], deps);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^FOUND .*: the model and Linux disagree on '[a-z]+: sethostname ""'/m);
    const files = await readdir(join(tmp, 'found'));
    const text = await readFile(join(tmp, 'found', files[0] ?? ''), 'utf8');
    expect(text).toMatch(/^@title: fuzz: the model and Linux disagree on /m);
    expect(text).toMatch(/^@about: found by `nsproxy fuzz --seed 4 --count 60 --steps 15 --types uts --backend both` \(scenario \d+\); shrunk from 15 to \d+ steps; the same on 3 runs of each kernel$/m);
    expect(text).toMatch(/: sethostname "" => EINVAL {3}# model: ok$/m);
    // The file is a scenario: it parses, and it fails on the model, as a bug's scenario should.
    expect(() => parseScenario(text, 'found.nss', { ops: composed.ops, types: composed.types })).not.toThrow();
  });

  test('deterministic: the same seed finds the same files with the same text', async () => {
    const areas = [...BUILTIN_AREAS, leakyArea(true)];
    const run = async (out: string): Promise<string[]> => {
      const r = await cli(['fuzz', '--backend', 'sim', '--seed', '5', '--count', '30', '--steps', '12', '--types', 'leaky', '--out', out], { areas, backends: { sim: createSimBackend({ areas }) } });
      expect(r.status).toBe(1);
      const dir = join(tmp, out);
      const names = (await readdir(dir)).sort();
      return Promise.all(names.map(async (n) => `${n}\n${await readFile(join(dir, n), 'utf8')}`));
    };
    expect(await run('one')).toEqual(await run('two'));
  });

  test('bad input is one line and exit 2', async () => {
    for (const argv of [['--seed', '-1'], ['--count', '0'], ['--steps', 'x'], ['--backend', 'linux'], ['--types', 'nope']]) {
      const r = await cli(['fuzz', '--backend', 'sim', ...argv], {});
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^nsproxy: /);
    }
  });
});
