/** Constants of the Linux ABI that the driver needs (x86_64, Linux 6.18). */

/** The namespace types, by their kernel names, with their CLONE_NEW* flags. */
export const NS_FLAGS: Readonly<Record<string, number>> = {
  cgroup: 0x02000000,
  ipc: 0x08000000,
  mnt: 0x00020000,
  net: 0x40000000,
  pid: 0x20000000,
  time: 0x00000080,
  user: 0x10000000,
  uts: 0x04000000,
};

/** The types this backend has, sorted. */
export const NS_TYPES: readonly string[] = Object.keys(NS_FLAGS).sort();

/** Every entry of /proc/<pid>/ns, with the type it names. */
export const NS_FILES: Readonly<Record<string, string>> = {
  cgroup: 'cgroup',
  ipc: 'ipc',
  mnt: 'mnt',
  net: 'net',
  pid: 'pid',
  pid_for_children: 'pid',
  time: 'time',
  time_for_children: 'time',
  user: 'user',
  uts: 'uts',
};

/** The ns files of `init` observed before the first step, in this order. */
export const INIT_FILES: readonly string[] = [
  'cgroup',
  'ipc',
  'mnt',
  'net',
  'pid',
  'pid_for_children',
  'time',
  'time_for_children',
  'user',
  'uts',
];

/** `init` is cloned with a fresh namespace of every type but user. */
export const INIT_FLAGS: number = NS_TYPES.filter((t) => t !== 'user').reduce((flags, t) => flags | (NS_FLAGS[t] ?? 0), 0);

/** Signal numbers (x86_64). */
export const SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGIOT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPOLL: 29,
  SIGPWR: 30,
  SIGSYS: 31,
};

/** The ioctls of the `ioctl` op, and whether each keeps a new fd. */
export const NS_IOCTLS: Readonly<Record<string, { readonly newFd: boolean }>> = {
  NS_GET_USERNS: { newFd: true },
  NS_GET_PARENT: { newFd: true },
  NS_GET_NSTYPE: { newFd: false },
  NS_GET_OWNER_UID: { newFd: false },
};

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
  'ioctl',
  'exit',
  'alive',
  // credentials
  'id',
  'caps',
  'setuid',
  'setgid',
  'uid_map',
  'gid_map',
  'setgroups',
  'read',
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
]);
