/**
 * The staging area of setns. Mirrors struct nsset (include/linux/nsproxy.h) and
 * prepare_nsset/commit_nsset (kernel/nsproxy.c): every `install` validates and
 * writes here; nothing reaches the task until the kernel commits, so a failing
 * install leaves the caller untouched.
 */
import type { Cred } from './cred.ts';
import type { Kernel } from './kernel.ts';
import type { NsCommon } from './ns-common.ts';
import type { NamespaceOperations } from './ops.ts';
import type { FsPath, Task } from './task.ts';

/** struct nsset. */
export class NsSet {
  readonly kernel: Kernel;
  /** The CLONE_NEW* flags of the call. */
  readonly flags: number;
  /** The calling task. */
  readonly caller: Task;
  /** The caller's credentials before the call: every ns_capable check uses these. */
  readonly currentCred: Cred;
  /** The credentials after the call (a user-namespace install replaces them). */
  cred: Cred;
  /** The staged nsproxy slots (a private copy). */
  readonly slots: NsCommon[];
  /** nsset->fs: the root and working directory the caller gets (staged by mntns_install), or null for no change. */
  fs: { readonly root: FsPath; readonly pwd: FsPath } | null = null;
  /** What installs asked to run at commit (timens_commit), in install order; null for none. */
  commits: (() => void)[] | null = null;

  constructor(kernel: Kernel, caller: Task, flags: number, slots: NsCommon[]) {
    this.kernel = kernel;
    this.caller = caller;
    this.flags = flags;
    this.currentCred = caller.cred;
    this.cred = caller.cred;
    this.slots = slots;
  }

  /** Stages `ns` as the caller's namespace of its type (nsproxy->X = ns). */
  set(ops: NamespaceOperations, ns: NsCommon): void {
    this.slots[this.kernel.slotOf(ops)] = ns;
  }

  /**
   * Runs `fn` at commit_nsset, once every install passed and the caller was
   * switched (a type's part of the commit, as timens_commit is). `fn` must
   * not fail.
   */
  onCommit(fn: () => void): void {
    (this.commits ??= []).push(fn);
  }

  /** The staged namespace of a type. */
  get(ops: NamespaceOperations): NsCommon | undefined {
    return this.slots[this.kernel.slotOf(ops)];
  }
}
