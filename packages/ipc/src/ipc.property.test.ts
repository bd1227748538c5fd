/**
 * Properties of @nsproxy/ipc over random sequences of calls by tasks in three
 * ipc namespaces:
 * - isolation as non-interference: what the calls of one namespace's tasks
 *   return, and the state that namespace ends in, do not depend on the calls
 *   made in the other namespaces (no object, key, id or queue name is visible
 *   outside its namespace);
 * - a call that fails changes nothing (the kernel's snapshot is the same
 *   before and after).
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { CLONE_NEWIPC, KernelError } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import {
  IPC_CREAT, IPC_EXCL, IPC_PRIVATE, ipcNamespaceOf, ipcNamespaceType, ipcRmid, ipcStat, ipcSysctlWrite, msgget, mqOpen, mqUnlink,
  O_CREAT, O_EXCL, O_RDONLY, semget, shmget,
} from './index.ts';
import type { IpcKind } from './index.ts';
import { boot } from '../test/helpers.ts';

type Op =
  | { readonly t: 'get'; readonly task: number; readonly kind: IpcKind; readonly key: number; readonly create: boolean; readonly excl: boolean; readonly mode: number }
  | { readonly t: 'rm' | 'stat'; readonly task: number; readonly kind: IpcKind; readonly id: number }
  | { readonly t: 'mq_open'; readonly task: number; readonly name: string; readonly create: boolean; readonly excl: boolean }
  | { readonly t: 'mq_unlink'; readonly task: number; readonly name: string }
  | { readonly t: 'sysctl'; readonly task: number; readonly name: string; readonly value: string };

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
  return { kernel, tasks: [a0, a1, b0, b1, c0] };
}

const task = fc.integer({ min: 0, max: 4 });
const kind = fc.constantFrom<IpcKind>('shm', 'msg', 'sem');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('get' as const), task, kind, key: fc.constantFrom(IPC_PRIVATE, 1, 2, 0x4e5350), create: fc.boolean(), excl: fc.boolean(), mode: fc.constantFrom(0, 0o600, 0o644, 0o400, 0o666) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('rm' as const, 'stat' as const), task, kind, id: fc.constantFrom(0, 1, 2, 3, -1, 32768, 32769) }) },
  // At most 3 names in 3 namespaces: 9 queues of uid 0, within RLIMIT_MSGQUEUE (which is per user, across namespaces).
  { weight: 2, arbitrary: fc.record({ t: fc.constant('mq_open' as const), task: fc.constantFrom(0, 2, 4), name: fc.constantFrom('/a', '/b', '/c'), create: fc.boolean(), excl: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('mq_unlink' as const), task, name: fc.constantFrom('/a', '/b', '/c') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('sysctl' as const), task, name: fc.constantFrom('kernel.shmmni', 'kernel.msgmni', 'kernel.sem', 'fs.mqueue.queues_max', 'kernel.shm_next_id'), value: fc.constantFrom('0', '1', '2', '40000', '-1', 'x', '1 1 1 1') }) },
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
    }
  } catch (e) {
    if (e instanceof KernelError) return e.code;
    throw e;
  }
}

/** The state of namespace `n` of a world: everything its type saves. */
function stateOf(kernel: Kernel, tasks: readonly Task[], n: number): string {
  const owner = tasks[NS_OF.indexOf(n as 0 | 1 | 2)] as Task;
  return JSON.stringify(ipcNamespaceType.save?.(ipcNamespaceOf(kernel, owner)));
}

test.prop([fc.array(opArb, { maxLength: 40 }), fc.constantFrom(0, 1, 2)], { numRuns: 150 })(
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

test.prop([fc.array(opArb, { maxLength: 40 })], { numRuns: 100 })('a call that fails changes nothing', (ops) => {
  const { kernel, tasks } = world();
  for (const op of ops) {
    // kernel.sem stores value by value, as on Linux: a failed multi-value write may keep its first values.
    const partial = op.t === 'sysctl' && op.name === 'kernel.sem';
    const before = JSON.stringify(kernel.snapshot());
    const r = run(kernel, tasks, op);
    if (/^E[A-Z]+$/.test(r) && !partial) expect(JSON.stringify(kernel.snapshot()), `${JSON.stringify(op)} => ${r}`).toBe(before);
  }
});
