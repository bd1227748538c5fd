/**
 * POSIX message queues: each ipc namespace has its own internal mqueue
 * filesystem, and mq_open/mq_unlink names live there (Q1.3). Mirrors
 * ipc/mqueue.c (do_mq_open, prepare_open, mqueue_create_attr,
 * mqueue_get_inode, sys_mq_unlink), the name rules of fs/namei.c
 * (lookup_noperm_common) and glibc's mq_open/mq_unlink (the leading `/`).
 *
 * The model keeps no message queue descriptors: `mqOpen` checks and creates
 * exactly as mq_open(3) does, and the descriptor is closed at once. So a queue
 * lives until it is unlinked or its namespace is freed.
 *
 * The errnos are the kernel's. One differs from what a C program sees through
 * glibc: mq_unlink of another user's queue in the sticky root directory is
 * EPERM from the system call (may_delete), and glibc's mq_unlink(3) turns EPERM
 * into EACCES. The owner of the queue or of the root directory, or CAP_FOWNER
 * over the queue, may unlink it (observed on 6.18.44).
 */
import { checkString, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_SYS_RESOURCE, capable, capableWrtInode, fail, fromKgid, fromKuid, utf8Length } from '@nsproxy/core';
import type { Cred, Kernel, Task, UserNamespace } from '@nsproxy/core';
import {
  MQ_BYTES_MAX, MQ_PRIO_MAX, NAME_MAX, O_ACCMODE, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_WRONLY,
  SIZEOF_MSG_MSG, SIZEOF_POSIX_MSG_TREE_NODE, S_IRWXUGO,
} from './constants.ts';
import { IpcNamespace } from './namespace.ts';
import type { MqChargeLevel, MqQueue } from './objects.ts';
import { checkInts, ipcNamespaceOf } from './sysv.ts';

/** MAY_EXEC, MAY_WRITE, MAY_READ. */
const MAY_WRITE = 2;
const MAY_READ = 4;

/**
 * glibc's leading `/` (EINVAL without it), then the kernel's name rules:
 * empty (getname, ENOENT), `.`/`..` or a `/` inside (EACCES), longer than
 * NAME_MAX (ENAMETOOLONG). Returns the name without the `/`.
 */
function queueName(name: string, sys: string): string {
  if (!name.startsWith('/')) fail('EINVAL', sys, 'the name must start with /', 'Q1.41');
  const n = name.slice(1);
  if (n === '') fail('ENOENT', sys, 'empty name', 'Q1.42');
  if (n === '.' || n === '..' || n.includes('/') || n.includes('\0')) fail('EACCES', sys, `invalid name ${name}`, 'Q1.43');
  if (utf8Length(n) > NAME_MAX) fail('ENAMETOOLONG', sys, `longer than ${NAME_MAX} bytes`, 'Q1.44');
  return n;
}

/**
 * generic_permission on a queue inode: owner, group or other bits, then
 * CAP_DAC_OVERRIDE (or CAP_DAC_READ_SEARCH for a read) in the caller's user
 * namespace with the inode's ids mapped there.
 */
function queuePermission(cred: Cred, q: MqQueue, mask: number): boolean {
  let mode = q.mode;
  if (cred.fsuid === q.uid) mode >>= 6;
  else if (cred.fsgid === q.gid) mode >>= 3;
  if ((mask & ~mode & 7) === 0) return true;
  const inode = { uid: q.uid, gid: q.gid, mode: q.mode };
  if (capableWrtInode(cred, inode, CAP_DAC_OVERRIDE)) return true;
  return mask === MAY_READ && capableWrtInode(cred, inode, CAP_DAC_READ_SEARCH);
}

/** mq_treesize + mq_maxmsg * mq_msgsize: what a queue charges to RLIMIT_MSGQUEUE (mqueue_get_inode). */
export function mqQueueBytes(maxmsg: number, msgsize: number): number {
  const treesize = maxmsg * SIZEOF_MSG_MSG + Math.min(maxmsg, MQ_PRIO_MAX) * SIZEOF_POSIX_MSG_TREE_NODE;
  return treesize + maxmsg * msgsize;
}

/** The levels a queue created with these credentials is charged to: (user ns, real uid), then up the tree. */
function chargeLevels(cred: Cred): MqChargeLevel[] {
  const levels: MqChargeLevel[] = [{ userNsId: cred.userNs.nsId, uid: cred.uid }];
  for (let ns: UserNamespace | null = cred.userNs; ns?.parent; ns = ns.parent) {
    levels.push({ userNsId: ns.parent.nsId, uid: ns.owner });
  }
  return levels;
}

/** The bytes charged at each level by every queue of every live namespace of the kernel. */
function chargedBytes(kernel: Kernel): Map<string, number> {
  const sums = new Map<string, number>();
  for (const ns of kernel.namespaces()) {
    if (!(ns instanceof IpcNamespace)) continue;
    for (const q of ns.mqueue.queues.values()) {
      for (const l of q.charge) {
        const key = `${l.userNsId}:${l.uid}`;
        sums.set(key, (sums.get(key) ?? 0) + q.bytes);
      }
    }
  }
  return sums;
}

/**
 * mq_open(3) with `oflag` (O_RDONLY/O_WRONLY/O_RDWR, O_CREAT, O_EXCL) and the
 * namespace's default attributes, in the task's ipc namespace; the descriptor
 * is closed at once.
 * - A missing queue: ENOENT without O_CREAT; with it, ENOSPC when queues_max
 *   queues exist (unless CAP_SYS_RESOURCE in the initial user namespace), EMFILE
 *   when RLIMIT_MSGQUEUE (819200 bytes, every level of the caller's user
 *   namespace tree) would be exceeded.
 * - An existing queue: EEXIST with O_CREAT|O_EXCL, EINVAL for access mode 3,
 *   EACCES without the access asked for.
 */
export function mqOpen(kernel: Kernel, task: Task, name: string, oflag: number, mode = 0o600): void {
  const sys = 'mq_open';
  checkString(name, sys, 'name');
  checkInts(sys, { oflag, mode });
  const ns = ipcNamespaceOf(kernel, task, sys);
  const n = queueName(name, sys);
  const cred = task.cred;
  const existing = ns.mqueue.queues.get(n);
  if (existing) {
    // prepare_open, on an existing dentry
    if ((oflag & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL)) fail('EEXIST', sys, `${name} exists`, 'Q1.45');
    const acc = oflag & O_ACCMODE;
    if (acc === (O_RDWR | O_WRONLY)) fail('EINVAL', sys, 'invalid access mode', 'Q1.46');
    const mask = acc === O_RDONLY ? MAY_READ : acc === O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE;
    if (!queuePermission(cred, existing, mask)) fail('EACCES', sys, `no access to ${name}`, 'Q1.47');
    return;
  }
  if (!(oflag & O_CREAT)) fail('ENOENT', sys, `no queue ${name}`, 'Q1.48');
  // vfs_mkobj -> may_create (fs/namei.c): the new inode's owner must be representable in the mqueue
  // superblock's user namespace, the ipc namespace's owner (fsuidgid_has_mapping), else EOVERFLOW;
  // then the permission on the root directory, 01777, which passes.
  const owner = ns.ownerNs;
  if (owner && (fromKuid(owner, cred.fsuid) < 0 || fromKgid(owner, cred.fsgid) < 0)) {
    fail('EOVERFLOW', sys, 'the caller\'s fsuid or fsgid has no mapping in the user namespace owning the ipc namespace', 'Q1.11');
  }
  // mqueue_create_attr
  if (ns.mqueue.queues.size >= ns.limits.mqQueuesMax && !capable(cred, kernel.initUserNs, CAP_SYS_RESOURCE)) {
    fail('ENOSPC', sys, `fs.mqueue.queues_max (${ns.limits.mqQueuesMax}) queues exist`, 'Q1.49');
  }
  // mqueue_get_inode: default attributes, then the RLIMIT_MSGQUEUE charge.
  const maxmsg = ns.limits.mqMsgDefault;
  const msgsize = ns.limits.mqMsgsizeDefault;
  const bytes = mqQueueBytes(maxmsg, msgsize);
  const charge = chargeLevels(cred);
  const sums = chargedBytes(kernel);
  for (const l of charge) {
    if ((sums.get(`${l.userNsId}:${l.uid}`) ?? 0) + bytes > MQ_BYTES_MAX) fail('EMFILE', sys, 'RLIMIT_MSGQUEUE would be exceeded', 'Q1.50');
  }
  ns.mqueue.queues.set(n, { name: n, uid: cred.fsuid, gid: cred.fsgid, mode: mode & S_IRWXUGO, maxmsg, msgsize, bytes, charge });
}

/**
 * mq_unlink(2): removes the name from the task's namespace (ENOENT when
 * absent). In the sticky root directory only the owner of the queue or of the
 * directory, or a caller with CAP_FOWNER over the queue, may (EPERM from the
 * system call; glibc's mq_unlink(3) reports it as EACCES).
 */
export function mqUnlink(kernel: Kernel, task: Task, name: string): void {
  const sys = 'mq_unlink';
  checkString(name, sys, 'name');
  const ns = ipcNamespaceOf(kernel, task, sys);
  const n = queueName(name, sys);
  const q = ns.mqueue.queues.get(n);
  if (!q) return fail('ENOENT', sys, `no queue ${name}`, 'Q1.51');
  const cred = task.cred;
  // may_delete -> check_sticky
  const owner = cred.fsuid === q.uid || cred.fsuid === ns.mqueue.rootUid;
  if (!owner && !capableWrtInode(cred, { uid: q.uid, gid: q.gid, mode: q.mode }, CAP_FOWNER)) {
    fail('EPERM', sys, `${name} belongs to someone else (the root directory is sticky)`, 'Q1.52');
  }
  ns.mqueue.queues.delete(n);
}

/** The queue names of the task's namespace, with the leading `/`, sorted (what an mqueue mount lists). */
export function mqNames(kernel: Kernel, task: Task): string[] {
  return [...ipcNamespaceOf(kernel, task, 'mq').mqueue.queues.keys()].sort().map((n) => `/${n}`);
}
