/**
 * The simulated kernel: boot, the namespace registry, reference counting and
 * every system call of the model. Each syscall checks everything first and
 * commits last, so a call that throws a KernelError changes nothing.
 *
 * Kernel files modelled: kernel/fork.c (copy_process, ksys_unshare),
 * kernel/nsproxy.c (create_new_namespaces, setns), kernel/exit.c (do_exit,
 * forget_original_parent, release_task), kernel/signal.c (kill), kernel/sys.c
 * (setresuid, getppid), kernel/ptrace.c (ptrace_may_access), fs/nsfs.c and
 * fs/proc/namespaces.c (ns files and their ioctls).
 */
import {
  CAP_KILL, CAP_SETGID, CAP_SETUID, CAP_SYS_ADMIN, CAP_SYS_CHROOT, CAP_SYS_PTRACE, CAP_FULL_SET,
  CLONE_FILES, CLONE_FS, CLONE_NEWIPC, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_PARENT, CLONE_SIGHAND,
  CLONE_SYSVSEM, CLONE_THREAD, CLONE_VM, CLONE_NEWCGROUP, CLONE_NEWNET, CLONE_NEWTIME, CLONE_NEWUTS, CSIGNAL,
  CLONE_VFORK, CLONE_PTRACE, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID, CLONE_UNTRACED,
  CLONE_CHILD_SETTID, CLONE_IO, CLONE_PIDFD, CLONE_DETACHED, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP, NS_FLAGS,
  NSFS_DEV, NS_GET_ID, NS_GET_NSTYPE, NS_GET_OWNER_UID, NS_GET_PARENT, NS_GET_PID_FROM_PIDNS,
  NS_GET_PID_IN_PIDNS, NS_GET_TGID_FROM_PIDNS, NS_GET_TGID_IN_PIDNS, NS_GET_USERNS, PROC_DYNAMIC_FIRST,
  PROC_INIT_INO, SIGCHLD, SIGCONT, SIGKILL, SIGSTOP, PIDFD_NONBLOCK, PIDFD_THREAD,
} from './constants.ts';
import { Cred, credCapIsSubset, fixSetuidCaps, nsCapable, setCredUserNs } from './cred.ts';
import { bindNamespace, builtinPidType, builtinUserType } from './define.ts';
import { KernelError, fail } from './errors.ts';
import { flagsOr, flagsWithout, hasFlag } from './flags.ts';
import type { NsCommon } from './ns-common.ts';
import { Nsproxy } from './nsproxy.ts';
import { NsSet } from './nsset.ts';
import type { CopyContext, NamespaceOperations, NsEntry } from './ops.ts';
import type { Pid} from './pid.ts';
import { PidNamespace, allocPid, freePidNumbers } from './pid.ts';
import { FdTable, FsStruct, SigHand, Task } from './task.ts';
import type { NsFile, OpenFile, PidFile, SignalAction } from './task.ts';
import { IdBitmap, NsRegistry } from './registry.ts';
import type { SetLike } from './registry.ts';
import { restoreKernel, snapshotKernel } from './snapshot.ts';
import type { KernelSnapshot } from './snapshot.ts';
import { chargeUcount, unchargeUcount } from './ucount.ts';
import type { UcountCharge } from './ucount.ts';
import { UserNamespace, fromKgidMunged, fromKuidMunged, makeKgid, makeKuid } from './user-namespace.ts';

/** Options of `new Kernel(...)`. */
export interface KernelOptions {
  /** The namespace types to register (like the kernel's CONFIG_*_NS choices). */
  readonly namespaces?: readonly NamespaceOperations[];
  /** The capability set of the first task (default: all, CAP_LAST_CAP = 40). */
  readonly initCaps?: bigint;
  /** pid_max of the initial pid namespace (default 4194304, PID_MAX_LIMIT). */
  readonly pidMax?: number;
  /** max_*_namespaces of the initial user namespace (default 96365, threads-max / 2 on the reference machine). */
  readonly maxNamespaces?: number;
  /** The command name of the first task (default `init`). */
  readonly initComm?: string;
}

/** Options of `Kernel.clone`. */
export interface CloneOptions {
  /** The child's command name (default: the parent's). */
  readonly comm?: string;
  /**
   * With CLONE_PIDFD: where the kernel writes the number of the pidfd it
   * installed in the caller's fd table (clone_args.pidfd). The pidfd is made
   * with or without this.
   */
  readonly pidfd?: { fd: number };
}

/** What `wait` returns. */
export interface WaitResult {
  /** The child's pid as the waiter sees it. */
  readonly pid: number;
  /** The exit status: code << 8, or the signal number for a killed task. */
  readonly status: number;
}

/** What `fstat` of an ns file returns. */
export interface NsStat {
  readonly dev: number;
  readonly ino: number;
  readonly mode: number;
  readonly size: number;
  readonly nlink: number;
}

/** One row of `listNamespaces` (what `lsns` prints). */
export interface NamespaceRow {
  /** nsfs inode number (the NS column). */
  readonly ns: number;
  /** Namespace id (NS_GET_ID). */
  readonly id: number;
  readonly type: string;
  /** Number of processes the viewer sees (and may read the ns links of) whose namespace of this type it is. */
  readonly nprocs: number;
  /** Lowest pid among them, as the viewer sees it (0 if none visible). */
  readonly pid: number;
  /**
   * The uid of that process as lsns shows it: the owner of its /proc/PID
   * directory, i.e. its effective uid (fs/proc/base.c task_dump_owner), as
   * the viewer's user namespace maps it (65534 if unmapped).
   */
  readonly uid: number;
  /** Its command name. */
  readonly command: string;
  /** The owner uid of a user namespace, or of the owning user namespace (as the viewer sees it). */
  readonly ownerUid: number;
  /** Reference count. */
  readonly refs: number;
}

/** The events of `Kernel.on`. */
export type KernelEvent =
  | { readonly type: 'task-created'; readonly task: Task; readonly parent: Task }
  | { readonly type: 'task-exited'; readonly task: Task; readonly status: number }
  | { readonly type: 'task-reaped'; readonly task: Task }
  | { readonly type: 'ns-created'; readonly ns: NsCommon }
  | { readonly type: 'ns-freed'; readonly ns: NsCommon }
  | { readonly type: 'setns'; readonly task: Task; readonly namespaces: readonly NsCommon[] }
  | { readonly type: 'unshare'; readonly task: Task; readonly flags: number };

/** ptrace access modes (include/linux/ptrace.h). */
export type PtraceMode = 'read-fscreds' | 'read-realcreds' | 'attach-realcreds';

/** Kernel order of the CLONE_NEW* types (create_new_namespaces), for types not registered. */
const KERNEL_NS_ORDER: readonly [number, number][] = [
  [CLONE_NEWNS, 10], [CLONE_NEWUTS, 20], [CLONE_NEWIPC, 30], [CLONE_NEWPID, 40],
  [CLONE_NEWCGROUP, 50], [CLONE_NEWNET, 60], [CLONE_NEWTIME, 70],
];

/** Every 32-bit clone flag the kernel knows (CLONE_LEGACY_FLAGS: all 32 bits). */
const KNOWN_CLONE_FLAGS = flagsOr(
  CSIGNAL, CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_PIDFD, CLONE_PTRACE, CLONE_VFORK, CLONE_PARENT,
  CLONE_THREAD, CLONE_NEWNS, CLONE_SYSVSEM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID, CLONE_DETACHED,
  CLONE_UNTRACED, CLONE_CHILD_SETTID, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
  CLONE_NEWNET, CLONE_IO,
);

/**
 * Every flag clone3 knows in Linux 6.18 (include/uapi/linux/sched.h): the 32
 * legacy bits (CLONE_LEGACY_FLAGS) plus CLONE_CLEAR_SIGHAND (bit 32) and
 * CLONE_INTO_CGROUP (bit 33). A third-party namespace type's flag must avoid
 * them. (Newer kernels take bits 34-37: CLONE_AUTOREAP, CLONE_NNP,
 * CLONE_PIDFD_AUTOKILL, CLONE_EMPTY_MNTNS.)
 */
const KERNEL_CLONE3_FLAGS = flagsOr(0xffffffff, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP);

/** The CLONE_NEW* value of each kernel namespace type: a package modelling that type registers with it. */
const KERNEL_NS_FLAGS: ReadonlySet<number> = new Set(Object.values(NS_FLAGS));

/**
 * The flags clone3 refuses (clone3_args_valid): CLONE_DETACHED, and the CSIGNAL
 * bits (the exit signal of legacy clone, a field of its own in clone3) but
 * CLONE_NEWTIME, which reuses one of them.
 */
const CLONE3_INVALID_FLAGS = (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)) >>> 0;

/** The flags unshare(2) accepts (check_unshare_flags). */
const UNSHARE_FLAGS = flagsOr(
  CLONE_THREAD, CLONE_FS, CLONE_NEWNS, CLONE_SIGHAND, CLONE_VM, CLONE_FILES, CLONE_SYSVSEM, CLONE_NEWUTS,
  CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWCGROUP, CLONE_NEWTIME,
);

/** Default-ignored signals (sig_kernel_ignore). */
const DEFAULT_IGNORED = new Set([SIGCHLD, 23 /* SIGURG */, 28 /* SIGWINCH */, SIGCONT]);
/** Default-stop signals (sig_kernel_stop). */
const DEFAULT_STOP = new Set([SIGSTOP, 20, 21, 22]);

/** One namespace create_new_namespaces makes: a registered type, or a kernel type that is not (EINVAL). */
interface CreateStep {
  readonly order: number;
  readonly flag: number;
  readonly ops?: NamespaceOperations;
  /** The nsproxy slot of a registered type; -1 for a type that is not configured. */
  readonly slot: number;
}

/**
 * The CopyContext of a namespace creation. The kernel keeps one and refills it
 * for each step (no allocation per namespace); a copy that makes a syscall of
 * its own while it runs gets a fresh one (`busy`).
 */
class CopyCtx implements CopyContext {
  kernel: Kernel;
  syscall: 'clone' | 'unshare';
  caller: Task;
  cred: Cred;
  userNs: UserNamespace;
  old: NsCommon;
  flags: number;
  private typeName: string;
  /** Whether a type's copy is running with it. */
  busy = false;

  constructor(kernel: Kernel, syscall: 'clone' | 'unshare', caller: Task, userNs: UserNamespace, old: NsCommon, flags: number, typeName: string) {
    this.kernel = kernel;
    this.syscall = syscall;
    this.caller = caller;
    this.cred = caller.cred;
    this.userNs = userNs;
    this.old = old;
    this.flags = flags;
    this.typeName = typeName;
  }

  /** Refills the context for the next step. */
  set(syscall: 'clone' | 'unshare', caller: Task, userNs: UserNamespace, old: NsCommon, flags: number, typeName: string): this {
    this.syscall = syscall;
    this.caller = caller;
    this.cred = caller.cred;
    this.userNs = userNs;
    this.old = old;
    this.flags = flags;
    this.typeName = typeName;
    return this;
  }

  chargeUcount(): UcountCharge {
    return chargeUcount(this.userNs, this.caller.cred.euid, this.typeName, this.syscall);
  }
}

type Listener = (e: KernelEvent) => void;

/** The listeners of each event type (those without a filter are in every list). */
function listenersByType(list: readonly { readonly listener: Listener; readonly types: ReadonlySet<KernelEvent['type']> | null }[]): Record<KernelEvent['type'], readonly Listener[]> {
  const of = (t: KernelEvent['type']): Listener[] => list.filter((e) => !e.types || e.types.has(t)).map((e) => e.listener);
  return {
    'task-created': of('task-created'), 'task-exited': of('task-exited'), 'task-reaped': of('task-reaped'),
    'ns-created': of('ns-created'), 'ns-freed': of('ns-freed'), setns: of('setns'), unshare: of('unshare'),
  };
}

/** The simulated kernel. */
export class Kernel {
  readonly options: Readonly<KernelOptions & { maxNamespaces: number }>;
  /** Registered types in create_new_namespaces / setns order (the user type first). */
  readonly types: readonly NamespaceOperations[];
  /** The user-namespace type (built-in unless `@nsproxy/user` is registered). */
  readonly userType: NamespaceOperations<UserNamespace>;
  /** The pid-namespace type (built-in unless `@nsproxy/pid` is registered). */
  readonly pidType: NamespaceOperations<PidNamespace>;
  /** Whether a real (creatable) user / pid type was registered. */
  readonly hasUserNs: boolean;
  readonly hasPidNs: boolean;
  initUserNs: UserNamespace;
  initPidNs: PidNamespace;
  /** The first task (pid 1 of the initial pid namespace). */
  initTask: Task;

  private readonly slotIndex = new Map<NamespaceOperations, number>();
  private readonly nsproxyTypes: NamespaceOperations[] = [];
  private readonly entryMap = new Map<string, NsEntry & { ops: NamespaceOperations }>();
  /** @internal The initial namespaces (the kernel holds a reference on each). */
  initialNs: NsCommon[] = [];
  /** @internal Every task not yet reaped, in creation order. */
  taskSet: Set<Task> = new Set();
  /** Listeners and the event types each wants (null: every type); replaced, never mutated, on every change. */
  private listeners: readonly { readonly listener: (e: KernelEvent) => void; readonly types: ReadonlySet<KernelEvent['type']> | null }[] = [];
  /** The listeners of each event type: the syscalls do not even build an event nobody listens to. */
  private to: Readonly<Record<KernelEvent['type'], readonly Listener[]>> = listenersByType([]);
  /** @internal */
  nextSerial = 1;
  /** @internal */
  nextNsId = 1;
  /** @internal Used proc inode indexes (inum - PROC_DYNAMIC_FIRST); a bitmap (a restored kernel may hold a Set). */
  inumUsed: SetLike<number> = new IdBitmap();
  /** The lowest proc inode index that may be free (the IDA's lowest-free search starts here). */
  inumLow = 0;
  /** @internal Every namespace not yet freed, in creation order (a restored kernel may hold a Set). */
  allNs: SetLike<NsCommon> = new NsRegistry();
  /** @internal Pins (`pinNs`): holder -> the namespace it holds a reference on, in pinning order. */
  pinMap: Map<string, NsCommon> = new Map();
  /** Flag masks and create_new_namespaces plans, computed once (they depend only on the types). */
  private nsFlagMaskCache: number | undefined;
  private typeFlagsCache: number | undefined;
  private cloneFlagsCache: number | undefined;
  private unshareFlagsCache: number | undefined;
  private plainUnshareCache: number | undefined;
  private readonly stepPlans = new Map<number, readonly CreateStep[]>();
  /** Whether a registered type has an `unshared` step (ksys_unshare's type-specific tail). */
  private readonly unsharedHooks: boolean;
  private lastPlanFlags = -1;
  /** The reusable CopyContext (see CopyCtx). */
  private copyCtx: CopyCtx | null = null;
  private lastPlan: readonly CreateStep[] = [];

  constructor(options: KernelOptions = {}) {
    this.options = { ...options, maxNamespaces: options.maxNamespaces ?? 96365 };
    const given = [...(options.namespaces ?? [])];
    const names = new Set<string>();
    let taken = 0;
    for (const t of given) {
      if (names.has(t.name)) throw new Error(`namespace type '${t.name}' is registered twice`);
      const hex = `0x${t.type.toString(16)}`;
      // A kernel type (one of the CLONE_NEW* values) may be modelled by any package; any other flag
      // must be a bit no clone/clone3 flag uses, nor another registered type. A mistake in the kernel's
      // configuration, not an errno of a call: a plain Error, like a name registered twice.
      if (!KERNEL_NS_FLAGS.has(t.type) && hasFlag(t.type, KERNEL_CLONE3_FLAGS)) {
        throw new Error(`namespace type '${t.name}': flag ${hex} overlaps a clone/clone3 flag of Linux (bits 0-33)`);
      }
      if (hasFlag(taken, t.type)) throw new Error(`namespace type '${t.name}' reuses a bit of flag ${hex} of another type`);
      names.add(t.name);
      taken = flagsOr(taken, t.type);
    }
    const user = given.find((t) => t.type === CLONE_NEWUSER) as NamespaceOperations<UserNamespace> | undefined;
    const pid = given.find((t) => t.type === CLONE_NEWPID) as NamespaceOperations<PidNamespace> | undefined;
    this.userType = user ?? builtinUserType;
    this.pidType = pid ?? builtinPidType;
    this.hasUserNs = user !== undefined;
    this.hasPidNs = pid !== undefined;
    const all = [...given];
    if (!user) all.push(builtinUserType);
    if (!pid) all.push(builtinPidType);
    this.types = all.sort((a, b) => a.order - b.order);
    this.unsharedHooks = this.types.some((t) => t.unshared !== undefined);

    // Boot: the initial user namespace, then every other type's initial namespace.
    this.initUserNs = this.userType.createInitial(this, null as unknown as UserNamespace);
    this.commitNs(this.initUserNs, true);
    const slots: NsCommon[] = [];
    for (const t of this.types) {
      if (t === this.userType) continue;
      this.slotIndex.set(t, this.nsproxyTypes.length);
      this.nsproxyTypes.push(t);
      const ns = t.createInitial(this, this.initUserNs);
      this.commitNs(ns, true);
      slots.push(ns);
    }
    this.initPidNs = slots[this.slotOf(this.pidType)] as PidNamespace;
    // /proc/PID/ns entries of the registered types only (a type not configured has no entry).
    for (const t of this.types) {
      if ((t === this.userType && !user) || (t === this.pidType && !pid)) continue;
      this.entryMap.set(t.name, { name: t.name, ops: t, peek: (task) => this.peekNs(task, t) });
      for (const e of t.entries ?? []) this.entryMap.set(e.name, { ...e, ops: t });
    }

    const nsproxy = new Nsproxy(slots);
    for (const ns of slots) ns.count++;
    const pidObj = allocPid(this.initPidNs, 'boot');
    this.initPidNs.count++;
    const cred = Cred.root(this.initUserNs, options.initCaps ?? CAP_FULL_SET);
    this.initUserNs.count++;
    const task = new Task({
      kernel: this, serial: this.nextSerial++, pid: pidObj, leader: null, parent: null, comm: options.initComm ?? 'init',
      cred, nsproxy, files: new FdTable(), fs: new FsStruct(), sighand: new SigHand(), mmUserNs: this.initUserNs,
    });
    pidObj.task = task;
    this.initPidNs.childReaper = task;
    this.taskSet.add(task);
    this.initTask = task;
  }

  // ---------------------------------------------------------------- snapshots

  /** The whole state as plain JSON (bigints as hex strings); `Kernel.restore` rebuilds it. */
  snapshot(): KernelSnapshot {
    return snapshotKernel(this);
  }

  /** A kernel rebuilt from `snapshot()`; pass the same namespace types. */
  static restore(snapshot: KernelSnapshot, options: Pick<KernelOptions, 'namespaces'> = {}): Kernel {
    return restoreKernel(snapshot, options);
  }

  // ---------------------------------------------------------------- registry

  /** The nsproxy slot of a type (throws for the user type, which lives in credentials). */
  slotOf(ops: NamespaceOperations): number {
    const i = this.slotIndex.get(ops);
    if (i === undefined) throw new Error(`namespace type '${ops.name}' has no nsproxy slot in this kernel`);
    return i;
  }

  /** A registered type by name (`uts`), or undefined. */
  typeByName(name: string): NamespaceOperations | undefined {
    return this.types.find((t) => t.name === name && this.isRegistered(t));
  }

  /** A registered type by CLONE_NEW* flag. */
  typeByFlag(flag: number): NamespaceOperations | undefined {
    return this.types.find((t) => t.type === flag && this.isRegistered(t));
  }

  /** Whether a type was registered (the built-in user and pid types are not). */
  isRegistered(ops: NamespaceOperations): boolean {
    if (ops === this.userType) return this.hasUserNs;
    if (ops === this.pidType) return this.hasPidNs;
    return this.slotIndex.has(ops);
  }

  /** The /proc/PID/ns entry names of this kernel, sorted. */
  get nsEntries(): string[] {
    return [...this.entryMap.keys()].sort();
  }

  /** The initial namespace of a type. */
  initialNamespace(ops: NamespaceOperations): NsCommon {
    if (ops === this.userType) return this.initUserNs;
    return this.initialNs.find((n) => n.ops === ops) ?? fail('EINVAL', 'initialNamespace');
  }

  /** Every namespace that is alive (not freed), in creation order. */
  namespaces(): NsCommon[] {
    return this.allNs instanceof NsRegistry ? this.allNs.toArray() : [...this.allNs];
  }

  /** Every task not yet reaped. */
  tasks(): Task[] {
    return [...this.taskSet];
  }

  /**
   * Subscribes to kernel events (every type, or only `options.types`: the
   * kernel then skips building the others, which keeps the hot syscalls
   * cheap); returns the unsubscribe function.
   */
  on(listener: (e: KernelEvent) => void, options: { readonly types?: readonly KernelEvent['type'][] } = {}): () => void {
    const entry = { listener, types: options.types ? new Set(options.types) : null };
    this.setListeners([...this.listeners.filter((e) => e.listener !== listener), entry]);
    return () => this.setListeners(this.listeners.filter((e) => e.listener !== listener));
  }

  private setListeners(list: Kernel['listeners']): void {
    this.listeners = list;
    this.to = listenersByType(list);
  }

  /** Calls `listeners` (this.to[e.type], read when the event was built) with the event. */
  private emit(listeners: readonly Listener[], e: KernelEvent): void {
    const to = this.to;
    for (const listener of listeners) {
      // A listener removed by an earlier one during this event is not called (as with a Set).
      if (this.to !== to && !this.listeners.some((x) => x.listener === listener)) continue;
      listener(e);
    }
  }


  // ---------------------------------------------------------- references

  /** The task's namespace of a type, no reference taken (the /proc/PID/ns link). */
  peekNs(task: Task, ops: NamespaceOperations): NsCommon | undefined {
    if (ops.peek) return ops.peek(task);
    if ((ops.home ?? 'nsproxy') === 'cred') return task.state === 'dead' ? undefined : task.cred.userNs;
    return task.nsproxy?.slots[this.slotOf(ops)];
  }

  /** A new reference to the task's namespace of a type (proc_ns_operations.get). */
  getNs(task: Task, ops: NamespaceOperations): NsCommon | undefined {
    const ns = this.peekNs(task, ops);
    if (ns) ns.count++;
    return ns;
  }

  /** Drops a reference; the last one frees the namespace (its type's `free` runs then). */
  putNs(ns: NsCommon): void {
    if (ns.freed || ns.count <= 0) throw new Error(`put of a freed ${ns.type} namespace (refcount underflow)`);
    if (--ns.count > 0) return;
    ns.freed = true;
    this.allNs.delete(ns);
    ns.ops.free?.(ns);
    if (ns.ucount) unchargeUcount(ns.ucount);
    if (ns.inum >= PROC_DYNAMIC_FIRST) {
      const i = ns.inum - PROC_DYNAMIC_FIRST;
      this.inumUsed.delete(i);
      if (i < this.inumLow) this.inumLow = i;
    }
    if (this.to['ns-freed'].length) this.emit(this.to['ns-freed'], { type: 'ns-freed', ns });
    if (ns.ownerNs) this.putNs(ns.ownerNs);
    const parent = ns.heldParent;
    if (parent) this.putNs(parent);
  }

  /**
   * Pins `ns` for `holder`: one more reference on it, held until
   * `unpinNs(holder)`, the way a bind mount of /proc/PID/ns/X (or of an ns fd's
   * /proc/self/fd/N) keeps a namespace alive with no task in it and no file
   * open: the mount holds the nsfs dentry, whose inode holds the namespace, and
   * the last umount drops it (fs/nsfs.c: nsfs_evict calls the type's put).
   * For packages that model such holders (a mount package), so that core need
   * not know them. `holder` is a non-empty name, unique in the kernel and kept
   * in snapshots (e.g. `mnt:7`); it pins one namespace. Permission checks are
   * the caller's (mount(2)'s). Misuse throws a plain Error: a holder that
   * already pins, or a namespace freed or of another kernel.
   */
  pinNs(ns: NsCommon, holder: string): void {
    if (typeof holder !== 'string' || holder === '') throw new Error('pinNs: the holder must be a non-empty string');
    if (this.pinMap.has(holder)) throw new Error(`pinNs: holder '${holder}' already pins a namespace`);
    if (ns.boundKernel !== this) throw new Error(`pinNs: the ${ns.type} namespace belongs to another kernel`);
    if (ns.freed || !this.allNs.has(ns)) throw new Error(`pinNs: the ${ns.type} namespace was freed`);
    ns.count++;
    this.pinMap.set(holder, ns);
  }

  /** Drops `holder`'s pin (the umount of the bind mount): the last reference frees the namespace. */
  unpinNs(holder: string): void {
    const ns = this.pinMap.get(holder);
    if (!ns) throw new Error(`unpinNs: holder '${holder}' pins nothing`);
    this.pinMap.delete(holder);
    this.putNs(ns);
  }

  /** The namespace `holder` pins, or undefined. */
  pinnedNs(holder: string): NsCommon | undefined {
    return this.pinMap.get(holder);
  }

  /** Every pin, holder -> namespace, in pinning order (a copy). */
  pins(): ReadonlyMap<string, NsCommon> {
    return new Map(this.pinMap);
  }

  /** Frees a namespace a failing call created and never committed. */
  private discardNs(ns: NsCommon): void {
    ns.count = 0;
    ns.freed = true;
    ns.ops.free?.(ns);
    if (ns.ucount) unchargeUcount(ns.ucount);
  }

  /** Commits a new namespace: nsfs inode, id, references on its owner and parent. */
  private commitNs(ns: NsCommon, initial = false): void {
    bindNamespace(ns, this);
    const fixed = initial ? PROC_INIT_INO[ns.type] : undefined;
    if (fixed !== undefined) ns.inum = fixed;
    else {
      let i = this.inumLow;
      while (this.inumUsed.has(i)) i++;
      this.inumUsed.add(i);
      this.inumLow = i + 1;
      ns.inum = PROC_DYNAMIC_FIRST + i;
    }
    ns.nsId = this.nextNsId++;
    if (initial) this.initialNs.push(ns);
    if (ns.ownerNs) ns.ownerNs.count++;
    const parent = ns.heldParent;
    if (parent) parent.count++;
    this.allNs.add(ns);
    if (this.to['ns-created'].length) this.emit(this.to['ns-created'], { type: 'ns-created', ns });
  }

  private getNsproxy(p: Nsproxy): Nsproxy {
    p.count++;
    return p;
  }

  private putNsproxy(p: Nsproxy): void {
    if (--p.count > 0) return;
    for (const ns of p.slots) this.putNs(ns);
  }

  /** Builds an nsproxy from slots, taking a reference on every member (setns). */
  private makeNsproxy(slots: NsCommon[]): Nsproxy {
    for (const ns of slots) ns.count++;
    return new Nsproxy(slots);
  }

  /** Builds an nsproxy from what create_new_namespaces returned: the new namespaces' creation references become its own. */
  private makeNsproxyFrom(slots: NsCommon[], oldSlots: readonly NsCommon[]): Nsproxy {
    for (let i = 0; i < slots.length; i++) if (slots[i] === oldSlots[i]) (slots[i] as NsCommon).count++;
    return new Nsproxy(slots);
  }

  // ---------------------------------------------------------- checks

  /** ns_capable with the task's credentials. */
  capable(task: Task, ns: UserNamespace, cap: number): boolean {
    return nsCapable(task.cred, ns, cap);
  }

  /** The pid namespace the task's children are created in (nsproxy->pid_ns_for_children). */
  pidNsForChildren(task: Task): PidNamespace | undefined {
    return task.nsproxy?.slots[this.slotOf(this.pidType)] as PidNamespace | undefined;
  }

  /** Whether the task is the init of its pid namespace (SIGNAL_UNKILLABLE). */
  isUnkillable(task: Task): boolean {
    return task.leader.pid.ns.childReaper === task.leader;
  }

  /**
   * ptrace_may_access (kernel/ptrace.c __ptrace_may_access + commoncap
   * cap_ptrace_access_check): may `caller` read `target`'s /proc files?
   */
  ptraceMayAccess(caller: Task, target: Task, mode: PtraceMode): boolean {
    if (caller.leader === target.leader) return true;
    const c = caller.cred;
    const t = target.cred;
    const fs = mode === 'read-fscreds';
    const uid = fs ? c.fsuid : c.uid;
    const gid = fs ? c.fsgid : c.gid;
    let ok = uid === t.euid && uid === t.suid && uid === t.uid && gid === t.egid && gid === t.sgid && gid === t.gid;
    if (!ok) ok = nsCapable(c, t.userNs, CAP_SYS_PTRACE);
    if (!ok) return false;
    if (target.alive && !target.dumpable && !nsCapable(c, target.mmUserNs, CAP_SYS_PTRACE)) return false;
    const callerCaps = fs ? c.capEffective : c.capPermitted;
    if (c.userNs === t.userNs && (t.capPermitted & ~callerCaps) === 0n) return true;
    return nsCapable(c, t.userNs, CAP_SYS_PTRACE);
  }

  private checkAlive(task: Task, syscall: string): void {
    if (!task.alive) throw new Error(`${syscall}: task ${task.serial} (${task.comm}) has exited`);
    if (task.kernel !== this) throw new Error(`${syscall}: task belongs to another kernel`);
  }

  // ---------------------------------------------------------- namespaces

  /**
   * create_new_namespaces (kernel/nsproxy.c): a copy of the old slots with a new
   * namespace for every flag, in the types' order. On failure every namespace
   * created so far is discarded and the error is rethrown.
   */
  private createNewNamespaces(
    syscall: 'clone' | 'unshare', caller: Task, flags: number, userNs: UserNamespace, old: Nsproxy,
  ): NsCommon[] {
    const slots = old.slots.slice();
    const steps = this.planSteps(flags);
    try {
      for (const step of steps) {
        const { ops, slot } = step;
        if (!ops || slot < 0) fail('EINVAL', syscall, `namespace type 0x${step.flag.toString(16)} is not configured`);
        const oldNs = slots[slot];
        if (!oldNs) throw new Error('missing slot');
        const shared = this.copyCtx;
        const ctx = shared && !shared.busy
          ? shared.set(syscall, caller, userNs, oldNs, flags, ops.name)
          : (this.copyCtx = new CopyCtx(this, syscall, caller, userNs, oldNs, flags, ops.name));
        // (A copy that throws leaves it busy: the next step then makes a new one.)
        ctx.busy = true;
        slots[slot] = ops.copy(ctx);
        ctx.busy = false;
      }
    } catch (e) {
      this.discardCreated(slots, old.slots);
      throw e;
    }
    return slots;
  }

  /**
   * Discards what create_new_namespaces made (the slots that differ from the
   * old ones: a new namespace is never an old one), newest first.
   */
  private discardCreated(slots: readonly NsCommon[], oldSlots: readonly NsCommon[]): void {
    for (let i = slots.length - 1; i >= 0; i--) {
      const ns = slots[i] as NsCommon;
      if (ns !== oldSlots[i] && !ns.freed) this.discardNs(ns);
    }
  }

  /** Commits what create_new_namespaces made, in creation order. */
  private commitCreated(slots: readonly NsCommon[], oldSlots: readonly NsCommon[]): void {
    for (let i = 0; i < slots.length; i++) if (slots[i] !== oldSlots[i]) this.commitNs(slots[i] as NsCommon);
  }

  /** The creation steps of create_new_namespaces for `flags`, in the kernel's order (cached per flags value). */
  private planSteps(flags: number): readonly CreateStep[] {
    if (flags === this.lastPlanFlags) return this.lastPlan;
    let steps = this.stepPlans.get(flags);
    if (!steps) {
      const plan: CreateStep[] = [];
      for (const t of this.nsproxyTypes) {
        if (hasFlag(flags, t.type)) plan.push({ order: t.order, flag: t.type, ops: t, slot: this.isRegistered(t) ? this.slotOf(t) : -1 });
      }
      for (const [flag, order] of KERNEL_NS_ORDER) {
        if (hasFlag(flags, flag) && !this.nsproxyTypes.some((t) => t.type === flag && this.isRegistered(t))) plan.push({ order, flag, slot: -1 });
      }
      plan.sort((a, b) => a.order - b.order);
      this.stepPlans.set(flags, (steps = plan));
    }
    this.lastPlanFlags = flags;
    this.lastPlan = steps;
    return steps;
  }

  /** The flags of every nsproxy type (registered or a known kernel type). */
  private nsproxyFlagMask(): number {
    return (this.nsFlagMaskCache ??= flagsOr(...KERNEL_NS_ORDER.map(([f]) => f), ...this.nsproxyTypes.map((t) => t.type)));
  }

  /** The flags of every type of this kernel (third-party types included). */
  private typeFlags(): number {
    return (this.typeFlagsCache ??= flagsOr(...this.types.map((t) => t.type)));
  }

  /** The credentials a task gets in a new or entered user namespace (set_cred_user_ns). */
  private credInUserNs(cred: Cred, ns: UserNamespace): Cred {
    return setCredUserNs(cred, ns);
  }

  /** Creates a user namespace for clone/unshare via the user type (copy_creds / unshare_userns). */
  private createUserNs(syscall: 'clone' | 'unshare', caller: Task, flags: number): UserNamespace {
    if (!this.hasUserNs) fail('EINVAL', syscall, 'user namespaces are not configured');
    const parent = caller.cred.userNs;
    const ctx: CopyContext = {
      kernel: this, syscall, caller, cred: caller.cred, userNs: parent, old: parent, flags,
      chargeUcount: () => chargeUcount(parent, caller.cred.euid, 'user', syscall),
    };
    return this.userType.copy(ctx);
  }

  /** commit_creds: switches the task's credentials (user namespace references, dumpable). */
  private commitCreds(task: Task, next: Cred): void {
    const old = task.cred;
    if (old === next) return;
    if (old.euid !== next.euid || old.egid !== next.egid || old.fsuid !== next.fsuid || old.fsgid !== next.fsgid ||
      !credCapIsSubset(old, next)) task.dumpable = false;
    if (next.userNs !== old.userNs) {
      next.userNs.count++;
      task.cred = next;
      this.putNs(old.userNs);
    } else task.cred = next;
  }

  // ---------------------------------------------------------- clone

  /**
   * clone3(2) (kernel/fork.c clone3_args_valid, then copy_process): `flags` is
   * clone_args.flags, a u64 (a third-party type's flag above 2^32 fits), and
   * the exit signal is not in it: a CSIGNAL bit other than CLONE_NEWTIME (0x80,
   * which clone3 reuses) and CLONE_DETACHED are EINVAL, before anything else.
   * The call is clone3 with exit_signal SIGCHLD, or 0 where clone3 demands it
   * (CLONE_THREAD, CLONE_PARENT); either way copy_process gives a thread no
   * exit signal (it is released when it exits) and a CLONE_PARENT child its
   * caller's leader's, which is SIGCHLD for every task of the model. Then the flags are validated in copy_process order, a
   * user namespace is created first (copy_creds), then the other new
   * namespaces (copy_namespaces), then the pid (alloc_pid). Returns the child.
   * With CLONE_PIDFD the caller gets a pidfd for it (`options.pidfd`).
   */
  clone(parent: Task, flags: number, options: CloneOptions = {}): Task {
    const sys = 'clone';
    this.checkAlive(parent, sys);
    // clone3_args_valid
    if (flagsWithout(flags, (this.cloneFlagsCache ??= flagsOr(KNOWN_CLONE_FLAGS, CLONE_CLEAR_SIGHAND, this.typeFlags()))) !== 0) fail('EINVAL', sys, 'unknown flag');
    if (hasFlag(flags, CLONE_SIGHAND) && hasFlag(flags, CLONE_CLEAR_SIGHAND)) fail('EINVAL', sys, 'CLONE_CLEAR_SIGHAND with CLONE_SIGHAND');
    if (hasFlag(flags, CLONE3_INVALID_FLAGS)) fail('EINVAL', sys, 'CSIGNAL bits (the exit signal is no flag in clone3) or CLONE_DETACHED');
    if (hasFlag(flags, CLONE_NEWNS) && hasFlag(flags, CLONE_FS)) fail('EINVAL', sys, 'CLONE_NEWNS with CLONE_FS');
    if (hasFlag(flags, CLONE_NEWUSER) && hasFlag(flags, CLONE_FS)) fail('EINVAL', sys, 'CLONE_NEWUSER with CLONE_FS');
    if (hasFlag(flags, CLONE_THREAD) && !hasFlag(flags, CLONE_SIGHAND)) fail('EINVAL', sys, 'CLONE_THREAD without CLONE_SIGHAND');
    if (hasFlag(flags, CLONE_SIGHAND) && !hasFlag(flags, CLONE_VM)) fail('EINVAL', sys, 'CLONE_SIGHAND without CLONE_VM');
    if (hasFlag(flags, CLONE_PARENT) && this.isUnkillable(parent)) fail('EINVAL', sys, 'CLONE_PARENT from an init');
    if (hasFlag(flags, CLONE_THREAD)) {
      if (hasFlag(flags, CLONE_NEWUSER) || hasFlag(flags, CLONE_NEWPID)) fail('EINVAL', sys, 'CLONE_THREAD with a new user or pid namespace');
      if (this.pidNsForChildren(parent) !== parent.pid.ns) fail('EINVAL', sys, 'CLONE_THREAD with pid_for_children elsewhere');
    }
    // CLONE_PIDFD|CLONE_DETACHED is EINVAL in copy_process too (clone3 already refused CLONE_DETACHED);
    // CLONE_PIDFD|CLONE_THREAD is allowed since 6.9 and gives a PIDFD_THREAD pidfd.

    // copy_creds: a new user namespace comes first; it owns everything else this call creates.
    let cred = parent.cred;
    let newUserNs: UserNamespace | null = null;
    if (hasFlag(flags, CLONE_NEWUSER)) {
      newUserNs = this.createUserNs(sys, parent, flags);
      cred = this.credInUserNs(cred, newUserNs);
    }
    let slots: NsCommon[] | null = null;
    const oldNsproxy = parent.nsproxy;
    if (!oldNsproxy) throw new Error('clone: parent has no nsproxy');
    try {
      // copy_namespaces
      const nsFlags = flagsWithout(flags, CLONE_NEWUSER);
      if (hasFlag(nsFlags, this.nsproxyFlagMask())) {
        if (!nsCapable(parent.cred, cred.userNs, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN is needed over the owner of the new namespaces');
        if (hasFlag(flags, CLONE_NEWIPC) && hasFlag(flags, CLONE_SYSVSEM)) fail('EINVAL', sys, 'CLONE_NEWIPC with CLONE_SYSVSEM');
        slots = this.createNewNamespaces(sys, parent, flags, cred.userNs, oldNsproxy);
      }
      const pidNs = (slots ? slots[this.slotOf(this.pidType)] : this.pidNsForChildren(parent)) as PidNamespace;
      const pid = allocPid(pidNs, sys);

      // ---- commit: nothing below fails.
      pidNs.count++;
      if (newUserNs) this.commitNs(newUserNs);
      if (slots) this.commitCreated(slots, oldNsproxy.slots);
      const nsproxy = slots ? this.makeNsproxyFrom(slots, oldNsproxy.slots) : this.getNsproxy(oldNsproxy);
      if (!newUserNs) cred.userNs.count++;
      const thread = hasFlag(flags, CLONE_THREAD);
      const realParent = thread || hasFlag(flags, CLONE_PARENT) ? parent.parent ?? parent : parent;
      let files = parent.files ?? new FdTable();
      if (hasFlag(flags, CLONE_FILES)) files.users++;
      else files = this.dupFiles(files);
      if (hasFlag(flags, CLONE_PIDFD)) {
        // After the fd table was copied, so that the pidfd does not leak into a child without CLONE_FILES.
        pid.count++;
        const pidfd = this.allocFd(parent, { kind: 'pidfd', pid, count: 1 });
        if (options.pidfd) options.pidfd.fd = pidfd;
      }
      let fs = parent.fs ?? new FsStruct();
      if (hasFlag(flags, CLONE_FS)) fs.users++;
      else {
        const copy = new FsStruct();
        copy.chrooted = fs.chrooted;
        fs = copy;
      }
      let sighand = parent.sighand;
      if (hasFlag(flags, CLONE_SIGHAND)) sighand.users++;
      else {
        const copy = new SigHand();
        // copy_sighand; with CLONE_CLEAR_SIGHAND, flush_signal_handlers(tsk, 0): handlers reset, ignored signals stay ignored.
        const clear = hasFlag(flags, CLONE_CLEAR_SIGHAND);
        if (sighand.size) for (const [s, a] of sighand.actions) if (!clear || a === 'ignore') copy.actions.set(s, a);
        sighand = copy;
      }
      const child = new Task({
        kernel: this, serial: this.nextSerial++, pid, leader: thread ? parent.leader : null, parent: realParent,
        comm: options.comm ?? parent.comm, cred, nsproxy, files, fs, sighand, mmUserNs: parent.mmUserNs,
      });
      child.dumpable = parent.dumpable;
      // copy_process: a new process inherits has_child_subreaper from its real parent's signal struct
      // (is_child_subreaper is on the group leader); a thread shares its group's.
      child.hasChildSubreaper = thread
        ? parent.leader.hasChildSubreaper
        : realParent.leader.hasChildSubreaper || realParent.leader.childSubreaper;
      pid.task = child;
      if (!pidNs.childReaper && pid.numbers[pidNs.level] === 1) pidNs.childReaper = child;
      if (thread) (parent.leader.threads ??= []).push(child);
      (realParent.children ??= new Set()).add(child);
      this.taskSet.add(child);
      if (this.to['task-created'].length) this.emit(this.to['task-created'], { type: 'task-created', task: child, parent });
      return child;
    } catch (e) {
      if (slots) this.discardCreated(slots, oldNsproxy.slots);
      if (newUserNs) this.discardNs(newUserNs);
      throw e;
    }
  }

  private dupFiles(files: FdTable): FdTable {
    const copy = new FdTable();
    if (files.size === 0) return copy;
    for (const [fd, f] of files.fds) {
      f.count++;
      copy.fds.set(fd, f);
    }
    return copy;
  }

  // ---------------------------------------------------------- unshare

  /**
   * unshare(2) (kernel/fork.c ksys_unshare): implied flags, flag checks, a new
   * user namespace, then the other namespaces; all committed at the end.
   */
  unshare(task: Task, flags: number): void {
    // The common call, only namespace flags that imply nothing (not CLONE_NEWNS
    // or CLONE_NEWUSER): the same steps as below without the general prologue,
    // which cost a quarter of an unshare(CLONE_NEWUTS).
    if (flags > 0 && flags < 0x1_0000_0000 && (flags & ~this.plainUnshareFlags()) === 0) {
      this.unshareNamespaces(task, flags);
      return;
    }
    const sys = 'unshare';
    this.checkAlive(task, sys);
    if (hasFlag(flags, CLONE_NEWUSER)) flags = flagsOr(flags, CLONE_THREAD, CLONE_FS);
    if (hasFlag(flags, CLONE_VM)) flags = flagsOr(flags, CLONE_SIGHAND);
    if (hasFlag(flags, CLONE_SIGHAND)) flags = flagsOr(flags, CLONE_THREAD);
    if (hasFlag(flags, CLONE_NEWNS)) flags = flagsOr(flags, CLONE_FS);
    if (flagsWithout(flags, (this.unshareFlagsCache ??= flagsOr(UNSHARE_FLAGS, this.typeFlags()))) !== 0) fail('EINVAL', sys, 'flag not allowed');
    if (hasFlag(flags, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM) && task.threadCount > 1) fail('EINVAL', sys, 'multithreaded');
    if (hasFlag(flags, CLONE_SIGHAND | CLONE_VM) && task.sighand.users > 1) fail('EINVAL', sys, 'shared signal handlers');
    if (flags === 0) return;

    let newUserNs: UserNamespace | null = null;
    let cred = task.cred;
    let slots: NsCommon[] | null = null;
    const old = task.nsproxy;
    if (!old) throw new Error('unshare: no nsproxy');
    try {
      if (hasFlag(flags, CLONE_NEWUSER)) {
        newUserNs = this.createUserNs(sys, task, flags);
        cred = this.credInUserNs(cred, newUserNs);
      }
      if (hasFlag(flagsWithout(flags, CLONE_NEWUSER), this.nsproxyFlagMask())) {
        if (!nsCapable(task.cred, cred.userNs, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN is needed over the owner of the new namespaces');
        slots = this.createNewNamespaces(sys, task, flags, cred.userNs, old);
      }
    } catch (e) {
      if (newUserNs) this.discardNs(newUserNs);
      throw e;
    }
    // ---- commit
    if (newUserNs) this.commitNs(newUserNs);
    if (slots) this.commitCreated(slots, old.slots);
    if (hasFlag(flags, CLONE_FS) && task.fs && task.fs.users > 1) {
      const copy = new FsStruct();
      copy.chrooted = task.fs.chrooted;
      task.fs.users--;
      task.fs = copy;
    }
    if (hasFlag(flags, CLONE_FILES) && task.files && task.files.users > 1) {
      const copy = this.dupFiles(task.files);
      task.files.users--;
      task.files = copy;
    }
    if (slots) {
      task.nsproxy = this.makeNsproxyFrom(slots, old.slots);
      this.putNsproxy(old);
      if (this.unsharedHooks) this.runUnsharedHooks(task, slots, old.slots);
    }
    if (newUserNs) {
      // The new namespace's creation reference becomes the task's.
      const prev = task.cred;
      task.cred = cred;
      if (!credCapIsSubset(prev, cred)) task.dumpable = false;
      this.putNs(prev.userNs);
    }
    if (this.to.unshare.length) this.emit(this.to.unshare, { type: 'unshare', task, flags });
  }

  /** The 32-bit flags of the registered nsproxy types that unshare(2) adds nothing to (all but CLONE_NEWNS). */
  private plainUnshareFlags(): number {
    if (this.plainUnshareCache === undefined) {
      let mask = 0;
      for (const t of this.nsproxyTypes) if (this.isRegistered(t) && t.type < 0x1_0000_0000 && t.type !== CLONE_NEWNS) mask |= t.type;
      this.plainUnshareCache = mask >>> 0;
    }
    return this.plainUnshareCache;
  }

  /** unshare of namespace flags only (see `unshare`): every check and step of the general path that applies. */
  private unshareNamespaces(task: Task, flags: number): void {
    const sys = 'unshare';
    this.checkAlive(task, sys);
    const old = task.nsproxy;
    if (!old) throw new Error('unshare: no nsproxy');
    const userNs = task.cred.userNs;
    if (!nsCapable(task.cred, userNs, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN is needed over the owner of the new namespaces');
    const slots = this.createNewNamespaces(sys, task, flags, userNs, old);
    // ---- commit
    this.commitCreated(slots, old.slots);
    task.nsproxy = this.makeNsproxyFrom(slots, old.slots);
    this.putNsproxy(old);
    if (this.unsharedHooks) this.runUnsharedHooks(task, slots, old.slots);
    if (this.to.unshare.length) this.emit(this.to.unshare, { type: 'unshare', task, flags });
  }

  /** The `unshared` step of every type the task just unshared (ksys_unshare's type-specific tail). */
  private runUnsharedHooks(task: Task, slots: readonly NsCommon[], oldSlots: readonly NsCommon[]): void {
    for (let i = 0; i < slots.length; i++) {
      const ns = slots[i] as NsCommon;
      if (ns !== oldSlots[i]) ns.ops.unshared?.(task, ns);
    }
  }

  // ---------------------------------------------------------- setns

  /**
   * setns(2) (kernel/nsproxy.c): `fd` is an ns file (nstype 0 or its type) or
   * a pidfd (nstype a non-empty set of CLONE_NEW* flags). Every namespace is
   * validated by its type's `install` into a staged nsset; only if all pass is
   * the caller switched (all or nothing).
   */
  setns(task: Task, fd: number, nstype: number): void {
    const sys = 'setns';
    this.checkAlive(task, sys);
    const file = task.files?.get(fd);
    if (!file) fail('EBADF', sys);
    let flags: number;
    if (file.kind === 'ns') {
      if (nstype !== 0 && nstype !== file.ns.ops.type) fail('EINVAL', sys, 'nstype does not match the namespace file');
      flags = file.ns.ops.type;
    } else {
      const mask = flagsOr(...this.types.filter((t) => this.isRegistered(t)).map((t) => t.type));
      if (nstype === 0 || flagsWithout(nstype, mask) !== 0) fail('EINVAL', sys, 'invalid namespace flags for a pidfd');
      flags = nstype;
    }
    const old = task.nsproxy;
    if (!old) throw new Error('setns: no nsproxy');
    const nsset = new NsSet(this, task, flags, [...old.slots]);
    const entered: NsCommon[] = [];
    if (file.kind === 'ns') {
      file.ns.ops.install(nsset, file.ns);
      entered.push(file.ns);
    } else {
      // validate_nsset
      const target = file.pid.task;
      if (!target || target.state === 'dead') fail('ESRCH', sys);
      if (!this.ptraceMayAccess(task, target, 'read-realcreds')) fail('EPERM', sys, 'ptrace access denied');
      if (!target.nsproxy) fail('ESRCH', sys, 'the task is exiting');
      for (const t of this.types) {
        if (!hasFlag(flags, t.type)) continue;
        const ns = this.peekNs(target, t);
        if (!ns) fail('ESRCH', sys);
        t.install(nsset, ns);
        entered.push(ns);
      }
    }
    // commit_nsset
    if (nsset.cred !== task.cred) this.commitCreds(task, nsset.cred);
    task.nsproxy = this.makeNsproxy(nsset.slots);
    this.putNsproxy(old);
    if (this.to.setns.length) this.emit(this.to.setns, { type: 'setns', task, namespaces: entered });
  }

  // ---------------------------------------------------------- exit, wait

  /**
   * do_exit (kernel/exit.c): closes files, drops the namespaces, kills the
   * pid namespace if the task is its init (zap_pid_ns_processes), hands the
   * children to the reaper, and becomes a zombie (or is reaped at once when
   * the parent ignores SIGCHLD). A dying init whose namespace still holds a
   * pid it cannot reap (a zombie born by setns + fork, whose parent is outside
   * and has not waited for it) stays in its exit, in state `exiting`, until
   * that pid is freed; only then does it become a zombie.
   */
  exit(task: Task, code = 0): void {
    this.checkAlive(task, 'exit');
    if (task.leader === this.initTask && task.threadCount === 1) throw new Error('Kernel panic - not syncing: Attempted to kill init!');
    this.doExit(task, (code & 0xff) << 8);
  }

  /** exit_group: every thread of the task's group exits. */
  exitGroup(task: Task, code = 0): void {
    this.checkAlive(task, 'exit_group');
    this.killGroup(task.leader, (code & 0xff) << 8);
  }

  private killGroup(leader: Task, status: number): void {
    for (const t of [...(leader.threads ?? [])]) if (t.alive) this.doExit(t, status);
    if (leader.alive) this.doExit(leader, status);
  }

  private doExit(task: Task, status: number): void {
    if (!task.alive) return;
    task.state = 'zombie';
    task.exitStatus = status;
    // exit_files, exit_fs
    if (task.files) this.putFiles(task.files);
    task.files = null;
    if (task.fs) task.fs.users--;
    task.fs = null;
    // exit_task_namespaces
    const nsp = task.nsproxy;
    task.nsproxy = null;
    if (nsp) this.putNsproxy(nsp);
    if (this.to['task-exited'].length) this.emit(this.to['task-exited'], { type: 'task-exited', task, status });
    // exit_notify -> forget_original_parent -> find_child_reaper
    const pidNs = task.pid.ns;
    if (pidNs.childReaper === task.leader && task.threadCount === 0) {
      this.zapPidNs(pidNs, task);
      // zap_pid_ns_processes sleeps until pid_allocated == init_pids; free_pid wakes it (see release).
      if (this.zapWaits(pidNs, task)) {
        task.state = 'exiting';
        return;
      }
      this.exitNotify(task, null);
    } else this.exitNotify(task, pidNs.childReaper);
  }

  /**
   * The rest of exit_notify: the children go to a new reaper, and the task
   * becomes a zombie, reaped at once when nobody is to wait for it.
   */
  private exitNotify(task: Task, reaper: Task | null): void {
    task.state = 'zombie';
    if (task.children?.size) {
      const newParent = this.findNewReaper(task, reaper);
      for (const child of [...task.children]) {
        task.children.delete(child);
        child.parent = newParent;
        if (newParent) (newParent.children ??= new Set()).add(child);
        if (child.state === 'zombie' && newParent && this.autoReaps(newParent)) this.release(child);
      }
    }
    // do_notify_parent: threads reap themselves, a process whose parent ignores SIGCHLD is reaped at once.
    if (!task.isLeader) this.release(task);
    else if (this.groupExited(task) && (!task.parent || this.autoReaps(task.parent))) this.release(task);
  }

  /** thread_group_empty for a zombie leader: no thread of its group is alive or still in its exit. */
  private groupExited(leader: Task): boolean {
    return leader.threadCount === 0 && !(leader.threads ?? []).some((t) => t.state === 'exiting');
  }

  /** find_new_reaper: a live thread, a subreaper ancestor in the same pid namespace, or the namespace's init. */
  private findNewReaper(father: Task, childReaper: Task | null): Task | null {
    const thread = this.findAliveThread(father, father);
    if (thread) return thread;
    if (father.hasChildSubreaper) {
      // The first is_child_subreaper ancestor in father's pid namespace that has a live thread.
      const level = father.pid.level;
      for (let r = father.parent; r && r.pid.level === level && r !== this.initTask; r = r.parent) {
        if (!r.leader.childSubreaper) continue;
        const t = this.findAliveThread(r, null);
        if (t) return t;
      }
    }
    return childReaper;
  }

  /** find_alive_thread: a thread of `p`'s group that is not exiting (but `except`), leader first. */
  private findAliveThread(p: Task, except: Task | null): Task | null {
    const leader = p.leader;
    if (leader !== except && leader.alive) return leader;
    for (const t of leader.threads ?? []) if (t !== except && t.alive) return t;
    return null;
  }

  /** Whether a parent reaps its children at once (SIGCHLD set to SIG_IGN). */
  private autoReaps(parent: Task): boolean {
    return parent.sighand.action(SIGCHLD) === 'ignore';
  }

  /**
   * zap_pid_ns_processes (kernel/pid_namespace.c): no more pids in the
   * namespace, SIGKILL to every other task with a number in it, and the
   * dying init reaps them: it sets SIGCHLD to SIG_IGN, so its zombie children
   * are reaped now and those still in their exit (nested inits that wait) as
   * soon as they finish.
   */
  private zapPidNs(ns: PidNamespace, init: Task): void {
    ns.adding = false;
    init.sighand.actions.set(SIGCHLD, 'ignore');
    const victims: Task[] = [];
    for (const pid of ns.idr.values()) if (pid.task && pid.task !== init && pid.task.alive) victims.push(pid.task);
    for (const v of victims) if (v.alive) this.killGroup(v.leader, SIGKILL);
    for (const child of [...(init.children ?? [])]) if (child.state === 'zombie' && this.groupExited(child)) this.release(child);
  }

  /**
   * Whether zap_pid_ns_processes still waits: a pid other than the dying
   * init's own (and, for a thread, its zombie leader's) is allocated in the
   * namespace (pid_allocated != init_pids), such as a zombie whose parent is
   * outside and has not reaped it.
   */
  private zapWaits(ns: PidNamespace, init: Task): boolean {
    for (const pid of ns.idr.values()) if (pid.task?.leader !== init.leader) return true;
    return false;
  }

  /** The init thread waiting in zap_pid_ns_processes for `ns` to empty, if any. */
  private zapWaiter(ns: PidNamespace): Task | null {
    const r = ns.childReaper;
    if (!r) return null;
    if (r.state === 'exiting') return r;
    return (r.threads ?? []).find((t) => t.state === 'exiting') ?? null;
  }

  /** release_task: the zombie is gone; its pid numbers are free. */
  private release(task: Task): void {
    if (task.state === 'dead') return;
    task.state = 'dead';
    task.parent?.children?.delete(task);
    if (!task.isLeader && task.leader.threads) {
      task.leader.threads = task.leader.threads.filter((t) => t !== task);
    }
    task.sighand.users--;
    this.putPid(task.pid, true);
    this.putNs(task.cred.userNs);
    this.taskSet.delete(task);
    if (this.to['task-reaped'].length) this.emit(this.to['task-reaped'], { type: 'task-reaped', task });
    // A leader whose last thread went may now be reaped.
    const leader = task.leader;
    if (leader !== task && leader.state === 'zombie' && this.groupExited(leader) && (!leader.parent || this.autoReaps(leader.parent))) {
      this.release(leader);
    }
    // free_pid: a dying init waiting for the last other pid of its namespace finishes its exit.
    for (let ns: PidNamespace | null = task.pid.ns; ns; ns = ns.parent) {
      if (ns.adding) continue;
      const waiter = this.zapWaiter(ns);
      if (waiter && !this.zapWaits(ns, waiter)) this.exitNotify(waiter, null);
    }
  }

  private putPid(pid: Pid, detach: boolean): void {
    if (detach) {
      freePidNumbers(pid);
      pid.task = null;
    }
    if (--pid.count === 0) this.putNs(pid.ns);
  }

  /**
   * wait4(pid, WEXITED): reaps a zombie child (pid -1: any). ECHILD when there
   * is no such child; `undefined` when children exist but none has exited (WNOHANG).
   */
  wait(task: Task, pid = -1): WaitResult | undefined {
    this.checkAlive(task, 'wait4');
    const kids = [...(task.leader.children ?? [])].filter((c) => c.isLeader);
    const candidates = pid === -1 ? kids : kids.filter((c) => c.pid.nrIn(task.pid.ns) === pid);
    if (candidates.length === 0) fail('ECHILD', 'wait4');
    const z = candidates.find((c) => c.state === 'zombie' && this.groupExited(c));
    if (!z) return undefined;
    const result = { pid: z.pid.nrIn(task.pid.ns), status: z.exitStatus };
    this.release(z);
    return result;
  }

  // ---------------------------------------------------------- signals

  /** sigaction: set what the task's group does with a signal. SIGKILL and SIGSTOP can't be changed (EINVAL). */
  sigaction(task: Task, sig: number, action: SignalAction | 'default'): void {
    this.checkAlive(task, 'rt_sigaction');
    if (sig < 1 || sig > 64 || sig === SIGKILL || sig === SIGSTOP) fail('EINVAL', 'rt_sigaction');
    if (action === 'default') task.sighand.actions.delete(sig);
    else task.sighand.actions.set(sig, action);
  }

  /**
   * prctl(PR_SET_DUMPABLE) (kernel/sys.c): 0 (SUID_DUMP_DISABLE) or 1
   * (SUID_DUMP_USER), anything else EINVAL. A credential change makes a task
   * non-dumpable; execve of an ordinary program (not modelled) or this call makes
   * it dumpable again, which decides who owns its /proc files and who may
   * ptrace-read it. Threads share the flag, as they share the mm.
   */
  setDumpable(task: Task, value: number): void {
    this.checkAlive(task, 'prctl');
    if (value !== 0 && value !== 1) fail('EINVAL', 'prctl', 'PR_SET_DUMPABLE takes 0 or 1');
    const leader = task.leader;
    for (const t of [leader, ...(leader.threads ?? [])]) t.dumpable = value === 1;
  }

  /** prctl(PR_GET_DUMPABLE). */
  getDumpable(task: Task): number {
    this.checkAlive(task, 'prctl');
    return task.dumpable ? 1 : 0;
  }

  /**
   * prctl(PR_SET_CHILD_SUBREAPER) (kernel/sys.c): sets or clears the group's
   * is_child_subreaper. Setting it also walks the descendants that exist already
   * (walk_process_tree with propagate_has_child_subreaper) and marks
   * has_child_subreaper on each process and its threads, so that their orphans
   * look for this subreaper; a process already marked is skipped with its
   * subtree (its descendants are marked), and so is a pid namespace init
   * (is_child_reaper), whose descendants never leave its namespace. Clearing the
   * flag walks nothing.
   */
  setChildSubreaper(task: Task, on: boolean): void {
    this.checkAlive(task, 'prctl');
    task.leader.childSubreaper = on;
    if (!on) return;
    const stack: Task[] = [task.leader];
    for (let p = stack.pop(); p; p = stack.pop()) {
      for (const t of [p, ...(p.threads ?? [])]) {
        for (const c of t.children ?? []) {
          if (!c.isLeader || c.hasChildSubreaper || c.tid === 1) continue;
          c.hasChildSubreaper = true;
          for (const th of c.threads ?? []) th.hasChildSubreaper = true;
          stack.push(c);
        }
      }
    }
  }

  /**
   * kill(2) (kernel/signal.c): `pid` in the sender's pid namespace; -1 signals
   * every visible process but init and the sender's group. Process groups
   * (0 and below -1) are not modelled: EINVAL.
   */
  kill(task: Task, pid: number, sig: number): void {
    const sys = 'kill';
    this.checkAlive(task, sys);
    if (!Number.isInteger(sig) || sig < 0 || sig > 64) fail('EINVAL', sys, 'invalid signal');
    const ns = task.pid.ns;
    if (pid > 0) {
      const target = ns.findTask(pid);
      if (!target) fail('ESRCH', sys);
      this.sendSignal(task, target.leader, sig, sys);
      return;
    }
    if (pid === -1) {
      // kill_something_info: EPERM from single targets is not reported.
      const targets = [...ns.idr.values()].map((p) => p.task).filter((t): t is Task =>
        !!t && t.isLeader && t.leader !== task.leader && t.pid.nrIn(ns) > 1);
      if (targets.length === 0) fail('ESRCH', sys);
      for (const t of targets) {
        try {
          this.sendSignal(task, t, sig, sys);
        } catch (e) {
          if (!(e instanceof KernelError && e.code === 'EPERM')) throw e;
        }
      }
      return;
    }
    fail('EINVAL', sys, 'process groups are not modelled');
  }

  /**
   * pidfd_send_signal(2) (kernel/signal.c): flags 0, PIDFD_SIGNAL_THREAD (1) or
   * PIDFD_SIGNAL_THREAD_GROUP (2), at most one (EINVAL; process groups, 4, are
   * not modelled: EINVAL); the fd must be a pidfd (EBADF); its pid must live in
   * the caller's active pid namespace or below it (access_pidfd_pidns, EINVAL);
   * a reaped task is ESRCH. Then as kill(2), with the same unkillable-init rules.
   */
  pidfdSendSignal(task: Task, fd: number, sig: number, flags = 0): void {
    const sys = 'pidfd_send_signal';
    this.checkAlive(task, sys);
    if (flags !== 0 && flags !== 1 && flags !== 2) fail('EINVAL', sys, 'bad flags (process groups are not modelled)');
    const file = this.file(task, fd, sys);
    if (file.kind !== 'pidfd') fail('EBADF', sys, 'not a pidfd');
    if (!file.pid.ns.isDescendantOf(task.pid.ns)) fail('EINVAL', sys, 'the pidfd\'s task is outside the caller\'s pid namespace');
    const target = file.pid.task;
    if (!target || target.state === 'dead') fail('ESRCH', sys);
    if (!Number.isInteger(sig) || sig < 0 || sig > 64) fail('EINVAL', sys, 'invalid signal');
    this.sendSignal(task, target.leader, sig, sys);
  }

  /** kill_ok_by_cred + send_signal_locked. */
  private sendSignal(sender: Task, target: Task, sig: number, sys: string): void {
    const c = sender.cred;
    const t = target.cred;
    const ok = c.euid === t.suid || c.euid === t.uid || c.uid === t.suid || c.uid === t.uid || nsCapable(c, t.userNs, CAP_KILL);
    if (!ok) fail('EPERM', sys);
    // A group whose leader exited still takes signals while a thread lives (the group is the target).
    if (sig === 0 || target.threadCount === 0) return;
    const action = target.sighand.action(sig);
    // SIGCONT always resumes a stopped group, whatever its disposition.
    if (sig === SIGCONT) this.setGroupState(target, 'running');
    const kernelOnly = sig === SIGKILL || sig === SIGSTOP;
    if (!kernelOnly && action === 'ignore') return;
    if (this.isUnkillable(target) && (kernelOnly || action === undefined)) {
      // sig_task_ignored: init only gets what it handles, and from an ancestor namespace also SIGKILL/SIGSTOP.
      const force = kernelOnly && sender.pid.nrIn(target.pid.ns) === 0;
      if (!force) return;
    }
    if (!kernelOnly && action === 'handle') return;
    if (sig === SIGKILL) {
      this.killGroup(target.leader, SIGKILL);
      return;
    }
    if (DEFAULT_STOP.has(sig)) {
      this.setGroupState(target, 'stopped');
      return;
    }
    if (DEFAULT_IGNORED.has(sig)) return;
    this.killGroup(target.leader, sig);
  }

  private setGroupState(target: Task, state: 'running' | 'stopped'): void {
    const leader = target.leader;
    for (const t of [leader, ...(leader.threads ?? [])]) if (t.alive) t.state = state;
  }

  // ---------------------------------------------------------- ids and creds

  /** getpid: the tgid in the task's own pid namespace. */
  getpid(task: Task): number {
    return task.leader.pid.nrIn(task.pid.ns);
  }

  /** gettid. */
  gettid(task: Task): number {
    return task.tid;
  }

  /** getppid: the parent's tgid in the task's pid namespace, 0 when not visible there. */
  getppid(task: Task): number {
    const p = task.leader.parent;
    return p ? p.leader.pid.nrIn(task.pid.ns) : 0;
  }

  /** The pid of `target` as `viewer` sees it (0 if not visible). */
  pidOf(target: Task, viewer: Task): number {
    if (target.state === 'dead') return 0;
    return target.pid.nrIn(viewer.pid.ns);
  }

  /** find_task_by_vpid: the task with number `nr` in the viewer's pid namespace. */
  findTask(viewer: Task, nr: number): Task | undefined {
    return viewer.pid.ns.findTask(nr);
  }

  /** NSpid of /proc/PID/status: the task's numbers from `from`'s level (default 0) to its own. */
  nspid(task: Task, from: PidNamespace = this.initPidNs): number[] {
    if (task.pid.nrIn(from) === 0) return [];
    return task.pid.numbers.slice(from.level);
  }

  /** getresuid as the task's user namespace shows the ids. */
  getresuid(task: Task): [number, number, number] {
    const c = task.cred;
    return [fromKuidMunged(c.userNs, c.uid), fromKuidMunged(c.userNs, c.euid), fromKuidMunged(c.userNs, c.suid)];
  }

  /** getresgid. */
  getresgid(task: Task): [number, number, number] {
    const c = task.cred;
    return [fromKgidMunged(c.userNs, c.gid), fromKgidMunged(c.userNs, c.egid), fromKgidMunged(c.userNs, c.sgid)];
  }

  /**
   * setresuid (kernel/sys.c __sys_setresuid): -1 keeps a field. Ids without a
   * mapping are EINVAL; a new id other than the current real, effective or
   * saved one needs CAP_SETUID in the task's user namespace (EPERM).
   */
  setresuid(task: Task, ruid: number, euid: number, suid: number): void {
    this.setresid(task, 'uid', ruid, euid, suid);
  }

  /** setresgid: the same for gids with CAP_SETGID. */
  setresgid(task: Task, rgid: number, egid: number, sgid: number): void {
    this.setresid(task, 'gid', rgid, egid, sgid);
  }

  private setresid(task: Task, kind: 'uid' | 'gid', r: number, e: number, s: number): void {
    const sys = kind === 'uid' ? 'setresuid' : 'setresgid';
    this.checkAlive(task, sys);
    const old = task.cred;
    const make = kind === 'uid' ? makeKuid : makeKgid;
    const conv = (id: number): number => {
      if (id === -1 || id === 4294967295) return -1;
      const k = make(old.userNs, id);
      if (k < 0) fail('EINVAL', sys, `${kind} ${id} has no mapping`);
      return k;
    };
    const kr = conv(r);
    const ke = conv(e);
    const ks = conv(s);
    const [cr, ce, cs, cf] = kind === 'uid' ? [old.uid, old.euid, old.suid, old.fsuid] : [old.gid, old.egid, old.sgid, old.fsgid];
    if ((kr === -1 || kr === cr) && (ke === -1 || (ke === ce && ke === cf)) && (ks === -1 || ks === cs)) return;
    const isNew = (k: number): boolean => k !== -1 && k !== cr && k !== ce && k !== cs;
    if ((isNew(kr) || isNew(ke) || isNew(ks)) && !nsCapable(old, old.userNs, kind === 'uid' ? CAP_SETUID : CAP_SETGID)) fail('EPERM', sys);
    const nr = kr === -1 ? cr : kr;
    const ne = ke === -1 ? ce : ke;
    const ns = ks === -1 ? cs : ks;
    let next = kind === 'uid'
      ? old.with({ uid: nr, euid: ne, suid: ns, fsuid: ne })
      : old.with({ gid: nr, egid: ne, sgid: ns, fsgid: ne });
    if (kind === 'uid') next = fixSetuidCaps(old, next);
    this.commitCreds(task, next);
  }

  /** chroot(2), for the rules that look at it (user namespace creation, setns); needs CAP_SYS_CHROOT. */
  chroot(task: Task): void {
    this.checkAlive(task, 'chroot');
    if (!nsCapable(task.cred, task.cred.userNs, CAP_SYS_CHROOT)) fail('EPERM', 'chroot');
    if (task.fs) task.fs.chrooted = true;
  }

  /** capset: replace the capability sets (permitted may only shrink; effective within permitted). */
  capset(task: Task, sets: { effective: bigint; permitted: bigint; inheritable?: bigint }): void {
    this.checkAlive(task, 'capset');
    const c = task.cred;
    if ((sets.permitted & ~c.capPermitted) !== 0n || (sets.effective & ~sets.permitted) !== 0n) fail('EPERM', 'capset');
    this.commitCreds(task, c.with({ capEffective: sets.effective, capPermitted: sets.permitted, capInheritable: sets.inheritable ?? c.capInheritable }));
  }

  // ---------------------------------------------------------- files

  private allocFd(task: Task, file: OpenFile): number {
    const files = task.files;
    if (!files) throw new Error('no fd table');
    let fd = 3;
    while (files.fds.has(fd)) fd++;
    files.fds.set(fd, file);
    return fd;
  }

  private putFile(file: OpenFile): void {
    if (--file.count > 0) return;
    if (file.kind === 'ns') this.putNs(file.ns);
    else this.putPid(file.pid, false);
  }

  private putFiles(files: FdTable): void {
    if (--files.users > 0) return;
    if (files.size === 0) return;
    for (const f of files.fds.values()) this.putFile(f);
    files.fds.clear();
  }

  /**
   * The open file behind a task's fd (fdget): EBADF, reported as `syscall`,
   * the system call the lookup is part of (`fget` when there is none).
   */
  file(task: Task, fd: number, syscall = 'fget'): OpenFile {
    return task.files?.get(fd) ?? fail('EBADF', syscall);
  }

  /**
   * Resolves `/proc/<pid>/ns/<entry>` (also `self`, `thread-self`) with the
   * checks of fs/proc/namespaces.c: the task must exist (ENOENT), the caller
   * needs ptrace read access (EACCES), and the entry must name a namespace
   * (ENOENT: exiting task, or pid_for_children before the namespace has an init).
   * `<pid>` is read in `procNs` (default: the initial pid namespace, i.e. the
   * initial procfs).
   */
  private resolveNsPath(task: Task, path: string, sys: string, procNs?: PidNamespace): NsCommon {
    const m = /^\/proc\/(self|thread-self|\d+)\/ns\/([a-z_]+)$/.exec(path);
    if (!m) fail('ENOENT', sys, `not an ns file: ${path}`);
    const who = m[1] ?? '';
    const target = who === 'self' ? task.leader : who === 'thread-self' ? task : (procNs ?? this.initPidNs).findTask(Number(who));
    if (!target || target.state === 'dead') fail('ENOENT', sys);
    return this.nsFileOf(task, target, m[2] ?? '', sys);
  }

  /** The namespace a task's ns entry names, with the ptrace and ENOENT checks. */
  private nsFileOf(caller: Task, target: Task, entry: string, sys: string): NsCommon {
    const e = this.entryMap.get(entry);
    if (!e) fail('ENOENT', sys, `no ns entry '${entry}'`);
    if (!this.ptraceMayAccess(caller, target, 'read-fscreds')) fail('EACCES', sys);
    return e.peek(target) ?? fail('ENOENT', sys);
  }

  /** open(2) of an ns file path, read-only; a write open is EPERM (the nsfs inode is immutable). */
  open(task: Task, path: string, options: { write?: boolean; procNs?: PidNamespace } = {}): number {
    const sys = 'open';
    this.checkAlive(task, sys);
    const ns = this.resolveNsPath(task, path, sys, options.procNs);
    if (options.write) fail('EPERM', sys, 'nsfs files are immutable');
    return this.installNsFile(task, ns);
  }

  /** Opens `target`'s /proc/PID/ns/<entry> for `task` (same checks as `open`). */
  openNs(task: Task, target: Task, entry: string): number {
    const sys = 'open';
    this.checkAlive(task, sys);
    if (target.state === 'dead') fail('ENOENT', sys);
    return this.installNsFile(task, this.nsFileOf(task, target, entry, sys));
  }

  private installNsFile(task: Task, ns: NsCommon): number {
    ns.count++;
    const file: NsFile = { kind: 'ns', ns, count: 1 };
    return this.allocFd(task, file);
  }

  /** readlink(2) of an ns file path: `uts:[4026531838]`. */
  readlink(task: Task, path: string, options: { procNs?: PidNamespace } = {}): string {
    this.checkAlive(task, 'readlink');
    return this.resolveNsPath(task, path, 'readlink', options.procNs).linkName;
  }

  /** close(2). */
  close(task: Task, fd: number): void {
    this.checkAlive(task, 'close');
    const files = task.files;
    const f = files?.get(fd);
    if (!files || !f) fail('EBADF', 'close');
    files.fds.delete(fd);
    this.putFile(f);
  }

  /** dup(2). */
  dup(task: Task, fd: number): number {
    this.checkAlive(task, 'dup');
    const f = this.file(task, fd, 'dup');
    f.count++;
    return this.allocFd(task, f);
  }

  /** fstat(2) of an ns file: nsfs device 0:4, the inode number, mode 0444. */
  fstat(task: Task, fd: number): NsStat {
    this.checkAlive(task, 'fstat');
    const f = this.file(task, fd, 'fstat');
    if (f.kind === 'ns') return { dev: NSFS_DEV, ino: f.ns.inum, mode: 0o100444, size: 0, nlink: 1 };
    return { dev: 0, ino: f.pid.numbers[0] ?? 0, mode: 0o100600, size: 0, nlink: 1 };
  }

  /** pidfd_open(2): a pidfd for a thread-group leader (any thread with PIDFD_THREAD) visible in the caller's pid namespace. */
  pidfdOpen(task: Task, pid: number, flags = 0): number {
    const sys = 'pidfd_open';
    this.checkAlive(task, sys);
    if (flagsWithout(flags, PIDFD_NONBLOCK | PIDFD_THREAD) !== 0 || pid <= 0) fail('EINVAL', sys);
    const target = task.pid.ns.findTask(pid);
    if (!target) fail('ESRCH', sys);
    // pidfd_prepare (6.18): a thread that is not a group leader needs PIDFD_THREAD, else ENOENT.
    if (!target.isLeader && !hasFlag(flags, PIDFD_THREAD)) fail('ENOENT', sys, 'not a thread-group leader');
    target.pid.count++;
    const file: PidFile = { kind: 'pidfd', pid: target.pid, count: 1 };
    return this.allocFd(task, file);
  }

  /**
   * ioctl(2) on an nsfs file (fs/nsfs.c ns_ioctl). NS_GET_USERNS and
   * NS_GET_PARENT return a new fd; the others a number. An ioctl that is not
   * an nsfs one, or on a file that is not an ns file, is ENOTTY.
   */
  ioctl(task: Task, fd: number, cmd: number, arg = 0): number {
    const sys = 'ioctl';
    this.checkAlive(task, sys);
    const f = this.file(task, fd, sys);
    if (f.kind !== 'ns') fail('ENOTTY', sys);
    const ns = f.ns;
    const ops = ns.ops;
    switch (cmd) {
      case NS_GET_USERNS:
        return this.installNsFile(task, this.nsGetOwner(task, ops.owner(ns), sys));
      case NS_GET_PARENT: {
        if (!ops.getParent) fail('EINVAL', sys, `${ops.name} namespaces have no parent`);
        const parent = ops.getParent(ns, task);
        return this.installNsFile(task, parent);
      }
      case NS_GET_NSTYPE:
        return ops.type;
      case NS_GET_OWNER_UID:
        if (!(ns instanceof UserNamespace)) fail('EINVAL', sys, 'not a user namespace');
        return fromKuidMunged(task.cred.userNs, ns.owner);
      case NS_GET_ID:
        return ns.nsId;
      case NS_GET_PID_FROM_PIDNS:
      case NS_GET_TGID_FROM_PIDNS:
      case NS_GET_PID_IN_PIDNS:
      case NS_GET_TGID_IN_PIDNS: {
        if (!(ns instanceof PidNamespace)) fail('EINVAL', sys, 'not a pid namespace');
        const from = cmd === NS_GET_PID_FROM_PIDNS || cmd === NS_GET_TGID_FROM_PIDNS;
        const lookupNs = from ? ns : task.pid.ns;
        const resultNs = from ? task.pid.ns : ns;
        let t = lookupNs.findTask(arg);
        if (t && (cmd === NS_GET_TGID_FROM_PIDNS || cmd === NS_GET_TGID_IN_PIDNS)) t = t.leader;
        const nr = t ? t.pid.nrIn(resultNs) : 0;
        if (!nr) fail('ESRCH', sys);
        return nr;
      }
      default:
        return fail('ENOTTY', sys);
    }
  }

  /**
   * ns_get_owner (kernel/user_namespace.c): the owner is returned only if
   * walking up from it reaches the caller's user namespace, else EPERM. A
   * kernel without a user namespace type (CONFIG_USER_NS=n) has the stub of
   * include/linux/user_namespace.h, which is EPERM for every namespace.
   */
  nsGetOwner(task: Task, owner: UserNamespace | null, sys = 'ioctl'): UserNamespace {
    if (!this.hasUserNs) return fail('EPERM', sys, 'user namespaces are not configured (ns_get_owner stub)');
    const mine = task.cred.userNs;
    for (let p: UserNamespace | null = owner; p; p = p.parent) if (p === mine) return owner as UserNamespace;
    return fail('EPERM', sys, 'the owner is outside the caller\'s user namespace');
  }

  /**
   * The namespace an nsfs fd refers to (proc_ns_fget): EBADF for no file,
   * EINVAL for a file that is not an nsfs one, both reported as `syscall`.
   */
  nsOfFd(task: Task, fd: number, syscall = 'fget'): NsCommon {
    const f = this.file(task, fd, syscall);
    if (f.kind !== 'ns') fail('EINVAL', syscall, 'not an ns file');
    return f.ns;
  }

  // ---------------------------------------------------------- inspection

  /** A task's namespace for an ns entry name (`uts`, `pid_for_children`), without checks. */
  nsOf(task: Task, entry: string): NsCommon | undefined {
    const e = this.entryMap.get(entry);
    if (!e) throw new Error(`no ns entry '${entry}' in this kernel`);
    return task.state === 'dead' ? undefined : e.peek(task);
  }

  /**
   * The namespaces as `lsns` lists them (util-linux sys-utils/lsns.c): it
   * reads the /proc/PID/ns links and /proc/PID/fd of every process in the
   * viewer's /proc, so a process counts only if it has a pid in `viewer`'s pid
   * namespace and, when a viewer is given, the viewer may read its links
   * (ptrace read access; EACCES is skipped). A zombie still has its `user` and
   * `pid` links (credentials and struct pid live until it is reaped), not the
   * nsproxy ones (exit_task_namespaces). One row per namespace a counted
   * process is in or has open, sorted by inode; PID is the lowest pid, USER the
   * effective uid of that process (the owner of /proc/PID). Default viewer:
   * the initial pid and user namespaces, reading everything. Namespaces kept
   * only by pins (`pinNs`) are not listed: lsns finds those in the viewer's
   * mount table.
   */
  listNamespaces(viewer?: Task): NamespaceRow[] {
    const pidNs = viewer?.pid.ns ?? this.initPidNs;
    const userNs = viewer?.cred.userNs ?? this.initUserNs;
    const rows = new Map<NsCommon, { nprocs: number; pid: number; task: Task | null }>();
    const mainEntries = this.types.filter((t) => this.isRegistered(t));
    const readable: Task[] = [];
    for (const task of this.taskSet) {
      // /proc lists thread-group leaders, zombies included, until they are reaped.
      if (!task.isLeader || task.state === 'dead') continue;
      const nr = task.pid.nrIn(pidNs);
      if (nr === 0) continue;
      if (viewer && !this.ptraceMayAccess(viewer, task, 'read-fscreds')) continue;
      readable.push(task);
      for (const t of mainEntries) {
        const ns = this.peekNs(task, t);
        if (!ns) continue;
        let r = rows.get(ns);
        if (!r) rows.set(ns, (r = { nprocs: 0, pid: 0, task: null }));
        r.nprocs++;
        if (r.pid === 0 || nr < r.pid) {
          r.pid = nr;
          r.task = task;
        }
      }
    }
    for (const task of readable) {
      if (!task.files?.size) continue;
      for (const f of task.files.fds.values()) {
        if (f.kind === 'ns' && !rows.has(f.ns)) rows.set(f.ns, { nprocs: 0, pid: 0, task: null });
      }
    }
    const out: NamespaceRow[] = [];
    for (const [ns, r] of rows) {
      const owner = ns instanceof UserNamespace ? ns.owner : ns.ops.owner(ns)?.owner ?? 0;
      out.push({
        ns: ns.inum, id: ns.nsId, type: ns.type, nprocs: r.nprocs, pid: r.pid,
        uid: r.task ? fromKuidMunged(userNs, r.task.cred.euid) : 0, command: r.task?.comm ?? '',
        ownerUid: fromKuidMunged(userNs, owner), refs: ns.count,
      });
    }
    return out.sort((a, b) => a.ns - b.ns || a.type.localeCompare(b.type));
  }

  /**
   * Who holds a reference on each live namespace, counted from the state
   * itself: nsproxies, credentials of unreaped tasks, open files, struct pids,
   * pins (`pinNs`), child and owned namespaces, and the kernel's own reference
   * on the initial namespaces. For a consistent kernel, every namespace's
   * `count` equals this.
   */
  countHolders(): Map<NsCommon, number> {
    const holders = new Map<NsCommon, number>();
    const add = (ns: NsCommon): void => void holders.set(ns, (holders.get(ns) ?? 0) + 1);
    for (const ns of this.initialNs) add(ns);
    const nsproxies = new Set<Nsproxy>();
    const files = new Set<OpenFile>();
    const pids = new Set<Pid>();
    for (const t of this.taskSet) {
      if (t.nsproxy) nsproxies.add(t.nsproxy);
      add(t.cred.userNs);
      pids.add(t.pid);
      if (t.files?.size) for (const f of t.files.fds.values()) files.add(f);
    }
    for (const p of nsproxies) for (const ns of p.slots) add(ns);
    for (const f of files) {
      if (f.kind === 'ns') add(f.ns);
      else pids.add(f.pid);
    }
    for (const p of pids) add(p.ns);
    for (const ns of this.pinMap.values()) add(ns);
    for (const ns of this.allNs) {
      if (ns.ownerNs) add(ns.ownerNs);
      const parent = ns.heldParent;
      if (parent) add(parent);
    }
    return holders;
  }
}
