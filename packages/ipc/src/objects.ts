/**
 * The three System V object kinds and the POSIX message queue inode.
 * Mirrors struct shmid_kernel (ipc/shm.c), struct msg_queue (ipc/msg.c),
 * struct sem_array (ipc/sem.c) and struct mqueue_inode_info (ipc/mqueue.c),
 * as far as the model needs them (messages and semaphore values, no memory).
 */
import { KernIpcPerm } from './ids.ts';

/** struct shmid_kernel. */
export class ShmSegment extends KernIpcPerm {
  /** shm_segsz: the size asked for at creation, in bytes (size_t). */
  readonly size: bigint;
  /** The pages charged to the namespace's shm_tot. */
  readonly pages: bigint;
  /** shm_nattch; the model has no shmat, so always 0. */
  nattch = 0;
  /**
   * shm_creator: the serial of the task that created the segment, until that
   * task exits or unshares its ipc namespace (then null: an orphan, which
   * kernel.shm_rmid_forced = 1 destroys).
   */
  creator: number | null;

  constructor(key: number, mode: number, size: bigint, pages: bigint, creator: number | null) {
    super(key, mode);
    this.size = size;
    this.pages = pages;
    this.creator = creator;
  }
}

/** struct msg_msg: one message of a queue. */
export interface MsgMsg {
  /** m_type (at least 1). */
  readonly mtype: number;
  /** m_ts: the size of the text in bytes. */
  readonly size: number;
  /** The first bytes of the text (at most `size`); the bytes after them are zero. */
  readonly data: Uint8Array;
}

/** struct msg_queue. */
export class MsgQueue extends KernIpcPerm {
  /** q_qbytes: the namespace's msgmnb when the queue was made. */
  readonly qbytes: number;
  /** q_messages, oldest first. */
  readonly messages: MsgMsg[] = [];
  /** q_cbytes: the bytes of all messages on the queue. */
  cbytes = 0;

  constructor(key: number, mode: number, qbytes: number) {
    super(key, mode);
    this.qbytes = qbytes;
  }

  /** q_qnum: how many messages are on the queue. */
  get qnum(): number {
    return this.messages.length;
  }
}

/** struct sem_array. */
export class SemArray extends KernIpcPerm {
  /** sem_nsems. */
  readonly nsems: number;
  /** sems[i].semval: every semaphore starts at 0. */
  readonly semval: number[];

  constructor(key: number, mode: number, nsems: number) {
    super(key, mode);
    this.nsems = nsems;
    this.semval = new Array<number>(nsems).fill(0);
  }
}

/**
 * One level of a POSIX message queue's RLIMIT_MSGQUEUE charge (kernel/ucount.c
 * inc_rlimit_ucounts): the user namespace (by ns id) and the uid it is charged to.
 */
export interface MqChargeLevel {
  readonly userNsId: number;
  readonly uid: number;
}

/** A POSIX message queue: an inode of the namespace's internal mqueue filesystem. */
export interface MqQueue {
  /** The name without the leading `/`. */
  readonly name: string;
  /** Owner (the creator's fsuid and fsgid, kernel ids) and permission bits. */
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  /** mq_maxmsg and mq_msgsize (the namespace's defaults at creation). */
  readonly maxmsg: number;
  readonly msgsize: number;
  /** The bytes charged to RLIMIT_MSGQUEUE (mq_treesize + maxmsg * msgsize). */
  readonly bytes: number;
  /** Where those bytes are charged: (caller's user ns, real uid), then up the user namespace tree. */
  readonly charge: readonly MqChargeLevel[];
}
