/**
 * Tasks and what they point at. Mirrors struct task_struct (include/linux/sched.h)
 * for the parts the namespace subsystem touches: pid, parent and children,
 * credentials, nsproxy, files, fs, signal handlers, exit state.
 */
import type { Cred } from './cred.ts';
import type { Kernel } from './kernel.ts';
import type { NsCommon } from './ns-common.ts';
import type { Nsproxy } from './nsproxy.ts';
import type { Pid } from './pid.ts';
import type { UserNamespace } from './user-namespace.ts';

/**
 * running -> (stopped <-> running) -> zombie -> dead (reaped). A dying pid
 * namespace init that waits in zap_pid_ns_processes for the other pids of its
 * namespace to go is `exiting` (do_exit has not reached exit_notify) before it
 * is a zombie.
 */
export type TaskState = 'running' | 'stopped' | 'exiting' | 'zombie' | 'dead';

/** An open file: an nsfs file (from /proc/PID/ns or an ioctl), a pidfd, or a file of an object a type defines (a socket). */
export type OpenFile = NsFile | PidFile | ObjectFile;

/**
 * What a type's file stands for (a socket of the net type): the namespaces
 * it holds a reference on, and what happens when its last descriptor goes.
 */
export interface FileObject {
  /** What it is, for messages (`socket`). */
  readonly what: string;
  /** The namespaces it holds a reference on (a socket's sk_net): the kernel's recount of references counts these. */
  holds(): readonly NsCommon[];
  /** __fput: the last descriptor of the file was closed; drops what `holds` names. */
  release(kernel: Kernel): void;
  /** What fstat(2) shows of it (vfs_getattr of its inode); a socket's (sockfs) when absent. */
  stat?(): { readonly dev: number; readonly ino: number; readonly mode: number; readonly size: number };
}

/**
 * struct fown_struct (include/linux/fs.h): the file's owner for SIGIO, set by
 * fcntl(F_SETOWN) (f_modown): the owner's process and who set it.
 */
export interface FownStruct {
  /** The owner (PIDTYPE_TGID: the process). */
  readonly pid: Pid;
  /** The setter's real uid, as a kernel id. */
  readonly uid: number;
  /** The setter's effective uid, as a kernel id. */
  readonly euid: number;
  /** Road userns-2007: the setter's user namespace (fown->user_ns); null off the road. */
  readonly userNs: UserNamespace | null;
}

/** An open file of a type's object; dup and fork share it, and its last close releases the object. */
export interface ObjectFile {
  readonly kind: 'object';
  readonly object: FileObject;
  count: number;
  /** struct file's f_owner, once fcntl(F_SETOWN) set one; shared by dup and fork like the file. */
  fOwner?: FownStruct;
}

/** An open nsfs file; it holds a reference on its namespace. */
export interface NsFile {
  readonly kind: 'ns';
  readonly ns: NsCommon;
  /** Open file descriptions are shared by dup and fork: the file closes when this reaches 0. */
  count: number;
  /** struct file's f_owner (see `ObjectFile.fOwner`). */
  fOwner?: FownStruct;
}

/** A pidfd (pidfd_open); it holds a reference on the struct pid. */
export interface PidFile {
  readonly kind: 'pidfd';
  readonly pid: Pid;
  count: number;
  /** struct file's f_owner (see `ObjectFile.fOwner`). */
  fOwner?: FownStruct;
}

/** The fd table (struct files_struct); shared by CLONE_FILES. */
export class FdTable {
  users = 1;
  /** @internal The map behind `fds`, null until first used. (Not `#private`: those cost V8 more to set up, and clone makes one of these.) */
  fdMap: Map<number, OpenFile> | null = null;

  /** fd -> open file. Made on first use: most tasks never open a file, and an empty Map costs about 180 bytes. */
  get fds(): Map<number, OpenFile> {
    return (this.fdMap ??= new Map());
  }

  /** The number of open fds (without making the map). */
  get size(): number {
    return this.fdMap?.size ?? 0;
  }

  /** The open file behind `fd` (without making the map). */
  get(fd: number): OpenFile | undefined {
    return this.fdMap?.get(fd);
  }
}

/** Root and cwd (struct fs_struct); shared by CLONE_FS. */
export class FsStruct {
  users = 1;
  /** What chroot(2) set, for a kernel without a mount namespace type (whose paths say it instead). */
  chrootFlag = false;
  /** fs->root, when a mount namespace type gives tasks paths (null without one). */
  root: FsPath | null = null;
  /** fs->pwd, the working directory (null without a mount namespace type). */
  pwd: FsPath | null = null;

  /** copy_fs_struct: a private copy holding its own references on root and pwd. */
  copy(): FsStruct {
    const copy = new FsStruct();
    copy.chrootFlag = this.chrootFlag;
    copy.root = this.root;
    copy.pwd = this.pwd;
    copy.root?.get();
    copy.pwd?.get();
    return copy;
  }

  /**
   * Whether the root is not the root of the task's mount namespace
   * (current_chrooted, computed when asked: a mount on `/` or a lazy
   * unmount changes the answer); without a mount type, whether chroot(2) ran.
   */
  get chrooted(): boolean {
    return this.root ? this.root.chrooted() : this.chrootFlag;
  }

  /** set_fs_root / set_fs_pwd: takes a reference on the new path, drops the old one. */
  set(which: 'root' | 'pwd', path: FsPath): void {
    path.get();
    const old = this[which];
    this[which] = path;
    old?.put();
  }

  /** free_fs_struct, when the last user leaves: drops root and pwd. */
  release(): void {
    const { root, pwd } = this;
    this.root = null;
    this.pwd = null;
    root?.put();
    pwd?.put();
  }
}

/**
 * A place in a mount tree (struct path: a mount and a dentry), as a mount
 * namespace type defines it; core only holds references (path_get/path_put),
 * so that a mount knows when a task's root or working directory keeps it busy.
 */
export interface FsPath {
  /** path_get. */
  get(): void;
  /** path_put. */
  put(): void;
  /** As a root: whether it is not the root of its mount namespace, followed down through what is mounted there (current_chrooted). */
  chrooted(): boolean;
}

/** What a task does with a signal: its handler runs, or it ignores it (SIG_IGN). Absent: SIG_DFL. */
export type SignalAction = 'handle' | 'ignore';

/** Signal handlers (struct sighand_struct); shared by threads. */
export class SigHand {
  users = 1;
  /** @internal The map behind `actions`, null until first used (see FdTable.fdMap). */
  actionMap: Map<number, SignalAction> | null = null;

  /** Signal -> what the group does (absent: SIG_DFL). Made on first use, like FdTable.fds. */
  get actions(): Map<number, SignalAction> {
    return (this.actionMap ??= new Map());
  }

  /** The number of signals not at SIG_DFL (without making the map). */
  get size(): number {
    return this.actionMap?.size ?? 0;
  }

  /** What the group does with `sig`, undefined for SIG_DFL (without making the map). */
  action(sig: number): SignalAction | undefined {
    return this.actionMap?.get(sig);
  }
}

// The bits of Task.bits.
const DUMPABLE = 1;
const CHILD_SUBREAPER = 2;
const NO_NEW_PRIVS = 4;
const HAS_CHILD_SUBREAPER = 8;

/** A task (struct task_struct). Created by `Kernel.clone`, never directly. */
export class Task {
  readonly kernel: Kernel;
  /** A serial number, unique for the kernel's lifetime (not a pid). */
  readonly serial: number;
  /** The task's pid (a number per pid namespace level). */
  readonly pid: Pid;
  /** The thread-group leader (itself for a process). */
  readonly leader: Task;
  /** Other threads of the group (on the leader only). */
  threads: Task[] | null = null;
  /** The parent (real_parent); null for the kernel's first task. */
  parent: Task | null;
  /** Living and zombie children. */
  children: Set<Task> | null = null;
  /** The command name (comm). */
  comm: string;
  state: TaskState = 'running';
  /** A fatal signal that came while the group was stopped (a leader's field): delivered by SIGCONT, 0 when none. */
  pendingFatal = 0;
  /** Exit status as wait(2) reports it. */
  exitStatus = 0;
  cred: Cred;
  /** Null once the task has exited (exit_task_namespaces). */
  nsproxy: Nsproxy | null;
  files: FdTable | null;
  fs: FsStruct | null;
  sighand: SigHand;
  /** mm->user_ns: the user namespace the task's memory belongs to (ptrace checks). */
  mmUserNs: UserNamespace;
  /**
   * task->cgroups: the task's cgroup, kept by the type that models cgroups
   * (`@nsproxy/cgroup`; null until it places the task). A field rather than
   * a WeakMap of that package: an entry cost each task 40 bytes.
   */
  cgroups: unknown = null;
  /**
   * The boolean state below (dumpable, childSubreaper, noNewPrivs,
   * hasChildSubreaper), a bit each: four fields were 24 of a task's 208
   * bytes, and the bench's machine holds a million tasks.
   */
  private bits = DUMPABLE;
  /**
   * PR_SET_PDEATHSIG (task_struct->pdeath_signal, a thread's own): the signal
   * the task's process gets when the thread that created it exits; 0 for
   * none. A new task starts without one (copy_process), and commit_creds
   * clears it when the ids or capabilities change.
   */
  pdeathSignal = 0;
  /**
   * The session (signal->pids[PIDTYPE_SID], a leader's field), which is also
   * the process group (setpgid(2) is not modelled): the serial of the task
   * whose setsid(2) made it; 0 for the boot session, led by the first task.
   * Inherited by fork. Only the road not taken `pid-unshare-self` reads it.
   */
  session = 0;

  constructor(init: {
    kernel: Kernel; serial: number; pid: Pid; leader: Task | null; parent: Task | null; comm: string;
    cred: Cred; nsproxy: Nsproxy; files: FdTable; fs: FsStruct; sighand: SigHand; mmUserNs: UserNamespace;
  }) {
    this.kernel = init.kernel;
    this.serial = init.serial;
    this.pid = init.pid;
    this.leader = init.leader ?? this;
    this.parent = init.parent;
    this.comm = init.comm;
    this.cred = init.cred;
    this.nsproxy = init.nsproxy;
    this.files = init.files;
    this.fs = init.fs;
    this.sighand = init.sighand;
    this.mmUserNs = init.mmUserNs;
  }

  /** get_dumpable(mm) == SUID_DUMP_USER. */
  get dumpable(): boolean {
    return (this.bits & DUMPABLE) !== 0;
  }

  set dumpable(on: boolean) {
    this.setBit(DUMPABLE, on);
  }

  /** PR_SET_CHILD_SUBREAPER. */
  get childSubreaper(): boolean {
    return (this.bits & CHILD_SUBREAPER) !== 0;
  }

  set childSubreaper(on: boolean) {
    this.setBit(CHILD_SUBREAPER, on);
  }

  /** PR_SET_NO_NEW_PRIVS (task_no_new_privs, PFA_NO_NEW_PRIVS): set once, inherited by children, never cleared. */
  get noNewPrivs(): boolean {
    return (this.bits & NO_NEW_PRIVS) !== 0;
  }

  set noNewPrivs(on: boolean) {
    this.setBit(NO_NEW_PRIVS, on);
  }

  /** Whether an ancestor is a subreaper (has_child_subreaper). */
  get hasChildSubreaper(): boolean {
    return (this.bits & HAS_CHILD_SUBREAPER) !== 0;
  }

  set hasChildSubreaper(on: boolean) {
    this.setBit(HAS_CHILD_SUBREAPER, on);
  }

  private setBit(bit: number, on: boolean): void {
    this.bits = on ? this.bits | bit : this.bits & ~bit;
  }

  /** Alive: not yet exited (running or stopped). */
  get alive(): boolean {
    return this.state === 'running' || this.state === 'stopped';
  }

  /** Whether the task is a thread-group leader. */
  get isLeader(): boolean {
    return this.leader === this;
  }

  /** The number of live threads in the task's group. */
  get threadCount(): number {
    const l = this.leader;
    let n = l.alive ? 1 : 0;
    for (const t of l.threads ?? []) if (t.alive) n++;
    return n;
  }

  /** The task's pid as its own active pid namespace sees it (the tid). */
  get tid(): number {
    return this.pid.numbers[this.pid.level] ?? 0;
  }

  /** The task's pid number in the initial pid namespace. */
  get globalPid(): number {
    return this.pid.numbers[0] ?? 0;
  }
}
