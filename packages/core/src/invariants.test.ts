/**
 * Invariants over random sequences of system calls (fast-check):
 * - a namespace's refcount always equals its holders counted from the state;
 * - a namespace is freed exactly when that count reaches zero, and nothing
 *   alive ever points at a freed one;
 * - a call that fails leaves `snapshot()` unchanged;
 * - a restored snapshot is the same kernel.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { CLONE_FILES, CLONE_NEWIPC, Kernel, KernelError, SIGCHLD, SIGKILL, flagsOr } from './index.ts';
import type { NsCommon, Task } from './index.ts';
import { CLONE_NEWBLUE, blueType, toyType } from '../test/toy-types.ts';

type Op =
  | { op: 'clone'; t: number; flags: number }
  | { op: 'unshare'; t: number; flags: number }
  | { op: 'open'; t: number; target: number; entry: 'toy' | 'blue' }
  | { op: 'close'; t: number; fd: number }
  | { op: 'setns'; t: number; fd: number; nstype: number }
  | { op: 'pidfd'; t: number; target: number }
  | { op: 'exit'; t: number }
  | { op: 'kill'; t: number; target: number }
  | { op: 'setuid'; t: number; uid: number };

const flagsArb = fc.constantFrom(0, CLONE_NEWIPC, CLONE_NEWBLUE, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE), CLONE_FILES, 0x1234_0000_0000);
const ix = fc.nat({ max: 12 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('clone' as const), t: ix, flags: flagsArb }),
  fc.record({ op: fc.constant('unshare' as const), t: ix, flags: flagsArb }),
  fc.record({ op: fc.constant('open' as const), t: ix, target: ix, entry: fc.constantFrom('toy' as const, 'blue' as const) }),
  fc.record({ op: fc.constant('close' as const), t: ix, fd: fc.integer({ min: 2, max: 8 }) }),
  fc.record({ op: fc.constant('setns' as const), t: ix, fd: fc.integer({ min: 2, max: 8 }), nstype: fc.constantFrom(0, CLONE_NEWIPC, CLONE_NEWBLUE, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE)) }),
  fc.record({ op: fc.constant('pidfd' as const), t: ix, target: ix }),
  fc.record({ op: fc.constant('exit' as const), t: ix }),
  fc.record({ op: fc.constant('kill' as const), t: ix, target: ix }),
  fc.record({ op: fc.constant('setuid' as const), t: ix, uid: fc.constantFrom(0, 1000) }),
);

function apply(k: Kernel, tasks: Task[], o: Op): void {
  const live = tasks.filter((t) => t.alive);
  const pick = (i: number): Task => live[i % live.length] as Task;
  const t = pick(o.t);
  switch (o.op) {
    case 'clone':
      tasks.push(k.clone(t, o.flags));
      return;
    case 'unshare':
      k.unshare(t, o.flags);
      return;
    case 'open':
      k.openNs(t, pick(o.target), o.entry);
      return;
    case 'close':
      k.close(t, o.fd);
      return;
    case 'setns':
      k.setns(t, o.fd, o.nstype);
      return;
    case 'pidfd':
      k.pidfdOpen(t, k.pidOf(pick(o.target), t) || 999);
      return;
    case 'exit':
      if (t !== k.initTask) k.exit(t);
      return;
    case 'kill':
      k.kill(t, k.pidOf(pick(o.target), t) || 999, SIGKILL);
      return;
    case 'setuid':
      k.setresuid(t, o.uid, o.uid, o.uid);
      return;
  }
}

function reachable(k: Kernel): Set<NsCommon> {
  const seen = new Set<NsCommon>();
  const add = (ns: NsCommon | null): void => {
    if (!ns || seen.has(ns)) return;
    seen.add(ns);
    add(ns.ownerNs);
    add(ns.heldParent);
  };
  for (const t of k.tasks()) {
    add(t.cred.userNs);
    add(t.pid.ns);
    for (const ns of t.nsproxy?.slots ?? []) add(ns);
    for (const f of t.files?.fds.values() ?? []) add(f.kind === 'ns' ? f.ns : f.pid.ns);
  }
  return seen;
}

test.prop([fc.array(opArb, { maxLength: 60 })], { numRuns: 150 })('refcounts, frees, failed calls and snapshots', (ops) => {
  const namespaces = [toyType, blueType];
  const k = new Kernel({ namespaces });
  k.sigaction(k.initTask, SIGCHLD, 'ignore');
  const tasks: Task[] = [k.initTask];
  const freed = new Set<NsCommon>();
  k.on((e) => {
    if (e.type === 'ns-freed') freed.add(e.ns);
  });
  for (const o of ops) {
    const before = JSON.stringify(k.snapshot());
    try {
      apply(k, tasks, o);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      expect(JSON.stringify(k.snapshot()), `${o.op} failed with ${e.code} but changed the state`).toBe(before);
    }
    const holders = k.countHolders();
    for (const ns of k.namespaces()) {
      expect(ns.freed).toBe(false);
      expect(ns.count, `${ns.type}:${ns.nsId}`).toBe(holders.get(ns) ?? 0);
    }
    for (const ns of reachable(k)) expect(ns.freed, `a freed ${ns.type} namespace is still reachable`).toBe(false);
    for (const ns of freed) expect(ns.count).toBe(0);
  }
  const snap = k.snapshot();
  expect(Kernel.restore(snap, { namespaces }).snapshot()).toEqual(snap);
});
