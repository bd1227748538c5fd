/**
 * uapi constants: clone flags (include/uapi/linux/sched.h), capabilities
 * (include/uapi/linux/capability.h), nsfs ioctls (include/uapi/linux/nsfs.h),
 * signals (arch/x86/include/uapi/asm/signal.h).
 */

/** CSIGNAL (include/uapi/linux/sched.h): the low byte of clone's flags, the signal sent to the parent when the child exits. */
export const CSIGNAL = 0x000000ff;
/** CLONE_NEWTIME (include/uapi/linux/sched.h): a new time namespace (struct time_namespace), for the caller's children. */
export const CLONE_NEWTIME = 0x00000080;
/** CLONE_VM (include/uapi/linux/sched.h): the child shares the parent's memory (struct mm_struct). */
export const CLONE_VM = 0x00000100;
/** CLONE_FS (include/uapi/linux/sched.h): the child shares the parent's root, cwd and umask (struct fs_struct). */
export const CLONE_FS = 0x00000200;
/** CLONE_FILES (include/uapi/linux/sched.h): the child shares the parent's file descriptor table (struct files_struct). */
export const CLONE_FILES = 0x00000400;
/** CLONE_SIGHAND (include/uapi/linux/sched.h): the child shares the parent's signal handlers (struct sighand_struct). */
export const CLONE_SIGHAND = 0x00000800;
/** CLONE_PIDFD (include/uapi/linux/sched.h): clone also returns a pidfd of the child. */
export const CLONE_PIDFD = 0x00001000;
/** CLONE_PTRACE (include/uapi/linux/sched.h): a traced parent traces the child too. */
export const CLONE_PTRACE = 0x00002000;
/** CLONE_VFORK (include/uapi/linux/sched.h): the parent sleeps until the child execs or exits. */
export const CLONE_VFORK = 0x00004000;
/** CLONE_PARENT (include/uapi/linux/sched.h): the child gets its creator's parent as parent. */
export const CLONE_PARENT = 0x00008000;
/** CLONE_THREAD (include/uapi/linux/sched.h): the child is a thread of the caller's thread group. */
export const CLONE_THREAD = 0x00010000;
/** CLONE_NEWNS (include/uapi/linux/sched.h): a new mount namespace (struct mnt_namespace). */
export const CLONE_NEWNS = 0x00020000;
/** CLONE_SYSVSEM (include/uapi/linux/sched.h): the child shares the parent's System V semaphore undo list. */
export const CLONE_SYSVSEM = 0x00040000;
/** CLONE_SETTLS (include/uapi/linux/sched.h): set the child's thread-local storage. */
export const CLONE_SETTLS = 0x00080000;
/** CLONE_PARENT_SETTID (include/uapi/linux/sched.h): store the child's tid in the parent's memory. */
export const CLONE_PARENT_SETTID = 0x00100000;
/** CLONE_CHILD_CLEARTID (include/uapi/linux/sched.h): clear the child's tid in its memory when it exits. */
export const CLONE_CHILD_CLEARTID = 0x00200000;
/** CLONE_DETACHED (include/uapi/linux/sched.h): unused, ignored by clone and refused by clone3. */
export const CLONE_DETACHED = 0x00400000;
/** CLONE_UNTRACED (include/uapi/linux/sched.h): a tracer cannot force CLONE_PTRACE on the child. */
export const CLONE_UNTRACED = 0x00800000;
/** CLONE_CHILD_SETTID (include/uapi/linux/sched.h): store the child's tid in the child's memory. */
export const CLONE_CHILD_SETTID = 0x01000000;
/** CLONE_NEWCGROUP (include/uapi/linux/sched.h): a new cgroup namespace (struct cgroup_namespace). */
export const CLONE_NEWCGROUP = 0x02000000;
/** CLONE_NEWUTS (include/uapi/linux/sched.h): a new UTS namespace (struct uts_namespace). */
export const CLONE_NEWUTS = 0x04000000;
/** CLONE_NEWIPC (include/uapi/linux/sched.h): a new IPC namespace (struct ipc_namespace). */
export const CLONE_NEWIPC = 0x08000000;
/** CLONE_NEWUSER (include/uapi/linux/sched.h): a new user namespace (struct user_namespace). */
export const CLONE_NEWUSER = 0x10000000;
/** CLONE_NEWPID (include/uapi/linux/sched.h): a new pid namespace (struct pid_namespace). */
export const CLONE_NEWPID = 0x20000000;
/** CLONE_NEWNET (include/uapi/linux/sched.h): a new network namespace (struct net). */
export const CLONE_NEWNET = 0x40000000;
/** CLONE_IO (include/uapi/linux/sched.h): the child shares the parent's I/O context. */
export const CLONE_IO = 0x80000000;
/** clone3-only flags (u64): bit 32 and bit 33. */
export const CLONE_CLEAR_SIGHAND: number = 2 ** 32;
/** CLONE_INTO_CGROUP (include/uapi/linux/sched.h, clone3 only, bit 33): start the child in the cgroup `cgroup` names. */
export const CLONE_INTO_CGROUP: number = 2 ** 33;

/** pidfd_open flags (include/uapi/linux/pidfd.h): O_NONBLOCK and O_EXCL. */
export const PIDFD_NONBLOCK = 0o4000;
/** PIDFD_THREAD (include/uapi/linux/pidfd.h, O_EXCL): a pidfd of a thread rather than of a thread group. */
export const PIDFD_THREAD = 0o200;

/** Every CLONE_NEW* flag of the kernel (kernel/nsproxy.c CLONE_NS_ALL plus CLONE_NEWUSER). */
export const CLONE_NEW_ALL: number =
  CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME | CLONE_NEWUSER;


/** Capabilities (include/uapi/linux/capability.h). */
export const CAP_CHOWN = 0;
/** CAP_DAC_OVERRIDE (include/uapi/linux/capability.h): bypass file read, write and execute permission checks. */
export const CAP_DAC_OVERRIDE = 1;
/** CAP_DAC_READ_SEARCH (include/uapi/linux/capability.h): bypass file read and directory search permission checks. */
export const CAP_DAC_READ_SEARCH = 2;
/** CAP_FOWNER (include/uapi/linux/capability.h): act as a file's owner in permission checks. */
export const CAP_FOWNER = 3;
/** CAP_FSETID (include/uapi/linux/capability.h): keep set-user-ID and set-group-ID bits when a file is modified. */
export const CAP_FSETID = 4;
/** CAP_KILL (include/uapi/linux/capability.h): send signals to any task (kill_ok_by_cred). */
export const CAP_KILL = 5;
/** CAP_SETGID (include/uapi/linux/capability.h): change group ids, and write a gid_map beyond the writer's own gid. */
export const CAP_SETGID = 6;
/** CAP_SETUID (include/uapi/linux/capability.h): change user ids, and write a uid_map beyond the writer's own uid. */
export const CAP_SETUID = 7;
/** CAP_SETPCAP (include/uapi/linux/capability.h): change the bounding set and the securebits. */
export const CAP_SETPCAP = 8;
/** CAP_NET_BIND_SERVICE (include/uapi/linux/capability.h): bind ports below net.ipv4.ip_unprivileged_port_start. */
export const CAP_NET_BIND_SERVICE = 10;
/** CAP_NET_ADMIN (include/uapi/linux/capability.h): configure links, addresses and routes of a network namespace. */
export const CAP_NET_ADMIN = 12;
/** CAP_IPC_OWNER (include/uapi/linux/capability.h): bypass System V IPC permission checks (ipcperms). */
export const CAP_IPC_OWNER = 15;
/** CAP_SYS_CHROOT (include/uapi/linux/capability.h): chroot, and setns into a mount namespace (with CAP_SYS_ADMIN). */
export const CAP_SYS_CHROOT = 18;
/** CAP_SYS_PTRACE (include/uapi/linux/capability.h): ptrace any task (ptrace_may_access). */
export const CAP_SYS_PTRACE = 19;
/** CAP_SYS_ADMIN (include/uapi/linux/capability.h): the catch-all; creating and entering most namespaces needs it in their owner. */
export const CAP_SYS_ADMIN = 21;
/** CAP_SYS_BOOT (include/uapi/linux/capability.h): reboot, which in a non-initial pid namespace ends it. */
export const CAP_SYS_BOOT = 22;
/** CAP_SYS_RESOURCE (include/uapi/linux/capability.h): override resource limits, and write /proc/sys/user limits. */
export const CAP_SYS_RESOURCE = 24;
/** CAP_SYS_TIME (include/uapi/linux/capability.h): set clocks, and write a time namespace's offsets. */
export const CAP_SYS_TIME = 25;
/** CAP_MKNOD (include/uapi/linux/capability.h): create device special files with mknod. */
export const CAP_MKNOD = 27;
/** CAP_SETFCAP (include/uapi/linux/capability.h): set file capabilities, and map uid 0 of a user namespace to its creator. */
export const CAP_SETFCAP = 31;
/** CAP_CHECKPOINT_RESTORE (include/uapi/linux/capability.h): checkpoint/restore operations (ns_last_pid, set_tid). */
export const CAP_CHECKPOINT_RESTORE = 40;
/** CAP_LAST_CAP (include/uapi/linux/capability.h): the highest capability number (CAP_CHECKPOINT_RESTORE). */
export const CAP_LAST_CAP = 40;

/** The full capability set: bits 0..CAP_LAST_CAP (CapEff 000001ffffffffff). */
export const CAP_FULL_SET: bigint = (1n << BigInt(CAP_LAST_CAP + 1)) - 1n;
/** The empty capability set. */
export const CAP_EMPTY_SET = 0n;
/** Capabilities dropped from the effective set when fsuid leaves 0 (CAP_FS_MASK). */
export const CAP_FS_MASK: bigint =
  (1n << BigInt(CAP_CHOWN)) | (1n << BigInt(CAP_MKNOD)) | (1n << BigInt(CAP_DAC_OVERRIDE)) |
  (1n << BigInt(CAP_DAC_READ_SEARCH)) | (1n << BigInt(CAP_FOWNER)) | (1n << BigInt(CAP_FSETID)) |
  (1n << 9n) /* CAP_LINUX_IMMUTABLE */ | (1n << 32n) /* CAP_MAC_OVERRIDE */;

/** capBit's answers for 0..63, made once (a BigInt shift per capability check showed up in every syscall). */
const CAP_BITS: readonly bigint[] = Array.from({ length: 64 }, (_, i) => 1n << BigInt(i));

/** The bit of one capability in a set. */
export function capBit(cap: number): bigint {
  return CAP_BITS[cap] ?? 1n << BigInt(cap);
}

/** nsfs ioctls (NSIO = 0xb7). */
export const NS_GET_USERNS = 0xb701;
/** NS_GET_PARENT (include/uapi/linux/nsfs.h): an fd of the parent of a pid or user namespace. */
export const NS_GET_PARENT = 0xb702;
/** NS_GET_NSTYPE (include/uapi/linux/nsfs.h): the CLONE_NEW* flag of a namespace file's type. */
export const NS_GET_NSTYPE = 0xb703;
/** NS_GET_OWNER_UID (include/uapi/linux/nsfs.h): the uid of a user namespace's owner. */
export const NS_GET_OWNER_UID = 0xb704;
/** NS_GET_PID_FROM_PIDNS (include/uapi/linux/nsfs.h): a pid of the namespace, as the caller's namespace numbers it. */
export const NS_GET_PID_FROM_PIDNS = 0x8004b706;
/** NS_GET_TGID_FROM_PIDNS (include/uapi/linux/nsfs.h): a tgid of the namespace, as the caller's namespace numbers it. */
export const NS_GET_TGID_FROM_PIDNS = 0x8004b707;
/** NS_GET_PID_IN_PIDNS (include/uapi/linux/nsfs.h): a pid of the caller's namespace, as the namespace numbers it. */
export const NS_GET_PID_IN_PIDNS = 0x8004b708;
/** NS_GET_TGID_IN_PIDNS (include/uapi/linux/nsfs.h): a tgid of the caller's namespace, as the namespace numbers it. */
export const NS_GET_TGID_IN_PIDNS = 0x8004b709;
/** NS_GET_ID (include/uapi/linux/nsfs.h): the namespace's 64-bit id, never reused while the kernel runs. */
export const NS_GET_ID = 0x8008b70d;

/** Signals (x86_64 numbering; scenario ops name them through @nsproxy/scenario's SIGNALS table). */
export const SIGHUP = 1;
/** SIGKILL (x86_64): kill, never caught or ignored (except by a pid namespace's init, from inside). */
export const SIGKILL = 9;
/** SIGTERM (x86_64): terminate. */
export const SIGTERM = 15;
/** SIGUSR1 (x86_64): user-defined signal 1. */
export const SIGUSR1 = 10;
/** SIGSTOP (x86_64): stop, never caught or ignored. */
export const SIGSTOP = 19;
/** SIGCONT (x86_64): continue a stopped task. */
export const SIGCONT = 18;
/** SIGCHLD (x86_64): a child stopped or exited; the usual exit signal of clone. */
export const SIGCHLD = 17;

/** The overflow uid/gid shown for ids without a mapping (/proc/sys/kernel/overflowuid). */
export const OVERFLOW_ID = 65534;
/** The invalid id, (uid_t)-1. */
export const INVALID_ID = 4294967295;

/** nsfs inode numbers of the initial namespaces (enum init_ns_ino, include/uapi/linux/nsfs.h). */
export const PROC_INIT_INO: Readonly<Record<string, number>> = {
  ipc: 0xefffffff,
  uts: 0xeffffffe,
  user: 0xeffffffd,
  pid: 0xeffffffc,
  cgroup: 0xeffffffb,
  time: 0xeffffffa,
  net: 0xeffffff9,
  mnt: 0xeffffff8,
};
/** First dynamically allocated proc inode number (fs/proc/generic.c PROC_DYNAMIC_FIRST). */
export const PROC_DYNAMIC_FIRST = 0xf0000000;
/** st_dev of every nsfs inode: the anonymous device 0:4 of the nsfs superblock. */
export const NSFS_DEV = 4;
/** The magic number of nsfs (statfs f_type). */
export const NSFS_MAGIC = 0x6e736673;
