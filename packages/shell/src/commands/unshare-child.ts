/**
 * What util-linux 2.38.1's unshare(1) does around the child it forks
 * (sys-utils/unshare.c, main): `--kill-child[=<signame>]` (the signal by
 * name, lib/signames.c signame_to_signum; the child's
 * prctl(PR_SET_PDEATHSIG)), and the parent's blocking of SIGINT and
 * SIGTERM while it waits for the child (sigprocmask, since util-linux 2.38:
 * `kill PID` of a waiting unshare does nothing, unlike what unshare(1)'s
 * EXAMPLES section shows).
 */
import { SIGTERM } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';

/** SIGINT. */
const SIGINT = 2;

/**
 * The parent side, once the child is forked: SIGINT and SIGTERM are
 * blocked until unshare exits. The model has no signal mask; the two are
 * ignored instead, which no one can tell apart here: a blocked signal stays
 * pending, and unshare unblocks one only to die of it, when its child died
 * of the same signal (and it then kills itself with it anyway).
 */
export function blockWhileWaiting(kernel: Kernel, parent: Task): void {
  for (const sig of [SIGINT, SIGTERM]) kernel.sigaction(parent, sig, 'ignore');
}

/** The child side of --kill-child: prctl(PR_SET_PDEATHSIG, signo), before anything else it does. */
export function killWithParent(kernel: Kernel, child: Task, signo: number | undefined): void {
  if (signo !== undefined) kernel.setPdeathSignal(child, signo);
}
