/**
 * The road not taken userns-2007 (U9.*): the first user namespace's table of
 * users, global capabilities, the SIGIO owner check; Linux 6.18 unchanged
 * with the road closed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAP_SYS_ADMIN, CLONE_NEWUSER, Kernel, nsCapable } from '@nsproxy/core';
import type { KernelSnapshot, Task, UserNamespace } from '@nsproxy/core';
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

describe('f_owner in kernel snapshots (on and off road userns-2007)', () => {
  /** The task of `k` with `t`'s serial. */
  const same = (k: Kernel, t: Task): Task => k.tasks().find((x) => x.serial === t.serial) as Task;
  const restore = (snap: KernelSnapshot): Kernel => Kernel.restore(JSON.parse(JSON.stringify(snap)) as KernelSnapshot, { namespaces: [userNamespaceType] });

  /**
   * A kernel where `a` (in a new user namespace, uid 0 there) owns fd `toB`
   * for `b` (another namespace) and fd `toA2` for `a2` (its own), and an
   * unprivileged `t` owns fd `toU` for `u` (another uid).
   */
  function world(closed: boolean) {
    const { k, init } = boot(closed);
    const a = k.clone(init, CLONE_NEWUSER);
    const b = k.clone(init, 0);
    const a2 = k.clone(a, 0);
    const t = k.clone(init, 0);
    k.setresuid(t, 1000, 1000, 1000);
    const u = k.clone(init, 0);
    k.setresuid(u, 2000, 2000, 2000);
    const own = (owner: Task, target: Task): number => {
      const fd = k.open(owner, '/proc/self/ns/user');
      fSetown(k, owner, fd, target);
      return fd;
    };
    return { k, a, b, a2, t, u, toB: own(a, b), toA2: own(a, a2), toU: own(t, u) };
  }

  /** What SIGIO each fd of `w` sends in kernel `k` (each on a fresh restore of `snap`, since a signal may end a task). */
  function outcomes(snap: KernelSnapshot, w: ReturnType<typeof world>): boolean[] {
    return ([[w.a, w.toB], [w.a, w.toA2], [w.t, w.toU]] as const).map(([owner, fd]) => {
      const k = restore(snap);
      return sendSigio(k, same(k, owner), fd);
    });
  }

  for (const closed of [false, true]) {
    it(`${closed ? 'Linux 6.18' : 'on the road'}: a restored kernel keeps each file's owner and sends the same SIGIO`, () => {
      const w = world(closed);
      const snap = w.k.snapshot();
      const owned = snap.files.filter((f) => f.owner !== undefined);
      expect(owned).toHaveLength(3);
      // The setter's user namespace is kept on the road only.
      expect(owned.map((f) => f.owner?.userNs === null)).toEqual([closed, closed, closed]);
      const k2 = restore(snap);
      const fown = fileOwner(k2.file(same(k2, w.a), w.toB));
      expect(fown?.pid).toBe(same(k2, w.b).pid);
      expect(fown?.userNs).toBe(closed ? null : same(k2, w.a).cred.userNs);
      expect(fileOwner(k2.file(same(k2, w.t), w.toU))).toEqual(expect.objectContaining({ uid: 1000, euid: 1000 }));
      expect(k2.snapshot()).toEqual(snap);
      const before = outcomes(snap, w);
      // Root in a 2007 namespace signals no task of another; Linux 6.18 compares kernel uids only.
      expect(before).toEqual(closed ? [true, true, false] : [false, true, false]);
      expect([w.k, w.k, w.k].map((k, i) => sendSigio(k, [w.a, w.a, w.t][i] as Task, [w.toB, w.toA2, w.toU][i] as number))).toEqual(before);
    });
  }

  it('the owner is on the file: dup and fork share it, through a snapshot too; a failed F_SETOWN keeps it', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const fd = k.open(a, '/proc/self/ns/user');
    const fd2 = k.dup(a, fd);
    const child = k.clone(a, 0);
    const other = k.clone(init, 0);
    fSetown(k, child, fd, other);
    expect(fileOwner(k.file(a, fd2))?.pid).toBe(other.pid);
    const k2 = restore(k.snapshot());
    const [a2, child2] = [same(k2, a), same(k2, child)];
    expect(k2.file(a2, fd2)).toBe(k2.file(child2, fd));
    fSetown(k2, a2, fd2, a2);
    expect(fileOwner(k2.file(child2, fd))?.pid).toBe(a2.pid);
    const gone = k2.clone(same(k2, init), 0);
    k2.exit(gone);
    expect(errno(() => fSetown(k2, child2, fd, gone))).toBe('ESRCH');
    expect(fileOwner(k2.file(a2, fd))?.pid).toBe(a2.pid);
  });

  it('property: after any F_SETOWN, dup and fork, a restored kernel sends the same SIGIO as the original', () => {
    const step = fc.tuple(fc.constantFrom('fork', 'userns', 'setuid', 'open', 'dup', 'setown'), fc.nat(), fc.nat(), fc.constantFrom(0, 1000, 2000));
    fc.assert(fc.property(fc.boolean(), fc.array(step, { maxLength: 25 }), fc.nat(), fc.nat(), (closed, steps, pick, pickFd) => {
      const { k, init } = boot(closed);
      const tasks: Task[] = [init];
      const fds = (t: Task): number[] => [...(t.files?.fds.keys() ?? [])];
      for (const [op, i, j, uid] of steps) {
        const t = tasks[i % tasks.length] as Task;
        const f = fds(t);
        try {
          if (op === 'fork' || op === 'userns') tasks.push(k.clone(t, op === 'userns' ? CLONE_NEWUSER : 0));
          else if (op === 'setuid') k.setresuid(t, uid, uid, uid);
          else if (op === 'open') k.open(t, '/proc/self/ns/user');
          else if (op === 'dup' && f.length > 0) k.dup(t, f[j % f.length] as number);
          else if (op === 'setown' && f.length > 0) fSetown(k, t, f[j % f.length] as number, tasks[j % tasks.length] as Task);
        } catch (e) {
          if (!(e instanceof Error && 'code' in e)) throw e;
        }
      }
      const owners = tasks.filter((t) => fds(t).length > 0);
      if (owners.length === 0) return;
      const snap = k.snapshot();
      const k2 = restore(snap);
      expect(k2.snapshot()).toEqual(snap);
      const t = owners[pick % owners.length] as Task;
      const fd = fds(t)[pickFd % fds(t).length] as number;
      const target = fileOwner(k.file(t, fd))?.pid.task ?? null;
      const sent = sendSigio(k, t, fd);
      expect(sendSigio(k2, same(k2, t), fd)).toBe(sent);
      if (target) expect(same(k2, target).alive).toBe(target.alive);
    }), { numRuns: 150 });
  });

  it('an owner whose process was reaped is kept as its struct pid: no SIGIO before or after a restore', () => {
    const { k, init } = boot();
    const c = k.clone(init, 0);
    const fd = k.open(init, '/proc/self/ns/user');
    fSetown(k, init, fd, c);
    k.exit(c);
    k.wait(init);
    const k2 = restore(k.snapshot());
    expect(fileOwner(k2.file(k2.initTask, fd))?.pid.numbers).toEqual(c.pid.numbers);
    expect(fileOwner(k2.file(k2.initTask, fd))?.pid.task).toBeNull();
    expect(sendSigio(k, init, fd)).toBe(false);
    expect(sendSigio(k2, k2.initTask, fd)).toBe(false);
  });

  it('a snapshot without owners (older than them) restores files without owner; a bad owner record is refused', () => {
    const { k, init } = boot();
    const fd = k.open(init, '/proc/self/ns/user');
    fSetown(k, init, fd, init);
    const snap = k.snapshot();
    const old = { ...snap, files: snap.files.map(({ owner: _owner, ...f }) => f) } as KernelSnapshot;
    const k0 = restore(old);
    expect(fileOwner(k0.file(k0.initTask, fd))).toBeUndefined();
    const k1 = restore(snap);
    expect(fileOwner(k1.file(k1.initTask, fd))?.pid).toBe(k1.initTask.pid);
    const bad = (owner: unknown): KernelSnapshot => ({ ...snap, files: snap.files.map((f) => (f.owner ? { ...f, owner } : f)) }) as KernelSnapshot;
    const pidNs = snap.namespaces.find((n) => n.type === 'pid')?.id;
    for (const owner of [{ ...snap.files[0]?.owner, pid: 99 }, { ...snap.files[0]?.owner, uid: 'root' }, { ...snap.files[0]?.owner, userNs: pidNs }, 7]) {
      expect(() => restore(bad(owner))).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
    }
  });
});
