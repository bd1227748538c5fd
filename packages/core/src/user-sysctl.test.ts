/**
 * /proc/sys/user/max_*_namespaces (kernel/ucount.c; rules L1.1-L1.9 of core-rules.ts):
 * one set per user namespace, seen by the reader's current one; INT_MAX in a
 * new namespace; written with CAP_SYS_RESOURCE over it (EACCES otherwise);
 * 0..INT_MAX (EINVAL); a limit caps creation at every level below it.
 */
import { describe, expect, it } from 'vitest';
import {
  CAP_SYS_RESOURCE, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS, Kernel, NsCommon, SIGCHLD, USER_SYSCTL_NAMES,
  capBit, checkInstallAdmin, defineNamespaceType, flagsOr, userSysctlRead, userSysctlWrite,
} from './index.ts';
import type { NamespaceOperations, Task } from './index.ts';
import { errno, nestedPidType, nestedUserType } from '../test/nested-types.ts';

class UtsLike extends NsCommon {}
const utsLike: NamespaceOperations<UtsLike> = defineNamespaceType<UtsLike>({
  name: 'uts', type: CLONE_NEWUTS, order: 20,
  createInitial: (_k, owner) => new UtsLike(utsLike, owner, null),
  copy: (ctx) => new UtsLike(utsLike, ctx.userNs, ctx.chargeUcount()),
  install(nsset, ns) {
    checkInstallAdmin(nsset, ns);
    nsset.set(utsLike, ns);
  },
  owner: (ns) => ns.ownerNs,
  save: () => null,
  revive: (_k, owner) => new UtsLike(utsLike, owner, null),
});

function boot(maxNamespaces?: number): { k: Kernel; init: Task } {
  const k = new Kernel({ namespaces: [nestedUserType, utsLike, nestedPidType], maxNamespaces });
  k.sigaction(k.initTask, SIGCHLD, 'ignore');
  return { k, init: k.initTask };
}

const UTS = 'user.max_uts_namespaces';

describe('reading', () => {
  it('has the eight namespace files; the initial namespace shows the machine default, a new one INT_MAX', () => {
    const { k, init } = boot();
    expect(USER_SYSCTL_NAMES).toEqual([
      'user.max_user_namespaces', 'user.max_pid_namespaces', 'user.max_uts_namespaces', 'user.max_ipc_namespaces',
      'user.max_net_namespaces', 'user.max_mnt_namespaces', 'user.max_cgroup_namespaces', 'user.max_time_namespaces',
    ]);
    for (const n of USER_SYSCTL_NAMES) expect(userSysctlRead(k, init, n)).toBe('96365');
    const a = k.clone(init, CLONE_NEWUSER);
    for (const n of USER_SYSCTL_NAMES) expect(userSysctlRead(k, a, n)).toBe('2147483647');
    expect(userSysctlRead(k, init, '/proc/sys/user/max_pid_namespaces')).toBe('96365');
    // One kernel: the task must be of the kernel passed (it used to be another boot's, which went unnoticed).
    const seven = boot(7);
    expect(userSysctlRead(seven.k, seven.init, UTS)).toBe('7');
    expect(errno(() => userSysctlRead(k, init, 'user.max_inotify_watches'))).toBe('ENOENT');
    expect(errno(() => userSysctlRead(k, init, 'user.max_toy_namespaces'))).toBe('ENOENT');
  });

  it('a task sees the files of its current user namespace, also after setns into another one', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    userSysctlWrite(k, a, UTS, '5');
    expect(userSysctlRead(k, a, UTS)).toBe('5');
    expect(userSysctlRead(k, init, UTS)).toBe('96365');
    const b = k.clone(init, 0);
    const fd = k.openNs(b, a, 'user');
    k.setns(b, fd, CLONE_NEWUSER);
    expect(userSysctlRead(k, b, UTS)).toBe('5');
  });
});

describe('writing', () => {
  it('needs CAP_SYS_RESOURCE over the task\'s user namespace (EACCES at open); reading needs nothing', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const c = k.clone(a, 0);
    k.capset(c, { effective: c.cred.capEffective & ~capBit(CAP_SYS_RESOURCE), permitted: c.cred.capPermitted });
    expect(errno(() => userSysctlWrite(k, c, UTS, '1'))).toBe('EACCES');
    expect(userSysctlRead(k, c, UTS)).toBe('2147483647');
    const u = k.clone(init, 0);
    k.setresuid(u, 1000, 1000, 1000);
    expect(errno(() => userSysctlWrite(k, u, UTS, '1'))).toBe('EACCES');
    expect(userSysctlRead(k, u, UTS)).toBe('96365');
    // The owner's capabilities reach a child namespace, not its parent.
    userSysctlWrite(k, a, UTS, '1');
    expect(userSysctlRead(k, a, UTS)).toBe('1');
  });

  it('parses like proc_doulongvec_minmax: one value in base 0 within 0..INT_MAX; EINVAL otherwise, changing nothing', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    const set = (v: string) => {
      userSysctlWrite(k, a, UTS, v);
      return userSysctlRead(k, a, UTS);
    };
    expect(set('5 6')).toBe('5');
    expect(set('0x10')).toBe('16');
    expect(set('010')).toBe('8');
    expect(set(' 12\n')).toBe('12');
    expect(set('0')).toBe('0');
    expect(set('2147483647')).toBe('2147483647');
    expect(set('')).toBe('2147483647');
    expect(set('\r\v42\t')).toBe('42'); // blanks before a number: isspace; after it: ' ', '\t' or '\n'
    for (const bad of ['-1', '2147483648', '18446744073709551616', '+5', ' ', '7x', 'abc', '08', '-0', '5\r', '0x', '0000000000000000000001']) {
      expect(errno(() => userSysctlWrite(k, a, UTS, bad)), bad).toBe('EINVAL');
    }
    expect(userSysctlRead(k, a, UTS)).toBe('42'); // not the default: a failed write changed nothing
  });

  it('0 stops creation in that namespace (ENOSPC); a limit in a parent caps a child\'s creations, charged at every level (L1.5)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    userSysctlWrite(k, a, UTS, '0');
    expect(errno(() => k.unshare(a, CLONE_NEWUTS))).toBe('ENOSPC');
    userSysctlWrite(k, a, UTS, '1');
    userSysctlWrite(k, a, 'user.max_pid_namespaces', '0');
    expect(errno(() => k.clone(a, CLONE_NEWPID))).toBe('ENOSPC');
    // b's namespace is below a's: its own file says INT_MAX, but a's 1 caps what b's subtree creates.
    const b = k.clone(a, CLONE_NEWUSER);
    expect(userSysctlRead(k, b, UTS)).toBe('2147483647');
    const c = k.clone(b, CLONE_NEWUTS);
    expect(errno(() => k.clone(b, CLONE_NEWUTS))).toBe('ENOSPC');
    expect(errno(() => k.clone(a, flagsOr(CLONE_NEWUTS, CLONE_NEWPID)))).toBe('ENOSPC');
    // Freed namespaces are uncharged: after c exits the next creation fits again.
    k.exit(c);
    k.clone(b, CLONE_NEWUTS);
    // user namespaces count too (max_user_namespaces of a caps b's children).
    userSysctlWrite(k, a, 'user.max_user_namespaces', '1');
    expect(errno(() => k.clone(b, CLONE_NEWUSER))).toBe('ENOSPC');
  });

  it('is kept by snapshot and restore', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    userSysctlWrite(k, a, UTS, '3');
    const r = Kernel.restore(k.snapshot(), { namespaces: [nestedUserType, utsLike, nestedPidType] });
    const ra = [...r.tasks()].find((t) => t.serial === a.serial) as Task;
    expect(userSysctlRead(r, ra, UTS)).toBe('3');
  });
});
