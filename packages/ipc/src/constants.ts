/**
 * uapi constants and the per-namespace defaults of System V IPC and POSIX
 * message queues (include/uapi/linux/ipc.h, include/uapi/linux/shm.h,
 * include/uapi/linux/msg.h, include/uapi/linux/sem.h, include/linux/ipc_namespace.h,
 * ipc/util.h).
 */

/** The private key: every get with it creates a new object. */
export const IPC_PRIVATE = 0;
/** shmget/msgget/semget flags (octal, as in the uapi header). */
export const IPC_CREAT = 0o1000;
export const IPC_EXCL = 0o2000;
export const IPC_NOWAIT = 0o4000;

/** msgrcv flags (include/uapi/linux/msg.h). */
export const MSG_NOERROR = 0o10000;
export const MSG_EXCEPT = 0o20000;
export const MSG_COPY = 0o40000;

/** sembuf.sem_flg: undo the operation at exit (include/uapi/linux/sem.h); not modelled. */
export const SEM_UNDO = 0x1000;
/** SEMVMX: the largest semaphore value. */
export const SEMVMX = 32767;

/** ctl commands. */
export const IPC_RMID = 0;
export const IPC_SET = 1;
export const IPC_STAT = 2;
export const IPC_INFO = 3;

/** The permission bits an object keeps from the get flags (S_IRWXUGO). */
export const S_IRWXUGO = 0o777;
/** ipcperms masks: read and write for owner, group and other. */
export const S_IRUGO = 0o444;
export const S_IWUGO = 0o222;

/** shm_perm.mode flag of a segment removed while still attached (include/linux/shm.h). */
export const SHM_DEST = 0o1000;

/** Page size of the reference machine (x86_64). */
export const PAGE_SIZE = 4096;
/** SHMMIN: the smallest segment. */
export const SHMMIN = 1;

/**
 * IPCMNI: the size of the index part of an id (ipc/util.h, without the
 * ipcmni_extend boot option): ids are `seq << 15 | index`.
 */
export const IPCMNI_SHIFT = 15;
export const IPCMNI: number = 1 << IPCMNI_SHIFT;
export const IPCMNI_IDX_MASK: number = IPCMNI - 1;
/** ipcid_seq_max(): INT_MAX >> IPCMNI_SHIFT. */
export const IPCID_SEQ_MAX: number = 0x7fffffff >> IPCMNI_SHIFT;
/** ipc_min_cycle = RADIX_TREE_MAP_SIZE: ids are handed out cyclically over at least this many slots. */
export const IPC_MIN_CYCLE = 64;

/** INT_MAX, the bound of most int sysctls. */
export const INT_MAX = 0x7fffffff;
/** ULONG_MAX on x86_64. */
export const ULONG_MAX: bigint = (1n << 64n) - 1n;

/** Per-namespace defaults (include/uapi/linux/shm.h, msg.h, sem.h), set in every new namespace. */
export const SHMMAX: bigint = ULONG_MAX - (1n << 24n);
export const SHMALL: bigint = ULONG_MAX - (1n << 24n);
export const SHMMNI = 4096;
export const MSGMAX = 8192;
export const MSGMNB = 16384;
export const MSGMNI = 32000;
export const SEMMSL = 32000;
export const SEMMNS = 1024000000;
export const SEMOPM = 500;
export const SEMMNI = 32000;

/** POSIX message queue defaults and bounds (include/linux/ipc_namespace.h). */
export const DFLT_QUEUESMAX = 256;
export const DFLT_MSG = 10;
export const DFLT_MSGMAX = 10;
export const DFLT_MSGSIZE = 8192;
export const DFLT_MSGSIZEMAX = 8192;
export const MIN_MSGMAX = 1;
export const HARD_MSGMAX = 65536;
export const MIN_MSGSIZEMAX = 128;
export const HARD_MSGSIZEMAX: number = 16 * 1024 * 1024;
/** MQ_PRIO_MAX (include/uapi/linux/mqueue.h). */
export const MQ_PRIO_MAX = 32768;
/** RLIMIT_MSGQUEUE default, MQ_BYTES_MAX (include/uapi/linux/mqueue.h); not settable in the model. */
export const MQ_BYTES_MAX = 819200;
/** sizeof(struct msg_msg) and sizeof(struct posix_msg_tree_node) on x86_64, for the queue's byte charge. */
export const SIZEOF_MSG_MSG = 48;
export const SIZEOF_POSIX_MSG_TREE_NODE = 48;
/** NAME_MAX: the longest queue name. */
export const NAME_MAX = 255;

/** open(2) flags mq_open uses (x86_64). */
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_ACCMODE = 3;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
