/**
 * The user namespace type (userns_operations). Mirrors kernel/user_namespace.c:
 * create_user_ns (clone/unshare with CLONE_NEWUSER), userns_install (setns),
 * userns_owner and ns_get_owner (NS_GET_USERNS, NS_GET_PARENT).
 */
import {
  CAP_SETFCAP, CAP_SYS_ADMIN, CLONE_NEWUSER, USER_NS_MAX_PARENT_LEVEL, UserNamespace, defineNamespaceType,
  fail, fromKgid, fromKuid, nsCapable, reviveUserNamespace, saveUserNamespace, setCredUserNs,
} from '@nsproxy/core';
import type { NamespaceOperations, ProcPidFile } from '@nsproxy/core';
import { openUserNsFile, readIdMapFile, readSetgroupsFile } from './proc.ts';
import { USERNS_2007, cloneUserNs2007, newUidhashTable, userns2007Road } from './userns-2007.ts';

/** /proc/<pid>/uid_map, gid_map, projid_map and setgroups, as a procfs shows them (proc_uid_map_operations and its twins). */
const USER_PROC_PID_FILES: readonly ProcPidFile[] = (['uid_map', 'gid_map', 'projid_map', 'setgroups'] as const).map((name) => ({
  name,
  read(kernel, reader, task) {
    const f = openUserNsFile(kernel, reader, task, name, { read: true });
    return name === 'setgroups' ? readSetgroupsFile(f) : readIdMapFile(f);
  },
}));

/** What `save` keeps of a user namespace: core's `saveUserNamespace` (maps, flags, limits, ucounts). */
export type { SavedUserNamespace } from '@nsproxy/core';

/** The user namespace type: register it with `new Kernel({ namespaces: [userNamespaceType, ...] })`. */
export const userNamespaceType: NamespaceOperations<UserNamespace> = defineNamespaceType<UserNamespace>({
  name: 'user',
  type: CLONE_NEWUSER,
  order: 0,
  home: 'cred',
  meta: { name: '@nsproxy/user' },
  procFiles: USER_PROC_PID_FILES,
  roads: [userns2007Road],
  /** init_user_ns (kernel/user.c): identity maps, setgroups allowed, owned by uid 0; on road userns-2007, its table of users (root_user). */
  createInitial(kernel) {
    const ns = new UserNamespace(userNamespaceType, {
      parent: null, owner: 0, group: 0, parentCouldSetfcap: true, setgroupsAllowed: true, ucount: null,
      defaultUcountMax: kernel.options.maxNamespaces,
    });
    if (kernel.onRoad(USERNS_2007)) ns.uidhashTable = newUidhashTable(ns);
    return ns;
  },
  /**
   * create_user_ns, in the kernel's order: the parent's level (ENOSPC), the
   * max_user_namespaces charge of (parent, euid) and its ancestors (ENOSPC),
   * a chrooted caller (EPERM), the creator's euid and egid mapped in the
   * parent (EPERM). The kernel undoes the charge when a later check fails,
   * then gives the creator set_cred_user_ns credentials in the new namespace.
   */
  copy(ctx) {
    // The road not taken userns-2007: clone_user_ns of Linux 2.6.23 (userns-2007.ts).
    if (ctx.kernel.onRoad(USERNS_2007)) return cloneUserNs2007(userNamespaceType, ctx, USER_NS_MAX_PARENT_LEVEL);
    const parent = ctx.cred.userNs;
    const { cred, syscall } = ctx;
    if (parent.level > USER_NS_MAX_PARENT_LEVEL) fail('ENOSPC', syscall, `user namespaces nest at most ${USER_NS_MAX_PARENT_LEVEL + 1} levels deep`, 'U1.2');
    const charge = ctx.chargeUcount();
    if (ctx.caller.fs?.chrooted) fail('EPERM', syscall, 'the caller is chrooted', 'U1.4');
    if (fromKuid(parent, cred.euid) < 0 || fromKgid(parent, cred.egid) < 0) {
      fail('EPERM', syscall, 'the creator\'s euid or egid has no mapping in its user namespace', 'U1.5');
    }
    return new UserNamespace(userNamespaceType, {
      parent, owner: cred.euid, group: cred.egid,
      parentCouldSetfcap: cred.hasEffectiveCap(CAP_SETFCAP),
      setgroupsAllowed: parent.setgroupsAllowed,
      ucount: charge,
    });
  },
  /**
   * userns_install: not the caller's own namespace (EINVAL), a single-threaded
   * caller (EINVAL), an unshared fs_struct (EINVAL), CAP_SYS_ADMIN in the
   * target (EPERM); then the staged credentials move to the target with the
   * full capability set.
   */
  install(nsset, ns) {
    const task = nsset.caller;
    if (ns === nsset.currentCred.userNs) fail('EINVAL', 'setns', 'already in that user namespace', 'I5.1');
    // thread_group_empty(current): the caller is a leader without other threads.
    if (!task.isLeader || (task.threads ?? []).some((t) => t.state !== 'dead')) fail('EINVAL', 'setns', 'the caller has other threads', 'I5.2');
    if ((task.fs?.users ?? 1) !== 1) fail('EINVAL', 'setns', 'the caller shares its fs_struct', 'I5.3');
    if (!nsCapable(nsset.currentCred, ns, CAP_SYS_ADMIN)) fail('EPERM', 'setns', 'CAP_SYS_ADMIN is needed in the target user namespace', 'I5.4');
    nsset.cred = setCredUserNs(nsset.cred, ns);
  },
  /** userns_owner: a user namespace is owned by its parent. */
  owner(ns) {
    return ns.parent;
  },
  /** NS_GET_PARENT is ns_get_owner: the parent, if the caller's user namespace is it or one of its ancestors (EPERM). */
  getParent(ns, caller) {
    return caller.kernel.nsGetOwner(caller, ns.parent);
  },
  /** core's saveUserNamespace, and on road userns-2007 the uids of the namespace's table. */
  save: (ns) => (ns.uidhashTable ? { ...saveUserNamespace(ns), uidhashTable: [...ns.uidhashTable.keys()] } : saveUserNamespace(ns)),
  revive: (_kernel, owner, data) => {
    const ns = reviveUserNamespace(userNamespaceType, owner, data);
    const uids = (data as { uidhashTable?: readonly number[] }).uidhashTable;
    if (uids) ns.uidhashTable = new Map(uids.map((uid) => [uid, { ns, uid }]));
    return ns;
  },
});
