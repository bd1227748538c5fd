/**
 * uapi constants: clone flags (include/uapi/linux/sched.h), capabilities
 * (include/uapi/linux/capability.h), nsfs ioctls (include/uapi/linux/nsfs.h),
 * signals (arch/x86/include/uapi/asm/signal.h).
 */

export const CSIGNAL = 0x000000ff;
export const CLONE_NEWTIME = 0x00000080;
export const CLONE_VM = 0x00000100;
export const CLONE_FS = 0x00000200;
export const CLONE_FILES = 0x00000400;
export const CLONE_SIGHAND = 0x00000800;
export const CLONE_PIDFD = 0x00001000;
export const CLONE_PTRACE = 0x00002000;
export const CLONE_VFORK = 0x00004000;
export const CLONE_PARENT = 0x00008000;
export const CLONE_THREAD = 0x00010000;
export const CLONE_NEWNS = 0x00020000;
export const CLONE_SYSVSEM = 0x00040000;
export const CLONE_SETTLS = 0x00080000;
export const CLONE_PARENT_SETTID = 0x00100000;
export const CLONE_CHILD_CLEARTID = 0x00200000;
export const CLONE_DETACHED = 0x00400000;
export const CLONE_UNTRACED = 0x00800000;
export const CLONE_CHILD_SETTID = 0x01000000;
export const CLONE_NEWCGROUP = 0x02000000;
export const CLONE_NEWUTS = 0x04000000;
export const CLONE_NEWIPC = 0x08000000;
export const CLONE_NEWUSER = 0x10000000;
export const CLONE_NEWPID = 0x20000000;
export const CLONE_NEWNET = 0x40000000;
export const CLONE_IO = 0x80000000;
/** clone3-only flags (u64): bit 32 and bit 33. */
export const CLONE_CLEAR_SIGHAND: number = 2 ** 32;
export const CLONE_INTO_CGROUP: number = 2 ** 33;

/** pidfd_open flags (include/uapi/linux/pidfd.h): O_NONBLOCK and O_EXCL. */
export const PIDFD_NONBLOCK = 0o4000;
export const PIDFD_THREAD = 0o200;

/** Every CLONE_NEW* flag of the kernel (kernel/nsproxy.c CLONE_NS_ALL plus CLONE_NEWUSER). */
export const CLONE_NEW_ALL: number =
  CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME | CLONE_NEWUSER;


/** Capabilities (include/uapi/linux/capability.h). */
export const CAP_CHOWN = 0;
export const CAP_DAC_OVERRIDE = 1;
export const CAP_DAC_READ_SEARCH = 2;
export const CAP_FOWNER = 3;
export const CAP_FSETID = 4;
export const CAP_KILL = 5;
export const CAP_SETGID = 6;
export const CAP_SETUID = 7;
export const CAP_SETPCAP = 8;
export const CAP_NET_BIND_SERVICE = 10;
export const CAP_NET_ADMIN = 12;
export const CAP_IPC_OWNER = 15;
export const CAP_SYS_CHROOT = 18;
export const CAP_SYS_PTRACE = 19;
export const CAP_SYS_ADMIN = 21;
export const CAP_SYS_BOOT = 22;
export const CAP_SYS_RESOURCE = 24;
export const CAP_SYS_TIME = 25;
export const CAP_MKNOD = 27;
export const CAP_SETFCAP = 31;
export const CAP_CHECKPOINT_RESTORE = 40;
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
export const NS_GET_PARENT = 0xb702;
export const NS_GET_NSTYPE = 0xb703;
export const NS_GET_OWNER_UID = 0xb704;
export const NS_GET_PID_FROM_PIDNS = 0x8004b706;
export const NS_GET_TGID_FROM_PIDNS = 0x8004b707;
export const NS_GET_PID_IN_PIDNS = 0x8004b708;
export const NS_GET_TGID_IN_PIDNS = 0x8004b709;
export const NS_GET_ID = 0x8008b70d;

/** Signals (x86_64 numbering; scenario ops name them through @nsproxy/scenario's SIGNALS table). */
export const SIGHUP = 1;
export const SIGKILL = 9;
export const SIGTERM = 15;
export const SIGUSR1 = 10;
export const SIGSTOP = 19;
export const SIGCONT = 18;
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
