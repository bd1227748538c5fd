/**
 * The pid namespace type. Mirrors kernel/pid_namespace.c (Linux 6.18):
 * copy_pid_ns + create_pid_namespace (creation), pidns_install (setns),
 * pidns_get_parent (NS_GET_PARENT), pidns_get / pidns_for_children_get (the
 * /proc/PID/ns/pid and pid_for_children links) and pidns_owner.
 *
 * and zap_pid_ns_processes (the namespace's teardown when its init dies,
 * the type's childReaperExit hook).
 *
 * The road not taken pid-unshare-self (unshare-self.ts), an unshare that moves
 * its caller, hangs on copy (its checks) and unshared (the move).
 *
 * What the kernel builds without CONFIG_PID_NS (struct pid, alloc_pid, the
 * child reaper, the unkillable init) lives in @nsproxy/core (pid.ts,
 * exit.ts, signal.ts); registering this type is what makes CLONE_NEWPID work.
 */
import {
  CAP_SYS_ADMIN, CLONE_NEWPID, MAX_PID_NS_LEVEL, PID_MAX_LIMIT, PidNamespace, SIGCHLD, SIGKILL, defineNamespaceType,
  fail, killThreadGroup, nsCapable, nsIsAncestor, releaseTask, revivePidNamespace, savePidNamespace, threadGroupExited,
} from '@nsproxy/core';
import type { NamespaceOperations, NsEntry, Task } from '@nsproxy/core';
import { PID_UNSHARE_SELF, checkUnshareSelf, pidUnshareSelfRoad, unshareSelf } from './unshare-self.ts';

/** What `save` keeps of a pid namespace: core's `savePidNamespace` (idr, cursor, pid_max, PIDNS_ADDING, reaper). */
export type { SavedPidNamespace } from '@nsproxy/core';

/**
 * task_active_pid_ns: the namespace of the last level of the task's struct pid.
 * It never changes for a task's lifetime; undefined once the task is reaped
 * (release_task detaches the pid, so /proc/PID/ns/pid is ENOENT).
 */
export function activePidNs(task: Task): PidNamespace | undefined {
  return task.state === 'dead' ? undefined : task.pid.ns;
}

/**
 * pidns_is_ancestor(child, ancestor) (kernel/pid_namespace.c): whether
 * `ancestor` is `child` itself or one of its ancestors.
 */
export function pidnsIsAncestor(child: PidNamespace, ancestor: PidNamespace): boolean {
  return nsIsAncestor(ancestor, child);
}

/**
 * zap_pid_ns_processes' wait condition: a pid other than the dying init's
 * own (and, for a thread, its zombie leader's) is still allocated in the
 * namespace (pid_allocated != init_pids), such as a zombie whose parent is
 * outside and has not reaped it.
 */
function zapWaits(ns: PidNamespace, init: Task): boolean {
  for (const pid of ns.idr.values()) if (pid.task?.leader !== init.leader) return true;
  return false;
}

/**
 * zap_pid_ns_processes (kernel/pid_namespace.c), when the namespace's init
 * dies: no more pids in the namespace (PIDNS_ADDING cleared: a fork into it
 * is ENOMEM), SIGKILL to every other task with a number in it, and the dying
 * init reaps them: it sets SIGCHLD to SIG_IGN, so its zombie children are
 * reaped now and those still in their exit (nested inits that wait) as soon
 * as they finish. Returns whether the init still waits for a pid it cannot
 * reap (then it stays in its exit until free_pid wakes it).
 */
function zapPidNsProcesses(ns: PidNamespace, init: Task): boolean {
  const kernel = init.kernel;
  ns.adding = false;
  init.sighand.actions.set(SIGCHLD, 'ignore');
  const victims: Task[] = [];
  for (const pid of ns.idr.values()) if (pid.task && pid.task !== init && pid.task.alive) victims.push(pid.task);
  for (const v of victims) if (v.alive) killThreadGroup(kernel, v.leader, SIGKILL);
  for (const child of [...(init.children ?? [])]) if (child.state === 'zombie' && threadGroupExited(child)) releaseTask(kernel, child);
  return zapWaits(ns, init);
}

/**
 * /proc/PID/ns/pid_for_children (pidns_for_children_get): the nsproxy slot,
 * but only once that namespace has had a child reaper; before its first task
 * exists the link is ENOENT (P2.4). The kernel never clears child_reaper, so
 * the link still reads after the init died: a namespace no longer adding
 * (PIDNS_ADDING cleared by zap_pid_ns_processes) has had one, even when a
 * restored snapshot no longer holds the reaped task. An exiting task (no
 * nsproxy) has no link.
 */
const pidForChildren: NsEntry = {
  name: 'pid_for_children',
  peek(task: Task): PidNamespace | undefined {
    if (task.state === 'dead' || !task.nsproxy) return undefined;
    const ns = task.kernel.pidNsForChildren(task);
    return ns && (ns.childReaper || !ns.adding) ? ns : undefined;
  },
};

/** The pid namespace type (pidns_operations and pidns_for_children_operations). */
export const pidNamespaceType: NamespaceOperations<PidNamespace> = defineNamespaceType<PidNamespace>({
  name: 'pid',
  type: CLONE_NEWPID,
  order: 40,
  meta: { name: '@nsproxy/pid' },
  entries: [pidForChildren],
  roads: [pidUnshareSelfRoad],

  /** init_pid_ns: level 0, owned by the initial user namespace, the kernel's pid_max. */
  createInitial(kernel, initUserNs) {
    return new PidNamespace(pidNamespaceType, initUserNs, null, null, kernel.options.pidMax ?? PID_MAX_LIMIT);
  },

  /**
   * copy_pid_ns + create_pid_namespace, in the kernel's order:
   * - pid_for_children must still be the caller's active namespace (a second
   *   unshare(CLONE_NEWPID), or one after setns(pid) elsewhere): EINVAL;
   * - the owner must be the parent's owner or below it: EINVAL;
   * - the new level may be at most 32: ENOSPC;
   * - max_pid_namespaces (ucounts): ENOSPC.
   * The new namespace's parent is the active namespace; its pid_max is PID_MAX_LIMIT.
   */
  copy(ctx) {
    const old = ctx.old;
    if (ctx.caller.pid.ns !== old) fail('EINVAL', ctx.syscall, 'pid_for_children is not the caller\'s active pid namespace', 'P2.1');
    const ownerNs = old.ownerNs;
    if (!ownerNs || !nsIsAncestor(ownerNs, ctx.userNs)) {
      fail('EINVAL', ctx.syscall, 'the new owner is not the parent pid namespace\'s owner or one of its descendants', 'P2.2');
    }
    if (old.level + 1 > MAX_PID_NS_LEVEL) fail('ENOSPC', ctx.syscall, `pid namespaces nest at most ${MAX_PID_NS_LEVEL} levels deep`, 'P1.2');
    // The road not taken pid-unshare-self: the caller itself moves, if it is alone in its session.
    if (ctx.syscall === 'unshare' && ctx.kernel.onRoad(PID_UNSHARE_SELF)) checkUnshareSelf(ctx);
    const charge = ctx.chargeUcount();
    return new PidNamespace(pidNamespaceType, ctx.userNs, old, charge, PID_MAX_LIMIT);
  },

  /**
   * ksys_unshare's tail for a new pid namespace: nothing in Linux 6.18 (only
   * pid_for_children changed); on the road not taken pid-unshare-self, the
   * caller moves into it as its pid 1.
   */
  unshared(task, ns) {
    if (task.kernel.onRoad(PID_UNSHARE_SELF)) unshareSelf(task, ns);
  },
  unsharedRoad: PID_UNSHARE_SELF,

  /** pidns_get: the task's active pid namespace (its nsproxy slot holds pid_for_children). */
  peek(task) {
    return activePidNs(task);
  },

  /**
   * pidns_install: CAP_SYS_ADMIN over the target's owner and over the caller's
   * (staged) user namespace (EPERM); the target must be the caller's active
   * namespace or one of its descendants (EINVAL). Only pid_for_children changes.
   */
  install(nsset, ns) {
    const owner = ns.ownerNs;
    if (!owner || !nsCapable(nsset.currentCred, owner, CAP_SYS_ADMIN) || !nsCapable(nsset.currentCred, nsset.cred.userNs, CAP_SYS_ADMIN)) {
      fail('EPERM', 'setns', 'CAP_SYS_ADMIN is needed over the pid namespace\'s owner and over the caller\'s user namespace', 'I4.1');
    }
    if (!pidnsIsAncestor(ns, nsset.caller.pid.ns)) {
      fail('EINVAL', 'setns', 'the pid namespace is not the caller\'s active pid namespace or one of its descendants', 'I4.2');
    }
    nsset.set(pidNamespaceType, ns);
  },

  /**
   * pidns_get_parent: the parent, if it is the caller's active namespace or
   * one of its descendants; otherwise (above the caller, or the initial
   * namespace, which has no parent) EPERM.
   */
  getParent(ns, caller) {
    const parent = ns.parent;
    const active = caller.pid.ns;
    for (let p = parent; ; p = p.parent) {
      if (!p) return fail('EPERM', 'ioctl', 'the parent pid namespace is outside the caller\'s pid namespace', 'P6.1');
      if (p === active) break;
    }
    return parent as PidNamespace;
  },

  /** find_child_reaper -> zap_pid_ns_processes: the namespace dies with its init. */
  childReaperExit: zapPidNsProcesses,
  /** The wait of zap_pid_ns_processes, re-checked each time free_pid wakes the dying init. */
  childReaperWaits: zapWaits,

  save: (ns, refs) => savePidNamespace(ns, refs),
  revive: (_kernel, owner, data, parent, refs) => revivePidNamespace(pidNamespaceType, owner, data, parent, refs),
});
