/**
 * `@nsproxy/pid/scenario`: the pid scenario area. It brings the pid namespace
 * type; the ops of the format's PID section (`getpid`, `getppid`, `pid`,
 * `kill`) are core's (`@nsproxy/core/scenario`), which implements them with
 * or without this type. Its own op is `setsid` (setsid(2), for the road not
 * taken pid-unshare-self: simulated only). Its sysctls are `kernel.pid_max`
 * and `kernel.ns_last_pid`, of the actor's active pid namespace.
 */
import { defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import { pidNamespaceType } from './pid-namespace.ts';
import { pidRules } from './rules.ts';
import { setsid } from './unshare-self.ts';
import { PID_SYSCTL_NAMES, pidSysctlRead, pidSysctlWrite } from './sysctl.ts';

/** The pid scenario area. */
export const pidArea: SimArea = defineSimArea({
  name: 'pid',
  types: [pidNamespaceType],
  // Road pid-unshare-self: setsid(2), the actor leads a new session (the model has sessions for that road only).
  // (The spec written out, as opSpec('roads', 'setsid', 0, []) makes it: this package does not depend on @nsproxy/scenario.)
  ops: [{ name: 'setsid', usage: 'setsid', min: 0, max: 0, args: [], group: 'roads' }],
  rules: pidRules,
  // kernel.pid_max and kernel.ns_last_pid: of the actor's active pid namespace.
  sysctls: [{
    names: PID_SYSCTL_NAMES,
    read: (world, actor, name) => pidSysctlRead(world.kernel, actor, name),
    write: (world, actor, name, value) => pidSysctlWrite(world.kernel, actor, name, value),
  }],
  sim: {
    setsid(world, actor) {
      return { kind: 'int', value: setsid(world.kernel, actor) };
    },
  },
});
