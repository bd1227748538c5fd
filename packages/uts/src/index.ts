/**
 * @nsproxy/uts: UTS namespaces (hostname and domainname per namespace).
 * Mirrors kernel/utsname.c (copy_utsname, utsns_install) and the uname,
 * sethostname and setdomainname system calls of kernel/sys.c.
 */
import { CAP_SYS_ADMIN, CLONE_NEWUTS, checkAlive, checkString, defineNamespaceType, fail, NsCommon, nsCapable, utf8Length } from '@nsproxy/core';
import type { Kernel, NamespaceOperations, Task, UcountCharge, UserNamespace } from '@nsproxy/core';

export { utsRules } from './rules.ts';

/** __NEW_UTS_LEN: every field holds at most 64 bytes. */
export const NEW_UTS_LEN = 64;

/** struct new_utsname. */
export interface Utsname {
  sysname: string;
  nodename: string;
  release: string;
  version: string;
  machine: string;
  domainname: string;
}

/** The uname of a freshly booted model kernel (the machine the model was checked on). */
export const DEFAULT_UTSNAME: Readonly<Utsname> = Object.freeze({
  sysname: 'Linux',
  nodename: '(none)',
  release: '6.18.44',
  version: '#1 SMP PREEMPT_DYNAMIC',
  machine: 'x86_64',
  domainname: '(none)',
});

/** A UTS namespace (struct uts_namespace). */
export class UtsNamespace extends NsCommon {
  /**
   * The uname fields; a new namespace starts with its creator's. The object is
   * never changed, only replaced (sethostname makes a new one), so a new
   * namespace shares its creator's until either side changes a name: the copy
   * was a tenth of an unshare(CLONE_NEWUTS).
   */
  name: Readonly<Utsname>;

  constructor(ops: NamespaceOperations, owner: UserNamespace, name: Readonly<Utsname>, ucount: UcountCharge | null) {
    super(ops, owner, ucount);
    this.name = name;
  }
}

/** The UTS namespace type (utsns_operations). */
export const utsNamespaceType: NamespaceOperations<UtsNamespace> = defineNamespaceType<UtsNamespace>({
  name: 'uts',
  type: CLONE_NEWUTS,
  order: 20,
  meta: { name: '@nsproxy/uts' },
  createInitial(_kernel, initUserNs) {
    return new UtsNamespace(utsNamespaceType, initUserNs, DEFAULT_UTSNAME, null);
  },
  /** copy_utsname -> clone_uts_ns: charge max_uts_namespaces, copy the creator's names. */
  copy(ctx) {
    const charge = ctx.chargeUcount();
    return new UtsNamespace(utsNamespaceType, ctx.userNs, ctx.old.name, charge);
  },
  // utsns_install and utsns_owner are the defaults (installDefault: CAP_SYS_ADMIN over the
  // target's owner and over the caller's own user namespace; the owner is ns.ownerNs).
  save(ns) {
    return { ...ns.name };
  },
  revive(_kernel, owner, data) {
    return new UtsNamespace(utsNamespaceType, owner, data as Utsname, null);
  },
});

function utsOf(kernel: Kernel, task: Task, sys: string): UtsNamespace {
  checkAlive(kernel, task, sys);
  const ns = kernel.peekNs(task, utsNamespaceType);
  if (!(ns instanceof UtsNamespace)) return fail('EINVAL', sys, 'the uts namespace type is not registered', 'Q2.8');
  return ns;
}

/** uname(2): the fields of the task's UTS namespace. */
export function uname(kernel: Kernel, task: Task): Utsname {
  return { ...utsOf(kernel, task, 'uname').name };
}

/**
 * kernel/sys.c sethostname/setdomainname: CAP_SYS_ADMIN over the namespace's
 * owner is checked before the length. The kernel copies `len` bytes and pads
 * with NULs, so uname shows the name up to its first NUL byte.
 */
function setField(kernel: Kernel, task: Task, field: 'nodename' | 'domainname', value: string, sys: string): void {
  checkString(value, sys, 'name');
  const ns = utsOf(kernel, task, sys);
  if (!nsCapable(task.cred, ns.ownerNs as UserNamespace, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN is needed over the uts namespace\'s owner', 'Q2.2');
  if (utf8Length(value) > NEW_UTS_LEN) fail('EINVAL', sys, `longer than ${NEW_UTS_LEN} bytes`, 'Q2.6');
  const nul = value.indexOf('\0');
  ns.name = { ...ns.name, [field]: nul < 0 ? value : value.slice(0, nul) };
}

/** sethostname(2): CAP_SYS_ADMIN over the UTS namespace's owner (EPERM); at most 64 bytes (EINVAL). */
export function sethostname(kernel: Kernel, task: Task, name: string): void {
  setField(kernel, task, 'nodename', name, 'sethostname');
}

/** setdomainname(2): the same rules as sethostname. */
export function setdomainname(kernel: Kernel, task: Task, name: string): void {
  setField(kernel, task, 'domainname', name, 'setdomainname');
}
