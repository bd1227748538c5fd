/**
 * The pid sysctls of the caller's active pid namespace: /proc/sys/kernel/pid_max
 * (per pid namespace since 6.14: kernel/pid.c, pid_table_root_permissions and
 * the pid_table of proc_dointvec_minmax in [RESERVED_PIDS + 1, PID_MAX_LIMIT])
 * and /proc/sys/kernel/ns_last_pid (kernel/pid_namespace.c, pid_ns_ctl_handler:
 * the idr's cursor less one, written by a task with CAP_CHECKPOINT_RESTORE or
 * CAP_SYS_ADMIN over the namespace's owner, in [0, the namespace's pid_max]).
 */
import { CAP_CHECKPOINT_RESTORE, CAP_SYS_ADMIN, PID_MAX_LIMIT, RESERVED_PIDS, checkAlive, checkString, fail, makeKuid, nsCapable, procSysFirstNumber } from '@nsproxy/core';
import type { Kernel, PidNamespace, ProcNumber, Task } from '@nsproxy/core';

/** The names of the pid sysctls. */
export const PID_SYSCTL_NAMES: readonly string[] = ['kernel.pid_max', 'kernel.ns_last_pid'];

/**
 * Why a write of a pid sysctl is refused as a runner error (on both backends):
 * the namespace is the runner's, the host's on the real kernel. The world's
 * tasks are all in pid namespaces of the run (init's is one level down).
 */
export const HOST_PID_SYSCTL_REFUSAL = "refusing to write a pid sysctl in the runner's pid namespace (the host's): write it from a pid namespace of the run";

/** task_active_pid_ns of a live task. */
function activeNs(kernel: Kernel, task: Task, sys: string): PidNamespace {
  checkAlive(kernel, task, sys);
  return task.pid.ns;
}

/** One int of proc_dointvec_minmax if it lies in [min, max], else undefined (EINVAL, whose rule the caller names). */
function intIn({ neg, value }: ProcNumber, min: number, max: number): number | undefined {
  const v = neg ? -value : value;
  return v < BigInt(min) || v > BigInt(max) ? undefined : Number(v);
}

/** A name the pid area does not have: its callers pass only PID_SYSCTL_NAMES. */
function notPidSysctl(name: string): never {
  throw new Error(`${name} is not a pid sysctl`);
}

/** Reads `kernel.pid_max` or `kernel.ns_last_pid` of the task's active pid namespace. */
export function pidSysctlRead(kernel: Kernel, task: Task, name: string): string {
  checkString(name, 'read', 'name');
  const ns = activeNs(kernel, task, 'read');
  if (name === 'kernel.pid_max') return String(ns.pidMax);
  if (name === 'kernel.ns_last_pid') return String(ns.cursor - 1);
  return notPidSysctl(name);
}

/**
 * Writes `kernel.pid_max` or `kernel.ns_last_pid` of the task's active pid
 * namespace, as one write(2) of `data` (the first number counts, as for any
 * one-int file).
 */
export function pidSysctlWrite(kernel: Kernel, task: Task, name: string, data: string): void {
  checkString(name, 'open', 'name');
  checkString(data, 'write', 'data');
  const ns = activeNs(kernel, task, 'open');
  if (ns.level === 0) throw new Error(HOST_PID_SYSCTL_REFUSAL);
  const cred = task.cred;
  const owner = ns.ownerNs;
  if (!owner) throw new Error('a pid namespace without an owner');
  if (name === 'kernel.pid_max') {
    // pid_table_root_permissions: the owner's bits (0644: rw) for CAP_SYS_ADMIN over the owner or the euid of its root; r otherwise.
    if (!nsCapable(cred, owner, CAP_SYS_ADMIN) && cred.euid !== makeKuid(owner, 0)) fail('EACCES', 'open', 'kernel.pid_max is writable by root of the pid namespace\'s owner', 'P4.3');
    if (data === '') return;
    const n = procSysFirstNumber(data, 'write');
    const pidMax = intIn(n, RESERVED_PIDS + 1, PID_MAX_LIMIT);
    if (pidMax === undefined) fail('EINVAL', 'write', `${n.text} is outside [${RESERVED_PIDS + 1}, ${PID_MAX_LIMIT}]`, 'P4.5');
    ns.pidMax = pidMax;
    return;
  }
  if (name === 'kernel.ns_last_pid') {
    // pid_ns_ctl_handler: the file is 0666; the handler checks checkpoint_restore_ns_capable first.
    if (!nsCapable(cred, owner, CAP_CHECKPOINT_RESTORE) && !nsCapable(cred, owner, CAP_SYS_ADMIN)) fail('EPERM', 'write', 'CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN over the pid namespace\'s owner is needed', 'P4.4');
    if (data === '') return;
    const n = procSysFirstNumber(data, 'write');
    const last = intIn(n, 0, ns.pidMax);
    if (last === undefined) fail('EINVAL', 'write', `${n.text} is outside [0, ${ns.pidMax}]`, 'P4.6');
    ns.cursor = last + 1;
    return;
  }
  notPidSysctl(name);
}
