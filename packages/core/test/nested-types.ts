/**
 * Hierarchical namespace types for core's own tests (core cannot depend on
 * @nsproxy/user or @nsproxy/pid, which depend on it): a user type and a pid
 * type whose namespaces hold references on their parents, so that tests can
 * check the references held by credentials, owners, parent namespaces and
 * struct pids.
 *
 * The user type follows create_user_ns and userns_install of
 * kernel/user_namespace.c, in two flavours: with "0 <creator's euid> 1" uid
 * and gid maps written at creation (as the testkit's toy user type does), so
 * that a task inside can create a nested one, and without (core-rules). The pid type follows @nsproxy/pid
 * (kernel/pid_namespace.c copy_pid_ns, pidns_install, pidns_get_parent) in
 * short.
 */
import {
  CAP_SETFCAP, CAP_SYS_ADMIN, CLONE_NEWPID, CLONE_NEWUSER, KernelError, MAX_PID_NS_LEVEL, PID_MAX_LIMIT, PidNamespace,
  SIGCHLD, SIGKILL, USER_NS_MAX_PARENT_LEVEL, UserNamespace, capBit, checkInstallAdmin, defineNamespaceType, fail,
  fromKuid, killThreadGroup, nsCapable, nsIsAncestor, releaseTask, reviveUserNamespace, revivePidNamespace,
  saveUserNamespace, savePidNamespace, setCredUserNs, threadGroupExited,
} from '../src/index.ts';
import type { Task } from '../src/index.ts';
import type { NamespaceOperations } from '../src/index.ts';

/**
 * A user type like kernel/user_namespace.c: create_user_ns, userns_install,
 * ns_get_owner. With `selfMap`, a new namespace gets "0 <creator's e[ug]id> 1"
 * maps at once (so a task inside can nest another); without, it has none.
 */
function makeUserType(selfMap: boolean): NamespaceOperations<UserNamespace> {
  const t: NamespaceOperations<UserNamespace> = defineNamespaceType<UserNamespace>({
    name: 'user',
    type: CLONE_NEWUSER,
    order: 0,
    home: 'cred',
    createInitial: (kernel) => new UserNamespace(t, {
      parent: null, owner: 0, group: 0, parentCouldSetfcap: true, setgroupsAllowed: true, ucount: null,
      defaultUcountMax: kernel.options.maxNamespaces,
    }),
    copy(ctx) {
      const parent = ctx.userNs;
      if (parent.level > USER_NS_MAX_PARENT_LEVEL) fail('ENOSPC', ctx.syscall, 'too deep');
      if (ctx.caller.fs?.chrooted) fail('EPERM', ctx.syscall, 'chrooted');
      if (fromKuid(parent, ctx.cred.euid) < 0) fail('EPERM', ctx.syscall, 'euid unmapped');
      const charge = ctx.chargeUcount();
      const ns = new UserNamespace(t, {
        parent, owner: ctx.cred.euid, group: ctx.cred.egid, ucount: charge, setgroupsAllowed: parent.setgroupsAllowed,
        parentCouldSetfcap: (ctx.cred.capEffective & capBit(CAP_SETFCAP)) !== 0n,
      });
      if (selfMap) {
        ns.uidMap = [{ first: 0, lowerFirst: ctx.cred.euid, count: 1 }];
        ns.gidMap = [{ first: 0, lowerFirst: ctx.cred.egid, count: 1 }];
      }
      return ns;
    },
    install(nsset, ns) {
      if (ns === nsset.currentCred.userNs) fail('EINVAL', 'setns', 'same user namespace');
      if (nsset.caller.threadCount > 1) fail('EINVAL', 'setns', 'multithreaded');
      if ((nsset.caller.fs?.users ?? 1) > 1) fail('EINVAL', 'setns', 'shared fs');
      if (!nsCapable(nsset.currentCred, ns, CAP_SYS_ADMIN)) fail('EPERM', 'setns', 'no CAP_SYS_ADMIN in the target');
      nsset.cred = setCredUserNs(nsset.cred, ns);
    },
    owner: (ns) => ns.parent,
    getParent: (ns, caller) => caller.kernel.nsGetOwner(caller, ns.parent),
    save: (ns) => saveUserNamespace(ns),
    revive: (_kernel, owner, data) => reviveUserNamespace(t, owner, data),
  });
  return t;
}

/** The user type whose new namespaces start with "0 <creator's id> 1" maps. */
export const nestedUserType: NamespaceOperations<UserNamespace> = makeUserType(true);

/** The user type whose new namespaces start with no maps, as on Linux. */
export const unmappedUserType: NamespaceOperations<UserNamespace> = makeUserType(false);

/** zap_pid_ns_processes' wait: a pid other than the dying init's group's is still allocated. */
function zapWaits(ns: PidNamespace, init: Task): boolean {
  for (const pid of ns.idr.values()) if (pid.task?.leader !== init.leader) return true;
  return false;
}

/**
 * A pid type like kernel/pid_namespace.c: a new namespace is a child of the
 * caller's active one (and holds a reference on it); /proc/PID/ns/pid is the
 * active namespace, pid_for_children the nsproxy slot (once it has an init).
 */
export const nestedPidType: NamespaceOperations<PidNamespace> = defineNamespaceType<PidNamespace>({
  name: 'pid',
  type: CLONE_NEWPID,
  order: 40,
  entries: [{
    name: 'pid_for_children',
    peek(task) {
      if (task.state === 'dead' || !task.nsproxy) return undefined;
      const ns = task.kernel.pidNsForChildren(task);
      return ns && (ns.childReaper || !ns.adding) ? ns : undefined;
    },
  }],
  createInitial: (kernel, initUserNs) => new PidNamespace(nestedPidType, initUserNs, null, null, kernel.options.pidMax ?? PID_MAX_LIMIT),
  copy(ctx) {
    const old = ctx.old;
    if (ctx.caller.pid.ns !== old) fail('EINVAL', ctx.syscall, 'pid_for_children is not the active pid namespace');
    if (!old.ownerNs || !nsIsAncestor(old.ownerNs, ctx.userNs)) fail('EINVAL', ctx.syscall, 'owner outside the parent\'s owner');
    if (old.level + 1 > MAX_PID_NS_LEVEL) fail('ENOSPC', ctx.syscall, 'too deep');
    const charge = ctx.chargeUcount();
    return new PidNamespace(nestedPidType, ctx.userNs, old, charge, PID_MAX_LIMIT);
  },
  peek: (task) => (task.state === 'dead' ? undefined : task.pid.ns),
  install(nsset, ns) {
    checkInstallAdmin(nsset, ns);
    if (!nsIsAncestor(nsset.caller.pid.ns, ns)) fail('EINVAL', 'setns', 'not the active pid namespace or below');
    nsset.set(nestedPidType, ns);
  },
  owner: (ns) => ns.ownerNs,
  getParent(ns, caller) {
    for (let p = ns.parent; ; p = p.parent) {
      if (!p) return fail('EPERM', 'ioctl', 'the parent is outside the caller\'s pid namespace');
      if (p === caller.pid.ns) break;
    }
    return ns.parent as PidNamespace;
  },
  /** zap_pid_ns_processes, as @nsproxy/pid has it. */
  childReaperExit(ns, init) {
    ns.adding = false;
    init.sighand.actions.set(SIGCHLD, 'ignore');
    const victims: Task[] = [];
    for (const pid of ns.idr.values()) if (pid.task && pid.task !== init && pid.task.alive) victims.push(pid.task);
    for (const v of victims) if (v.alive) killThreadGroup(init.kernel, v.leader, SIGKILL);
    for (const child of [...(init.children ?? [])]) if (child.state === 'zombie' && threadGroupExited(child)) releaseTask(init.kernel, child);
    return zapWaits(ns, init);
  },
  childReaperWaits: zapWaits,
  save: (ns, refs) => savePidNamespace(ns, refs),
  revive: (_kernel, owner, data, parent, refs) => revivePidNamespace(nestedPidType, owner, data, parent, refs),
});

/** The errno name a call fails with, or `ok`. */
export function errno(fn: () => unknown): string {
  return errnoRule(fn).split(' ')[0] ?? '';
}

/** The errno name and the rule id a call fails with (`EACCES R1.4`), or `ok`. */
export function errnoRule(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernelError) return `${e.code} ${e.rule ?? ''}`.trim();
    throw e;
  }
  return 'ok';
}
