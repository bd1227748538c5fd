/**
 * The per-namespace ipc sysctls (Q1.5-Q1.8): defaults, parsing, ranges,
 * partial writes of kernel.sem, and the uid-based write permission. Values
 * and errnos recorded on the 6.18.44 reference machine.
 */
import { describe, expect, it } from 'vitest';
import { CAP_CHECKPOINT_RESTORE, CLONE_NEWIPC, CLONE_NEWUSER, capBit } from '@nsproxy/core';
import { IPC_SYSCTL_NAMES, ipcSysctlRead, ipcSysctlWrite } from './index.ts';
import { boot, errno, user, withMaps } from '../test/helpers.ts';

describe('reading', () => {
  it('shows the defaults of a new namespace', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, CLONE_NEWIPC);
    const values = Object.fromEntries(IPC_SYSCTL_NAMES.map((n) => [n, ipcSysctlRead(kernel, t, n)]));
    expect(values).toEqual({
      'kernel.shmmax': '18446744073692774399', 'kernel.shmall': '18446744073692774399', 'kernel.shmmni': '4096',
      'kernel.shm_rmid_forced': '0', 'kernel.msgmax': '8192', 'kernel.msgmni': '32000', 'kernel.msgmnb': '16384',
      'kernel.auto_msgmni': '0', 'kernel.sem': '32000 1024000000 500 32000', 'kernel.sem_next_id': '-1',
      'kernel.msg_next_id': '-1', 'kernel.shm_next_id': '-1', 'fs.mqueue.queues_max': '256', 'fs.mqueue.msg_max': '10',
      'fs.mqueue.msgsize_max': '8192', 'fs.mqueue.msg_default': '10', 'fs.mqueue.msgsize_default': '8192',
    });
  });

  it('anyone may read; an unknown name is ENOENT; a path below /proc/sys works too', () => {
    const { kernel, init } = boot();
    expect(ipcSysctlRead(kernel, user(kernel, init, 1000), 'kernel.msgmni')).toBe('32000');
    expect(ipcSysctlRead(kernel, init, '/proc/sys/fs/mqueue/queues_max')).toBe('256');
    expect(errno(() => ipcSysctlRead(kernel, init, 'kernel.hostname'))).toBe('ENOENT');
  });
});

describe('writing', () => {
  it('parses like proc_dointvec: base 0, surrounding blanks, extra values ignored; EINVAL otherwise', () => {
    const { kernel, init } = boot();
    const set = (v: string) => {
      ipcSysctlWrite(kernel, init, 'kernel.shmmni', v);
      return ipcSysctlRead(kernel, init, 'kernel.shmmni');
    };
    expect(set('5 6')).toBe('5');
    expect(set('0x10')).toBe('16');
    expect(set('010')).toBe('8');
    expect(set(' 12 ')).toBe('12');
    expect(set('4096\n')).toBe('4096');
    expect(set('')).toBe('4096');
    for (const bad of ['+5', ' ', '7x', 'abc', '08', '-1', '32769']) {
      expect(errno(() => ipcSysctlWrite(kernel, init, 'kernel.shmmni', bad)), bad).toBe('EINVAL');
    }
    expect(ipcSysctlRead(kernel, init, 'kernel.shmmni')).toBe('4096');
  });

  it('ranges: shmmni/msgmni 0..32768, msgmax/msgmnb 0..INT_MAX, shm_rmid_forced 0..1, mqueue bounds, ulong shm sizes', () => {
    const { kernel, init } = boot();
    const ok = (n: string, v: string, read = v) => {
      ipcSysctlWrite(kernel, init, n, v);
      expect(ipcSysctlRead(kernel, init, n)).toBe(read);
    };
    const bad = (n: string, v: string) => expect(errno(() => ipcSysctlWrite(kernel, init, n, v)), `${n}=${v}`).toBe('EINVAL');
    ok('kernel.shmmni', '32768');
    ok('kernel.shmmni', '0');
    bad('kernel.msgmni', '32769');
    bad('kernel.msgmni', '-1');
    bad('kernel.msgmax', '-1');
    ok('kernel.msgmax', '2147483647');
    bad('kernel.msgmnb', '-1');
    bad('kernel.shmmax', '-1');
    ok('kernel.shmmax', '0');
    ok('kernel.shmmax', '18446744073709551615');
    bad('kernel.shmmax', '18446744073709551616');
    ok('kernel.shmall', '5');
    bad('kernel.shm_rmid_forced', '2');
    ok('kernel.shm_rmid_forced', '1');
    ok('kernel.auto_msgmni', '1', '0');
    bad('kernel.auto_msgmni', '5');
    ok('kernel.shm_next_id', '5');
    bad('kernel.shm_next_id', '-1');
    ok('fs.mqueue.queues_max', '-1');
    ok('fs.mqueue.queues_max', '2147483647');
    bad('fs.mqueue.queues_max', '2147483648');
    bad('fs.mqueue.msg_max', '0');
    ok('fs.mqueue.msg_max', '65536');
    bad('fs.mqueue.msg_max', '65537');
    bad('fs.mqueue.msgsize_max', '127');
    ok('fs.mqueue.msgsize_max', '16777216');
    bad('fs.mqueue.msgsize_max', '16777217');
    bad('fs.mqueue.msg_default', '0');
    bad('fs.mqueue.msg_default', '65537');
    bad('fs.mqueue.msgsize_default', '127');
  });

  it('kernel.sem stores value by value: a bad value keeps the ones before it; SEMMNI beyond 32768 is ERANGE', () => {
    const { kernel, init } = boot();
    const sem = () => ipcSysctlRead(kernel, init, 'kernel.sem');
    ipcSysctlWrite(kernel, init, 'kernel.sem', '1 2 3');
    expect(sem()).toBe('1 2 3 32000');
    expect(errno(() => ipcSysctlWrite(kernel, init, 'kernel.sem', '4 5 6 40000'))).toBe('ERANGE');
    expect(sem()).toBe('4 5 6 32000');
    expect(errno(() => ipcSysctlWrite(kernel, init, 'kernel.sem', '7 8 x'))).toBe('EINVAL');
    expect(sem()).toBe('7 8 6 32000');
    ipcSysctlWrite(kernel, init, 'kernel.sem', '9 -0x5');
    expect(sem()).toBe('9 -5 6 32000');
    ipcSysctlWrite(kernel, init, 'kernel.sem', '1 2 3 4 5');
    expect(sem()).toBe('1 2 3 4');
    expect(errno(() => ipcSysctlWrite(kernel, init, 'kernel.sem', '9999999999 1 1 1'))).toBe('EINVAL');
  });

  it('only root of the owning user namespace may write (EACCES at open), whatever its capabilities (Q1.7)', () => {
    const { kernel, init } = boot();
    const u = user(kernel, init, 1000);
    expect(errno(() => ipcSysctlWrite(kernel, u, 'kernel.shmmni', '1'))).toBe('EACCES');
    const capless = kernel.clone(init, 0);
    kernel.capset(capless, { effective: 0n, permitted: 0n });
    ipcSysctlWrite(kernel, capless, 'kernel.shmmni', '1'); // euid 0 is enough
    // Root of a user namespace that owns its ipc namespace: uid 0 there is kuid 1000.
    const c = kernel.clone(u, CLONE_NEWUSER | CLONE_NEWIPC);
    ipcSysctlWrite(kernel, c, 'fs.mqueue.queues_max', '3');
    expect(ipcSysctlRead(kernel, c, 'fs.mqueue.queues_max')).toBe('3');
    // ...but not of the world's namespace, owned by the initial user namespace.
    const d = kernel.clone(u, CLONE_NEWUSER);
    expect(errno(() => ipcSysctlWrite(kernel, d, 'kernel.shmmni', '2'))).toBe('EACCES');
    // A user namespace root mapped to host uid 0 writes the world's namespace's files.
    withMaps([{ first: 0, lowerFirst: 0, count: 1 }], [{ first: 0, lowerFirst: 0, count: 1 }]);
    const r = kernel.clone(init, CLONE_NEWUSER);
    ipcSysctlWrite(kernel, r, 'kernel.shmmni', '2');
    expect(ipcSysctlRead(kernel, init, 'kernel.shmmni')).toBe('2');
  });

  it('the *_next_id files need CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN over the owner, even for root', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, 0);
    kernel.capset(t, { effective: 0n, permitted: 0n });
    expect(errno(() => ipcSysctlWrite(kernel, t, 'kernel.msg_next_id', '3'))).toBe('EACCES');
    const cr = kernel.clone(init, 0);
    kernel.capset(cr, { effective: capBit(CAP_CHECKPOINT_RESTORE), permitted: capBit(CAP_CHECKPOINT_RESTORE) });
    ipcSysctlWrite(kernel, cr, 'kernel.msg_next_id', '3');
    expect(ipcSysctlRead(kernel, t, 'kernel.msg_next_id')).toBe('3');
  });

  it('writes one namespace only (Q1.8)', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    ipcSysctlWrite(kernel, a, 'kernel.shmmni', '100');
    expect(ipcSysctlRead(kernel, init, 'kernel.shmmni')).toBe('4096');
  });
});
