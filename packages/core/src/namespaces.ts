/**
 * The lifetime every namespace shares, whatever its type. Models
 * kernel/nscommon.c (__ns_common_init, and the ns_ref get/put of
 * include/linux/ns_common.h: reference counting is ns_common's, not a
 * type's), fs/proc/generic.c (proc_alloc_inum, proc_free_inum) and, for
 * pins, fs/nsfs.c (nsfs_evict: a bind mount of an ns file holds the
 * namespace).
 */
import { PROC_DYNAMIC_FIRST, PROC_INIT_INO } from './constants.ts';
import { emit } from './events.ts';
import type { Kernel } from './kernel.ts';
import type { NsCommon } from './ns-common.ts';
import type { NamespaceOperations } from './ops.ts';
import type { Task } from './task.ts';
import { unchargeUcount } from './ucount.ts';

/** The task's namespace of a type, no reference taken (what the /proc/PID/ns link names). */
export function peekNs(k: Kernel, task: Task, ops: NamespaceOperations): NsCommon | undefined {
  if (ops.peek) return ops.peek(task);
  if ((ops.home ?? 'nsproxy') === 'cred') return task.state === 'dead' ? undefined : task.cred.userNs;
  return task.nsproxy?.slots[k.slotOf(ops)];
}

/** A new reference to the task's namespace of a type (proc_ns_operations.get: ns_ref_get). */
export function getNs(k: Kernel, task: Task, ops: NamespaceOperations): NsCommon | undefined {
  const ns = peekNs(k, task, ops);
  if (ns) ns.count++;
  return ns;
}

/** proc_ns_operations.put (ns_ref_put): the last reference frees the namespace (its type's `free` runs then). */
export function putNs(k: Kernel, ns: NsCommon): void {
  if (ns.freed || ns.count <= 0) throw new Error(`put of a freed ${ns.type} namespace (refcount underflow)`);
  if (--ns.count > 0) return;
  ns.freed = true;
  k.allNs.delete(ns);
  ns.ops.free?.(ns);
  if (ns.ucount) unchargeUcount(ns.ucount);
  if (ns.inum >= PROC_DYNAMIC_FIRST) {
    // proc_free_inum
    const i = ns.inum - PROC_DYNAMIC_FIRST;
    k.inumUsed.delete(i);
    if (i < k.inumLow) k.inumLow = i;
  }
  if (k.to['ns-freed'].length) emit(k, k.to['ns-freed'], { type: 'ns-freed', ns });
  if (ns.ownerNs) putNs(k, ns.ownerNs);
  const parent = ns.heldParent;
  if (parent) putNs(k, parent);
}

/** Frees a namespace a failing call created and never committed (the error path of a copy_* function). */
export function discardNs(ns: NsCommon): void {
  ns.count = 0;
  ns.freed = true;
  ns.ops.free?.(ns);
  if (ns.ucount) unchargeUcount(ns.ucount);
}

/** __ns_common_init + proc_alloc_inum: commits a new namespace (inode, id, references on its owner and parent). */
export function commitNs(k: Kernel, ns: NsCommon, initial = false): void {
  ns.bindKernel(k);
  const fixed = initial ? PROC_INIT_INO[ns.type] : undefined;
  if (fixed !== undefined) ns.inum = fixed;
  else {
    let i = k.inumLow;
    while (k.inumUsed.has(i)) i++;
    k.inumUsed.add(i);
    k.inumLow = i + 1;
    ns.inum = PROC_DYNAMIC_FIRST + i;
  }
  ns.nsId = k.nextNsId++;
  if (initial) k.initialNs.push(ns);
  if (ns.ownerNs) ns.ownerNs.count++;
  const parent = ns.heldParent;
  if (parent) parent.count++;
  k.allNs.add(ns);
  if (k.to['ns-created'].length) emit(k, k.to['ns-created'], { type: 'ns-created', ns });
}

/** A bind mount of an ns file (see `Kernel.pinNs`): one more reference on `ns`, held by `holder`. */
export function pinNs(k: Kernel, ns: NsCommon, holder: string): void {
  if (typeof holder !== 'string' || holder === '') throw new Error('pinNs: the holder must be a non-empty string');
  if (k.pinMap.has(holder)) throw new Error(`pinNs: holder '${holder}' already pins a namespace`);
  if (ns.boundKernel !== k) throw new Error(`pinNs: the ${ns.type} namespace belongs to another kernel`);
  if (ns.freed || !k.allNs.has(ns)) throw new Error(`pinNs: the ${ns.type} namespace was freed`);
  ns.count++;
  k.pinMap.set(holder, ns);
}

/** The umount of that bind mount (nsfs_evict): the last reference frees the namespace. */
export function unpinNs(k: Kernel, holder: string): void {
  const ns = k.pinMap.get(holder);
  if (!ns) throw new Error(`unpinNs: holder '${holder}' pins nothing`);
  k.pinMap.delete(holder);
  putNs(k, ns);
}
