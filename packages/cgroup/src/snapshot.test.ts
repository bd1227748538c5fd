/**
 * Snapshots of the cgroup type (snapshot.ts): a restored kernel has the same
 * snapshot and answers later calls as the original (cgroup.procs in joining
 * order, /proc/PID/cgroup of live tasks and zombies, a namespace rooted in a
 * removed cgroup, the kernfs nodes of removed cgroups, new cgroups' ids);
 * an open cgroup directory is refused as SnapshotUnsupportedError; and a
 * fast-check property: any sequence of calls, split at any point by a
 * snapshot and a restore, gives the same results as the unbroken run.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { CLONE_NEWCGROUP, SnapshotUnsupportedError, kernelProblems } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import { propertyRuns } from '@nsproxy/testkit';
import {
  cgroupHierarchy, cgroupMkdir, cgroupNamespaceType, cgroupNode, cgroupOf, cgroupProcsRead, cgroupProcsWrite, cgroupRmdir, openCgroup, procCgroup,
  resolveCgroup,
} from './index.ts';
import { boot } from '../test/helpers.ts';
import { restoredCopy as restored, taskBySerial as bySerial, outcomeOf as outcome } from '@nsproxy/testkit';

/** init, `a` and `b` with children, tasks moved into them, a zombie in a removed cgroup, a namespace rooted in a removed one. */
function world(): { kernel: Kernel; init: Task; t1: Task; t2: Task; nsTask: Task } {
  const { kernel, init } = boot();
  kernel.sigaction(init, 17, 'handle');
  const h = cgroupHierarchy(kernel);
  const a = cgroupMkdir(kernel, init, h.root, 'a');
  cgroupMkdir(kernel, init, a, 'x');
  const b = cgroupMkdir(kernel, init, h.root, 'b');
  const gone = cgroupMkdir(kernel, init, h.root, 'gone');
  const t1 = kernel.clone(init, 0);
  const t2 = kernel.clone(init, 0);
  const zombie = kernel.clone(init, 0);
  cgroupProcsWrite(kernel, init, b, String(kernel.pidOf(t2, init)));
  cgroupProcsWrite(kernel, init, b, String(kernel.pidOf(t1, init)));
  cgroupProcsWrite(kernel, init, gone, String(kernel.pidOf(zombie, init)));
  const nsTask = kernel.clone(zombie, CLONE_NEWCGROUP);
  cgroupProcsWrite(kernel, init, a, String(kernel.pidOf(nsTask, init)));
  kernel.exit(zombie, 3);
  cgroupRmdir(kernel, init, h.root, 'gone');
  return { kernel, init, t1, t2, nsTask };
}

describe('cgroup snapshots', () => {
  test('a restored kernel has the same snapshot and shows the same cgroups', () => {
    const { kernel, init, t1, t2, nsTask } = world();
    const copy = restored(kernel);
    expect(copy.snapshot()).toEqual(kernel.snapshot());
    expect(kernelProblems(copy)).toEqual([]);
    for (const reader of [init, nsTask]) {
      for (const t of kernel.tasks()) {
        expect(outcome(() => procCgroup(copy, bySerial(copy, reader.serial), bySerial(copy, t.serial)))).toBe(outcome(() => procCgroup(kernel, reader, t)));
      }
    }
    const procs = (k: Kernel, reader: Task): number[] => cgroupProcsRead(k, reader, resolveCgroup(cgroupHierarchy(k).root, '/b', 'open'));
    expect(procs(copy, bySerial(copy, init.serial))).toEqual(procs(kernel, init));
    expect(procs(kernel, init)).toEqual([kernel.pidOf(t2, init), kernel.pidOf(t1, init)]);
  });

  test('a restored kernel answers later calls as the original does', () => {
    const { kernel, init, t1, nsTask } = world();
    const copy = restored(kernel);
    const steps: [string, (k: Kernel, t: (x: Task) => Task) => unknown][] = [
      ['a new cgroup gets the next id', (k, t) => cgroupMkdir(k, t(init), cgroupHierarchy(k).root, 'c').id],
      ['b is busy', (k, t) => cgroupRmdir(k, t(init), cgroupHierarchy(k).root, 'b')],
      ['a task leaves b', (k, t) => cgroupProcsWrite(k, t(init), cgroupHierarchy(k).root, String(k.pidOf(t(t1), t(init))))],
      ['the root lists its tasks in joining order', (k, t) => cgroupProcsRead(k, t(init), cgroupHierarchy(k).root)],
      ['the namespace task sees its root', (k, t) => procCgroup(k, t(nsTask), t(nsTask))],
      ['a removed cgroup has no entries', (k, t) => cgroupNode(cgroupOf(k, t(nsTask))).names()],
      ['a clone into a new namespace', (k, t) => procCgroup(k, t(nsTask), k.clone(t(nsTask), CLONE_NEWCGROUP))],
    ];
    for (const [what, step] of steps) {
      expect(outcome(() => step(copy, (x) => bySerial(copy, x.serial))), what).toBe(outcome(() => step(kernel, (x) => x)));
    }
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(kernel.snapshot()));
  });

  test('the kernfs nodes of cgroup2 go through saveNode and reviveNode, removed cgroups too', () => {
    const { kernel, init } = world();
    const type = cgroupNamespaceType.filesystems?.[0];
    if (!type?.saveNode || !type.reviveNode) throw new Error('cgroup2 has no saveNode');
    const h = cgroupHierarchy(kernel);
    const removed = h.removed[0];
    if (!removed) throw new Error('no removed cgroup');
    const copy = restored(kernel);
    for (const node of [cgroupNode(h.root), cgroupNode(resolveCgroup(h.root, '/a/x', 'open')), cgroupNode(removed), cgroupNode(removed).file('cgroup.procs')]) {
      if (!node) throw new Error('no node');
      const back = type.reviveNode(copy, JSON.parse(JSON.stringify(type.saveNode(kernel, node))));
      expect([back.name, back.isDir, back.dead, back.parent?.name]).toEqual([node.name, node.isDir, node.dead, node.parent?.name]);
    }
    expect(outcome(() => cgroupProcsRead(kernel, init, removed))).toBe('ENOENT');
  });

  test('an open cgroup directory cannot be saved (SnapshotUnsupportedError)', () => {
    const { kernel, init } = world();
    openCgroup(kernel, init, cgroupHierarchy(kernel).root);
    expect(() => kernel.snapshot()).toThrow(SnapshotUnsupportedError);
    expect(kernelProblems(kernel)).toEqual([]);
  });
});

type Call =
  | { op: 'mkdir'; who: number; at: number; name: number }
  | { op: 'rmdir'; who: number; at: number; name: number }
  | { op: 'move'; who: number; what: number; at: number }
  | { op: 'clone'; who: number; ns: boolean }
  | { op: 'exit'; who: number }
  | { op: 'read'; who: number; at: number };
const PLACES = ['/', '/a', '/b', '/a/a'] as const;
const NAMES = ['a', 'b'] as const;
const who = fc.nat(4);
const at = fc.nat(PLACES.length - 1);
const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ op: fc.constant('mkdir' as const), who, at, name: fc.nat(1) }),
  fc.record({ op: fc.constant('rmdir' as const), who, at, name: fc.nat(1) }),
  fc.record({ op: fc.constant('move' as const), who, what: who, at }),
  fc.record({ op: fc.constant('clone' as const), who, ns: fc.boolean() }),
  fc.record({ op: fc.constant('exit' as const), who }),
  fc.record({ op: fc.constant('read' as const), who, at }),
);

function run(kernel: Kernel, c: Call): string {
  const tasks = kernel.tasks().filter((t) => t.alive);
  const task = (n: number): Task => tasks[n % tasks.length] as Task;
  const t = task(c.who);
  const place = (n: number) => resolveCgroup(cgroupHierarchy(kernel).root, PLACES[n] as string, 'open');
  return outcome(() => {
    switch (c.op) {
      case 'mkdir': return cgroupMkdir(kernel, t, place(c.at), NAMES[c.name] as string).id;
      case 'rmdir': return cgroupRmdir(kernel, t, place(c.at), NAMES[c.name] as string);
      case 'move': return cgroupProcsWrite(kernel, t, place(c.at), String(kernel.pidOf(task(c.what), t)));
      case 'clone': return kernel.clone(t, c.ns ? CLONE_NEWCGROUP : 0).serial;
      case 'exit': return t === kernel.initTask ? null : kernel.exit(t, 0);
      case 'read': return [cgroupProcsRead(kernel, t, place(c.at)), ...kernel.tasks().map((x) => outcome(() => procCgroup(kernel, t, x)))];
    }
  });
}

describe('cgroup snapshots, property', () => {
  fcTest.prop([fc.array(call, { maxLength: 30 }), fc.nat()], { numRuns: propertyRuns(80) })(
    'a snapshot and restore at any point of a sequence of calls changes nothing that follows',
    (calls, cut) => {
      const split = cut % (calls.length + 1);
      const straight = boot().kernel;
      const straightOut = calls.map((c) => run(straight, c));
      let broken = boot().kernel;
      const brokenOut = calls.map((c, i) => {
        if (i === split) broken = restored(broken);
        return run(broken, c);
      });
      expect(brokenOut).toEqual(straightOut);
      expect(JSON.stringify(broken.snapshot())).toBe(JSON.stringify(straight.snapshot()));
    },
  );
});
