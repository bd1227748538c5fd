/**
 * The kernel rules @nsproxy/ipc implements, as data (the package's part of
 * the rule catalog, see `Rule` in @nsproxy/core). Section Q1 is the ipc
 * namespace and the calls that live in it (System V objects, POSIX message
 * queues, the ipc sysctls), I2 its setns install rules. Every error this
 * package throws names one of these ids; the scenario area carries the list
 * (`ipcArea.rules`).
 *
 * Ids are stable: Q1.1-Q1.11, I2.1 and I2.2 are the ones the corpus and the
 * docs cite; Q1.12 and after were added with the catalog, one per check of
 * the model. An id is never given another meaning. One number of Q1 below
 * Q1.11 has no entry: it stands for a kernel rule about POSIX shared memory
 * and named semaphores (the ipc namespace does not isolate them), which the
 * model does not have.
 */
import { defineRules } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';

/** The System V calls that take an id. */
const BY_ID = ['shmctl', 'msgctl', 'semctl', 'msgsnd', 'msgrcv', 'semop'];
/** The System V calls that take a key. */
const GETS = ['shmget', 'msgget', 'semget'];
/** The calls of the ipc sysctl files (`sysctl` is the scenario op). */
const SYSCTL = ['open', 'write', 'sysctl'];

/** The rules of the ipc namespace type and the calls that use it. */
export const ipcRules: readonly Rule[] = defineRules([
  // The namespace.
  {
    id: 'Q1.1',
    rule: 'Creating an ipc namespace is charged to max_ipc_namespaces at every level of the owner\'s user namespace chain (over a limit the creation fails), and the new namespace gets its own empty id tables, sysctls and internal mqueue filesystem.',
    outcome: 'ENOSPC',
    calls: ['clone', 'clone3', 'unshare'],
    linux: { function: 'create_ipc_ns', file: 'ipc/namespace.c' },
  },
  {
    id: 'Q1.2',
    rule: 'System V message queues, semaphore sets and shared memory segments belong to one ipc namespace, both their keys and their ids: a new namespace has none, and an object of one namespace is never found from another.',
    outcome: 'System V objects are private to their namespace',
    calls: [...GETS, ...BY_ID, 'clone', 'unshare', 'setns'],
    linux: { function: 'ipcget, ipc_obtain_object_check', file: 'ipc/util.c' },
  },
  {
    id: 'Q1.3',
    rule: 'POSIX message queue names live in the internal mqueue filesystem of the caller\'s ipc namespace, so a queue is seen only from that namespace.',
    outcome: 'POSIX message queues are private to their namespace',
    calls: ['mq_open', 'mq_unlink'],
    linux: { function: 'do_mq_open, mq_init_ns', file: 'ipc/mqueue.c' },
  },
  {
    id: 'Q1.5',
    rule: 'The kernel.shm*, kernel.msg*, kernel.sem and kernel.*_next_id sysctls belong to the reader\'s ipc namespace, and a new namespace starts with the default values, not its creator\'s.',
    outcome: 'System V limits are per namespace, reset in a new one',
    calls: [...SYSCTL, 'read', 'clone', 'unshare'],
    linux: { function: 'setup_ipc_sysctls (a table per namespace; the defaults come from shm_init_ns, msg_init_ns, sem_init_ns)', file: 'ipc/ipc_sysctl.c' },
  },
  {
    id: 'Q1.6',
    rule: 'The fs.mqueue sysctls (queues_max 256, msg_max 10, msgsize_max 8192, msg_default 10, msgsize_default 8192) belong to the reader\'s ipc namespace and start at those defaults in a new one.',
    outcome: 'mqueue limits are per namespace, reset in a new one',
    calls: [...SYSCTL, 'read', 'clone', 'unshare'],
    linux: { function: 'setup_mq_sysctls (a table per namespace; the defaults come from mq_init_ns)', file: 'ipc/mq_sysctl.c' },
  },
  {
    id: 'Q1.7',
    rule: 'An ipc sysctl file behaves as owned by uid 0 (gid 0) of the user namespace owning the ipc namespace, so only a task whose euid (egid) is that id may write it, whatever its capabilities; the *_next_id files are writable with CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN over that owner instead.',
    outcome: 'EACCES',
    calls: [...SYSCTL, 'read'],
    linux: { function: 'ipc_permissions (mq_permissions in ipc/mq_sysctl.c)', file: 'ipc/ipc_sysctl.c' },
  },
  {
    id: 'Q1.8',
    rule: 'A value written to an ipc sysctl changes the writer\'s ipc namespace only.',
    outcome: 'other namespaces keep their values',
    calls: SYSCTL,
    linux: { function: 'setup_ipc_sysctls, setup_mq_sysctls (each table points into its own namespace)', file: 'ipc/ipc_sysctl.c' },
  },
  {
    id: 'Q1.9',
    rule: 'unshare(CLONE_NEWIPC) runs exit_shm for the caller, so the segments it created in the old namespace lose their creator (and go at once under kernel.shm_rmid_forced); the caller\'s semaphore undo list is applied and dropped too (Q1.57).',
    outcome: 'the caller\'s segments are orphaned',
    calls: ['unshare'],
    linux: { function: 'ksys_unshare -> exit_shm', file: 'kernel/fork.c' },
  },
  {
    id: 'Q1.10',
    rule: 'When the last reference to an ipc namespace goes (its last task, open ns file or bind mount), every System V object and POSIX message queue in it is destroyed.',
    outcome: 'the namespace\'s objects are freed',
    calls: ['exit', 'setns', 'unshare', 'close', 'umount'],
    linux: { function: 'free_ipc_ns', file: 'ipc/namespace.c' },
  },
  {
    id: 'Q1.11',
    rule: 'mq_open with O_CREAT of a new queue needs the caller\'s fsuid and fsgid to be mapped in the user namespace owning the ipc namespace (the owner of its mqueue filesystem).',
    outcome: 'EOVERFLOW',
    calls: ['mq_open'],
    linux: { function: 'may_create (vfs_mkobj from do_mq_open)', file: 'fs/namei.c' },
  },
  {
    id: 'Q1.12',
    rule: 'A live task always has an ipc namespace, its nsproxy\'s (init_ipc_ns from boot on), so the model answers an ipc call with EINVAL only where it finds none, a state of its own set-up that Linux never reaches.',
    outcome: 'EINVAL',
    calls: [...GETS, ...BY_ID, 'mq_open', 'mq_unlink', 'mq', 'ipc', 'read', 'open'],
    linux: { function: 'init_nsproxy, copy_namespaces', file: 'kernel/nsproxy.c' },
    unshowable: 'Linux gives every live task an ipc namespace; only a model kernel in an inconsistent state has none',
  },
  // System V objects by key: ipcget.
  {
    id: 'Q1.13',
    rule: 'shmget, msgget or semget of a key that no object of the namespace has, without IPC_CREAT, finds nothing.',
    outcome: 'ENOENT',
    calls: GETS,
    linux: { function: 'ipcget_public', file: 'ipc/util.c' },
  },
  {
    id: 'Q1.14',
    rule: 'shmget, msgget or semget with IPC_CREAT and IPC_EXCL of a key the namespace already has fails instead of returning the existing object.',
    outcome: 'EEXIST',
    calls: GETS,
    linux: { function: 'ipcget_public', file: 'ipc/util.c' },
  },
  {
    id: 'Q1.15',
    rule: 'Access to a System V object follows its mode bits: the owner or creator (by euid) gets the owner bits, a member of the owner or creator group the group bits, others the other bits, and CAP_IPC_OWNER over the namespace\'s owner grants everything.',
    outcome: 'EACCES',
    calls: [...GETS, ...BY_ID],
    linux: { function: 'ipcperms', file: 'ipc/util.c' },
  },
  {
    id: 'Q1.16',
    rule: 'A new System V object needs fewer objects of its kind in the namespace than kernel.shmmni, kernel.msgmni or SEMMNI (each capped at IPCMNI) and a free index.',
    outcome: 'ENOSPC',
    calls: GETS,
    linux: { function: 'ipc_addid', file: 'ipc/util.c' },
  },
  {
    id: 'Q1.17',
    rule: 'A new shared memory segment must be between SHMMIN (1) and the namespace\'s kernel.shmmax bytes.',
    outcome: 'EINVAL',
    calls: ['shmget'],
    linux: { function: 'newseg', file: 'ipc/shm.c' },
  },
  {
    id: 'Q1.18',
    rule: 'A new shared memory segment must fit, in pages, within what kernel.shmall leaves of the namespace\'s total (and its size must not overflow when rounded to pages).',
    outcome: 'ENOSPC',
    calls: ['shmget'],
    linux: { function: 'newseg', file: 'ipc/shm.c' },
  },
  {
    id: 'Q1.19',
    rule: 'shmget of an existing segment asking for more bytes than it has fails.',
    outcome: 'EINVAL',
    calls: ['shmget'],
    linux: { function: 'shm_more_checks', file: 'ipc/shm.c' },
  },
  {
    id: 'Q1.20',
    rule: 'semget with nsems below 0 or above the namespace\'s SEMMSL fails before the key is looked up.',
    outcome: 'EINVAL',
    calls: ['semget'],
    linux: { function: 'ksys_semget', file: 'ipc/sem.c' },
  },
  {
    id: 'Q1.21',
    rule: 'A new semaphore set needs at least one semaphore.',
    outcome: 'EINVAL',
    calls: ['semget'],
    linux: { function: 'newary', file: 'ipc/sem.c' },
  },
  {
    id: 'Q1.22',
    rule: 'A new semaphore set must fit within what SEMMNS leaves of the semaphores of all sets of the namespace.',
    outcome: 'ENOSPC',
    calls: ['semget'],
    linux: { function: 'newary', file: 'ipc/sem.c' },
  },
  {
    id: 'Q1.23',
    rule: 'semget of an existing set asking for more semaphores than it has fails.',
    outcome: 'EINVAL',
    calls: ['semget'],
    linux: { function: 'sem_more_checks', file: 'ipc/sem.c' },
  },
  // System V objects by id.
  {
    id: 'Q1.24',
    rule: 'An id names an object only if the namespace has an object of that kind at the id\'s index with the id\'s sequence number, so a removed or stale id, or one from another namespace, names nothing.',
    outcome: 'EINVAL',
    calls: BY_ID,
    linux: { function: 'ipc_obtain_object_idr, ipc_obtain_object_check', file: 'ipc/util.c' },
  },
  {
    id: 'Q1.25',
    rule: 'shmctl, msgctl or semctl with a negative id (shmctl and msgctl: or a negative command) fails before any lookup.',
    outcome: 'EINVAL',
    calls: ['shmctl', 'msgctl', 'semctl'],
    linux: { function: 'ksys_shmctl, ksys_msgctl, ksys_semctl', file: 'ipc/shm.c, ipc/msg.c, ipc/sem.c' },
  },
  {
    id: 'Q1.26',
    rule: 'shmctl, msgctl or semctl with a command the kernel does not know fails (the model knows IPC_RMID and IPC_STAT only, and answers the others the same way).',
    outcome: 'EINVAL',
    calls: ['shmctl', 'msgctl', 'semctl'],
    linux: { function: 'ksys_shmctl, ksys_msgctl, ksys_semctl (the default case)', file: 'ipc/shm.c, ipc/msg.c, ipc/sem.c' },
  },
  {
    id: 'Q1.27',
    rule: 'IPC_RMID needs the caller\'s euid to be the object\'s owner or creator, or CAP_SYS_ADMIN over the user namespace owning the ipc namespace.',
    outcome: 'EPERM',
    calls: ['shmctl', 'msgctl', 'semctl'],
    linux: { function: 'ipcctl_obtain_check', file: 'ipc/util.c' },
  },
  // Messages.
  {
    id: 'Q1.28',
    rule: 'msgsnd of a message larger than the namespace\'s kernel.msgmax, or of a negative size, or to a negative id, fails first.',
    outcome: 'EINVAL',
    calls: ['msgsnd'],
    linux: { function: 'do_msgsnd', file: 'ipc/msg.c' },
  },
  {
    id: 'Q1.29',
    rule: 'msgsnd of a message whose type is below 1 fails, before the queue is looked up.',
    outcome: 'EINVAL',
    calls: ['msgsnd'],
    linux: { function: 'do_msgsnd', file: 'ipc/msg.c' },
  },
  {
    id: 'Q1.30',
    rule: 'A message that would take its queue past q_qbytes bytes or q_qbytes messages (q_qbytes is kernel.msgmnb when the queue was made) fails with IPC_NOWAIT; without it the sender sleeps.',
    outcome: 'EAGAIN',
    calls: ['msgsnd'],
    linux: { function: 'do_msgsnd, msg_fits_inqueue', file: 'ipc/msg.c' },
  },
  {
    id: 'Q1.31',
    rule: 'msgrcv with a negative id or a negative buffer size fails first.',
    outcome: 'EINVAL',
    calls: ['msgrcv'],
    linux: { function: 'do_msgrcv', file: 'ipc/msg.c' },
  },
  {
    id: 'Q1.32',
    rule: 'msgrcv with MSG_COPY needs IPC_NOWAIT and excludes MSG_EXCEPT.',
    outcome: 'EINVAL',
    calls: ['msgrcv'],
    linux: { function: 'do_msgrcv', file: 'ipc/msg.c' },
  },
  {
    id: 'Q1.33',
    rule: 'msgrcv finding no message that matches msgtyp fails with IPC_NOWAIT; without it the receiver sleeps.',
    outcome: 'ENOMSG',
    calls: ['msgrcv'],
    linux: { function: 'do_msgrcv, find_msg', file: 'ipc/msg.c' },
  },
  {
    id: 'Q1.34',
    rule: 'msgrcv of a message longer than the buffer fails and leaves it on the queue, unless MSG_NOERROR cuts it to the buffer.',
    outcome: 'E2BIG',
    calls: ['msgrcv'],
    linux: { function: 'do_msgrcv', file: 'ipc/msg.c' },
  },
  {
    id: 'Q1.35',
    rule: 'msgrcv with MSG_COPY of a message longer than the copy buffer (the smaller of the buffer size and kernel.msgmax) fails.',
    outcome: 'EINVAL',
    calls: ['msgrcv'],
    linux: { function: 'copy_msg', file: 'ipc/msgutil.c' },
  },
  // Semaphore operations.
  {
    id: 'Q1.36',
    rule: 'semop with more operations than the namespace\'s SEMOPM (the third value of kernel.sem) fails first.',
    outcome: 'E2BIG',
    calls: ['semop'],
    linux: { function: 'do_semtimedop', file: 'ipc/sem.c' },
  },
  {
    id: 'Q1.37',
    rule: 'semop with no operations or a negative id fails.',
    outcome: 'EINVAL',
    calls: ['semop'],
    linux: { function: '__do_semtimedop', file: 'ipc/sem.c' },
  },
  {
    id: 'Q1.38',
    rule: 'semop naming a semaphore number beyond the set fails.',
    outcome: 'EFBIG',
    calls: ['semop'],
    linux: { function: '__do_semtimedop', file: 'ipc/sem.c' },
  },
  {
    id: 'Q1.39',
    rule: 'The operations of one semop apply all or none, in order; one that cannot proceed (a value would go below 0, or a wait for zero finds non-zero) fails the call if it has IPC_NOWAIT, else the caller sleeps.',
    outcome: 'EAGAIN',
    calls: ['semop'],
    linux: { function: 'perform_atomic_semop', file: 'ipc/sem.c' },
  },
  {
    id: 'Q1.40',
    rule: 'A semop that would take a semaphore above SEMVMX (32767) fails and changes nothing.',
    outcome: 'ERANGE',
    calls: ['semop'],
    linux: { function: 'perform_atomic_semop', file: 'ipc/sem.c' },
  },
  // POSIX message queues.
  {
    id: 'Q1.41',
    rule: 'A queue name for mq_open or mq_unlink must start with a slash; the C library refuses it otherwise and passes the rest to the kernel.',
    outcome: 'EINVAL',
    calls: ['mq_open', 'mq_unlink'],
    linux: { function: 'mq_open, mq_unlink of glibc, before the system call (the kernel takes the name without its slash)', file: 'sysdeps/unix/sysv/linux/mq_open.c, mq_unlink.c (glibc)' },
  },
  {
    id: 'Q1.42',
    rule: 'An empty queue name (just the slash) names nothing.',
    outcome: 'ENOENT',
    calls: ['mq_open', 'mq_unlink'],
    linux: { function: 'getname', file: 'fs/namei.c' },
  },
  {
    id: 'Q1.43',
    rule: 'A queue name of . or .., or with a slash after the first, is refused by the name lookup in the mqueue root.',
    outcome: 'EACCES',
    calls: ['mq_open', 'mq_unlink'],
    linux: { function: 'lookup_noperm_common', file: 'fs/namei.c' },
  },
  {
    id: 'Q1.44',
    rule: 'A queue name longer than NAME_MAX (255) bytes is refused, however long.',
    outcome: 'ENAMETOOLONG',
    calls: ['mq_open', 'mq_unlink'],
    linux: { function: 'simple_lookup (and getname for PATH_MAX)', file: 'fs/libfs.c' },
  },
  {
    id: 'Q1.45',
    rule: 'mq_open with O_CREAT and O_EXCL of a name that exists fails.',
    outcome: 'EEXIST',
    calls: ['mq_open'],
    linux: { function: 'prepare_open', file: 'ipc/mqueue.c' },
  },
  {
    id: 'Q1.46',
    rule: 'mq_open of an existing queue with access mode O_WRONLY|O_RDWR fails.',
    outcome: 'EINVAL',
    calls: ['mq_open'],
    linux: { function: 'prepare_open', file: 'ipc/mqueue.c' },
  },
  {
    id: 'Q1.47',
    rule: 'mq_open of an existing queue needs the access asked for under its mode (owner, group, other by fsuid and fsgid), or CAP_DAC_OVERRIDE (CAP_DAC_READ_SEARCH for reading) with the queue\'s owner mapped in the caller\'s user namespace.',
    outcome: 'EACCES',
    calls: ['mq_open'],
    linux: { function: 'prepare_open -> inode_permission', file: 'ipc/mqueue.c' },
  },
  {
    id: 'Q1.48',
    rule: 'mq_open without O_CREAT of a name that has no queue finds nothing.',
    outcome: 'ENOENT',
    calls: ['mq_open'],
    linux: { function: 'prepare_open', file: 'ipc/mqueue.c' },
  },
  {
    id: 'Q1.49',
    rule: 'A new queue needs fewer queues in the namespace than its fs.mqueue.queues_max, unless the caller has CAP_SYS_RESOURCE in the initial user namespace.',
    outcome: 'ENOSPC',
    calls: ['mq_open'],
    linux: { function: 'mqueue_create_attr', file: 'ipc/mqueue.c' },
  },
  {
    id: 'Q1.50',
    rule: 'A new queue charges its size to RLIMIT_MSGQUEUE (819200 bytes) of the caller\'s real uid at every level of its user namespace chain, and fails when a level would go over.',
    outcome: 'EMFILE',
    calls: ['mq_open'],
    linux: { function: 'mqueue_get_inode', file: 'ipc/mqueue.c' },
  },
  {
    id: 'Q1.51',
    rule: 'mq_unlink of a name that has no queue in the caller\'s namespace fails.',
    outcome: 'ENOENT',
    calls: ['mq_unlink'],
    linux: { function: 'sys_mq_unlink', file: 'ipc/mqueue.c' },
  },
  {
    id: 'Q1.52',
    rule: 'The mqueue root is sticky: only the owner of a queue or of the root directory, or a caller with CAP_FOWNER over the queue, may unlink it (glibc\'s mq_unlink reports this EPERM as EACCES).',
    outcome: 'EPERM',
    calls: ['mq_unlink'],
    linux: { function: 'may_delete -> check_sticky', file: 'fs/namei.c' },
  },
  // The ipc sysctl files.
  {
    id: 'Q1.53',
    rule: 'A value written to an ipc sysctl must be a number of the file\'s C type (int, or unsigned long for shmmax and shmall) within the file\'s range, and there must be one.',
    outcome: 'EINVAL',
    calls: SYSCTL,
    linux: { function: 'proc_dointvec_minmax, proc_doulongvec_minmax', file: 'kernel/sysctl.c' },
  },
  {
    id: 'Q1.54',
    rule: 'A write of kernel.sem whose SEMMNI is outside [0, IPCMNI] fails, keeps the old SEMMNI and keeps the other three values written.',
    outcome: 'ERANGE',
    calls: SYSCTL,
    linux: { function: 'proc_ipc_sem_dointvec (sem_check_semmni)', file: 'ipc/ipc_sysctl.c' },
  },
  {
    id: 'Q1.55',
    rule: 'An ipc sysctl name that the namespace does not have names no file.',
    outcome: 'ENOENT',
    calls: [...SYSCTL, 'read'],
    linux: { function: 'proc_sys_lookup', file: 'fs/proc/proc_sysctl.c' },
  },
  {
    id: 'Q1.56',
    rule: 'With kernel.shm_rmid_forced set to 1, a segment nobody has attached goes when its creator exits or leaves the namespace, and setting the sysctl destroys the orphaned segments at once.',
    outcome: 'the segment is destroyed',
    calls: ['exit', 'unshare', ...SYSCTL],
    linux: { function: 'exit_shm, shm_destroy_orphaned', file: 'ipc/shm.c' },
  },
  {
    id: 'Q1.57',
    rule: 'A semop with SEM_UNDO records the opposite of its operation in the caller\'s undo list; when the task exits, unshares an ipc namespace (or CLONE_SYSVSEM) or enters one by setns, the adjustments are applied to the sets that still exist, each value kept within 0..SEMVMX, and the list is dropped (tasks sharing it by CLONE_SYSVSEM: when the last one leaves it).',
    outcome: 'the adjustments are applied once',
    calls: ['semop', 'exit', 'unshare', 'setns'],
    linux: { function: 'exit_sem', file: 'ipc/sem.c' },
  },
  {
    id: 'Q1.58',
    rule: 'A semop with SEM_UNDO whose adjustment of a semaphore would leave -32768..32767 (SEMAEM) fails and changes nothing.',
    outcome: 'ERANGE',
    calls: ['semop'],
    linux: { function: 'perform_atomic_semop', file: 'ipc/sem.c' },
  },
  // setns.
  {
    id: 'I2.1',
    rule: 'setns into an ipc namespace needs CAP_SYS_ADMIN over the user namespace owning the target and CAP_SYS_ADMIN in the caller\'s own user namespace (the one it will have after a user namespace in the same setns).',
    outcome: 'EPERM',
    calls: ['setns'],
    linux: { function: 'ipcns_install', file: 'ipc/namespace.c' },
  },
  {
    id: 'I2.2',
    rule: 'A setns into an ipc namespace that passes its checks makes the target the caller\'s ipc namespace, with its objects, queues and limits, when the whole setns commits, and the caller\'s semaphore undo list is applied and dropped (Q1.57).',
    outcome: 'the caller\'s ipc namespace is the target',
    calls: ['setns'],
    linux: { function: 'ipcns_install', file: 'ipc/namespace.c' },
  },
]);
