/**
 * Test helpers of @nsproxy/uts: the testkit's toy user type and errno
 * assertions, and a kernel with the uts type.
 */
import { bootWithToyUser } from '@nsproxy/testkit';
import type { Kernel, Task } from '@nsproxy/core';
import { utsNamespaceType } from '../src/index.ts';

export { errnoOf as errno, toyUserType, unprivilegedTask as user, withMaps } from '@nsproxy/testkit';

/** A kernel with the uts and toy user types; `init` reaps its children at once. */
export function boot(): { kernel: Kernel; init: Task } {
  return bootWithToyUser(utsNamespaceType);
}
