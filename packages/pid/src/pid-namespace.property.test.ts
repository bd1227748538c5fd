/**
 * Property tests over random sequences of clone (with and without
 * CLONE_NEWPID), unshare(CLONE_NEWPID), setns(pid) by ns file and by pidfd,
 * exit and kill. After every step, failed or not:
 * - pid numbers are unique per namespace, at every level;
 * - every live task is visible (number != 0) in every ancestor of its active
 *   namespace, and in no other namespace (siblings, descendants);
 * - the number a task has in a namespace finds it back there;
 * - a namespace whose init died holds no live task and refuses forks (ENOMEM);
 * - a task's active namespace never changes, and its pid_for_children is that
 *   namespace or below it;
 * - refcounts match the holders, and no zombie is left (everyone reaps at once).
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { CLONE_NEWPID, Kernel, KernelError, MAX_PID_NS_LEVEL, PidNamespace, SIGCONT, SIGHUP, SIGKILL, SIGSTOP, SIGTERM, SIGUSR1 } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { findTaskByPidNs, nspid, pidNamespaceType, pidNsPath, pidnsIsAncestor } from './index.ts';
import { balanced, boot } from '../test/helpers.ts';
import { propertyRuns } from '@nsproxy/testkit';

type Op =
  | { op: 'clone'; t: number; newPid: boolean }
  | { op: 'unshare'; t: number }
  | { op: 'setns'; t: number; target: number; entry: 'pid' | 'pid_for_children' }
  | { op: 'setns-pidfd'; t: number; target: number }
  | { op: 'exit'; t: number }
  | { op: 'kill'; t: number; target: number; sig: number }
  | { op: 'handle'; t: number; sig: number };

const ix = fc.nat({ max: 40 });
const sigArb = fc.constantFrom(SIGKILL, SIGTERM, SIGSTOP, SIGCONT, SIGUSR1, SIGHUP);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('clone' as const), t: ix, newPid: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('unshare' as const), t: ix }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('setns' as const), t: ix, target: ix, entry: fc.constantFrom('pid' as const, 'pid_for_children' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('setns-pidfd' as const), t: ix, target: ix }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('exit' as const), t: ix }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('kill' as const), t: ix, target: ix, sig: sigArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('handle' as const), t: ix, sig: fc.constantFrom(SIGTERM, SIGUSR1) }) },
);

interface World {
  readonly k: Kernel;
  readonly tasks: Task[];
  /** The active pid namespace each task was born in. */
  readonly born: Map<Task, PidNamespace>;
}

function apply(w: World, o: Op): void {
  const { k, tasks } = w;
  const live = tasks.filter((t) => t.alive);
  const pick = (i: number): Task => live[i % live.length] as Task;
  const t = pick(o.t);
  switch (o.op) {
    case 'clone': {
      const c = k.clone(t, o.newPid ? CLONE_NEWPID : 0);
      tasks.push(c);
      w.born.set(c, c.pid.ns);
      return;
    }
    case 'unshare':
      k.unshare(t, CLONE_NEWPID);
      return;
    case 'setns': {
      const fd = k.openNs(t, pick(o.target), o.entry);
      try {
        k.setns(t, fd, CLONE_NEWPID);
      } finally {
        k.close(t, fd);
      }
      return;
    }
    case 'setns-pidfd': {
      const nr = k.pidOf(pick(o.target), t);
      const fd = k.pidfdOpen(t, nr || 1 << 30);
      try {
        k.setns(t, fd, CLONE_NEWPID);
      } finally {
        k.close(t, fd);
      }
      return;
    }
    case 'exit':
      if (t !== k.initTask) k.exit(t);
      return;
    case 'kill':
      k.kill(t, k.pidOf(pick(o.target), t) || 1 << 30, o.sig);
      return;
    case 'handle':
      k.sigaction(t, o.sig, t.sighand.actions.get(o.sig) === 'handle' ? 'default' : 'handle');
      return;
  }
}

/** Every pid namespace the state can reach. */
function pidNamespaces(w: World): Set<PidNamespace> {
  const all = new Set<PidNamespace>();
  for (const ns of w.k.namespaces()) if (ns instanceof PidNamespace) all.add(ns);
  for (const t of w.tasks) for (const ns of pidNsPath(t.pid.ns)) all.add(ns);
  return all;
}

function check(w: World): void {
  const { k, tasks } = w;
  const namespaces = pidNamespaces(w);
  const live = tasks.filter((t) => t.alive);
  // No zombie is left, and nobody has a dead parent.
  for (const t of tasks) expect(t.state === 'zombie', `task ${t.serial} is a zombie`).toBe(false);
  for (const t of live) if (t !== k.initTask) expect(t.parent?.alive, `task ${t.serial}'s parent`).toBe(true);

  const owners = new Map<PidNamespace, Map<number, Task>>();
  for (const t of live) {
    const path = pidNsPath(t.pid.ns);
    // The active namespace never changes; pid_for_children is it or below it.
    expect(t.pid.ns).toBe(w.born.get(t));
    const pfc = k.pidNsForChildren(t);
    if (!pfc) throw new Error('a live task without nsproxy');
    expect(pidnsIsAncestor(pfc, t.pid.ns)).toBe(true);
    expect(t.pid.ns.level).toBeLessThanOrEqual(MAX_PID_NS_LEVEL);
    for (const ns of namespaces) {
      const nr = t.pid.nrIn(ns);
      if (!path.includes(ns)) {
        expect(nr, `task ${t.serial} is visible outside its ancestors`).toBe(0);
        continue;
      }
      expect(nr, `task ${t.serial} is invisible in an ancestor`).toBeGreaterThan(0);
      expect(nr).toBe(t.pid.numbers[ns.level]);
      // Round trip and uniqueness.
      expect(findTaskByPidNs(ns, nr)).toBe(t);
      let byNr = owners.get(ns);
      if (!byNr) owners.set(ns, (byNr = new Map<number, Task>()));
      expect(byNr.get(nr), `number ${nr} used twice at level ${ns.level}`).toBeUndefined();
      byNr.set(nr, t);
    }
    expect(nspid(t, k.initPidNs)).toEqual(t.pid.numbers);
    // getpid / getppid are the numbers of the task and its parent in its own namespace.
    expect(k.getpid(t)).toBe(t.pid.numbers[t.pid.level]);
    const parent = t.parent;
    if (parent) expect(k.getppid(t)).toBe(parent.pid.nrIn(t.pid.ns));
  }

  for (const ns of namespaces) {
    const reaper = ns.childReaper;
    if (reaper && !reaper.alive) {
      // The init died: nothing is left alive in the namespace, and it takes no more tasks.
      expect(ns.adding).toBe(false);
      for (const pid of ns.idr.values()) expect(pid.task?.alive ?? false).toBe(false);
      for (const t of live) {
        if (k.pidNsForChildren(t) !== ns) continue;
        try {
          k.clone(t, 0);
          expect.unreachable('clone into a namespace whose init died');
        } catch (e) {
          expect(e instanceof KernelError && e.code).toBe('ENOMEM');
        }
      }
    } else {
      expect(ns.adding).toBe(true);
      if (reaper) {
        expect(k.isUnkillable(reaper)).toBe(true);
        expect(reaper.pid.numbers[ns.level]).toBe(1);
      }
    }
  }
  balanced(k);
}

test.prop([fc.array(opArb, { minLength: 1, maxLength: 60 })], { numRuns: propertyRuns(300) })(
  'pid numbering, visibility and init death hold over any sequence of calls',
  (ops) => {
    const { k, init } = boot();
    const w: World = { k, tasks: [init], born: new Map([[init, init.pid.ns]]) };
    for (const o of ops) {
      try {
        apply(w, o);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
      }
      check(w);
    }
  },
);

test.prop([fc.array(opArb, { minLength: 1, maxLength: 40 })], { numRuns: propertyRuns(100) })(
  'a snapshot restores to a kernel that answers the same pid questions',
  (ops) => {
    const { k, init } = boot();
    const w: World = { k, tasks: [init], born: new Map([[init, init.pid.ns]]) };
    for (const o of ops) {
      try {
        apply(w, o);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
      }
    }
    const snap = k.snapshot();
    const restored = Kernel.restore(snap, { namespaces: [pidNamespaceType] });
    expect(restored.snapshot()).toEqual(snap);
    const bySerial = new Map(restored.tasks().map((t) => [t.serial, t]));
    for (const t of k.tasks()) {
      const r = bySerial.get(t.serial);
      if (!r || !t.alive) continue;
      expect(restored.getpid(r)).toBe(k.getpid(t));
      expect(restored.getppid(r)).toBe(k.getppid(t));
      expect(restored.nsOf(r, 'pid_for_children')?.nsId).toBe(k.nsOf(t, 'pid_for_children')?.nsId);
      expect(restored.pidNsForChildren(r)?.cursor).toBe(k.pidNsForChildren(t)?.cursor);
    }
  },
);
