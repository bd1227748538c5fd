/**
 * Snapshots of the mnt type (snapshot.ts): a restored kernel has the same
 * snapshot and answers every later call as the original does (mountinfo,
 * lookups through mounts, propagation, lazily unmounted working
 * directories, nsfs pins); caches are not part of a snapshot; the counters
 * that only order things are derived, so a failed call leaves no trace; and
 * a fast-check property: any sequence of calls, split at any point by a
 * snapshot and a restore, ends in the same state as the unbroken run.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { CLONE_NEWNS, Kernel, KernelError, kernelProblems } from '@nsproxy/core';
import type { KernelSnapshot, Task } from '@nsproxy/core';
import { CLONE_NEWREFUSING, propertyRuns, refusingType } from '@nsproxy/testkit';
import { chdir, creat, lookup, mkdir, mount, mountInfoText, pin, readdir, snapshotDentries, umount2 } from './index.ts';
import type { MountRequest } from './index.ts';
import { boot, fingerprint, setupNss } from '../test/helpers.ts';
import { outcomeOf as outcome } from '@nsproxy/testkit';

/** A copy of `kernel` through JSON, and the task of `kernel`'s task serial in it. */
function roundTrip(kernel: Kernel): { copy: Kernel; task: (t: Task) => Task } {
  const snap = JSON.parse(JSON.stringify(kernel.snapshot())) as KernelSnapshot;
  const copy = Kernel.restore(snap, { namespaces: kernel.types.filter((t) => kernel.isRegistered(t)) });
  const task = (t: Task): Task => {
    const found = copy.tasks().find((x) => x.serial === t.serial);
    if (!found) throw new Error(`no task ${t.serial} in the copy`);
    return found;
  };
  return { copy, task };
}

/** A world with most of what the type keeps: tmpfs trees, shared and slave mounts, a lazily unmounted cwd, an ns pin, a second namespace, a procfs bind. */
function busyWorld(): { kernel: Kernel; init: Task; child: Task; lazy: Task } {
  const { kernel, init } = boot({ extra: [refusingType] });
  setupNss(kernel, init);
  for (const d of ['a', 'b', 'c', 'a/x', 'pins']) mkdir(kernel, init, `/tmp/nss/${d}`);
  creat(kernel, init, '/tmp/nss/a/file');
  mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
  mkdir(kernel, init, '/tmp/nss/a/inner');
  mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
  mount(kernel, init, '/tmp/nss/b', { kind: 'bind', source: '/tmp/nss/a' });
  mount(kernel, init, '/tmp/nss/b', { kind: 'propagation', type: 'slave', recursive: false });
  mount(kernel, init, '/tmp/nss/a/inner', { kind: 'tmpfs' });
  const child = kernel.clone(init, CLONE_NEWNS);
  pin(kernel, init, child, 'mnt', '/tmp/nss/pins/m');
  const lazy = kernel.clone(init, 0);
  mount(kernel, init, '/tmp/nss/c', { kind: 'tmpfs' });
  mkdir(kernel, init, '/tmp/nss/c/deep');
  chdir(kernel, lazy, '/tmp/nss/c/deep');
  umount2(kernel, init, '/tmp/nss/c', { detach: true });
  mount(kernel, child, '/proc', { kind: 'proc' });
  return { kernel, init, child, lazy };
}

describe('mnt snapshots', () => {
  test('a restored kernel has the same snapshot, the same mountinfo, and its state checks out', () => {
    const { kernel, init, child, lazy } = busyWorld();
    const { copy, task } = roundTrip(kernel);
    expect(copy.snapshot()).toEqual(kernel.snapshot());
    expect(kernelProblems(copy)).toEqual([]);
    for (const t of [init, child, lazy]) expect(mountInfoText(copy, task(t))).toBe(mountInfoText(kernel, t));
    // snapshotDentries: the same list, in the same order, for the kernel and its copy.
    const label = (d: { sb: { dev: string }; path(): string; kind: string }): string => `${d.sb.dev} ${d.path()} ${d.kind}`;
    const mine = snapshotDentries(kernel).map(label);
    expect(snapshotDentries(copy).map(label)).toEqual(mine);
    expect(mine).toContain('0:4 mnt:[4026531832] file'.replace('4026531832', String(child.nsproxy?.slots.find((n) => n.type === 'mnt')?.inum)));
    expect(mine.filter((l) => l.endsWith(' /a/file file'))).toHaveLength(1);
  });

  test('a restored kernel answers later calls as the original does', () => {
    const { kernel, init, child, lazy } = busyWorld();
    const { copy, task } = roundTrip(kernel);
    /** The same calls on both kernels, compared step by step. */
    const steps: [string, (k: Kernel, tk: (t: Task) => Task) => unknown][] = [
      ['readdir through a shared mount', (k, tk) => readdir(k, tk(init), '/tmp/nss/b/inner')],
      ['propagation to the slave', (k, tk) => mount(k, tk(init), '/tmp/nss/a/inner', { kind: 'tmpfs' })],
      ['the slave sees it', (k, tk) => mountInfoText(k, tk(init))],
      ['the lazy cwd still works', (k, tk) => readdir(k, tk(lazy), '.')],
      ['and mounts nothing there', (k, tk) => mount(k, tk(lazy), '.', { kind: 'tmpfs' })],
      ['the pin keeps the namespace', (k, tk) => lookup(k, tk(init), '/tmp/nss/pins/m', 'open').dentry.ns?.inum],
      ['the ids are reused as the original reuses them', (k, tk) => {
        umount2(k, tk(init), '/tmp/nss/b');
        mount(k, tk(init), '/tmp/nss/b', { kind: 'tmpfs' } satisfies MountRequest);
        return mountInfoText(k, tk(init));
      }],
      ['the new namespace keeps its procfs', (k, tk) => readdir(k, tk(child), '/proc')],
      ['a new namespace copies the tree in order', (k, tk) => mountInfoText(k, k.clone(tk(init), CLONE_NEWNS))],
    ];
    for (const [what, step] of steps) {
      expect(outcome(() => step(copy, task)), what).toBe(outcome(() => step(kernel, (t) => t)));
    }
    expect(kernelProblems(copy)).toEqual([]);
  });

  test('caches are not kept: a procfs lookup leaves the snapshot as it was', () => {
    const { kernel, init } = busyWorld();
    const before = JSON.stringify(kernel.snapshot());
    lookup(kernel, init, '/proc/1/ns/mnt', 'open', { follow: false });
    lookup(kernel, init, '/proc/self/ns/mnt', 'open');
    expect(JSON.stringify(kernel.snapshot())).toBe(before);
  });

  test('counters that only order things are derived: a failed clone leaves no trace, and order is kept after a restore', () => {
    const { kernel, init } = busyWorld();
    const before = JSON.stringify(kernel.snapshot());
    // refusingType's copy runs after mnt's and fails: the tree was copied (ids consumed) and dropped.
    expect(() => kernel.clone(init, CLONE_NEWNS + CLONE_NEWREFUSING)).toThrow(KernelError);
    expect(JSON.stringify(kernel.snapshot())).toBe(before);
    // The next mount goes after every existing one in mountinfo, in the original and in a copy.
    const { copy, task } = roundTrip(kernel);
    mount(kernel, init, '/tmp/nss/b', { kind: 'tmpfs' });
    mount(copy, task(init), '/tmp/nss/b', { kind: 'tmpfs' });
    expect(mountInfoText(copy, task(init))).toBe(mountInfoText(kernel, init));
  });

  test('a snapshot of the state in flight is refused cleanly: a malformed mnt state is one InvalidArgumentError', () => {
    const { kernel } = busyWorld();
    const snap = JSON.parse(JSON.stringify(kernel.snapshot())) as { state: { mnt: { mounts: { sb: number }[] } } };
    (snap.state.mnt.mounts[1] as { sb: number }).sb = 99;
    expect(() => Kernel.restore(snap as unknown as KernelSnapshot, { namespaces: kernel.types.filter((t) => kernel.isRegistered(t)) })).toThrow(/not a valid nsproxy kernel snapshot/);
  });
});

/**
 * A fingerprint with the unique ids (`#N`, `mount N` pins) as their ranks: a
 * restored kernel numbers new mounts after its highest one, not after the
 * numbers failed calls consumed, which keeps the order and nothing else.
 */
function ranked(fp: string): string {
  // Unique ids appear as #N, in `peers`, `slaves` and `set` lists, and in pin holders (`mount N`).
  const lists = /(#|peers |slaves |set |pin mount )([\d,]+)/g;
  const ids = [...new Set([...fp.matchAll(lists)].flatMap((m) => (m[2] ?? '').split(',').filter((x) => x !== '').map(Number)))].sort((a, b) => a - b);
  const rank = new Map(ids.map((n, i) => [n, i]));
  return fp.replace(lists, (_m, p: string, list: string) => `${p}${list.split(',').map((x) => (x === '' ? x : String(rank.get(Number(x))))).join(',')}`);
}

/** The calls of the property: a few places, a few kinds of mount. */
const PLACES = ['/tmp/nss/a', '/tmp/nss/b', '/tmp/nss/a/d', '/tmp/nss/b/d', '/tmp/nss'] as const;
type Call =
  | { op: 'mount'; at: number; req: MountRequest }
  | { op: 'umount'; at: number; lazy: boolean }
  | { op: 'mkdir'; at: number }
  | { op: 'chdir'; at: number; who: number }
  | { op: 'clone'; who: number };
const REQS: MountRequest[] = [
  { kind: 'tmpfs' }, { kind: 'bind', source: '/tmp/nss/a' }, { kind: 'rbind', source: '/tmp/nss' },
  { kind: 'propagation', type: 'shared', recursive: false }, { kind: 'propagation', type: 'slave', recursive: true },
  { kind: 'propagation', type: 'private', recursive: false }, { kind: 'remount', flags: { ro: true } },
];
const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ op: fc.constant('mount' as const), at: fc.nat(PLACES.length - 1), req: fc.constantFrom(...REQS) }),
  fc.record({ op: fc.constant('umount' as const), at: fc.nat(PLACES.length - 1), lazy: fc.boolean() }),
  fc.record({ op: fc.constant('mkdir' as const), at: fc.nat(PLACES.length - 1) }),
  fc.record({ op: fc.constant('chdir' as const), at: fc.nat(PLACES.length - 1), who: fc.nat(3) }),
  fc.record({ op: fc.constant('clone' as const), who: fc.nat(3) }),
);

/** Runs a call on a kernel (tasks by position in creation order, the first being init); its outcome. */
function run(kernel: Kernel, c: Call): string {
  const tasks = kernel.tasks().filter((t) => t.alive);
  const who = (n: number): Task => tasks[n % tasks.length] as Task;
  return outcome(() => {
    switch (c.op) {
      case 'mount': return mount(kernel, who(0), PLACES[c.at] as string, c.req);
      case 'umount': return umount2(kernel, who(0), PLACES[c.at] as string, { detach: c.lazy });
      case 'mkdir': return mkdir(kernel, who(0), `${PLACES[c.at] as string}/d`);
      case 'chdir': return chdir(kernel, who(c.who), PLACES[c.at] as string);
      case 'clone': return kernel.clone(who(c.who), CLONE_NEWNS).serial;
    }
  });
}

describe('mnt snapshots, property', () => {
  fcTest.prop([fc.array(call, { maxLength: 24 }), fc.nat()], { numRuns: propertyRuns(60) })(
    'a snapshot and restore at any point of a sequence of calls changes nothing that follows',
    (calls, cut) => {
      const make = (): Kernel => {
        const { kernel, init } = boot();
        setupNss(kernel, init);
        for (const d of ['a', 'b']) mkdir(kernel, init, `/tmp/nss/${d}`);
        return kernel;
      };
      const at = cut % (calls.length + 1);
      const straight = make();
      const straightOut = calls.map((c) => run(straight, c));
      let broken = make();
      const brokenOut = calls.map((c, i) => {
        if (i === at) broken = roundTrip(broken).copy;
        return run(broken, c);
      });
      if (at === calls.length) broken = roundTrip(broken).copy;
      expect(brokenOut).toEqual(straightOut);
      expect(ranked(fingerprint(broken))).toBe(ranked(fingerprint(straight)));
      for (const t of straight.tasks().filter((x) => x.alive)) {
        const other = broken.tasks().find((x) => x.serial === t.serial) as Task;
        expect(outcome(() => mountInfoText(broken, other))).toBe(outcome(() => mountInfoText(straight, t)));
      }
    },
  );
});
