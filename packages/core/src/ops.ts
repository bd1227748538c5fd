/**
 * The namespace plugin interface. Mirrors struct proc_ns_operations
 * (include/linux/proc_ns.h): name, type, install, owner, get_parent, plus
 * creation (the copy_* function each type has, called from
 * create_new_namespaces in kernel/nsproxy.c). Reference counting (the
 * operations' get/put) is ns_common's: the kernel does it for every type. The kernel's own types
 * (`@nsproxy/user`, `@nsproxy/uts`, ...) and third-party types use the same
 * interface and are registered by passing them to `new Kernel({ namespaces })`.
 */
import type { Cred } from './cred.ts';
import type { CloneOptions, Kernel } from './kernel.ts';
import type { NsCommon } from './ns-common.ts';
import type { Nsproxy } from './nsproxy.ts';
import type { NsSet } from './nsset.ts';
import type { Pid } from './pid.ts';
import type { FsStruct, Task } from './task.ts';
import type { Road } from './roads.ts';
import type { UcountCharge } from './ucount.ts';
import type { UserNamespace } from './user-namespace.ts';

/** Where a task holds its namespace of a type. */
export type NamespaceHome =
  /** In the task's nsproxy (uts, ipc, mnt, net, cgroup, time, third-party types). */
  | 'nsproxy'
  /** In the task's credentials (user: cred->user_ns). */
  | 'cred';

/** An extra /proc/PID/ns entry of a type (pid_for_children, time_for_children). */
export interface NsEntry {
  /** The file name in /proc/PID/ns. */
  readonly name: string;
  /** The namespace the entry names for a task, without taking a reference; undefined gives ENOENT. */
  peek(task: Task): NsCommon | undefined;
}

/**
 * What `copy` receives: the caller, the owner of new namespaces, and the
 * flags. Valid only while `copy` runs: the kernel refills the same object for
 * the next namespace it creates (keep what you need, not the context).
 */
export interface CopyContext<NS extends NsCommon = NsCommon> {
  readonly kernel: Kernel;
  /** `clone` or `unshare`. */
  readonly syscall: 'clone' | 'unshare';
  /** The calling task. */
  readonly caller: Task;
  /** The caller's current credentials (permission checks use these). */
  readonly cred: Cred;
  /** The owner of every namespace this call creates (the new user namespace if CLONE_NEWUSER). */
  readonly userNs: UserNamespace;
  /** The namespace of this type the new nsproxy would otherwise share (for user: the caller's). */
  readonly old: NS;
  /** All the flags of the call. */
  readonly flags: number;
  /**
   * Charges one namespace of this type to the ucounts of `userNs` (inc_ucount:
   * ENOSPC when a level is full). The kernel records the charge: when `copy`
   * then throws, the kernel uncharges it; when `copy` returns, the new
   * namespace must carry it (`NsCommon.ucount`), and its free uncharges it.
   */
  chargeUcount(): UcountCharge;
}

/**
 * A file of /proc/<pid>/ that a type brings (the user type's uid_map,
 * gid_map, projid_map and setgroups), for a mount type's procfs to show.
 */
export interface ProcPidFile {
  /** Its name in /proc/<pid>/. */
  readonly name: string;
  /** open(2) and read(2) of `task`'s file by `reader`: the text, or a KernelError (EACCES, ENOENT). */
  read(kernel: Kernel, reader: Task, task: Task): string;
  /**
   * write(2) of `text` to `task`'s file by `writer` (opened for writing, as
   * /proc/<pid>/timens_offsets is): throws KernelError (EACCES, EINVAL, ...)
   * and changes nothing then. Absent: the file is read-only (EACCES at open).
   */
  write?(kernel: Kernel, writer: Task, task: Task, text: string): void;
}

/**
 * What copy_process tells a type about a clone, for `canFork` and `forked`
 * (the kernel's struct kernel_clone_args).
 */
export interface ForkContext {
  readonly kernel: Kernel;
  /** The calling task. */
  readonly parent: Task;
  /** All the flags of the call. */
  readonly flags: number;
  /** clone3's other arguments (`cgroup`: the fd of CLONE_INTO_CGROUP). */
  readonly options: CloneOptions;
}

/**
 * A file system a type brings (struct file_system_type, with the kernfs
 * operations behind it), which a mount type mounts by its name: the cgroup
 * type's `cgroup2`. One tree per kernel; each mount shows one node of it.
 */
export interface FileSystemType {
  /** The name mount(2) takes (`cgroup2`); the mount's source is the same. */
  readonly name: string;
  /** FS_USERNS_MOUNT: mountable with CAP_SYS_ADMIN over a user namespace other than the initial one. */
  readonly userNsMount: boolean;
  /**
   * get_tree: the node `task` mounts (cgroup2: the root of its cgroup
   * namespace), after the type's own checks (throws KernelError, e.g.
   * EPERM); changes nothing.
   */
  getTree(kernel: Kernel, task: Task): FsNode;
  /**
   * A node of this file system as plain JSON, for a snapshot of the mounts
   * and dentries that show it (cgroup2: the cgroup's id and the file's
   * name). Absent: a snapshot names a node by its path from the tree's root,
   * which reaches only nodes that were not removed.
   */
  saveNode?(kernel: Kernel, node: FsNode): unknown;
  /** The node `saveNode` gave, in a kernel being restored (the type's `reviveState` has run). */
  reviveNode?(kernel: Kernel, data: unknown): FsNode;
}

/** A directory or file of a type's file system (a kernfs node). */
export interface FsNode {
  /** Its name in its parent (`/` for the root). */
  readonly name: string;
  /** Null for the root of the tree. */
  readonly parent: FsNode | null;
  readonly isDir: boolean;
  /** The permission bits (the owner is root). */
  readonly mode: number;
  /** Removed (a cgroup after rmdir): lookups no longer reach it. */
  readonly dead: boolean;
  /** A directory's entry, or undefined. */
  child(name: string): FsNode | undefined;
  /** A directory's entry names, in the order getdents gives them. */
  names(): readonly string[];
  /** read(2) of a file by `reader`: the text, or a KernelError. */
  read(kernel: Kernel, reader: Task): string;
  /**
   * open(2) for writing and write(2) of `text` by `writer` (kernfs_fop_write_iter
   * to the file's own write): its checks, then the effect. Absent: the file
   * takes no writes (the VFS refuses the open, as for a 0444 file).
   */
  write?(kernel: Kernel, writer: Task, text: string): void;
  /**
   * mkdir(2) of `name` in this directory after the VFS's checks (EEXIST,
   * EROFS, permission): the type's own checks and the new node. Absent: the
   * file system makes no directories (EPERM, as kernfs without a mkdir
   * operation answers).
   */
  mkdir?(kernel: Kernel, task: Task, name: string): FsNode;
  /** show_path: this node as `viewer` sees it, for mountinfo's root field (cgroup2: relative to the viewer's cgroup namespace root). */
  showPath?(viewer: Task): string;
}

/** What `save` may refer to besides plain JSON: kernel objects, as numbers. */
export interface SaveRefs {
  /** The number of a struct pid in the snapshot. */
  pid(pid: Pid): number;
  /** The serial of a task of the snapshot, or null for a task that is no longer in the kernel (reaped). */
  task(task: Task | null): number | null;
}

/** What `revive` may resolve: the numbers `SaveRefs` gave, once the kernel objects exist again. */
export interface ReviveRefs {
  /**
   * Runs `fn` once every task and struct pid of the snapshot exists: `pid`
   * and `task` answer only then (a namespace is revived before the pids and
   * tasks that live in it).
   */
  defer(fn: () => void): void;
  /** The struct pid numbered `n` by `SaveRefs.pid`. */
  pid(n: number): Pid;
  /** The task with this serial, or null. */
  task(serial: number | null): Task | null;
}

/** What a type's `saveState` may refer to: `SaveRefs`, and the fs_structs of the snapshot's tasks. */
export interface SaveStateRefs extends SaveRefs {
  /** The number of an fs_struct a task of the snapshot uses. */
  fs(fs: FsStruct): number;
}

/** What a type's `reviveState` may resolve, once everything exists (in `defer`): `ReviveRefs`, namespaces and fs_structs. */
export interface ReviveStateRefs extends ReviveRefs {
  /** The namespace whose `nsId` was `id` in the snapshot. */
  ns(id: number): NsCommon;
  /** The fs_struct numbered `n` by `SaveStateRefs.fs`. */
  fs(n: number): FsStruct;
}

/**
 * A namespace type: what `struct proc_ns_operations` and the type's copy function
 * give the kernel. Method syntax on purpose (bivariant parameters), so that a
 * `NamespaceOperations<UtsNamespace>` fits where a `NamespaceOperations` is expected.
 */
export interface NamespaceOperations<NS extends NsCommon = NsCommon> {
  /** The /proc/PID/ns entry name, e.g. `uts`. */
  readonly name: string;
  /** readlink prints this instead of `name` when set (pid_for_children prints `pid`). */
  readonly realName?: string;
  /** The CLONE_NEW* flag (ns_common.ns_type). A third-party type picks an unused bit above 2^32. */
  readonly type: number;
  /** Position in create_new_namespaces and in pidfd setns (user 0, mnt 10, uts 20, ipc 30, pid 40, cgroup 50, net 60, time 70; others after). */
  readonly order: number;
  /** Where a task holds this namespace; default `nsproxy` (only the user type lives in `cred`). */
  readonly home?: NamespaceHome;
  /** Who made it, for error messages and listings (like an ESLint plugin's meta). */
  readonly meta?: { readonly name: string; readonly version?: string };
  /** More /proc/PID/ns entries than `name` (e.g. pid_for_children). */
  readonly entries?: readonly NsEntry[];
  /** Files of /proc/<pid>/ the type brings (the user type's id maps), which a procfs shows. */
  readonly procFiles?: readonly ProcPidFile[];
  /** File systems the type brings (the cgroup type's cgroup2), for a mount type to mount by name. */
  readonly filesystems?: readonly FileSystemType[];
  /**
   * clone3 flags besides `type` that this type implements (the cgroup type:
   * CLONE_INTO_CGROUP, bit 33); a clone with a flag no type claims is EINVAL.
   */
  readonly cloneFlags?: number;
  /** Roads not taken this type brings (roads.ts): opt-ins a kernel opens with `KernelOptions.roads`. */
  readonly roads?: readonly Road[];

  /** Boot: the initial namespace of this type, owned by the initial user namespace. */
  createInitial(kernel: Kernel, initUserNs: UserNamespace): NS;
  /**
   * Creates a new namespace on clone/unshare with this type's flag (copy_utsname,
   * copy_ipcs, ...), after the kernel checked CAP_SYS_ADMIN over `ctx.userNs`.
   * Throws KernelError to fail the call; must not change anything visible (the
   * kernel commits or frees what it returns).
   */
  copy(ctx: CopyContext<NS>): NS;
  /**
   * The task's namespace of this type without taking a reference (what the
   * /proc/PID/ns/<name> link names). Default: the nsproxy slot, or the
   * credentials' user namespace for home `cred`. The pid type answers the
   * task's active pid namespace (its nsproxy slot is pid_for_children).
   */
  peek?(task: Task): NS | undefined;
  /**
   * Whether, in `kernel` as it stands, `peek` answers the nsproxy slot for
   * every task that has an nsproxy (time: while no task is kept apart by an
   * unshare). A listing then reads the slot once per nsproxy rather than
   * peeking at each task. Absent: the answer may differ task by task.
   */
  peekIsSlot?(kernel: Kernel): boolean;
  /**
   * The setns validator: checks and stages the change into `nsset`; throws
   * EPERM/EINVAL; commits nothing. Default (`installDefault`): CAP_SYS_ADMIN
   * over the namespace's owner and over the caller's user namespace (EPERM),
   * then `nsset.set(ops, ns)`, as utsns_install and ipcns_install do.
   */
  install?(nsset: NsSet, ns: NS): void;
  /** The owning user namespace (for a user namespace: its parent; null for the initial one). Default: `ns.ownerNs`. */
  owner?(ns: NS): UserNamespace | null;
  /** NS_GET_PARENT: the parent namespace, or throws EPERM when out of the caller's scope. Absent: EINVAL. */
  getParent?(ns: NS, caller: Task): NS;
  /** Teardown when the last reference goes (e.g. destroy the ipc objects). */
  free?(ns: NS): void;
  /**
   * The type's own step at the end of ksys_unshare (kernel/fork.c), once `task`
   * switched to `ns`, the namespace of this type it just unshared: ipc's
   * exit_shm + shm_init_task. Must not fail. (Cheaper than a kernel event
   * listener, which every unshare would pay for.)
   */
  unshared?(task: Task, ns: NS): void;
  /**
   * The road not taken (roads.ts) `unshared` serves, when it serves one only
   * (@nsproxy/pid's pid-unshare-self): a kernel that did not open that road
   * does not count this step among its `unshared` steps, so its unshares pay
   * nothing for it.
   */
  readonly unsharedRoad?: string;
  /**
   * copy_process's check of this type (cgroup_can_fork), once the child's
   * namespaces and pid exist and before anything is committed: throws
   * KernelError to fail the clone, changes nothing, and returns what
   * `forked` gets.
   */
  canFork?(ctx: ForkContext): unknown;
  /**
   * copy_process's step of this type once the child exists and nothing can
   * fail (cgroup_post_fork, timens_on_fork): `staged` is what `canFork`
   * returned. Must not fail.
   */
  forked?(child: Task, ctx: ForkContext, staged: unknown): void;
  /**
   * do_exit's step of this type, once the task dropped its nsproxy
   * (exit_task_namespaces' active time namespace, cgroup_exit); `nsproxy` is
   * the one it dropped (null if it had none). Must not fail.
   */
  exited?(task: Task, nsproxy: Nsproxy | null): void;
  /**
   * A namespace this type holds a reference on for `task` outside the task's
   * nsproxy slot, or undefined: the time type's active namespace
   * (nsproxy->time_ns in Linux; the model's slot holds time_for_children),
   * which the type takes in `forked` or at a setns commit and drops in
   * `exited`. The kernel counts it as one more holder (`countHolders`, so
   * `checkInvariants` and the testkit see the reference balance).
   */
  heldNs?(task: Task): NsCommon | undefined;
  /**
   * The namespaces that files of `ns` bind, as `viewer` sees them (the nsfs
   * bind mounts of a mount namespace that its mountinfo lists): `lsns` lists
   * them beside the namespaces of processes. Only the mnt type has one.
   */
  boundNamespaces?(ns: NS, viewer: Task): readonly NsCommon[];
  /**
   * copy_mnt_ns's second pass (fs/namespace.c): once a clone or unshare that
   * created `ns` commits, move the root and working directory of `fs` (the
   * child's fs_struct, or the caller's after unshare_fs) to their copies in
   * `ns`; a path with no copy there (at boot, an fs_struct with no root yet)
   * becomes the namespace's root. Must not fail. Only the mnt type has one.
   */
  switchFs?(ns: NS, fs: FsStruct): void;
  /**
   * The exit of the namespace's child reaper, the last thread of its group
   * (kernel/exit.c find_child_reaper -> zap_pid_ns_processes): tear down what
   * lives in the namespace. Returns true while the reaper must wait (it stays
   * in its exit, state `exiting`); the kernel then asks `childReaperWaits`
   * each time a pid of the namespace is freed, and finishes the exit when it
   * answers false. Only the pid type has one.
   */
  childReaperExit?(ns: NS, reaper: Task): boolean;
  /** Whether the dying child reaper still waits (zap_pid_ns_processes' loop; free_pid wakes it). */
  childReaperWaits?(ns: NS, reaper: Task): boolean;
  /**
   * Type-specific state for `Kernel.snapshot()`, as plain JSON; kernel
   * objects (struct pids, tasks) through `refs`. Every namespace of a kernel
   * must be saved for a snapshot (the built-in user and pid types are).
   */
  save?(ns: NS, refs: SaveRefs): unknown;
  /**
   * Re-creates a namespace from what `save` produced, for `Kernel.restore`
   * (the kernel then sets inum, id, count and the ucount charge); references
   * to pids and tasks are resolved in `refs.defer`.
   */
  revive?(kernel: Kernel, owner: UserNamespace, data: unknown, parent: NS | null, refs: ReviveRefs): NS;
  /**
   * The type's kernel-wide state for `Kernel.snapshot()`, as plain JSON:
   * what its namespaces share and no namespace's `save` keeps (the mnt
   * type's mounts, superblocks, id allocators and the tasks' roots and
   * working directories; the cgroup type's hierarchy). Called once per
   * snapshot, after every namespace's `save`.
   */
  saveState?(kernel: Kernel, refs: SaveStateRefs): unknown;
  /**
   * Re-creates what `saveState` produced, for `Kernel.restore`: called
   * before any namespace is revived (so `revive` can use it); references to
   * namespaces, tasks, pids and fs_structs are resolved in `refs.defer`,
   * which runs the callbacks in the order they were given.
   */
  reviveState?(kernel: Kernel, data: unknown, refs: ReviveStateRefs): void;
}
