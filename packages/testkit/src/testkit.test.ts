// The suite run against a small namespace type defined here, so the testkit itself is tested
// (the repository's own types run it in their packages).
import { CLONE_NEWUTS, NsCommon, checkInstallAdmin, defineNamespaceType } from '@nsproxy/core';
import type { NamespaceOperations, UcountCharge, UserNamespace } from '@nsproxy/core';
import { testNamespaceType } from './index.ts';

class ToyNamespace extends NsCommon {
  constructor(ops: NamespaceOperations, owner: UserNamespace, ucount: UcountCharge | null) {
    super(ops, owner, ucount);
  }
}

const toy: NamespaceOperations<ToyNamespace> = defineNamespaceType<ToyNamespace>({
  name: 'toy',
  type: CLONE_NEWUTS,
  order: 20,
  createInitial: (_k, owner) => new ToyNamespace(toy, owner, null),
  copy: (ctx) => new ToyNamespace(toy, ctx.userNs, ctx.chargeUcount()),
  install(nsset, ns) {
    checkInstallAdmin(nsset, ns);
    nsset.set(toy, ns);
  },
  owner: (ns) => ns.ownerNs,
  save: () => null,
  revive: (_k, owner) => new ToyNamespace(toy, owner, null),
});

testNamespaceType({ type: toy });
