/**
 * Pid translation as user space sees it: pid_nr_ns and its wrappers
 * (kernel/pid.c), find_task_by_pid_ns, and the NSpid/NStgid lines of
 * /proc/PID/status (fs/proc/array.c), for a procfs instance bound to a pid
 * namespace (fs/proc/root.c: the mounter's active pid namespace).
 */
import { taskNspid } from '@nsproxy/core';
import type { PidNamespace, Task } from '@nsproxy/core';

/**
 * task_pid_nr_ns: the task's number in `ns`, 0 when it has none there (`ns`
 * is not on the path from the initial namespace to the task's own), or when
 * the task was reaped.
 */
export function pidNrNs(task: Task, ns: PidNamespace): number {
  return task.state === 'dead' ? 0 : task.pid.nrIn(ns);
}

/** task_tgid_nr_ns: the thread-group leader's number in `ns` (what getpid returns there). */
export function tgidNrNs(task: Task, ns: PidNamespace): number {
  return pidNrNs(task.leader, ns);
}

/** find_task_by_pid_ns: the task (thread) with number `nr` in `ns`, while it is not reaped. */
export function findTaskByPidNs(ns: PidNamespace, nr: number): Task | undefined {
  if (!Number.isInteger(nr) || nr <= 0) return undefined;
  return ns.findTask(nr);
}

/**
 * The numbers /proc/PID/status prints on its NSpid line when read through a
 * procfs bound to `procNs`: from `procNs`'s level down to the task's own
 * (innermost last). Empty when the task is not visible there (the procfs has
 * no directory for it).
 */
export function nspid(task: Task, procNs: PidNamespace): number[] {
  return task.state === 'dead' ? [] : taskNspid(task, procNs);
}

/** The NStgid numbers: the same for the thread-group leader. */
export function nstgid(task: Task, procNs: PidNamespace): number[] {
  return nspid(task.leader, procNs);
}

/** The NSpid line as /proc/PID/status prints it (`NSpid:\t19580\t1`), or undefined when not visible. */
export function nspidLine(task: Task, procNs: PidNamespace): string | undefined {
  const numbers = nspid(task, procNs);
  return numbers.length === 0 ? undefined : `NSpid:\t${numbers.join('\t')}`;
}

/**
 * The pid namespaces from the initial one down to `ns` (the path whose
 * levels a struct pid allocated in `ns` has a number in).
 */
export function pidNsPath(ns: PidNamespace): PidNamespace[] {
  const path: PidNamespace[] = [];
  for (let p: PidNamespace | null = ns; p; p = p.parent) path.unshift(p);
  return path;
}

/**
 * Every task with a number in `ns` (its own members and those of its
 * descendants), by that number, ascending: what a procfs bound to `ns` lists.
 */
export function tasksInPidNs(ns: PidNamespace): [number, Task][] {
  const out: [number, Task][] = [];
  for (const [nr, pid] of ns.idr) if (pid.task && pid.task.state !== 'dead') out.push([nr, pid.task]);
  return out.sort((a, b) => a[0] - b[0]);
}
