/**
 * The ns files. Models fs/proc/namespaces.c (the /proc/PID/ns entries:
 * proc_ns_get_link, proc_ns_readlink, the ptrace read check), fs/nsfs.c
 * (ns_ioctl, the nsfs inode that fstat shows, proc_ns_fget) and
 * kernel/user_namespace.c ns_get_owner; plus pidfd_open (kernel/pid.c).
 */
import {
  NSFS_DEV, NS_GET_ID, NS_GET_NSTYPE, NS_GET_OWNER_UID, NS_GET_PARENT, NS_GET_PID_FROM_PIDNS, NS_GET_PID_IN_PIDNS,
  NS_GET_TGID_FROM_PIDNS, NS_GET_TGID_IN_PIDNS, NS_GET_USERNS, PIDFD_NONBLOCK, PIDFD_THREAD,
} from './constants.ts';
import { fail } from './errors.ts';
import { allocFd, fget } from './file.ts';
import { flagsWithout, hasFlag } from './flags.ts';
import type { Kernel } from './kernel.ts';
import type { NsCommon } from './ns-common.ts';
import { nsIsAncestor, nsOwner } from './ns-common.ts';
import { PidNamespace } from './pid.ts';
import { ptraceMayAccess } from './ptrace.ts';
import { checkAlive } from './args.ts';
import type { NsFile, PidFile, Task } from './task.ts';
import { UserNamespace, fromKuidMunged } from './user-namespace.ts';

/** What `fstat` of an ns file returns. */
export interface NsStat {
  readonly dev: number;
  readonly ino: number;
  readonly mode: number;
  readonly size: number;
  readonly nlink: number;
}

/**
 * Resolves `/proc/<pid>/ns/<entry>` (also `self`, `thread-self`) with the
 * checks of fs/proc/namespaces.c: the task must exist (ENOENT), the caller
 * needs ptrace read access (EACCES), and the entry must name a namespace
 * (ENOENT: exiting task, or pid_for_children before the namespace has an init).
 * `<pid>` is read in `procNs` (default: the initial pid namespace, i.e. the
 * initial procfs).
 */
function resolveNsPath(k: Kernel, task: Task, path: string, sys: string, procNs?: PidNamespace): NsCommon {
  const m = /^\/proc\/(self|thread-self|\d+)\/ns\/([a-z_]+)$/.exec(path);
  if (!m) fail('ENOENT', sys, `not an ns file: ${path}`, 'N2.8');
  const who = m[1] ?? '';
  const target = who === 'self' ? task.leader : who === 'thread-self' ? task : (procNs ?? k.initPidNs).findTask(Number(who));
  if (!target || target.state === 'dead') fail('ENOENT', sys, undefined, 'N2.7');
  return nsFileOf(k, task, target, m[2] ?? '', sys);
}

/** proc_ns_get_link's checks: the namespace a task's ns entry names, with the ptrace and ENOENT checks. */
function nsFileOf(k: Kernel, caller: Task, target: Task, entry: string, sys: string): NsCommon {
  const e = k.entryMap.get(entry);
  if (!e) fail('ENOENT', sys, `no ns entry '${entry}'`, 'N2.8');
  if (!ptraceMayAccess(caller, target, 'read-fscreds')) fail('EACCES', sys, undefined, 'N2.3');
  return e.peek(target) ?? fail('ENOENT', sys, undefined, 'N2.4');
}

/** open(2) of an ns file path, read-only; a write open is EPERM (the nsfs inode is immutable). */
export function open(k: Kernel, task: Task, path: string, options: { write?: boolean; procNs?: PidNamespace }): number {
  const sys = 'open';
  checkAlive(k, task, sys);
  const ns = resolveNsPath(k, task, path, sys, options.procNs);
  if (options.write) fail('EPERM', sys, 'nsfs files are immutable', 'N2.5');
  return installNsFile(task, ns);
}

/** Opens `target`'s /proc/PID/ns/<entry> for `task` (same checks as `open`). */
export function openNs(k: Kernel, task: Task, target: Task, entry: string): number {
  const sys = 'open';
  checkAlive(k, task, sys);
  if (target.state === 'dead') fail('ENOENT', sys, undefined, 'N2.7');
  return installNsFile(task, nsFileOf(k, task, target, entry, sys));
}

/** An open nsfs file on `ns` in the task's fd table (it holds a reference). */
export function installNsFile(task: Task, ns: NsCommon): number {
  ns.count++;
  const file: NsFile = { kind: 'ns', ns, count: 1 };
  return allocFd(task, file);
}

/** readlink(2) of an ns file path (proc_ns_readlink): `uts:[4026531838]`. */
export function readlink(k: Kernel, task: Task, path: string, options: { procNs?: PidNamespace }): string {
  checkAlive(k, task, 'readlink');
  return resolveNsPath(k, task, path, 'readlink', options.procNs).linkName;
}

/** The devices of the model's other pseudo file systems (anonymous devices; the numbers are the model's, only their being distinct matters). */
const SOCKFS_DEV = 8;
const PIDFS_DEV = 16;

/** A socket's inode number (sock_alloc: get_next_ino), one per object, for as long as the object lives. */
const objectInos = new WeakMap<object, number>();
let nextObjectIno = 1;

function objectIno(o: object): number {
  let ino = objectInos.get(o);
  if (ino === undefined) objectInos.set(o, (ino = nextObjectIno++));
  return ino;
}

/**
 * fstat(2) of an ns file: nsfs device 0:4, the inode number, mode 0444. A
 * pidfd: pidfs, one inode per struct pid, mode 0700 without a file type
 * (pidfs_alloc_file); a socket: sockfs, one inode per socket, S_IFSOCK|0777;
 * another type's object says what it is (a cgroup directory).
 */
export function fstat(k: Kernel, task: Task, fd: number): NsStat {
  checkAlive(k, task, 'fstat');
  const f = fget(task, fd, 'fstat');
  if (f.kind === 'ns') return { dev: NSFS_DEV, ino: f.ns.inum, mode: 0o100444, size: 0, nlink: 1 };
  if (f.kind === 'object') return { dev: SOCKFS_DEV, ino: objectIno(f.object), mode: 0o140777, size: 0, nlink: 1, ...f.object.stat?.() };
  return { dev: PIDFS_DEV, ino: objectIno(f.pid), mode: 0o700, size: 0, nlink: 1 };
}

/** pidfd_open(2) (kernel/pid.c): a pidfd for a thread-group leader (any thread with PIDFD_THREAD) visible in the caller's pid namespace. */
export function pidfdOpen(k: Kernel, task: Task, pid: number, flags: number): number {
  const sys = 'pidfd_open';
  checkAlive(k, task, sys);
  if (flagsWithout(flags, PIDFD_NONBLOCK | PIDFD_THREAD) !== 0 || pid <= 0) fail('EINVAL', sys, undefined, 'C9.3');
  const target = task.pid.ns.findTask(pid);
  if (!target) fail('ESRCH', sys, undefined, 'K2.2');
  // pidfd_prepare (6.18): a thread that is not a group leader needs PIDFD_THREAD, else ENOENT.
  if (!target.isLeader && !hasFlag(flags, PIDFD_THREAD)) fail('ENOENT', sys, 'not a thread-group leader', 'C9.4');
  target.pid.count++;
  const file: PidFile = { kind: 'pidfd', pid: target.pid, count: 1 };
  return allocFd(task, file);
}

/**
 * ns_ioctl (fs/nsfs.c). NS_GET_USERNS and NS_GET_PARENT return a new fd; the
 * others a number. An ioctl that is not an nsfs one, or on a file that is not
 * an ns file, is ENOTTY.
 */
export function ioctl(k: Kernel, task: Task, fd: number, cmd: number, arg: number): number {
  const sys = 'ioctl';
  checkAlive(k, task, sys);
  const f = fget(task, fd, sys);
  if (f.kind !== 'ns') fail('ENOTTY', sys, undefined, 'N4.1');
  const ns = f.ns;
  const ops = ns.ops;
  switch (cmd) {
    case NS_GET_USERNS:
      return installNsFile(task, nsGetOwner(k, task, nsOwner(ns), sys));
    case NS_GET_PARENT: {
      if (!ops.getParent) fail('EINVAL', sys, `${ops.name} namespaces have no parent`, 'N4.3');
      const parent = ops.getParent(ns, task);
      return installNsFile(task, parent);
    }
    case NS_GET_NSTYPE:
      return ops.type;
    case NS_GET_OWNER_UID:
      if (!(ns instanceof UserNamespace)) fail('EINVAL', sys, 'not a user namespace', 'N4.5');
      return fromKuidMunged(task.cred.userNs, ns.owner);
    case NS_GET_ID:
      return ns.nsId;
    case NS_GET_PID_FROM_PIDNS:
    case NS_GET_TGID_FROM_PIDNS:
    case NS_GET_PID_IN_PIDNS:
    case NS_GET_TGID_IN_PIDNS: {
      if (!(ns instanceof PidNamespace)) fail('EINVAL', sys, 'not a pid namespace', 'N4.14');
      const from = cmd === NS_GET_PID_FROM_PIDNS || cmd === NS_GET_TGID_FROM_PIDNS;
      const lookupNs = from ? ns : task.pid.ns;
      const resultNs = from ? task.pid.ns : ns;
      let t = lookupNs.findTask(arg);
      if (t && (cmd === NS_GET_TGID_FROM_PIDNS || cmd === NS_GET_TGID_IN_PIDNS)) t = t.leader;
      const nr = t ? t.pid.nrIn(resultNs) : 0;
      if (!nr) {
        if (from) fail('ESRCH', sys, undefined, 'N4.7');
        fail('ESRCH', sys, undefined, 'N4.8');
      }
      return nr;
    }
    default:
      return fail('ENOTTY', sys, undefined, 'N4.1');
  }
}

/**
 * ns_get_owner (kernel/user_namespace.c): the owner is returned only if the
 * caller's user namespace is it or one of its ancestors, else EPERM. A kernel
 * without a user namespace type (CONFIG_USER_NS=n) has the stub of
 * include/linux/user_namespace.h, which is EPERM for every namespace.
 */
export function nsGetOwner(k: Kernel, task: Task, owner: UserNamespace | null, sys: string): UserNamespace {
  if (!k.hasUserNs) return fail('EPERM', sys, 'user namespaces are not configured (ns_get_owner stub)', 'N4.13');
  if (owner && nsIsAncestor<UserNamespace>(task.cred.userNs, owner)) return owner;
  return fail('EPERM', sys, 'the owner is outside the caller\'s user namespace', 'N4.2');
}

/**
 * proc_ns_fget: the namespace an nsfs fd refers to; EBADF for no file,
 * EINVAL for a file that is not an nsfs one, both reported as `syscall`.
 */
export function nsOfFd(task: Task, fd: number, syscall: string): NsCommon {
  const f = fget(task, fd, syscall);
  // A type's object (a socket) does not answer the nsfs ioctls at all.
  if (f.kind === 'object') fail('ENOTTY', 'ioctl', `a ${f.object.what} is no ns file`, 'N4.1');
  if (f.kind !== 'ns') fail('EINVAL', syscall, 'not an ns file', 'N8.1');
  return f.ns;
}
