/**
 * Core rules behind the scenario corpus `corpus/core`: clone error precedence
 * (F4.1), unshare's implied flags (F2.3), setns validate-then-commit (C8.9,
 * C8.10), nsfs inode numbers (N1.1, N1.4) and the nsfs ioctl errnos (N4.*).
 *
 * Core cannot depend on the namespace packages, so this file brings its own
 * small types: flat types under the kernel's names (so the initial inodes are
 * the fixed ones) and a user type that creates and enters user namespaces the
 * way kernel/user_namespace.c does (create_user_ns, userns_install).
 */
import { describe, expect, it } from 'vitest';
import {
  CLONE_FILES, CLONE_FS, CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS,
  CLONE_NEWTIME, CLONE_NEWUSER, CLONE_NEWUTS, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, Kernel,
  NS_GET_NSTYPE, NS_GET_OWNER_UID, NS_GET_PARENT, NS_GET_USERNS, NsCommon, PROC_DYNAMIC_FIRST, SIGCHLD,
  ERRNO, KernelError, RULE_ID, checkInstallAdmin, composeRules, coreRules, defineNamespaceType, defineRules, fail,
} from './index.ts';
import type { FsStruct, NamespaceOperations, Task, UcountCharge, UserNamespace } from './index.ts';
import { errno, unmappedUserType } from '../test/nested-types.ts';

// ---------------------------------------------------------------- fixtures

class Flat extends NsCommon {
  constructor(ops: NamespaceOperations, owner: UserNamespace, ucount: UcountCharge | null) {
    super(ops, owner, ucount);
  }
}

/** Errors a flat type's copy throws instead of creating (to see which copy runs first). */
const copyFailures = new Map<string, 'ENOMEM'>();

function flat(name: string, flag: number, order: number): NamespaceOperations<Flat> {
  const t: NamespaceOperations<Flat> = defineNamespaceType<Flat>({
    name,
    type: flag,
    order,
    createInitial: (_k, owner) => new Flat(t, owner, null),
    copy(ctx) {
      const charge = ctx.chargeUcount();
      const failure = copyFailures.get(name);
      if (failure) {
        // A copy that fails after charging must not leak the charge: undo it like the kernel's error path.
        for (const l of charge.levels) {
          const n = (l.ns.ucounts.get(l.key) ?? 0) - 1;
          if (n > 0) l.ns.ucounts.set(l.key, n);
          else l.ns.ucounts.delete(l.key);
        }
        fail(failure, ctx.syscall, `${name} copy fails`);
      }
      return new Flat(t, ctx.userNs, charge);
    },
    install(nsset, ns) {
      checkInstallAdmin(nsset, ns);
      nsset.set(t, ns);
    },
    owner: (ns) => ns.ownerNs,
    save: () => null,
    revive: (_k, owner) => new Flat(t, owner, null),
  });
  return t;
}

const userType = unmappedUserType;

const TYPES = {
  mnt: flat('mnt', CLONE_NEWNS, 10),
  uts: flat('uts', CLONE_NEWUTS, 20),
  ipc: flat('ipc', CLONE_NEWIPC, 30),
  cgroup: flat('cgroup', CLONE_NEWCGROUP, 50),
  net: flat('net', CLONE_NEWNET, 60),
  time: flat('time', CLONE_NEWTIME, 70),
};

function boot(): { k: Kernel; init: Task } {
  copyFailures.clear();
  const k = new Kernel({ namespaces: [userType, ...Object.values(TYPES)] as unknown as NamespaceOperations<never>[] });
  k.sigaction(k.initTask, SIGCHLD, 'ignore');
  return { k, init: k.initTask };
}

/** Every namespace's reference count equals what holds it. */
function balanced(k: Kernel): void {
  const holders = k.countHolders();
  for (const ns of k.namespaces()) expect(ns.count, `${ns.type}:${ns.nsId}`).toBe(holders.get(ns) ?? 0);
}

/** A task of init's that dropped to uid 1000 (no capabilities left). */
function unprivileged(k: Kernel, init: Task): Task {
  const u = k.clone(init, 0);
  k.setresgid(u, 1000, 1000, 1000);
  k.setresuid(u, 1000, 1000, 1000);
  return u;
}

/** The task's fs_struct (set while it lives). */
function fsOf(t: Task): FsStruct {
  if (!t.fs) throw new Error('the task has no fs_struct');
  return t.fs;
}

/** Everything a failed call must leave as it was. */
function state(k: Kernel): string {
  return JSON.stringify({
    snapshot: k.snapshot(),
    ucounts: [...k.initUserNs.ucounts.entries()].sort(),
    namespaces: k.namespaces().map((ns) => `${ns.type}:${ns.nsId}:${ns.count}`),
  });
}

// ---------------------------------------------------------------- F4.1

describe('clone error precedence (F4.1)', () => {
  it('checks the flags (EINVAL) before creating a user namespace (ENOSPC)', () => {
    const { k, init } = boot();
    k.initUserNs.ucountMax.set('user', 0);
    expect(errno(() => k.clone(init, CLONE_NEWUSER | CLONE_FS))).toBe('EINVAL');
    expect(errno(() => k.clone(init, CLONE_NEWUSER | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM))).toBe('EINVAL');
    expect(errno(() => k.clone(init, CLONE_NEWUSER))).toBe('ENOSPC');
  });

  it('creates the user namespace (copy_creds) before the CAP_SYS_ADMIN check of copy_namespaces', () => {
    const { k, init } = boot();
    const u = unprivileged(k, init);
    expect(errno(() => k.clone(u, CLONE_NEWUTS))).toBe('EPERM');
    k.initUserNs.ucountMax.set('user', 0);
    // Without the limit this clone works (next test); with it the user ns fails first: ENOSPC, not EPERM.
    expect(errno(() => k.clone(u, CLONE_NEWUSER | CLONE_NEWUTS))).toBe('ENOSPC');
    fsOf(u).chrootFlag = true;
    k.initUserNs.ucountMax.delete('user');
    expect(errno(() => k.clone(u, CLONE_NEWUSER | CLONE_NEWUTS))).toBe('EPERM');
  });

  it('lets an unprivileged task create every type together with a user namespace it then owns (C5.3)', () => {
    const { k, init } = boot();
    const u = unprivileged(k, init);
    const c = k.clone(u, CLONE_NEWUSER | CLONE_NEWUTS | CLONE_NEWIPC);
    const userNs = k.nsOf(c, 'user');
    expect(userNs).not.toBe(k.initUserNs);
    expect(k.nsOf(c, 'uts')?.ownerNs).toBe(userNs);
    expect(k.nsOf(c, 'ipc')?.ownerNs).toBe(userNs);
    expect((userNs as UserNamespace).owner).toBe(1000);
    balanced(k);
  });

  it('creates namespaces in the order mnt, uts, ipc, ...: the first failing copy wins', () => {
    const { k, init } = boot();
    copyFailures.set('mnt', 'ENOMEM');
    k.initUserNs.ucountMax.set('uts', 0);
    expect(errno(() => k.clone(init, CLONE_NEWUTS | CLONE_NEWNS))).toBe('ENOMEM');
    copyFailures.clear();
    expect(errno(() => k.clone(init, CLONE_NEWUTS | CLONE_NEWNS))).toBe('ENOSPC');
  });

  it('a failing clone changes nothing: no namespace, no ucount, no pid is left behind', () => {
    const { k, init } = boot();
    k.initUserNs.ucountMax.set('ipc', 0);
    const before = state(k);
    // The user, mnt and uts namespaces were made before the ipc copy failed.
    expect(errno(() => k.clone(init, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC))).toBe('ENOSPC');
    expect(state(k)).toBe(before);
    k.initUserNs.ucountMax.delete('ipc');
    expect(k.getpid(k.clone(init, 0))).toBe(2);
    balanced(k);
  });
});

// ---------------------------------------------------------------- F2.3

describe('unshare implied flags (F2.3)', () => {
  it('CLONE_NEWUSER implies CLONE_FS: a shared fs_struct is copied, the sibling keeps its own', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const b = k.clone(a, CLONE_FS);
    const shared = fsOf(a);
    expect(fsOf(b)).toBe(shared);
    expect(shared.users).toBe(2);
    k.unshare(a, CLONE_NEWUSER);
    expect(fsOf(a)).not.toBe(shared);
    expect(fsOf(b)).toBe(shared);
    expect(shared.users).toBe(1);
    balanced(k);
  });

  it('CLONE_NEWNS implies CLONE_FS too', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const b = k.clone(a, CLONE_FS);
    k.unshare(a, CLONE_NEWNS);
    expect(fsOf(a)).not.toBe(fsOf(b));
    expect(k.nsOf(a, 'mnt')).not.toBe(k.nsOf(b, 'mnt'));
  });

  it('a namespace flag alone implies nothing: the fs_struct stays shared', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const b = k.clone(a, CLONE_FS);
    k.unshare(a, CLONE_NEWUTS);
    expect(fsOf(a)).toBe(fsOf(b));
  });

  it('CLONE_NEWUSER implies CLONE_THREAD, and CLONE_VM implies CLONE_SIGHAND implies CLONE_THREAD: EINVAL with threads', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    k.clone(a, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM);
    const before = state(k);
    expect(errno(() => k.unshare(a, CLONE_NEWUSER))).toBe('EINVAL');
    expect(errno(() => k.unshare(a, CLONE_VM))).toBe('EINVAL');
    expect(errno(() => k.unshare(a, CLONE_SIGHAND))).toBe('EINVAL');
    expect(state(k)).toBe(before);
    // The same flags in a single-threaded process: fine.
    const b = k.clone(init, 0);
    expect(errno(() => k.unshare(b, CLONE_VM))).toBe('ok');
    expect(errno(() => k.unshare(b, CLONE_NEWUSER))).toBe('ok');
    // Other namespace types do not imply CLONE_THREAD.
    expect(errno(() => k.unshare(a, CLONE_NEWUTS))).toBe('ok');
  });

  it('the implied CLONE_FS is not an error for an unshared fs, and unshare(CLONE_FILES) copies a shared fd table', () => {
    const { k, init } = boot();
    const a = k.clone(init, 0);
    const fs = fsOf(a);
    k.unshare(a, CLONE_FS);
    expect(fsOf(a)).toBe(fs);
    const b = k.clone(a, CLONE_FILES);
    const fd = k.open(a, '/proc/self/ns/uts');
    k.unshare(b, CLONE_FILES);
    k.close(a, fd);
    expect(errno(() => k.close(a, fd))).toBe('EBADF');
    expect(errno(() => k.close(b, fd))).toBe('ok'); // b's copy was made while the fd was open
    balanced(k);
  });
});

// ---------------------------------------------------------------- setns

describe('setns validates everything, then commits (C8.9, C8.10)', () => {
  /** u (uid 1000) and t, a child of u in a user ns u owns, with a new uts ns owned by it. */
  function owned(): { k: Kernel; init: Task; u: Task; t: Task; pidfd: number } {
    const { k, init } = boot();
    const u = unprivileged(k, init);
    // Dropping root made u non-dumpable (commit_creds); a fresh execve of a uid-1000 program would not be,
    // and only then may it ptrace (and so pidfd-setns) its own child (__ptrace_may_access).
    k.setDumpable(u, 1);
    const t = k.clone(u, CLONE_NEWUSER | CLONE_NEWUTS);
    return { k, init, u, t, pidfd: k.pidfdOpen(u, k.pidOf(t, u)) };
  }

  it('a uts install alone is EPERM: "own user ns" is the caller\'s, where uid 1000 has no CAP_SYS_ADMIN', () => {
    const { k, u, pidfd } = owned();
    const before = state(k);
    expect(errno(() => k.setns(u, pidfd, CLONE_NEWUTS))).toBe('EPERM');
    expect(state(k)).toBe(before);
  });

  it('with the user ns in the same call, the uts install is checked against the staged user ns and passes', () => {
    const { k, u, t, pidfd } = owned();
    k.setns(u, pidfd, CLONE_NEWUSER | CLONE_NEWUTS);
    expect(k.nsOf(u, 'user')).toBe(k.nsOf(t, 'user'));
    expect(k.nsOf(u, 'uts')).toBe(k.nsOf(t, 'uts'));
    expect(u.cred.capEffective).not.toBe(0n);
    balanced(k);
  });

  it('a later install failing discards the staged credentials and namespaces (all or nothing)', () => {
    const { k, init, u, t, pidfd } = owned();
    // t's ipc is init's, owned by the initial user ns: u may not enter it.
    const cred = u.cred;
    const nsproxy = u.nsproxy;
    const before = state(k);
    expect(errno(() => k.setns(u, pidfd, CLONE_NEWUSER | CLONE_NEWUTS | CLONE_NEWIPC))).toBe('EPERM');
    expect(u.cred).toBe(cred);
    expect(u.nsproxy).toBe(nsproxy);
    expect(state(k)).toBe(before);
    expect(k.nsOf(u, 'ipc')).toBe(k.nsOf(init, 'ipc'));
    expect(k.nsOf(u, 'uts')).not.toBe(k.nsOf(t, 'uts'));
    balanced(k);
  });

  it('an ns file whose install fails leaves the caller as it was; a user-ns install of the current ns is EINVAL', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUTS);
    const u = unprivileged(k, init);
    const fd = k.openNs(init, a, 'uts');
    const ufd = k.open(init, '/proc/self/ns/user');
    const before = state(k);
    expect(errno(() => k.setns(init, ufd, CLONE_NEWUSER))).toBe('EINVAL');
    expect(errno(() => k.setns(init, fd, CLONE_NEWIPC))).toBe('EINVAL');
    expect(state(k)).toBe(before);
    const ufd2 = k.open(u, '/proc/self/ns/uts');
    expect(errno(() => k.setns(u, ufd2, 0))).toBe('EPERM');
    k.setns(init, fd, 0);
    expect(k.nsOf(init, 'uts')).toBe(k.nsOf(a, 'uts'));
    balanced(k);
  });

  it('a pidfd of a task that exited is ESRCH; a pidfd with no flags or an unknown flag is EINVAL', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUTS);
    const pidfd = k.pidfdOpen(init, k.pidOf(a, init));
    expect(errno(() => k.setns(init, pidfd, 0))).toBe('EINVAL');
    expect(errno(() => k.setns(init, pidfd, CLONE_NEWUTS | CLONE_VM))).toBe('EINVAL');
    k.exit(a);
    const before = state(k);
    expect(errno(() => k.setns(init, pidfd, CLONE_NEWUTS))).toBe('ESRCH');
    expect(state(k)).toBe(before);
    balanced(k);
  });
});

// ---------------------------------------------------------------- N1

describe('nsfs inode numbers (N1.1, N1.4)', () => {
  it('the initial namespaces have the fixed inodes of include/uapi/linux/nsfs.h', () => {
    const { k, init } = boot();
    const want: Record<string, number> = {
      ipc: 0xefffffff, uts: 0xeffffffe, user: 0xeffffffd, cgroup: 0xeffffffb, time: 0xeffffffa, net: 0xeffffff9, mnt: 0xeffffff8,
    };
    for (const [type, ino] of Object.entries(want)) {
      expect(k.readlink(init, `/proc/self/ns/${type}`)).toBe(`${type}:[${ino}]`);
      expect(k.fstat(init, k.open(init, `/proc/self/ns/${type}`)).ino).toBe(ino);
    }
    expect(k.initPidNs.inum).toBe(4026531836);
    expect(Object.values(want)).toContain(4026531839);
  });

  it('a new namespace gets 0xf0000000 plus the lowest free index, reused once freed', () => {
    const { k, init } = boot();
    expect(PROC_DYNAMIC_FIRST).toBe(4026531840);
    const a = k.clone(init, CLONE_NEWUTS);
    const b = k.clone(init, CLONE_NEWIPC | CLONE_NEWUSER);
    expect(k.nsOf(a, 'uts')?.inum).toBe(4026531840);
    // The user namespace is created first (copy_creds), then the ipc one.
    expect(k.nsOf(b, 'user')?.inum).toBe(4026531841);
    expect(k.nsOf(b, 'ipc')?.inum).toBe(4026531842);
    k.exit(a);
    const c = k.clone(init, CLONE_NEWNET);
    expect(k.nsOf(c, 'net')?.inum).toBe(4026531840);
    expect(k.nsOf(c, 'net')?.nsId).not.toBe(k.nsOf(b, 'ipc')?.nsId);
  });
});

// ---------------------------------------------------------------- N4

describe('nsfs ioctl errnos (N4.*)', () => {
  it('EBADF for a closed fd, ENOTTY for an unknown request or a pidfd (N4.1)', () => {
    const { k, init } = boot();
    const fd = k.open(init, '/proc/self/ns/uts');
    k.close(init, fd);
    expect(errno(() => k.ioctl(init, fd, NS_GET_NSTYPE))).toBe('EBADF');
    const fd2 = k.open(init, '/proc/self/ns/uts');
    expect(errno(() => k.ioctl(init, fd2, 0xb7ff))).toBe('ENOTTY');
    const pidfd = k.pidfdOpen(init, k.getpid(init));
    expect(errno(() => k.ioctl(init, pidfd, NS_GET_USERNS))).toBe('ENOTTY');
  });

  it('NS_GET_USERNS: the owner if the caller\'s user ns is it or above it, else EPERM (N4.2)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER | CLONE_NEWUTS);
    const fd = k.openNs(init, a, 'uts');
    const owner = k.ioctl(init, fd, NS_GET_USERNS);
    expect(k.nsOfFd(init, owner)).toBe(k.nsOf(a, 'user'));
    // From inside a child user ns, the uts ns it inherited (owned by the initial user ns) is out of scope.
    const b = k.clone(init, CLONE_NEWUSER);
    const inherited = k.open(b, '/proc/self/ns/uts');
    expect(errno(() => k.ioctl(b, inherited, NS_GET_USERNS))).toBe('EPERM');
    expect(k.ioctl(init, k.open(init, '/proc/self/ns/uts'), NS_GET_USERNS)).toBeGreaterThan(2);
    const initUser = k.open(init, '/proc/self/ns/user');
    expect(errno(() => k.ioctl(init, initUser, NS_GET_USERNS))).toBe('EPERM');
    balanced(k);
  });

  it('the fd NS_GET_USERNS returns pins the namespace (N4.12, N3.1)', () => {
    const { k, init } = boot();
    const c = k.clone(init, CLONE_NEWUSER | CLONE_NEWUTS);
    const userNs = k.nsOf(c, 'user');
    const uts = k.openNs(init, c, 'uts');
    const owner = k.ioctl(init, uts, NS_GET_USERNS);
    k.close(init, uts);
    k.exit(c);
    expect(userNs?.freed).toBe(false);
    expect(k.nsOfFd(init, owner)).toBe(userNs);
    k.close(init, owner);
    expect(userNs?.freed).toBe(true);
    balanced(k);
  });

  it('NS_GET_PARENT: EINVAL for a flat type, EPERM for the initial user ns (N4.3)', () => {
    const { k, init } = boot();
    for (const type of ['uts', 'ipc', 'mnt', 'net', 'cgroup', 'time']) {
      expect(errno(() => k.ioctl(init, k.open(init, `/proc/self/ns/${type}`), NS_GET_PARENT))).toBe('EINVAL');
    }
    expect(errno(() => k.ioctl(init, k.open(init, '/proc/self/ns/user'), NS_GET_PARENT))).toBe('EPERM');
  });

  it('NS_GET_NSTYPE answers the CLONE_NEW* value (N4.4)', () => {
    const { k, init } = boot();
    expect(k.ioctl(init, k.open(init, '/proc/self/ns/uts'), NS_GET_NSTYPE)).toBe(CLONE_NEWUTS);
    expect(k.ioctl(init, k.open(init, '/proc/self/ns/user'), NS_GET_NSTYPE)).toBe(CLONE_NEWUSER);
    expect(k.ioctl(init, k.open(init, '/proc/self/ns/mnt'), NS_GET_NSTYPE)).toBe(CLONE_NEWNS);
  });

  it('NS_GET_OWNER_UID: the owner as the caller\'s user ns maps it, 65534 unmapped; EINVAL for non-user (N4.5, U5.1)', () => {
    const { k, init } = boot();
    expect(errno(() => k.ioctl(init, k.open(init, '/proc/self/ns/uts'), NS_GET_OWNER_UID))).toBe('EINVAL');
    expect(k.ioctl(init, k.open(init, '/proc/self/ns/user'), NS_GET_OWNER_UID)).toBe(0);
    const u = unprivileged(k, init);
    k.unshare(u, CLONE_NEWUSER);
    const inside = k.open(u, '/proc/self/ns/user');
    expect(k.ioctl(u, inside, NS_GET_OWNER_UID)).toBe(65534);
    expect(k.ioctl(init, k.openNs(init, u, 'user'), NS_GET_OWNER_UID)).toBe(1000);
    (k.nsOf(u, 'user') as UserNamespace).uidMap = [{ first: 0, lowerFirst: 1000, count: 1 }];
    expect(k.ioctl(u, inside, NS_GET_OWNER_UID)).toBe(0);
  });
});

// ---------------------------------------------------------------- the catalog (core-rules.ts)

describe('core\'s rule catalog', () => {
  it('is well-formed: defineRules accepts it, every id is unique and of a core prefix', () => {
    expect(() => defineRules(coreRules)).not.toThrow();
    const ids = coreRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id, id).toMatch(RULE_ID);
      expect(id, id).toMatch(/^[CFNLKR]/);
    }
    expect(() => composeRules([coreRules])).not.toThrow();
  });

  it('every entry has a sentence, an outcome, the calls it applies to and a Linux function and file', () => {
    for (const r of coreRules) {
      expect(r.rule.trim(), r.id).not.toBe('');
      expect(r.outcome.trim(), r.id).not.toBe('');
      expect(r.calls.length, r.id).toBeGreaterThan(0);
      for (const c of r.calls) expect(c.trim(), r.id).not.toBe('');
      expect(r.linux.function.trim(), r.id).not.toBe('');
      expect(r.linux.file, r.id).toMatch(/^(kernel|fs|include|security|ipc|net|mm)\/[\w/.-]+\.[ch]$/);
      if (r.unshowable !== undefined) expect(r.unshowable.trim(), r.id).not.toBe('');
      // An outcome in capitals is an errno: it must be one the model knows.
      if (/^E[A-Z0-9]+$/.test(r.outcome)) expect(Object.keys(ERRNO), r.id).toContain(r.outcome);
    }
  });

  it('holds the rules the errors of this file\'s scenarios name', () => {
    const { k, init } = boot();
    const errors: unknown[] = [];
    const attempt = (f: () => unknown): void => {
      try {
        f();
      } catch (e) {
        errors.push(e);
      }
    };
    attempt(() => k.clone(init, CLONE_NEWUSER | CLONE_FS));
    attempt(() => k.ioctl(init, k.open(init, '/proc/self/ns/uts'), NS_GET_PARENT));
    attempt(() => k.setns(init, 99, 0));
    attempt(() => k.pidfdOpen(init, 0));
    attempt(() => k.unshare(unprivileged(k, init), CLONE_NEWUTS));
    expect(errors.length).toBe(5);
    for (const e of errors) {
      expect(e).toBeInstanceOf(KernelError);
      const rule = (e as KernelError).rule;
      expect(rule, (e as Error).message).toBeDefined();
      expect(coreRules.map((r) => r.id), (e as Error).message).toContain(rule);
      expect((e as Error).message).toContain(`[rule ${rule}]`);
    }
  });
});
