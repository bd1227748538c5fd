/**
 * Permission helpers the namespace types share. Mirrors the install checks
 * that every flat type repeats (kernel/utsname.c utsns_install and its twins,
 * the default `install`)
 * and generic_permission for /proc files (fs/namei.c).
 */
import { CAP_DAC_OVERRIDE, CAP_SYS_ADMIN } from './constants.ts';
import type { Cred } from './cred.ts';
import { nsCapable } from './cred.ts';
import { fail } from './errors.ts';
import type { NsCommon } from './ns-common.ts';
import type { NsSet } from './nsset.ts';
import type { UserNamespace } from './user-namespace.ts';
import { fromKgid, fromKuid } from './user-namespace.ts';

/**
 * The install check of uts, ipc, net, cgroup, time: CAP_SYS_ADMIN over the
 * target's owner AND over the caller's own (staged) user namespace, both
 * evaluated with the caller's current credentials; EPERM otherwise.
 */
export function checkInstallAdmin(nsset: NsSet, ns: NsCommon): void {
  const owner = ns.ownerNs;
  if (!owner || !nsCapable(nsset.currentCred, owner, CAP_SYS_ADMIN) || !nsCapable(nsset.currentCred, nsset.cred.userNs, CAP_SYS_ADMIN)) {
    fail('EPERM', 'setns', `CAP_SYS_ADMIN is needed over the ${ns.type} namespace's owner and over the caller's user namespace`, 'C8.18');
  }
}

/**
 * The default `install` of a namespace type, what utsns_install and
 * ipcns_install (and net, cgroup, time) do: `checkInstallAdmin`, then the
 * namespace is staged as the caller's namespace of its type.
 */
export function installDefault(nsset: NsSet, ns: NsCommon): void {
  checkInstallAdmin(nsset, ns);
  nsset.set(ns.ops, ns);
}

/** proc_ns_operations.install of `ns`'s type: its own, or `installDefault`. */
export function installNs(nsset: NsSet, ns: NsCommon): void {
  const ops = ns.ops;
  if (ops.install) ops.install(nsset, ns);
  else installDefault(nsset, ns);
}

/** The inode identity generic_permission looks at. */
export interface InodeAttrs {
  /** Kernel uid and gid of the owner. */
  readonly uid: number;
  readonly gid: number;
  /** Permission bits (0o644). */
  readonly mode: number;
}

/** capable_wrt_inode_uidgid: the capability in the caller's namespace, with the inode's ids mapped there. */
export function capableWrtInode(cred: Cred, inode: InodeAttrs, cap: number): boolean {
  const ns: UserNamespace = cred.userNs;
  return nsCapable(cred, ns, cap) && fromKuid(ns, inode.uid) >= 0 && fromKgid(ns, inode.gid) >= 0;
}

/**
 * generic_permission for a write (mask 2) or read (mask 4): owner, then group,
 * then other bits, then CAP_DAC_OVERRIDE. Returns false for EACCES.
 */
export function inodePermission(cred: Cred, inode: InodeAttrs, mask: 2 | 4): boolean {
  let bits: number;
  if (cred.fsuid === inode.uid) bits = (inode.mode >> 6) & 7;
  else if (cred.fsgid === inode.gid) bits = (inode.mode >> 3) & 7;
  else bits = inode.mode & 7;
  if ((bits & mask) === mask) return true;
  return capableWrtInode(cred, inode, CAP_DAC_OVERRIDE);
}
