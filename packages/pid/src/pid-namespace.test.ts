/**
 * The pid namespace type against the rules of its catalog (P*, ./rules.ts) and
 * F1.4-F1.7, F1.15, F2.4, F2.11, I4.*, C8.7-C8.8 and N4.3, N4.7-N4.8.
 */
import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CAP_SYS_ADMIN, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS, CLONE_PARENT, CLONE_SIGHAND, CLONE_THREAD,
  CLONE_VM, Kernel, MAX_PID_NS_LEVEL, NS_GET_NSTYPE, NS_GET_PARENT, NS_GET_PID_FROM_PIDNS, NS_GET_PID_IN_PIDNS,
  NS_GET_OWNER_UID, NS_GET_TGID_FROM_PIDNS, NS_GET_TGID_IN_PIDNS, NS_GET_USERNS, PIDFD_NONBLOCK, PIDFD_THREAD, PID_MAX_LIMIT, PROC_INIT_INO,
  NsCommon, PidNamespace, SIGCHLD, defineNamespaceType, flagsOr, nsOwner,
} from '@nsproxy/core';
import type { NamespaceOperations, Pid, Task } from '@nsproxy/core';
import { activePidNs, pidNamespaceType, pidnsIsAncestor } from './index.ts';
import { balanced, boot, errno, errorOf, forChildren } from '../test/helpers.ts';

testNamespaceType({ type: pidNamespaceType, with: [toyUserType] });
import { testNamespaceType, toyUserType } from '@nsproxy/testkit';

const withUser = [toyUserType as NamespaceOperations<never>];
const CAP_SYS_ADMIN_BIT = 1n << BigInt(CAP_SYS_ADMIN);

/** Clones a chain of `n` nested pid namespaces below `from`; returns the inits, outermost first. */
function chain(k: Kernel, from: Task, n: number, flags = CLONE_NEWPID): Task[] {
  const out: Task[] = [];
  let t = from;
  for (let i = 0; i < n; i++) {
    t = k.clone(t, flags);
    out.push(t);
  }
  return out;
}

function last<T>(xs: readonly T[]): T {
  const x = xs[xs.length - 1];
  if (x === undefined) throw new Error('empty');
  return x;
}

/** setns(fd of target's /proc/PID/ns/<entry>, nstype), closing the fd afterwards. */
function setnsTo(k: Kernel, t: Task, target: Task, entry: string, nstype = CLONE_NEWPID): void {
  const fd = k.openNs(t, target, entry);
  try {
    k.setns(t, fd, nstype);
  } finally {
    k.close(t, fd);
  }
}

describe('registration and the initial namespace', () => {
  it('adds the pid and pid_for_children entries; the initial namespace is level 0 with its fixed inode (N1.1)', () => {
    const { k, init } = boot();
    expect(k.hasPidNs).toBe(true);
    expect(k.pidType).toBe(pidNamespaceType);
    expect(k.nsEntries).toEqual(['pid', 'pid_for_children']);
    expect(k.initPidNs).toBeInstanceOf(PidNamespace);
    expect(k.initPidNs.level).toBe(0);
    expect(k.initPidNs.parent).toBeNull();
    expect(k.initPidNs.ownerNs).toBe(k.initUserNs);
    expect(k.initPidNs.inum).toBe(PROC_INIT_INO.pid);
    expect(k.readlink(init, '/proc/self/ns/pid')).toBe('pid:[4026531836]');
    expect(k.readlink(init, '/proc/self/ns/pid_for_children')).toBe('pid:[4026531836]');
    expect(k.getpid(init)).toBe(1);
    expect(k.initPidNs.childReaper).toBe(init);
  });

  it('takes the initial pid_max from the kernel options; every new namespace starts at PID_MAX_LIMIT (P2.2, P4.2)', () => {
    const { k, init } = boot([], { pidMax: 32768 });
    expect(k.initPidNs.pidMax).toBe(32768);
    const a = k.clone(init, CLONE_NEWPID);
    expect(a.pid.ns.pidMax).toBe(PID_MAX_LIMIT);
    expect(PID_MAX_LIMIT).toBe(4194304);
  });

  it('save keeps pid_max, the idr, its cursor and the reaper; revive rebuilds a namespace under its parent and owner', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const pids: Pid[] = [];
    const saved = pidNamespaceType.save?.(a.pid.ns, { pid: (p) => pids.push(p) - 1, task: (t) => t?.serial ?? null });
    expect(saved).toEqual({ pidMax: PID_MAX_LIMIT, cursor: 2, adding: true, childReaper: a.serial, idr: [[1, 0]] });
    const deferred: (() => void)[] = [];
    const revived = pidNamespaceType.revive?.(k, k.initUserNs, saved, k.initPidNs, {
      defer: (fn) => void deferred.push(fn), pid: (i) => pids[i] as Pid, task: (s) => k.tasks().find((t) => t.serial === s) ?? null,
    });
    expect(revived).toBeInstanceOf(PidNamespace);
    expect([revived?.level, revived?.parent, revived?.ownerNs, revived?.pidMax, revived?.cursor]).toEqual([1, k.initPidNs, k.initUserNs, PID_MAX_LIMIT, 2]);
    // The idr and the reaper refer to struct pids and tasks: resolved once they exist.
    expect(revived?.idr.size).toBe(0);
    for (const fn of deferred) fn();
    expect([revived?.idr.get(1), revived?.childReaper]).toEqual([a.pid, a]);
    expect(nsOwner(a.pid.ns)).toBe(k.initUserNs);
  });

  it('without the type, CLONE_NEWPID is EINVAL (a kernel without CONFIG_PID_NS)', () => {
    const k = new Kernel();
    expect(errno(() => k.clone(k.initTask, CLONE_NEWPID))).toBe('EINVAL');
    expect(k.nsEntries).not.toContain('pid_for_children');
  });
});

describe('clone(CLONE_NEWPID) (P1.*, P2.6, P3.1, P3.2)', () => {
  it('makes the child pid 1 and child reaper of a new namespace one level down; the parent sees another number', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const ns = a.pid.ns;
    expect(ns).not.toBe(k.initPidNs);
    expect(ns.level).toBe(1);
    expect(ns.parent).toBe(k.initPidNs);
    expect(ns.ownerNs).toBe(k.initUserNs);
    expect(ns.childReaper).toBe(a);
    expect(k.getpid(a)).toBe(1);
    expect(k.getppid(a)).toBe(0);
    expect(k.pidOf(a, init)).toBe(2);
    expect(a.pid.numbers).toEqual([2, 1]);
    expect(k.isUnkillable(a)).toBe(true);
    // The parent did not move (F1.14); the child's pid and pid_for_children are both the new namespace.
    expect(k.nsOf(init, 'pid')).toBe(k.initPidNs);
    expect(k.nsOf(init, 'pid_for_children')).toBe(k.initPidNs);
    expect(k.nsOf(a, 'pid')).toBe(ns);
    expect(k.nsOf(a, 'pid_for_children')).toBe(ns);
    // The new namespace holds its parent (put_pid_ns walks up).
    balanced(k);
  });

  it('numbers the child\'s own children from 2 inside and the parent namespace keeps counting (P1.3, P1.4)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    const c = k.clone(init, 0);
    expect([k.getpid(b), k.pidOf(b, a), k.pidOf(b, init)]).toEqual([2, 2, 3]);
    expect(k.getppid(b)).toBe(1);
    expect(k.pidOf(c, init)).toBe(4);
    expect(k.pidOf(c, a)).toBe(0);
    expect(k.pidOf(init, a)).toBe(0);
  });

  it('allows CLONE_NEWPID|CLONE_PARENT from a task that is no init (F1.7); CLONE_PARENT from an init is EINVAL (F1.4, P3.5)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    const c = k.clone(b, flagsOr(CLONE_NEWPID, CLONE_PARENT));
    expect(c.parent).toBe(a);
    expect(k.getpid(c)).toBe(1);
    expect(errno(() => k.clone(a, CLONE_PARENT))).toBe('EINVAL');
    expect(errno(() => k.clone(a, flagsOr(CLONE_NEWPID, CLONE_PARENT)))).toBe('EINVAL');
  });

  it('refuses CLONE_THREAD with CLONE_NEWPID (F1.5)', () => {
    const { k, init } = boot();
    expect(errno(() => k.clone(init, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM, CLONE_NEWPID)))).toBe('EINVAL');
  });

  it('nests 32 levels below the initial namespace; the 33rd is ENOSPC and changes nothing (P1.2, L2.1)', () => {
    const { k, init } = boot();
    const inits = chain(k, init, MAX_PID_NS_LEVEL);
    const deepest = last(inits);
    expect(deepest.pid.ns.level).toBe(32);
    expect(deepest.pid.numbers).toHaveLength(33);
    expect(k.getpid(deepest)).toBe(1);
    const nsCount = k.namespaces().length;
    const tasks = k.tasks().length;
    const e = errorOf(() => k.clone(deepest, CLONE_NEWPID));
    expect(e.code).toBe('ENOSPC');
    expect(errno(() => k.unshare(deepest, CLONE_NEWPID))).toBe('ENOSPC');
    expect(k.namespaces()).toHaveLength(nsCount);
    expect(k.tasks()).toHaveLength(tasks);
    // A plain child at level 32 is fine.
    expect(k.getpid(k.clone(deepest, 0))).toBe(2);
    balanced(k);
  });
});

describe('unshare(CLONE_NEWPID) and pid_for_children (P2.1-P2.4, F2.4, F2.11)', () => {
  it('does not move the caller; pid_for_children is ENOENT until the first child, which is pid 1', () => {
    const { k, init } = boot();
    const p = k.clone(init, 0);
    const active = k.nsOf(p, 'pid');
    k.unshare(p, CLONE_NEWPID);
    expect(k.getpid(p)).toBe(2);
    expect(k.nsOf(p, 'pid')).toBe(active);
    expect(activePidNs(p)).toBe(active);
    const pending = forChildren(k, p);
    expect(pending).not.toBe(active);
    expect(pending.parent).toBe(active);
    expect(pending.childReaper).toBeNull();
    expect(k.nsOf(p, 'pid_for_children')).toBeUndefined();
    expect(errno(() => k.readlink(p, '/proc/self/ns/pid_for_children'))).toBe('ENOENT');
    expect(errno(() => k.openNs(init, p, 'pid_for_children'))).toBe('ENOENT');
    // The pid link still reads.
    expect(k.readlink(p, '/proc/self/ns/pid')).toBe(`pid:[${k.initPidNs.inum}]`);
    const c = k.clone(p, 0);
    expect(k.getpid(c)).toBe(1);
    expect(k.getppid(c)).toBe(0);
    expect(k.pidOf(c, p)).toBe(3);
    expect(pending.childReaper).toBe(c);
    expect(k.nsOf(p, 'pid_for_children')).toBe(pending);
    expect(k.readlink(p, '/proc/self/ns/pid_for_children')).toBe(`pid:[${pending.inum}]`);
    const c2 = k.clone(p, 0);
    expect([k.getpid(c2), k.getppid(c2), k.pidOf(c2, p)]).toEqual([2, 0, 4]);
    balanced(k);
  });

  it('a second unshare(CLONE_NEWPID) is EINVAL, before and after the first child (P2.1)', () => {
    const { k, init } = boot();
    const p = k.clone(init, 0);
    k.unshare(p, CLONE_NEWPID);
    const pending = forChildren(k, p);
    expect(errno(() => k.unshare(p, CLONE_NEWPID))).toBe('EINVAL');
    expect(errno(() => k.clone(p, CLONE_NEWPID))).toBe('EINVAL');
    expect(forChildren(k, p)).toBe(pending);
    k.clone(p, 0);
    expect(errno(() => k.unshare(p, CLONE_NEWPID))).toBe('EINVAL');
    // Combined with another type, nothing of the call happens.
    const before = k.namespaces().length;
    expect(errno(() => k.unshare(p, flagsOr(CLONE_NEWPID, CLONE_NEWUTS)))).toBe('EINVAL');
    expect(k.namespaces()).toHaveLength(before);
  });

  it('the init of a namespace can unshare again (nesting), and a setns back to the active namespace re-enables it (LTP unshare05.c; selftests proc/proc-pidns.c)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    k.unshare(a, CLONE_NEWPID);
    const g = k.clone(a, 0);
    expect(k.getpid(g)).toBe(1);
    expect(g.pid.ns.level).toBe(2);
    k.exit(g);
    expect(errno(() => k.clone(a, 0))).toBe('ENOMEM');
    setnsTo(k, a, a, 'pid');
    expect(forChildren(k, a)).toBe(a.pid.ns);
    k.unshare(a, CLONE_NEWPID);
    expect(k.getpid(k.clone(a, 0))).toBe(1);
  });

  it('a multithreaded process may unshare(CLONE_NEWPID) (F2.4), and then cannot make threads (F1.6)', () => {
    const { k, init } = boot();
    const p = k.clone(init, 0);
    k.clone(p, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM));
    k.unshare(p, CLONE_NEWPID);
    expect(errno(() => k.clone(p, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM)))).toBe('EINVAL');
    expect(k.getpid(k.clone(p, 0))).toBe(1);
  });

  it('after setns(pid) to another namespace, CLONE_THREAD and unshare(CLONE_NEWPID) are EINVAL (I4.7, F1.6)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const p = k.clone(init, 0);
    setnsTo(k, p, a, 'pid');
    expect(errno(() => k.clone(p, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM)))).toBe('EINVAL');
    expect(errno(() => k.unshare(p, CLONE_NEWPID))).toBe('EINVAL');
  });
});

describe('create_pid_namespace: owner, depth and ucount, in the kernel\'s order (F3.4, P2.2, L1.7)', () => {
  it('the owner of the new namespace must be the parent\'s owner or below it: EINVAL, before the depth check', () => {
    const { k, init } = boot(withUser);
    // a: a new user namespace U1 owning a pid namespace, and a chain owned by U1 down to level 32.
    const a = k.clone(init, flagsOr(CLONE_NEWUSER, CLONE_NEWPID));
    const u1 = a.cred.userNs;
    expect(a.pid.ns.ownerNs).toBe(u1);
    const deepest = last(chain(k, a, MAX_PID_NS_LEVEL - 1));
    expect(deepest.pid.ns.level).toBe(32);
    expect(deepest.pid.ns.ownerNs).toBe(u1);
    // init (initial user ns) joins the level-32 namespace for its children: d is at level 32 in the initial user ns.
    setnsTo(k, init, deepest, 'pid');
    const d = k.clone(init, 0);
    expect(d.pid.ns).toBe(deepest.pid.ns);
    expect(d.cred.userNs).toBe(k.initUserNs);
    const ucounts = [...k.initUserNs.ucounts];
    // The initial user ns is U1's parent, not U1 or below: EINVAL (the depth limit would say ENOSPC).
    expect(errno(() => k.unshare(d, CLONE_NEWPID))).toBe('EINVAL');
    expect(errno(() => k.clone(d, CLONE_NEWPID))).toBe('EINVAL');
    expect([...k.initUserNs.ucounts]).toEqual(ucounts);
    // From a shallow level the same task shape gets the same EINVAL.
    setnsTo(k, init, a, 'pid');
    const e = k.clone(init, 0);
    expect(errno(() => k.unshare(e, CLONE_NEWPID))).toBe('EINVAL');
    // With a new user namespace below U1's parent it is still not below U1: EINVAL.
    expect(errno(() => k.unshare(e, flagsOr(CLONE_NEWUSER, CLONE_NEWPID)))).toBe('EINVAL');
    // A task in U1 (or below) may: a's children are owned by U1.
    expect(k.clone(a, CLONE_NEWPID).pid.ns.ownerNs).toBe(u1);
    balanced(k);
  });

  it('a new user namespace in the same call owns the new pid namespace (F1.16, U4.1)', () => {
    const { k, init } = boot(withUser);
    const a = k.clone(init, flagsOr(CLONE_NEWUSER, CLONE_NEWPID));
    expect(a.pid.ns.ownerNs).toBe(a.cred.userNs);
    expect(a.cred.userNs.parent).toBe(k.initUserNs);
    const fd = k.openNs(init, a, 'pid');
    const owner = k.ioctl(init, fd, NS_GET_USERNS);
    expect(k.nsOfFd(init, owner)).toBe(a.cred.userNs);
  });

  it('the second unshare is EINVAL before the depth limit is looked at', () => {
    const { k, init } = boot();
    const t31 = last(chain(k, init, MAX_PID_NS_LEVEL - 1));
    expect(t31.pid.ns.level).toBe(31);
    k.unshare(t31, CLONE_NEWPID);
    expect(forChildren(k, t31).level).toBe(32);
    // level 33 would be ENOSPC, but pid_for_children != active comes first.
    expect(errno(() => k.unshare(t31, CLONE_NEWPID))).toBe('EINVAL');
  });

  it('max_pid_namespaces: ENOSPC after the depth check, charged to the creator\'s euid and freed with the namespace (L1.5, L1.7)', () => {
    const { k, init } = boot();
    k.initUserNs.ucountMax.set('pid', 2);
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, CLONE_NEWPID);
    expect(k.initUserNs.ucounts.get('pid:0')).toBe(2);
    const e = errorOf(() => k.clone(b, CLONE_NEWPID));
    expect(e.code).toBe('ENOSPC');
    expect(e.message).toContain('max_pid_namespaces');
    expect(k.initUserNs.ucounts.get('pid:0')).toBe(2);
    // At the depth limit with the ucount full, the depth check answers first.
    k.initUserNs.ucountMax.set('pid', 1000);
    const deepest = last(chain(k, b, MAX_PID_NS_LEVEL - 2));
    expect(deepest.pid.ns.level).toBe(32);
    k.initUserNs.ucountMax.set('pid', k.initUserNs.ucounts.get('pid:0') ?? 0);
    const deep = errorOf(() => k.unshare(deepest, CLONE_NEWPID));
    expect(deep.code).toBe('ENOSPC');
    expect(deep.message).toContain('nest');
    // Freeing namespaces gives the charge back.
    k.exit(a);
    expect(k.initUserNs.ucounts.get('pid:0') ?? 0).toBe(0);
    expect(k.getpid(k.clone(init, CLONE_NEWPID))).toBe(1);
  });

  it('creation needs CAP_SYS_ADMIN over the owner (F3.2): EPERM', () => {
    const { k, init } = boot();
    const p = k.clone(init, 0);
    k.capset(p, { effective: CAP_FULL_SET & ~CAP_SYS_ADMIN_BIT, permitted: CAP_FULL_SET });
    expect(errno(() => k.unshare(p, CLONE_NEWPID))).toBe('EPERM');
    expect(errno(() => k.clone(p, CLONE_NEWPID))).toBe('EPERM');
  });
});

describe('pidns_install (I4.*, F4.3)', () => {
  it('accepts the active namespace and its descendants, changes only pid_for_children, and the next child lands there with getppid 0', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const a1 = k.clone(a, CLONE_NEWPID);
    const p = k.clone(init, 0);
    const active = p.pid.ns;
    setnsTo(k, p, a1, 'pid');
    expect(k.getpid(p)).toBe(4);
    expect(k.nsOf(p, 'pid')).toBe(active);
    expect(k.nsOf(p, 'pid_for_children')).toBe(a1.pid.ns);
    const c = k.clone(p, 0);
    expect(c.pid.ns).toBe(a1.pid.ns);
    expect(k.getpid(c)).toBe(2);
    expect(k.getppid(c)).toBe(0);
    expect(k.pidOf(c, p)).toBe(5);
    expect(k.pidOf(c, a)).toBe(3);
    // Back to the active namespace, and again down (I4.4); pid_for_children of a task names its children's ns (I4.6).
    setnsTo(k, p, p, 'pid');
    expect(forChildren(k, p)).toBe(active);
    setnsTo(k, p, a, 'pid_for_children');
    expect(forChildren(k, p)).toBe(a.pid.ns);
    setnsTo(k, p, a, 'pid', 0);
    expect(forChildren(k, p)).toBe(a.pid.ns);
    balanced(k);
  });

  it('an ancestor or a sibling branch is EINVAL, and nothing changes (I4.2)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(init, CLONE_NEWPID);
    const a1 = k.clone(a, CLONE_NEWPID);
    const before = forChildren(k, a1);
    for (const target of [init, a, b]) expect(errno(() => setnsTo(k, a1, target, 'pid'))).toBe('EINVAL');
    expect(errno(() => setnsTo(k, a, b, 'pid'))).toBe('EINVAL');
    expect(forChildren(k, a1)).toBe(before);
    balanced(k);
  });

  it('needs CAP_SYS_ADMIN over the target\'s owner and over the caller\'s own user namespace (I4.1); EPERM comes before EINVAL', () => {
    const { k, init } = boot(withUser);
    const a = k.clone(init, CLONE_NEWPID);
    const p = k.clone(init, 0);
    k.capset(p, { effective: CAP_FULL_SET & ~CAP_SYS_ADMIN_BIT, permitted: CAP_FULL_SET });
    expect(errno(() => setnsTo(k, p, a, 'pid'))).toBe('EPERM');
    expect(errno(() => setnsTo(k, p, p, 'pid'))).toBe('EPERM');
    // A task in a child user namespace has no CAP_SYS_ADMIN over the initial one, which owns `a`'s pid ns
    // (the fd is opened before it leaves: from inside, the open itself would be EACCES).
    const q = k.clone(init, 0);
    const fq = k.openNs(q, a, 'pid');
    k.unshare(q, CLONE_NEWUSER);
    expect(errno(() => k.setns(q, fq, CLONE_NEWPID))).toBe('EPERM');
    expect(errno(() => k.openNs(q, a, 'pid'))).toBe('EACCES');
    // ... and for an ancestor target it is EPERM, not EINVAL: the capabilities are checked first.
    const r = k.clone(a, 0);
    const fr = k.openNs(r, init, 'pid');
    k.unshare(r, CLONE_NEWUSER);
    expect(errno(() => k.setns(r, fr, CLONE_NEWPID))).toBe('EPERM');
    // Root of the parent user namespace may enter a pid namespace owned by a child user namespace.
    const u = k.clone(init, flagsOr(CLONE_NEWUSER, CLONE_NEWPID));
    const w = k.clone(init, 0);
    setnsTo(k, w, u, 'pid');
    expect(forChildren(k, w)).toBe(u.pid.ns);
  });

  it('pidnsIsAncestor: self and ancestors only', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const a1 = k.clone(a, CLONE_NEWPID);
    const b = k.clone(init, CLONE_NEWPID);
    expect(pidnsIsAncestor(a1.pid.ns, a1.pid.ns)).toBe(true);
    expect(pidnsIsAncestor(a1.pid.ns, a.pid.ns)).toBe(true);
    expect(pidnsIsAncestor(a1.pid.ns, k.initPidNs)).toBe(true);
    expect(pidnsIsAncestor(a.pid.ns, a1.pid.ns)).toBe(false);
    expect(pidnsIsAncestor(a1.pid.ns, b.pid.ns)).toBe(false);
    expect(pidnsIsAncestor(b.pid.ns, a.pid.ns)).toBe(false);
  });
});

describe('setns through a pidfd (C8.7, C8.8, K2.4)', () => {
  it('takes the target\'s ACTIVE pid namespace, not its pid_for_children', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    k.unshare(a, CLONE_NEWPID);
    k.clone(a, 0);
    const p = k.clone(init, 0);
    const fd = k.pidfdOpen(p, k.pidOf(a, p));
    k.setns(p, fd, CLONE_NEWPID);
    expect(forChildren(k, p)).toBe(a.pid.ns);
    expect(forChildren(k, p)).not.toBe(forChildren(k, a));
  });

  it('a reaped target is ESRCH, and so is an exiting one (no nsproxy)', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const p = k.clone(init, 0);
    const fd = k.pidfdOpen(p, k.pidOf(a, p));
    k.exit(a);
    expect(errno(() => k.setns(p, fd, CLONE_NEWPID))).toBe('ESRCH');
    // A zombie: its parent does not reap it.
    const q = k.clone(init, 0);
    k.sigaction(q, 17, 'default');
    const z = k.clone(q, 0);
    const fz = k.pidfdOpen(p, k.pidOf(z, p));
    k.exit(z);
    expect(z.state).toBe('zombie');
    expect(errno(() => k.setns(p, fz, CLONE_NEWPID))).toBe('ESRCH');
    // The pid link of a zombie still resolves (it has its struct pid); pid_for_children does not.
    expect(k.nsOf(z, 'pid')).toBe(z.pid.ns);
    expect(errno(() => k.openNs(p, z, 'pid_for_children'))).toBe('ENOENT');
    expect(k.openNs(p, z, 'pid')).toBeGreaterThan(0);
  });

  it('does not need the target to be visible (K2.4): the pid install itself answers for an inherited pidfd', () => {
    const { k, init } = boot();
    const p = k.clone(init, 0);
    const fd = k.pidfdOpen(init, k.pidOf(p, init));
    const a = k.clone(init, CLONE_NEWPID); // inherits the pidfd
    expect(k.pidOf(p, a)).toBe(0);
    // Not ESRCH (visibility is not checked): p's active namespace is above a's, so pidns_install says EINVAL.
    expect(errno(() => k.setns(a, fd, CLONE_NEWPID))).toBe('EINVAL');
    const b = k.clone(a, 0);
    const fb = k.pidfdOpen(a, k.pidOf(b, a));
    k.setns(a, fb, CLONE_NEWPID);
    expect(forChildren(k, a)).toBe(a.pid.ns);
  });
});

describe('pidfd_open and the nsfs pid ioctls (K2.2, N4.3, N4.7, N4.8)', () => {
  it('pidfd_open looks the pid up in the caller\'s active namespace', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    expect(errno(() => k.pidfdOpen(a, 5))).toBe('ESRCH');
    expect(k.file(a, k.pidfdOpen(a, 2))).toMatchObject({ kind: 'pidfd', pid: b.pid });
    expect(k.file(init, k.pidfdOpen(init, 3))).toMatchObject({ kind: 'pidfd', pid: b.pid });
    expect(errno(() => k.pidfdOpen(a, 0))).toBe('EINVAL');
    expect(errno(() => k.pidfdOpen(a, -1))).toBe('EINVAL');
  });

  it('pidfd_open of a thread that is no group leader is ENOENT without PIDFD_THREAD; other flags are EINVAL (checked on 6.18.44)', () => {
    const { k, init } = boot();
    const p = k.clone(init, 0);
    const t = k.clone(p, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM));
    expect(errno(() => k.pidfdOpen(init, t.tid))).toBe('ENOENT');
    expect(k.file(init, k.pidfdOpen(init, t.tid, PIDFD_THREAD))).toMatchObject({ kind: 'pidfd', pid: t.pid });
    expect(k.file(init, k.pidfdOpen(init, k.getpid(p), PIDFD_NONBLOCK))).toMatchObject({ kind: 'pidfd', pid: p.pid });
    expect(errno(() => k.pidfdOpen(init, k.getpid(p), 1))).toBe('EINVAL');
  });

  it('NS_GET_PARENT: the parent only if it is the caller\'s active namespace or below it; never for the initial one (P6.1)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const a1 = k.clone(a, CLONE_NEWPID);
    const fa = k.openNs(init, a, 'pid');
    expect(k.nsOfFd(init, k.ioctl(init, fa, NS_GET_PARENT))).toBe(k.initPidNs);
    const fi = k.openNs(init, init, 'pid');
    expect(errno(() => k.ioctl(init, fi, NS_GET_PARENT))).toBe('EPERM');
    // From inside a: a's own namespace's parent is above it; a1's parent is a's namespace.
    const own = k.openNs(a, a, 'pid');
    expect(errno(() => k.ioctl(a, own, NS_GET_PARENT))).toBe('EPERM');
    const f1 = k.openNs(a, a1, 'pid');
    expect(k.nsOfFd(a, k.ioctl(a, f1, NS_GET_PARENT))).toBe(a.pid.ns);
    // From init, two levels down: the grandparent chain is fine.
    const g = k.openNs(init, a1, 'pid');
    const parent = k.ioctl(init, g, NS_GET_PARENT);
    expect(k.nsOfFd(init, k.ioctl(init, parent, NS_GET_PARENT))).toBe(k.initPidNs);
    expect(k.ioctl(init, g, NS_GET_NSTYPE)).toBe(CLONE_NEWPID);
  });

  it('without a user namespace type (CONFIG_USER_NS=n): NS_GET_PARENT still answers, NS_GET_USERNS is EPERM, NS_GET_OWNER_UID EINVAL', () => {
    const { k, init } = boot();
    expect(k.hasUserNs).toBe(false);
    const a = k.clone(init, CLONE_NEWPID);
    const fa = k.openNs(init, a, 'pid');
    // pidns_get_parent walks pid namespaces only.
    expect(k.nsOfFd(init, k.ioctl(init, fa, NS_GET_PARENT))).toBe(k.initPidNs);
    // ns_get_owner is the stub of include/linux/user_namespace.h: EPERM, for every ns file.
    expect(errno(() => k.ioctl(init, fa, NS_GET_USERNS))).toBe('EPERM');
    expect(errno(() => k.ioctl(init, k.openNs(init, init, 'pid'), NS_GET_USERNS))).toBe('EPERM');
    // There is no user ns file to ask NS_GET_OWNER_UID of; on any other one it is EINVAL.
    expect(errno(() => k.open(init, '/proc/self/ns/user'))).toBe('ENOENT');
    expect(errno(() => k.ioctl(init, fa, NS_GET_OWNER_UID))).toBe('EINVAL');
    balanced(k);
  });

  it('NS_GET_{PID,TGID}_{FROM,IN}_PIDNS translate between the caller\'s and the file\'s namespace; a miss is ESRCH (N4.7, N4.8)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    const thread = k.clone(b, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM));
    const fa = k.openNs(init, a, 'pid');
    expect(k.ioctl(init, fa, NS_GET_PID_FROM_PIDNS, 2)).toBe(3);
    expect(k.ioctl(init, fa, NS_GET_PID_IN_PIDNS, 3)).toBe(2);
    expect(k.ioctl(init, fa, NS_GET_PID_FROM_PIDNS, 3)).toBe(4);
    expect(k.ioctl(init, fa, NS_GET_TGID_FROM_PIDNS, 3)).toBe(3);
    expect(k.ioctl(init, fa, NS_GET_TGID_IN_PIDNS, 4)).toBe(2);
    expect(k.ioctl(init, fa, NS_GET_PID_IN_PIDNS, 4)).toBe(thread.tid);
    expect(errno(() => k.ioctl(init, fa, NS_GET_PID_FROM_PIDNS, 9))).toBe('ESRCH');
    // init (pid 1 here) has no number in a's namespace.
    expect(errno(() => k.ioctl(init, fa, NS_GET_PID_IN_PIDNS, 1))).toBe('ESRCH');
    // From inside: the outer init is invisible.
    const fi = k.openNs(a, init, 'pid');
    expect(errno(() => k.ioctl(a, fi, NS_GET_PID_FROM_PIDNS, 1))).toBe('ESRCH');
    expect(k.ioctl(a, fi, NS_GET_PID_IN_PIDNS, 2)).toBe(3);
  });
});

describe('reaping (P3.6-P3.10, F1.15, N3.4)', () => {
  it('an orphan goes to the init of its namespace (getppid 1), or to a subreaper within the same namespace', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    const c = k.clone(b, 0);
    k.exit(b);
    expect(c.parent).toBe(a);
    expect(k.getppid(c)).toBe(1);
    // A subreaper inside the namespace takes orphans of its descendants.
    const s = k.clone(a, 0);
    k.setChildSubreaper(s, true);
    const m = k.clone(s, 0);
    const o = k.clone(m, 0);
    k.exit(m);
    expect(o.parent).toBe(s);
    expect(k.getppid(o)).toBe(k.getpid(s));
  });

  it('PR_SET_CHILD_SUBREAPER marks the descendants that already exist, stopping at a nested init (kernel/sys.c propagate_has_child_subreaper)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const s = k.clone(a, 0);
    const m = k.clone(s, 0);
    const o = k.clone(m, 0);
    const n = k.clone(s, CLONE_NEWPID); // init of a nested namespace: its subtree is skipped
    const x = k.clone(n, 0);
    k.setChildSubreaper(s, true);
    expect([m.hasChildSubreaper, o.hasChildSubreaper]).toEqual([true, true]);
    expect([n.hasChildSubreaper, x.hasChildSubreaper]).toEqual([false, false]);
    // Set after M and O were born, S still takes O when M exits (Linux: getppid() is S, not 1).
    k.exit(m);
    expect(o.parent).toBe(s);
    expect(k.getppid(o)).toBe(k.getpid(s));
    // Clearing the flag does not walk: the marks stay, and the next orphan goes to init.
    k.setChildSubreaper(s, false);
    expect(o.hasChildSubreaper).toBe(true);
    const p = k.clone(o, 0);
    k.exit(o);
    expect(p.parent).toBe(a);
    expect(k.getppid(p)).toBe(1);
  });

  it('a subreaper whose main thread has exited takes orphans through a live thread (find_new_reaper, find_alive_thread)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const s = k.clone(a, 0);
    const th = k.clone(s, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM));
    k.setChildSubreaper(s, true);
    const m = k.clone(s, 0);
    const o = k.clone(m, 0);
    k.exit(s); // the leader only: th keeps the group alive
    expect([s.alive, th.alive]).toEqual([false, true]);
    k.exit(m);
    expect(o.parent).toBe(th);
    expect(k.getppid(o)).toBe(k.getpid(s));
  });

  it('an orphan born by setns+fork goes to its dead parent\'s namespace init, invisible to it', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const s = k.clone(init, 0);
    setnsTo(k, s, a, 'pid');
    const t = k.clone(s, 0);
    k.exit(s);
    expect(t.parent).toBe(init);
    expect(k.getppid(t)).toBe(0);
  });

  it('init\'s death kills every task with a number in its namespace, nested ones and setns\'d ones too; then forks are ENOMEM', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    k.sigaction(b, 15, 'ignore');
    const n = k.clone(b, CLONE_NEWPID);
    const nn = k.clone(n, 0);
    const s = k.clone(init, 0);
    setnsTo(k, s, a, 'pid');
    const t = k.clone(s, 0);
    const fd = k.openNs(s, a, 'pid');
    const ns = a.pid.ns;
    k.exit(a);
    for (const x of [a, b, n, nn, t]) expect(x.state, x.comm).toBe('dead');
    expect(s.alive).toBe(true);
    expect(ns.adding).toBe(false);
    expect([...ns.idr.keys()]).toEqual([]);
    expect(n.pid.ns.adding).toBe(false);
    expect(errno(() => k.clone(s, 0))).toBe('ENOMEM');
    // Still pinned by s's nsproxy and fd: enterable, and dead for good (N3.4); pid_for_children still reads.
    expect(k.nsOf(s, 'pid_for_children')).toBe(ns);
    setnsTo(k, s, s, 'pid');
    k.setns(s, fd, CLONE_NEWPID);
    expect(errno(() => k.clone(s, 0))).toBe('ENOMEM');
    balanced(k);
  });

  it('a dying init stays in its exit while a zombie whose parent is outside holds a pid in its namespace; its parent can wait for it only once that zombie is reaped (zap_pid_ns_processes)', () => {
    const { k, init } = boot();
    k.sigaction(init, SIGCHLD, 'default');
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    const s = k.clone(init, 0);
    k.sigaction(s, SIGCHLD, 'default');
    setnsTo(k, s, a, 'pid');
    const t = k.clone(s, 0);
    const u = k.clone(s, 0);
    k.exit(t, 3);
    expect(t.state).toBe('zombie');
    k.exit(a, 7);
    // b (a's child) was killed and reaped by a; u was killed and, like t, waits for s.
    expect(b.state).toBe('dead');
    expect([t.state, u.state]).toEqual(['zombie', 'zombie']);
    expect(a.state).toBe('exiting');
    expect(a.alive).toBe(false);
    expect(a.pid.ns.adding).toBe(false);
    expect(errno(() => k.clone(s, 0))).toBe('ENOMEM');
    // Not a zombie yet: wait4(WNOHANG) finds a child that has not exited.
    expect(k.wait(init, k.pidOf(a, init))).toBeUndefined();
    const tpid = k.pidOf(t, s);
    expect(k.wait(s, tpid)).toEqual({ pid: tpid, status: 3 << 8 });
    expect(a.state).toBe('exiting');
    expect(k.wait(init, k.pidOf(a, init))).toBeUndefined();
    // The last other pid of the namespace is freed: a finishes its exit and is a zombie.
    const upid = k.pidOf(u, s);
    expect(k.wait(s)).toEqual({ pid: upid, status: 9 });
    expect(a.state).toBe('zombie');
    expect(k.wait(init, 2)).toEqual({ pid: 2, status: 7 << 8 });
    expect(a.state).toBe('dead');
    balanced(k);
  });

  it('a dying init also waits for a nested init that waits; the zombie\'s parent exiting hands it to its own reaper (P3.10)', () => {
    const { k, init } = boot();
    k.sigaction(init, SIGCHLD, 'default');
    const a = k.clone(init, CLONE_NEWPID);
    const n = k.clone(a, CLONE_NEWPID);
    const s = k.clone(init, 0);
    k.sigaction(s, SIGCHLD, 'default');
    setnsTo(k, s, n, 'pid');
    const t = k.clone(s, 0);
    k.exit(a);
    expect([a.state, n.state, t.state]).toEqual(['exiting', 'exiting', 'zombie']);
    // s exits without reaping t: t goes to the reaper of s's namespace (init here), which does not ignore SIGCHLD.
    k.exit(s);
    expect(t.parent).toBe(init);
    expect([a.state, n.state]).toEqual(['exiting', 'exiting']);
    const tpid = k.pidOf(t, init);
    expect(k.wait(init, tpid)).toEqual({ pid: tpid, status: 9 });
    // n finished and was reaped by a (which ignores SIGCHLD in zap_pid_ns_processes), then a finished.
    expect(n.state).toBe('dead');
    expect(a.state).toBe('zombie');
    expect(k.wait(init, 2)).toEqual({ pid: 2, status: 0 });
    balanced(k);
  });

  it('a failed fork into a dead namespace leaves the numbers it took in the ancestors used up (alloc_pid)', () => {
    const { k, init } = boot();
    k.unshare(init, CLONE_NEWPID);
    const a = k.clone(init, 0);
    expect(k.pidOf(a, init)).toBe(2);
    k.exit(a);
    expect(errno(() => k.clone(init, 0))).toBe('ENOMEM');
    setnsTo(k, init, init, 'pid');
    expect(k.pidOf(k.clone(init, 0), init)).toBe(4);
  });

  it('when the first fork into an empty namespace fails, that namespace starts over at 1 (alloc_pid resets its cursor)', () => {
    // Checked on 6.18.44: pid_max 301 in an ancestor full, unshare(NEWPID), fork -> EAGAIN; free one; fork -> pid 1.
    const { k, init } = boot([], { pidMax: 8 });
    const kids: Task[] = [];
    for (let i = 2; i < 8; i++) kids.push(k.clone(init, 0));
    k.unshare(init, CLONE_NEWPID);
    const pending = forChildren(k, init);
    expect(errno(() => k.clone(init, 0))).toBe('EAGAIN');
    expect(pending.cursor).toBe(0);
    k.exit(last(kids));
    const c = k.clone(init, 0);
    expect(k.getpid(c)).toBe(1);
    expect(pending.childReaper).toBe(c);
  });

  it('wraps at pid_max back to RESERVED_PIDS in the namespace that wrapped (P4.1)', () => {
    const { k, init } = boot([], { pidMax: 310 });
    const keep = k.clone(init, 0); // 2 stays
    for (let i = 3; i < 310; i++) k.exit(k.clone(init, 0));
    expect(k.pidOf(keep, init)).toBe(2);
    // The cursor is past 300: numbers restart at 300, not at 3.
    expect(k.pidOf(k.clone(init, 0), init)).toBe(300);
  });
});

describe('signals across levels (P3.3, P3.4, K2.1, K2.6)', () => {
  it('an init ignores default-action signals from inside, even SIGKILL and SIGSTOP; handled ones are delivered', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    for (const sig of [9, 15, 19, 1, 2]) {
      k.kill(a, 1, sig);
      k.kill(b, 1, sig);
    }
    expect(a.state).toBe('running');
    k.sigaction(a, 10, 'handle');
    k.kill(b, 1, 10);
    expect(a.state).toBe('running');
    k.sigaction(a, 10, 'default');
    k.kill(b, 1, 10);
    expect(a.state).toBe('running');
  });

  it('from an ancestor namespace SIGKILL kills an init and SIGSTOP stops it; other default-action signals are dropped', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    k.kill(init, 2, 15);
    k.kill(init, 2, 10);
    expect(a.alive).toBe(true);
    k.kill(init, 2, 19);
    expect(a.state).toBe('stopped');
    k.kill(init, 2, 18);
    expect(a.state).toBe('running');
    k.kill(init, 2, 9);
    expect(a.state).toBe('dead');
    expect(b.state).toBe('dead');
  });

  it('a nested init is forced by its grandparent namespace as well; kill of an invisible pid is ESRCH (K2.1)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const n = k.clone(a, CLONE_NEWPID);
    expect(errno(() => k.kill(n, k.pidOf(a, init), 9))).toBe('ESRCH');
    expect(errno(() => k.kill(a, 7, 9))).toBe('ESRCH');
    k.kill(a, 2, 15);
    expect(n.alive).toBe(true);
    k.kill(init, k.pidOf(n, init), 9);
    expect(n.state).toBe('dead');
    expect(a.alive).toBe(true);
  });

  it('an init whose leader exited while a thread lives on is still one: ignored from inside, killed from outside (P3.7)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const th = k.clone(a, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM));
    const b = k.clone(a, 0);
    k.exit(a);
    expect(a.state).toBe('zombie');
    expect(th.alive).toBe(true);
    expect(b.alive).toBe(true);
    expect(a.pid.ns.adding).toBe(true);
    k.kill(b, 1, 9);
    expect(th.alive).toBe(true);
    // From the parent namespace the group (its live thread) is killed, and the namespace with it.
    k.kill(init, 2, 9);
    expect(th.alive).toBe(false);
    expect(b.alive).toBe(false);
    expect(a.pid.ns.adding).toBe(false);
  });

  it('pidfd_send_signal needs the pidfd\'s task in the caller\'s namespace or below (K2.3; checked on 6.18.44)', () => {
    const { k, init } = boot();
    const self = k.pidfdOpen(init, 1);
    const a = k.clone(init, CLONE_NEWPID); // inherits the pidfd of init
    expect(errno(() => k.pidfdSendSignal(a, self, 0))).toBe('EINVAL');
    const own = k.pidfdOpen(a, 1);
    k.pidfdSendSignal(a, own, 9);
    expect(a.alive).toBe(true);
    const fa = k.pidfdOpen(init, k.pidOf(a, init));
    expect(errno(() => k.pidfdSendSignal(init, fa, 65))).toBe('EINVAL');
    expect(errno(() => k.pidfdSendSignal(init, fa, 0, 3))).toBe('EINVAL');
    expect(errno(() => k.pidfdSendSignal(init, 99, 0))).toBe('EBADF');
    expect(errno(() => k.pidfdSendSignal(init, k.openNs(init, a, 'pid'), 0))).toBe('EBADF');
    k.pidfdSendSignal(init, fa, 15);
    expect(a.alive).toBe(true);
    k.pidfdSendSignal(init, fa, 9);
    expect(a.alive).toBe(false);
    expect(errno(() => k.pidfdSendSignal(init, fa, 0))).toBe('ESRCH');
  });

  it('uses the sender\'s numbering (K2.6)', () => {
    const { k, init } = boot();
    k.clone(init, 0); // 2
    const a = k.clone(init, CLONE_NEWPID); // 3, 1 inside
    const b = k.clone(a, 0); // 4, 2 inside
    k.kill(init, 4, 9);
    expect(b.state).toBe('dead');
    expect(a.alive).toBe(true);
  });

  it('kill(-1) inside a namespace reaches every other visible process but init; ESRCH when only init is there (P3.4; LTP pidns10.c)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    expect(errno(() => k.kill(a, -1, 9))).toBe('ESRCH');
    const b = k.clone(a, 0);
    const c = k.clone(a, 0);
    const n = k.clone(a, CLONE_NEWPID);
    k.kill(b, -1, 9);
    expect(b.alive).toBe(true);
    expect(c.state).toBe('dead');
    expect(n.state).toBe('dead');
    expect(a.alive).toBe(true);
  });
});

/** A flat type on CLONE_NEWUTS's bit: an nsproxy namespace, which a task drops at exit. */
class FlatNs extends NsCommon {}
const flatUts: NamespaceOperations<FlatNs> = defineNamespaceType<FlatNs>({
  name: 'uts', type: CLONE_NEWUTS, order: 20,
  createInitial: (_k, owner) => new FlatNs(flatUts, owner, null),
  copy: (ctx) => new FlatNs(flatUts, ctx.userNs, ctx.chargeUcount()),
  install: (nsset, ns) => nsset.set(flatUts, ns),
  owner: (ns) => ns.ownerNs,
});

describe('listNamespaces, as lsns reads /proc (util-linux sys-utils/lsns.c)', () => {
  /** [type, NPROCS, PID] of every row. */
  const rows = (k: Kernel, viewer?: Task): [string, number, number][] =>
    k.listNamespaces(viewer).map((r) => [r.type, r.nprocs, r.pid]);

  it('counts a zombie in its user and pid namespaces only: those links outlive exit_task_namespaces (C3.7)', () => {
    const { k, init } = boot([...withUser, flatUts as NamespaceOperations<never>]);
    const a = k.clone(init, flagsOr(CLONE_NEWPID, CLONE_NEWUTS));
    k.sigaction(a, SIGCHLD, 'default');
    const b = k.clone(a, 0);
    k.clone(a, 0);
    k.exit(b);
    expect(b.state).toBe('zombie');
    expect(k.readlink(init, `/proc/${b.globalPid}/ns/pid`)).toBe(k.readlink(init, `/proc/${a.globalPid}/ns/pid`));
    expect(k.readlink(init, `/proc/${b.globalPid}/ns/user`)).toBe('user:[4026531837]');
    expect(errno(() => k.readlink(init, `/proc/${b.globalPid}/ns/uts`))).toBe('ENOENT');
    expect(errno(() => k.readlink(init, `/proc/${b.globalPid}/ns/pid_for_children`))).toBe('ENOENT');
    // b is in a's user and pid namespaces still, no longer in a's uts namespace (a and c are).
    expect(rows(k, init)).toEqual([['pid', 1, 1], ['user', 4, 1], ['uts', 1, 1], ['uts', 2, 2], ['pid', 3, 2]]);
    // Once reaped it is gone from every row.
    k.wait(a);
    expect(rows(k, init)).toEqual([['pid', 1, 1], ['user', 3, 1], ['uts', 1, 1], ['uts', 2, 2], ['pid', 2, 2]]);
  });

  it('counts only the processes the viewer\'s /proc shows: those with a pid in its pid namespace', () => {
    const { k, init } = boot(withUser);
    const a = k.clone(init, CLONE_NEWPID, { comm: 'a' });
    k.clone(a, 0, { comm: 'b' });
    k.clone(init, 0, { comm: 'outside' });
    expect(rows(k, init)).toEqual([['pid', 2, 1], ['user', 4, 1], ['pid', 2, 2]]);
    // From inside: a is 1, b is 2; init and 'outside' have no /proc/PID there, and the initial
    // pid namespace, which no visible process is in, is not listed at all.
    expect(rows(k, a)).toEqual([['user', 2, 1], ['pid', 2, 1]]);
    expect(k.listNamespaces(a).map((r) => r.command)).toEqual(['a', 'a']);
  });
});
