/**
 * The ipc calls refuse garbage and change nothing (docs/core.md, "Arguments
 * and errors"): integers C cannot pass are InvalidArgumentErrors naming the
 * parameter; values C can pass convert as the C ABI does, as before.
 */
import { describe, it } from 'vitest';
import { IPC_CREAT } from './constants.ts';
import { expectRefused } from '@nsproxy/testkit';
import {
  ipcCount, ipcList, ipcRmid, ipcStat, ipcSysctlRead, ipcSysctlWrite, mqOpen, mqUnlink, msgctl, msgget, msgrcv, msgsnd,
  semctl, semget, semop, shmctl, shmget,
} from './index.ts';
import { boot } from '../test/helpers.ts';
import type { Kernel, Task } from '@nsproxy/core';

type W = { kernel: Kernel; init: Task; q: number; s: number; zombie: Task };
function world(): W {
  const { kernel, init } = boot();
  const q = msgget(kernel, init, 1, IPC_CREAT | 0o600);
  const s = semget(kernel, init, 2, 1, IPC_CREAT | 0o600);
  const p = kernel.clone(init, 0);
  const zombie = kernel.clone(p, 0);
  kernel.exit(zombie);
  return { kernel, init, q, s, zombie };
}

const BAD_INTS: readonly unknown[] = [Number.NaN, 1.5, Infinity, '1', null, 1n, {}];
const INT_PARAMS: readonly [string, string, (w: W, v: never) => unknown][] = [
  ['shmget', 'key', (w, v) => shmget(w.kernel, w.init, v, 4096, IPC_CREAT)],
  ['shmget', 'size', (w, v) => shmget(w.kernel, w.init, 9, v, IPC_CREAT)],
  ['shmget', 'shmflg', (w, v) => shmget(w.kernel, w.init, 9, 4096, v)],
  ['msgget', 'key', (w, v) => msgget(w.kernel, w.init, v, IPC_CREAT)],
  ['msgget', 'msgflg', (w, v) => msgget(w.kernel, w.init, 9, v)],
  ['semget', 'nsems', (w, v) => semget(w.kernel, w.init, 9, v, IPC_CREAT)],
  ['semget', 'semflg', (w, v) => semget(w.kernel, w.init, 9, 1, v)],
  ['msgsnd', 'msqid', (w, v) => msgsnd(w.kernel, w.init, v, 1, 'x')],
  ['msgsnd', 'mtype', (w, v) => msgsnd(w.kernel, w.init, w.q, v, 'x')],
  ['msgsnd', 'msgflg', (w, v) => msgsnd(w.kernel, w.init, w.q, 1, 'x', v)],
  ['msgrcv', 'msgsz', (w, v) => msgrcv(w.kernel, w.init, w.q, v, 0)],
  ['msgrcv', 'msgtyp', (w, v) => msgrcv(w.kernel, w.init, w.q, 8, v)],
  ['semop', 'semid', (w, v) => semop(w.kernel, w.init, v, [{ semNum: 0, semOp: 1 }])],
  ['semop', 'sops[0].semOp', (w, v) => semop(w.kernel, w.init, w.s, [{ semNum: 0, semOp: v }])],
  ['ipcRmid', 'id', (w, v) => ipcRmid(w.kernel, w.init, 'msg', v)],
  ['ipcStat', 'id', (w, v) => ipcStat(w.kernel, w.init, 'msg', v)],
  ['msgctl', 'msqid', (w, v) => msgctl(w.kernel, w.init, v, 0)],
  ['shmctl', 'cmd', (w, v) => shmctl(w.kernel, w.init, 0, v)],
  ['semctl', 'semid', (w, v) => semctl(w.kernel, w.init, v, 0)],
  ['mqOpen', 'oflag', (w, v) => mqOpen(w.kernel, w.init, '/q', v)],
];

const cases: [string, (w: W) => unknown, Parameters<typeof expectRefused>[2]][] = [];
for (const [name, param, call] of INT_PARAMS) {
  for (const v of BAD_INTS) {
    if (param === 'size' && typeof v === 'bigint') continue; // shmget takes a size_t as a bigint too
    cases.push([`${name}(${param}: ${String(v)})`, (w) => call(w, v as never), { code: 'ERR_INVALID_ARG_TYPE', param }]);
  }
}
cases.push(
  ['msgsnd(mtext: null)', (w) => msgsnd(w.kernel, w.init, w.q, 1, null as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'mtext' }],
  ['semop(sops: null)', (w) => semop(w.kernel, w.init, w.s, null as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'sops' }],
  ['semop(sops: [null])', (w) => semop(w.kernel, w.init, w.s, [null as never]), { code: 'ERR_INVALID_ARG_TYPE', param: 'sops[0]' }],
  ['ipcCount(kind: "x")', (w) => ipcCount(w.kernel, w.init, 'x' as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'kind' }],
  ['ipcList(kind: null)', (w) => ipcList(w.kernel, w.init, null as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'kind' }],
  ['ipcRmid(kind: "x")', (w) => ipcRmid(w.kernel, w.init, 'x' as never, 0), { code: 'ERR_INVALID_ARG_TYPE', param: 'kind' }],
  ['mqOpen(name: null)', (w) => mqOpen(w.kernel, w.init, null as never, IPC_CREAT), { code: 'ERR_INVALID_ARG_TYPE', param: 'name' }],
  ['mqUnlink(name: 5)', (w) => mqUnlink(w.kernel, w.init, 5 as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'name' }],
  ['ipcSysctlRead(name: null)', (w) => ipcSysctlRead(w.kernel, w.init, null as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'name' }],
  ['ipcSysctlWrite(data: 5)', (w) => ipcSysctlWrite(w.kernel, w.init, 'kernel.msgmax', 5 as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'data' }],
  ['msgget by a zombie', (w) => msgget(w.kernel, w.zombie, 9, IPC_CREAT), { code: 'ERR_TASK_EXITED', param: 'task' }],
  ['msgget(task: null)', (w) => msgget(w.kernel, null as never, 9, IPC_CREAT), { code: 'ERR_INVALID_ARG_TYPE', param: 'task' }],
  ['msgctl(msqid: -1)', (w) => msgctl(w.kernel, w.init, -1, 0), { errno: 'EINVAL' }],
);

describe('ipc calls refuse garbage', () => {
  it.each(cases)('%s', (_title, call, want) => {
    const w = world();
    expectRefused(w.kernel, () => call(w), want);
  });
});
