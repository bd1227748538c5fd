/**
 * Test helpers of @nsproxy/time: the testkit's toy user type and errno
 * assertions, and a kernel with the time type.
 */
import { bootWithToyUser } from '@nsproxy/testkit';
import type { Kernel, Task } from '@nsproxy/core';
import { timeNamespaceType } from '../src/index.ts';

export { errnoOf as errno, toyUserType, unprivilegedTask as user, withMaps } from '@nsproxy/testkit';

/** A kernel with the time and toy user types; `init` reaps its children at once. */
export function boot(): { kernel: Kernel; init: Task } {
  return bootWithToyUser(timeNamespaceType);
}
