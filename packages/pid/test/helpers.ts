/** Shared helpers of this package's tests. */
import { Kernel, SIGCHLD } from '@nsproxy/core';
import type { KernelOptions, NamespaceOperations, PidNamespace, Task } from '@nsproxy/core';
import { pidNamespaceType } from '../src/index.ts';

/** A kernel with the pid type (and `extra` types); every task reaps its children at once. */
export function boot(extra: readonly NamespaceOperations<never>[] = [], options: KernelOptions = {}): { k: Kernel; init: Task } {
  const k = new Kernel({ ...options, namespaces: [pidNamespaceType, ...extra] });
  k.sigaction(k.initTask, SIGCHLD, 'ignore');
  return { k, init: k.initTask };
}

/** The KernelError a call throws (the testkit's). */
export { kernelErrorOf as errorOf } from '@nsproxy/testkit';

/** The errno name a call fails with, or `ok`; every live namespace's refcount equals its holders. */
export { errnoOrOk as errno, expectBalancedRefcounts as balanced } from '@nsproxy/testkit';

/** The pid_for_children slot (no ENOENT rule). */
export function forChildren(k: Kernel, t: Task): PidNamespace {
  const ns = k.pidNsForChildren(t);
  if (!ns) throw new Error('the task has no nsproxy');
  return ns;
}
