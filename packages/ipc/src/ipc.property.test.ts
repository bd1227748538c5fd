/**
 * Properties of @nsproxy/ipc over random sequences of calls by tasks in three
 * ipc namespaces:
 * - isolation as non-interference: what the calls of one namespace's tasks
 *   return, and the state that namespace ends in, do not depend on the calls
 *   made in the other namespaces (no object, key, id or queue name is visible
 *   outside its namespace);
 * - a call that fails changes nothing (the kernel's snapshot is the same
 *   before and after), nor does one that would block on Linux.
 * The calls: get, IPC_RMID, IPC_STAT, msgsnd, msgrcv, semop, mq_open,
 * mq_unlink and sysctl writes.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { CLONE_NEWIPC, KernelError } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import {
  IPC_CREAT, IPC_EXCL, IPC_NOWAIT, IPC_PRIVATE, MSG_COPY, MSG_EXCEPT, MSG_NOERROR, WouldBlockError, ipcNamespaceOf, ipcNamespaceType, ipcRmid,
  ipcStat, ipcSysctlWrite, msgget, msgrcv, msgsnd, mqOpen, mqUnlink, O_CREAT, O_EXCL, O_RDONLY, semget, semop, shmget,
} from './index.ts';
import type { IpcKind } from './index.ts';
import { boot } from '../test/helpers.ts';
import { propertyRuns } from '@nsproxy/testkit';

type Op =
  | { readonly t: 'get'; readonly task: number; readonly kind: IpcKind; readonly key: number; readonly create: boolean; readonly excl: boolean; readonly mode: number }
  | { readonly t: 'rm' | 'stat'; readonly task: number; readonly kind: IpcKind; readonly id: number }
  | { readonly t: 'mq_open'; readonly task: number; readonly name: string; readonly create: boolean; readonly excl: boolean }
  | { readonly t: 'mq_unlink'; readonly task: number; readonly name: string }
  | { readonly t: 'sysctl'; readonly task: number; readonly name: string; readonly value: string }
  | { readonly t: 'msgsnd'; readonly task: number; readonly id: number; readonly mtype: number; readonly text: number | string; readonly flg: number }
  | { readonly t: 'msgrcv'; readonly task: number; readonly id: number; readonly size: number; readonly msgtyp: number; readonly flg: number }
  | { readonly t: 'semop'; readonly task: number; readonly id: number; readonly sops: readonly { semNum: number; semOp: number; semFlg: number }[] };

/** Task i lives in namespace NS_OF[i]: 0 and 1 in A (1 is uid 1000), 2 and 3 in B (3 is uid 1000), 4 in C. */
const NS_OF = [0, 0, 1, 1, 2] as const;

function world(): { kernel: Kernel; tasks: Task[] } {
  const { kernel, init } = boot();
  const a0 = kernel.clone(init, CLONE_NEWIPC);
  const a1 = kernel.clone(a0, 0);
  kernel.setresuid(a1, 1000, 1000, 1000);
  const b0 = kernel.clone(init, CLONE_NEWIPC);
  const b1 = kernel.clone(b0, 0);
  kernel.setresuid(b1, 1000, 1000, 1000);
  const c0 = kernel.clone(init, CLONE_NEWIPC);
  // Every namespace starts with the same ids: queue and set 0 open to all (2 semaphores), 1 to their owner only.
  for (const t of [a0, b0, c0]) {
    for (const mode of [0o666, 0o600]) {
      msgget(kernel, t, IPC_PRIVATE, IPC_CREAT | mode);
      semget(kernel, t, IPC_PRIVATE, 2, IPC_CREAT | mode);
    }
  }
  return { kernel, tasks: [a0, a1, b0, b1, c0] };
}

const task = fc.integer({ min: 0, max: 4 });
const kind = fc.constantFrom<IpcKind>('shm', 'msg', 'sem');
const objId = fc.constantFrom(0, 0, 0, 1, 2, -1, 32768);
const NW = IPC_NOWAIT;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('get' as const), task, kind, key: fc.constantFrom(IPC_PRIVATE, 1, 2, 0x4e5350), create: fc.boolean(), excl: fc.boolean(), mode: fc.constantFrom(0, 0o600, 0o644, 0o400, 0o666) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('rm' as const, 'stat' as const), task, kind, id: fc.constantFrom(0, 1, 2, 3, -1, 32768, 32769) }) },
  // At most 3 names in 3 namespaces: 9 queues of uid 0, within RLIMIT_MSGQUEUE (which is per user, across namespaces).
  { weight: 2, arbitrary: fc.record({ t: fc.constant('mq_open' as const), task: fc.constantFrom(0, 2, 4), name: fc.constantFrom('/a', '/b', '/c'), create: fc.boolean(), excl: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('mq_unlink' as const), task, name: fc.constantFrom('/a', '/b', '/c') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('sysctl' as const), task, name: fc.constantFrom('kernel.shmmni', 'kernel.msgmni', 'kernel.sem', 'fs.mqueue.queues_max', 'kernel.shm_next_id', 'kernel.msgmax', 'kernel.msgmnb'), value: fc.constantFrom('0', '1', '2', '40000', '-1', 'x', '1 1 1 1', '12') }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('msgsnd' as const), task, id: objId, mtype: fc.constantFrom(1, 1, 2, 0), text: fc.constantFrom<number | string>(5, 'hello', 'hé', 0, 8193, -1), flg: fc.constantFrom(NW, NW, 0) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('msgrcv' as const), task, id: objId, size: fc.constantFrom(0, 2, 64, 64, 64, -1), msgtyp: fc.constantFrom(0, 0, -2, 1, 2), flg: fc.constantFrom(NW, NW | MSG_NOERROR, NW | MSG_EXCEPT, NW | MSG_COPY, MSG_COPY, NW | MSG_COPY | MSG_NOERROR, 0) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('semop' as const), task, id: objId, sops: fc.array(fc.record({ semNum: fc.constantFrom(0, 0, 1), semOp: fc.constantFrom(-1, 0, 1, 2, 32767), semFlg: fc.constantFrom(NW, NW, 0) }), { maxLength: 3 }) }) },
);

/** Runs one op; its result as text (a value or an errno). */
function run(kernel: Kernel, tasks: readonly Task[], op: Op): string {
  const t = tasks[op.task] as Task;
  try {
    switch (op.t) {
      case 'get': {
        const flg = (op.create ? IPC_CREAT : 0) | (op.excl ? IPC_EXCL : 0) | op.mode;
        if (op.kind === 'shm') return String(shmget(kernel, t, op.key, 4096, flg));
        if (op.kind === 'msg') return String(msgget(kernel, t, op.key, flg));
        return String(semget(kernel, t, op.key, 1, flg));
      }
      case 'rm':
        ipcRmid(kernel, t, op.kind, op.id);
        return 'ok';
      case 'stat':
        return JSON.stringify(ipcStat(kernel, t, op.kind, op.id));
      case 'mq_open':
        mqOpen(kernel, t, op.name, O_RDONLY | (op.create ? O_CREAT : 0) | (op.excl ? O_EXCL : 0));
        return 'ok';
      case 'mq_unlink':
        mqUnlink(kernel, t, op.name);
        return 'ok';
      case 'sysctl':
        ipcSysctlWrite(kernel, t, op.name, op.value);
        return 'ok';
      case 'msgsnd':
        msgsnd(kernel, t, op.id, op.mtype, op.text, op.flg);
        return 'ok';
      case 'msgrcv':
        return JSON.stringify(msgrcv(kernel, t, op.id, op.size, op.msgtyp, op.flg));
      case 'semop':
        semop(kernel, t, op.id, op.sops);
        return 'ok';
    }
  } catch (e) {
    if (e instanceof KernelError) return e.code;
    if (e instanceof WouldBlockError) return 'BLOCKS';
    throw e;
  }
}

/** The state of namespace `n` of a world: everything its type saves. */
function stateOf(kernel: Kernel, tasks: readonly Task[], n: number): string {
  const owner = tasks[NS_OF.indexOf(n as 0 | 1 | 2)] as Task;
  // An ipc namespace refers to no pid or task (the refs are never asked).
  return JSON.stringify(ipcNamespaceType.save?.(ipcNamespaceOf(kernel, owner), { pid: () => 0, task: () => null }));
}

test.prop([fc.array(opArb, { minLength: 10, maxLength: 40 }), fc.constantFrom(0, 1, 2)], { numRuns: propertyRuns(150) })(
  'the calls of one namespace see nothing of the others (non-interference)',
  (ops, n) => {
    const full = world();
    const fullResults: string[] = [];
    for (const op of ops) {
      const r = run(full.kernel, full.tasks, op);
      if (NS_OF[op.task] === n) fullResults.push(r);
    }
    const alone = world();
    const aloneResults = ops.filter((op) => NS_OF[op.task] === n).map((op) => run(alone.kernel, alone.tasks, op));
    expect(fullResults).toEqual(aloneResults);
    expect(stateOf(full.kernel, full.tasks, n)).toBe(stateOf(alone.kernel, alone.tasks, n));
  },
);

test.prop([fc.array(opArb, { minLength: 10, maxLength: 40 })], { numRuns: propertyRuns(100) })('a call that fails changes nothing', (ops) => {
  const { kernel, tasks } = world();
  for (const op of ops) {
    // kernel.sem stores value by value, as on Linux: a failed multi-value write may keep its first values.
    const partial = op.t === 'sysctl' && op.name === 'kernel.sem';
    const before = JSON.stringify(kernel.snapshot());
    const r = run(kernel, tasks, op);
    if ((/^E[A-Z0-9]+$/.test(r) || r === 'BLOCKS') && !partial) expect(JSON.stringify(kernel.snapshot()), `${JSON.stringify(op)} => ${r}`).toBe(before);
  }
});
