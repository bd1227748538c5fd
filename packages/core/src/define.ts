/**
 * Helpers for writing a namespace type, and the two built-in types the kernel
 * always has: the initial user namespace (kernel/user.c) and the initial pid
 * namespace (kernel/pid.c). `@nsproxy/user` and `@nsproxy/pid` extend these
 * with creation and setns (kernel/user_namespace.c, kernel/pid_namespace.c).
 */
import { CLONE_NEWPID, CLONE_NEWUSER } from './constants.ts';
import { Cred } from './cred.ts';
import { fail } from './errors.ts';
import type { NsCommon } from './ns-common.ts';
import type { NamespaceOperations } from './ops.ts';
import { PID_MAX_LIMIT, PidNamespace } from './pid.ts';
import type { Task } from './task.ts';
import { UserNamespace } from './user-namespace.ts';

/** A type definition: everything but `get`/`put`, which default to the kernel's reference counting. */
export type NamespaceTypeDefinition<NS extends NsCommon> = Omit<NamespaceOperations<NS>, 'get' | 'put'> &
  Partial<Pick<NamespaceOperations<NS>, 'get' | 'put'>>;

/**
 * Builds a namespace type from its definition (an identity helper, like
 * `defineConfig`): `get` takes a reference on the task's namespace of the type,
 * `put` drops one through the kernel (the last put frees it).
 */
export function defineNamespaceType<NS extends NsCommon>(def: NamespaceTypeDefinition<NS>): NamespaceOperations<NS> {
  const ops: NamespaceOperations<NS> = {
    ...def,
    get: def.get ?? ((task: Task): NS | undefined => task.kernel.getNs(task, ops) as NS | undefined),
    put: def.put ?? ((ns: NS): void => {
      nsKernel(ns).putNs(ns);
    }),
  };
  return ops;
}

/** @internal Records which kernel a namespace belongs to, for `put`. */
export function bindNamespace(ns: NsCommon, kernel: { putNs(ns: NsCommon): void }): void {
  ns.bindKernel(kernel);
}
function nsKernel(ns: NsCommon): { putNs(ns: NsCommon): void } {
  const k = ns.boundKernel;
  if (!k) throw new Error(`namespace ${ns.type} is not bound to a kernel`);
  return k;
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
    return fail('EINVAL', ctx.syscall, 'user namespaces are not configured');
  },
  install(nsset) {
    return fail('EINVAL', 'setns', `user namespaces are not configured (${nsset.flags})`);
  },
  owner(ns) {
    return ns.parent;
  },
});

/**
 * The pid namespace type as a kernel without CONFIG_PID_NS has it: only the
 * initial namespace; CLONE_NEWPID is EINVAL. `@nsproxy/pid` replaces it.
 */
export const builtinPidType: NamespaceOperations<PidNamespace> = defineNamespaceType<PidNamespace>({
  name: 'pid',
  type: CLONE_NEWPID,
  order: 40,
  createInitial(kernel, initUserNs) {
    return new PidNamespace(builtinPidType, initUserNs, null, null, kernel.options.pidMax ?? PID_MAX_LIMIT);
  },
  copy(ctx) {
    return fail('EINVAL', ctx.syscall, 'pid namespaces are not configured');
  },
  install() {
    return fail('EINVAL', 'setns', 'pid namespaces are not configured');
  },
  owner(ns) {
    return ns.ownerNs;
  },
});

/** Root credentials with `caps`, in the initial user namespace (init_cred). */
export function initCred(initUserNs: UserNamespace, caps: bigint): Cred {
  return Cred.root(initUserNs, caps);
}
