/**
 * The `sysctl` extension op over every sysctl the model has: the
 * /proc/sys/user files (core's per-user-namespace limits, `user.max_*_namespaces`)
 * here, every other name through the ipc area's op (the ipc sysctls).
 *
 * A write of a `user.*` file by a task of the world's initial user namespace
 * is a runner error, not an errno, on both backends: on the real kernel the
 * world's `init` is in the runner's user namespace (the host's initial one when
 * run as root), so such a write would change the host's limits. Scenarios
 * write `user.*` only from a user namespace they created.
 */
import { USER_SYSCTL_NAMES, userSysctlRead, userSysctlWrite } from '@nsproxy/core';
import { userSysctlRefusal } from '../args.ts';
import { ipcOps } from './ops-ipc.ts';
import type { SimOpTable } from './world.ts';
import { OK } from './world.ts';

export const sysctlOps: SimOpTable = {
  sysctl(world, actor, args) {
    const [name = '', value] = args;
    if (!USER_SYSCTL_NAMES.includes(name)) {
      // Every other sysctl the model has is an ipc one: only with the ipc area's type in the kernel.
      const other = ipcOps.sysctl;
      if (!other || !world.kernel.types.some((t) => t.name === 'ipc')) throw new Error(`sysctl ${name} is not modelled by this simulated backend`);
      return other(world, actor, args);
    }
    if (value === undefined) return { kind: 'text', value: userSysctlRead(world.kernel, actor, name) };
    if (actor.cred.userNs === world.kernel.initUserNs) {
      throw new Error(userSysctlRefusal(name));
    }
    userSysctlWrite(world.kernel, actor, name, value);
    return OK;
  },
};
