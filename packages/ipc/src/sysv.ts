/**
 * The System V IPC system calls of a task, in its ipc namespace: shmget,
 * msgget, semget (ipc/util.c ipcget, ipcget_new, ipcget_public; ipc/shm.c
 * newseg, shm_more_checks; ipc/msg.c newque; ipc/sem.c newary, sem_more_checks)
 * and shmctl, msgctl, semctl with IPC_RMID and IPC_STAT (ipc/util.c
 * ipcctl_obtain_check; ipc/shm.c shmctl_down, shmctl_stat; ipc/msg.c
 * msgctl_down, msgctl_stat; ipc/sem.c semctl_down, semctl_stat).
 *
 * Every call checks everything before it changes anything, so a call that
 * fails leaves the namespace as it was.
 */
import { CAP_SYS_ADMIN, badArgument, checkAlive, checkInt, fail, fromKgidMunged, fromKuidMunged, nsCapable } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import {
  IPC_CREAT, IPC_EXCL, IPC_PRIVATE, IPC_RMID, IPC_STAT, PAGE_SIZE, S_IRUGO, S_IRWXUGO, SHMMIN, ULONG_MAX,
} from './constants.ts';
import { ipcperms } from './ids.ts';
import type { IpcIds, IpcKind, KernIpcPerm } from './ids.ts';
import { IpcNamespace, ipcNamespaceType, linkShmCreator } from './namespace.ts';
import { MsgQueue, SemArray, ShmSegment } from './objects.ts';

/** The task's ipc namespace (current->nsproxy->ipc_ns). */
export function ipcNamespaceOf(kernel: Kernel, task: Task, sys = 'ipc'): IpcNamespace {
  checkAlive(kernel, task, sys);
  const ns = kernel.peekNs(task, ipcNamespaceType);
  if (!(ns instanceof IpcNamespace)) return fail('EINVAL', sys, 'the ipc namespace type is not registered', 'Q1.12');
  return ns;
}

/**
 * The integer arguments of a call (C has no 1.5, NaN or string): an
 * InvalidArgumentError naming the parameter otherwise. Their range is the
 * call's: a value outside the C type converts as the C ABI does (key_t and
 * int wrap, size_t wraps), as it always has here.
 */
export function checkInts(sys: string, args: Readonly<Record<string, unknown>>): void {
  for (const [param, value] of Object.entries(args)) checkInt(value, sys, param);
}

/** An IPC kind: shm, msg or sem. */
export function checkKind(sys: string, kind: unknown): asserts kind is IpcKind {
  if (kind !== 'shm' && kind !== 'msg' && kind !== 'sem') badArgument(sys, 'kind', "'shm', 'msg' or 'sem'", kind);
}

/** key_t is a signed 32-bit int. */
function keyT(key: number): number {
  return key | 0;
}

function idsOf(ns: IpcNamespace, kind: IpcKind): IpcIds<KernIpcPerm> {
  return ns[kind];
}

/**
 * ipcget: IPC_PRIVATE always creates (with or without IPC_CREAT); a key is
 * looked up, created with IPC_CREAT when absent (ENOENT without), and EEXIST
 * with IPC_CREAT|IPC_EXCL when present; a found object passes the kind's
 * extra check, then ipcperms with the permission bits of `flg` (EACCES).
 */
function ipcget<T extends KernIpcPerm>(
  ns: IpcNamespace, task: Task, ids: IpcIds<T>, key: number, flg: number, sys: string,
  getnew: () => number, moreChecks?: (obj: T) => void,
): number {
  if (key === IPC_PRIVATE) return getnew();
  const obj = ids.findKey(key);
  if (!obj) {
    if (!(flg & IPC_CREAT)) return fail('ENOENT', sys, `no object with key ${key}`, 'Q1.13');
    return getnew();
  }
  if (flg & IPC_CREAT && flg & IPC_EXCL) return fail('EEXIST', sys, `key ${key} exists`, 'Q1.14');
  moreChecks?.(obj);
  // ipc_check_perms: the flags are passed as a short.
  if (!ipcperms(ns.userNs, task.cred, obj, (flg << 16) >> 16)) return fail('EACCES', sys, `no access to ${obj.id}`, 'Q1.15');
  return obj.id;
}

/** size_t of a JS size (a negative number wraps, as it does in C). */
function sizeT(size: number | bigint): bigint {
  return BigInt.asUintN(64, BigInt(size));
}

/**
 * shmget(2): the id of the segment with `key`, or a new one of `size` bytes.
 * A new segment needs SHMMIN <= size <= shmmax (EINVAL), room in shmall
 * (ENOSPC) and fewer than shmmni segments (ENOSPC); a found one must be at
 * least `size` bytes (EINVAL).
 */
export function shmget(kernel: Kernel, task: Task, key: number, size: number | bigint, shmflg: number): number {
  const sys = 'shmget';
  checkInts(sys, { key, shmflg });
  if (typeof size !== 'bigint') checkInt(size, sys, 'size');
  const ns = ipcNamespaceOf(kernel, task, sys);
  const sz = sizeT(size);
  return ipcget(ns, task, ns.shm, keyT(key), shmflg, sys, () => {
    // newseg
    const l = ns.limits;
    if (sz < BigInt(SHMMIN) || sz > l.shmCtlmax) return fail('EINVAL', sys, `size ${sz} is outside [${SHMMIN}, shmmax ${l.shmCtlmax}]`, 'Q1.17');
    const numpages = (sz + BigInt(PAGE_SIZE - 1)) / BigInt(PAGE_SIZE);
    if (numpages * BigInt(PAGE_SIZE) > ULONG_MAX) return fail('ENOSPC', sys, 'size overflows', 'Q1.18');
    const tot = ns.shmTot + numpages;
    if (tot > ULONG_MAX || tot > l.shmCtlall) return fail('ENOSPC', sys, `shmall (${l.shmCtlall} pages) would be exceeded`, 'Q1.18');
    const seg = new ShmSegment(keyT(key), shmflg & S_IRWXUGO, sz, numpages, task.serial);
    ns.shm.add(seg, l.shmCtlmni, task.cred, sys);
    linkShmCreator(kernel, task.serial, ns, seg);
    ns.shmTot = tot;
    return seg.id;
  }, (seg) => {
    // shm_more_checks
    if (seg.size < sz) fail('EINVAL', sys, `segment ${seg.id} is smaller than ${sz} bytes`, 'Q1.19');
  });
}

/** msgget(2): the id of the queue with `key`, or a new one (ENOSPC beyond msgmni). */
export function msgget(kernel: Kernel, task: Task, key: number, msgflg: number): number {
  const sys = 'msgget';
  checkInts(sys, { key, msgflg });
  const ns = ipcNamespaceOf(kernel, task, sys);
  return ipcget(ns, task, ns.msg, keyT(key), msgflg, sys, () => {
    // newque
    const q = new MsgQueue(keyT(key), msgflg & S_IRWXUGO, ns.limits.msgCtlmnb);
    ns.msg.add(q, ns.limits.msgCtlmni, task.cred, sys);
    return q.id;
  });
}

/**
 * semget(2): the id of the set with `key`, or a new one of `nsems` semaphores.
 * nsems must be 0..SEMMSL even for a lookup (EINVAL); a new set needs
 * nsems > 0 (EINVAL), room in SEMMNS (ENOSPC) and fewer than SEMMNI sets
 * (ENOSPC); a found one must have at least `nsems` semaphores (EINVAL).
 */
export function semget(kernel: Kernel, task: Task, key: number, nsems: number, semflg: number): number {
  const sys = 'semget';
  checkInts(sys, { key, nsems, semflg });
  const ns = ipcNamespaceOf(kernel, task, sys);
  const [semmsl, semmns, , semmni] = ns.limits.semCtls;
  nsems |= 0;
  if (nsems < 0 || nsems > semmsl) return fail('EINVAL', sys, `nsems ${nsems} is outside [0, SEMMSL ${semmsl}]`, 'Q1.20');
  return ipcget(ns, task, ns.sem, keyT(key), semflg, sys, () => {
    // newary
    if (nsems === 0) return fail('EINVAL', sys, 'a new set needs at least one semaphore', 'Q1.21');
    if (ns.usedSems + nsems > semmns) return fail('ENOSPC', sys, `SEMMNS (${semmns}) would be exceeded`, 'Q1.22');
    const sma = new SemArray(keyT(key), semflg & S_IRWXUGO, nsems);
    ns.sem.add(sma, semmni, task.cred, sys);
    ns.usedSems += nsems;
    return sma.id;
  }, (sma) => {
    // sem_more_checks
    if (nsems > sma.nsems) fail('EINVAL', sys, `set ${sma.id} has fewer than ${nsems} semaphores`, 'Q1.23');
  });
}

/** What IPC_STAT reports (struct ipc64_perm plus a few fields of the kind), ids as the caller's user namespace shows them. */
export interface IpcStat {
  readonly kind: IpcKind;
  readonly id: number;
  readonly key: number;
  readonly uid: number;
  readonly gid: number;
  readonly cuid: number;
  readonly cgid: number;
  /** Permission bits (and SHM_DEST for shm). */
  readonly mode: number;
  readonly seq: number;
  /** shm_segsz, msg_qbytes or sem_nsems. */
  readonly size: number;
  /** msg_qnum and msg_cbytes: messages and bytes on a queue (msg only). */
  readonly qnum?: number;
  readonly cbytes?: number;
}

/** kernel_to_ipc64_perm: the ids mapped into the caller's user namespace (overflow id when unmapped). */
function statOf(task: Task, kind: IpcKind, obj: KernIpcPerm): IpcStat {
  const userNs = task.cred.userNs;
  const size = obj instanceof ShmSegment ? Number(obj.size) : obj instanceof MsgQueue ? obj.qbytes : obj instanceof SemArray ? obj.nsems : 0;
  return {
    kind, id: obj.id, key: obj.key, mode: obj.mode, seq: obj.seq, size,
    uid: fromKuidMunged(userNs, obj.uid), gid: fromKgidMunged(userNs, obj.gid),
    cuid: fromKuidMunged(userNs, obj.cuid), cgid: fromKgidMunged(userNs, obj.cgid),
    ...(obj instanceof MsgQueue ? { qnum: obj.qnum, cbytes: obj.cbytes } : {}),
  };
}

/**
 * IPC_RMID through shmctl/msgctl/semctl: the object with exactly this id
 * (EINVAL, also for a negative or stale id) is removed if the caller's euid is
 * its owner or creator, or with CAP_SYS_ADMIN over the namespace's owner (EPERM).
 */
export function ipcRmid(kernel: Kernel, task: Task, kind: IpcKind, id: number): void {
  checkKind('ipcctl', kind);
  const sys = `${kind}ctl`;
  checkInts(sys, { id });
  const ns = ipcNamespaceOf(kernel, task, sys);
  if (id < 0) fail('EINVAL', sys, 'negative id', 'Q1.25');
  const obj = idsOf(ns, kind).obtainObjectCheck(id, sys);
  // ipcctl_obtain_check
  const euid = task.cred.euid;
  if (euid !== obj.cuid && euid !== obj.uid && !nsCapable(task.cred, ns.userNs, CAP_SYS_ADMIN)) {
    fail('EPERM', sys, `not the owner of ${id} and no CAP_SYS_ADMIN over the ipc namespace's owner`, 'Q1.27');
  }
  if (obj instanceof ShmSegment) ns.destroyShm(obj); // do_shm_rmid: no attaches in the model
  else if (obj instanceof MsgQueue) ns.destroyMsg(obj);
  else if (obj instanceof SemArray) ns.destroySem(obj);
}

/** IPC_STAT through shmctl/msgctl/semctl: needs read permission (ipcperms S_IRUGO, EACCES). */
export function ipcStat(kernel: Kernel, task: Task, kind: IpcKind, id: number): IpcStat {
  checkKind('ipcctl', kind);
  const sys = `${kind}ctl`;
  checkInts(sys, { id });
  const ns = ipcNamespaceOf(kernel, task, sys);
  if (id < 0) fail('EINVAL', sys, 'negative id', 'Q1.25');
  const obj = idsOf(ns, kind).obtainObjectCheck(id, sys);
  if (!ipcperms(ns.userNs, task.cred, obj, S_IRUGO)) fail('EACCES', sys, `no read permission on ${id}`, 'Q1.15');
  return statOf(task, kind, obj);
}

function ctl(kernel: Kernel, task: Task, kind: IpcKind, id: number, cmd: number): IpcStat | null {
  if (cmd === IPC_RMID) {
    ipcRmid(kernel, task, kind, id);
    return null;
  }
  if (cmd === IPC_STAT) return ipcStat(kernel, task, kind, id);
  return fail('EINVAL', `${kind}ctl`, `command ${cmd} is not modelled`, 'Q1.26');
}

/** shmctl(2) with IPC_RMID (returns null) or IPC_STAT. */
export function shmctl(kernel: Kernel, task: Task, shmid: number, cmd: number): IpcStat | null {
  checkInts('shmctl', { shmid, cmd });
  checkAlive(kernel, task, 'shmctl');
  if (cmd < 0 || shmid < 0) fail('EINVAL', 'shmctl', undefined, 'Q1.25');
  return ctl(kernel, task, 'shm', shmid, cmd);
}

/** msgctl(2) with IPC_RMID (returns null) or IPC_STAT. */
export function msgctl(kernel: Kernel, task: Task, msqid: number, cmd: number): IpcStat | null {
  checkInts('msgctl', { msqid, cmd });
  checkAlive(kernel, task, 'msgctl');
  if (msqid < 0 || cmd < 0) fail('EINVAL', 'msgctl', undefined, 'Q1.25');
  return ctl(kernel, task, 'msg', msqid, cmd);
}

/** semctl(2) with IPC_RMID (returns null) or IPC_STAT. */
export function semctl(kernel: Kernel, task: Task, semid: number, cmd: number): IpcStat | null {
  checkInts('semctl', { semid, cmd });
  checkAlive(kernel, task, 'semctl');
  if (semid < 0) fail('EINVAL', 'semctl', undefined, 'Q1.25');
  return ctl(kernel, task, 'sem', semid, cmd);
}

/** How many objects of a kind the task's namespace holds (SHM_INFO used_ids, MSG_INFO msgpool, SEM_INFO semusz). */
export function ipcCount(kernel: Kernel, task: Task, kind: IpcKind): number {
  checkKind('ipcctl', kind);
  return idsOf(ipcNamespaceOf(kernel, task, `${kind}ctl`), kind).inUse;
}

/** The objects of a kind in the task's namespace, as /proc/sysvipc/<kind> lists them (ids as the task's user namespace shows them). */
export function ipcList(kernel: Kernel, task: Task, kind: IpcKind): IpcStat[] {
  checkKind('read', kind);
  return idsOf(ipcNamespaceOf(kernel, task, 'read'), kind).objects().map((o) => statOf(task, kind, o));
}
