/**
 * System V semaphore operations: semop in the task's ipc namespace. Mirrors
 * ipc/sem.c of Linux 6.18 (do_semtimedop, __do_semtimedop,
 * perform_atomic_semop, perform_atomic_semop_slow).
 *
 * The operations of one call are applied all or nothing, in order, each to
 * the value the ones before it left. Nobody ever waits on a semaphore in the
 * model, so a successful call wakes nobody; where Linux would sleep, the
 * model throws `WouldBlockError` (see blocking.ts). An operation with
 * SEM_UNDO records its opposite in the caller's undo list (undo.ts), which
 * exit_sem applies later.
 */
import { badArgument, fail } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import { IPC_NOWAIT, S_IRUGO, S_IWUGO, SEM_UNDO, SEMVMX } from './constants.ts';
import { WouldBlockError } from './blocking.ts';
import { ipcperms } from './ids.ts';
import { checkInts, ipcNamespaceOf } from './sysv.ts';
import { semUndoCommit, semUndoOf } from './undo.ts';

/** SEMAEM: the largest adjustment an undo entry may hold (SEMVMX; -SEMAEM - 1 the smallest). */
const SEMAEM = SEMVMX;

/** struct sembuf: an operation on one semaphore of the set. */
export interface SemBuf {
  /** sem_num (unsigned short). */
  readonly semNum: number;
  /** sem_op (short): > 0 adds, < 0 takes (waits while the value is too small), 0 waits for zero. */
  readonly semOp: number;
  /** sem_flg (short): IPC_NOWAIT (EAGAIN instead of sleeping), SEM_UNDO (the opposite is recorded in the caller's undo list). */
  readonly semFlg?: number;
}

/**
 * semop(2). In the kernel's order: more operations than the namespace's SEMOPM
 * (the third value of kernel.sem; nsops is unsigned, so compared as unsigned):
 * E2BIG; none: EINVAL; a negative semid: EINVAL; an id nobody has: EINVAL; a
 * sem_num beyond the set: EFBIG; without alter permission (write) when an
 * operation changes a value, or read permission when all wait for zero:
 * EACCES. Then the operations in order: a value above SEMVMX (32767): ERANGE;
 * with SEM_UNDO, an adjustment outside -32768..32767: ERANGE; one that cannot proceed (a value would go below 0, or a wait for zero on a
 * non-zero value): EAGAIN if that operation has IPC_NOWAIT, else Linux sleeps
 * (`WouldBlockError`). Nothing changes unless every operation succeeds.
 */
export function semop(kernel: Kernel, task: Task, semid: number, sops: readonly SemBuf[]): void {
  const sys = 'semop';
  checkInts(sys, { semid });
  const list: unknown = sops;
  if (!Array.isArray(list)) badArgument(sys, 'sops', 'an array of SemBuf', sops);
  list.forEach((b: unknown, i) => {
    if (typeof b !== 'object' || b === null) badArgument(sys, `sops[${i}]`, 'a SemBuf { semNum, semOp, semFlg }', b);
    const { semNum, semOp, semFlg } = b as Record<string, unknown>;
    checkInts(sys, { [`sops[${i}].semNum`]: semNum, [`sops[${i}].semOp`]: semOp, [`sops[${i}].semFlg`]: semFlg ?? 0 });
  });
  const ns = ipcNamespaceOf(kernel, task, sys);
  const nsops = sops.length;
  const semopm = ns.limits.semCtls[2];
  if (nsops > semopm >>> 0) fail('E2BIG', sys, `${nsops} operations, SEMOPM is ${semopm}`, 'Q1.36');
  if (nsops < 1 || semid < 0) fail('EINVAL', sys, 'no operations, or a negative id', 'Q1.37');
  // The C types: sem_num unsigned short, sem_op and sem_flg short.
  const ops = sops.map((s) => ({ num: s.semNum & 0xffff, op: (s.semOp << 16) >> 16, flg: ((s.semFlg ?? 0) << 16) >> 16 }));
  let max = 0;
  let alter = false;
  let undos = false;
  for (const s of ops) {
    if (s.num >= max) max = s.num;
    if (s.flg & SEM_UNDO) undos = true;
    if (s.op !== 0) alter = true;
  }
  const sma = ns.sem.obtainObjectCheck(semid, sys);
  if (max >= sma.nsems) fail('EFBIG', sys, `semaphore ${max} is beyond the ${sma.nsems} of set ${semid}`, 'Q1.38');
  if (!ipcperms(ns.userNs, task.cred, sma, alter ? S_IWUGO : S_IRUGO)) fail('EACCES', sys, `no ${alter ? 'alter' : 'read'} permission on ${semid}`, 'Q1.15');
  // find_alloc_undo: the caller's adjustments for this set (none yet: zeros).
  const semadj = undos ? semUndoOf(kernel, task, sma) : undefined;
  const nextAdj = new Map<number, number>();
  // perform_atomic_semop(_slow): try every operation on the values the earlier ones left, then commit.
  const next = new Map<number, number>();
  for (const s of ops) {
    const value = next.get(s.num) ?? sma.semval[s.num] ?? 0;
    const result = value + s.op;
    if ((s.op === 0 && value !== 0) || result < 0) {
      if (s.flg & IPC_NOWAIT) fail('EAGAIN', sys, `semaphore ${s.num} of ${semid} is ${value}, the operation is ${s.op}`, 'Q1.39');
      throw new WouldBlockError(sys, `semaphore ${s.num} of ${semid} is ${value}, the operation is ${s.op}`);
    }
    if (result > SEMVMX) fail('ERANGE', sys, `semaphore ${s.num} of ${semid} would be ${result}, above SEMVMX ${SEMVMX}`, 'Q1.40');
    if (s.flg & SEM_UNDO) {
      const undo = (nextAdj.get(s.num) ?? semadj?.[s.num] ?? 0) - s.op;
      if (undo < -SEMAEM - 1 || undo > SEMAEM) fail('ERANGE', sys, `the adjustment of semaphore ${s.num} of ${semid} would be ${undo}`, 'Q1.58');
      nextAdj.set(s.num, undo);
    }
    next.set(s.num, result);
  }
  for (const [num, value] of next) sma.semval[num] = value;
  if (undos) semUndoCommit(kernel, task, sma, nextAdj);
}
