import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CAP_SYS_ADMIN, CLONE_CLEAR_SIGHAND, CLONE_DETACHED, CLONE_FILES, CLONE_FS, CLONE_NEWIPC, CLONE_NEWNS, CLONE_NEWPID,
  CLONE_NEWTIME, CLONE_NEWUSER, CLONE_NEWUTS, CLONE_PARENT, CLONE_PIDFD, CLONE_SIGHAND, CLONE_SYSVSEM, CLONE_THREAD,
  CLONE_VFORK, CLONE_VM, Kernel, KernelError, NS_GET_ID, NS_GET_NSTYPE, NS_GET_OWNER_UID, NS_GET_PARENT,
  NS_GET_USERNS, SIGCHLD, SIGKILL, SIGTERM, SIGUSR1, flagsOr, nsCapable,
} from './index.ts';
import type { KernelEvent, KernelSnapshot, NsCommon, Task } from './index.ts';
import type { FlatNamespace} from '../test/toy-types.ts';
import { CLONE_NEWBLUE, blueType, clockType, toyType } from '../test/toy-types.ts';
import { errno } from '../test/nested-types.ts';

const SIGTERM_ = SIGTERM;

function boot(): { k: Kernel; init: Task } {
  const k = new Kernel({ namespaces: [toyType, blueType] });
  k.sigaction(k.initTask, SIGCHLD, 'ignore');
  return { k, init: k.initTask };
}

/** The KernelError a call throws (fails the test if it succeeds). */
function errorOf(fn: () => unknown): KernelError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernelError) return e;
    throw e;
  }
  throw new Error('expected a KernelError');
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

  it('refuses a third-party flag that is a kernel clone/clone3 flag or overlaps another type\'s (a configuration error)', () => {
    const withFlag = (name: string, type: number) => ({ ...blueType, name, type });
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        if (e instanceof KernelError) return `${e.code} ${e.syscall}`;
        return e instanceof Error && /overlaps a clone\/clone3 flag|reuses a bit of flag/.test(e.message) ? 'refused' : String(e);
      }
      return 'ok';
    };
    // Bit 32 is CLONE_CLEAR_SIGHAND and bit 33 CLONE_INTO_CGROUP (clone3); every bit below 32 is a clone flag.
    for (const flag of [2 ** 32, 2 ** 33, CLONE_VM, CLONE_PIDFD, 0x40, flagsOr(CLONE_DETACHED, 2 ** 41)]) {
      expect(code(() => new Kernel({ namespaces: [withFlag('green', flag)] })), `0x${flag.toString(16)}`).toBe('refused');
    }
    expect(code(() => new Kernel({ namespaces: [blueType, withFlag('green', CLONE_NEWBLUE)] }))).toBe('refused');
    expect(code(() => new Kernel({ namespaces: [blueType, withFlag('green', flagsOr(CLONE_NEWBLUE, 2 ** 41))] }))).toBe('refused');
    expect(code(() => new Kernel({ namespaces: [toyType, withFlag('green', CLONE_NEWIPC)] }))).toBe('refused');
    // A kernel type's own CLONE_NEW* bit is fine (CLONE_NEWTIME lies inside CSIGNAL), and so is a free bit.
    expect(code(() => new Kernel({ namespaces: [clockType, toyType, blueType, withFlag('green', 2 ** 42)] }))).toBe('ok');
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

describe('setns (C8.*)', () => {
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

  it('needs CAP_SYS_ADMIN even to re-enter the current namespace (LTP setns01.c ("without CAP_SYS_ADMIN"))', () => {
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
    // No user namespace type (CONFIG_USER_NS=n): ns_get_owner is the stub of
    // include/linux/user_namespace.h, which answers EPERM; no fd is installed.
    const before = JSON.stringify(k.snapshot());
    expect(errno(() => k.ioctl(init, fd, NS_GET_USERNS))).toBe('EPERM');
    expect(JSON.stringify(k.snapshot())).toBe(before);
    // An ioctl on a file that is not an nsfs one.
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

  it('kill: the target is looked up before the signal number is checked (ESRCH, then EINVAL: C10.2)', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    expect(errno(() => k.kill(a, 999, 65))).toBe('ESRCH');
    expect(errno(() => k.kill(a, k.getpid(init), 65))).toBe('EINVAL');
    // kill(-1): with no target ESRCH whatever the number (C10.4), with targets the number is refused and nothing is sent.
    const { k: k2, init: init2 } = boot();
    const only = k2.clone(init2, 0);
    expect(errno(() => k2.kill(only, -1, 65))).toBe('ESRCH');
    const other = k2.clone(init2, 0);
    expect(errno(() => k2.kill(only, -1, 65))).toBe('EINVAL');
    expect(other.alive).toBe(true);
  });

  it('the signal-handled event: a handler runs, also in an unkillable init (P3.3c); an unhandled signal to that init runs none', () => {
    const { k, init } = boot();
    const seen: number[] = [];
    k.on((e) => {
      if (e.type === 'signal-handled') seen.push(e.sig);
    }, { types: ['signal-handled'] });
    const a = k.clone(init, 0);
    k.kill(a, 1, SIGUSR1);
    expect(seen).toEqual([]);
    k.sigaction(init, SIGUSR1, 'handle');
    k.kill(a, 1, SIGUSR1);
    k.kill(a, 1, 0);
    k.sigaction(a, SIGTERM_, 'handle');
    k.kill(init, k.getpid(a), SIGTERM_);
    expect(seen).toEqual([SIGUSR1, SIGTERM_]);
    expect([init.alive, a.alive]).toEqual([true, true]);
  });

  it('CLONE_CLEAR_SIGHAND: handlers reset to the default, ignored signals stay ignored; EINVAL with CLONE_SIGHAND', () => {
    const { k, init } = boot();
    const p = k.clone(init, 0);
    k.sigaction(p, SIGUSR1, 'handle');
    k.sigaction(p, SIGTERM_, 'ignore');
    const kept = k.clone(p, 0);
    expect([kept.sighand.action(SIGUSR1), kept.sighand.action(SIGTERM_)]).toEqual(['handle', 'ignore']);
    const cleared = k.clone(p, CLONE_CLEAR_SIGHAND);
    expect([cleared.sighand.action(SIGUSR1), cleared.sighand.action(SIGTERM_)]).toEqual([undefined, 'ignore']);
    expect(p.sighand.action(SIGUSR1)).toBe('handle');
    const before = JSON.stringify(k.snapshot());
    expect(errno(() => k.clone(p, flagsOr(CLONE_CLEAR_SIGHAND, CLONE_SIGHAND, CLONE_VM)))).toBe('EINVAL');
    expect(JSON.stringify(k.snapshot())).toBe(before);
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

describe('clone is clone3 (kernel/fork.c clone3_args_valid, copy_process)', () => {
  it('takes no exit signal in the flags: CSIGNAL bits other than CLONE_NEWTIME are EINVAL, and so is CLONE_DETACHED', () => {
    const { k, init } = boot();
    const before = JSON.stringify(k.snapshot());
    expect(errno(() => k.clone(init, SIGCHLD))).toBe('EINVAL'); // fork() as legacy clone(SIGCHLD) spells it
    expect(errno(() => k.clone(init, 0x01))).toBe('EINVAL');
    expect(errno(() => k.clone(init, 0x7f))).toBe('EINVAL');
    expect(errno(() => k.clone(init, flagsOr(CLONE_NEWIPC, SIGCHLD)))).toBe('EINVAL');
    expect(errno(() => k.clone(init, CLONE_DETACHED))).toBe('EINVAL');
    expect(JSON.stringify(k.snapshot())).toBe(before);
    // The flags check comes before the privilege check (clone3_args_valid runs before copy_process).
    const u = k.clone(init, 0);
    k.setresuid(u, 1000, 1000, 1000);
    expect(errno(() => k.clone(u, flagsOr(CLONE_NEWIPC, SIGCHLD)))).toBe('EINVAL');
  });

  it('takes CLONE_NEWTIME (0x80, inside CSIGNAL): a new namespace of the type on that bit, EINVAL where none is configured', () => {
    const { k, init } = boot();
    expect(errno(() => k.clone(init, CLONE_NEWTIME))).toBe('EINVAL'); // no time type in this kernel
    const kt = new Kernel({ namespaces: [toyType, clockType] });
    kt.sigaction(kt.initTask, SIGCHLD, 'ignore');
    const a = kt.clone(kt.initTask, CLONE_NEWTIME);
    expect(kt.nsOf(a, 'clock')).not.toBe(kt.nsOf(kt.initTask, 'clock'));
    expect(kt.nsOf(a, 'toy')).toBe(kt.nsOf(kt.initTask, 'toy'));
    expect(errno(() => kt.clone(kt.initTask, flagsOr(CLONE_NEWTIME, 0x11)))).toBe('EINVAL');
    // unshare(2) takes CLONE_NEWTIME and no other CSIGNAL bit (check_unshare_flags).
    kt.unshare(a, CLONE_NEWTIME);
    expect(errno(() => kt.unshare(a, SIGCHLD))).toBe('EINVAL');
    balanced(kt);
  });
});

describe('CLONE_PIDFD (copy_process, 6.9+)', () => {
  it('with CLONE_DETACHED is EINVAL and changes nothing', () => {
    const { k, init } = boot();
    const before = JSON.stringify(k.snapshot());
    expect(errno(() => k.clone(init, CLONE_PIDFD | CLONE_DETACHED))).toBe('EINVAL');
    expect(JSON.stringify(k.snapshot())).toBe(before);
  });

  it('gives the caller a pidfd for the child, in its own fd table only (unless CLONE_FILES)', () => {
    const { k, init } = boot();
    const out = { fd: -1 };
    const a = k.clone(init, CLONE_PIDFD, { pidfd: out });
    expect(out.fd).toBe(3);
    expect(k.file(init, out.fd)).toMatchObject({ kind: 'pidfd', pid: a.pid });
    expect(errno(() => k.fstat(a, out.fd))).toBe('EBADF');
    const shared = { fd: -1 };
    const b = k.clone(init, CLONE_PIDFD | CLONE_FILES, { pidfd: shared });
    expect(k.file(b, shared.fd)).toMatchObject({ kind: 'pidfd', pid: b.pid });
    // The pidfd holds the struct pid: the reaped child's pid is still referenced.
    k.exit(a);
    expect(a.state).toBe('dead');
    expect(errno(() => k.pidfdSendSignal(init, out.fd, 0))).toBe('ESRCH');
    balanced(k);
  });

  it('with CLONE_THREAD is allowed since 6.9 and gives a pidfd for the new thread (PIDFD_THREAD)', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const out = { fd: -1 };
    const t = k.clone(a, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_PIDFD, { pidfd: out });
    expect(t.leader).toBe(a);
    expect(k.file(a, out.fd)).toMatchObject({ kind: 'pidfd', pid: t.pid });
    balanced(k);
  });
});

describe('KernelError.syscall names the call the task made', () => {
  it('is the syscall for a bad or wrong fd, not the internal fget', () => {
    const { k, init } = boot();
    const pidfd = k.pidfdOpen(init, 1);
    const nsfd = k.open(init, '/proc/self/ns/toy');
    const cases: [() => unknown, string, string][] = [
      [() => k.ioctl(init, 99, NS_GET_NSTYPE), 'EBADF', 'ioctl'],
      [() => k.fstat(init, 99), 'EBADF', 'fstat'],
      [() => k.dup(init, 99), 'EBADF', 'dup'],
      [() => k.pidfdSendSignal(init, 99, 0), 'EBADF', 'pidfd_send_signal'],
      [() => k.pidfdSendSignal(init, nsfd, 0), 'EBADF', 'pidfd_send_signal'],
      [() => k.setns(init, 99, 0), 'EBADF', 'setns'],
      [() => k.nsOfFd(init, 99, 'setns'), 'EBADF', 'setns'],
      [() => k.nsOfFd(init, pidfd, 'setns'), 'EINVAL', 'setns'],
      [() => k.file(init, 99, 'read'), 'EBADF', 'read'],
    ];
    for (const [call, code, syscall] of cases) {
      const e = errorOf(call);
      expect([e.code, e.syscall]).toEqual([code, syscall]);
      expect(e.message).toContain(`, ${syscall}`);
    }
  });
});

describe('the setns event', () => {
  it('reports the task and the namespaces it entered, in order, after the switch; a failed setns reports nothing', () => {
    const { k, init } = boot();
    const seen: { task: Task; namespaces: readonly NsCommon[]; current: NsCommon | undefined }[] = [];
    const types: KernelEvent['type'][] = [];
    k.on((e) => types.push(e.type));
    k.on((e) => {
      if (e.type === 'setns') seen.push({ task: e.task, namespaces: e.namespaces, current: k.nsOf(e.task, 'toy') });
    }, { types: ['setns'] });
    const a = k.clone(init, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE));
    const b = k.clone(init, 0);
    const fd = k.openNs(b, a, 'toy');
    types.length = 0;
    k.setns(b, fd, 0);
    expect(types).toEqual(['setns']);
    expect(seen).toEqual([{ task: b, namespaces: [k.nsOf(a, 'toy')], current: k.nsOf(a, 'toy') }]);
    const c = k.clone(init, 0);
    const pidfd = k.pidfdOpen(c, k.pidOf(a, c));
    k.setns(c, pidfd, flagsOr(CLONE_NEWBLUE, CLONE_NEWIPC));
    expect(seen[1]?.task).toBe(c);
    expect(seen[1]?.namespaces).toEqual([k.nsOf(a, 'toy'), k.nsOf(a, 'blue')]); // the types' order, not the flags'
    const u = k.clone(init, 0);
    const ufd = k.openNs(u, a, 'toy');
    k.setresuid(u, -1, 1000, -1);
    expect(errno(() => k.setns(u, ufd, 0))).toBe('EPERM');
    expect(seen).toHaveLength(2);
  });
});

describe('pins: holders besides tasks and files (a bind mount of /proc/PID/ns/X)', () => {
  it('keeps a namespace alive like an open fd, counted in countHolders; the last unpin frees it', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWIPC);
    const ns = k.nsOf(a, 'toy') as NsCommon;
    const count = ns.count;
    k.pinNs(ns, 'mount:1');
    k.pinNs(ns, 'mount:2');
    expect(ns.count).toBe(count + 2);
    expect(k.pinnedNs('mount:1')).toBe(ns);
    expect([...k.pins()]).toEqual([['mount:1', ns], ['mount:2', ns]]);
    balanced(k);
    k.exit(a);
    expect(ns.freed).toBe(false);
    expect(k.countHolders().get(ns)).toBe(2);
    balanced(k);
    k.unpinNs('mount:1');
    expect(ns.freed).toBe(false);
    expect(k.pinnedNs('mount:1')).toBeUndefined();
    // A pinned namespace can still be entered... through an fd the holder gives out; here, the ns of a new process.
    k.unpinNs('mount:2');
    expect(ns.freed).toBe(true);
    expect(k.pins().size).toBe(0);
    balanced(k);
  });

  it('refuses a holder that already pins, an unknown holder, and a freed namespace (programming errors)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWIPC);
    const ns = k.nsOf(a, 'toy') as NsCommon;
    k.pinNs(ns, 'm');
    expect(() => k.pinNs(k.initUserNs, 'm')).toThrow(/already pins/);
    expect(() => k.unpinNs('nope')).toThrow(/pins nothing/);
    expect(() => k.pinNs(ns, '')).toThrow(/holder/);
    k.unpinNs('m');
    k.exit(a);
    expect(ns.freed).toBe(true);
    expect(() => k.pinNs(ns, 'late')).toThrow(/freed/);
    const other = boot().k;
    expect(() => other.pinNs(k.initUserNs, 'x')).toThrow(/another kernel/);
    balanced(k);
  });

  it('survives snapshot and restore, and the restored pins release their references', () => {
    const { k, init } = boot();
    const a = k.clone(init, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE));
    k.pinNs(k.nsOf(a, 'blue') as NsCommon, 'mount:/run/blue');
    k.pinNs(k.nsOf(a, 'toy') as NsCommon, 'mount:/run/toy');
    k.exit(a);
    const snap = k.snapshot();
    expect(snap.pins).toEqual([['mount:/run/blue', k.pinnedNs('mount:/run/blue')?.nsId], ['mount:/run/toy', k.pinnedNs('mount:/run/toy')?.nsId]]);
    const copy = Kernel.restore(snap, { namespaces: [toyType, blueType] });
    expect(copy.snapshot()).toEqual(snap);
    balanced(copy);
    const blue = copy.pinnedNs('mount:/run/blue') as NsCommon;
    expect(blue.type).toBe('blue');
    for (const kk of [k, copy]) kk.unpinNs('mount:/run/blue');
    expect(blue.freed).toBe(true);
    expect(copy.snapshot()).toEqual(k.snapshot());
    balanced(copy);
  });
});

describe('roads not taken (KernelOptions.roads)', () => {
  const road = { name: 'test-road', summary: 'a proposal', replacedBy: 'what Linux has', doc: 'roads/index.md' };
  const withRoad = { ...blueType, roads: [road] };

  it('are closed by default: the kernel is Linux 6.18', () => {
    const k = new Kernel();
    expect(k.roads.size).toBe(0);
    expect(k.onRoad('test-road')).toBe(false);
  });

  it('opens a road a registered type brings, and keeps it across a snapshot', () => {
    const k = new Kernel({ namespaces: [withRoad], roads: ['test-road'] });
    expect(k.onRoad('test-road')).toBe(true);
    expect(k.knownRoads.map((r) => r.name)).toContain('test-road');
    const back = Kernel.restore(JSON.parse(JSON.stringify(k.snapshot())) as KernelSnapshot, { namespaces: [withRoad] });
    expect(back.onRoad('test-road')).toBe(true);
    expect(new Kernel().snapshot().options).not.toHaveProperty('roads');
  });

  it('refuses a road no core or type of this kernel knows, naming the ones it knows', () => {
    expect(() => new Kernel({ roads: ['test-road'] })).toThrow(/options\.roads\[0\]/);
    expect(() => new Kernel({ namespaces: [withRoad], roads: ['nope'] })).toThrow(/test-road/);
    expect(() => new Kernel({ roads: 'test-road' as unknown as string[] })).toThrow(/an array of road names/);
  });
});
