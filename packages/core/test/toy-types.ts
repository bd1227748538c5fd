/**
 * Small flat namespace types for core's own tests (core cannot depend on the
 * namespace packages, which depend on it): "toy" uses CLONE_NEWIPC's bit,
 * "blue" a third-party bit above 2^32, "clock" CLONE_NEWTIME's bit (0x80,
 * inside CSIGNAL: clone3 takes it, legacy clone cannot).
 */
import { CLONE_NEWIPC, CLONE_NEWTIME, NsCommon, checkInstallAdmin, defineNamespaceType } from '../src/index.ts';
import type { NamespaceOperations, UcountCharge, UserNamespace } from '../src/index.ts';

export class FlatNamespace extends NsCommon {
  value: string;
  constructor(ops: NamespaceOperations, owner: UserNamespace, value: string, ucount: UcountCharge | null) {
    super(ops, owner, ucount);
    this.value = value;
  }
}

function flatType(name: string, flag: number, order: number): NamespaceOperations<FlatNamespace> {
  const t: NamespaceOperations<FlatNamespace> = defineNamespaceType<FlatNamespace>({
    name,
    type: flag,
    order,
    createInitial: (_k, owner) => new FlatNamespace(t, owner, 'initial', null),
    copy: (ctx) => {
      const charge = ctx.chargeUcount();
      return new FlatNamespace(t, ctx.userNs, (ctx.old).value, charge);
    },
    install(nsset, ns) {
      checkInstallAdmin(nsset, ns);
      nsset.set(t, ns);
    },
    owner: (ns) => ns.ownerNs,
    save: (ns) => ns.value,
    revive: (_k, owner, data) => new FlatNamespace(t, owner, String(data), null),
  });
  return t;
}

/** A flat type on CLONE_NEWIPC's bit (the ipc slot of the kernel's order). */
export const toyType: NamespaceOperations<FlatNamespace> = flatType('toy', CLONE_NEWIPC, 30);
/** A third-party type whose flag is bit 40. */
export const CLONE_NEWBLUE = 2 ** 40;
export const blueType: NamespaceOperations<FlatNamespace> = flatType('blue', CLONE_NEWBLUE, 100);
/** A flat type on CLONE_NEWTIME's bit (only its flag matters: no time offsets). */
export const clockType: NamespaceOperations<FlatNamespace> = flatType('clock', CLONE_NEWTIME, 70);
