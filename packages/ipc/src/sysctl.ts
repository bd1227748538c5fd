/**
 * The per-namespace IPC sysctls: /proc/sys/kernel/{shm*,msg*,sem,*_next_id}
 * and /proc/sys/fs/mqueue/*. Mirrors ipc/ipc_sysctl.c (the table,
 * ipc_permissions, proc_ipc_sem_dointvec, proc_ipc_dointvec_minmax_orphans,
 * proc_ipc_auto_msgmni), ipc/mq_sysctl.c (the table, mq_permissions) and the
 * parsing of kernel/sysctl.c (proc_dointvec_minmax, proc_doulongvec_minmax).
 *
 * Each file shows the values of the READER's ipc namespace (Q1.5). Writing is
 * allowed by uid, not by capability (Q1.7): the file behaves as owned by root
 * of the namespace's owning user namespace (mode 0644), so only a task whose
 * euid is that uid may write it (EACCES at open). The *_next_id files are 0444,
 * writable by a task with CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN over the owner.
 *
 * As on Linux, a write of several values (kernel.sem) stores the values one
 * by one: a bad value fails the write but keeps the values before it, and
 * SEMMNI beyond IPCMNI fails with ERANGE keeping the other three.
 */
import { CAP_CHECKPOINT_RESTORE, CAP_SYS_ADMIN, checkString, fail, makeKgid, makeKuid, nsCapable, procSysNumbers } from '@nsproxy/core';
import type { Cred, Kernel, ProcNumber, Task } from '@nsproxy/core';
import { HARD_MSGMAX, HARD_MSGSIZEMAX, INT_MAX, IPCMNI, MIN_MSGMAX, MIN_MSGSIZEMAX } from './constants.ts';
import type { IpcKind } from './ids.ts';
import type { IpcNamespace } from './namespace.ts';
import { ShmSegment } from './objects.ts';
import { ipcNamespaceOf } from './sysv.ts';

/** One sysctl file. */
interface IpcSysctl {
  /** 0644, or 0444 for the *_next_id files. */
  readonly mode: number;
  /** Values as printed (tab-joined on Linux). */
  read(ns: IpcNamespace): readonly (number | bigint)[];
  /** Stores the numbers written (read and validated one by one: procSysNumbers); throws EINVAL/ERANGE. */
  write(ns: IpcNamespace, numbers: Iterator<ProcNumber, void, undefined> & Iterable<ProcNumber>, sys: string): void;
  /** Whether a writer with CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN over the owner may write (the *_next_id files). */
  readonly checkpoint?: boolean;
}

/** One int of proc_dointvec_minmax: in int range, then in [min, max] (EINVAL). */
function toInt32({ neg, value, text }: ProcNumber, min: number, max: number, sys: string): number {
  if (neg ? value > BigInt(INT_MAX) + 1n : value > BigInt(INT_MAX)) fail('EINVAL', sys, `${text} is not an int`, 'Q1.53');
  const v = Number(neg ? -value : value);
  if (v < min || v > max) fail('EINVAL', sys, `${v} is outside [${min}, ${max}]`, 'Q1.53');
  return v;
}

/** One unsigned long of proc_doulongvec_minmax: no sign (EINVAL); procSysNumbers already refused more than ULONG_MAX. */
function toUlong({ neg, value, text }: ProcNumber, sys: string): bigint {
  if (neg) fail('EINVAL', sys, `${text} is not an unsigned long`, 'Q1.53');
  return value;
}

const INT_MIN = -INT_MAX - 1;

/** The first number of a one-value file (none: EINVAL, as __do_proc_dointvec's `first`). */
function first(numbers: Iterator<ProcNumber, void, undefined>, sys: string): ProcNumber {
  const n = numbers.next();
  if (n.done) return fail('EINVAL', sys, 'no value', 'Q1.53');
  return n.value;
}

function intFile(get: (ns: IpcNamespace) => number, set: (ns: IpcNamespace, v: number) => void, min = INT_MIN, max = INT_MAX): IpcSysctl {
  return {
    mode: 0o644,
    read: (ns) => [get(ns)],
    write(ns, numbers, sys) {
      set(ns, toInt32(first(numbers, sys), min, max, sys));
    },
  };
}

function ulongFile(get: (ns: IpcNamespace) => bigint, set: (ns: IpcNamespace, v: bigint) => void): IpcSysctl {
  return {
    mode: 0o644,
    read: (ns) => [get(ns)],
    write(ns, numbers, sys) {
      set(ns, toUlong(first(numbers, sys), sys));
    },
  };
}

function nextIdFile(kind: IpcKind): IpcSysctl {
  return {
    ...intFile((ns) => ns[kind].nextId, (ns, v) => {
      ns[kind].nextId = v;
    }, 0, INT_MAX),
    mode: 0o444,
    checkpoint: true,
  };
}

/** shm_destroy_orphaned: segments no task is linked to as creator are destroyed (no attaches in the model). */
function shmDestroyOrphaned(ns: IpcNamespace): void {
  for (const seg of ns.shm.objects()) {
    if (seg instanceof ShmSegment && seg.creator === null && seg.nattch === 0) ns.destroyShm(seg);
  }
}

/** The files, by sysctl name. */
const SYSCTLS: ReadonlyMap<string, IpcSysctl> = new Map<string, IpcSysctl>([
  ['kernel.shmmax', ulongFile((ns) => ns.limits.shmCtlmax, (ns, v) => {
    ns.limits.shmCtlmax = v;
  })],
  ['kernel.shmall', ulongFile((ns) => ns.limits.shmCtlall, (ns, v) => {
    ns.limits.shmCtlall = v;
  })],
  ['kernel.shmmni', intFile((ns) => ns.limits.shmCtlmni, (ns, v) => {
    ns.limits.shmCtlmni = v;
  }, 0, IPCMNI)],
  ['kernel.shm_rmid_forced', intFile((ns) => ns.limits.shmRmidForced, (ns, v) => {
    ns.limits.shmRmidForced = v;
    // proc_ipc_dointvec_minmax_orphans: a non-zero value destroys the orphans at once.
    if (v !== 0) shmDestroyOrphaned(ns);
  }, 0, 1)],
  ['kernel.msgmax', intFile((ns) => ns.limits.msgCtlmax, (ns, v) => {
    ns.limits.msgCtlmax = v;
  }, 0, INT_MAX)],
  ['kernel.msgmni', intFile((ns) => ns.limits.msgCtlmni, (ns, v) => {
    ns.limits.msgCtlmni = v;
  }, 0, IPCMNI)],
  ['kernel.msgmnb', intFile((ns) => ns.limits.msgCtlmnb, (ns, v) => {
    ns.limits.msgCtlmnb = v;
  }, 0, INT_MAX)],
  // proc_ipc_auto_msgmni: a legacy file; reads 0, accepts 0 or 1, changes nothing.
  ['kernel.auto_msgmni', intFile(() => 0, () => undefined, 0, 1)],
  ['kernel.sem', {
    mode: 0o644,
    read: (ns) => [...ns.limits.semCtls],
    write(ns, numbers, sys) {
      // proc_ipc_sem_dointvec: proc_dointvec stores value by value (up to four); then sem_check_semmni.
      const ctls = ns.limits.semCtls;
      const semmni = ctls[3];
      let i = 0;
      for (const n of numbers) {
        ctls[i] = toInt32(n, INT_MIN, INT_MAX, sys);
        if (++i === 4) break;
      }
      if (i === 0) fail('EINVAL', sys, 'no value', 'Q1.53');
      if (ctls[3] < 0 || ctls[3] > IPCMNI) {
        ctls[3] = semmni;
        fail('ERANGE', sys, `SEMMNI must be within [0, ${IPCMNI}]`, 'Q1.54');
      }
    },
  }],
  ['kernel.sem_next_id', nextIdFile('sem')],
  ['kernel.msg_next_id', nextIdFile('msg')],
  ['kernel.shm_next_id', nextIdFile('shm')],
  ['fs.mqueue.queues_max', intFile((ns) => ns.limits.mqQueuesMax, (ns, v) => {
    ns.limits.mqQueuesMax = v;
  })],
  ['fs.mqueue.msg_max', intFile((ns) => ns.limits.mqMsgMax, (ns, v) => {
    ns.limits.mqMsgMax = v;
  }, MIN_MSGMAX, HARD_MSGMAX)],
  ['fs.mqueue.msgsize_max', intFile((ns) => ns.limits.mqMsgsizeMax, (ns, v) => {
    ns.limits.mqMsgsizeMax = v;
  }, MIN_MSGSIZEMAX, HARD_MSGSIZEMAX)],
  ['fs.mqueue.msg_default', intFile((ns) => ns.limits.mqMsgDefault, (ns, v) => {
    ns.limits.mqMsgDefault = v;
  }, MIN_MSGMAX, HARD_MSGMAX)],
  ['fs.mqueue.msgsize_default', intFile((ns) => ns.limits.mqMsgsizeDefault, (ns, v) => {
    ns.limits.mqMsgsizeDefault = v;
  }, MIN_MSGSIZEMAX, HARD_MSGSIZEMAX)],
]);

/** The names of the per-namespace IPC sysctls (`kernel.shmmni`, `fs.mqueue.queues_max`, ...). */
export const IPC_SYSCTL_NAMES: readonly string[] = [...SYSCTLS.keys()];

/** `kernel.shmmni` or `kernel/shmmni` (a path below /proc/sys) to the dotted name. */
function sysctlOf(name: string, sys: string): IpcSysctl {
  const dotted = name.replace(/^\/proc\/sys\//, '').replaceAll('/', '.');
  return SYSCTLS.get(dotted) ?? fail('ENOENT', sys, `no ipc sysctl ${name}`, 'Q1.55');
}

/**
 * ipc_permissions / mq_permissions: the file's mode as seen by the caller.
 * "Root" is uid 0 (gid 0) of the namespace's owner as a kernel id, or global
 * root when unmapped; the caller's euid (egid) is compared with it.
 */
function sysctlMode(ns: IpcNamespace, cred: Cred, file: IpcSysctl): number {
  let mode = file.mode;
  if (file.checkpoint && (nsCapable(cred, ns.userNs, CAP_CHECKPOINT_RESTORE) || nsCapable(cred, ns.userNs, CAP_SYS_ADMIN))) return 0o6;
  let rootUid = makeKuid(ns.userNs, 0);
  let rootGid = makeKgid(ns.userNs, 0);
  if (rootUid < 0) rootUid = 0;
  if (rootGid < 0) rootGid = 0;
  if (cred.euid === rootUid) mode >>= 6;
  else if (cred.egid === rootGid) mode >>= 3;
  return mode & 7;
}

/** Reads an IPC sysctl of the task's ipc namespace: the values, space-joined (`32000 1024000000 500 32000`). */
export function ipcSysctlRead(kernel: Kernel, task: Task, name: string): string {
  const sys = 'read';
  checkString(name, sys, 'name');
  const ns = ipcNamespaceOf(kernel, task, sys);
  const file = sysctlOf(name, sys);
  if (!(sysctlMode(ns, task.cred, file) & 4)) fail('EACCES', 'open', `${name} is not readable`, 'Q1.7');
  return file.read(ns).map(String).join(' ');
}

/**
 * Writes an IPC sysctl of the task's ipc namespace, as one write(2) of `data`:
 * EACCES when the caller may not write the file, EINVAL for a malformed or
 * out-of-range value (ERANGE for SEMMNI). Only-blank data is EINVAL; empty data
 * changes nothing; values beyond the file's count are ignored.
 */
export function ipcSysctlWrite(kernel: Kernel, task: Task, name: string, data: string): void {
  checkString(name, 'open', 'name');
  checkString(data, 'write', 'data');
  const ns = ipcNamespaceOf(kernel, task, 'open');
  const file = sysctlOf(name, 'open');
  if (!(sysctlMode(ns, task.cred, file) & 2)) fail('EACCES', 'open', `${name} is not writable by this caller`, 'Q1.7');
  if (data === '') return;
  file.write(ns, procSysNumbers(data, 'write'), 'write');
}
