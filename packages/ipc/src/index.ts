/**
 * @nsproxy/ipc: IPC namespaces for the nsproxy model. Each namespace has its
 * own System V shared memory segments, message queues and semaphore sets (ids
 * allocated as Linux allocates them), with their messages (msgsnd, msgrcv)
 * and semaphore values (semop), its own limits, and its own POSIX message
 * queues. Mirrors ipc/namespace.c, ipc/util.c, ipc/shm.c, ipc/msg.c,
 * ipc/sem.c, ipc/mqueue.c, ipc/ipc_sysctl.c and ipc/mq_sysctl.c of Linux 6.18.
 */
export * from './constants.ts';
export { IPC_KINDS, IpcIds, KernIpcPerm, inGroup, ipcidToIdx, ipcidToSeqx, ipcperms } from './ids.ts';
export type { IpcIdsState, IpcKind } from './ids.ts';
export { IpcNamespace, defaultIpcLimits, exitShm, ipcNamespaceType } from './namespace.ts';
export type { IpcLimits, MqueueFs } from './namespace.ts';
export { MsgQueue, SemArray, ShmSegment } from './objects.ts';
export type { MqChargeLevel, MqQueue, MsgMsg } from './objects.ts';
export { WouldBlockError } from './blocking.ts';
export { msgrcv, msgsnd } from './msg.ts';
export type { MsgReceived, MsgText } from './msg.ts';
export { semop } from './sem.ts';
export type { SemBuf } from './sem.ts';
export { ipcCount, ipcList, ipcNamespaceOf, ipcRmid, ipcStat, msgctl, msgget, semctl, semget, shmctl, shmget } from './sysv.ts';
export type { IpcStat } from './sysv.ts';
export { mqNames, mqOpen, mqQueueBytes, mqUnlink } from './mqueue.ts';
export { IPC_SYSCTL_NAMES, ipcSysctlRead, ipcSysctlWrite } from './sysctl.ts';
export { ipcRules } from './rules.ts';
