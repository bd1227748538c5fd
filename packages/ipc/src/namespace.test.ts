/**
 * The ipc namespace type: creation (copy_ipcs), setns (ipcns_install),
 * isolation, destruction with the last reference, exit_shm, and snapshots.
 */
import { describe, expect, it } from 'vitest';
import { testNamespaceType } from '@nsproxy/testkit';
import { CLONE_NEWIPC, CLONE_NEWUSER, CLONE_SYSVSEM, Kernel } from '@nsproxy/core';
import type { IpcNamespace } from './index.ts';
import {
  IPC_CREAT, IPC_PRIVATE, defaultIpcLimits, ipcCount, ipcNamespaceOf, ipcNamespaceType, ipcSysctlRead, ipcSysctlWrite, msgget,
  mqNames, mqOpen, O_CREAT, semget, shmget,
} from './index.ts';
import { boot, errno, toyUserType, user } from '../test/helpers.ts';

const C = IPC_CREAT | 0o600;

testNamespaceType({ type: ipcNamespaceType, with: [toyUserType] });

describe('creation', () => {
  it('a new namespace is empty and has the default limits, whatever its creator\'s namespace holds (Q1.2, Q1.5)', () => {
    const { kernel, init } = boot();
    shmget(kernel, init, 1, 4096, C);
    ipcSysctlWrite(kernel, init, 'kernel.shmmni', '100');
    mqOpen(kernel, init, '/q', O_CREAT);
    const child = kernel.clone(init, CLONE_NEWIPC);
    expect(ipcCount(kernel, child, 'shm')).toBe(0);
    expect(errno(() => shmget(kernel, child, 1, 4096, 0))).toBe('ENOENT');
    expect(ipcSysctlRead(kernel, child, 'kernel.shmmni')).toBe('4096');
    expect(ipcSysctlRead(kernel, init, 'kernel.shmmni')).toBe('100');
    expect(mqNames(kernel, child)).toEqual([]);
    expect(ipcNamespaceOf(kernel, child).limits).toEqual(defaultIpcLimits());
    expect(shmget(kernel, child, 1, 4096, C)).toBe(0); // ids start over
  });

  it('unshare moves the caller; its old objects stay where they are', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, 0);
    const id = msgget(kernel, t, 7, C);
    kernel.unshare(t, CLONE_NEWIPC);
    expect(errno(() => msgget(kernel, t, 7, 0))).toBe('ENOENT');
    expect(msgget(kernel, init, 7, 0)).toBe(id);
  });

  it('needs CAP_SYS_ADMIN over the owner (EPERM), unless a new user namespace comes in the same call', () => {
    const { kernel, init } = boot();
    const u = user(kernel, init, 1000);
    expect(errno(() => kernel.unshare(u, CLONE_NEWIPC))).toBe('EPERM');
    expect(errno(() => kernel.clone(u, CLONE_NEWIPC))).toBe('EPERM');
    const c = kernel.clone(u, CLONE_NEWIPC | CLONE_NEWUSER);
    expect(ipcNamespaceOf(kernel, c).ownerNs).toBe(c.cred.userNs);
  });

  it('clone(CLONE_NEWIPC|CLONE_SYSVSEM) is EINVAL (F2.9)', () => {
    const { kernel, init } = boot();
    expect(errno(() => kernel.clone(init, CLONE_NEWIPC | CLONE_SYSVSEM))).toBe('EINVAL');
  });

  it('is charged to max_ipc_namespaces (ENOSPC)', () => {
    const kernel = new Kernel({ namespaces: [ipcNamespaceType, toyUserType], maxNamespaces: 2 });
    const init = kernel.initTask;
    kernel.clone(init, CLONE_NEWIPC);
    kernel.clone(init, CLONE_NEWIPC);
    expect(errno(() => kernel.clone(init, CLONE_NEWIPC))).toBe('ENOSPC');
  });

  it('the root of the new namespace\'s mqueue filesystem belongs to the creator\'s fsuid', () => {
    const { kernel, init } = boot();
    const c = kernel.clone(user(kernel, init, 1000), CLONE_NEWUSER | CLONE_NEWIPC);
    expect(ipcNamespaceOf(kernel, c).mqueue.rootUid).toBe(1000);
    expect(ipcNamespaceOf(kernel, init).mqueue.rootUid).toBe(0);
  });
});

describe('setns', () => {
  it('makes the other namespace\'s objects visible; EPERM without CAP_SYS_ADMIN over its owner', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    const id = semget(kernel, a, 3, 1, C);
    const b = kernel.clone(init, 0);
    expect(errno(() => semget(kernel, b, 3, 1, 0))).toBe('ENOENT');
    const fd = kernel.openNs(b, a, 'ipc');
    kernel.setns(b, fd, CLONE_NEWIPC);
    expect(semget(kernel, b, 3, 1, 0)).toBe(id);
    const u = kernel.clone(init, 0);
    const ufd = kernel.openNs(u, a, 'ipc');
    kernel.capset(u, { effective: 0n, permitted: 0n }); // still uid 0, without capabilities
    expect(errno(() => kernel.setns(u, ufd, CLONE_NEWIPC))).toBe('EPERM');
    expect(errno(() => semget(kernel, u, 3, 1, 0))).toBe('ENOENT');
  });
});

describe('destruction', () => {
  it('objects and queues live while a file pins the namespace and go with its last reference (Q1.10)', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    shmget(kernel, a, 1, 4096, C);
    mqOpen(kernel, a, '/q', O_CREAT);
    const fd = kernel.openNs(init, a, 'ipc');
    const ns = kernel.nsOfFd(init, fd) as IpcNamespace;
    kernel.exit(a);
    expect(ns.freed).toBe(false);
    expect(ns.shm.inUse).toBe(1);
    const seg = ns.shm.objects()[0];
    kernel.close(init, fd);
    expect(ns.freed).toBe(true);
    expect(ns.shm.inUse).toBe(0);
    expect(seg?.deleted).toBe(true);
    expect(ns.mqueue.queues.size).toBe(0);
    expect(ns.shmTot).toBe(0n);
  });
});

describe('exit_shm and kernel.shm_rmid_forced', () => {
  it('by default a segment outlives its creator (it becomes an orphan)', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, 0);
    shmget(kernel, t, IPC_PRIVATE, 4096, C);
    kernel.exit(t);
    expect(ipcCount(kernel, init, 'shm')).toBe(1);
    expect(ipcNamespaceOf(kernel, init).shm.objects()[0]?.creator).toBeNull();
  });

  it('with shm_rmid_forced = 1 a segment goes with its creator; setting it destroys the orphans', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, 0);
    shmget(kernel, t, IPC_PRIVATE, 4096, C);
    const keep = kernel.clone(init, 0);
    shmget(kernel, keep, IPC_PRIVATE, 4096, C);
    kernel.exit(t); // orphan
    ipcSysctlWrite(kernel, init, 'kernel.shm_rmid_forced', '1');
    expect(ipcCount(kernel, init, 'shm')).toBe(1); // the orphan went; keep's is still linked to keep
    kernel.exit(keep);
    expect(ipcCount(kernel, init, 'shm')).toBe(0);
  });

  it('unshare(CLONE_NEWIPC) unlinks the caller from the segments it made (exit_shm)', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, 0);
    shmget(kernel, t, IPC_PRIVATE, 4096, C);
    kernel.unshare(t, CLONE_NEWIPC);
    expect(ipcNamespaceOf(kernel, init).shm.objects()[0]?.creator).toBeNull();
    ipcSysctlWrite(kernel, init, 'kernel.shm_rmid_forced', '1');
    expect(ipcCount(kernel, init, 'shm')).toBe(0);
  });

  it('setns does not unlink the caller from its segments', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    const t = kernel.clone(init, 0);
    shmget(kernel, t, IPC_PRIVATE, 4096, C);
    kernel.setns(t, kernel.openNs(t, a, 'ipc'), CLONE_NEWIPC);
    expect(ipcNamespaceOf(kernel, init).shm.objects()[0]?.creator).toBe(t.serial);
  });
});

describe('snapshots', () => {
  it('round-trips objects, counters, limits and queues, and the restored kernel allocates the same next ids', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    for (let i = 0; i < 5; i++) shmget(kernel, a, IPC_PRIVATE, 4096, C);
    shmget(kernel, a, 77, 10000, C);
    semget(kernel, a, 5, 3, C);
    msgget(kernel, a, 9, C);
    ipcSysctlWrite(kernel, a, 'kernel.shmmax', '99999999');
    ipcSysctlWrite(kernel, a, 'kernel.msg_next_id', '65540');
    mqOpen(kernel, a, '/q', O_CREAT);
    const snap = kernel.snapshot();
    const copy = Kernel.restore(snap, { namespaces: [ipcNamespaceType, toyUserType] });
    expect(copy.snapshot()).toEqual(snap);
    const a2 = copy.tasks().find((t) => t.serial === a.serial);
    if (!a2) throw new Error('no restored task');
    expect(shmget(copy, a2, IPC_PRIVATE, 4096, C)).toBe(shmget(kernel, a, IPC_PRIVATE, 4096, C));
    expect(msgget(copy, a2, IPC_PRIVATE, C)).toBe(msgget(kernel, a, IPC_PRIVATE, C));
    expect(mqNames(copy, a2)).toEqual(['/q']);
    expect(ipcSysctlRead(copy, a2, 'kernel.shmmax')).toBe('99999999');
    // exit_shm keeps working in the restored kernel.
    ipcSysctlWrite(copy, a2, 'kernel.shm_rmid_forced', '1');
    const before = ipcCount(copy, a2, 'shm');
    const t = copy.clone(a2, 0);
    shmget(copy, t, IPC_PRIVATE, 4096, C);
    copy.exit(t);
    expect(ipcCount(copy, a2, 'shm')).toBe(before);
  });
});
