import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CAP_SETFCAP, CAP_SYS_ADMIN, CLONE_FS, CLONE_NEWUSER, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM,
  Kernel, NS_GET_OWNER_UID, NS_GET_PARENT, NS_GET_USERNS, UserNamespace, capBit, flagsOr, nsCapable,
} from '@nsproxy/core';
import { nsOwner } from '@nsproxy/core';
import type { ReviveRefs, SaveRefs, Task } from '@nsproxy/core';
import { userNamespaceType, writeGidMap, writeSetgroups, writeUidMap } from './index.ts';
import { boot, errno, state } from '../test/helpers.ts';
import { testNamespaceType } from '@nsproxy/testkit';

testNamespaceType({ type: userNamespaceType });

const THREAD = flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM);

/** A task in a new user namespace whose creator's ids are mapped as 0 (so it may go on nesting). */
function mappedChild(k: Kernel, parent: Task): Task {
  const t = k.clone(parent, CLONE_NEWUSER);
  writeSetgroups(k, parent, t, 'deny');
  writeUidMap(k, parent, t, '0 0 1');
  writeGidMap(k, parent, t, '0 0 1');
  return t;
}

describe('userNamespaceType: registration', () => {
  it('replaces the built-in type: CLONE_NEWUSER works and /proc/PID/ns/user exists', () => {
    const { k, init } = boot();
    expect(k.hasUserNs).toBe(true);
    expect(k.userType).toBe(userNamespaceType);
    expect(k.nsEntries).toContain('user');
    expect(k.readlink(init, '/proc/self/ns/user')).toBe('user:[4026531837]');
    const a = k.clone(init, CLONE_NEWUSER);
    expect(a.cred.userNs).not.toBe(k.initUserNs);
    expect(a.cred.userNs.ops).toBe(userNamespaceType);
  });

  it('the initial namespace has identity maps, setgroups allowed, no parent', () => {
    const { k } = boot();
    const ns = k.initUserNs;
    expect(ns.parent).toBeNull();
    expect(ns.level).toBe(0);
    expect(ns.uidMap).toEqual([{ first: 0, lowerFirst: 0, count: 4294967295 }]);
    expect(ns.setgroupsAllowed).toBe(true);
    expect(nsOwner(ns)).toBeNull();
  });
});

describe('create_user_ns (copy)', () => {
  it('records owner, group, level and parent; the creator gets every capability there (U1.6, U1.8)', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    k.setresgid(t, 77, 77, 77);
    k.capset(t, { effective: CAP_FULL_SET & ~capBit(CAP_SETFCAP), permitted: CAP_FULL_SET });
    k.unshare(t, CLONE_NEWUSER);
    const ns = t.cred.userNs;
    expect(ns.parent).toBe(k.initUserNs);
    expect(ns.level).toBe(1);
    expect(ns.owner).toBe(0);
    expect(ns.group).toBe(77);
    expect(ns.parentCouldSetfcap).toBe(false);
    expect(ns.uidMap).toEqual([]);
    expect(t.cred.capEffective).toBe(CAP_FULL_SET);
    expect(t.cred.capPermitted).toBe(CAP_FULL_SET);
    expect(t.cred.capBset).toBe(CAP_FULL_SET);
    expect(t.cred.capInheritable).toBe(0n);
    expect(t.cred.capAmbient).toBe(0n);
    expect(t.cred.uid).toBe(0);
    expect(t.cred.gid).toBe(77);
    expect(nsCapable(t.cred, k.initUserNs, CAP_SYS_ADMIN)).toBe(false);
  });

  it('parentCouldSetfcap is true for a creator with CAP_SETFCAP', () => {
    const { k, init } = boot();
    expect(k.clone(init, CLONE_NEWUSER).cred.userNs.parentCouldSetfcap).toBe(true);
  });

  it('copies the parent\'s setgroups setting (U1.6)', () => {
    const { k, init } = boot();
    const a = mappedChild(k, init);
    expect(a.cred.userNs.setgroupsAllowed).toBe(false);
    const b = k.clone(a, CLONE_NEWUSER);
    expect(b.cred.userNs.setgroupsAllowed).toBe(false);
    expect(k.clone(init, CLONE_NEWUSER).cred.userNs.setgroupsAllowed).toBe(true);
  });

  it('33 levels nest below the initial namespace; the 34th creation is ENOSPC (U1.2)', () => {
    const { k, init } = boot();
    let t = init;
    for (let level = 1; level <= 33; level++) {
      t = mappedChild(k, t);
      expect(t.cred.userNs.level).toBe(level);
    }
    const before = state(k);
    expect(errno(() => k.clone(t, CLONE_NEWUSER))).toBe('ENOSPC');
    expect(errno(() => k.unshare(t, CLONE_NEWUSER))).toBe('ENOSPC');
    expect(state(k)).toBe(before);
  });

  it('ENOSPC when max_user_namespaces is reached at any level, and nothing stays charged (U1.3, L1.5)', () => {
    const { k, init } = boot();
    const a = mappedChild(k, init);
    a.cred.userNs.parent?.ucountMax.set('user', 2);
    const b = mappedChild(k, a);
    expect(errno(() => k.clone(b, CLONE_NEWUSER))).toBe('ENOSPC'); // charged to user:1 through a's owner
    const before = state(k);
    expect(errno(() => k.unshare(b, CLONE_NEWUSER))).toBe('ENOSPC');
    expect(state(k)).toBe(before);
  });

  it('EPERM for a chrooted caller, with the ucount charge released (U1.4)', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    k.chroot(t);
    const before = state(k);
    expect(errno(() => k.unshare(t, CLONE_NEWUSER))).toBe('EPERM');
    expect(errno(() => k.clone(t, CLONE_NEWUSER))).toBe('EPERM');
    expect(state(k)).toBe(before);
    expect(k.initUserNs.ucounts.size).toBe(0);
  });

  it('EPERM when the creator\'s euid, or its egid, has no mapping (U1.5)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    expect(errno(() => k.unshare(a, CLONE_NEWUSER))).toBe('EPERM');
    writeUidMap(k, init, a, '0 0 1');
    const before = state(k);
    expect(errno(() => k.unshare(a, CLONE_NEWUSER))).toBe('EPERM'); // egid still unmapped
    expect(state(k)).toBe(before);
    writeGidMap(k, init, a, '0 0 1');
    k.unshare(a, CLONE_NEWUSER);
    expect(a.cred.userNs.level).toBe(2);
  });

  it('checks in the kernel\'s order: depth, ucount, chroot, mapping', () => {
    // ucount (ENOSPC) before chroot (EPERM)
    {
      const { k, init } = boot();
      const t = k.clone(init, 0);
      k.chroot(t);
      k.initUserNs.ucountMax.set('user', 0);
      expect(errno(() => k.unshare(t, CLONE_NEWUSER))).toBe('ENOSPC');
    }
    // chroot before the mapping (both EPERM: the detail tells which), the charge dropped either way
    {
      const { k, init } = boot();
      const a = k.clone(init, CLONE_NEWUSER); // unmapped
      k.chroot(a);
      const before = state(k);
      expect(() => k.unshare(a, CLONE_NEWUSER)).toThrow(/^EPERM.*chrooted/);
      expect(state(k)).toBe(before);
    }
    // depth (ENOSPC) before the mapping (EPERM): an unmapped task at level 33
    {
      const { k, init } = boot();
      let t = init;
      for (let level = 1; level <= 32; level++) t = mappedChild(k, t);
      const deepest = k.clone(t, CLONE_NEWUSER); // level 33, unmapped
      expect(errno(() => k.unshare(deepest, CLONE_NEWUSER))).toBe('ENOSPC');
    }
  });

  it('the owner is the creator\'s euid as a kernel uid, whatever its uid inside (U1.6)', () => {
    const { k, init } = boot();
    const t = k.clone(init, 0);
    k.setresuid(t, 1000, 1000, 1000);
    k.unshare(t, CLONE_NEWUSER);
    expect(t.cred.userNs.owner).toBe(1000);
  });
});

describe('userns_install (setns)', () => {
  function setnsUser(k: Kernel, task: Task, target: Task): void {
    const fd = k.openNs(task, target, 'user');
    try {
      k.setns(task, fd, CLONE_NEWUSER);
    } finally {
      k.close(task, fd);
    }
  }

  it('enters a descendant with the full capability set and the same kernel ids (I5.6)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const b = k.clone(init, 0);
    k.setresgid(b, 5, 5, 5);
    k.capset(b, { effective: capBit(CAP_SYS_ADMIN), permitted: CAP_FULL_SET });
    setnsUser(k, b, a);
    expect(b.cred.userNs).toBe(a.cred.userNs);
    expect(b.cred.capEffective).toBe(CAP_FULL_SET);
    expect(b.cred.capAmbient).toBe(0n);
    expect(b.cred.gid).toBe(5);
    expect(b.cred.uid).toBe(0);
  });

  it('EINVAL for the caller\'s own namespace (I5.1)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const before = state(k);
    expect(errno(() => setnsUser(k, a, a))).toBe('EINVAL');
    expect(errno(() => setnsUser(k, init, init))).toBe('EINVAL');
    expect(state(k)).toBe(before);
  });

  it('EINVAL for a caller with other threads, and for a thread that is not the leader (I5.2)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const p = k.clone(init, 0);
    const fd = k.openNs(p, a, 'user');
    const thread = k.clone(p, THREAD);
    expect(errno(() => k.setns(p, fd, CLONE_NEWUSER))).toBe('EINVAL');
    expect(errno(() => k.setns(thread, fd, CLONE_NEWUSER))).toBe('EINVAL');
    k.exit(thread);
    k.setns(p, fd, CLONE_NEWUSER);
    expect(p.cred.userNs).toBe(a.cred.userNs);
  });

  it('EINVAL when the fs_struct is shared (I5.3)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const p = k.clone(init, 0);
    const fd = k.openNs(p, a, 'user');
    const sharer = k.clone(p, CLONE_FS);
    expect(errno(() => k.setns(p, fd, CLONE_NEWUSER))).toBe('EINVAL');
    k.exit(sharer);
    k.setns(p, fd, 0);
    expect(p.cred.userNs).toBe(a.cred.userNs);
  });

  it('EPERM without CAP_SYS_ADMIN in the target: ancestors, siblings, strangers\' children (I5.4)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const fdInit = k.open(init, '/proc/self/ns/user');
    const fdA = k.openNs(init, a, 'user');
    const child = k.clone(init, 0); // inherits both fds
    k.unshare(child, CLONE_NEWUSER);
    expect(errno(() => k.setns(child, fdInit, CLONE_NEWUSER))).toBe('EPERM');
    expect(errno(() => k.setns(child, fdA, CLONE_NEWUSER))).toBe('EPERM');
    const stranger = k.clone(init, 0);
    k.setresuid(stranger, 1000, 1000, 1000);
    const before = state(k);
    expect(errno(() => k.setns(stranger, fdA, CLONE_NEWUSER))).toBe('EPERM');
    expect(state(k)).toBe(before);
  });

  it('the owner enters its child without any capability (I5.7, U3.3)', () => {
    const { k, init } = boot();
    const u = k.clone(init, 0);
    k.setresuid(u, 1000, 1000, 1000);
    const c = k.clone(u, CLONE_NEWUSER);
    const cfd = k.openNs(init, c, 'user');
    const v = k.clone(init, 0); // gets cfd
    k.setresuid(v, 1000, 1000, 1000);
    expect(v.cred.capEffective).toBe(0n);
    k.setns(v, cfd, CLONE_NEWUSER);
    expect(v.cred.userNs).toBe(c.cred.userNs);
  });

  it('checks in the kernel\'s order: same namespace, threads, shared fs, capability', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const fdA = k.openNs(init, a, 'user');
    const q = k.clone(init, 0); // holds fdA
    k.setresuid(q, 1000, 1000, 1000); // no CAP_SYS_ADMIN anywhere
    const why = (fd: number): string => {
      try {
        k.setns(q, fd, CLONE_NEWUSER);
      } catch (e) {
        return (e as Error).message;
      }
      return 'ok';
    };
    expect(why(fdA)).toMatch(/^EPERM/);
    k.clone(q, CLONE_FS);
    expect(why(fdA)).toMatch(/^EINVAL.*fs_struct/); // shared fs before the capability
    k.clone(q, THREAD);
    expect(why(fdA)).toMatch(/^EINVAL.*threads/); // threads before the shared fs
    const own = k.open(q, '/proc/self/ns/user');
    expect(why(own)).toMatch(/^EINVAL.*already/); // the same namespace first
  });
});

describe('owner and parent (NS_GET_USERNS, NS_GET_PARENT, NS_GET_OWNER_UID)', () => {
  it('a user namespace is owned by its parent; the answer is EPERM outside the caller\'s subtree (U4.4)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const ns = a.cred.userNs;
    expect(nsOwner(ns)).toBe(k.initUserNs);
    const fd = k.openNs(init, a, 'user');
    const up = k.ioctl(init, fd, NS_GET_USERNS);
    expect(k.nsOfFd(init, up)).toBe(k.initUserNs);
    const parent = k.ioctl(init, fd, NS_GET_PARENT);
    expect(k.nsOfFd(init, parent)).toBe(k.initUserNs);
    expect(errno(() => k.ioctl(init, up, NS_GET_PARENT))).toBe('EPERM');
    expect(errno(() => k.ioctl(init, up, NS_GET_USERNS))).toBe('EPERM');
    const own = k.open(a, '/proc/self/ns/user');
    expect(errno(() => k.ioctl(a, own, NS_GET_PARENT))).toBe('EPERM');
    expect(userNamespaceType.getParent?.(ns, init)).toBe(k.initUserNs);
  });

  it('NS_GET_OWNER_UID is the creator\'s euid in the caller\'s namespace (U5.1)', () => {
    const { k, init } = boot();
    const u = k.clone(init, 0);
    k.setresuid(u, 1000, 1000, 1000);
    k.unshare(u, CLONE_NEWUSER);
    const fd = k.open(u, '/proc/self/ns/user');
    expect(k.ioctl(u, fd, NS_GET_OWNER_UID)).toBe(65534);
    const fd2 = k.openNs(init, u, 'user');
    expect(k.ioctl(init, fd2, NS_GET_OWNER_UID)).toBe(1000);
  });
});

describe('save and revive', () => {
  it('revive rebuilds what save kept', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, '0 5 3');
    writeSetgroups(k, init, a, 'deny');
    const ns = a.cred.userNs;
    // A user namespace refers to no pid or task.
    const saveRefs: SaveRefs = { pid: () => { throw new Error('no pid'); }, task: () => { throw new Error('no task'); } };
    const reviveRefs: ReviveRefs = { defer: (fn) => fn(), pid: () => { throw new Error('no pid'); }, task: () => null };
    const data = userNamespaceType.save?.(ns, saveRefs);
    const copy = userNamespaceType.revive?.(k, k.initUserNs, JSON.parse(JSON.stringify(data)), null, reviveRefs);
    expect(copy).toBeInstanceOf(UserNamespace);
    if (!(copy instanceof UserNamespace)) return;
    expect(copy.parent).toBe(k.initUserNs);
    expect(copy.uidMap).toEqual(ns.uidMap);
    expect(copy.setgroupsAllowed).toBe(false);
    expect(copy.owner).toBe(ns.owner);
    expect(copy.level).toBe(1);
  });

  it('a kernel with user namespaces survives a snapshot round trip', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, '0 0 1\n1000 1000 10');
    const snap = k.snapshot();
    const copy = Kernel.restore(snap, { namespaces: [userNamespaceType] });
    expect(copy.snapshot()).toEqual(snap);
  });
});
