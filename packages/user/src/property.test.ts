/**
 * Properties of the map rules over random sequences of calls (fast-check):
 * - a writer without CAP_SETUID/CAP_SETGID over the parent only ever installs
 *   one extent of one id: its own euid (uid_map) or egid (gid_map, after
 *   setgroups deny), in a namespace it owns;
 * - so tasks that start unprivileged never hold another kernel id, nor any
 *   capability over the initial user namespace, whatever they do;
 * - every installed map's kernel ids are mapped in the parent;
 * - a call that fails leaves the whole kernel (its snapshot) unchanged, and
 *   any state reached survives a snapshot round trip.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { CAP_SETGID, CAP_SETUID, CAP_SYS_ADMIN, CLONE_NEWUSER, Kernel, KernelError, fromKgid, fromKuid, nsCapable } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { userNamespaceType, writeGidMap, writeSetgroups, writeUidMap } from './index.ts';
import { boot, state } from '../test/helpers.ts';
import { propertyRuns } from '@nsproxy/testkit';

type Extent = readonly [number, number, number];
type Op =
  | { op: 'map'; w: number; t: number; file: 'uid_map' | 'gid_map'; text: string }
  | { op: 'setgroups'; w: number; t: number; word: string }
  | { op: 'unshare'; t: number }
  | { op: 'clone'; t: number; user: boolean }
  | { op: 'setns'; t: number; target: number }
  | { op: 'setuid'; t: number; id: number }
  | { op: 'setgid'; t: number; id: number }
  | { op: 'exit'; t: number };

const idArb = fc.oneof(fc.constantFrom(0, 1, 5, 1000, 1001, 1002, 2000, 65534, 4294967294, 4294967295), fc.nat({ max: 70000 }));
const countArb = fc.oneof(fc.constantFrom(0, 1, 2, 10, 1000, 4294967295), fc.nat({ max: 5000 }));
const extentArb: fc.Arbitrary<Extent> = fc.tuple(idArb, idArb, countArb);
/** Lines that map one of the ids the tasks start with: what an unprivileged writer may get through. */
const selfLineArb = fc.tuple(idArb, fc.constantFrom(1000, 1001, 1002, 2000, 0), fc.constantFrom(1, 1, 1, 2)).map((e) => e.join(' '));
const textArb = fc.oneof(
  { weight: 6, arbitrary: fc.array(extentArb, { minLength: 1, maxLength: 4 }).map((es) => es.map((e) => e.join(' ')).join('\n')) },
  { weight: 4, arbitrary: fc.array(selfLineArb, { minLength: 1, maxLength: 2 }).map((ls) => ls.join('\n')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '\n', '0 0 1\n', '0 0 1\n\n', '0 1000 1', '0 1001 1', '0 1002 1') },
);
const ix = fc.nat({ max: 20 });
/** The ops; `writer` picks who writes files (the second property favours the first task, root). */
function opsOf(writer: fc.Arbitrary<number>): fc.Arbitrary<Op> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constant('map' as const), w: writer, t: ix, file: fc.constantFrom('uid_map' as const, 'gid_map' as const), text: textArb }) },
    // a task writing its own map: the unprivileged dance
    { weight: 4, arbitrary: fc.record({ t: ix, file: fc.constantFrom('uid_map' as const, 'gid_map' as const), text: textArb }).map((o) => ({ op: 'map' as const, w: o.t, ...o })) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('setgroups' as const), w: writer, t: ix, word: fc.constantFrom('allow', 'deny', 'deny\n', 'maybe') }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('unshare' as const), t: ix }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('clone' as const), t: ix, user: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('setns' as const), t: ix, target: ix }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('setuid' as const), t: ix, id: idArb }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('setgid' as const), t: ix, id: idArb }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('exit' as const), t: ix }) },
  );
}

/** Runs one op; checks the unprivileged-writer rule on every successful map write. */
function apply(k: Kernel, tasks: Task[], o: Op): void {
  const live = tasks.filter((t) => t.alive);
  if (live.length === 0) return;
  const pick = (i: number): Task => live[i % live.length] as Task;
  const t = pick(o.t);
  switch (o.op) {
    case 'map': {
      const w = pick(o.w);
      const ns = t.cred.userNs;
      const cap = o.file === 'uid_map' ? CAP_SETUID : CAP_SETGID;
      const privileged = ns.parent !== null && nsCapable(w.cred, ns.parent, cap);
      const wasAllowed = ns.setgroupsAllowed;
      (o.file === 'uid_map' ? writeUidMap : writeGidMap)(k, w, t, o.text);
      const map = o.file === 'uid_map' ? ns.uidMap : ns.gidMap;
      const parent = ns.parent;
      if (!parent) throw new Error('a map of the initial namespace was written');
      for (const e of map) {
        const up = o.file === 'uid_map' ? fromKuid : fromKgid;
        expect(up(parent, e.lowerFirst), 'the first kernel id is mapped in the parent').toBeGreaterThanOrEqual(0);
        expect(up(parent, e.lowerFirst + e.count - 1), 'the last kernel id is mapped in the parent').toBeGreaterThanOrEqual(0);
      }
      if (!privileged) {
        expect(map).toHaveLength(1);
        expect(map[0]?.count).toBe(1);
        expect(ns.owner).toBe(w.cred.euid);
        expect(map[0]?.lowerFirst).toBe(o.file === 'uid_map' ? w.cred.euid : w.cred.egid);
        if (o.file === 'gid_map') expect(wasAllowed).toBe(false);
      }
      return;
    }
    case 'setgroups':
      writeSetgroups(k, pick(o.w), t, o.word);
      return;
    case 'unshare':
      k.unshare(t, CLONE_NEWUSER);
      return;
    case 'clone':
      tasks.push(k.clone(t, o.user ? CLONE_NEWUSER : 0));
      return;
    case 'setns': {
      const fd = k.openNs(t, pick(o.target), 'user');
      try {
        k.setns(t, fd, CLONE_NEWUSER);
      } finally {
        k.close(t, fd);
      }
      return;
    }
    case 'setuid':
      k.setresuid(t, o.id, o.id, o.id);
      return;
    case 'setgid':
      k.setresgid(t, o.id, o.id, o.id);
      return;
    case 'exit':
      if (t.parent) k.exit(t);
      return;
  }
}

/** Runs `o`; with `compare`, a KernelError must leave the snapshot as it was. */
function step(k: Kernel, tasks: Task[], o: Op, compare: boolean): void {
  for (const t of k.tasks()) if (t.alive) k.setDumpable(t, 1); // prctl(PR_SET_DUMPABLE, 1) everywhere
  const before = compare ? state(k) : '';
  try {
    apply(k, tasks, o);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    if (compare) expect(state(k), `${o.op} failed with ${e.code} but changed the kernel`).toBe(before);
  }
}

test.prop([fc.array(opsOf(ix), { minLength: 10, maxLength: 60, size: 'max' })], { numRuns: propertyRuns(200) })(
  'unprivileged tasks only ever map their own ids, and never gain another kernel id or a capability over init_user_ns',
  (ops) => {
    const { k, init } = boot();
    const start: [number, number][] = [[1000, 1000], [1001, 1002], [1000, 2000]];
    const tasks: Task[] = [];
    const origin = new Map<Task, [number, number]>();
    for (const [uid, gid] of start) {
      const t = k.clone(init, 0);
      k.setresgid(t, gid, gid, gid);
      k.setresuid(t, uid, uid, uid);
      tasks.push(t, k.clone(t, CLONE_NEWUSER)); // and a child in a fresh namespace it owns
    }
    for (const t of tasks) origin.set(t, [t.cred.uid, t.cred.gid]);
    for (const o of ops) {
      const n = tasks.length;
      step(k, tasks, o, false);
      // A child inherits its parent's kernel ids.
      for (const child of tasks.slice(n)) origin.set(child, origin.get(child.parent as Task) ?? [-1, -1]);
      for (const t of tasks) {
        if (!t.alive) continue;
        const [uid, gid] = origin.get(t) ?? [-1, -1];
        const c = t.cred;
        expect([c.uid, c.euid, c.suid, c.fsuid]).toEqual([uid, uid, uid, uid]);
        expect([c.gid, c.egid, c.sgid, c.fsgid]).toEqual([gid, gid, gid, gid]);
        for (const cap of [CAP_SYS_ADMIN, CAP_SETUID, CAP_SETGID]) expect(nsCapable(c, k.initUserNs, cap)).toBe(false);
      }
    }
  },
);

test.prop([fc.array(opsOf(fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: ix })), { minLength: 5, maxLength: 40, size: 'max' })], { numRuns: propertyRuns(120) })(
  'with root writers too: a failed call changes nothing, installed maps stay inside the parent\'s',
  (ops) => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, '0 0 10');
    writeGidMap(k, init, a, '0 0 10');
    const tasks: Task[] = [init, a, k.clone(a, CLONE_NEWUSER), k.clone(init, 0)];
    const u = k.clone(init, 0);
    k.setresuid(u, 1000, 1000, 1000);
    tasks.push(u);
    for (const o of ops) step(k, tasks, o, true);
    // and whatever state it reached survives a snapshot round trip
    const snap = k.snapshot();
    expect(Kernel.restore(snap, { namespaces: [userNamespaceType] }).snapshot()).toEqual(snap);
  },
);
