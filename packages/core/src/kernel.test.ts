import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CAP_SYS_ADMIN, CLONE_FILES, CLONE_FS, CLONE_NEWIPC, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER,
  CLONE_NEWUTS, CLONE_PARENT, CLONE_SIGHAND, CLONE_SYSVSEM, CLONE_THREAD, CLONE_VFORK, CLONE_VM, Kernel,
  KernelError, NS_GET_ID, NS_GET_NSTYPE, NS_GET_OWNER_UID, NS_GET_PARENT, NS_GET_USERNS, SIGCHLD, SIGKILL,
  SIGTERM, SIGUSR1, flagsOr, nsCapable,
} from './index.ts';
import type { Task } from './index.ts';
import type { FlatNamespace} from '../test/toy-types.ts';
import { CLONE_NEWBLUE, blueType, toyType } from '../test/toy-types.ts';

const SIGTERM_ = SIGTERM;

function boot(): { k: Kernel; init: Task } {
  const k = new Kernel({ namespaces: [toyType, blueType] });
  k.sigaction(k.initTask, SIGCHLD, 'ignore');
  return { k, init: k.initTask };
}

function errno(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernelError) return e.code;
    throw e;
  }
  return 'ok';
}

function balanced(k: Kernel): void {
  const h = k.countHolders();
  for (const ns of k.namespaces()) expect(ns.count, `${ns.type}:${ns.nsId}`).toBe(h.get(ns) ?? 0);
}

describe('boot', () => {
  it('starts pid 1 as root with every capability in the initial namespaces, with the fixed inodes (N1.1)', () => {
    const { k, init } = boot();
    expect(k.getpid(init)).toBe(1);
    expect(k.getppid(init)).toBe(0);
    expect(init.cred.capEffective).toBe(CAP_FULL_SET);
    expect(CAP_FULL_SET.toString(16)).toBe('1ffffffffff');
    // Only registered types have ns files: without @nsproxy/user and @nsproxy/pid there are no user/pid entries.
    expect(k.nsEntries).toEqual(['blue', 'toy']);
    expect(k.initUserNs.inum).toBe(4026531837);
    expect(k.initPidNs.inum).toBe(4026531836);
    expect(k.readlink(init, '/proc/self/ns/toy')).toMatch(/^toy:\[40265318\d\d\]$/);
    balanced(k);
  });

  it('a kernel without a type answers EINVAL for its flag, like a kernel without the config option', () => {
    const { k, init } = boot();
    expect(errno(() => k.clone(init, CLONE_NEWUTS))).toBe('EINVAL');
    expect(errno(() => k.clone(init, CLONE_NEWUSER))).toBe('EINVAL');
    expect(errno(() => k.clone(init, CLONE_NEWPID))).toBe('EINVAL');
    expect(errno(() => k.unshare(init, CLONE_NEWUTS))).toBe('EINVAL');
    balanced(k);
  });

  it('refuses two types with one name or one flag', () => {
    expect(() => new Kernel({ namespaces: [toyType, toyType] })).toThrow(/registered twice/);
  });
});

describe('clone (F1.*, F4.1)', () => {
  it('validates flags in the kernel order, before any privilege check', () => {
    const { k, init } = boot();
    expect(errno(() => k.clone(init, CLONE_NEWNS | CLONE_FS))).toBe('EINVAL');
    expect(errno(() => k.clone(init, CLONE_NEWUSER | CLONE_FS))).toBe('EINVAL');
    expect(errno(() => k.clone(init, CLONE_THREAD))).toBe('EINVAL');
    expect(errno(() => k.clone(init, CLONE_SIGHAND))).toBe('EINVAL');
    expect(errno(() => k.clone(init, CLONE_PARENT))).toBe('EINVAL'); // from an init
    expect(errno(() => k.clone(init, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWPID))).toBe('EINVAL');
    expect(errno(() => k.clone(init, 2 ** 35))).toBe('EINVAL'); // an unknown bit
  });

  it('shares the nsproxy without flags and makes a new namespace with one, in the child only', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    expect(a.nsproxy).toBe(init.nsproxy);
    const b = k.clone(init, CLONE_NEWIPC);
    expect(b.nsproxy).not.toBe(init.nsproxy);
    expect(k.nsOf(b, 'toy')).not.toBe(k.nsOf(init, 'toy'));
    expect(k.nsOf(b, 'blue')).toBe(k.nsOf(init, 'blue'));
    expect(k.getpid(a)).toBe(2);
    expect(k.getpid(b)).toBe(3);
    expect(k.getppid(b)).toBe(1);
    balanced(k);
  });

  it('needs CAP_SYS_ADMIN for a new namespace (EPERM), which wins over NEWIPC|SYSVSEM (EINVAL) when unprivileged', () => {
    const { k, init } = boot();
    expect(errno(() => k.clone(init, CLONE_NEWIPC | CLONE_SYSVSEM))).toBe('EINVAL');
    const u = k.clone(init, 0);
    k.setresuid(u, 1000, 1000, 1000);
    expect(errno(() => k.clone(u, CLONE_NEWIPC))).toBe('EPERM');
    expect(errno(() => k.clone(u, CLONE_NEWIPC | CLONE_SYSVSEM))).toBe('EPERM');
    balanced(k);
  });

  it('shares or copies the fd table with CLONE_FILES', () => {
    const { k, init } = boot();
    const fd = k.open(init, '/proc/self/ns/toy');
    const shared = k.clone(init, CLONE_FILES);
    const copied = k.clone(init, 0);
    k.close(shared, fd);
    expect(errno(() => k.fstat(init, fd))).toBe('EBADF');
    expect(k.fstat(copied, fd).ino).toBe(k.nsOf(init, 'toy')?.inum);
    balanced(k);
  });

  it('a third-party type with a flag above 2^32 clones, unshares and setns-es', () => {
    const { k, init } = boot();
    const a = k.clone(init, flagsOr(CLONE_NEWBLUE, CLONE_NEWIPC));
    const blue = k.nsOf(a, 'blue') as FlatNamespace;
    expect(blue).not.toBe(k.nsOf(init, 'blue'));
    expect(k.ioctl(init, k.openNs(init, a, 'blue'), NS_GET_NSTYPE)).toBe(CLONE_NEWBLUE);
    const b = k.clone(init, 0);
    k.setns(b, k.openNs(b, a, 'blue'), CLONE_NEWBLUE);
    expect(k.nsOf(b, 'blue')).toBe(blue);
    k.unshare(b, CLONE_NEWBLUE);
    expect(k.nsOf(b, 'blue')).not.toBe(blue);
    balanced(k);
  });
});

describe('unshare (F2.*)', () => {
  it('rejects flags unshare does not take and accepts 0', () => {
    const { k, init } = boot();
    expect(errno(() => k.unshare(init, CLONE_VFORK))).toBe('EINVAL');
    expect(errno(() => k.unshare(init, CLONE_PARENT))).toBe('EINVAL');
    expect(errno(() => k.unshare(init, 0))).toBe('ok');
  });

  it('moves the caller itself into the new namespace', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const before = k.nsOf(a, 'toy');
    k.unshare(a, CLONE_NEWIPC);
    expect(k.nsOf(a, 'toy')).not.toBe(before);
    expect(k.nsOf(init, 'toy')).toBe(before);
    balanced(k);
  });

  it('is EINVAL for CLONE_NEWUSER (implies CLONE_THREAD) in a multithreaded process', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    k.clone(a, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM);
    expect(a.threadCount).toBe(2);
    expect(errno(() => k.unshare(a, CLONE_NEWUSER))).toBe('EINVAL');
  });
});

describe('setns (C8.*, I9.1)', () => {
  it('checks the fd and nstype', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWIPC);
    const b = k.clone(init, 0);
    expect(errno(() => k.setns(b, 99, 0))).toBe('EBADF');
    const fd = k.openNs(b, a, 'toy');
    expect(errno(() => k.setns(b, fd, CLONE_NEWUTS))).toBe('EINVAL');
    expect(errno(() => k.setns(b, fd, CLONE_NEWIPC | CLONE_NEWUTS))).toBe('EINVAL');
    k.setns(b, fd, 0);
    expect(k.nsOf(b, 'toy')).toBe(k.nsOf(a, 'toy'));
    balanced(k);
  });

  it('with a pidfd: all or nothing', () => {
    const { k, init } = boot();
    const a = k.clone(init, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE));
    const b = k.clone(init, 0);
    const pidfd = k.pidfdOpen(b, k.pidOf(a, b));
    expect(errno(() => k.setns(b, pidfd, 0))).toBe('EINVAL');
    expect(errno(() => k.setns(b, pidfd, CLONE_NEWUTS))).toBe('EINVAL'); // a type this kernel lacks
    // A task that may not enter one of them enters none.
    const c = k.clone(init, 0);
    const cfd = k.pidfdOpen(c, k.pidOf(a, c));
    k.setresuid(c, -1, 1000, -1); // no CAP_SYS_ADMIN, still the same real uid (ptrace allowed)
    const before = JSON.stringify(k.snapshot());
    expect(errno(() => k.setns(c, cfd, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE)))).toBe('EPERM');
    expect(JSON.stringify(k.snapshot())).toBe(before);
    k.setns(b, pidfd, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE));
    expect(k.nsOf(b, 'toy')).toBe(k.nsOf(a, 'toy'));
    expect(k.nsOf(b, 'blue')).toBe(k.nsOf(a, 'blue'));
    k.exit(a);
    expect(errno(() => k.setns(c, cfd, CLONE_NEWIPC))).toBe('ESRCH');
    balanced(k);
  });

  it('needs CAP_SYS_ADMIN even to re-enter the current namespace (peer case 138)', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const fd = k.open(a, '/proc/self/ns/toy');
    k.setresuid(a, 1000, 1000, 1000);
    const before = JSON.stringify(k.snapshot());
    expect(errno(() => k.setns(a, fd, 0))).toBe('EPERM');
    expect(JSON.stringify(k.snapshot())).toBe(before);
  });
});

describe('ns files and ioctls (N2.*, N4.*)', () => {
  it('opening another user\'s ns files is EACCES; a write open is EPERM; a missing task ENOENT', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    k.setresuid(a, 1000, 1000, 1000);
    expect(errno(() => k.open(a, `/proc/${init.globalPid}/ns/toy`))).toBe('EACCES');
    expect(errno(() => k.readlink(a, `/proc/${init.globalPid}/ns/toy`))).toBe('EACCES');
    expect(errno(() => k.open(init, '/proc/self/ns/toy', { write: true }))).toBe('EPERM');
    expect(errno(() => k.open(init, '/proc/999/ns/toy'))).toBe('ENOENT');
    expect(errno(() => k.open(init, '/proc/self/ns/nosuch'))).toBe('ENOENT');
    expect(k.open(a, '/proc/self/ns/toy')).toBe(3);
  });

  it('answers the nsfs ioctls with the kernel\'s errnos', () => {
    const { k, init } = boot();
    const fd = k.open(init, '/proc/self/ns/toy');
    expect(k.ioctl(init, fd, NS_GET_NSTYPE)).toBe(CLONE_NEWIPC);
    expect(errno(() => k.ioctl(init, fd, NS_GET_PARENT))).toBe('EINVAL');
    expect(errno(() => k.ioctl(init, fd, NS_GET_OWNER_UID))).toBe('EINVAL');
    expect(errno(() => k.ioctl(init, fd, 0x1234))).toBe('ENOTTY');
    expect(k.ioctl(init, fd, NS_GET_ID)).toBe(k.nsOf(init, 'toy')?.nsId);
    const ufd = k.ioctl(init, fd, NS_GET_USERNS);
    expect(k.nsOfFd(init, ufd)).toBe(k.initUserNs);
    // The initial user namespace has no owner: EPERM.
    const pidfd = k.pidfdOpen(init, 1);
    expect(errno(() => k.ioctl(init, pidfd, NS_GET_NSTYPE))).toBe('ENOTTY');
  });

  it('frees a namespace exactly when its last reference goes, and reuses its inode', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWIPC);
    const ns = k.nsOf(a, 'toy');
    const fd = k.openNs(init, a, 'toy');
    const ino = k.fstat(init, fd).ino;
    k.exit(a);
    expect(ns?.freed).toBe(false);
    k.close(init, fd);
    expect(ns?.freed).toBe(true);
    const b = k.clone(init, CLONE_NEWIPC);
    expect(k.nsOf(b, 'toy')?.inum).toBe(ino);
    expect(k.nsOf(b, 'toy')?.nsId).toBeGreaterThan(ns?.nsId ?? 0);
    balanced(k);
  });
});

describe('credentials (kernel/sys.c, security/commoncap.c)', () => {
  it('setresuid away from root drops the capabilities; back is EPERM', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    k.setresuid(a, 1000, 1000, 1000);
    expect(a.cred.capEffective).toBe(0n);
    expect(a.cred.capPermitted).toBe(0n);
    expect(errno(() => k.setresuid(a, 0, 0, 0))).toBe('EPERM');
    expect(k.getresuid(a)).toEqual([1000, 1000, 1000]);
    expect(a.dumpable).toBe(false);
  });

  it('prctl(PR_SET_DUMPABLE) takes 0 or 1 and decides who may open the task\'s ns files', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    k.setresuid(a, 1000, 1000, 1000);
    const b = k.clone(init, 0);
    k.setresuid(b, 1000, 1000, 1000);
    const path = `/proc/${k.getpid(a)}/ns/toy`;
    expect(k.getDumpable(a)).toBe(0);
    expect(errno(() => k.open(b, path))).toBe('EACCES');
    expect(errno(() => k.setDumpable(a, 2))).toBe('EINVAL');
    expect(k.getDumpable(a)).toBe(0);
    k.setDumpable(a, 1);
    expect(k.getDumpable(a)).toBe(1);
    expect(k.open(b, path)).toBeGreaterThanOrEqual(0);
    k.setDumpable(a, 0);
    expect(errno(() => k.open(b, path))).toBe('EACCES');
  });

  it('seteuid keeps the permitted set and restores the effective one on return', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    k.setresuid(a, -1, 1000, -1);
    expect(a.cred.capEffective).toBe(0n);
    expect(a.cred.capPermitted).toBe(CAP_FULL_SET);
    k.setresuid(a, -1, 0, -1);
    expect(a.cred.capEffective).toBe(CAP_FULL_SET);
  });

  it('ns_capable walks up and never down', () => {
    const { k, init } = boot();
    expect(nsCapable(init.cred, k.initUserNs, CAP_SYS_ADMIN)).toBe(true);
  });
});

describe('exit, reaping and signals', () => {
  it('reparents orphans to the init of the pid namespace', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const b = k.clone(a, 0);
    expect(k.getppid(b)).toBe(k.getpid(a));
    k.exit(a);
    expect(k.getppid(b)).toBe(1);
    balanced(k);
  });

  it('keeps a zombie until its parent waits when SIGCHLD is not ignored', () => {
    const { k, init } = boot();
    const p = k.clone(init, 0);
    k.sigaction(p, SIGCHLD, 'default');
    const c = k.clone(p, 0);
    expect(k.wait(p)).toBeUndefined();
    k.exit(c, 3);
    expect(c.state).toBe('zombie');
    expect(k.wait(p)).toEqual({ pid: k.getpid(c) || 4, status: 3 << 8 });
    expect(c.state).toBe('dead');
    expect(errno(() => k.wait(p))).toBe('ECHILD');
  });

  it('kill: default actions, handlers, permission, and the global init', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const b = k.clone(init, 0);
    k.sigaction(b, SIGUSR1, 'handle');
    k.kill(a, k.getpid(b), SIGUSR1);
    expect(b.alive).toBe(true);
    k.kill(a, k.getpid(b), SIGTERM_);
    expect(b.alive).toBe(false);
    expect(errno(() => k.kill(a, 999, SIGKILL))).toBe('ESRCH');
    k.kill(a, 1, SIGKILL);
    expect(init.alive).toBe(true);
    const u = k.clone(init, 0);
    k.setresuid(u, 1000, 1000, 1000);
    expect(errno(() => k.kill(u, k.getpid(a), SIGKILL))).toBe('EPERM');
    expect(() => k.exit(init)).toThrow(/Attempted to kill init/);
  });
});

describe('snapshots', () => {
  it('restore gives an identical kernel that goes on identically', () => {
    const { k, init } = boot();
    const a = k.clone(init, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE));
    k.open(init, `/proc/${a.globalPid}/ns/blue`);
    k.clone(a, 0);
    const snap = k.snapshot();
    const copy = Kernel.restore(snap, { namespaces: [toyType, blueType] });
    expect(copy.snapshot()).toEqual(snap);
    const task = (kk: Kernel, pid: number): Task => kk.findTask(kk.initTask, pid) as Task;
    for (const kk of [k, copy]) {
      kk.clone(task(kk, 2), CLONE_NEWIPC);
      kk.exit(task(kk, 2));
    }
    expect(copy.snapshot()).toEqual(k.snapshot());
  });
});
