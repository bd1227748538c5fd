/**
 * The road not taken `pid-unshare-self`: unshare(CLONE_NEWPID) moving the
 * caller itself into the new pid namespace, as the pid namespace series of
 * 2006-2007 first proposed it. The caller gets a new last level in its struct
 * pid (number 1 in the new namespace), becomes that namespace's child reaper,
 * and its children are born there. It was allowed only for a caller alone in
 * its process group and session and not threaded, so that no process group
 * or session would hold a pid the new namespace cannot see.
 *
 * Linux 3.8 merged another design (commit "pidns: Support unsharing the pid
 * namespace"): the caller stays where it is and only pid_for_children
 * changes (kernel/pid_namespace.c copy_pid_ns). With the road closed nothing
 * here runs but one `onRoad` check per unshare(CLONE_NEWPID).
 *
 * setsid(2) (kernel/sys.c ksys_setsid) is modelled here too, as far as this
 * road needs it: the model has one process group per session.
 */
import { Pid, fail, putPid } from '@nsproxy/core';
import type { CopyContext, Kernel, PidNamespace, Road, Task } from '@nsproxy/core';

/** The road's name (`KernelOptions.roads`, `@road:`, the shell's `--road`). */
export const PID_UNSHARE_SELF = 'pid-unshare-self';

/** The road not taken `pid-unshare-self` (roads.ts). */
export const pidUnshareSelfRoad: Road = Object.freeze({
  name: PID_UNSHARE_SELF,
  summary: 'unshare(CLONE_NEWPID) moves the caller itself into the new pid namespace as its pid 1 and child reaper (the pid namespace series, 2006-2007)',
  replacedBy: 'pid_for_children (Linux 3.8): unshare(CLONE_NEWPID) only changes the namespace of the caller\'s next children',
  doc: 'roads/pid-unshare-self.md',
});

/** The serial of the leader of `task`'s session (Task.session; 0 is the boot session, led by the first task). */
export function sessionOf(task: Task): number {
  return task.leader.session === 0 ? task.kernel.initTask.serial : task.leader.session;
}

/** Whether another task not yet reaped is in `task`'s session (its pid is attached to the session until release_task). */
function sessionHasOthers(kernel: Kernel, task: Task): boolean {
  const sid = sessionOf(task);
  for (const t of kernel.taskSet) {
    if (t.leader === task.leader || t.state === 'dead') continue;
    if (sessionOf(t) === sid) return true;
  }
  return false;
}

/**
 * setsid(2) (kernel/sys.c ksys_setsid): the calling process leads a new
 * session and process group. EPERM when it already leads a process group
 * (here: a session, or the boot session of the first task) or another process
 * is still in the group its pid names. Returns the new session id as the
 * caller's pid namespace sees it (task_session_vnr), its own pid.
 */
export function setsid(kernel: Kernel, task: Task): number {
  const leader = task.leader;
  const serial = leader.serial;
  if (sessionOf(leader) === serial) fail('EPERM', 'setsid', 'the caller already leads a process group', 'P9.4');
  for (const t of kernel.taskSet) {
    if (t.state !== 'dead' && t.leader !== leader && sessionOf(t) === serial) {
      fail('EPERM', 'setsid', 'a process group with the caller\'s pid still exists', 'P9.4');
    }
  }
  leader.session = serial;
  return leader.pid.nrIn(leader.pid.ns);
}

/**
 * The checks the proposal added to unshare(CLONE_NEWPID), before anything is
 * made: the caller leads its session (and so its process group), no other
 * task is in that session, and it has no other thread (EBUSY, P9.2). A caller
 * that already is the init of its pid namespace is refused too (EBUSY, P9.3):
 * the model gives a namespace one child reaper and a task one.
 */
export function checkUnshareSelf(ctx: CopyContext<PidNamespace>): void {
  const task = ctx.caller;
  const leader = task.leader;
  if (!task.isLeader || (leader.threads ?? []).some((t) => t.state !== 'dead')) {
    fail('EBUSY', 'unshare', 'the caller has other threads (road pid-unshare-self)', 'P9.2');
  }
  if (sessionOf(leader) !== leader.serial) fail('EBUSY', 'unshare', 'the caller does not lead its session and process group (road pid-unshare-self)', 'P9.2');
  if (sessionHasOthers(task.kernel, leader)) fail('EBUSY', 'unshare', 'another process is in the caller\'s session (road pid-unshare-self)', 'P9.2');
  if (leader.pid.ns.childReaper === leader) fail('EBUSY', 'unshare', 'the caller is the init of its pid namespace (road pid-unshare-self)', 'P9.3');
}

/**
 * The move, once the unshare committed (the pid type's `unshared` step): the
 * caller's struct pid gets a new last level, number 1 in `ns`, with the same
 * numbers above it; every idr entry of the old pid now names the new one, the
 * old pid is detached (a pidfd on it no longer finds the task), and the caller
 * is `ns`'s child reaper. Its parent sees the same number as before.
 */
export function unshareSelf(task: Task, ns: PidNamespace): void {
  const old = task.pid;
  const pid = new Pid(ns, [...old.numbers, 1]);
  pid.task = task;
  for (let p: PidNamespace | null = old.ns; p; p = p.parent) p.setPidNr(old.numbers[p.level] ?? -1, pid);
  ns.setPidNr(1, pid);
  ns.cursor = 2;
  ns.count++;
  ns.childReaper = task;
  // change_pid: the task_struct now points at the new pid (Task.pid is readonly to every other caller).
  (task as { pid: Pid }).pid = pid;
  old.task = null;
  putPid(task.kernel, old, false);
}
