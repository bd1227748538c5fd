/**
 * /proc/sys/user/max_<type>_namespaces: the per-user-namespace limits on
 * namespace creation that chargeUcount enforces (rules L1.1-L1.9, core-rules.ts).
 * Mirrors kernel/ucount.c (user_table, set_lookup, set_permissions,
 * setup_userns_sysctls), the value parsing of proc_doulongvec_minmax
 * (kernel/sysctl.c) and the open-time check of proc_sys_permission
 * (fs/proc/proc_sysctl.c).
 *
 * - Each user namespace has its own set of files, and a task sees the set of
 *   its CURRENT user namespace (set_lookup: current_user_ns()), whatever procfs
 *   it reads them through.
 * - The initial user namespace starts with `kernel.options.maxNamespaces` in
 *   every file (Linux: max_threads / 2, set in fork_init; the model's default,
 *   96365, is the value of a machine with 192731 threads-max); a new user
 *   namespace starts with INT_MAX (2147483647) in every file (create_user_ns).
 * - The files are mode 0644; set_permissions gives a task with
 *   CAP_SYS_RESOURCE over the files' user namespace the owner bits (rw) and
 *   every other task the "other" bits (r), so a write by a task without it
 *   fails at open with EACCES.
 * - A write takes one unsigned value in base 0 (decimal, 0x hex, 0 octal),
 *   surrounding blanks allowed, anything after the first value ignored;
 *   a negative, malformed or out-of-range value (0..INT_MAX) is EINVAL.
 *
 * Only the namespace files are modelled (no max_inotify_*, max_fanotify_*).
 * A third-party namespace type is charged against its own name's counter
 * (`ucountMax` of the user namespace) but has no file: Linux has none for it.
 */
import { checkAlive, checkString } from './args.ts';
import { CAP_SYS_RESOURCE } from './constants.ts';
import { nsCapable } from './cred.ts';
import { fail } from './errors.ts';
import { procSysFirstNumber } from './proc-sysctl.ts';
import type { Kernel } from './kernel.ts';
import type { Task } from './task.ts';
import type { UserNamespace } from './user-namespace.ts';

const INT_MAX = 2147483647;

/** The namespace types of user_table, in its order. */
const UCOUNT_TYPES: readonly string[] = ['user', 'pid', 'uts', 'ipc', 'net', 'mnt', 'cgroup', 'time'];

/** The names of the /proc/sys/user files the model has (`user.max_uts_namespaces`, ...), in user_table's order. */
export const USER_SYSCTL_NAMES: readonly string[] = UCOUNT_TYPES.map((t) => `user.max_${t}_namespaces`);

/** `user.max_uts_namespaces` or `user/max_uts_namespaces` (a path below /proc/sys) to its type, or ENOENT. */
function typeOf(name: string, sys: string): string {
  const dotted = name.replace(/^\/proc\/sys\//, '').replaceAll('/', '.');
  const m = /^user\.max_([a-z]+)_namespaces$/.exec(dotted);
  const type = m?.[1];
  if (type === undefined || !UCOUNT_TYPES.includes(type)) return fail('ENOENT', sys, `no such sysctl: ${name}`, 'L1.9');
  return type;
}

/** ucount_max[type] of a user namespace, as the file shows it. */
export function ucountMaxOf(ns: UserNamespace, type: string): number {
  return ns.ucountMaxOf(type);
}

/**
 * Reads /proc/sys/user/max_<type>_namespaces as `task`: the value of the
 * task's own user namespace, in decimal. Anyone may read. ENOENT for a name
 * that is not one of `USER_SYSCTL_NAMES`.
 */
export function userSysctlRead(kernel: Kernel, task: Task, name: string): string {
  checkAlive(kernel, task, 'read');
  checkString(name, 'read', 'name');
  return String(ucountMaxOf(task.cred.userNs, typeOf(name, 'open')));
}

/**
 * Writes /proc/sys/user/max_<type>_namespaces as `task`, as one write(2) of
 * `data`, into the task's own user namespace: EACCES (at open) without
 * CAP_SYS_RESOURCE over that namespace; EINVAL for a value that is not an
 * integer in 0..INT_MAX. Empty data changes nothing; only blanks are EINVAL.
 * The new limit applies to the next creation charged at this level (a lower
 * value than the current count refuses new namespaces and frees nothing).
 */
export function userSysctlWrite(kernel: Kernel, task: Task, name: string, data: string): void {
  checkAlive(kernel, task, 'open');
  checkString(name, 'open', 'name');
  checkString(data, 'write', 'data');
  const ns = task.cred.userNs;
  const type = typeOf(name, 'open');
  if (!nsCapable(task.cred, ns, CAP_SYS_RESOURCE)) fail('EACCES', 'open', `${name}: CAP_SYS_RESOURCE over the user namespace is needed to write`, 'L1.8');
  if (data === '') return;
  // proc_doulongvec_minmax with one value: the first number; negative or outside [0, INT_MAX] is EINVAL.
  const { neg, value, text } = procSysFirstNumber(data, 'write');
  if (neg || value > BigInt(INT_MAX)) fail('EINVAL', 'write', `${text} is outside [0, ${INT_MAX}]`, 'L1.4');
  ns.ucountMax.set(type, Number(value));
}
