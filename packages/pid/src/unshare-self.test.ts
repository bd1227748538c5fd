/**
 * The road not taken pid-unshare-self (P9.*): unshare(CLONE_NEWPID) moving the
 * caller, setsid, and Linux 6.18 unchanged with the road closed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLONE_NEWPID, CLONE_THREAD, CLONE_SIGHAND, CLONE_VM, Kernel, SIGCHLD, SIGKILL, flagsOr } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { PID_UNSHARE_SELF, pidNamespaceType, sessionOf, setsid } from './index.ts';
import { balanced, boot, errorOf, errno, forChildren } from '../test/helpers.ts';

const ROAD = { roads: [PID_UNSHARE_SELF] };

/** A child of init that called setsid: alone in its session. */
function loner(k: Kernel, init: Task): Task {
  const t = k.clone(init, 0);
  k.sigaction(t, SIGCHLD, 'default');
  setsid(k, t);
  return t;
}

describe('road pid-unshare-self', () => {
  it('is a road the pid type brings, closed by default', () => {
    const { k } = boot();
    expect(k.knownRoads.map((r) => r.name)).toContain(PID_UNSHARE_SELF);
    expect(k.onRoad(PID_UNSHARE_SELF)).toBe(false);
    expect(pidNamespaceType.roads?.[0]?.doc).toBe('roads/pid-unshare-self.md');
    // The closed road costs an unshare nothing: the type's `unshared` step is not even counted.
    expect(k.unsharedHooks).toBe(false);
    expect(boot([], ROAD).k.unsharedHooks).toBe(true);
  });

  it('P9.1: the caller becomes pid 1 and child reaper of the new namespace; its parent sees the same number', () => {
    const { k, init } = boot([], ROAD);
    const t = loner(k, init);
    const before = k.getpid(t);
    const outer = k.pidOf(t, init);
    const oldNs = t.pid.ns;
    k.unshare(t, CLONE_NEWPID);
    const ns = forChildren(k, t);
    expect(ns).not.toBe(oldNs);
    expect(ns.parent).toBe(oldNs);
    expect(t.pid.ns).toBe(ns);
    expect(k.getpid(t)).toBe(1);
    expect(before).not.toBe(1);
    expect(k.getppid(t)).toBe(0);
    expect(k.pidOf(t, init)).toBe(outer);
    expect(t.pid.numbers).toEqual([outer, 1]);
    expect(ns.childReaper).toBe(t);
    expect(k.readlink(t, '/proc/self/ns/pid')).toBe(k.readlink(t, '/proc/self/ns/pid_for_children'));
    expect(k.readlink(t, '/proc/self/ns/pid')).not.toBe(k.readlink(init, '/proc/self/ns/pid'));
    // The old numbers name the task still, through its new pid.
    expect(oldNs.findTask(outer)).toBe(t);
    expect(ns.findTask(1)).toBe(t);
    // Its next child is born in the new namespace, numbered 2, and sees it as parent 1.
    const c = k.clone(t, 0);
    expect(k.getpid(c)).toBe(2);
    expect(k.getppid(c)).toBe(1);
    expect(c.pid.ns).toBe(ns);
    balanced(k);
  });

  it('P9.1: the new init dies like any init: its namespace is zapped, and the references balance', () => {
    const { k, init } = boot([], ROAD);
    const t = loner(k, init);
    k.unshare(t, CLONE_NEWPID);
    const ns = t.pid.ns;
    const c = k.clone(t, 0);
    k.kill(init, k.pidOf(t, init), SIGKILL);
    expect(c.alive).toBe(false);
    expect(ns.adding).toBe(false);
    balanced(k);
  });

  it('P9.2: EBUSY unless the caller leads its session and is alone in it, and has no other thread', () => {
    const { k, init } = boot([], ROAD);
    const plain = k.clone(init, 0);
    expect(errorOf(() => k.unshare(plain, CLONE_NEWPID))).toMatchObject({ code: 'EBUSY', rule: 'P9.2' });
    const t = loner(k, init);
    const child = k.clone(t, 0);
    expect(sessionOf(child)).toBe(t.serial);
    const err = errorOf(() => k.unshare(t, CLONE_NEWPID));
    expect(err).toMatchObject({ code: 'EBUSY', rule: 'P9.2' });
    // Nothing changed: same namespace, same number, pid_for_children untouched.
    expect(k.getpid(t)).toBe(t.pid.numbers[0]);
    expect(forChildren(k, t)).toBe(k.initPidNs);
    // A zombie child is still in the session.
    k.exit(child);
    expect(child.state).toBe('zombie');
    expect(errno(() => k.unshare(t, CLONE_NEWPID))).toBe('EBUSY');
    k.wait(t);
    const thread = k.clone(t, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM));
    expect(errorOf(() => k.unshare(t, CLONE_NEWPID))).toMatchObject({ code: 'EBUSY', rule: 'P9.2' });
    k.exit(thread);
    k.unshare(t, CLONE_NEWPID);
    expect(k.getpid(t)).toBe(1);
    balanced(k);
  });

  it('P9.3: a second unshare(CLONE_NEWPID) by the new init is EBUSY', () => {
    const { k, init } = boot([], ROAD);
    const t = loner(k, init);
    k.unshare(t, CLONE_NEWPID);
    expect(errorOf(() => k.unshare(t, CLONE_NEWPID))).toMatchObject({ code: 'EBUSY', rule: 'P9.3' });
    const inner = k.clone(init, CLONE_NEWPID);
    setsid(k, inner);
    expect(errno(() => k.unshare(inner, CLONE_NEWPID))).toBe('EBUSY');
  });

  it('P9.4: setsid returns the pid; EPERM for a process group leader and for the first task', () => {
    const { k, init } = boot([], ROAD);
    expect(errorOf(() => setsid(k, init))).toMatchObject({ code: 'EPERM', rule: 'P9.4' });
    const t = k.clone(init, 0);
    expect(setsid(k, t)).toBe(k.getpid(t));
    expect(errno(() => setsid(k, t))).toBe('EPERM');
    const c = k.clone(t, 0);
    expect(sessionOf(c)).toBe(t.serial);
    expect(setsid(k, c)).toBe(k.getpid(c));
  });

  it('is kept in snapshots: the moved pid and the sessions', () => {
    const { k, init } = boot([], ROAD);
    const t = loner(k, init);
    k.unshare(t, CLONE_NEWPID);
    const r = Kernel.restore(k.snapshot(), { namespaces: [pidNamespaceType] });
    expect(r.onRoad(PID_UNSHARE_SELF)).toBe(true);
    const t2 = r.tasks().find((x) => x.serial === t.serial);
    if (!t2) throw new Error('lost the task');
    expect(r.getpid(t2)).toBe(1);
    expect(t2.pid.ns.childReaper).toBe(t2);
    expect(sessionOf(t2)).toBe(t.serial);
    expect(r.getpid(r.clone(t2, 0))).toBe(2);
  });

  it('with the road closed, Linux 6.18: the caller stays, even alone in its session', () => {
    const { k, init } = boot();
    const t = loner(k, init);
    const before = k.getpid(t);
    k.unshare(t, CLONE_NEWPID);
    expect(k.getpid(t)).toBe(before);
    expect(t.pid.ns).toBe(k.initPidNs);
    expect(forChildren(k, t)).not.toBe(k.initPidNs);
    const plain = k.clone(init, 0);
    k.unshare(plain, CLONE_NEWPID);
    expect(k.getpid(k.clone(plain, 0))).toBe(1);
  });

  it('property: whatever tasks exist, a move keeps every number above the new level and the task findable at each', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), (before, nest, sibling) => {
      const { k, init } = boot([], ROAD);
      let parent = init;
      for (let i = 0; i < nest; i++) parent = k.clone(parent, CLONE_NEWPID);
      for (let i = 0; i < before; i++) k.clone(parent, 0);
      const t = k.clone(parent, 0);
      setsid(k, t);
      if (sibling) k.clone(parent, 0);
      const numbers = [...t.pid.numbers];
      const views = k.tasks().filter((v) => v.alive && v !== t).map((v) => [v, k.pidOf(t, v)] as const);
      k.unshare(t, CLONE_NEWPID);
      expect(t.pid.numbers).toEqual([...numbers, 1]);
      for (const [v, nr] of views) expect(k.pidOf(t, v)).toBe(nr);
      for (let ns: typeof t.pid.ns | null = t.pid.ns; ns; ns = ns.parent) expect(ns.findTask(t.pid.numbers[ns.level] ?? -1)).toBe(t);
      expect(k.getpid(t)).toBe(1);
      balanced(k);
    }), { numRuns: 60 });
  });
});
