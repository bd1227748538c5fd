/**
 * Test helpers of @nsproxy/cgroup: a kernel with the cgroup type and the
 * testkit's toy user type, and the testkit's errno assertions.
 */
import { bootWithToyUser } from '@nsproxy/testkit';
import type { Kernel, Task } from '@nsproxy/core';
import { cgroupNamespaceType } from '../src/index.ts';

export { errnoOf as errno, unprivilegedTask as user } from '@nsproxy/testkit';

/** A kernel with the cgroup and toy user types; `init` reaps its children at once. */
export function boot(): { kernel: Kernel; init: Task } {
  return bootWithToyUser(cgroupNamespaceType);
}
