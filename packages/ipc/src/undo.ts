/**
 * System V semaphore undo lists (ipc/sem.c: struct sem_undo_list and
 * sem_undo, get_undo_list, find_alloc_undo, copy_semundo, exit_sem). A task's
 * list holds, per semaphore set, the adjustments (semadj) that its semop
 * calls with SEM_UNDO recorded; tasks cloned with CLONE_SYSVSEM share one
 * list. exit_sem applies the adjustments (each value kept within 0..SEMVMX)
 * and drops the list when its last task leaves it: at exit, at
 * unshare(CLONE_NEWIPC or CLONE_SYSVSEM) (ksys_unshare) and at a setns into
 * an ipc namespace (ipcns_install). A set removed since is skipped (freeary
 * unlinks its entries). Undo lists are per-task state: snapshots do not keep them.
 */
import { CLONE_NEWIPC, CLONE_SYSVSEM } from '@nsproxy/core';
import type { Kernel, KernelEvent, Task } from '@nsproxy/core';
import { SEMVMX } from './constants.ts';
import type { SemArray } from './objects.ts';

/** struct sem_undo_list: the adjustments of each set (one sem_undo each), shared by `refcnt` tasks. */
interface SemUndoList {
  refcnt: number;
  readonly undos: Map<SemArray, number[]>;
}

/** task->sysvsem.undo_list of every task, by kernel and task serial (absent: NULL). */
const undoLists = new WeakMap<Kernel, Map<number, SemUndoList>>();

function listsOf(kernel: Kernel): Map<number, SemUndoList> {
  let m = undoLists.get(kernel);
  if (!m) {
    undoLists.set(kernel, (m = new Map<number, SemUndoList>()));
    watchLeaving(kernel);
  }
  return m;
}

/** get_undo_list: the task's list, allocated on first use. */
function getUndoList(kernel: Kernel, serial: number): SemUndoList {
  const m = listsOf(kernel);
  let ulp = m.get(serial);
  if (!ulp) m.set(serial, (ulp = { refcnt: 1, undos: new Map<SemArray, number[]>() }));
  return ulp;
}

/** The adjustments the task's list holds for `sma` (lookup_undo), or undefined when it has none. */
export function semUndoOf(kernel: Kernel, task: Task, sma: SemArray): readonly number[] | undefined {
  return undoLists.get(kernel)?.get(task.serial)?.undos.get(sma);
}

/** find_alloc_undo, then the semadj updates of a semop that succeeded: `adj` maps a semaphore to its new adjustment. */
export function semUndoCommit(kernel: Kernel, task: Task, sma: SemArray, adj: ReadonlyMap<number, number>): void {
  const ulp = getUndoList(kernel, task.serial);
  let semadj = ulp.undos.get(sma);
  if (!semadj) ulp.undos.set(sma, (semadj = new Array<number>(sma.nsems).fill(0)));
  for (const [num, value] of adj) semadj[num] = value;
}

/**
 * exit_sem: the task leaves its undo list; when it was the list's last task,
 * every adjustment is applied to the sets that still exist, each value kept
 * within 0..SEMVMX.
 */
export function exitSem(kernel: Kernel, task: Task): void {
  const m = undoLists.get(kernel);
  const ulp = m?.get(task.serial);
  if (!m || !ulp) return;
  m.delete(task.serial);
  if (--ulp.refcnt > 0) return;
  for (const [sma, semadj] of ulp.undos) {
    if (sma.deleted) continue;
    for (let i = 0; i < semadj.length; i++) {
      const adj = semadj[i] ?? 0;
      if (adj === 0) continue;
      sma.semval[i] = Math.min(SEMVMX, Math.max(0, (sma.semval[i] ?? 0) + adj));
    }
  }
}

/** Kernels whose clones are already watched for the undo lists. */
const watched = new WeakSet<Kernel>();

/**
 * Follows a kernel's clones (copy_semundo: CLONE_SYSVSEM shares the caller's
 * list, allocated for it if it had none). Exits, unshares and setns are
 * followed from the kernel's first undo list on (watchLeaving): before it,
 * exit_sem has nothing to do, and every syscall would build an event for a
 * listener that does nothing (a sixth of a setns).
 */
export function watchSemUndo(kernel: Kernel): void {
  if (watched.has(kernel)) return;
  watched.add(kernel);
  kernel.on((e: KernelEvent) => {
    if (e.type !== 'task-created' || (e.flags & CLONE_SYSVSEM) === 0) return;
    const ulp = getUndoList(kernel, e.parent.serial);
    ulp.refcnt++;
    listsOf(kernel).set(e.task.serial, ulp);
  }, { types: ['task-created'] });
}

/** exit_sem at exit, at unshare(CLONE_NEWIPC or CLONE_SYSVSEM) and at a setns into an ipc namespace, once the kernel has an undo list. */
function watchLeaving(kernel: Kernel): void {
  kernel.on((e: KernelEvent) => {
    switch (e.type) {
      case 'task-exited':
        exitSem(kernel, e.task);
        break;
      case 'unshare':
        // ksys_unshare: CLONE_NEWIPC implies CLONE_SYSVSEM, which is "equivalent to sys_exit()".
        if ((e.flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) !== 0) exitSem(kernel, e.task);
        break;
      case 'setns':
        // ipcns_install: "Ditch state from the old ipc namespace".
        if (e.namespaces.some((ns) => ns.ops.type === CLONE_NEWIPC)) exitSem(kernel, e.task);
        break;
      default:
        break;
    }
  }, { types: ['task-exited', 'unshare', 'setns'] });
}
