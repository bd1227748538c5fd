/**
 * The road not taken userns-2007 (U9.*): the first user namespace's table of
 * users, global capabilities, the SIGIO owner check; Linux 6.18 unchanged
 * with the road closed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAP_SYS_ADMIN, CLONE_NEWUSER, Kernel, nsCapable } from '@nsproxy/core';
import type { Task, UserNamespace } from '@nsproxy/core';
import {
  SIGIO, USERNS_2007, fSetown, prctlSetKeepCaps, fileOwner, findUser, readIdMap, sendSigio, sigioPerm, userNamespaceType, userTable, writeUidMap,
} from './index.ts';
import { errno } from '../test/helpers.ts';

/** A kernel of the user type, on the road unless `closed`. */
function boot(closed = false): { k: Kernel; init: Task; initNs: UserNamespace } {
  const k = new Kernel({ namespaces: [userNamespaceType], ...(closed ? {} : { roads: [USERNS_2007] }) });
  return { k, init: k.initTask, initNs: k.initTask.cred.userNs };
}

describe('road userns-2007', () => {
  it('is a road the user type brings, closed by default: no table of users', () => {
    const { k, initNs } = boot(true);
    expect(k.knownRoads.map((r) => r.name)).toContain(USERNS_2007);
    expect(k.onRoad(USERNS_2007)).toBe(false);
    expect(initNs.uidhashTable).toBeNull();
    const child = k.clone(k.initTask, CLONE_NEWUSER);
    expect(child.cred.userNs.uidhashTable).toBeNull();
    expect(child.cred.userNs.uidMap).toEqual([]);
    expect(() => userTable(k, initNs)).toThrow(expect.objectContaining({ code: 'ENOSYS', rule: 'U9.6' }));
  });

  it('U9.1: a new namespace has its own root user; the creator keeps its ids and capabilities', () => {
    const { k, init, initNs } = boot();
    const before = userTable(k, initNs);
    expect(before).toEqual([{ uid: 0, processes: 1 }]);
    const a = k.clone(init, CLONE_NEWUSER);
    const ns = a.cred.userNs;
    expect(ns.parent).toBe(initNs);
    expect(userTable(k, ns)).toEqual([{ uid: 0, processes: 1 }]);
    expect(userTable(k, initNs)).toEqual([{ uid: 0, processes: 1 }]);
    // uid 0 of the new namespace is another user than the initial namespace's root.
    expect(findUser(k, ns, 0)).not.toBe(findUser(k, initNs, 0));
    expect(findUser(k, ns, 0)).toEqual({ ns, uid: 0 });
    expect(a.cred.capEffective).toBe(init.cred.capEffective);
    expect(k.getresuid(a)).toEqual([0, 0, 0]);
    // No id maps: the identity, set at creation; writing one is refused as for a map already written.
    expect(readIdMap(k, init, a, 'uid_map')).toMatch(/^\s*0\s+0\s+4294967295\n$/);
    expect(() => writeUidMap(k, init, a, '0 1000 1')).toThrow(expect.objectContaining({ code: 'EPERM', rule: 'U2.6' }));
  });

  it('U9.1: a creator of uid 1000 (with CAP_SYS_ADMIN) is user 1000 of the new table, beside its root', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    prctlSetKeepCaps(k, t, 1);
    k.setresuid(t, 1000, 1000, 1000);
    k.capset(t, { effective: t.cred.capPermitted, permitted: t.cred.capPermitted });
    const a = k.clone(t, CLONE_NEWUSER);
    expect(userTable(k, a.cred.userNs)).toEqual([{ uid: 0, processes: 0 }, { uid: 1000, processes: 1 }]);
    expect(k.getresuid(a)).toEqual([1000, 1000, 1000]);
    // The user goes when its last task does; the root user stays with the namespace.
    const b = k.clone(a, 0);
    k.setresuid(b, 5, 5, 5);
    expect(userTable(k, a.cred.userNs).map((e) => e.uid)).toEqual([0, 5, 1000]);
    k.exit(b);
    k.wait(a);
    expect(userTable(k, a.cred.userNs).map((e) => e.uid)).toEqual([0, 1000]);
  });

  it('U9.2: without CAP_SYS_ADMIN, EPERM, and nothing is made', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    k.setresuid(t, 1000, 1000, 1000);
    const before = k.listNamespaces().length;
    expect(() => k.unshare(t, CLONE_NEWUSER)).toThrow(expect.objectContaining({ code: 'EPERM', rule: 'U9.2' }));
    expect(k.listNamespaces().length).toBe(before);
    expect(t.cred.userNs).toBe(init.cred.userNs);
    // Linux 6.18 lets the same task make one.
    const open = boot(true);
    const u = open.k.clone(open.init, 0);
    open.k.setresuid(u, 1000, 1000, 1000);
    expect(errno(() => open.k.unshare(u, CLONE_NEWUSER))).toBe('ok');
  });

  it('U9.3: capabilities are global: root of a 2007 namespace holds CAP_SYS_ADMIN over the initial one', () => {
    const { k, init, initNs } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    expect(nsCapable(a.cred, initNs, CAP_SYS_ADMIN)).toBe(true);
    const closed = boot(true);
    const b = closed.k.clone(closed.init, CLONE_NEWUSER);
    expect(nsCapable(b.cred, closed.initNs, CAP_SYS_ADMIN)).toBe(false);
    expect(nsCapable(b.cred, b.cred.userNs, CAP_SYS_ADMIN)).toBe(true);
  });

  it('keeps the tables in snapshots', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    const a = k.clone(t, CLONE_NEWUSER);
    const r = Kernel.restore(k.snapshot(), { namespaces: [userNamespaceType] });
    expect(r.onRoad(USERNS_2007)).toBe(true);
    const a2 = r.tasks().find((x) => x.serial === a.serial) as Task;
    expect(userTable(r, a2.cred.userNs)).toEqual([{ uid: 0, processes: 1 }]);
    expect(r.initTask.cred.userNs.uidhashTable).not.toBeNull();
    expect(r.getresuid(r.clone(a2, CLONE_NEWUSER))).toEqual([0, 0, 0]);
  });

  it('property: the tables count every task once, each has its root user, and a user is one namespace\'s', () => {
    const step = fc.record({ from: fc.nat(), user: fc.boolean(), uid: fc.constantFrom(0, 0, 5, 1000) });
    fc.assert(fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
      const { k, init } = boot();
      const tasks: Task[] = [init];
      for (const s of steps) {
        const parent = tasks[s.from % tasks.length] as Task;
        if (!nsCapable(parent.cred, k.initTask.cred.userNs, CAP_SYS_ADMIN) && s.user) continue;
        const t = k.clone(parent, s.user ? CLONE_NEWUSER : 0);
        if (s.uid !== 0 && t.cred.euid === 0) k.setresuid(t, s.uid, s.uid, s.uid);
        tasks.push(t);
      }
      const spaces = new Set(k.tasks().map((t) => t.cred.userNs));
      let counted = 0;
      for (const ns of spaces) {
        const table = userTable(k, ns);
        expect(table[0]).toEqual(expect.objectContaining({ uid: 0 }));
        counted += table.reduce((n, e) => n + e.processes, 0);
        for (const e of table) expect(findUser(k, ns, e.uid)?.ns).toBe(ns);
      }
      expect(counted).toBe(k.tasks().filter((t) => t.state !== 'dead').length);
    }), { numRuns: 80 });
  });
});

describe('road userns-2007: SIGIO across user namespaces (U9.4, U9.5)', () => {
  /** `owner` sets `target` as owner of an fd of its own; then the fd is ready. Whether SIGIO was sent, and the target's state. */
  function sigio(k: Kernel, owner: Task, target: Task): boolean {
    const fd = k.open(owner, '/proc/self/ns/user');
    fSetown(k, owner, fd, target);
    expect(fileOwner(k.file(owner, fd))?.pid).toBe(target.pid);
    return sendSigio(k, owner, fd);
  }

  it('an owner set in a 2007 namespace signals no task of another; one set in the initial namespace signals any', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const b = k.clone(init, 0);
    expect(sigio(k, a, b)).toBe(false);
    expect(b.alive).toBe(true);
    const a2 = k.clone(a, 0);
    expect(sigio(k, a, a2)).toBe(true);
    // SIGIO's default action ends the process.
    expect(a2.alive).toBe(false);
    expect(a2.exitStatus & 0x7f).toBe(SIGIO);
    expect(sigio(k, init, a)).toBe(true);
    expect(a.alive).toBe(false);
  });

  it('Linux 6.18 compares the kernel uids only: root\'s owner signals across user namespaces', () => {
    const { k, init } = boot(true);
    const a = k.clone(init, CLONE_NEWUSER);
    const b = k.clone(init, 0);
    expect(sigio(k, a, b)).toBe(true);
    expect(b.alive).toBe(false);
  });

  it('sigio_perm: the uid rules of Linux 6.18 still apply on the road', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    k.setresuid(t, 1000, 1000, 1000);
    const u = k.clone(init, 0);
    k.setresuid(u, 2000, 2000, 2000);
    expect(sigioPerm(u, { pid: u.pid, uid: 1000, euid: 1000, userNs: null })).toBe(false);
    expect(sigio(k, t, u)).toBe(false);
    expect(u.alive).toBe(true);
    expect(sigioPerm(u, { pid: u.pid, uid: 2000, euid: 7, userNs: init.cred.userNs })).toBe(true);
  });

  it('U9.5: F_SETOWN of a process that is gone is ESRCH; of an fd the caller lacks, EBADF', () => {
    const { k, init } = boot();
    const gone = k.clone(init, 0);
    k.exit(gone);
    const fd = k.open(init, '/proc/self/ns/user');
    expect(() => fSetown(k, init, fd, gone)).toThrow(expect.objectContaining({ code: 'ESRCH', rule: 'U9.5' }));
    expect(fileOwner(k.file(init, fd))).toBeUndefined();
    expect(errno(() => fSetown(k, init, 99, init))).toBe('EBADF');
  });
});
