/**
 * A namespace type that is not Linux's: "hostid", a per-namespace machine id
 * (what gethostid(3) would answer). It is written the way a third party would
 * write one, against @nsproxy/core's plugin interface only, with a flag bit
 * above the kernel's (clone3 flags are 64-bit).
 */
import { CAP_SYS_ADMIN, NsCommon, defineNamespaceType, defineRules, fail, nsCapable } from '@nsproxy/core';
import type { Kernel, NamespaceOperations, Rule, Task, UcountCharge, UserNamespace } from '@nsproxy/core';

/**
 * Our CLONE_NEWHOSTID: bit 40, which no Linux clone flag uses (bits 0-31 are
 * the legacy clone flags, 32 and 33 CLONE_CLEAR_SIGHAND and CLONE_INTO_CGROUP,
 * and kernels after 6.18 take 34-37); the kernel refuses to register a type
 * whose flag collides with one of its own.
 */
export const CLONE_NEWHOSTID = 2 ** 40;

/** A hostid namespace: the namespace state is just a number. */
export class HostidNamespace extends NsCommon {
  hostid: number;
  constructor(ops: NamespaceOperations, owner: UserNamespace, hostid: number, ucount: UcountCharge | null) {
    super(ops, owner, ucount);
    this.hostid = hostid;
  }
}

/** The type: what struct proc_ns_operations would hold, plus creation. */
export const hostidNamespaceType: NamespaceOperations<HostidNamespace> = defineNamespaceType<HostidNamespace>({
  name: 'hostid',
  type: CLONE_NEWHOSTID,
  order: 100, // after the kernel's own types
  meta: { name: 'example-hostid-namespace', version: '0.0.0' },
  createInitial: (_kernel, initUserNs) => new HostidNamespace(hostidNamespaceType, initUserNs, 0x7f0101, null),
  // A new namespace starts with its creator's id; the kernel has already checked CAP_SYS_ADMIN over ctx.userNs.
  copy: (ctx) => {
    const charge = ctx.chargeUcount();
    return new HostidNamespace(hostidNamespaceType, ctx.userNs, ctx.old.hostid, charge);
  },
  // install and owner are the defaults: CAP_SYS_ADMIN over the owner and over the caller's user
  // namespace, then the namespace is staged (installDefault); the owner is ns.ownerNs.
  save: (ns) => ns.hostid,
  revive: (_kernel, owner, data) => new HostidNamespace(hostidNamespaceType, owner, Number(data), null),
});

/**
 * The type's rules, in the catalog format every package uses (`nsproxy explain
 * H1.2`): an id with a letter of our own, the rule, what it gives, and where a
 * kernel would implement it (hostid is not Linux's: the place it would have).
 */
export const hostidRules: readonly Rule[] = defineRules([
  {
    id: 'H1.1', rule: 'gethostid and sethostid act on the caller\'s hostid namespace, which a kernel without the type does not have.',
    outcome: 'EINVAL', calls: ['gethostid', 'sethostid'], linux: { function: 'sys_gethostid (not in Linux)', file: 'kernel/sys.c' },
    unshowable: 'Linux has no hostid namespaces',
  },
  {
    id: 'H1.2', rule: 'sethostid needs CAP_SYS_ADMIN over the user namespace that owns the caller\'s hostid namespace, as sethostname does for uts.',
    outcome: 'EPERM', calls: ['sethostid'], linux: { function: 'sys_sethostid (not in Linux)', file: 'kernel/sys.c' },
    unshowable: 'Linux has no hostid namespaces',
  },
]);

function hostidOf(kernel: Kernel, task: Task): HostidNamespace {
  const ns = kernel.peekNs(task, hostidNamespaceType);
  if (!(ns instanceof HostidNamespace)) return fail('EINVAL', 'gethostid', 'hostid namespaces are not registered', 'H1.1');
  return ns;
}

/** gethostid(): the id of the caller's namespace. */
export function gethostid(kernel: Kernel, task: Task): number {
  return hostidOf(kernel, task).hostid;
}

/** sethostid(): needs CAP_SYS_ADMIN over the namespace's owner, like sethostname. */
export function sethostid(kernel: Kernel, task: Task, id: number): void {
  const ns = hostidOf(kernel, task);
  if (!ns.ownerNs || !nsCapable(task.cred, ns.ownerNs, CAP_SYS_ADMIN)) fail('EPERM', 'sethostid', undefined, 'H1.2');
  ns.hostid = id >>> 0;
}
