/**
 * Property tests over random sequences of clone (plain, CLONE_NEWTIME, a
 * thread, a CLONE_VM child), unshare(CLONE_NEWTIME), writes to
 * timens_offsets (any task to any task, machine-independent and bad
 * records), setns by either ns file and by pidfd, exit, and clock
 * advances. After every step, failed or not:
 * - every live task has an active time namespace and a time_for_children,
 *   both alive, and its active namespace is frozen (a task is only ever in
 *   a namespace it froze by entering, or in the initial one);
 * - a frozen namespace's offsets never change again;
 * - a task's active namespace changes only by its own successful setns
 *   (clone, unshare, writes and exits of anyone leave it alone), and a task
 *   created with CLONE_VM starts in its parent's active namespace, one
 *   without in its parent's time_for_children;
 * - clock_gettime of each task is the kernel's clock plus its active
 *   namespace's offset (monotonic clocks: the monotonic offset, boottime
 *   clocks: the boottime offset, realtime and tai: none);
 * - a failed call changes no namespace of any task and no offset;
 * - refcounts match the holders (active references included).
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { CLONE_NEWTIME, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, KernelError, Kernel, SIGCHLD } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { propertyRuns } from '@nsproxy/testkit';
import { CLOCK, NSEC_PER_SEC, activeTimeNs, advanceClocks, clockGettime, kernelClock, timeNamespaceType, timeNsForChildren, timespecAdd, writeTimensOffsets } from './index.ts';
import type { TimeNamespace, Timespec } from './index.ts';

type Op =
  | { op: 'clone'; t: number; how: 'plain' | 'newtime' | 'thread' | 'vm' }
  | { op: 'unshare'; t: number }
  | { op: 'write'; t: number; target: number; text: string }
  | { op: 'setns'; t: number; target: number; entry: 'time' | 'time_for_children' | 'pidfd' }
  | { op: 'exit'; t: number }
  | { op: 'advance'; ns: number; suspended: boolean };

const ix = fc.nat({ max: 40 });
const record = fc.tuple(
  fc.constantFrom('monotonic', 'boottime', '1', '7', 'realtime'),
  fc.constantFrom('0', '1', '3600', '-1000000000000', '9223372037', '4611686018'),
  fc.constantFrom('0', '5', '999999999', '1000000000'),
).map((r) => r.join(' '));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('clone' as const), t: ix, how: fc.constantFrom('plain' as const, 'newtime' as const, 'thread' as const, 'vm' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('unshare' as const), t: ix }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('write' as const), t: ix, target: ix, text: fc.array(record, { minLength: 1, maxLength: 3 }).map((l) => l.join('\n')) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('setns' as const), t: ix, target: ix, entry: fc.constantFrom('time' as const, 'time_for_children' as const, 'pidfd' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('exit' as const), t: ix }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), ns: fc.nat({ max: 5_000_000_000 }), suspended: fc.boolean() }) },
);

interface World {
  readonly k: Kernel;
  readonly tasks: Task[];
  /** What each live task's active namespace must be. */
  readonly expected: Map<Task, TimeNamespace>;
  /** The offsets of each namespace when it was first seen frozen. */
  readonly frozenAt: Map<TimeNamespace, readonly [Timespec, Timespec]>;
}

function boot(): World {
  const k = new Kernel({ namespaces: [timeNamespaceType] });
  const init = k.initTask;
  k.sigaction(init, SIGCHLD, 'ignore');
  return { k, tasks: [init], expected: new Map([[init, activeTimeNs(init) as TimeNamespace]]), frozenAt: new Map() };
}

/** Every namespace and offset of the world, to see that a failed call changed nothing. */
function state(w: World): string {
  return w.tasks.filter((t) => t.alive).map((t) => {
    const a = activeTimeNs(t);
    const c = timeNsForChildren(t);
    return `${t.serial}:${a?.nsId}/${c?.nsId}:${a?.monotonic.sec}.${a?.monotonic.nsec},${c?.monotonic.sec}.${c?.monotonic.nsec},${c?.boottime.sec}.${c?.boottime.nsec}`;
  }).join(' ');
}

function apply(w: World, o: Op): void {
  const { k, tasks } = w;
  const live = tasks.filter((t) => t.alive);
  const pick = (i: number): Task => live[i % live.length] as Task;
  switch (o.op) {
    case 'clone': {
      const t = pick(o.t);
      const flags = { plain: 0, newtime: CLONE_NEWTIME, thread: CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, vm: CLONE_VM }[o.how];
      const parentActive = activeTimeNs(t);
      const c = k.clone(t, flags);
      tasks.push(c);
      const expected = o.how === 'thread' || o.how === 'vm' ? parentActive : timeNsForChildren(c);
      if (o.how === 'plain') expect(timeNsForChildren(c)).toBe(timeNsForChildren(t));
      w.expected.set(c, expected as TimeNamespace);
      return;
    }
    case 'unshare':
      k.unshare(pick(o.t), CLONE_NEWTIME);
      return;
    case 'write':
      writeTimensOffsets(k, pick(o.t), pick(o.target), o.text);
      return;
    case 'setns': {
      const t = pick(o.t);
      const target = pick(o.target);
      const fd = o.entry === 'pidfd' ? k.pidfdOpen(t, k.pidOf(target, t)) : k.openNs(t, target, o.entry);
      const ns = (o.entry === 'time_for_children' ? timeNsForChildren(target) : activeTimeNs(target)) as TimeNamespace;
      try {
        k.setns(t, fd, CLONE_NEWTIME);
        w.expected.set(t, ns);
      } finally {
        k.close(t, fd);
      }
      return;
    }
    case 'exit': {
      const t = pick(o.t);
      if (t === tasks[0]) return; // init stays, so there is always a task
      k.exit(t);
      w.expected.delete(t);
      return;
    }
    case 'advance':
      advanceClocks(k, o.ns, { suspended: o.suspended });
      return;
  }
}

function nanos(t: Timespec): bigint {
  return t.sec * NSEC_PER_SEC + t.nsec;
}

function check(w: World): void {
  const { k } = w;
  for (const t of w.tasks) {
    if (!t.alive) {
      expect(activeTimeNs(t)).toBeUndefined();
      continue;
    }
    const a = activeTimeNs(t);
    const c = timeNsForChildren(t);
    expect(a).toBeDefined();
    expect(c).toBeDefined();
    expect(a?.freed).toBe(false);
    expect(c?.freed).toBe(false);
    expect(a?.frozen).toBe(true);
    expect(a).toBe(w.expected.get(t));
    const ns = a as TimeNamespace;
    for (const [id, offset] of [[CLOCK.MONOTONIC, ns.monotonic], [CLOCK.MONOTONIC_COARSE, ns.monotonic], [CLOCK.BOOTTIME, ns.boottime], [CLOCK.REALTIME, null], [CLOCK.TAI, null]] as const) {
      const base = kernelClock(k, id);
      expect(nanos(clockGettime(k, t, id))).toBe(nanos(offset ? timespecAdd(base, offset) : base));
    }
  }
  for (const ns of k.namespaces()) {
    if (ns.type !== 'time') continue;
    const tns = ns as TimeNamespace;
    if (!tns.frozen) continue;
    const seen = w.frozenAt.get(tns);
    if (seen) expect([tns.monotonic, tns.boottime]).toEqual(seen);
    else w.frozenAt.set(tns, [tns.monotonic, tns.boottime]);
  }
  for (const [ns, n] of k.countHolders()) expect(ns.count, `${ns.type}:${ns.nsId}`).toBe(n);
}

test.prop([fc.array(opArb, { minLength: 1, maxLength: 50 })], { numRuns: propertyRuns(300) })(
  'time namespaces, offsets and clocks hold over any sequence of calls',
  (ops) => {
    const w = boot();
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

test.prop([fc.array(opArb, { minLength: 1, maxLength: 30 })], { numRuns: propertyRuns(60) })(
  'a snapshot restores to a kernel with the same time namespaces, offsets and active namespaces',
  (ops) => {
    const w = boot();
    for (const o of ops) {
      try {
        apply(w, o);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
      }
    }
    const snap = w.k.snapshot();
    const restored = Kernel.restore(JSON.parse(JSON.stringify(snap)) as typeof snap, { namespaces: [timeNamespaceType] });
    expect(restored.snapshot()).toEqual(snap);
    const bySerial = new Map(restored.tasks().map((t) => [t.serial, t]));
    for (const t of w.k.tasks()) {
      const r = bySerial.get(t.serial) as Task;
      expect(activeTimeNs(r)?.nsId).toBe(activeTimeNs(t)?.nsId);
      expect(activeTimeNs(r)?.monotonic).toEqual(activeTimeNs(t)?.monotonic);
      expect(timeNsForChildren(r)?.nsId).toBe(timeNsForChildren(t)?.nsId);
    }
  },
);
