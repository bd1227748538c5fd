/**
 * The pid namespace type. Mirrors kernel/pid_namespace.c (Linux 6.18):
 * copy_pid_ns + create_pid_namespace (creation), pidns_install (setns),
 * pidns_get_parent (NS_GET_PARENT), pidns_get / pidns_for_children_get (the
 * /proc/PID/ns/pid and pid_for_children links) and pidns_owner.
 *
 * What the kernel builds without CONFIG_PID_NS (struct pid, alloc_pid, the
 * child reaper, zap_pid_ns_processes on init's death, the unkillable init)
 * lives in @nsproxy/core (pid.ts, kernel.ts); registering this type is what
 * makes CLONE_NEWPID work.
 */
import {
  CLONE_NEWPID, MAX_PID_NS_LEVEL, PID_MAX_LIMIT, PidNamespace, checkInstallAdmin, defineNamespaceType, fail,
} from '@nsproxy/core';
import type { NamespaceOperations, NsEntry, Task, UserNamespace } from '@nsproxy/core';

/** What `save` keeps of a pid namespace (the kernel's snapshot also keeps the idr, cursor and reaper). */
export interface SavedPidNamespace {
  readonly pidMax: number;
}

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
  if (child.level < ancestor.level) return false;
  let ns: PidNamespace | null = child;
  while (ns && ns.level > ancestor.level) ns = ns.parent;
  return ns === ancestor;
}

/** in_userns(ancestor, child) (kernel/user_namespace.c): `child` is `ancestor` or below it. */
function inUserns(ancestor: UserNamespace, child: UserNamespace): boolean {
  let ns: UserNamespace | null = child;
  while (ns && ns.level > ancestor.level) ns = ns.parent;
  return ns === ancestor;
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
    const old = ctx.old as PidNamespace;
    if (ctx.caller.pid.ns !== old) fail('EINVAL', ctx.syscall, 'pid_for_children is not the caller\'s active pid namespace');
    const ownerNs = old.ownerNs;
    if (!ownerNs || !inUserns(ownerNs, ctx.userNs)) {
      fail('EINVAL', ctx.syscall, 'the new owner is not the parent pid namespace\'s owner or one of its descendants');
    }
    if (old.level + 1 > MAX_PID_NS_LEVEL) fail('ENOSPC', ctx.syscall, `pid namespaces nest at most ${MAX_PID_NS_LEVEL} levels deep`);
    const charge = ctx.chargeUcount();
    return new PidNamespace(pidNamespaceType, ctx.userNs, old, charge, PID_MAX_LIMIT);
  },

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
    checkInstallAdmin(nsset, ns);
    if (!pidnsIsAncestor(ns, nsset.caller.pid.ns)) {
      fail('EINVAL', 'setns', 'the pid namespace is not the caller\'s active pid namespace or one of its descendants');
    }
    nsset.set(pidNamespaceType, ns);
  },

  owner(ns) {
    return ns.ownerNs;
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
      if (!p) return fail('EPERM', 'ioctl', 'the parent pid namespace is outside the caller\'s pid namespace');
      if (p === active) break;
    }
    return parent as PidNamespace;
  },

  save(ns): SavedPidNamespace {
    return { pidMax: ns.pidMax };
  },

  revive(_kernel, owner, data, parent) {
    const saved = data as SavedPidNamespace | null;
    return new PidNamespace(pidNamespaceType, owner, parent, null, saved?.pidMax ?? PID_MAX_LIMIT);
  },
});
