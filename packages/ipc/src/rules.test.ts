/**
 * The ipc rule catalog: well-formed, carried by the scenario area, and the
 * one the errors of this package name (every errno rule whose check is in
 * this package is produced by a call below, with its errno and one of its
 * calls). The check that every fail site of the sources passes an id of
 * this catalog reads the files, which a browser package's tests may not:
 * apps/cli/src/rules-sites-uts-ipc.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { CAP_FULL_SET, CAP_SYS_RESOURCE, CLONE_NEWIPC, CLONE_NEWUSER, ERRNO, RULE_ID, capBit, composeRules } from '@nsproxy/core';
import type { ErrnoCode, Kernel, Task } from '@nsproxy/core';
import {
  IPC_CREAT, IPC_EXCL, IPC_NOWAIT, IPC_PRIVATE, IPC_RMID, IPC_STAT, SEM_UNDO, MSG_COPY, MSG_EXCEPT, MSG_NOERROR, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_WRONLY,
  ipcRules, ipcStat, ipcSysctlRead, ipcSysctlWrite, mqOpen, mqUnlink, msgctl, msgget, msgrcv, msgsnd, semctl, semget, semop, shmctl, shmget,
} from './index.ts';
import { expectNamedRule, expectRuleCatalog, kernelErrorOf } from '@nsproxy/testkit';
import { ipcArea } from './scenario.ts';
import { boot, user, withMaps } from '../test/helpers.ts';

const byId = new Map(ipcRules.map((r) => [r.id, r]));

function isErrno(outcome: string): outcome is ErrnoCode {
  return Object.hasOwn(ERRNO, outcome);
}



describe('the ipc catalog', () => {
  it('has the ids the corpus and docs cite, in the ipc sections only (Q1 and I2)', () => {
    for (const id of ['Q1.1', 'Q1.2', 'Q1.3', 'Q1.5', 'Q1.6', 'Q1.7', 'Q1.8', 'Q1.9', 'Q1.10', 'Q1.11', 'I2.1', 'I2.2']) {
      expect(byId.has(id), id).toBe(true);
    }
    for (const r of ipcRules) {
      expect(r.id, r.id).toMatch(RULE_ID);
      expect(r.id, r.id).toMatch(/^(Q1|I2)\.[0-9]+$/);
    }
    // The one number missing below Q1.11 is a kernel rule about POSIX shared memory, which the model has nothing of.
    expect([...byId.keys()].filter((id) => /^Q1\.([1-9]|10|11)$/.test(id))).toHaveLength(10);
  });

  it('states each rule in one sentence, with an errno or an effect, its calls and a Linux function and file', () => {
    expectRuleCatalog(ipcRules, { ids: /^(Q1|I2)\.[0-9]+$/, files: /^(ipc|kernel|fs|sysdeps)\/[a-z_./-]+\.[ch]\b/ });
  });

  it('is the scenario area\'s, and composes: the rules giving an errno for a call are found', () => {
    expect(ipcArea.rules).toBe(ipcRules);
    const catalog = composeRules([ipcRules]);
    expect(catalog.giving('EPERM', 'setns').map((r) => r.id)).toEqual(['I2.1']);
    expect(catalog.giving('EOVERFLOW', 'mq_open').map((r) => r.id)).toEqual(['Q1.11']);
    expect(catalog.giving('E2BIG').map((r) => r.id)).toEqual(['Q1.34', 'Q1.36']);
  });
});

/** A call of this package that fails, and the rule its error must name. */
type Trigger = readonly [title: string, id: string, call: () => unknown];

/** A task of `init` with every capability but these. */
function without(kernel: Kernel, init: Task, ...caps: number[]): Task {
  const t = kernel.clone(init, 0);
  const set = caps.reduce((s, c) => s & ~capBit(c), CAP_FULL_SET);
  kernel.capset(t, { effective: set, permitted: set });
  return t;
}

function triggers(): Trigger[] {
  const { kernel, init } = boot();
  const u = user(kernel, init, 1000);
  const C = IPC_CREAT | 0o600;
  const NW = IPC_NOWAIT;
  const shm = shmget(kernel, init, 0x51, 4096, C);
  const q = msgget(kernel, init, 0x52, C);
  const sem = semget(kernel, init, 0x53, 2, C);
  msgsnd(kernel, init, q, 1, 'hello', NW);
  mqOpen(kernel, init, '/q', O_CREAT, 0o600);
  // Its own namespace with small limits.
  const small = kernel.clone(init, CLONE_NEWIPC);
  ipcSysctlWrite(kernel, small, 'kernel.msgmni', '1');
  msgget(kernel, small, IPC_PRIVATE, C);
  ipcSysctlWrite(kernel, small, 'kernel.shmall', '1');
  ipcSysctlWrite(kernel, small, 'kernel.sem', '250 2 32 32000');
  ipcSysctlWrite(kernel, small, 'fs.mqueue.queues_max', '0');
  const empty = kernel.clone(init, CLONE_NEWIPC);
  msgsnd(kernel, init, q, 2, 'x', NW);
  ipcSysctlWrite(kernel, init, 'kernel.msgmnb', '4');
  const tinyFull = msgget(kernel, init, IPC_PRIVATE, C);
  ipcSysctlWrite(kernel, init, 'kernel.msgmnb', '16384');
  msgsnd(kernel, init, tinyFull, 1, 'abcd', NW);
  // The 10th default queue of uid 1000 goes over RLIMIT_MSGQUEUE.
  for (let i = 0; i < 9; i++) mqOpen(kernel, u, `/u${i}`, O_CREAT);
  // A task in a new user namespace whose ids are unmapped: its own ipc namespace's mqueue owner cannot hold them.
  withMaps([], []);
  const unmapped = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWIPC);
  // A task without an ipc namespace: a state Linux never reaches, made here by hiding it.
  const bare = boot();
  vi.spyOn(bare.kernel, 'peekNs').mockReturnValue(undefined);
  return [
    ['shmget without an ipc namespace', 'Q1.12', () => shmget(bare.kernel, bare.init, 1, 4096, C)],
    ['mq_open without an ipc namespace', 'Q1.12', () => mqOpen(bare.kernel, bare.init, '/x', O_CREAT)],
    ['read of an ipc sysctl without an ipc namespace', 'Q1.12', () => ipcSysctlRead(bare.kernel, bare.init, 'kernel.shmmni')],
    // ipcget
    ['msgget of an absent key without IPC_CREAT', 'Q1.13', () => msgget(kernel, init, 0x99, 0)],
    ['shmget of a present key with IPC_CREAT|IPC_EXCL', 'Q1.14', () => shmget(kernel, init, 0x51, 4096, C | IPC_EXCL)],
    ['semget of another user\'s 0600 set', 'Q1.15', () => semget(kernel, u, 0x53, 0, 0o600)],
    ['IPC_STAT of another user\'s 0600 queue', 'Q1.15', () => msgctl(kernel, u, q, IPC_STAT)],
    ['msgsnd to another user\'s 0600 queue', 'Q1.15', () => msgsnd(kernel, u, q, 1, 'x', NW)],
    ['msgrcv from another user\'s 0600 queue', 'Q1.15', () => msgrcv(kernel, u, q, 64, 0, NW)],
    ['semop on another user\'s 0600 set', 'Q1.15', () => semop(kernel, u, sem, [{ semNum: 0, semOp: 1, semFlg: NW }])],
    ['msgget beyond kernel.msgmni', 'Q1.16', () => msgget(kernel, small, IPC_PRIVATE, C)],
    ['shmget of 0 bytes', 'Q1.17', () => shmget(kernel, init, IPC_PRIVATE, 0, C)],
    ['shmget beyond kernel.shmall', 'Q1.18', () => shmget(kernel, small, IPC_PRIVATE, 8192, C)],
    ['shmget of an existing segment, asking for more', 'Q1.19', () => shmget(kernel, init, 0x51, 8192, 0)],
    ['semget with nsems above SEMMSL', 'Q1.20', () => semget(kernel, init, IPC_PRIVATE, 32001, C)],
    ['semget of a new set of 0 semaphores', 'Q1.21', () => semget(kernel, init, IPC_PRIVATE, 0, C)],
    ['semget beyond SEMMNS', 'Q1.22', () => semget(kernel, small, IPC_PRIVATE, 3, C)],
    ['semget of an existing set, asking for more', 'Q1.23', () => semget(kernel, init, 0x53, 3, 0)],
    // by id
    ['IPC_STAT of an id nobody has', 'Q1.24', () => shmctl(kernel, init, 7, IPC_STAT)],
    ['IPC_STAT of a stale id', 'Q1.24', () => shmctl(kernel, init, shm + 32768, IPC_STAT)],
    ['msgsnd to an id of another namespace', 'Q1.24', () => msgsnd(kernel, empty, q, 1, 'x', NW)],
    ['semop on an id nobody has', 'Q1.24', () => semop(kernel, init, sem + 1, [{ semNum: 0, semOp: 1, semFlg: NW }])],
    ['shmctl of a negative id', 'Q1.25', () => shmctl(kernel, init, -1, IPC_STAT)],
    ['msgctl with a negative command', 'Q1.25', () => msgctl(kernel, init, q, -1)],
    ['semctl of a negative id', 'Q1.25', () => semctl(kernel, init, -1, IPC_RMID)],
    ['IPC_STAT of a negative id, by kind', 'Q1.25', () => ipcStat(kernel, init, 'msg', -1)],
    ['shmctl with a command the model does not know', 'Q1.26', () => shmctl(kernel, init, shm, 1000)],
    ['IPC_RMID of another user\'s queue', 'Q1.27', () => msgctl(kernel, u, q, IPC_RMID)],
    ['IPC_RMID of another user\'s set', 'Q1.27', () => semctl(kernel, u, sem, IPC_RMID)],
    // messages
    ['msgsnd above kernel.msgmax', 'Q1.28', () => msgsnd(kernel, init, q, 1, 8193, NW)],
    ['msgsnd to a negative id', 'Q1.28', () => msgsnd(kernel, init, -1, 1, 'x', NW)],
    ['msgsnd of type 0', 'Q1.29', () => msgsnd(kernel, init, q, 0, 'x', NW)],
    ['msgsnd to a full queue with IPC_NOWAIT', 'Q1.30', () => msgsnd(kernel, init, tinyFull, 1, 'e', NW)],
    ['msgrcv with a negative size', 'Q1.31', () => msgrcv(kernel, init, q, -1, 0, NW)],
    ['msgrcv with MSG_COPY and MSG_EXCEPT', 'Q1.32', () => msgrcv(kernel, init, q, 64, 0, NW | MSG_COPY | MSG_EXCEPT)],
    ['msgrcv with MSG_COPY without IPC_NOWAIT', 'Q1.32', () => msgrcv(kernel, init, q, 64, 0, MSG_COPY)],
    ['msgrcv of a type nobody sent, with IPC_NOWAIT', 'Q1.33', () => msgrcv(kernel, init, q, 64, 9, NW)],
    ['msgrcv into a buffer too small', 'Q1.34', () => msgrcv(kernel, init, q, 2, 1, NW)],
    ['msgrcv with MSG_COPY into a copy too small', 'Q1.35', () => msgrcv(kernel, init, q, 2, 0, NW | MSG_COPY | MSG_NOERROR)],
    // semop
    ['semop with more operations than SEMOPM', 'Q1.36', () => semop(kernel, small, 0, Array.from({ length: 33 }, () => ({ semNum: 0, semOp: 0 })))],
    ['semop with no operations', 'Q1.37', () => semop(kernel, init, sem, [])],
    ['semop on a semaphore beyond the set', 'Q1.38', () => semop(kernel, init, sem, [{ semNum: 2, semOp: 1, semFlg: NW }])],
    ['semop that would go below 0, with IPC_NOWAIT', 'Q1.39', () => semop(kernel, init, sem, [{ semNum: 0, semOp: -1, semFlg: NW }])],
    ['semop above SEMVMX', 'Q1.40', () => semop(kernel, init, sem, [{ semNum: 1, semOp: 32767 }, { semNum: 1, semOp: 1 }])],
    ['semop with SEM_UNDO whose adjustment leaves -32768..32767', 'Q1.58', () => semop(kernel, init, semget(kernel, init, IPC_PRIVATE, 1, IPC_CREAT | 0o600), [
      { semNum: 0, semOp: 32767, semFlg: SEM_UNDO }, { semNum: 0, semOp: -32767 }, { semNum: 0, semOp: 2, semFlg: SEM_UNDO },
    ])],
    // POSIX message queues
    ['mq_open of a name without its slash', 'Q1.41', () => mqOpen(kernel, init, 'q', O_CREAT)],
    ['mq_unlink of a name without its slash', 'Q1.41', () => mqUnlink(kernel, init, 'q')],
    ['mq_open of /', 'Q1.42', () => mqOpen(kernel, init, '/', O_CREAT)],
    ['mq_unlink of /..', 'Q1.43', () => mqUnlink(kernel, init, '/..')],
    ['mq_open of a name with a slash inside', 'Q1.43', () => mqOpen(kernel, init, '/a/b', O_CREAT)],
    ['mq_open of 256 bytes', 'Q1.44', () => mqOpen(kernel, init, `/${'n'.repeat(256)}`, O_CREAT)],
    ['mq_open with O_CREAT|O_EXCL of an existing queue', 'Q1.45', () => mqOpen(kernel, init, '/q', O_CREAT | O_EXCL)],
    ['mq_open with access mode 3', 'Q1.46', () => mqOpen(kernel, init, '/q', O_RDWR | O_WRONLY)],
    ['mq_open of another user\'s 0600 queue', 'Q1.47', () => mqOpen(kernel, u, '/q', O_RDONLY)],
    ['mq_open of an absent queue without O_CREAT', 'Q1.48', () => mqOpen(kernel, init, '/absent', O_RDONLY)],
    ['mq_open with O_CREAT, fsuid unmapped in the owner', 'Q1.11', () => mqOpen(kernel, unmapped, '/x', O_CREAT)],
    ['mq_open beyond queues_max, without CAP_SYS_RESOURCE', 'Q1.49', () => mqOpen(kernel, without(kernel, small, CAP_SYS_RESOURCE), '/x', O_CREAT)],
    ['mq_open beyond RLIMIT_MSGQUEUE', 'Q1.50', () => mqOpen(kernel, u, '/u9', O_CREAT)],
    ['mq_unlink of an absent queue', 'Q1.51', () => mqUnlink(kernel, init, '/absent')],
    ['mq_unlink of another user\'s queue in the sticky root', 'Q1.52', () => mqUnlink(kernel, u, '/q')],
    // sysctls
    ['sysctl write of a value out of range', 'Q1.53', () => ipcSysctlWrite(kernel, init, 'kernel.shmmni', '-1')],
    ['sysctl write of a negative unsigned long', 'Q1.53', () => ipcSysctlWrite(kernel, init, 'kernel.shmmax', '-1')],
    ['sysctl write of blanks only', 'Q1.53', () => ipcSysctlWrite(kernel, init, 'kernel.msgmax', ' ')],
    ['sysctl write of kernel.sem with SEMMNI above IPCMNI', 'Q1.54', () => ipcSysctlWrite(kernel, init, 'kernel.sem', '250 32000 32 40000')],
    ['sysctl read of a name the namespace does not have', 'Q1.55', () => ipcSysctlRead(kernel, init, 'kernel.nosuch')],
    ['sysctl write as a user that is not root of the owner', 'Q1.7', () => ipcSysctlWrite(kernel, u, 'kernel.shmmni', '1')],
    ['sysctl write of *_next_id without CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN', 'Q1.7', () => ipcSysctlWrite(kernel, u, 'kernel.msg_next_id', '1')],
  ];
}

/** The errno rules whose check is in core, not here: the ucounts (creation) and installDefault (setns). */
const CHECKED_BY_CORE = ['Q1.1', 'I2.1'];

describe('the errors of the package name their rule', () => {
  it.each(triggers())('%s: %s', (_title, id, call) => {
    const r = expectNamedRule(kernelErrorOf(call), ipcRules, id);
    if (id === 'Q1.12') expect(r.unshowable).toBeDefined();
  });

  it('every errno rule whose check is in this package has a call above that produces it', () => {
    const produced = new Set(triggers().map(([, id]) => id));
    const own = ipcRules.filter((r) => isErrno(r.outcome) && !CHECKED_BY_CORE.includes(r.id)).map((r) => r.id);
    expect(own.filter((id) => !produced.has(id))).toEqual([]);
    for (const id of CHECKED_BY_CORE) expect(byId.get(id)?.outcome, id).toMatch(/^E/);
  });
});
