/**
 * A namespace type that is not Linux's: "hostid", a per-namespace machine id
 * (what gethostid(3) would answer). It is written the way a third party would
 * write one, against @nsproxy/core's plugin interface only, with a flag bit
 * above the kernel's (clone3 flags are 64-bit).
 */
import { CAP_SYS_ADMIN, NsCommon, defineNamespaceType, fail, nsCapable } from '@nsproxy/core';
import type { Kernel, NamespaceOperations, Task, UcountCharge, UserNamespace } from '@nsproxy/core';

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

function hostidOf(kernel: Kernel, task: Task): HostidNamespace {
  const ns = kernel.peekNs(task, hostidNamespaceType);
  if (!(ns instanceof HostidNamespace)) return fail('EINVAL', 'gethostid', 'hostid namespaces are not registered');
  return ns;
}

/** gethostid(): the id of the caller's namespace. */
export function gethostid(kernel: Kernel, task: Task): number {
  return hostidOf(kernel, task).hostid;
}

/** sethostid(): needs CAP_SYS_ADMIN over the namespace's owner, like sethostname. */
export function sethostid(kernel: Kernel, task: Task, id: number): void {
  const ns = hostidOf(kernel, task);
  if (!ns.ownerNs || !nsCapable(task.cred, ns.ownerNs, CAP_SYS_ADMIN)) fail('EPERM', 'sethostid');
  ns.hostid = id >>> 0;
}
