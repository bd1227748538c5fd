/**
 * System V IPC in one namespace: every errno of shmget/msgget/semget and
 * IPC_RMID/IPC_STAT, and ids allocated exactly as Linux 6.18 allocates them
 * (the sequences below were recorded on the 6.18.44 reference machine).
 */
import { describe, expect, it } from 'vitest';
import { CAP_IPC_OWNER, CAP_SYS_ADMIN, CLONE_NEWIPC, CLONE_NEWUSER, capBit } from '@nsproxy/core';
import {
  IPC_CREAT, IPC_EXCL, IPC_PRIVATE, IPC_RMID, IPC_STAT, ipcCount, ipcList, ipcRmid, ipcStat, ipcSysctlWrite, msgctl, msgget, semctl, semget,
  shmctl, shmget,
} from './index.ts';
import { boot, errno, user, withMaps } from '../test/helpers.ts';

const C = IPC_CREAT | 0o600;

describe('ids are allocated as Linux allocates them', () => {
  it('replays a sequence recorded on Linux 6.18.44 (cyclic indexes, sequence bumps on wrap, stale ids)', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, CLONE_NEWIPC);
    const shm = (key: number, size = 4096, flg = C): number => shmget(kernel, t, key, size, flg);
    expect(shm(100)).toBe(0);
    expect(shm(101)).toBe(1);
    expect(shm(IPC_PRIVATE)).toBe(2);
    expect(msgget(kernel, t, IPC_PRIVATE, C)).toBe(0);
    expect(semget(kernel, t, IPC_PRIVATE, 1, C)).toBe(0);
    expect(shmctl(kernel, t, 1, IPC_RMID)).toBeNull();
    expect(errno(() => shmctl(kernel, t, 1, IPC_RMID))).toBe('EINVAL');
    expect(shm(102)).toBe(3); // not 1: the index is allocated cyclically
    expect(shm(100, 0, 0)).toBe(0);
    expect(errno(() => shm(100, 4096, C | IPC_EXCL))).toBe('EEXIST');
    expect(errno(() => shm(100, 8192, 0))).toBe('EINVAL');
    expect(errno(() => shm(999, 4096, 0))).toBe('ENOENT');
    expect(errno(() => shm(IPC_PRIVATE, 0))).toBe('EINVAL');
    expect(errno(() => semget(kernel, t, IPC_PRIVATE, 0, C))).toBe('EINVAL');
    expect(errno(() => semget(kernel, t, IPC_PRIVATE, 32001, C))).toBe('EINVAL');
    expect(errno(() => semget(kernel, t, IPC_PRIVATE, -1, C))).toBe('EINVAL');
    expect(errno(() => shmctl(kernel, t, -1, IPC_RMID))).toBe('EINVAL');
    expect(errno(() => shmctl(kernel, t, 32768, IPC_RMID))).toBe('EINVAL');
    expect(errno(() => shmctl(kernel, t, 77, IPC_RMID))).toBe('EINVAL');
    expect(errno(() => msgctl(kernel, t, 5, IPC_RMID))).toBe('EINVAL');
    expect(errno(() => semctl(kernel, t, 5, IPC_RMID))).toBe('EINVAL');
    // Create and remove 70 times: indexes 4..63, then the window wraps and seq becomes 1.
    const seen: number[] = [];
    for (let i = 0; i < 70; i++) {
      const id = shm(IPC_PRIVATE);
      seen.push(id);
      shmctl(kernel, t, id, IPC_RMID);
    }
    const expected = [...Array.from({ length: 60 }, (_, i) => i + 4), 32769, ...Array.from({ length: 9 }, (_, i) => 32772 + i)];
    expect(seen).toEqual(expected);
    const a = shm(IPC_PRIVATE);
    expect(a).toBe(32781);
    expect(errno(() => shmctl(kernel, t, a & 0x7fff, IPC_RMID))).toBe('EINVAL'); // right index, stale sequence
    shmctl(kernel, t, a, IPC_RMID);
    // Limits (the same run went on with these sysctl writes).
    ipcSysctlWrite(kernel, t, 'kernel.shmmni', '4');
    expect(shm(IPC_PRIVATE)).toBe(32782);
    expect(errno(() => shm(IPC_PRIVATE))).toBe('ENOSPC');
    ipcSysctlWrite(kernel, t, 'kernel.shmmax', '4095');
    expect(errno(() => shm(IPC_PRIVATE))).toBe('EINVAL');
    expect(shm(100, 4096, 0)).toBe(0); // shmmax only bounds new segments
    ipcSysctlWrite(kernel, t, 'kernel.sem', '0 1024000000 500 32000');
    expect(errno(() => semget(kernel, t, IPC_PRIVATE, 1, C))).toBe('EINVAL');
    ipcSysctlWrite(kernel, t, 'kernel.msgmni', '1');
    expect(errno(() => msgget(kernel, t, IPC_PRIVATE, C))).toBe('ENOSPC');
  });

  it('replays a second recorded sequence: the window shrinks with in_use, so the cursor wraps early', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, CLONE_NEWIPC);
    const ids = Array.from({ length: 100 }, () => msgget(kernel, t, IPC_PRIVATE, C));
    for (const id of ids.slice(0, 50)) msgctl(kernel, t, id, IPC_RMID);
    // 50 in use: the window is [0, 75), the cursor (100) is beyond it, so index 0 comes with seq 1.
    const out = Array.from({ length: 5 }, () => msgget(kernel, t, IPC_PRIVATE, C));
    for (let i = 50; i < 100; i += 2) msgctl(kernel, t, ids[i] as number, IPC_RMID);
    out.push(...Array.from({ length: 5 }, () => msgget(kernel, t, IPC_PRIVATE, C)));
    expect(out).toEqual([32768, 32769, 32770, 32771, 32772, 32773, 32774, 32775, 32776, 32777]);
  });

  it('each kind has its own id space, and every namespace its own', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    const b = kernel.clone(init, CLONE_NEWIPC);
    expect([shmget(kernel, a, 1, 4096, C), msgget(kernel, a, 1, C), semget(kernel, a, 1, 1, C)]).toEqual([0, 0, 0]);
    expect([shmget(kernel, b, 1, 4096, C), shmget(kernel, b, 2, 4096, C)]).toEqual([0, 1]);
    expect(shmget(kernel, a, 2, 4096, C)).toBe(1);
  });

  it('kernel.shm_next_id picks the next id once (CONFIG_CHECKPOINT_RESTORE)', () => {
    const { kernel, init } = boot();
    const t = kernel.clone(init, CLONE_NEWIPC);
    ipcSysctlWrite(kernel, t, 'kernel.shm_next_id', String(3 * 32768 + 7));
    expect(shmget(kernel, t, IPC_PRIVATE, 4096, C)).toBe(3 * 32768 + 7);
    expect(shmget(kernel, t, IPC_PRIVATE, 4096, C)).toBe(0); // the cursor was not moved
    ipcSysctlWrite(kernel, t, 'kernel.shm_next_id', '7');
    expect(shmget(kernel, t, IPC_PRIVATE, 4096, C)).toBe(8); // index 7 is taken: the next free one, with seq 0
  });
});

describe('get', () => {
  it('IPC_PRIVATE always makes a new object, with or without IPC_CREAT', () => {
    const { kernel, init } = boot();
    expect(shmget(kernel, init, IPC_PRIVATE, 4096, 0)).toBe(0);
    expect(shmget(kernel, init, IPC_PRIVATE, 4096, 0)).toBe(1);
    expect(msgget(kernel, init, IPC_PRIVATE, IPC_CREAT | IPC_EXCL)).toBe(0);
    expect(msgget(kernel, init, IPC_PRIVATE, IPC_CREAT | IPC_EXCL)).toBe(1);
    expect(ipcCount(kernel, init, 'shm')).toBe(2);
  });

  it('a key: ENOENT without IPC_CREAT, the same id when found, EEXIST with IPC_EXCL', () => {
    const { kernel, init } = boot();
    expect(errno(() => semget(kernel, init, 42, 1, 0))).toBe('ENOENT');
    const id = semget(kernel, init, 42, 1, C);
    expect(semget(kernel, init, 42, 1, 0)).toBe(id);
    expect(semget(kernel, init, 42, 0, 0)).toBe(id);
    expect(semget(kernel, init, 42, 1, C)).toBe(id);
    expect(errno(() => semget(kernel, init, 42, 1, C | IPC_EXCL))).toBe('EEXIST');
    expect(ipcCount(kernel, init, 'sem')).toBe(1);
  });

  it('keys are 32-bit: 0x100000001 is key 1', () => {
    const { kernel, init } = boot();
    const id = msgget(kernel, init, 1, C);
    expect(msgget(kernel, init, 0x100000001, 0)).toBe(id);
  });

  it('shmget: EINVAL below SHMMIN or above shmmax, or a found segment smaller than asked; ENOSPC at shmall and shmmni', () => {
    const { kernel, init } = boot();
    expect(errno(() => shmget(kernel, init, IPC_PRIVATE, 0, C))).toBe('EINVAL');
    expect(errno(() => shmget(kernel, init, IPC_PRIVATE, -1, C))).toBe('EINVAL'); // (size_t)-1 > shmmax
    ipcSysctlWrite(kernel, init, 'kernel.shmall', '3');
    expect(shmget(kernel, init, 7, 8192, C)).toBe(0);
    expect(errno(() => shmget(kernel, init, IPC_PRIVATE, 8193, C))).toBe('ENOSPC'); // 3 pages > 1 left
    expect(shmget(kernel, init, IPC_PRIVATE, 4096, C)).toBe(1);
    expect(errno(() => shmget(kernel, init, 7, 8193, 0))).toBe('EINVAL');
    expect(shmget(kernel, init, 7, 100, 0)).toBe(0);
    shmctl(kernel, init, 1, IPC_RMID); // pages come back
    expect(shmget(kernel, init, IPC_PRIVATE, 1, C)).toBe(2);
    ipcSysctlWrite(kernel, init, 'kernel.shmmni', '2');
    expect(errno(() => shmget(kernel, init, IPC_PRIVATE, 1, C))).toBe('ENOSPC');
  });

  it('semget: nsems beyond SEMMSL is EINVAL even for a lookup; SEMMNS and SEMMNI give ENOSPC; a smaller set is EINVAL', () => {
    const { kernel, init } = boot();
    const id = semget(kernel, init, 5, 2, C);
    expect(errno(() => semget(kernel, init, 5, 3, 0))).toBe('EINVAL');
    expect(errno(() => semget(kernel, init, 5, 32001, 0))).toBe('EINVAL');
    ipcSysctlWrite(kernel, init, 'kernel.sem', '250 3 32 2');
    expect(errno(() => semget(kernel, init, IPC_PRIVATE, 2, C))).toBe('ENOSPC'); // 2 + 2 > 3
    expect(semget(kernel, init, IPC_PRIVATE, 1, C)).toBe(1);
    ipcSysctlWrite(kernel, init, 'kernel.sem', '250 100 32 2');
    expect(errno(() => semget(kernel, init, IPC_PRIVATE, 1, C))).toBe('ENOSPC'); // SEMMNI
    semctl(kernel, init, id, IPC_RMID);
    expect(semget(kernel, init, IPC_PRIVATE, 1, C)).toBe(2);
  });

  it('msgget: ENOSPC at msgmni', () => {
    const { kernel, init } = boot();
    ipcSysctlWrite(kernel, init, 'kernel.msgmni', '0');
    expect(errno(() => msgget(kernel, init, IPC_PRIVATE, C))).toBe('ENOSPC');
  });
});

describe('permissions', () => {
  it('ipcperms: the mode bits of the get flags are checked against owner, group or other bits (EACCES)', () => {
    const { kernel, init } = boot();
    shmget(kernel, init, 200, 4096, IPC_CREAT | 0o640);
    const other = user(kernel, init, 1000);
    expect(shmget(kernel, other, 200, 0, 0)).toBe(0); // no bits asked: always allowed
    expect(errno(() => shmget(kernel, other, 200, 0, 0o400))).toBe('EACCES');
    expect(errno(() => shmget(kernel, other, 200, 0, 0o004))).toBe('EACCES');
    expect(errno(() => shmget(kernel, other, 200, 0, IPC_CREAT | 0o600))).toBe('EACCES');
    const group = kernel.clone(init, 0);
    kernel.setresuid(group, 1001, 1001, 1001); // gid 0 stays: the group bits (r--) apply
    expect(shmget(kernel, group, 200, 0, 0o400)).toBe(0);
    expect(errno(() => shmget(kernel, group, 200, 0, 0o200))).toBe('EACCES');
  });

  it('CAP_IPC_OWNER over the namespace\'s owner grants any access', () => {
    const { kernel, init } = boot();
    const u = user(kernel, init, 1000);
    shmget(kernel, u, 1, 4096, IPC_CREAT | 0o600);
    const withCap = kernel.clone(init, 0); // uid 0: not the owner, the other bits (---) apply
    kernel.capset(withCap, { effective: capBit(CAP_IPC_OWNER), permitted: capBit(CAP_IPC_OWNER) });
    expect(shmget(kernel, withCap, 1, 0, 0o666)).toBe(0);
    const without = kernel.clone(init, 0);
    kernel.capset(without, { effective: 0n, permitted: 0n });
    expect(errno(() => shmget(kernel, without, 1, 0, 0o400))).toBe('EACCES');
    expect(errno(() => ipcStat(kernel, without, 'shm', 0))).toBe('EACCES');
    expect(ipcStat(kernel, withCap, 'shm', 0).uid).toBe(1000);
  });

  /** c: root of a user namespace owned by uid 1000, in an ipc namespace that user namespace owns; j: init's joiner of it. */
  function ownedWorld() {
    const { kernel, init } = boot();
    const c = kernel.clone(user(kernel, init, 1000), CLONE_NEWUSER | CLONE_NEWIPC);
    const j = kernel.clone(init, 0);
    kernel.setns(j, kernel.openNs(j, c, 'ipc'), CLONE_NEWIPC);
    return { kernel, init, c, j };
  }

  it('a child user namespace\'s root has CAP_IPC_OWNER over ipc namespaces its user namespace owns only', () => {
    const { kernel, init, c, j } = ownedWorld();
    shmget(kernel, init, 1, 4096, IPC_CREAT | 0o600);
    const inner = shmget(kernel, j, 1, 4096, IPC_CREAT | 0o600); // made by root (kuid 0) inside c's namespace
    expect(ipcStat(kernel, c, 'shm', inner)).toMatchObject({ uid: 65534, gid: 65534 });
    expect(shmget(kernel, c, 1, 0, 0o600)).toBe(inner);
    // The same kind of task, left in the world's ipc namespace (owned by the initial user namespace): no access.
    const d = kernel.clone(user(kernel, init, 1000), CLONE_NEWUSER);
    expect(errno(() => shmget(kernel, d, 1, 0, 0o400))).toBe('EACCES');
  });

  it('IPC_RMID: owner or creator by euid, or CAP_SYS_ADMIN over the namespace\'s owner; EPERM otherwise', () => {
    const { kernel, init } = boot();
    const u = user(kernel, init, 1000);
    const s = shmget(kernel, u, 1, 4096, IPC_CREAT | 0o666);
    const m = msgget(kernel, u, 1, IPC_CREAT | 0o666);
    const se = semget(kernel, u, 1, 1, IPC_CREAT | 0o666);
    const other = user(kernel, init, 2000);
    expect(errno(() => shmctl(kernel, other, s, IPC_RMID))).toBe('EPERM');
    expect(errno(() => msgctl(kernel, other, m, IPC_RMID))).toBe('EPERM');
    expect(errno(() => semctl(kernel, other, se, IPC_RMID))).toBe('EPERM');
    const rootNoCaps = kernel.clone(init, 0);
    kernel.capset(rootNoCaps, { effective: 0n, permitted: 0n });
    expect(errno(() => ipcRmid(kernel, rootNoCaps, 'shm', s))).toBe('EPERM');
    expect(ipcCount(kernel, init, 'shm') + ipcCount(kernel, init, 'msg') + ipcCount(kernel, init, 'sem')).toBe(3);
    ipcRmid(kernel, u, 'shm', s); // the creator
    const admin = kernel.clone(init, 0);
    kernel.capset(admin, { effective: capBit(CAP_SYS_ADMIN), permitted: capBit(CAP_SYS_ADMIN) });
    ipcRmid(kernel, admin, 'msg', m);
    ipcRmid(kernel, init, 'sem', se);
    expect(ipcCount(kernel, init, 'shm') + ipcCount(kernel, init, 'msg') + ipcCount(kernel, init, 'sem')).toBe(0);
  });

  it('a child user namespace\'s root may remove any object of an ipc namespace its user namespace owns, not of another', () => {
    const { kernel, init, c, j } = ownedWorld();
    const inner = msgget(kernel, j, IPC_PRIVATE, C);
    const outer = msgget(kernel, init, IPC_PRIVATE, C);
    ipcRmid(kernel, c, 'msg', inner);
    expect(ipcCount(kernel, j, 'msg')).toBe(0);
    const d = kernel.clone(user(kernel, init, 1000), CLONE_NEWUSER);
    expect(errno(() => ipcRmid(kernel, d, 'msg', outer))).toBe('EPERM');
  });

  it('IPC_STAT needs read permission (EACCES) and shows the ids as the caller\'s user namespace maps them', () => {
    const { kernel, init } = boot();
    const u = user(kernel, init, 1000);
    const id = shmget(kernel, u, 300, 4096, C);
    expect(shmctl(kernel, init, id, IPC_STAT)).toMatchObject({ uid: 1000, gid: 1000, cuid: 1000, cgid: 1000, mode: 0o600, size: 4096 });
    const other = user(kernel, init, 2000);
    expect(errno(() => ipcStat(kernel, other, 'shm', id))).toBe('EACCES');
    withMaps([{ first: 0, lowerFirst: 1000, count: 1 }], [{ first: 0, lowerFirst: 1000, count: 1 }]);
    const inside = kernel.clone(u, CLONE_NEWUSER);
    expect(ipcStat(kernel, inside, 'shm', id)).toMatchObject({ uid: 0, gid: 0 });
    const q = msgget(kernel, init, 1, IPC_CREAT | 0o644);
    expect(ipcStat(kernel, inside, 'msg', q)).toMatchObject({ uid: 65534, gid: 65534, mode: 0o644, size: 16384 });
    expect(ipcList(kernel, inside, 'shm').map((s) => s.id)).toEqual([id]);
  });
});

describe('ctl commands', () => {
  it('EINVAL for an unknown command or a negative id; null for IPC_RMID', () => {
    const { kernel, init } = boot();
    const id = msgget(kernel, init, IPC_PRIVATE, C);
    expect(errno(() => msgctl(kernel, init, id, 99))).toBe('EINVAL');
    expect(errno(() => msgctl(kernel, init, id, -1))).toBe('EINVAL');
    expect(errno(() => semctl(kernel, init, -5, IPC_RMID))).toBe('EINVAL');
    expect(msgctl(kernel, init, id, IPC_STAT)).toMatchObject({ kind: 'msg', id });
    expect(msgctl(kernel, init, id, IPC_RMID)).toBeNull();
  });
});
