/**
 * kernel.pid_max and kernel.ns_last_pid of the actor's active pid namespace
 * (P4.2-P4.6, F1.17), as corpus/pid/pid-max-per-namespace.nss shows them on Linux.
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWPID, CLONE_NEWUSER, PID_MAX_LIMIT } from '@nsproxy/core';
import { toyUserType } from '@nsproxy/testkit';
import type { NamespaceOperations } from '@nsproxy/core';
import { HOST_PID_SYSCTL_REFUSAL, pidSysctlRead, pidSysctlWrite } from './sysctl.ts';
import { boot, errorOf } from '../test/helpers.ts';

const withUser = [toyUserType as NamespaceOperations<never>];

describe('the pid sysctls', () => {
  it('pid_max is per namespace: a new one starts at PID_MAX_LIMIT, and the parent level still bounds the numbers (P4.2, F1.17)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    pidSysctlWrite(k, a, 'kernel.pid_max', '301');
    expect(pidSysctlRead(k, a, 'kernel.pid_max')).toBe('301');
    const b = k.clone(a, CLONE_NEWPID);
    expect(pidSysctlRead(k, b, 'kernel.pid_max')).toBe(String(PID_MAX_LIMIT));
    expect(pidSysctlRead(k, a, 'kernel.ns_last_pid')).toBe('2');
    pidSysctlWrite(k, a, 'kernel.ns_last_pid', '299');
    expect(k.pidOf(k.clone(a, 0), a)).toBe(300);
    expect(errorOf(() => k.clone(a, 0))).toMatchObject({ code: 'EAGAIN', rule: 'F1.17' });
    expect(errorOf(() => k.clone(b, 0))).toMatchObject({ code: 'EAGAIN', rule: 'F1.17' });
  });

  it('refuses values out of range, changing nothing (P4.5, P4.6)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    for (const v of ['300', '4194305', '-1', 'x']) expect(errorOf(() => pidSysctlWrite(k, a, 'kernel.pid_max', v))).toMatchObject({ code: 'EINVAL' });
    expect(pidSysctlRead(k, a, 'kernel.pid_max')).toBe(String(PID_MAX_LIMIT));
    pidSysctlWrite(k, a, 'kernel.pid_max', '0x200');
    expect(errorOf(() => pidSysctlWrite(k, a, 'kernel.ns_last_pid', '513'))).toMatchObject({ code: 'EINVAL', rule: 'P4.6' });
    pidSysctlWrite(k, a, 'kernel.ns_last_pid', '512');
    expect(pidSysctlRead(k, a, 'kernel.ns_last_pid')).toBe('512');
  });

  it('lets root of the owner write pid_max (EACCES otherwise), and ns_last_pid only with the capability (EPERM)', () => {
    const { k, init } = boot(withUser);
    const a = k.clone(init, CLONE_NEWPID);
    const u = k.clone(a, CLONE_NEWUSER);
    // u has no capability over a's namespace's owner, but its euid is that owner's root.
    pidSysctlWrite(k, u, 'kernel.pid_max', '400');
    expect(pidSysctlRead(k, a, 'kernel.pid_max')).toBe('400');
    expect(errorOf(() => pidSysctlWrite(k, u, 'kernel.ns_last_pid', '5'))).toMatchObject({ code: 'EPERM', rule: 'P4.4' });
    const p = k.clone(a, 0);
    k.setresuid(p, 1000, 1000, 1000);
    expect(errorOf(() => pidSysctlWrite(k, p, 'kernel.pid_max', '500'))).toMatchObject({ code: 'EACCES', rule: 'P4.3' });
    expect(pidSysctlRead(k, p, 'kernel.pid_max')).toBe('400');
  });

  it('never writes the initial pid namespace\'s (a runner error, as on the real backend)', () => {
    const { k, init } = boot();
    expect(() => pidSysctlWrite(k, init, 'kernel.pid_max', '500')).toThrow(HOST_PID_SYSCTL_REFUSAL);
    expect(pidSysctlRead(k, init, 'kernel.pid_max')).toBe(String(PID_MAX_LIMIT));
  });
});
