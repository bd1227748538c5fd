/**
 * The road not taken `userns-2007`: the first user namespace, as Linux 2.6.23
 * merged it (kernel/user_namespace.c clone_user_ns), with the follow-ups
 * Serge E. Hallyn posted to the list (the
 * "user ns" series: mounts tagged with their user namespace, MS_SHARE_NS,
 * the SIGIO owner check; @nsproxy/mnt and ./sigio.ts model those).
 *
 * A namespace of that kind is a table of users (struct user_struct), one per
 * uid, with a root user of its own: uid 0 there is another user than the
 * initial namespace's root. Ids are not translated (no uid_map: its maps are
 * the identity, written at creation), and capabilities stay global (core's
 * nsCapable and setCredUserNs read `UserNamespace.uidhashTable`).
 *
 * Linux replaced it with id maps (3.5-3.8, Eric Biederman) and, for files,
 * idmapped mounts (5.12). With the road closed nothing here runs but one
 * `onRoad` check per new user namespace.
 */
import {
  CAP_SYS_ADMIN, IDENTITY_MAP, UserNamespace, fail, nsCapable,
} from '@nsproxy/core';
import type { CopyContext, Kernel, NamespaceOperations, Road, UserStruct } from '@nsproxy/core';

/** The road's name (`KernelOptions.roads`, `@road:`, the shell's `--road`). */
export const USERNS_2007 = 'userns-2007';

/** The road not taken `userns-2007` (roads.ts). */
export const userns2007Road: Road = Object.freeze({
  name: USERNS_2007,
  summary: 'the first user namespace (Linux 2.6.23, Serge Hallyn): a per-namespace table of users with its own root, mounts tagged with their user namespace, MS_SHARE_NS, the SIGIO owner check (2007)',
  replacedBy: 'uid_map and gid_map (Linux 3.5-3.8) and idmapped mounts (Linux 5.12)',
  doc: 'roads/first-user-namespace.md',
});

/** The initial user namespace above `ns` (init_user_ns). */
function initialOf(ns: UserNamespace): UserNamespace {
  let p = ns;
  while (p.parent) p = p.parent;
  return p;
}

/** A new table holding the root user (clone_user_ns: ns->root_user = alloc_uid(ns, 0)). */
export function newUidhashTable(ns: UserNamespace): Map<number, UserStruct> {
  return new Map([[0, { ns, uid: 0 }]]);
}

/**
 * alloc_uid (kernel/user.c, 2.6.23): the user `uid` of `ns`'s table, made if
 * it is not there. Undefined for a Linux 6.18 namespace (no table).
 */
export function allocUid(ns: UserNamespace, uid: number): UserStruct | undefined {
  const table = ns.uidhashTable;
  if (!table) return undefined;
  let user = table.get(uid);
  if (!user) {
    user = { ns, uid };
    table.set(uid, user);
  }
  return user;
}

/** One line of `userTable`: a user of the namespace and its `processes` count. */
export interface UserTableEntry {
  readonly uid: number;
  /** user->processes: the tasks not yet reaped whose real uid is this user's, in this namespace. */
  readonly processes: number;
}

/**
 * The table of users of `ns` as it stands (uidhash_table with the reference
 * counting of alloc_uid/free_uid): the root user, which the namespace holds
 * for its lifetime, and the user of each task of the namespace (a task's
 * `user` follows its real uid, switch_uid); a user no task refers to any more
 * was freed. By uid. ENOSYS for a Linux 6.18 namespace, which has no table
 * (U9.6).
 */
export function userTable(kernel: Kernel, ns: UserNamespace): UserTableEntry[] {
  const table = ns.uidhashTable;
  if (!table) return fail('ENOSYS', 'users', 'a user namespace of Linux as merged has no table of users (road userns-2007 is not open)', 'U9.6');
  const processes = new Map<number, number>();
  for (const t of kernel.taskSet) {
    if (t.state === 'dead' || t.cred.userNs !== ns) continue;
    processes.set(t.cred.uid, (processes.get(t.cred.uid) ?? 0) + 1);
  }
  for (const uid of [...table.keys()]) if (uid !== 0 && !processes.has(uid)) table.delete(uid);
  for (const uid of processes.keys()) allocUid(ns, uid);
  return [...table.keys()].sort((a, b) => a - b).map((uid) => ({ uid, processes: processes.get(uid) ?? 0 }));
}

/**
 * find_user (kernel/user.c): the user `uid` of the caller's namespace, as its
 * table holds it now; distinct objects for the same uid in two namespaces.
 */
export function findUser(kernel: Kernel, ns: UserNamespace, uid: number): UserStruct | undefined {
  userTable(kernel, ns);
  return ns.uidhashTable?.get(uid);
}

/**
 * copy_user_ns -> clone_user_ns (Linux 2.6.23) for clone and unshare with
 * CLONE_NEWUSER on the road: CAP_SYS_ADMIN (capable(), a global capability
 * then: EPERM, U9.2), the 6.18 depth and max_user_namespaces limits kept
 * (ENOSPC); a namespace whose maps are the identity, with a table holding its
 * root user and the creator's user. The creator keeps its ids and
 * capabilities (core's setCredUserNs on such a namespace).
 */
export function cloneUserNs2007(ops: NamespaceOperations<UserNamespace>, ctx: CopyContext<UserNamespace>, maxParentLevel: number): UserNamespace {
  const { cred, syscall } = ctx;
  const parent = cred.userNs;
  if (!nsCapable(cred, initialOf(parent), CAP_SYS_ADMIN)) fail('EPERM', syscall, 'CAP_SYS_ADMIN is needed to make a user namespace (road userns-2007)', 'U9.2');
  if (parent.level > maxParentLevel) fail('ENOSPC', syscall, `user namespaces nest at most ${maxParentLevel + 1} levels deep`, 'U1.2');
  const charge = ctx.chargeUcount();
  const ns = new UserNamespace(ops, {
    parent, owner: cred.euid, group: cred.egid, parentCouldSetfcap: true, setgroupsAllowed: parent.setgroupsAllowed, ucount: charge,
  });
  ns.uidMap = IDENTITY_MAP;
  ns.gidMap = IDENTITY_MAP;
  ns.projidMap = IDENTITY_MAP;
  ns.uidhashTable = newUidhashTable(ns);
  // "Reset current->user with a new one": the creator's user in the new table.
  allocUid(ns, cred.uid);
  return ns;
}
