/**
 * semop: every errno in the kernel's order (ipc/sem.c do_semtimedop,
 * __do_semtimedop, perform_atomic_semop), SEMOPM of the caller's namespace,
 * all-or-nothing operations, values per namespace. The edge cases were
 * checked on the 6.18.44 reference machine.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { CLONE_FILES, CLONE_NEWIPC, CLONE_SYSVSEM, Kernel } from '@nsproxy/core';
import {
  IPC_CREAT, IPC_NOWAIT, IPC_PRIVATE, IPC_RMID, SEM_UNDO, WouldBlockError, ipcNamespaceOf, ipcNamespaceType, ipcSysctlWrite, semctl,
  semget, semop,
} from './index.ts';
import type { SemBuf } from './index.ts';
import { boot, errno, toyUserType, user } from '../test/helpers.ts';

const C = IPC_CREAT | 0o600;
const NW = IPC_NOWAIT;

function op(semNum: number, semOp: number, semFlg = NW): SemBuf {
  return { semNum, semOp, semFlg };
}

/** The values of set `id` of the task's namespace. */
function values(kernel: Kernel, task: Parameters<typeof ipcNamespaceOf>[1], id: number): number[] {
  return [...(ipcNamespaceOf(kernel, task).sem.obtainObjectCheck(id, 'test').semval)];
}

describe('semop', () => {
  it('adds and takes; a value that would go below 0, or a wait for zero on a non-zero value: EAGAIN with IPC_NOWAIT', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 2, C);
    semop(kernel, init, s, [op(0, 2), op(1, 1)]);
    expect(values(kernel, init, s)).toEqual([2, 1]);
    semop(kernel, init, s, [op(0, -2)]);
    expect(errno(() => semop(kernel, init, s, [op(0, -1)]))).toBe('EAGAIN');
    expect(errno(() => semop(kernel, init, s, [op(1, 0)]))).toBe('EAGAIN');
    semop(kernel, init, s, [op(0, 0)]);
    expect(values(kernel, init, s)).toEqual([0, 1]);
  });

  it('without IPC_NOWAIT Linux would sleep: WouldBlockError; IPC_NOWAIT is per operation (sem_flg)', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 2, C);
    expect(() => semop(kernel, init, s, [op(0, -1, 0)])).toThrow(WouldBlockError);
    // The operation that cannot proceed decides: here the second, with IPC_NOWAIT.
    expect(errno(() => semop(kernel, init, s, [op(1, 1, 0), op(0, -1, NW)]))).toBe('EAGAIN');
    expect(() => semop(kernel, init, s, [op(1, 1, NW), op(0, -1, 0)])).toThrow(WouldBlockError);
    expect(values(kernel, init, s)).toEqual([0, 0]);
  });

  it('all or nothing, each operation on the value the ones before it left', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 2, C);
    expect(errno(() => semop(kernel, init, s, [op(0, 1), op(0, 0)]))).toBe('EAGAIN'); // +1 then wait for zero
    expect(values(kernel, init, s)).toEqual([0, 0]);
    semop(kernel, init, s, [op(0, 1), op(0, -1), op(1, 3)]);
    expect(values(kernel, init, s)).toEqual([0, 3]);
  });

  it('ERANGE above SEMVMX (32767), the first failing operation deciding', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 2, C);
    semop(kernel, init, s, [op(0, 32767), op(1, 1)]);
    expect(errno(() => semop(kernel, init, s, [op(0, 1)]))).toBe('ERANGE');
    expect(errno(() => semop(kernel, init, s, [op(0, -5), op(0, 32767)]))).toBe('ERANGE');
    expect(errno(() => semop(kernel, init, s, [op(1, -2), op(0, 1)]))).toBe('EAGAIN');
    expect(errno(() => semop(kernel, init, s, [op(0, 1), op(1, -2)]))).toBe('ERANGE');
    expect(values(kernel, init, s)).toEqual([32767, 1]);
    semop(kernel, init, s, [op(0, 65535)]); // sem_op is a short: 65535 is -1
    expect(values(kernel, init, s)).toEqual([32766, 1]);
  });

  it('E2BIG above SEMOPM (kernel.sem) before any other check; EINVAL for no operations or a negative id', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 1, C);
    const many = Array.from({ length: 501 }, () => op(0, 0));
    expect(errno(() => semop(kernel, init, -1, many))).toBe('E2BIG');
    semop(kernel, init, s, many.slice(0, 500));
    expect(errno(() => semop(kernel, init, s, []))).toBe('EINVAL');
    expect(errno(() => semop(kernel, init, -1, [op(0, 1)]))).toBe('EINVAL');
    ipcSysctlWrite(kernel, init, 'kernel.sem', '32000 1024000000 2 32000');
    expect(errno(() => semop(kernel, init, s, [op(0, 1), op(0, 1), op(0, 1)]))).toBe('E2BIG');
    semop(kernel, init, s, [op(0, 1), op(0, -1)]);
    // nsops is unsigned and SEMOPM an int: a negative SEMOPM bounds nothing.
    ipcSysctlWrite(kernel, init, 'kernel.sem', '32000 1024000000 -1 32000');
    semop(kernel, init, s, many);
    expect(errno(() => semop(kernel, init, s, []))).toBe('EINVAL');
  });

  it('EINVAL for an id nobody has; EFBIG for a sem_num beyond the set (after the id)', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 2, C);
    expect(errno(() => semop(kernel, init, s + 1, [op(5, 1)]))).toBe('EINVAL');
    expect(errno(() => semop(kernel, init, s, [op(2, 0)]))).toBe('EFBIG');
    expect(errno(() => semop(kernel, init, s, [op(0, 1), op(65536 + 7, 1)]))).toBe('EFBIG'); // sem_num is an unsigned short
    semop(kernel, init, s, [op(65536 + 1, 1)]);
    expect(values(kernel, init, s)).toEqual([0, 1]);
    semctl(kernel, init, s, IPC_RMID);
    expect(errno(() => semop(kernel, init, s, [op(0, 1)]))).toBe('EINVAL');
  });

  it('EACCES: an operation that changes a value needs write (alter) permission, waiting for zero read permission', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, 3, 1, IPC_CREAT | 0o644);
    const other = user(kernel, init, 1000);
    semop(kernel, other, s, [op(0, 0)]);
    expect(errno(() => semop(kernel, other, s, [op(0, 0), op(0, 1)]))).toBe('EACCES');
    const w = semget(kernel, init, 4, 1, IPC_CREAT | 0o602);
    semop(kernel, other, w, [op(0, 1)]);
    expect(errno(() => semop(kernel, other, w, [op(0, 0)]))).toBe('EACCES');
  });

  it('SEM_UNDO: the adjustments are applied once, when the task exits (Q1.57)', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 2, C);
    semop(kernel, init, s, [op(0, 2)]);
    const a = kernel.clone(init, 0);
    semop(kernel, a, s, [op(0, 3, NW | SEM_UNDO), op(1, 1, NW | SEM_UNDO)]);
    semop(kernel, a, s, [op(0, -1, NW | SEM_UNDO)]);
    expect(values(kernel, init, s)).toEqual([4, 1]);
    // A child cloned without CLONE_SYSVSEM has no undo list: its exit changes nothing.
    const c = kernel.clone(a, 0);
    kernel.exit(c);
    expect(values(kernel, init, s)).toEqual([4, 1]);
    kernel.exit(a);
    expect(values(kernel, init, s)).toEqual([2, 0]);
  });

  it('SEM_UNDO: unshare of an ipc namespace or CLONE_SYSVSEM, and setns into an ipc namespace, apply and drop the list (F2.9, Q1.57)', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, 7, 1, C);
    for (const leave of [
      (t: typeof init): void => kernel.unshare(t, CLONE_NEWIPC),
      (t: typeof init): void => kernel.unshare(t, CLONE_SYSVSEM),
      (t: typeof init): void => kernel.setns(t, kernel.openNs(t, init, 'ipc'), CLONE_NEWIPC),
    ]) {
      const a = kernel.clone(init, 0);
      semop(kernel, a, s, [op(0, 5, NW | SEM_UNDO)]);
      expect(values(kernel, init, s)).toEqual([5]);
      leave(a);
      expect(values(kernel, init, s)).toEqual([0]);
      semop(kernel, init, s, [op(0, 1)]);
      kernel.exit(a);
      expect(values(kernel, init, s)).toEqual([1]);
      semop(kernel, init, s, [op(0, -1)]);
    }
    // unshare of another type keeps the list.
    const b = kernel.clone(init, 0);
    semop(kernel, b, s, [op(0, 1, NW | SEM_UNDO)]);
    kernel.unshare(b, CLONE_FILES);
    expect(values(kernel, init, s)).toEqual([1]);
    kernel.exit(b);
    expect(values(kernel, init, s)).toEqual([0]);
  });

  it('SEM_UNDO: tasks cloned with CLONE_SYSVSEM share the list, applied when the last one leaves it', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 1, C);
    const a = kernel.clone(init, 0);
    const b = kernel.clone(a, CLONE_SYSVSEM);
    semop(kernel, a, s, [op(0, 2, NW | SEM_UNDO)]);
    semop(kernel, b, s, [op(0, 1, NW | SEM_UNDO)]);
    kernel.exit(a);
    expect(values(kernel, init, s)).toEqual([3]);
    kernel.exit(b);
    expect(values(kernel, init, s)).toEqual([0]);
  });

  it('SEM_UNDO: the values are kept within 0..SEMVMX; a removed set is skipped', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 1, C);
    const r = semget(kernel, init, IPC_PRIVATE, 1, C);
    const a = kernel.clone(init, 0);
    semop(kernel, a, s, [op(0, 3, NW | SEM_UNDO)]);
    semop(kernel, a, r, [op(0, 3, NW | SEM_UNDO)]);
    semop(kernel, init, s, [op(0, -2)]);
    semctl(kernel, init, r, IPC_RMID);
    const again = semget(kernel, init, IPC_PRIVATE, 1, C);
    semop(kernel, init, again, [op(0, 2)]);
    kernel.exit(a);
    // 1 - 3 is kept at 0; the set made after r was removed is not r.
    expect(values(kernel, init, s)).toEqual([0]);
    expect(values(kernel, init, again)).toEqual([2]);
    const b = kernel.clone(init, 0);
    semop(kernel, b, s, [op(0, -0, NW | SEM_UNDO)]);
    semop(kernel, init, s, [op(0, 30000)]);
    semop(kernel, b, s, [op(0, -30000, NW | SEM_UNDO)]);
    semop(kernel, init, s, [op(0, 32767)]);
    kernel.exit(b);
    expect(values(kernel, init, s)).toEqual([32767]);
  });

  it('SEM_UNDO: an adjustment beyond -32768..32767 is ERANGE and changes nothing (Q1.58); a failed call records nothing', () => {
    const { kernel, init } = boot();
    const s = semget(kernel, init, IPC_PRIVATE, 2, C);
    const a = kernel.clone(init, 0);
    semop(kernel, a, s, [op(0, 32767, NW | SEM_UNDO)]);
    semop(kernel, a, s, [op(0, -32767, NW)]);
    semop(kernel, a, s, [op(0, 1, NW | SEM_UNDO)]);
    // The adjustment of semaphore 0 is -32768 now, the smallest there is.
    expect(errno(() => semop(kernel, a, s, [op(1, 1, NW | SEM_UNDO), op(0, 1, NW | SEM_UNDO)]))).toBe('ERANGE');
    expect(errno(() => semop(kernel, a, s, [op(1, 1, NW | SEM_UNDO), op(0, -2, NW | SEM_UNDO)]))).toBe('EAGAIN');
    expect(values(kernel, init, s)).toEqual([1, 0]);
    semop(kernel, init, s, [op(0, 5), op(1, 5)]);
    kernel.exit(a);
    expect(values(kernel, init, s)).toEqual([0, 5]);
    expect(errno(() => semop(kernel, init, s + 1, [op(0, 1, SEM_UNDO)]))).toBe('EINVAL');
  });

  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -4, max: 4 }), fc.boolean()), { maxLength: 12 })])(
    'SEM_UNDO: after a task exits, each value is what the others left plus what its own operations without SEM_UNDO did', (ops) => {
      const { kernel, init } = boot();
      const s = semget(kernel, init, IPC_PRIVATE, 2, C);
      semop(kernel, init, s, [op(0, 100), op(1, 100)]);
      const a = kernel.clone(init, 0);
      const kept = [100, 100];
      for (const [num, delta, undo] of ops) {
        try {
          semop(kernel, a, s, [op(num, delta, NW | (undo ? SEM_UNDO : 0))]);
          if (!undo) kept[num] = (kept[num] ?? 0) + delta;
        } catch {
          // EAGAIN: nothing changed
        }
      }
      kernel.exit(a);
      expect(values(kernel, init, s)).toEqual(kept);
    },
  );
});

describe('namespaces', () => {
  it('same-key sets in sibling namespaces are independent (LTP sem_comm.c; gVisor semaphore.cc SemOpNamespace)', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    const b = kernel.clone(init, CLONE_NEWIPC);
    const sa = semget(kernel, a, 154326, 1, C);
    const sb = semget(kernel, b, 154326, 1, C);
    semop(kernel, a, sa, [op(0, 1)]);
    semop(kernel, a, sa, [op(0, -1)]);
    expect(errno(() => semop(kernel, a, sa, [op(0, -1)]))).toBe('EAGAIN');
    semop(kernel, b, sb, [op(0, 1)]);
    semop(kernel, b, sb, [op(0, -1)]);
    expect(errno(() => semop(kernel, init, sa, [op(0, 1)]))).toBe('EINVAL');
  });

  it('SEMOPM of one namespace does not bound another', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    ipcSysctlWrite(kernel, a, 'kernel.sem', '32000 1024000000 1 32000');
    const sa = semget(kernel, a, IPC_PRIVATE, 1, C);
    const s = semget(kernel, init, IPC_PRIVATE, 1, C);
    expect(errno(() => semop(kernel, a, sa, [op(0, 1), op(0, 1)]))).toBe('E2BIG');
    semop(kernel, init, s, [op(0, 1), op(0, 1)]);
  });

  it('values go with the set and with the namespace; snapshots keep them', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWIPC);
    const s = semget(kernel, a, 9, 3, C);
    semop(kernel, a, s, [op(2, 7)]);
    const snap = kernel.snapshot();
    const copy = Kernel.restore(snap, { namespaces: [ipcNamespaceType, toyUserType] });
    expect(copy.snapshot()).toEqual(snap);
    const a2 = copy.tasks().find((t) => t.serial === a.serial);
    if (!a2) throw new Error('no restored task');
    expect(values(copy, a2, s)).toEqual([0, 0, 7]);
    semctl(kernel, a, s, IPC_RMID);
    const again = semget(kernel, a, 9, 3, C);
    expect(values(kernel, a, again)).toEqual([0, 0, 0]);
    const ns = ipcNamespaceOf(kernel, a);
    kernel.exit(a);
    expect(ns.freed).toBe(true);
    expect(ns.sem.inUse).toBe(0);
    expect(ns.usedSems).toBe(0);
  });
});
