/**
 * Ids, credentials and process attributes. Models kernel/sys.c: getpid,
 * gettid, getppid, getresuid/getresgid, __sys_setresuid/__sys_setresgid,
 * prctl (PR_SET_DUMPABLE, PR_GET_DUMPABLE, PR_SET_CHILD_SUBREAPER,
 * PR_SET_PDEATHSIG, PR_GET_PDEATHSIG);
 * kernel/capability.c capset; fs/open.c chroot.
 */
import { CAP_FULL_SET, CAP_SETGID, CAP_SETPCAP, CAP_SETUID, CAP_SYS_CHROOT } from './constants.ts';
import { commitCreds, fixSetuidCaps, nsCapable } from './cred.ts';
import { fail } from './errors.ts';
import type { Kernel } from './kernel.ts';
import { checkAlive } from './args.ts';
import type { Task } from './task.ts';
import { fromKgidMunged, fromKuidMunged, makeKgid, makeKuid } from './user-namespace.ts';

/** getpid: the tgid in the task's own pid namespace. */
export function getpid(task: Task): number {
  return task.leader.pid.nrIn(task.pid.ns);
}

/** getppid: the parent's tgid in the task's pid namespace, 0 when not visible there. */
export function getppid(task: Task): number {
  const p = task.leader.parent;
  return p ? p.leader.pid.nrIn(task.pid.ns) : 0;
}

/** getresuid as the task's user namespace shows the ids. */
export function getresuid(task: Task): [number, number, number] {
  const c = task.cred;
  return [fromKuidMunged(c.userNs, c.uid), fromKuidMunged(c.userNs, c.euid), fromKuidMunged(c.userNs, c.suid)];
}

/** getresgid. */
export function getresgid(task: Task): [number, number, number] {
  const c = task.cred;
  return [fromKgidMunged(c.userNs, c.gid), fromKgidMunged(c.userNs, c.egid), fromKgidMunged(c.userNs, c.sgid)];
}

/**
 * __sys_setresuid / __sys_setresgid: -1 keeps a field. Ids without a mapping
 * are EINVAL; a new id other than the current real, effective or saved one
 * needs CAP_SETUID (CAP_SETGID) in the task's user namespace (EPERM).
 */
export function setresid(k: Kernel, task: Task, kind: 'uid' | 'gid', r: number, e: number, s: number): void {
  const sys = kind === 'uid' ? 'setresuid' : 'setresgid';
  checkAlive(k, task, sys);
  const old = task.cred;
  const make = kind === 'uid' ? makeKuid : makeKgid;
  const conv = (id: number): number => {
    if (id === -1 || id === 4294967295) return -1;
    const kid = make(old.userNs, id);
    if (kid < 0) fail('EINVAL', sys, `${kind} ${id} has no mapping`, 'K1.2');
    return kid;
  };
  const kr = conv(r);
  const ke = conv(e);
  const ks = conv(s);
  const [cr, ce, cs, cf] = kind === 'uid' ? [old.uid, old.euid, old.suid, old.fsuid] : [old.gid, old.egid, old.sgid, old.fsgid];
  if ((kr === -1 || kr === cr) && (ke === -1 || (ke === ce && ke === cf)) && (ks === -1 || ks === cs)) return;
  const isNew = (kid: number): boolean => kid !== -1 && kid !== cr && kid !== ce && kid !== cs;
  if ((isNew(kr) || isNew(ke) || isNew(ks)) && !nsCapable(old, old.userNs, kind === 'uid' ? CAP_SETUID : CAP_SETGID)) {
    if (kind === 'uid') fail('EPERM', sys, undefined, 'C11.1');
    fail('EPERM', sys, undefined, 'C11.2');
  }
  const nr = kr === -1 ? cr : kr;
  const ne = ke === -1 ? ce : ke;
  const ns = ks === -1 ? cs : ks;
  let next = kind === 'uid'
    ? old.with({ uid: nr, euid: ne, suid: ns, fsuid: ne })
    : old.with({ gid: nr, egid: ne, sgid: ns, fsgid: ne });
  if (kind === 'uid') next = fixSetuidCaps(old, next);
  commitCreds(k, task, next);
}

/** chroot(2) (fs/open.c), for the rules that look at it (user namespace creation, setns); needs CAP_SYS_CHROOT. */
export function chroot(k: Kernel, task: Task): void {
  checkAlive(k, task, 'chroot');
  if (!nsCapable(task.cred, task.cred.userNs, CAP_SYS_CHROOT)) fail('EPERM', 'chroot', undefined, 'C11.4');
  if (task.fs) task.fs.chrootFlag = true;
}

/** capset(2) (kernel/capability.c): permitted may only shrink; effective within permitted. */
export function capset(k: Kernel, task: Task, given: { effective: bigint; permitted: bigint; inheritable?: bigint }): void {
  checkAlive(k, task, 'capset');
  const c = task.cred;
  // mk_kernel_cap: the bits beyond CAP_LAST_CAP (CAP_VALID_MASK) are dropped, not refused.
  const sets = { effective: given.effective & CAP_FULL_SET, permitted: given.permitted & CAP_FULL_SET, inheritable: given.inheritable === undefined ? undefined : given.inheritable & CAP_FULL_SET };
  if ((sets.permitted & ~c.capPermitted) !== 0n || (sets.effective & ~sets.permitted) !== 0n) fail('EPERM', 'capset', undefined, 'C11.3');
  const inheritable = sets.inheritable ?? c.capInheritable;
  // cap_capset: a new inheritable capability needs CAP_SETPCAP unless it is permitted (cap_inh_is_capped), and never beyond the bounding set.
  if ((inheritable & ~(c.capInheritable | c.capPermitted)) !== 0n && !nsCapable(c, c.userNs, CAP_SETPCAP)) fail('EPERM', 'capset', 'a new inheritable capability needs CAP_SETPCAP', 'C11.3');
  if ((inheritable & ~(c.capInheritable | c.capBset)) !== 0n) fail('EPERM', 'capset', 'an inheritable capability must be in the bounding set', 'C11.3');
  // The ambient set stays within permitted and inheritable.
  commitCreds(k, task, c.with({ capEffective: sets.effective, capPermitted: sets.permitted, capInheritable: inheritable, capAmbient: c.capAmbient & sets.permitted & inheritable }));
}

/** prctl(PR_SET_DUMPABLE): 0 or 1, else EINVAL; threads share the flag, as they share the mm. */
export function setDumpable(k: Kernel, task: Task, value: number): void {
  checkAlive(k, task, 'prctl');
  if (value !== 0 && value !== 1) fail('EINVAL', 'prctl', 'PR_SET_DUMPABLE takes 0 or 1', 'C11.5');
  const leader = task.leader;
  for (const t of [leader, ...(leader.threads ?? [])]) t.dumpable = value === 1;
}

/** prctl(PR_GET_DUMPABLE). */
export function getDumpable(k: Kernel, task: Task): number {
  checkAlive(k, task, 'prctl');
  return task.dumpable ? 1 : 0;
}

/**
 * prctl(PR_SET_CHILD_SUBREAPER): sets or clears the group's
 * is_child_subreaper; setting it also marks the descendants that exist
 * already (walk_process_tree with propagate_has_child_subreaper), skipping a
 * process already marked (with its subtree) and a pid namespace init.
 */
export function setChildSubreaper(k: Kernel, task: Task, on: boolean): void {
  checkAlive(k, task, 'prctl');
  task.leader.childSubreaper = on;
  if (!on) return;
  const stack: Task[] = [task.leader];
  for (let p = stack.pop(); p; p = stack.pop()) {
    for (const t of [p, ...(p.threads ?? [])]) {
      for (const c of t.children ?? []) {
        if (!c.isLeader || c.hasChildSubreaper || c.tid === 1) continue;
        c.hasChildSubreaper = true;
        for (const th of c.threads ?? []) th.hasChildSubreaper = true;
        stack.push(c);
      }
    }
  }
}

/**
 * prctl(PR_SET_PDEATHSIG): the signal the calling thread's process gets when
 * the thread that created it exits (sent from forget_original_parent); 0
 * clears it. A number that is not a signal (valid_signal: 0..64) is EINVAL.
 */
export function setPdeathSignal(k: Kernel, task: Task, sig: number): void {
  checkAlive(k, task, 'prctl');
  if (!Number.isInteger(sig) || sig < 0 || sig > 64) fail('EINVAL', 'prctl', 'PR_SET_PDEATHSIG takes a signal number (0..64)', 'C11.6');
  task.pdeathSignal = sig;
}

/** prctl(PR_GET_PDEATHSIG): the calling thread's parent-death signal, 0 for none. */
export function getPdeathSignal(k: Kernel, task: Task): number {
  checkAlive(k, task, 'prctl');
  return task.pdeathSignal;
}
