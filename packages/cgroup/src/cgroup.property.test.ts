/**
 * Property tests over random sequences of mkdir, rmdir, cgroup.procs writes,
 * clone (plain, with CLONE_NEWCGROUP, into a cgroup), unshare and setns of
 * cgroup namespaces, and exit. After every step, failed or not:
 * - every live task is in exactly one cgroup, a live one, and is among that
 *   cgroup's tasks; no cgroup lists a task that is not alive or not its own;
 * - a cgroup with live tasks or children was never removed, and a removed
 *   one is in no parent's children;
 * - /proc/<pid>/cgroup, read by any live task, resolves back to the task's
 *   cgroup from the reader's namespace root (the /.. climb, then the names);
 * - a cgroup namespace's root never changes after its creation;
 * - a failed step changes no membership and no tree.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { CLONE_INTO_CGROUP, CLONE_NEWCGROUP, Kernel, KernelError, SIGCHLD, flagsOr } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { propertyRuns } from '@nsproxy/testkit';
import type { Cgroup, CgroupNamespace } from './index.ts';
import {
  cgroupHierarchy, cgroupMkdir, cgroupNamespaceType, cgroupNsOf, cgroupOf, cgroupProcsWrite, cgroupRmdir, isPopulated, openCgroup, procCgroup,
} from './index.ts';

type Op =
  | { op: 'mkdir'; t: number; dir: number; name: string }
  | { op: 'rmdir'; t: number; dir: number }
  | { op: 'move'; t: number; target: number; dir: number }
  | { op: 'clone'; t: number; newNs: boolean; into: number | null }
  | { op: 'unshare'; t: number }
  | { op: 'setns'; t: number; target: number }
  | { op: 'exit'; t: number };

const ix = fc.nat({ max: 40 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('mkdir' as const), t: ix, dir: ix, name: fc.constantFrom('a', 'b', 'c') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rmdir' as const), t: ix, dir: ix }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('move' as const), t: ix, target: ix, dir: ix }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('clone' as const), t: ix, newNs: fc.boolean(), into: fc.option(ix) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('unshare' as const), t: ix }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('setns' as const), t: ix, target: ix }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('exit' as const), t: ix }) },
);

interface World {
  readonly k: Kernel;
  readonly tasks: Task[];
  /** Every cgroup ever made (live or removed). */
  readonly cgroups: Cgroup[];
  /** Each namespace's root when it was first seen. */
  readonly roots: Map<CgroupNamespace, Cgroup>;
}

function apply(w: World, o: Op): void {
  const { k, tasks } = w;
  const live = tasks.filter((t) => t.alive);
  const t = live[o.t % live.length] as Task;
  const cg = (i: number): Cgroup => w.cgroups[i % w.cgroups.length] as Cgroup;
  switch (o.op) {
    case 'mkdir':
      w.cgroups.push(cgroupMkdir(k, t, cg(o.dir), o.name));
      return;
    case 'rmdir': {
      const c = cg(o.dir);
      if (!c.parent) return;
      cgroupRmdir(k, t, c.parent, c.name);
      return;
    }
    case 'move': {
      const target = live[o.target % live.length] as Task;
      cgroupProcsWrite(k, t, cg(o.dir), String(k.pidOf(target, t) || 999999));
      return;
    }
    case 'clone': {
      let flags = o.newNs ? CLONE_NEWCGROUP : 0;
      const options: { cgroup?: number } = {};
      let fd: number | undefined;
      if (o.into !== null) {
        fd = openCgroup(k, t, cg(o.into));
        flags = flagsOr(flags, CLONE_INTO_CGROUP);
        options.cgroup = fd;
      }
      try {
        tasks.push(k.clone(t, flags, options));
      } finally {
        if (fd !== undefined) k.close(t, fd);
      }
      return;
    }
    case 'unshare':
      k.unshare(t, CLONE_NEWCGROUP);
      return;
    case 'setns': {
      const target = live[o.target % live.length] as Task;
      const fd = k.openNs(t, target, 'cgroup');
      try {
        k.setns(t, fd, CLONE_NEWCGROUP);
      } finally {
        k.close(t, fd);
      }
      return;
    }
    case 'exit':
      if (t !== k.initTask) k.exit(t, 0);
      return;
  }
}

/** The state a failed step must leave alone: every task's cgroup and every cgroup's children and liveness. */
function state(w: World): string {
  return JSON.stringify([
    w.tasks.map((t) => [t.state, cgroupOf(w.k, t).path, cgroupOf(w.k, t).dead]),
    w.cgroups.map((c) => [c.path, c.dead, [...c.children.keys()], c.tasks.size]),
  ]);
}

/** Follows a /proc/<pid>/cgroup path from a root: `..` climbs, a name descends. */
function follow(root: Cgroup, path: string): Cgroup | undefined {
  let c: Cgroup | null | undefined = root;
  for (const part of path.split('/').filter((p) => p !== '')) {
    if (!c) return undefined;
    if (part === '..') c = c.parent;
    else c = c.children.get(part) ?? undefined;
  }
  return c ?? undefined;
}

function check(w: World): void {
  const { k } = w;
  const live = w.tasks.filter((t) => t.alive);
  for (const t of live) {
    const c = cgroupOf(k, t);
    expect(c.dead, `task ${String(t.serial)} in a removed cgroup`).toBe(false);
    expect(c.tasks.has(t)).toBe(true);
    expect(w.cgroups.filter((x) => x.tasks.has(t))).toEqual([c]);
  }
  for (const c of w.cgroups) {
    for (const t of c.tasks) {
      expect(t.alive).toBe(true);
      expect(cgroupOf(k, t)).toBe(c);
    }
    if (c.dead) {
      expect(isPopulated(c)).toBe(false);
      expect(c.children.size).toBe(0);
      expect(c.parent?.children.get(c.name)).not.toBe(c);
    } else if (c.parent) {
      expect(c.parent.children.get(c.name)).toBe(c);
    }
  }
  for (const reader of live) {
    const ns = cgroupNsOf(k, reader, 'read');
    const seen = w.roots.get(ns);
    if (seen) expect(ns.root).toBe(seen);
    else w.roots.set(ns, ns.root);
    for (const t of live) {
      const text = procCgroup(k, reader, t);
      expect(text).toMatch(/^0::\/.*\n$/);
      expect(follow(ns.root, text.slice(3, -1))).toBe(cgroupOf(k, t));
    }
  }
}

test.prop([fc.array(opArb, { minLength: 1, maxLength: 50 })], { numRuns: propertyRuns(200) })(
  'cgroup membership, the tree and /proc/<pid>/cgroup stay consistent after every step',
  (ops) => {
    const k = new Kernel({ namespaces: [cgroupNamespaceType] });
    k.sigaction(k.initTask, SIGCHLD, 'ignore');
    const w: World = { k, tasks: [k.initTask], cgroups: [cgroupHierarchy(k).root], roots: new Map() };
    check(w);
    for (const o of ops) {
      const before = state(w);
      try {
        apply(w, o);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        expect(state(w), `${o.op} failed with ${e.code} and changed something`).toBe(before);
      }
      check(w);
    }
  },
);
