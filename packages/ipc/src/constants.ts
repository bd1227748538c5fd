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
/** IPC_EXCL (include/uapi/linux/ipc.h): with IPC_CREAT, fail with EEXIST if the key exists. */
export const IPC_EXCL = 0o2000;
/** IPC_NOWAIT (include/uapi/linux/ipc.h): fail with EAGAIN or ENOMSG instead of waiting. */
export const IPC_NOWAIT = 0o4000;

/** msgrcv flags (include/uapi/linux/msg.h). */
export const MSG_NOERROR = 0o10000;
/** MSG_EXCEPT (include/uapi/linux/msg.h): msgrcv takes the first message of another type than msgtyp. */
export const MSG_EXCEPT = 0o20000;
/** MSG_COPY (include/uapi/linux/msg.h): msgrcv copies the message at index msgtyp without removing it. */
export const MSG_COPY = 0o40000;

/** sembuf.sem_flg: undo the operation at exit (include/uapi/linux/sem.h); not modelled. */
export const SEM_UNDO = 0x1000;
/** SEMVMX: the largest semaphore value. */
export const SEMVMX = 32767;

/** ctl commands. */
export const IPC_RMID = 0;
/** IPC_SET (include/uapi/linux/ipc.h): a ctl command that sets an object's owner and mode. */
export const IPC_SET = 1;
/** IPC_STAT (include/uapi/linux/ipc.h): a ctl command that reads an object's state. */
export const IPC_STAT = 2;
/** IPC_INFO (include/uapi/linux/ipc.h): a ctl command that reads the namespace's limits. */
export const IPC_INFO = 3;

/** The permission bits an object keeps from the get flags (S_IRWXUGO). */
export const S_IRWXUGO = 0o777;
/** ipcperms masks: read and write for owner, group and other. */
export const S_IRUGO = 0o444;
/** S_IWUGO (include/linux/stat.h): write permission for owner, group and other. */
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
/** IPCMNI (ipc/util.h): the number of id slots of one table, 1 << IPCMNI_SHIFT. */
export const IPCMNI: number = 1 << IPCMNI_SHIFT;
/** IPCMNI_IDX_MASK (ipc/util.h): the index part of an IPC id (ipcid_to_idx). */
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
/** SHMALL (include/uapi/linux/shm.h): the default of kernel.shmall, in pages. */
export const SHMALL: bigint = ULONG_MAX - (1n << 24n);
/** SHMMNI (include/uapi/linux/shm.h): the default of kernel.shmmni, the most segments of a namespace. */
export const SHMMNI = 4096;
/** MSGMAX (include/uapi/linux/msg.h): the default of kernel.msgmax, the largest message. */
export const MSGMAX = 8192;
/** MSGMNB (include/uapi/linux/msg.h): the default of kernel.msgmnb, the bytes a queue holds. */
export const MSGMNB = 16384;
/** MSGMNI (include/uapi/linux/msg.h): the default of kernel.msgmni, the most queues of a namespace. */
export const MSGMNI = 32000;
/** SEMMSL (include/uapi/linux/sem.h): the default of kernel.sem's first field, semaphores per set. */
export const SEMMSL = 32000;
/** SEMMNS (include/uapi/linux/sem.h): the default of kernel.sem's second field, semaphores in the namespace. */
export const SEMMNS = 1024000000;
/** SEMOPM (include/uapi/linux/sem.h): the default of kernel.sem's third field, operations per semop. */
export const SEMOPM = 500;
/** SEMMNI (include/uapi/linux/sem.h): the default of kernel.sem's fourth field, the most sets of a namespace. */
export const SEMMNI = 32000;

/** POSIX message queue defaults and bounds (include/linux/ipc_namespace.h). */
export const DFLT_QUEUESMAX = 256;
/** DFLT_MSG (include/linux/ipc_namespace.h): the default mq_maxmsg of a queue made without attributes. */
export const DFLT_MSG = 10;
/** DFLT_MSGMAX (include/linux/ipc_namespace.h): the default of fs.mqueue.msg_max. */
export const DFLT_MSGMAX = 10;
/** DFLT_MSGSIZE (include/linux/ipc_namespace.h): the default mq_msgsize of a queue made without attributes. */
export const DFLT_MSGSIZE = 8192;
/** DFLT_MSGSIZEMAX (include/linux/ipc_namespace.h): the default of fs.mqueue.msgsize_max. */
export const DFLT_MSGSIZEMAX = 8192;
/** MIN_MSGMAX (include/linux/ipc_namespace.h): the lowest fs.mqueue.msg_max. */
export const MIN_MSGMAX = 1;
/** HARD_MSGMAX (include/linux/ipc_namespace.h): the highest fs.mqueue.msg_max. */
export const HARD_MSGMAX = 65536;
/** MIN_MSGSIZEMAX (include/linux/ipc_namespace.h): the lowest fs.mqueue.msgsize_max. */
export const MIN_MSGSIZEMAX = 128;
/** HARD_MSGSIZEMAX (include/linux/ipc_namespace.h): the highest fs.mqueue.msgsize_max. */
export const HARD_MSGSIZEMAX: number = 16 * 1024 * 1024;
/** MQ_PRIO_MAX (include/uapi/linux/mqueue.h). */
export const MQ_PRIO_MAX = 32768;
/** RLIMIT_MSGQUEUE default, MQ_BYTES_MAX (include/uapi/linux/mqueue.h); not settable in the model. */
export const MQ_BYTES_MAX = 819200;
/** sizeof(struct msg_msg) and sizeof(struct posix_msg_tree_node) on x86_64, for the queue's byte charge. */
export const SIZEOF_MSG_MSG = 48;
/** sizeof(struct posix_msg_tree_node) on x86_64 (ipc/mqueue.c), charged per priority level of a queue. */
export const SIZEOF_POSIX_MSG_TREE_NODE = 48;
/** NAME_MAX: the longest queue name. */
export const NAME_MAX = 255;

/** open(2) flags mq_open uses (x86_64). */
export const O_RDONLY = 0;
/** O_WRONLY (x86_64): mq_open for sending only. */
export const O_WRONLY = 1;
/** O_RDWR (x86_64): mq_open for sending and receiving. */
export const O_RDWR = 2;
/** O_ACCMODE (x86_64): the access mode bits of the open flags. */
export const O_ACCMODE = 3;
/** O_CREAT (x86_64): mq_open creates the queue if it does not exist. */
export const O_CREAT = 0o100;
/** O_EXCL (x86_64): with O_CREAT, mq_open fails with EEXIST if the queue exists. */
export const O_EXCL = 0o200;
