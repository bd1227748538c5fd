/**
 * The part every namespace shares. Mirrors struct ns_common
 * (include/linux/ns_common.h): type, nsfs inode number, 64-bit id, refcount.
 */
import type { NamespaceOperations } from './ops.ts';
import type { UserNamespace } from './user-namespace.ts';
import type { UcountCharge } from './ucount.ts';

/** Base class of every namespace object of the model (struct ns_common). */
export abstract class NsCommon {
  /** The type's operations (proc_ns_operations). */
  readonly ops: NamespaceOperations;
  /** nsfs inode number; 0 until the namespace is committed (see nsfs.ts). */
  inum = 0;
  /** 64-bit namespace id (NS_GET_ID), never reused while the kernel runs; 0 until committed. */
  nsId = 0;
  /** Reference count (__ns_ref): nsproxies, credentials, open files, child and owned namespaces. */
  count = 1;
  /** Set once the last reference was dropped and the type's teardown ran. */
  freed = false;
  /**
   * The owning user namespace (`user_ns` in every non-user namespace; for a
   * user namespace, its parent). A reference is held on it.
   */
  readonly ownerNs: UserNamespace | null;
  /** The ucount charge released when the namespace is freed (kernel/ucount.c). */
  ucount: UcountCharge | null;
  /**
   * @internal The kernel that committed the namespace (pins check it): a
   * field, not a WeakMap entry, which made every short-lived namespace
   * expensive to collect. (A plain field rather than a `#private` one: private
   * fields cost V8 more to set up in a constructor.)
   */
  boundKernel: object | null = null;
  /** @internal Position in the kernel's registry of live namespaces (registry.ts); -1 when not in one. */
  registryIndex = -1;

  /**
   * Another namespace on which this one holds a reference besides its owner:
   * a pid namespace's parent (create_pid_namespace takes get_pid_ns(parent),
   * destroy_pid_namespace puts it); null for every other type. A field set
   * by the constructor rather than a getter a type overrides: commitNs and
   * putNs read it for every namespace of every type, where a getter was a
   * megamorphic call.
   */
  readonly heldParent: NsCommon | null;

  constructor(ops: NamespaceOperations, ownerNs: UserNamespace | null, ucount: UcountCharge | null, heldParent: NsCommon | null = null) {
    this.ops = ops;
    this.ownerNs = ownerNs;
    this.ucount = ucount;
    this.heldParent = heldParent;
  }

  /** @internal Records the kernel the namespace belongs to (when it is committed). */
  bindKernel(kernel: object): void {
    this.boundKernel = kernel;
  }

  /** The type name, e.g. `uts` (the ns file name). */
  get type(): string {
    return this.ops.name;
  }

  /** What `readlink /proc/PID/ns/<type>` prints: `uts:[4026531838]`. */
  get linkName(): string {
    return `${this.ops.realName ?? this.ops.name}:[${this.inum}]`;
  }
}

/** The owning user namespace of any namespace (proc_ns_operations.owner; default `ns.ownerNs`). */
export function nsOwner(ns: NsCommon): UserNamespace | null {
  const ops = ns.ops;
  return ops.owner ? ops.owner(ns) : ns.ownerNs;
}

/** A namespace of a hierarchical type (user, pid): a parent and a nesting level. */
export interface NestedNamespace<T> {
  readonly parent: T | null;
  readonly level: number;
}

/**
 * in_userns / pidns_is_ancestor (kernel/user_namespace.c,
 * kernel/pid_namespace.c): whether `ancestor` is `child` itself or one of its
 * ancestors. The one ancestor walk of the model.
 */
export function nsIsAncestor<T extends NestedNamespace<T>>(ancestor: T, child: T): boolean {
  let ns: T | null = child;
  while (ns && ns.level > ancestor.level) ns = ns.parent;
  return ns === ancestor;
}
