/**
 * Invariants over random sequences of system calls (fast-check), checked after
 * every step:
 * - every live namespace's refcount equals its holders counted from the state
 *   (nsproxies, credentials, files, struct pids, owners, parents, the kernel's
 *   own references) and is above zero;
 * - a namespace is freed exactly when its count reaches zero (once: one
 *   ns-freed event, with the count at zero), and is never reachable afterwards:
 *   not listed, not named by any task's ns link, not held by any fd, credential,
 *   struct pid, nsproxy, owner or parent;
 * - a call that fails leaves `snapshot()` unchanged;
 * - a restored snapshot is the same kernel.
 * Two kernels: flat toy types only, and the same with hierarchical user and pid
 * types (CLONE_NEWUSER, CLONE_NEWPID, pid_for_children, NS_GET_USERNS and
 * NS_GET_PARENT fds, pidfds), where references run between namespaces.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import {
  CLONE_FILES, CLONE_FS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWUSER, CLONE_PIDFD, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM,
  Kernel, KernelError, NS_GET_PARENT, NS_GET_USERNS, SIGCHLD, SIGKILL, flagsOr,
} from './index.ts';
import type { KernelSnapshot, NamespaceOperations, NsCommon, Task } from './index.ts';
import { nestedPidType, nestedUserType } from '../test/nested-types.ts';
import { CLONE_NEWBLUE, blueType, toyType } from '../test/toy-types.ts';
import { propertyRuns } from '../test/runs.ts';

type Entry = 'toy' | 'blue' | 'user' | 'pid' | 'pid_for_children';

type Op =
  | { op: 'clone'; t: number; flags: number }
  | { op: 'unshare'; t: number; flags: number }
  | { op: 'open'; t: number; target: number; entry: Entry }
  | { op: 'close'; t: number; fd: number }
  | { op: 'setns'; t: number; fd: number; nstype: number }
  | { op: 'pidfd'; t: number; target: number }
  | { op: 'ioctl'; t: number; fd: number; cmd: number }
  | { op: 'exit'; t: number }
  | { op: 'kill'; t: number; target: number }
  | { op: 'wait'; t: number }
  | { op: 'setuid'; t: number; uid: number };

const ix = fc.nat({ max: 12 });

/**
 * The ops of a run, over its clone/unshare flags, setns nstypes and ns
 * entries; an fd is an index into the task's open fds (0: fd 2, never
 * open). Weighted so that runs build up namespaces and open files rather than
 * kill everything at once.
 */
function opsArb(flags: readonly number[], nstypes: readonly number[], entries: readonly Entry[]): fc.Arbitrary<Op> {
  const fd = fc.nat({ max: 7 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('clone' as const), t: ix, flags: fc.constantFrom(...flags) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('unshare' as const), t: ix, flags: fc.constantFrom(...flags) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('open' as const), t: ix, target: ix, entry: fc.constantFrom(...entries) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('close' as const), t: ix, fd }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('setns' as const), t: ix, fd, nstype: fc.constantFrom(...nstypes) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('pidfd' as const), t: ix, target: ix }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('ioctl' as const), t: ix, fd, cmd: fc.constantFrom(NS_GET_USERNS, NS_GET_PARENT) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('exit' as const), t: ix }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('kill' as const), t: ix, target: ix }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('wait' as const), t: ix }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('setuid' as const), t: ix, uid: fc.constantFrom(0, 1000) }) },
  );
}

function apply(k: Kernel, tasks: Task[], o: Op): void {
  const live = tasks.filter((t) => t.alive);
  const pick = (i: number): Task => live[i % live.length] as Task;
  const t = pick(o.t);
  const fdOf = (i: number): number => {
    const fds = [...(t.files?.fds.keys() ?? [])];
    return i === 0 || fds.length === 0 ? 2 : (fds[(i - 1) % fds.length] as number);
  };
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
      k.close(t, fdOf(o.fd));
      return;
    case 'setns':
      k.setns(t, fdOf(o.fd), o.nstype);
      return;
    case 'pidfd':
      k.pidfdOpen(t, k.pidOf(pick(o.target), t) || 999);
      return;
    case 'ioctl':
      k.ioctl(t, fdOf(o.fd), o.cmd);
      return;
    case 'exit':
      if (t !== k.initTask) k.exit(t);
      return;
    case 'kill':
      k.kill(t, k.pidOf(pick(o.target), t) || 999, SIGKILL);
      return;
    case 'wait':
      k.wait(t);
      return;
    case 'setuid':
      k.setresuid(t, o.uid, o.uid, o.uid);
      return;
  }
}

const label = (ns: NsCommon): string => `${ns.type}:${ns.nsId}`;

/** Every namespace something alive points at: task links, credentials, struct pids, nsproxies, fds, pins, and their owners and parents. */
function reachable(k: Kernel): Set<NsCommon> {
  const seen = new Set<NsCommon>();
  const add = (ns: NsCommon | null | undefined): void => {
    if (!ns || seen.has(ns)) return;
    seen.add(ns);
    add(ns.ownerNs);
    add(ns.heldParent);
  };
  const entries = k.nsEntries;
  for (const t of k.tasks()) {
    for (const e of entries) add(k.nsOf(t, e));
    add(t.cred.userNs);
    add(t.pid.ns);
    add(t.mmUserNs);
    for (const ns of t.nsproxy?.slots ?? []) add(ns);
    for (const f of t.files?.fds.values() ?? []) {
      if (f.kind === 'ns') add(f.ns);
      else if (f.kind === 'pidfd') add(f.pid.ns);
      else for (const ns of f.object.holds()) add(ns);
    }
  }
  for (const ns of k.pins().values()) add(ns);
  return seen;
}

/** Watches a kernel's namespaces from boot: every one created, and every ns-freed event (with the count it had). */
function watch(k: Kernel): { seen: Set<NsCommon>; freed: Map<NsCommon, number>; badFrees: string[] } {
  const seen = new Set<NsCommon>(k.namespaces());
  const freed = new Map<NsCommon, number>();
  const badFrees: string[] = [];
  k.on((e) => {
    if (e.type === 'ns-created') seen.add(e.ns);
    else if (e.type === 'ns-freed') {
      freed.set(e.ns, (freed.get(e.ns) ?? 0) + 1);
      if (e.ns.count !== 0) badFrees.push(`${label(e.ns)} freed with refcount ${e.ns.count}`);
    }
  }, { types: ['ns-created', 'ns-freed'] });
  return { seen, freed, badFrees };
}

/** The invariants that hold between any two calls; returns the violations. */
function violations(k: Kernel, w: ReturnType<typeof watch>): string[] {
  const out: string[] = [...w.badFrees];
  w.badFrees.length = 0;
  const holders = k.countHolders();
  const live = new Set(k.namespaces());
  for (const ns of live) {
    const held = holders.get(ns) ?? 0;
    if (ns.freed) out.push(`${label(ns)} is listed but freed`);
    if (ns.count !== held) out.push(`${label(ns)} has refcount ${ns.count}, holders ${held}`);
    if (ns.count <= 0) out.push(`${label(ns)} is live with refcount ${ns.count}`);
    if (!w.seen.has(ns)) out.push(`${label(ns)} is live but was never created`);
  }
  for (const ns of holders.keys()) if (!live.has(ns)) out.push(`${label(ns)} is held but not live (freed: ${ns.freed})`);
  for (const ns of w.seen) {
    if (ns.freed !== (ns.count === 0)) out.push(`${label(ns)}: freed ${ns.freed} with refcount ${ns.count}`);
    if (live.has(ns) === ns.freed) out.push(`${label(ns)}: freed ${ns.freed} but ${ns.freed ? '' : 'not '}listed`);
    const events = w.freed.get(ns) ?? 0;
    if (events !== (ns.freed ? 1 : 0)) out.push(`${label(ns)}: ${events} ns-freed events, freed ${ns.freed}`);
  }
  for (const ns of reachable(k)) if (ns.freed || !live.has(ns)) out.push(`${label(ns)} is reachable but freed`);
  return out;
}

/** A snapshot (JSON) without the pid namespaces' idr cursors. */
function withoutPidCursors(json: string): string {
  const snap = JSON.parse(json) as KernelSnapshot;
  for (const ns of snap.namespaces as { type: string; data: { cursor?: number } }[]) if (ns.type === 'pid') delete ns.data.cursor;
  return JSON.stringify(snap);
}

/** Runs `ops` on a fresh kernel with `namespaces`, checking the invariants after every step. */
function run(namespaces: readonly NamespaceOperations[], ops: readonly Op[]): void {
  const k = new Kernel({ namespaces });
  k.sigaction(k.initTask, SIGCHLD, 'ignore');
  const w = watch(k);
  const tasks: Task[] = [k.initTask];
  expect(violations(k, w), 'at boot').toEqual([]);
  for (const [i, o] of ops.entries()) {
    let before = JSON.stringify(k.snapshot());
    try {
      apply(k, tasks, o);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      let after = JSON.stringify(k.snapshot());
      // The one documented exception (docs/pid-namespaces.md): a fork that fails in alloc_pid has
      // advanced the pid namespaces' idr cursors, as in Linux (the next pid skips one).
      if (o.op === 'clone' && (e.code === 'ENOMEM' || e.code === 'EAGAIN') && after !== before) {
        after = withoutPidCursors(after);
        before = withoutPidCursors(before);
      }
      expect(after, `step ${i}: ${o.op} failed with ${e.code} but changed the state`).toBe(before);
    }
    const bad = violations(k, w);
    if (bad.length) expect(bad, `after step ${i}: ${JSON.stringify(o)}`).toEqual([]);
  }
  const snap = k.snapshot();
  expect(Kernel.restore(snap, { namespaces }).snapshot()).toEqual(snap);
}

// ------------------------------------------------------------------ flat types

const FLAT_FLAGS = [0, CLONE_NEWIPC, CLONE_NEWBLUE, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE), CLONE_FILES, 0x1234_0000_0000];
const FLAT_NSTYPES = [0, CLONE_NEWIPC, CLONE_NEWBLUE, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE)];
const flatOp = opsArb(FLAT_FLAGS, FLAT_NSTYPES, ['toy', 'blue']);

test.prop([fc.array(flatOp, { maxLength: 60, size: 'max' })], { numRuns: propertyRuns(150) })('flat types: refcounts, frees, failed calls and snapshots', (ops) => {
  run([toyType, blueType], ops);
});

// ------------------------------------------------------------------ user and pid types

const NEW_ALL = flagsOr(CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWBLUE);
const NESTED_FLAGS = [
  0, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWUSER | CLONE_NEWPID, CLONE_NEWUSER | CLONE_NEWIPC, CLONE_NEWPID | CLONE_NEWIPC,
  NEW_ALL, CLONE_NEWBLUE, CLONE_FILES, CLONE_PIDFD | CLONE_NEWPID, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM,
  CLONE_NEWUSER | CLONE_FS,
];
const NESTED_NSTYPES = [0, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWUSER | CLONE_NEWPID, NEW_ALL];
const nestedOp = opsArb(NESTED_FLAGS, NESTED_NSTYPES, ['user', 'pid', 'pid_for_children', 'toy', 'blue']);

test.prop([fc.array(nestedOp, { maxLength: 60, size: 'max' })], { numRuns: propertyRuns(150) })('user and pid types: references between namespaces, credentials and struct pids', (ops) => {
  run([nestedUserType, nestedPidType, toyType, blueType], ops);
});
