/**
 * UTS namespaces (Q2.*, I1.*): the type's contract, creation copies the
 * creator's names, sethostname/setdomainname errnos, isolation, setns.
 */
import { describe, expect, it } from 'vitest';
import { testNamespaceType } from '@nsproxy/testkit';
import { CLONE_NEWUSER, CLONE_NEWUTS, Kernel } from '@nsproxy/core';
import { DEFAULT_UTSNAME, NEW_UTS_LEN, setdomainname, sethostname, uname, utsNamespaceType } from './index.ts';
import { boot, errno, toyUserType, user } from '../test/helpers.ts';

testNamespaceType({ type: utsNamespaceType, with: [toyUserType] });

describe('sethostname and setdomainname', () => {
  it('need CAP_SYS_ADMIN over the uts namespace\'s owner: EPERM without, and nothing changes', () => {
    const { kernel, init } = boot();
    const u = user(kernel, init, 1000);
    expect(errno(() => sethostname(kernel, u, 'x'))).toBe('EPERM');
    expect(errno(() => setdomainname(kernel, u, 'x'))).toBe('EPERM');
    expect(uname(kernel, init)).toEqual(DEFAULT_UTSNAME);
    const capless = kernel.clone(init, 0);
    kernel.capset(capless, { effective: 0n, permitted: 0n });
    expect(errno(() => sethostname(kernel, capless, 'x'))).toBe('EPERM'); // uid 0 is not enough
  });

  it('root of a child user namespace may not change the inherited namespace, but may change one its namespace owns (U3.5)', () => {
    const { kernel, init } = boot();
    const c = kernel.clone(user(kernel, init, 1000), CLONE_NEWUSER);
    expect(errno(() => sethostname(kernel, c, 'x'))).toBe('EPERM');
    kernel.unshare(c, CLONE_NEWUTS);
    sethostname(kernel, c, 'inner');
    expect(uname(kernel, c).nodename).toBe('inner');
    expect(uname(kernel, init).nodename).toBe('(none)');
  });

  it('EINVAL above 64 bytes, counted in UTF-8; 64 bytes is fine; the capability is checked first', () => {
    const { kernel, init } = boot();
    sethostname(kernel, init, 'h'.repeat(NEW_UTS_LEN));
    expect(errno(() => sethostname(kernel, init, 'h'.repeat(NEW_UTS_LEN + 1)))).toBe('EINVAL');
    expect(uname(kernel, init).nodename).toBe('h'.repeat(64));
    setdomainname(kernel, init, 'é'.repeat(32));
    expect(errno(() => setdomainname(kernel, init, 'é'.repeat(33)))).toBe('EINVAL');
    expect(uname(kernel, init).domainname).toBe('é'.repeat(32));
    expect(errno(() => sethostname(kernel, user(kernel, init, 1000), 'h'.repeat(65)))).toBe('EPERM');
  });

  it('store the name up to its first NUL byte (the kernel pads the field with NULs)', () => {
    const { kernel, init } = boot();
    sethostname(kernel, init, 'ab\0cd');
    expect(uname(kernel, init).nodename).toBe('ab');
    sethostname(kernel, init, '');
    expect(uname(kernel, init).nodename).toBe('');
  });

  it('change only their own field', () => {
    const { kernel, init } = boot();
    sethostname(kernel, init, 'h');
    setdomainname(kernel, init, 'd');
    expect(uname(kernel, init)).toEqual({ ...DEFAULT_UTSNAME, nodename: 'h', domainname: 'd' });
  });
});

describe('namespaces', () => {
  it('a new namespace copies every field of its creator\'s current namespace (Q2.1)', () => {
    const { kernel, init } = boot();
    sethostname(kernel, init, 'parent');
    setdomainname(kernel, init, 'dom');
    const c = kernel.clone(init, CLONE_NEWUTS);
    expect(uname(kernel, c)).toEqual(uname(kernel, init));
    sethostname(kernel, c, 'child');
    const g = kernel.clone(c, CLONE_NEWUTS);
    expect(uname(kernel, g).nodename).toBe('child');
    expect(uname(kernel, init).nodename).toBe('parent');
  });

  it('isolation: a change is seen by the tasks of that namespace only', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWUTS);
    const a2 = kernel.clone(a, 0);
    const b = kernel.clone(init, CLONE_NEWUTS);
    sethostname(kernel, a, 'alpha');
    expect(uname(kernel, a2).nodename).toBe('alpha');
    expect(uname(kernel, b).nodename).toBe('(none)');
    expect(uname(kernel, init).nodename).toBe('(none)');
  });

  it('setns: CAP_SYS_ADMIN over the target\'s owner and over the caller\'s own user namespace (I1.1)', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWUTS);
    sethostname(kernel, a, 'A');
    const u = kernel.clone(init, 0);
    const fd = kernel.openNs(u, a, 'uts');
    kernel.setresuid(u, 1000, 1000, 1000);
    expect(errno(() => kernel.setns(u, fd, CLONE_NEWUTS))).toBe('EPERM');
    expect(uname(kernel, u).nodename).toBe('(none)');
    const j = kernel.clone(init, 0);
    kernel.setns(j, kernel.openNs(j, a, 'uts'), 0);
    expect(uname(kernel, j).nodename).toBe('A');
  });

  it('is charged to max_uts_namespaces (ENOSPC, Q2.5)', () => {
    const kernel = new Kernel({ namespaces: [utsNamespaceType, toyUserType], maxNamespaces: 1 });
    kernel.clone(kernel.initTask, CLONE_NEWUTS);
    expect(errno(() => kernel.clone(kernel.initTask, CLONE_NEWUTS))).toBe('ENOSPC');
  });
});
