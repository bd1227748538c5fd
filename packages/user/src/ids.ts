/**
 * Ids and capabilities as user space sees them across user namespaces:
 * getuid/getgid (kernel/sys.c, from_kuid_munged), the Uid/Gid/Cap* lines of
 * /proc/PID/status (fs/proc/array.c task_state, render_cap_t), and the
 * permission rule of setgroups(2) (kernel/groups.c may_setgroups,
 * kernel/user_namespace.c userns_may_setgroups).
 */
import { CAP_SETGID, Task, badArgument, checkAlive, checkInt, checkTask, commitCreds, fail, fromKgidMunged, fromKuidMunged, makeKgid, nsCapable } from '@nsproxy/core';
import type { Kernel, UserNamespace } from '@nsproxy/core';

/** NGROUPS_MAX: the longest supplementary group list. */
export const NGROUPS_MAX = 65536;

/** A capability set as /proc/PID/status prints it: 16 lowercase hex digits (CapEff: 000001ffffffffff). */
export function formatCapSet(set: bigint): string {
  return set.toString(16).padStart(16, '0');
}

/** The calls below that take no kernel check the task against its own. */
function alive(task: Task, sys: string): void {
  checkAlive(task instanceof Task ? task.kernel : (null as unknown as Kernel), task, sys);
}

/** getuid(2): the real uid in the task's own user namespace (65534 when unmapped). */
export function getuid(task: Task): number {
  alive(task, 'getuid');
  return fromKuidMunged(task.cred.userNs, task.cred.uid);
}

/** geteuid(2). */
export function geteuid(task: Task): number {
  alive(task, 'geteuid');
  return fromKuidMunged(task.cred.userNs, task.cred.euid);
}

/** getgid(2). */
export function getgid(task: Task): number {
  alive(task, 'getgid');
  return fromKgidMunged(task.cred.userNs, task.cred.gid);
}

/** getegid(2). */
export function getegid(task: Task): number {
  alive(task, 'getegid');
  return fromKgidMunged(task.cred.userNs, task.cred.egid);
}

/** What /proc/<target>/status shows a reader: ids in the reader's user namespace, and the capability sets. */
export interface ProcStatusCreds {
  /** Real, effective, saved and filesystem uid, as the reader sees them (65534 when unmapped). */
  readonly uid: readonly [number, number, number, number];
  readonly gid: readonly [number, number, number, number];
  readonly capInh: string;
  readonly capPrm: string;
  readonly capEff: string;
  readonly capBnd: string;
  readonly capAmb: string;
}

/**
 * The credential part of /proc/<target>/status read by `reader` (task_state,
 * task_cap): uids and gids through the reader's user namespace
 * (from_kuid_munged), capability sets as they are.
 */
export function procStatusCreds(kernel: Kernel, reader: Task, target: Task): ProcStatusCreds {
  checkAlive(kernel, reader, 'read', 'reader');
  checkTask(kernel, target, 'read', 'target');
  if (!target.alive) fail('ENOENT', 'open', 'the task has exited', 'U2.23');
  const ns: UserNamespace = reader.cred.userNs;
  const c = target.cred;
  const u = (k: number): number => fromKuidMunged(ns, k);
  const g = (k: number): number => fromKgidMunged(ns, k);
  return {
    uid: [u(c.uid), u(c.euid), u(c.suid), u(c.fsuid)],
    gid: [g(c.gid), g(c.egid), g(c.sgid), g(c.fsgid)],
    capInh: formatCapSet(c.capInheritable),
    capPrm: formatCapSet(c.capPermitted),
    capEff: formatCapSet(c.capEffective),
    capBnd: formatCapSet(c.capBset),
    capAmb: formatCapSet(c.capAmbient),
  };
}

/** Those lines as the file prints them (`Uid:\t0\t0\t0\t0`, ..., `CapAmb:\t0000000000000000`). */
export function formatProcStatusCreds(s: ProcStatusCreds): string {
  return [
    `Uid:\t${s.uid.join('\t')}`,
    `Gid:\t${s.gid.join('\t')}`,
    `CapInh:\t${s.capInh}`,
    `CapPrm:\t${s.capPrm}`,
    `CapEff:\t${s.capEff}`,
    `CapBnd:\t${s.capBnd}`,
    `CapAmb:\t${s.capAmb}`,
  ].join('\n') + '\n';
}

/** userns_may_setgroups: gid_map is written and setgroups is `allow`. */
export function usernsMaySetgroups(ns: UserNamespace): boolean {
  return ns.gidMap.length !== 0 && ns.setgroupsAllowed;
}

/**
 * setgroups(2) permission and argument checks (kernel/groups.c): CAP_SETGID in
 * the caller's user namespace and userns_may_setgroups (EPERM), at most
 * NGROUPS_MAX groups (EINVAL), every gid mapped (EINVAL). The list becomes
 * the credentials' supplementary groups, as kernel gids sorted (set_groups,
 * groups_sort).
 */
export function setgroups(kernel: Kernel, task: Task, gids: readonly number[]): void {
  const sys = 'setgroups';
  checkAlive(kernel, task, sys);
  const list: unknown = gids;
  if (!Array.isArray(list)) badArgument(sys, 'gids', 'an array of gids', gids);
  list.forEach((gid: unknown, i) => checkInt(gid, sys, `gids[${i}]`));
  const ns = task.cred.userNs;
  if (!nsCapable(task.cred, ns, CAP_SETGID) || !usernsMaySetgroups(ns)) fail('EPERM', sys, 'needs CAP_SETGID, a gid_map and setgroups "allow"', 'U2.20');
  if (gids.length > NGROUPS_MAX) fail('EINVAL', sys, `more than ${NGROUPS_MAX} groups`, 'U2.26');
  for (const gid of gids) if (makeKgid(ns, gid) < 0) fail('EINVAL', sys, `gid ${gid} has no mapping`, 'U2.27');
  commitCreds(kernel, task, task.cred.with({ groups: gids.map((g) => makeKgid(ns, g)).sort((a, b) => a - b) }));
}
