/**
 * ptrace access checks. Models kernel/ptrace.c __ptrace_may_access with
 * security/commoncap.c cap_ptrace_access_check: who may read another task's
 * /proc files (the ns links among them) or enter its namespaces by pidfd.
 */
import { CAP_SYS_PTRACE } from './constants.ts';
import { nsCapable } from './cred.ts';
import type { Task } from './task.ts';

/** ptrace access modes (include/linux/ptrace.h). */
export type PtraceMode = 'read-fscreds' | 'read-realcreds' | 'attach-realcreds';

/** Every PtraceMode (for argument checks). */
export const PTRACE_MODES: readonly PtraceMode[] = ['read-fscreds', 'read-realcreds', 'attach-realcreds'];

/** __ptrace_may_access + cap_ptrace_access_check: may `caller` access `target` in `mode`? */
export function ptraceMayAccess(caller: Task, target: Task, mode: PtraceMode): boolean {
  if (caller.leader === target.leader) return true;
  const c = caller.cred;
  const t = target.cred;
  const fs = mode === 'read-fscreds';
  const uid = fs ? c.fsuid : c.uid;
  const gid = fs ? c.fsgid : c.gid;
  let ok = uid === t.euid && uid === t.suid && uid === t.uid && gid === t.egid && gid === t.sgid && gid === t.gid;
  if (!ok) ok = nsCapable(c, t.userNs, CAP_SYS_PTRACE);
  if (!ok) return false;
  if (target.alive && !target.dumpable && !nsCapable(c, target.mmUserNs, CAP_SYS_PTRACE)) return false;
  const callerCaps = fs ? c.capEffective : c.capPermitted;
  if (c.userNs === t.userNs && (t.capPermitted & ~callerCaps) === 0n) return true;
  return nsCapable(c, t.userNs, CAP_SYS_PTRACE);
}
