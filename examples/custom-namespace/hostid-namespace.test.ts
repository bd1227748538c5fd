// A third-party namespace type, registered next to the repository's own, driven through every syscall.
import { describe, expect, it } from 'vitest';
import { CLONE_NEWUTS, Kernel, NS_GET_NSTYPE, NS_GET_USERNS, SIGCHLD, flagsOr } from '@nsproxy/core';
import { errnoOf, testNamespaceType } from '@nsproxy/testkit';
import { utsNamespaceType } from '@nsproxy/uts';
import { CLONE_NEWHOSTID, gethostid, hostidNamespaceType, sethostid } from './hostid-namespace.ts';

testNamespaceType({ type: hostidNamespaceType });

describe('a custom namespace type beside the kernel\'s', () => {
  const boot = (): Kernel => {
    const k = new Kernel({ namespaces: [utsNamespaceType, hostidNamespaceType] });
    k.sigaction(k.initTask, SIGCHLD, 'ignore');
    return k;
  };

  it('clones, unshares, setns-es and is listed and inspected like any other', () => {
    const k = boot();
    const init = k.initTask;
    expect(k.nsEntries).toEqual(['hostid', 'uts']);
    const a = k.clone(init, flagsOr(CLONE_NEWUTS, CLONE_NEWHOSTID), { comm: 'a' });
    sethostid(k, a, 42);
    expect(gethostid(k, a)).toBe(42);
    expect(gethostid(k, init)).toBe(0x7f0101);

    const b = k.clone(init, 0, { comm: 'b' });
    k.unshare(b, CLONE_NEWHOSTID);
    sethostid(k, b, 7);
    expect(gethostid(k, init)).toBe(0x7f0101);

    const c = k.clone(init, 0, { comm: 'c' });
    const fd = k.open(c, `/proc/${a.globalPid}/ns/hostid`);
    expect(k.readlink(c, `/proc/${a.globalPid}/ns/hostid`)).toMatch(/^hostid:\[\d+\]$/);
    expect(k.ioctl(c, fd, NS_GET_NSTYPE)).toBe(CLONE_NEWHOSTID);
    // No user namespace type in this kernel (CONFIG_USER_NS=n): ns_get_owner's stub answers EPERM.
    expect(errnoOf(() => k.ioctl(c, fd, NS_GET_USERNS))).toBe('EPERM');
    k.setns(c, fd, CLONE_NEWHOSTID);
    expect(gethostid(k, c)).toBe(42);

    const rows = k.listNamespaces().filter((r) => r.type === 'hostid');
    expect(rows.map((r) => [r.nprocs, r.pid, r.command])).toEqual([[1, 1, 'init'], [2, 2, 'a'], [1, 3, 'b']]);

    // Without CAP_SYS_ADMIN: EPERM, and nothing changes.
    k.setresuid(c, 1000, 1000, 1000);
    expect(errnoOf(() => k.unshare(c, CLONE_NEWHOSTID))).toBe('EPERM');
    expect(gethostid(k, c)).toBe(42);
  });

  it('a kernel that lacks the type refuses its flag with EINVAL', () => {
    const k = new Kernel({ namespaces: [utsNamespaceType] });
    const before = JSON.stringify(k.snapshot());
    expect(errnoOf(() => k.clone(k.initTask, CLONE_NEWHOSTID))).toBe('EINVAL');
    expect(errnoOf(() => k.unshare(k.initTask, CLONE_NEWHOSTID))).toBe('EINVAL');
    expect(errnoOf(() => k.clone(k.initTask, flagsOr(CLONE_NEWUTS, CLONE_NEWHOSTID)))).toBe('EINVAL');
    expect(JSON.stringify(k.snapshot())).toBe(before);
  });
});
