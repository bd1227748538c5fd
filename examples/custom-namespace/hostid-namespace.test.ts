// A third-party namespace type, registered next to the repository's own, driven through every syscall.
import { describe, expect, it } from 'vitest';
import { CLONE_NEWUTS, Kernel, KernelError, NS_GET_NSTYPE, NS_GET_USERNS, SIGCHLD, flagsOr } from '@nsproxy/core';
import { testNamespaceType } from '@nsproxy/testkit';
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
    expect(k.nsOfFd(c, k.ioctl(c, fd, NS_GET_USERNS))).toBe(k.initUserNs);
    k.setns(c, fd, CLONE_NEWHOSTID);
    expect(gethostid(k, c)).toBe(42);

    const rows = k.listNamespaces().filter((r) => r.type === 'hostid');
    expect(rows.map((r) => [r.nprocs, r.pid, r.command])).toEqual([[1, 1, 'init'], [2, 2, 'a'], [1, 3, 'b']]);

    // Without CAP_SYS_ADMIN: EPERM, and nothing changes.
    k.setresuid(c, 1000, 1000, 1000);
    let code = '';
    try {
      k.unshare(c, CLONE_NEWHOSTID);
    } catch (e) {
      code = (e as KernelError).code;
    }
    expect(code).toBe('EPERM');
    expect(gethostid(k, c)).toBe(42);
  });

  it('a kernel that lacks the type refuses its flag with EINVAL', () => {
    const k = new Kernel({ namespaces: [utsNamespaceType] });
    expect(() => k.clone(k.initTask, CLONE_NEWHOSTID)).toThrow(KernelError);
  });
});
