/**
 * Helpers for writing a namespace type, and the two built-in types the kernel
 * always has: the initial user namespace (kernel/user.c init_user_ns) and the
 * initial pid namespace (kernel/pid.c init_pid_ns), as a kernel without
 * CONFIG_USER_NS / CONFIG_PID_NS has them. `@nsproxy/user` and `@nsproxy/pid`
 * replace them with creation and setns (kernel/user_namespace.c,
 * kernel/pid_namespace.c); both save and revive like any other type.
 */
import { CLONE_NEWPID, CLONE_NEWUSER } from './constants.ts';
import { Cred } from './cred.ts';
import { fail } from './errors.ts';
import type { NsCommon } from './ns-common.ts';
import type { NamespaceOperations } from './ops.ts';
import { installDefault } from './permission.ts';
import { PID_MAX_LIMIT, PidNamespace, revivePidNamespace, savePidNamespace } from './pid.ts';
import { UserNamespace, reviveUserNamespace, saveUserNamespace } from './user-namespace.ts';

/**
 * Builds a namespace type from its definition (like `defineConfig`), filling
 * in the defaults: `owner` is `ns.ownerNs`, `install` is `installDefault`
 * (CAP_SYS_ADMIN over the owner and over the caller's user namespace, then
 * staged). Reference counting is the kernel's, for every type. (The kernel
 * applies the same defaults to a type written as a plain object.)
 */
export function defineNamespaceType<NS extends NsCommon>(def: NamespaceOperations<NS>): NamespaceOperations<NS> {
  return {
    install: installDefault,
    owner: (ns: NS): UserNamespace | null => ns.ownerNs,
    ...def,
  };
}

/**
 * The user namespace type as a kernel without CONFIG_USER_NS has it: only the
 * initial namespace; CLONE_NEWUSER is EINVAL. `@nsproxy/user` replaces it.
 */
export const builtinUserType: NamespaceOperations<UserNamespace> = defineNamespaceType<UserNamespace>({
  name: 'user',
  type: CLONE_NEWUSER,
  order: 0,
  home: 'cred',
  createInitial(kernel) {
    return new UserNamespace(builtinUserType, {
      parent: null, owner: 0, group: 0, parentCouldSetfcap: true, setgroupsAllowed: true, ucount: null,
      defaultUcountMax: kernel.options.maxNamespaces,
    });
  },
  copy(ctx) {
    return fail('EINVAL', ctx.syscall, 'user namespaces are not configured', 'F3.8');
  },
  install(nsset) {
    return fail('EINVAL', 'setns', `user namespaces are not configured (${nsset.flags})`, 'C8.3');
  },
  owner(ns) {
    return ns.parent;
  },
  save: (ns) => saveUserNamespace(ns),
  revive: (_kernel, owner, data) => reviveUserNamespace(builtinUserType, owner, data),
});

/**
 * The pid namespace type as a kernel without CONFIG_PID_NS has it: only the
 * initial namespace; CLONE_NEWPID is EINVAL. Its init is the kernel's first
 * task, whose death is a panic: no `childReaperExit`. `@nsproxy/pid`
 * replaces it.
 */
export const builtinPidType: NamespaceOperations<PidNamespace> = defineNamespaceType<PidNamespace>({
  name: 'pid',
  type: CLONE_NEWPID,
  order: 40,
  createInitial(kernel, initUserNs) {
    return new PidNamespace(builtinPidType, initUserNs, null, null, kernel.options.pidMax ?? PID_MAX_LIMIT);
  },
  copy(ctx) {
    return fail('EINVAL', ctx.syscall, 'pid namespaces are not configured', 'F3.9');
  },
  install() {
    return fail('EINVAL', 'setns', 'pid namespaces are not configured', 'C8.3');
  },
  save: (ns, refs) => savePidNamespace(ns, refs),
  revive: (_kernel, owner, data, parent, refs) => revivePidNamespace(builtinPidType, owner, data, parent, refs),
});

/** Root credentials with `caps`, in the initial user namespace (init_cred). */
export function initCred(initUserNs: UserNamespace, caps: bigint): Cred {
  return Cred.root(initUserNs, caps);
}
