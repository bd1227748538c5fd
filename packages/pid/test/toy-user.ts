/**
 * A minimal user namespace type for this package's tests only (a type package
 * may not depend on @nsproxy/user): creation owned by the creator's euid with
 * an identity map of that id, and userns_install's EINVAL/EPERM checks. Enough
 * to exercise the owner rules of pid namespaces (F3.4, I4.1, U3.1).
 */
import { CAP_FULL_SET, CAP_SYS_ADMIN, CLONE_NEWUSER, UserNamespace, defineNamespaceType, fail, nsCapable } from '@nsproxy/core';
import type { NamespaceOperations } from '@nsproxy/core';

export const toyUserType: NamespaceOperations<UserNamespace> = defineNamespaceType<UserNamespace>({
  name: 'user',
  type: CLONE_NEWUSER,
  order: 0,
  home: 'cred',
  createInitial(kernel) {
    return new UserNamespace(toyUserType, {
      parent: null, owner: 0, group: 0, parentCouldSetfcap: true, setgroupsAllowed: true, ucount: null,
      defaultUcountMax: kernel.options.maxNamespaces,
    });
  },
  copy(ctx) {
    const charge = ctx.chargeUcount();
    const ns = new UserNamespace(toyUserType, {
      parent: ctx.cred.userNs, owner: ctx.cred.euid, group: ctx.cred.egid, parentCouldSetfcap: true,
      setgroupsAllowed: true, ucount: charge,
    });
    // "0 <euid> 1" in both maps, as a test would write them.
    ns.uidMap = [{ first: 0, lowerFirst: ctx.cred.euid, count: 1 }];
    ns.gidMap = [{ first: 0, lowerFirst: ctx.cred.egid, count: 1 }];
    return ns;
  },
  install(nsset, ns) {
    if (ns === nsset.currentCred.userNs) fail('EINVAL', 'setns', 'already in that user namespace');
    if (!nsCapable(nsset.currentCred, ns, CAP_SYS_ADMIN)) fail('EPERM', 'setns');
    nsset.cred = nsset.cred.with({ userNs: ns, capEffective: CAP_FULL_SET, capPermitted: CAP_FULL_SET });
  },
  owner(ns) {
    return ns.parent;
  },
});
