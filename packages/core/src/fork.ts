/**
 * Process creation and unshare. Models kernel/fork.c: clone3
 * (clone3_args_valid), copy_process with copy_files (dup_fd), copy_fs,
 * copy_sighand (and CLONE_CLEAR_SIGHAND), copy_creds' new user namespace,
 * copy_namespaces and alloc_pid; and ksys_unshare with check_unshare_flags,
 * unshare_fs and unshare_fd. The namespace part is in nsproxy.ts.
 */
import {
  CAP_SYS_ADMIN, CLONE_CHILD_CLEARTID, CLONE_CHILD_SETTID, CLONE_CLEAR_SIGHAND, CLONE_DETACHED, CLONE_FILES, CLONE_FS,
  CLONE_INTO_CGROUP, CLONE_IO, CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUSER,
  CLONE_NEWUTS, CLONE_PARENT, CLONE_PARENT_SETTID, CLONE_PIDFD, CLONE_PTRACE, CLONE_SETTLS, CLONE_SIGHAND,
  CLONE_SYSVSEM, CLONE_THREAD, CLONE_UNTRACED, CLONE_VFORK, CLONE_VM, CSIGNAL,
} from './constants.ts';
import { credCapIsSubset, nsCapable, setCredUserNs } from './cred.ts';
import { fail } from './errors.ts';
import { emit } from './events.ts';
import { allocFd, dupFiles } from './file.ts';
import { flagsOr, flagsWithout, hasFlag } from './flags.ts';
import type { Kernel } from './kernel.ts';
import { commitNs, discardNs, putNs } from './namespaces.ts';
import type { NsCommon } from './ns-common.ts';
import type { ForkContext } from './ops.ts';
import {
  commitCreated, createNewNamespaces, createUserNs, discardCreated, getNsproxy, makeNsproxyFrom, nsproxyFlagMask, switchFsOfCreated, switchNsproxy,
  plainUnshareFlags, runUnsharedHooks, typeFlags, unshareNamespaces,
} from './nsproxy.ts';
import { allocPid, freePidNumbers } from './pid.ts';
import type { PidNamespace } from './pid.ts';
import { isUnkillable } from './signal.ts';
import { badArgument, checkAlive, checkOptions, checkString } from './args.ts';
import { FdTable, FsStruct, SigHand, Task } from './task.ts';
import type { UserNamespace } from './user-namespace.ts';

/** Options of `Kernel.clone`. */
export interface CloneOptions {
  /** The child's command name (default: the parent's). */
  readonly comm?: string;
  /**
   * With CLONE_PIDFD: where the kernel writes the number of the pidfd it
   * installed in the caller's fd table (clone_args.pidfd). The pidfd is made
   * with or without this.
   */
  readonly pidfd?: { fd: number };
  /**
   * With CLONE_INTO_CGROUP: the fd of the cgroup directory the child starts
   * in (clone_args.cgroup; 0 when absent, as in a zeroed clone_args).
   */
  readonly cgroup?: number;
}

/**
 * The options of `Kernel.clone`, checked before anything happens: `comm` a
 * string, `pidfd` an object whose `fd` the kernel can write (a frozen one
 * would throw after the child exists).
 */
export function checkCloneOptions(options: unknown): asserts options is CloneOptions {
  const sys = 'clone';
  checkOptions(options, sys);
  if (options === undefined) badArgument(sys, 'options', 'an object', options);
  const { comm, pidfd, cgroup } = options as { comm?: unknown; pidfd?: unknown; cgroup?: unknown };
  if (comm !== undefined) checkString(comm, sys, 'options.comm');
  // clone_args.cgroup is a u64: any integer from 0 to 2^64-1 passes here (above INT_MAX is EINVAL later, F1.13).
  if (cgroup !== undefined && (typeof cgroup !== 'number' || !Number.isSafeInteger(cgroup) || cgroup < 0)) badArgument(sys, 'options.cgroup', 'a non-negative integer (an fd)', cgroup);
  if (pidfd === undefined) return;
  if (typeof pidfd !== 'object' || pidfd === null || Array.isArray(pidfd)) badArgument(sys, 'options.pidfd', 'an object { fd }', pidfd);
  const d = Object.getOwnPropertyDescriptor(pidfd, 'fd');
  const writable = d ? (d.set !== undefined || d.writable === true) : Object.isExtensible(pidfd);
  if (!writable) badArgument(sys, 'options.pidfd', 'an object whose fd can be written', pidfd);
}

/** Every 32-bit clone flag the kernel knows (CLONE_LEGACY_FLAGS: all 32 bits). */
/** INT_MAX: the largest fd clone3's cgroup may name (clone3_args_valid). */
const INT_MAX = 0x7fffffff;

const KNOWN_CLONE_FLAGS = flagsOr(
  CSIGNAL, CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_PIDFD, CLONE_PTRACE, CLONE_VFORK, CLONE_PARENT,
  CLONE_THREAD, CLONE_NEWNS, CLONE_SYSVSEM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID, CLONE_DETACHED,
  CLONE_UNTRACED, CLONE_CHILD_SETTID, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
  CLONE_NEWNET, CLONE_IO,
);

/**
 * The flags clone3 refuses (clone3_args_valid): CLONE_DETACHED, and the CSIGNAL
 * bits (the exit signal of legacy clone, a field of its own in clone3) but
 * CLONE_NEWTIME, which reuses one of them.
 */
const CLONE3_INVALID_FLAGS = (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)) >>> 0;

/** The flags unshare(2) accepts (check_unshare_flags). */
const UNSHARE_FLAGS = flagsOr(
  CLONE_THREAD, CLONE_FS, CLONE_NEWNS, CLONE_SIGHAND, CLONE_VM, CLONE_FILES, CLONE_SYSVSEM, CLONE_NEWUTS,
  CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWCGROUP, CLONE_NEWTIME,
);

/** The pid namespace the task's children are created in (nsproxy->pid_ns_for_children). */
export function pidNsForChildren(k: Kernel, task: Task): PidNamespace | undefined {
  return task.nsproxy?.slots[k.slotOf(k.pidType)] as PidNamespace | undefined;
}

/** copy_fs: a shared or private fs_struct. */
function copyFs(flags: number, fs: FsStruct): FsStruct {
  if (hasFlag(flags, CLONE_FS)) {
    fs.users++;
    return fs;
  }
  return fs.copy();
}

/** copy_sighand; with CLONE_CLEAR_SIGHAND, flush_signal_handlers(tsk, 0): handlers reset, ignored signals stay ignored. */
function copySighand(flags: number, sighand: SigHand): SigHand {
  if (hasFlag(flags, CLONE_SIGHAND)) {
    sighand.users++;
    return sighand;
  }
  const copy = new SigHand();
  const clear = hasFlag(flags, CLONE_CLEAR_SIGHAND);
  if (sighand.size) for (const [s, a] of sighand.actions) if (!clear || a === 'ignore') copy.actions.set(s, a);
  return copy;
}

/**
 * clone3(2) (clone3_args_valid, then copy_process): see `Kernel.clone`. The
 * flags are validated in copy_process order, a user namespace is created
 * first (copy_creds), then the other new namespaces (copy_namespaces), then
 * the pid (alloc_pid); everything is committed only once nothing can fail.
 */
export function clone(k: Kernel, parent: Task, flags: number, options: CloneOptions): Task {
  const sys = 'clone';
  checkAlive(k, parent, sys);
  // clone3_args_valid
  if (flagsWithout(flags, (k.cloneFlagsCache ??= flagsOr(KNOWN_CLONE_FLAGS, CLONE_CLEAR_SIGHAND, typeFlags(k), ...k.types.map((t) => t.cloneFlags ?? 0)))) !== 0) fail('EINVAL', sys, 'unknown flag', 'F1.11');
  if (hasFlag(flags, CLONE_INTO_CGROUP) && (options.cgroup ?? 0) > INT_MAX) fail('EINVAL', sys, 'a cgroup fd above INT_MAX', 'F1.13');
  if (hasFlag(flags, CLONE_SIGHAND) && hasFlag(flags, CLONE_CLEAR_SIGHAND)) fail('EINVAL', sys, 'CLONE_CLEAR_SIGHAND with CLONE_SIGHAND', 'F1.11');
  if (hasFlag(flags, CLONE3_INVALID_FLAGS)) fail('EINVAL', sys, 'CSIGNAL bits (the exit signal is no flag in clone3) or CLONE_DETACHED', 'F1.11');
  if (hasFlag(flags, CLONE_NEWNS) && hasFlag(flags, CLONE_FS)) fail('EINVAL', sys, 'CLONE_NEWNS with CLONE_FS', 'F1.1');
  if (hasFlag(flags, CLONE_NEWUSER) && hasFlag(flags, CLONE_FS)) fail('EINVAL', sys, 'CLONE_NEWUSER with CLONE_FS', 'F1.2');
  if (hasFlag(flags, CLONE_THREAD) && !hasFlag(flags, CLONE_SIGHAND)) fail('EINVAL', sys, 'CLONE_THREAD without CLONE_SIGHAND', 'F1.3');
  if (hasFlag(flags, CLONE_SIGHAND) && !hasFlag(flags, CLONE_VM)) fail('EINVAL', sys, 'CLONE_SIGHAND without CLONE_VM', 'F1.3');
  if (hasFlag(flags, CLONE_PARENT) && isUnkillable(parent)) fail('EINVAL', sys, 'CLONE_PARENT from an init', 'F1.4');
  if (hasFlag(flags, CLONE_THREAD)) {
    if (hasFlag(flags, CLONE_NEWUSER) || hasFlag(flags, CLONE_NEWPID)) fail('EINVAL', sys, 'CLONE_THREAD with a new user or pid namespace', 'F1.5');
    if (pidNsForChildren(k, parent) !== parent.pid.ns) fail('EINVAL', sys, 'CLONE_THREAD with pid_for_children elsewhere', 'F1.6');
  }
  // CLONE_PIDFD|CLONE_DETACHED is EINVAL in copy_process too (clone3 already refused CLONE_DETACHED);
  // CLONE_PIDFD|CLONE_THREAD is allowed since 6.9 and gives a PIDFD_THREAD pidfd.

  // copy_creds: a new user namespace comes first; it owns everything else this call creates.
  let cred = parent.cred;
  let newUserNs: UserNamespace | null = null;
  if (hasFlag(flags, CLONE_NEWUSER)) {
    newUserNs = createUserNs(k, sys, parent, flags);
    cred = setCredUserNs(cred, newUserNs);
  }
  let slots: NsCommon[] | null = null;
  const oldNsproxy = parent.nsproxy;
  if (!oldNsproxy) throw new Error('clone: parent has no nsproxy');
  try {
    // copy_namespaces
    const nsFlags = flagsWithout(flags, CLONE_NEWUSER);
    if (hasFlag(nsFlags, nsproxyFlagMask(k))) {
      if (!nsCapable(parent.cred, cred.userNs, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN is needed over the owner of the new namespaces', 'C5.3');
      if (hasFlag(flags, CLONE_NEWIPC) && hasFlag(flags, CLONE_SYSVSEM)) fail('EINVAL', sys, 'CLONE_NEWIPC with CLONE_SYSVSEM', 'C5.4');
      slots = createNewNamespaces(k, sys, parent, flags, cred.userNs, oldNsproxy);
    }
    const pidNs = (slots ? slots[k.slotOf(k.pidType)] : pidNsForChildren(k, parent)) as PidNamespace;
    const pid = allocPid(pidNs, sys);
    // cgroup_can_fork: each type's last check (a failure frees the pid again).
    let forkCtx: ForkContext | null = null;
    let staged: unknown[] | null = null;
    if (k.forkHooks.length) {
      forkCtx = { kernel: k, parent, flags, options };
      staged = [];
      try {
        for (const t of k.forkHooks) staged.push(t.canFork ? t.canFork(forkCtx) : undefined);
      } catch (e) {
        freePidNumbers(pid);
        throw e;
      }
    }

    // ---- commit: nothing below fails.
    pidNs.count++;
    if (newUserNs) commitNs(k, newUserNs);
    if (slots) commitCreated(k, slots, oldNsproxy.slots);
    const nsproxy = slots ? makeNsproxyFrom(slots, oldNsproxy.slots) : getNsproxy(oldNsproxy);
    if (!newUserNs) cred.userNs.count++;
    const thread = hasFlag(flags, CLONE_THREAD);
    const realParent = thread || hasFlag(flags, CLONE_PARENT) ? parent.parent ?? parent : parent;
    // copy_files
    let files = parent.files ?? new FdTable();
    if (hasFlag(flags, CLONE_FILES)) files.users++;
    else files = dupFiles(files);
    if (hasFlag(flags, CLONE_PIDFD)) {
      // After the fd table was copied, so that the pidfd does not leak into a child without CLONE_FILES.
      pid.count++;
      const pidfd = allocFd(parent, { kind: 'pidfd', pid, count: 1 });
      if (options.pidfd) options.pidfd.fd = pidfd;
    }
    const fs = copyFs(flags, parent.fs ?? new FsStruct());
    if (slots) switchFsOfCreated(fs, slots, oldNsproxy.slots);
    const sighand = copySighand(flags, parent.sighand);
    const child = new Task({
      kernel: k, serial: k.nextSerial++, pid, leader: thread ? parent.leader : null, parent: realParent,
      comm: options.comm ?? parent.comm, cred, nsproxy, files, fs, sighand, mmUserNs: parent.mmUserNs,
    });
    child.dumpable = parent.dumpable;
    // copy_process: the task's atomic flags (PFA_NO_NEW_PRIVS) are copied.
    child.noNewPrivs = parent.noNewPrivs;
    // copy_process: a new process is in its creator's session (and process group).
    child.session = parent.leader.session;
    // copy_process: a new process inherits has_child_subreaper from its real parent's signal struct
    // (is_child_subreaper is on the group leader); a thread shares its group's.
    child.hasChildSubreaper = thread
      ? parent.leader.hasChildSubreaper
      : realParent.leader.hasChildSubreaper || realParent.leader.childSubreaper;
    pid.task = child;
    if (!pidNs.childReaper && pid.numbers[pidNs.level] === 1) pidNs.childReaper = child;
    if (thread) (parent.leader.threads ??= []).push(child);
    (realParent.children ??= new Set()).add(child);
    k.taskSet.add(child);
    // cgroup_post_fork, timens_on_fork
    if (forkCtx && staged) for (let i = 0; i < k.forkHooks.length; i++) k.forkHooks[i]?.forked?.(child, forkCtx, staged[i]);
    if (k.to['task-created'].length) emit(k, k.to['task-created'], { type: 'task-created', task: child, parent, flags });
    return child;
  } catch (e) {
    if (slots) discardCreated(slots, oldNsproxy.slots);
    if (newUserNs) discardNs(newUserNs);
    throw e;
  }
}

/**
 * unshare(2) (ksys_unshare): implied flags, flag checks, a new user
 * namespace, then the other namespaces; all committed at the end.
 */
export function unshare(k: Kernel, task: Task, flags: number): void {
  // The common call, only namespace flags that imply nothing (not CLONE_NEWNS
  // or CLONE_NEWUSER): the same steps as below without the general prologue,
  // which cost a quarter of an unshare(CLONE_NEWUTS).
  if (flags > 0 && flags < 0x1_0000_0000 && (flags & ~plainUnshareFlags(k)) === 0) {
    unshareNamespaces(k, task, flags);
    return;
  }
  const sys = 'unshare';
  checkAlive(k, task, sys);
  // check_unshare_flags and the implied flags
  if (hasFlag(flags, CLONE_NEWUSER)) flags = flagsOr(flags, CLONE_THREAD, CLONE_FS);
  if (hasFlag(flags, CLONE_VM)) flags = flagsOr(flags, CLONE_SIGHAND);
  if (hasFlag(flags, CLONE_SIGHAND)) flags = flagsOr(flags, CLONE_THREAD);
  if (hasFlag(flags, CLONE_NEWNS)) flags = flagsOr(flags, CLONE_FS);
  if (flagsWithout(flags, (k.unshareFlagsCache ??= flagsOr(UNSHARE_FLAGS, typeFlags(k)))) !== 0) fail('EINVAL', sys, 'flag not allowed', 'F2.1');
  if (hasFlag(flags, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM) && task.threadCount > 1) fail('EINVAL', sys, 'multithreaded', 'F2.5');
  if (hasFlag(flags, CLONE_SIGHAND | CLONE_VM) && task.sighand.users > 1) fail('EINVAL', sys, 'shared signal handlers', 'F2.6');
  if (flags === 0) return;

  let newUserNs: UserNamespace | null = null;
  let cred = task.cred;
  let slots: NsCommon[] | null = null;
  const old = task.nsproxy;
  if (!old) throw new Error('unshare: no nsproxy');
  try {
    // unshare_userns
    if (hasFlag(flags, CLONE_NEWUSER)) {
      newUserNs = createUserNs(k, sys, task, flags);
      cred = setCredUserNs(cred, newUserNs);
    }
    // unshare_nsproxy_namespaces
    if (hasFlag(flagsWithout(flags, CLONE_NEWUSER), nsproxyFlagMask(k))) {
      if (!nsCapable(task.cred, cred.userNs, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN is needed over the owner of the new namespaces', 'C6.2');
      slots = createNewNamespaces(k, sys, task, flags, cred.userNs, old);
    }
  } catch (e) {
    if (newUserNs) discardNs(newUserNs);
    throw e;
  }
  // ---- commit
  if (newUserNs) commitNs(k, newUserNs);
  if (slots) commitCreated(k, slots, old.slots);
  // unshare_fs, unshare_fd
  if (hasFlag(flags, CLONE_FS) && task.fs && task.fs.users > 1) {
    const copy = task.fs.copy();
    task.fs.users--;
    task.fs = copy;
  }
  if (slots && task.fs) switchFsOfCreated(task.fs, slots, old.slots);
  if (hasFlag(flags, CLONE_FILES) && task.files && task.files.users > 1) {
    const copy = dupFiles(task.files);
    task.files.users--;
    task.files = copy;
  }
  if (slots) {
    switchNsproxy(k, task, slots, old);
    if (k.unsharedHooks) runUnsharedHooks(task, slots, old.slots);
  }
  if (newUserNs) {
    // The new namespace's creation reference becomes the task's.
    const prev = task.cred;
    task.cred = cred;
    if (!credCapIsSubset(prev, cred)) {
      task.dumpable = false;
      task.pdeathSignal = 0;
    }
    putNs(k, prev.userNs);
  }
  if (k.to.unshare.length) emit(k, k.to.unshare, { type: 'unshare', task, flags });
}
