/** Shared setup of the @nsproxy/user tests: a kernel with the user type, and errno capture. */
import { Kernel, SIGCHLD } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { userNamespaceType } from '../src/index.ts';

/** A booted kernel with the user type; its first task reaps children at once. */
export function boot(options: { maxNamespaces?: number } = {}): { k: Kernel; init: Task } {
  const k = new Kernel({ namespaces: [userNamespaceType], ...options });
  k.sigaction(k.initTask, SIGCHLD, 'ignore');
  return { k, init: k.initTask };
}

/** The errno name a call fails with, or `ok`. */
export { errnoOrOk as errno } from '@nsproxy/testkit';

/** The kernel's whole state as a string, to check that a failed call changed nothing. */
export function state(k: Kernel): string {
  return JSON.stringify(k.snapshot());
}

