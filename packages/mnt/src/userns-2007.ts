/**
 * The mount side of the road not taken `userns-2007` (the first user
 * namespace; the road itself is @nsproxy/user's): Serge Hallyn's "user ns"
 * series of 2006-2007 tagged every mount with the user namespace of the task
 * that made it (mnt_user_ns), refused file access through a mount of another
 * user namespace (permission, exec_permission_lite: EACCES), refused to clone
 * such a mount (clone_mnt: EPERM) unless it was mounted shared-ns
 * (MS_SHARE_NS), and exempted tasks of the initial nsproxy.
 *
 * A kernel is on the road when its user namespaces have a table of users
 * (core's `UserNamespace.uidhashTable`, which @nsproxy/user makes): this
 * package does not know the road's name, only that core interface. Linux
 * replaced all of it with id maps (3.5-3.8) and idmapped mounts (5.12).
 */
import { fail } from '@nsproxy/core';
import type { Kernel, Task, UserNamespace } from '@nsproxy/core';
import type { Mount, MntState } from './mount.ts';

/** Whether `task`'s kernel is on the road userns-2007 (its user namespace has a table of users). */
export function on2007(task: Task): boolean {
  return task.cred.userNs.uidhashTable !== null;
}

/** The user namespace a mount made by `task` is tagged with: null for the initial one (Mount.mntUserNs). */
export function tagOf(task: Task): UserNamespace | null {
  const ns = task.cred.userNs;
  return ns.parent === null ? null : ns;
}

/**
 * Runs `fn` as a call `sys` of `task` on the road: the mounts it makes are
 * tagged with the task's user namespace, and the mounts it clones are
 * checked (clone_mnt). Without the road, just `fn()`.
 */
export function as2007<T>(state: MntState, task: Task, sys: string, fn: () => T): T {
  if (!on2007(task)) return fn();
  const saved = [state.call2007, state.current2007] as const;
  state.call2007 = sys;
  state.current2007 = tagOf(task);
  try {
    return fn();
  } finally {
    [state.call2007, state.current2007] = saved;
  }
}

/** Whether `task`'s nsproxy is init_task's and its user namespace the initial one (the exemption of task_mnt_same_uidns). */
function initNsproxy(kernel: Kernel, task: Task): boolean {
  return task.nsproxy !== null && task.nsproxy === kernel.initTask.nsproxy && task.cred.userNs.parent === null;
}

/**
 * task_mnt_same_uidns (road userns-2007): whether `task` may use files
 * through `mnt`: a task of the initial nsproxy may, so may any task through a
 * shared-ns mount, and otherwise only a task of the user namespace that made
 * the mount.
 */
export function taskMntSameUidns(kernel: Kernel, task: Task, mnt: Mount): boolean {
  if (initNsproxy(kernel, task)) return true;
  if (mnt.shareNs) return true;
  return mnt.mntUserNs === tagOf(task);
}

/** permission() and exec_permission_lite with the 2007 hook: EACCES through a mount of another user namespace (M11.1). No-op off the road. */
export function checkMntUidns(kernel: Kernel, task: Task, mnt: Mount, sys: string): void {
  if (on2007(task) && !taskMntSameUidns(kernel, task, mnt)) {
    fail('EACCES', sys, 'the mount belongs to another user namespace and is not shared-ns (road userns-2007)', 'M11.1');
  }
}
