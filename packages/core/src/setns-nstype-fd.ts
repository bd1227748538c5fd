/**
 * Road `setns-nstype-fd` (roads.ts): setns with the argument order Eric W.
 * Biederman first proposed, `setns(nstype, fd)` (the namespace file
 * descriptor series of 2010), on a kernel that opened the road; without it
 * the call is ENOSYS, as on Linux. Linux 3.0 merged the call as
 * `setns(fd, nstype)` (kernel/nsproxy.c), which the model keeps beside it:
 * the semantics are the same (nstype 0 accepts any type, an ns file or a
 * pidfd), only the order of the arguments differs, so every check and error
 * is setns(2)'s (`Kernel.setns`, rules C8.*).
 *
 * Not confirmed from the list archive searched here: the exact version of the
 * series that had this order; the order itself is as the issue that asked for
 * this road states it.
 */
import { checkAlive, checkInt } from './args.ts';
import { fail } from './errors.ts';
import type { Kernel } from './kernel.ts';
import type { Task } from './task.ts';

/** The road's name, as `KernelOptions.roads`, `@road:` and `--road` write it. */
export const SETNS_NSTYPE_FD = 'setns-nstype-fd';

/**
 * sys_setns(nstype, fd) as first proposed: setns(2) with its two arguments
 * swapped. ENOSYS unless the kernel opened road setns-nstype-fd.
 */
export function setnsNstypeFd(k: Kernel, task: Task, nstype: number, fd: number): void {
  const sys = 'setns_nstype';
  checkAlive(k, task, sys);
  checkInt(nstype, sys, 'nstype');
  checkInt(fd, sys, 'fd');
  if (!k.onRoad(SETNS_NSTYPE_FD)) fail('ENOSYS', sys, `no setns(nstype, fd) on Linux as merged (road ${SETNS_NSTYPE_FD} is not open)`, 'R2.1');
  k.setns(task, fd, nstype);
}
