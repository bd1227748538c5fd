/**
 * Constants of the Linux ABI that the driver needs (x86_64, Linux 6.18). The
 * tables both backends share (namespace flags, ns files, signals, ioctls) are
 * the contract's, in `@nsproxy/scenario/contract`; what is only this
 * backend's is here.
 */
import { NAMESPACE_TYPES, NS_TYPE_FLAGS } from '@nsproxy/scenario/contract';
import { CGROUP_OP_NAMES } from './cgroup.ts';
import { MOUNT_OPS } from './mounts.ts';
import { NET_OP_NAMES } from './net.ts';
import { TIME_OP_NAMES } from './time.ts';

/** The types this backend has, sorted: every type of the format. */
export const NS_TYPES: readonly string[] = NAMESPACE_TYPES;

/** `init` is cloned with a fresh namespace of every type but user. */
export const INIT_FLAGS: number = NS_TYPES.filter((t) => t !== 'user').reduce((flags, t) => flags | (NS_TYPE_FLAGS[t] ?? 0), 0);

/** The ops of scenario-format.md that this backend implements. */
export const SUPPORTED_OPS: ReadonlySet<string> = new Set([
  // tasks and namespaces
  'clone',
  'unshare',
  'ns',
  'nsof',
  'setns',
  'setns-pidfd',
  'open',
  'setns-fd',
  'close',
  'fdns',
  'fstat',
  'ioctl',
  'exit',
  'alive',
  // credentials
  'id',
  'caps',
  'setuid',
  'setgid',
  'capset',
  'uid_map',
  'gid_map',
  'setgroups',
  'projid_map',
  'setgroups-call',
  'read',
  'prctl',
  // uts
  'sethostname',
  'setdomainname',
  'hostname',
  'domainname',
  // ipc
  'shmget',
  'msgget',
  'semget',
  'ipcs',
  'ipcrm',
  'ipcstat',
  'ipcctl',
  'mq_open',
  'mq_unlink',
  'sysctl',
  'msgsnd',
  'msgrcv',
  'semop',
  // pid
  'getpid',
  'getppid',
  'pid',
  'kill',
  'pdeathsig',
  'sigaction',
  'caught',
  'pidfd-open',
  'pidfd-send',
  'wait',
  // the thread extension (tasks)
  'thread',
  // mnt (with pin, setns-path and nspath): mounts.ts
  ...MOUNT_OPS,
  // net: net.ts
  ...NET_OP_NAMES,
  // time: time.ts
  ...TIME_OP_NAMES,
  // cgroup: cgroup.ts (with root and a cgroup2 mount only: see backend.ts)
  ...CGROUP_OP_NAMES,
]);
