/**
 * The credential calls util-linux's setpriv(1), unshare(1) and su(1) make
 * besides setres[ug]id: prctl's capability and privilege controls
 * (kernel/sys.c prctl_set_securebits-era PR_SET_KEEPCAPS, PR_SET_NO_NEW_PRIVS;
 * security/commoncap.c cap_task_prctl: PR_CAPBSET_DROP, PR_CAP_AMBIENT),
 * getgroups(2), and what execve does to the capability sets of a program
 * with no file capabilities and no set-id bit (commoncap.c
 * cap_bprm_creds_from_file with handle_privileged_root).
 */
import {
  CAP_LAST_CAP, CAP_SETPCAP, SECBIT_KEEP_CAPS, SECBIT_KEEP_CAPS_LOCKED, SECBIT_NOROOT, SECBIT_NO_CAP_AMBIENT_RAISE, checkAlive, checkInt, commitCreds, fail,
  fromKgidMunged, makeKuid, nsCapable,
} from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';

/** cap_valid(cap): 0..CAP_LAST_CAP. */
function capValid(cap: number): boolean {
  return Number.isInteger(cap) && cap >= 0 && cap <= CAP_LAST_CAP;
}

const bit = (cap: number): bigint => 1n << BigInt(cap);

/** getgroups(2) (kernel/groups.c): the supplementary groups as the task's user namespace maps them (65534 when unmapped). */
export function getgroups(kernel: Kernel, task: Task): number[] {
  checkAlive(kernel, task, 'getgroups');
  return task.cred.groups.map((g) => fromKgidMunged(task.cred.userNs, g));
}

/**
 * The bits of the securebits (SECURE_ALL_BITS: noroot, no_setuid_fixup,
 * keep_caps, no_cap_ambient_raise, and since Linux 6.14 exec_restrict_file and
 * exec_deny_interactive) and their locks (SECURE_ALL_LOCKS); the two exec bits
 * are SECURE_ALL_UNPRIVILEGED: user space's own restrictions, which a task may
 * set, and lock, without CAP_SETPCAP.
 */
const SECURE_ALL_BITS = 0x555;
const SECURE_ALL_LOCKS = SECURE_ALL_BITS << 1;
const SECURE_ALL_UNPRIVILEGED = 0x500;

/** prctl(PR_GET_SECUREBITS). */
export function prctlGetSecurebits(kernel: Kernel, task: Task): number {
  checkAlive(kernel, task, 'prctl');
  return task.cred.securebits | (task.cred.keepCaps ? SECBIT_KEEP_CAPS : 0);
}

/**
 * prctl(PR_SET_SECUREBITS) (cap_task_prctl): EPERM to change a locked bit,
 * to unlock a lock, to set an unknown bit, or, without CAP_SETPCAP in the
 * caller's user namespace, for anything but a change of the unprivileged exec
 * bits and their locks (no change at all is refused too, "for legacy reason").
 */
export function prctlSetSecurebits(kernel: Kernel, task: Task, bits: number): void {
  checkAlive(kernel, task, 'prctl');
  checkInt(bits, 'prctl', 'bits');
  const old = prctlGetSecurebits(kernel, task);
  // arg2 is an unsigned long: a bit above the 32 the mask tests is as unknown as any other.
  if (bits < 0 || bits > 0xffffffff || (((old & SECURE_ALL_LOCKS) >> 1) & (old ^ bits)) !== 0 || (old & SECURE_ALL_LOCKS & ~bits) !== 0 || (bits & ~(SECURE_ALL_LOCKS | SECURE_ALL_BITS)) !== 0) {
    fail('EPERM', 'prctl', 'a locked or unknown securebit', 'U6.1');
  }
  if (!nsCapable(task.cred, task.cred.userNs, CAP_SETPCAP)) {
    const changed = old ^ bits;
    if (changed === 0 || (changed & ~(SECURE_ALL_UNPRIVILEGED | (SECURE_ALL_UNPRIVILEGED << 1))) !== 0) fail('EPERM', 'prctl', 'changing a privileged securebit needs CAP_SETPCAP', 'U6.1');
  }
  commitCreds(kernel, task, task.cred.with({ securebits: bits & ~SECBIT_KEEP_CAPS, keepCaps: (bits & SECBIT_KEEP_CAPS) !== 0 }));
}

/** prctl(PR_SET_KEEPCAPS): SECBIT_KEEP_CAPS on or off (0 or 1, else EINVAL; EPERM once locked); execve clears it. */
export function prctlSetKeepCaps(kernel: Kernel, task: Task, value: number): void {
  checkAlive(kernel, task, 'prctl');
  checkInt(value, 'prctl', 'value');
  if (value !== 0 && value !== 1) fail('EINVAL', 'prctl', 'PR_SET_KEEPCAPS takes 0 or 1', 'U6.2');
  if ((task.cred.securebits & SECBIT_KEEP_CAPS_LOCKED) !== 0) fail('EPERM', 'prctl', 'SECBIT_KEEP_CAPS is locked', 'U6.3');
  commitCreds(kernel, task, task.cred.with({ keepCaps: value === 1 }));
}

/** prctl(PR_GET_KEEPCAPS) (cap_task_prctl): 1 while SECBIT_KEEP_CAPS is set. */
export function prctlGetKeepCaps(kernel: Kernel, task: Task): number {
  checkAlive(kernel, task, 'prctl');
  return task.cred.keepCaps ? 1 : 0;
}

/** prctl(PR_GET_NO_NEW_PRIVS) (kernel/sys.c prctl): 1 once no_new_privs is set. */
export function prctlGetNoNewPrivs(kernel: Kernel, task: Task): number {
  checkAlive(kernel, task, 'prctl');
  return task.noNewPrivs ? 1 : 0;
}

/** prctl(PR_CAPBSET_READ) (cap_task_prctl): 1 when the capability is in the bounding set; EINVAL for one the kernel does not know. */
export function prctlCapbsetRead(kernel: Kernel, task: Task, cap: number): number {
  checkAlive(kernel, task, 'prctl');
  if (!capValid(cap)) fail('EINVAL', 'prctl', `no capability ${cap}`, 'U6.6');
  return (task.cred.capBset & bit(cap)) !== 0n ? 1 : 0;
}

/** prctl(PR_SET_NO_NEW_PRIVS, 1) (task_set_no_new_privs): only 1 is taken, and the flag is never cleared. */
export function prctlSetNoNewPrivs(kernel: Kernel, task: Task, value = 1): void {
  checkAlive(kernel, task, 'prctl');
  if (value !== 1) fail('EINVAL', 'prctl', 'PR_SET_NO_NEW_PRIVS takes 1', 'U6.4');
  task.noNewPrivs = true;
}

/** prctl(PR_CAPBSET_DROP) (cap_prctl_drop): CAP_SETPCAP in the caller's own user namespace (EPERM), a valid capability (EINVAL). */
export function prctlCapbsetDrop(kernel: Kernel, task: Task, cap: number): void {
  checkAlive(kernel, task, 'prctl');
  if (!nsCapable(task.cred, task.cred.userNs, CAP_SETPCAP)) fail('EPERM', 'prctl', 'dropping from the bounding set needs CAP_SETPCAP', 'U6.5');
  if (!capValid(cap)) fail('EINVAL', 'prctl', `no capability ${cap}`, 'U6.6');
  commitCreds(kernel, task, task.cred.with({ capBset: task.cred.capBset & ~bit(cap) }));
}

/**
 * prctl(PR_CAP_AMBIENT, op, cap) (cap_task_prctl): `raise` needs the
 * capability in both the permitted and inheritable sets (EPERM), `lower`
 * drops one, `clear` drops all, `is-set` returns 0 or 1.
 */
export function prctlCapAmbient(kernel: Kernel, task: Task, op: 'raise' | 'lower' | 'clear' | 'is-set', cap = 0): number {
  checkAlive(kernel, task, 'prctl');
  const c = task.cred;
  if (op === 'clear') {
    commitCreds(kernel, task, c.with({ capAmbient: 0n }));
    return 0;
  }
  if (!capValid(cap)) fail('EINVAL', 'prctl', `no capability ${cap}`, 'U6.6');
  if (op === 'is-set') return (c.capAmbient & bit(cap)) !== 0n ? 1 : 0;
  if (op === 'raise') {
    if ((c.capPermitted & bit(cap)) === 0n || (c.capInheritable & bit(cap)) === 0n || (c.securebits & SECBIT_NO_CAP_AMBIENT_RAISE) !== 0) {
      fail('EPERM', 'prctl', 'an ambient capability must be permitted and inheritable, and raising allowed', 'U6.7');
    }
    commitCreds(kernel, task, c.with({ capAmbient: c.capAmbient | bit(cap) }));
  } else commitCreds(kernel, task, c.with({ capAmbient: c.capAmbient & ~bit(cap) }));
  return 0;
}

/**
 * The capability sets after execve of a program with no file capabilities
 * and no set-id bit (cap_bprm_creds_from_file): a task whose real or
 * effective uid is root in its user namespace (unless SECBIT_NOROOT) gets the bounding and
 * inheritable sets as permitted (handle_privileged_root), and, if its
 * effective uid is root, as effective too; any other task keeps only its
 * ambient set, as both permitted and effective. The inheritable set stays;
 * SECBIT_KEEP_CAPS is cleared. Then begin_new_exec's dumpability: the task
 * is dumpable again unless its effective ids differ from its real ones.
 */
export function execCaps(kernel: Kernel, task: Task): void {
  checkAlive(kernel, task, 'execve');
  const c = task.cred;
  const root = makeKuid(c.userNs, 0);
  let permitted = 0n;
  let effective = false;
  // handle_privileged_root: nothing for root under SECBIT_NOROOT.
  const rootPrivileged = (c.securebits & SECBIT_NOROOT) === 0;
  if (rootPrivileged && (c.euid === root || c.uid === root)) permitted = c.capBset | c.capInheritable;
  if (rootPrivileged && c.euid === root) effective = true;
  permitted |= c.capAmbient;
  const next = c.with({ capPermitted: permitted, capEffective: effective ? permitted : c.capAmbient, keepCaps: false });
  if (next.capPermitted !== c.capPermitted || next.capEffective !== c.capEffective || next.keepCaps !== c.keepCaps) commitCreds(kernel, task, next);
  // begin_new_exec: set_dumpable(SUID_DUMP_USER) when euid == uid and egid == gid, else suid_dumpable (0).
  const d = task.cred;
  kernel.setDumpable(task, d.euid === d.uid && d.egid === d.gid ? 1 : 0);
}
