/**
 * The simulated kernel: a thin facade over the files that model Linux's
 * tree. Each syscall checks everything first and commits last, so a call
 * that throws a KernelError changes nothing.
 *
 * boot.ts (init/main.c), fork.ts (kernel/fork.c: clone3, ksys_unshare),
 * nsproxy.ts (kernel/nsproxy.c: create_new_namespaces, setns), exit.ts
 * (kernel/exit.c), signal.ts (kernel/signal.c), sys.ts (kernel/sys.c),
 * ptrace.ts (kernel/ptrace.c), nsfs.ts (fs/nsfs.c, fs/proc/namespaces.c),
 * file.ts (fs/file.c), namespaces.ts (kernel/nscommon.c), lsns.ts (lsns),
 * events.ts (the model's tracepoints), snapshot.ts.
 */
import {
  badArgument, checkAlive, checkBigint, checkBoolean, checkFlags, checkId, checkInt, checkOptions, checkString, checkTask,
} from './args.ts';
import { bootKernel, checkKernelOptions, configureTypes, knownRoads } from './boot.ts';
import type { KernelOptions } from './boot.ts';
import { nsCapable } from './cred.ts';
import { fail } from './errors.ts';
import { listenersByType } from './events.ts';
import type { KernelEvent, KernelListener, ListenerEntry } from './events.ts';
import * as exitc from './exit.ts';
import type { WaitResult } from './exit.ts';
import * as file from './file.ts';
import * as fork from './fork.ts';
import type { CloneOptions } from './fork.ts';
import * as lsns from './lsns.ts';
import type { NamespaceListing, NamespaceRow } from './lsns.ts';
import * as namespaces from './namespaces.ts';
import type { NsCommon } from './ns-common.ts';
import * as nsfs from './nsfs.ts';
import type { NsStat } from './nsfs.ts';
import * as nsproxy from './nsproxy.ts';
import type { CopyCtx, CreateStep } from './nsproxy.ts';
import type { NamespaceOperations, NsEntry } from './ops.ts';
import { PidNamespace as PidNamespaceClass, taskNspid } from './pid.ts';
import type { PidNamespace } from './pid.ts';
import * as ptrace from './ptrace.ts';
import type { Road } from './roads.ts';
import { NSPROXY_IDS, bootNsproxyIds } from './nsproxy-ids.ts';
import { PTRACE_MODES } from './ptrace.ts';
import type { PtraceMode } from './ptrace.ts';
import { IdBitmap, NsRegistry } from './registry.ts';
import type { SetLike } from './registry.ts';
import * as signal from './signal.ts';
import { restoreKernel, snapshotKernel } from './snapshot.ts';
import type { KernelSnapshot } from './snapshot.ts';
import * as sys from './sys.ts';
import type { FileObject, OpenFile, SignalAction, Task } from './task.ts';
import type { UserNamespace } from './user-namespace.ts';

export type { KernelOptions } from './boot.ts';
export type { KernelEvent } from './events.ts';
export type { WaitResult } from './exit.ts';
export type { CloneOptions } from './fork.ts';
export type { NamespaceListing, NamespaceRow } from './lsns.ts';
export type { NsStat } from './nsfs.ts';
export type { PtraceMode } from './ptrace.ts';

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
  initUserNs!: UserNamespace;
  initPidNs!: PidNamespace;
  /** The first task (pid 1 of the initial pid namespace). */
  initTask!: Task;
  /** The roads not taken this kernel opened (`KernelOptions.roads`); empty for Linux 6.18. */
  readonly roads: ReadonlySet<string>;
  /** Every road this kernel's core and types know, opened or not. */
  readonly knownRoads: readonly Road[];

  /** @internal The nsproxy slot of each type but the user type. */
  readonly slotIndex: Map<NamespaceOperations, number> = new Map();
  /** @internal The types with an nsproxy slot, in slot order. */
  readonly nsproxyTypes: NamespaceOperations[] = [];
  /** @internal The /proc/PID/ns entries. */
  readonly entryMap: Map<string, NsEntry & { ops: NamespaceOperations }> = new Map();
  /** @internal The initial namespaces (the kernel holds a reference on each). */
  initialNs: NsCommon[] = [];
  /** @internal Every task not yet reaped, in creation order. */
  taskSet: Set<Task> = new Set();
  /** @internal Listeners and the event types each wants; replaced, never mutated, on every change. */
  listeners: readonly ListenerEntry[] = [];
  /** @internal The listeners of each event type: the syscalls do not even build an event nobody listens to. */
  to: Readonly<Record<KernelEvent['type'], readonly KernelListener[]>> = listenersByType([]);
  /** @internal */
  nextSerial = 1;
  /** @internal */
  nextNsId = 1;
  /** @internal Used proc inode indexes (inum - PROC_DYNAMIC_FIRST); a bitmap (a restored kernel may hold a Set). */
  inumUsed: SetLike<number> = new IdBitmap();
  /** @internal The lowest proc inode index that may be free (the IDA's lowest-free search starts here). */
  inumLow = 0;
  /** @internal Every namespace not yet freed, in creation order (a restored kernel may hold a Set). */
  allNs: SetLike<NsCommon> = new NsRegistry();
  /** @internal Pins (`pinNs`): holder -> the namespace it holds a reference on, in pinning order. */
  pinMap: Map<string, NsCommon> = new Map();
  /** @internal Flag masks and create_new_namespaces plans, computed once (they depend only on the types). */
  nsFlagMaskCache: number | undefined;
  /** @internal */
  typeFlagsCache: number | undefined;
  /** @internal */
  cloneFlagsCache: number | undefined;
  /** @internal */
  unshareFlagsCache: number | undefined;
  /** @internal */
  plainUnshareCache: number | undefined;
  /** @internal */
  readonly stepPlans: Map<number, readonly CreateStep[]> = new Map();
  /** @internal Whether a registered type has an `unshared` step (ksys_unshare's type-specific tail). */
  readonly unsharedHooks: boolean;
  /** @internal The types with a `canFork` or `forked` step (copy_process's cgroup and time parts). */
  readonly forkHooks: readonly NamespaceOperations[];
  /** @internal The types with an `exited` step. */
  readonly exitHooks: readonly NamespaceOperations[];
  /** @internal The types that hold references for tasks outside the nsproxy (`heldNs`). */
  readonly heldNsHooks: readonly NamespaceOperations[];
  /** @internal */
  lastPlanFlags = -1;
  /** @internal */
  lastPlan: readonly CreateStep[] = [];
  /** @internal The reusable CopyContext (see CopyCtx). */
  copyCtx: CopyCtx | null = null;

  constructor(options: KernelOptions = {}) {
    checkKernelOptions(options);
    this.options = { ...options, maxNamespaces: options.maxNamespaces ?? 96365 };
    const config = configureTypes(options.namespaces ?? []);
    this.types = config.types;
    this.userType = config.userType;
    this.pidType = config.pidType;
    this.hasUserNs = config.hasUserNs;
    this.hasPidNs = config.hasPidNs;
    this.knownRoads = knownRoads(this.types);
    this.roads = new Set(options.roads ?? []);
    // A type's `unshared` step that serves a road only counts when that road is open.
    this.unsharedHooks = this.types.some((t) => t.unshared !== undefined && (t.unsharedRoad === undefined || this.roads.has(t.unsharedRoad)));
    this.forkHooks = this.types.filter((t) => t.canFork !== undefined || t.forked !== undefined);
    this.exitHooks = this.types.filter((t) => t.exited !== undefined);
    this.heldNsHooks = this.types.filter((t) => t.heldNs !== undefined);
    bootKernel(this, options);
    // Road nsproxy-ids: init_nsproxy, the nsproxy the first task booted with, is nsproxy 0.
    if (this.roads.has(NSPROXY_IDS)) bootNsproxyIds(this);
  }

  /** Whether this kernel opened the road not taken `name` (roads.ts); always false for Linux 6.18. */
  onRoad(name: string): boolean {
    return this.roads.has(name);
  }

  // ---------------------------------------------------------------- snapshots

  /** The whole state as plain JSON (bigints as hex strings); `Kernel.restore` rebuilds it. */
  snapshot(): KernelSnapshot {
    return snapshotKernel(this);
  }

  /** A kernel rebuilt from `snapshot()`; pass the same namespace types. */
  static restore(snapshot: KernelSnapshot, options: Pick<KernelOptions, 'namespaces'> = {}): Kernel {
    return restoreKernel(snapshot, options, (o) => new Kernel(o));
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
    return this.initialNs.find((n) => n.ops === ops) ?? fail('EINVAL', 'initialNamespace', undefined, 'C3.9');
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
    if (typeof listener !== 'function') badArgument('on', 'listener', 'a function', listener);
    checkOptions(options, 'on');
    if (options.types !== undefined && !Array.isArray(options.types)) badArgument('on', 'options.types', 'an array of event types', options.types);
    const entry = { listener, types: options.types ? new Set(options.types) : null };
    this.setListeners([...this.listeners.filter((e) => e.listener !== listener), entry]);
    return () => this.setListeners(this.listeners.filter((e) => e.listener !== listener));
  }

  private setListeners(list: readonly ListenerEntry[]): void {
    this.listeners = list;
    this.to = listenersByType(list);
  }

  // ---------------------------------------------------------- references (namespaces.ts)

  /** The task's namespace of a type, no reference taken (the /proc/PID/ns link). */
  peekNs(task: Task, ops: NamespaceOperations): NsCommon | undefined {
    checkTask(this, task, 'peekNs');
    return namespaces.peekNs(this, task, ops);
  }

  /** A new reference to the task's namespace of a type (ns_ref_get). */
  getNs(task: Task, ops: NamespaceOperations): NsCommon | undefined {
    checkTask(this, task, 'getNs');
    return namespaces.getNs(this, task, ops);
  }

  /** Drops a reference (ns_ref_put); the last one frees the namespace (its type's `free` runs then). */
  putNs(ns: NsCommon): void {
    namespaces.putNs(this, ns);
  }

  /**
   * Pins `ns` for `holder` (a non-empty name, unique in the kernel, kept in
   * snapshots): one more reference until `unpinNs(holder)`, as a bind mount of
   * /proc/PID/ns/X holds a namespace (fs/nsfs.c). No permission check (the
   * caller's mount(2) does them); misuse throws a plain Error.
   */
  pinNs(ns: NsCommon, holder: string): void {
    namespaces.pinNs(this, ns, holder);
  }

  /** Drops `holder`'s pin (the umount of the bind mount): the last reference frees the namespace. */
  unpinNs(holder: string): void {
    namespaces.unpinNs(this, holder);
  }

  /** The namespace `holder` pins, or undefined. */
  pinnedNs(holder: string): NsCommon | undefined {
    return this.pinMap.get(holder);
  }

  /** Every pin, holder -> namespace, in pinning order (a copy). */
  pins(): ReadonlyMap<string, NsCommon> {
    return new Map(this.pinMap);
  }

  // ---------------------------------------------------------- checks

  /** ns_capable with the task's credentials. */
  capable(task: Task, ns: UserNamespace, cap: number): boolean {
    checkTask(this, task, 'capable');
    checkInt(cap, 'capable', 'cap');
    return nsCapable(task.cred, ns, cap);
  }

  /** The pid namespace the task's children are created in (nsproxy->pid_ns_for_children). */
  pidNsForChildren(task: Task): PidNamespace | undefined {
    checkTask(this, task, 'pidNsForChildren');
    return fork.pidNsForChildren(this, task);
  }

  /** Whether the task is the init of its pid namespace (SIGNAL_UNKILLABLE). */
  isUnkillable(task: Task): boolean {
    checkTask(this, task, 'isUnkillable');
    return signal.isUnkillable(task);
  }

  /** ptrace_may_access (kernel/ptrace.c): may `caller` read `target`'s /proc files? */
  ptraceMayAccess(caller: Task, target: Task, mode: PtraceMode): boolean {
    checkTask(this, caller, 'ptraceMayAccess', 'caller');
    checkTask(this, target, 'ptraceMayAccess', 'target');
    if (!PTRACE_MODES.includes(mode)) badArgument('ptraceMayAccess', 'mode', `one of ${PTRACE_MODES.join(', ')}`, mode);
    return ptrace.ptraceMayAccess(caller, target, mode);
  }

  // ---------------------------------------------------------- clone, unshare, setns

  /**
   * clone3(2) (kernel/fork.c clone3_args_valid, copy_process): `flags` is
   * clone_args.flags, a u64; the exit signal is not a flag (CSIGNAL bits but
   * CLONE_NEWTIME are EINVAL). Returns the child; with CLONE_PIDFD the caller
   * gets a pidfd for it (`options.pidfd`). See fork.ts.
   */
  clone(parent: Task, flags: number, options: CloneOptions = {}): Task {
    checkAlive(this, parent, 'clone', 'parent');
    checkFlags(flags, 'clone');
    fork.checkCloneOptions(options);
    return fork.clone(this, parent, flags, options);
  }

  /**
   * unshare(2) (kernel/fork.c ksys_unshare): implied flags, flag checks, a new
   * user namespace, then the other namespaces; all committed at the end.
   */
  unshare(task: Task, flags: number): void {
    checkFlags(flags, 'unshare');
    fork.unshare(this, task, flags);
  }

  /**
   * setns(2) (kernel/nsproxy.c): an ns file or a pidfd; every namespace is
   * validated by its type's `install` into a staged nsset, then all or nothing
   * is committed. See nsproxy.ts.
   */
  setns(task: Task, fd: number, nstype: number): void {
    checkInt(fd, 'setns', 'fd');
    checkFlags(nstype, 'setns', 'nstype');
    nsproxy.setns(this, task, fd, nstype);
  }

  // ---------------------------------------------------------- exit, wait (exit.ts)

  /**
   * do_exit (kernel/exit.c): files and namespaces dropped, the children to a
   * reaper, then a zombie (or reaped at once). A dying pid namespace init runs
   * its type's `childReaperExit` and may stay `exiting` until its namespace is
   * empty. See exit.ts.
   */
  exit(task: Task, code = 0): void {
    checkInt(code, 'exit', 'code');
    exitc.exit(this, task, code);
  }

  /** exit_group: every thread of the task's group exits. */
  exitGroup(task: Task, code = 0): void {
    checkInt(code, 'exit_group', 'code');
    exitc.exitGroup(this, task, code);
  }

  /** wait4(pid, WEXITED): reaps a zombie child (pid -1: any); ECHILD without such a child; undefined when none has exited. */
  wait(task: Task, pid = -1): WaitResult | undefined {
    checkInt(pid, 'wait4', 'pid');
    return exitc.wait(this, task, pid);
  }

  // ---------------------------------------------------------- signals (signal.ts)

  /** sigaction: set what the task's group does with a signal. SIGKILL and SIGSTOP can't be changed (EINVAL). */
  sigaction(task: Task, sig: number, action: SignalAction | 'default'): void {
    checkInt(sig, 'rt_sigaction', 'sig');
    if (action !== 'handle' && action !== 'ignore' && action !== 'default') {
      badArgument('rt_sigaction', 'action', "'handle', 'ignore' or 'default'", action);
    }
    signal.sigaction(this, task, sig, action);
  }

  /** kill(2) (kernel/signal.c): `pid` in the sender's pid namespace, -1 for every visible process; process groups EINVAL. */
  kill(task: Task, pid: number, sig: number): void {
    checkInt(pid, 'kill', 'pid');
    checkInt(sig, 'kill', 'sig');
    signal.kill(this, task, pid, sig);
  }

  /** pidfd_send_signal(2) (kernel/signal.c): as kill(2) through a pidfd (see signal.ts). */
  pidfdSendSignal(task: Task, fd: number, sig: number, flags = 0): void {
    checkInt(fd, 'pidfd_send_signal', 'fd');
    checkInt(sig, 'pidfd_send_signal', 'sig');
    checkInt(flags, 'pidfd_send_signal', 'flags');
    signal.pidfdSendSignal(this, task, fd, sig, flags);
  }

  // ---------------------------------------------------------- ids, creds, prctl (sys.ts)

  /** prctl(PR_SET_DUMPABLE) (kernel/sys.c): 0 or 1, else EINVAL; decides who owns the task's /proc files and who may ptrace-read it. */
  setDumpable(task: Task, value: number): void {
    checkInt(value, 'prctl', 'value');
    sys.setDumpable(this, task, value);
  }

  /** prctl(PR_GET_DUMPABLE). */
  getDumpable(task: Task): number {
    return sys.getDumpable(this, task);
  }

  /** prctl(PR_SET_PDEATHSIG) (kernel/sys.c): the signal the task's process gets when the thread that created it exits (0: none); not a signal number: EINVAL. */
  setPdeathSignal(task: Task, sig: number): void {
    checkInt(sig, 'prctl', 'sig');
    sys.setPdeathSignal(this, task, sig);
  }

  /** prctl(PR_GET_PDEATHSIG). */
  getPdeathSignal(task: Task): number {
    return sys.getPdeathSignal(this, task);
  }

  /** prctl(PR_SET_CHILD_SUBREAPER) (kernel/sys.c), marking the existing descendants (propagate_has_child_subreaper). */
  setChildSubreaper(task: Task, on: boolean): void {
    checkBoolean(on, 'prctl', 'on');
    sys.setChildSubreaper(this, task, on);
  }

  /** getpid: the tgid in the task's own pid namespace. */
  getpid(task: Task): number {
    checkTask(this, task, 'getpid');
    return sys.getpid(task);
  }

  /** gettid. */
  gettid(task: Task): number {
    checkTask(this, task, 'gettid');
    return task.tid;
  }

  /** getppid: the parent's tgid in the task's pid namespace, 0 when not visible there. */
  getppid(task: Task): number {
    checkTask(this, task, 'getppid');
    return sys.getppid(task);
  }

  /** The pid of `target` as `viewer` sees it (0 if not visible). */
  pidOf(target: Task, viewer: Task): number {
    checkTask(this, target, 'pidOf', 'target');
    checkTask(this, viewer, 'pidOf', 'viewer');
    if (target.state === 'dead') return 0;
    return target.pid.nrIn(viewer.pid.ns);
  }

  /** find_task_by_vpid: the task with number `nr` in the viewer's pid namespace. */
  findTask(viewer: Task, nr: number): Task | undefined {
    checkTask(this, viewer, 'findTask', 'viewer');
    checkInt(nr, 'findTask', 'nr');
    return viewer.pid.ns.findTask(nr);
  }

  /** NSpid of /proc/PID/status: the task's numbers from `from`'s level (default 0) to its own. */
  nspid(task: Task, from: PidNamespace = this.initPidNs): number[] {
    checkTask(this, task, 'nspid');
    if (!(from instanceof PidNamespaceClass)) badArgument('nspid', 'from', 'a PidNamespace', from);
    return taskNspid(task, from);
  }

  /** getresuid as the task's user namespace shows the ids. */
  getresuid(task: Task): [number, number, number] {
    checkTask(this, task, 'getresuid');
    return sys.getresuid(task);
  }

  /** getresgid. */
  getresgid(task: Task): [number, number, number] {
    checkTask(this, task, 'getresgid');
    return sys.getresgid(task);
  }

  /** setresuid (kernel/sys.c __sys_setresuid): -1 keeps a field; unmapped ids EINVAL; new ids need CAP_SETUID (EPERM). */
  setresuid(task: Task, ruid: number, euid: number, suid: number): void {
    checkId(ruid, 'setresuid', 'ruid');
    checkId(euid, 'setresuid', 'euid');
    checkId(suid, 'setresuid', 'suid');
    sys.setresid(this, task, 'uid', ruid, euid, suid);
  }

  /** setresgid: the same for gids with CAP_SETGID. */
  setresgid(task: Task, rgid: number, egid: number, sgid: number): void {
    checkId(rgid, 'setresgid', 'rgid');
    checkId(egid, 'setresgid', 'egid');
    checkId(sgid, 'setresgid', 'sgid');
    sys.setresid(this, task, 'gid', rgid, egid, sgid);
  }

  /** chroot(2), for the rules that look at it (user namespace creation, setns); needs CAP_SYS_CHROOT. */
  chroot(task: Task): void {
    checkAlive(this, task, 'chroot');
    sys.chroot(this, task);
  }

  /** capset: replace the capability sets (permitted may only shrink; effective within permitted). */
  capset(task: Task, sets: { effective: bigint; permitted: bigint; inheritable?: bigint }): void {
    checkOptions(sets, 'capset', 'sets');
    if (sets === undefined) badArgument('capset', 'sets', 'an object', sets);
    checkBigint(sets.effective, 'capset', 'sets.effective');
    checkBigint(sets.permitted, 'capset', 'sets.permitted');
    if (sets.inheritable !== undefined) checkBigint(sets.inheritable, 'capset', 'sets.inheritable');
    sys.capset(this, task, sets);
  }

  // ---------------------------------------------------------- files (file.ts, nsfs.ts)

  /**
   * The open file behind a task's fd (fdget): EBADF, reported as `syscall`,
   * the system call the lookup is part of (`fget` when there is none).
   */
  file(task: Task, fd: number, syscall = 'fget'): OpenFile {
    checkString(syscall, 'fget', 'syscall');
    checkTask(this, task, syscall);
    checkInt(fd, syscall, 'fd');
    return file.fget(task, fd, syscall);
  }

  /** open(2) of an ns file path, read-only; a write open is EPERM (the nsfs inode is immutable). */
  open(task: Task, path: string, options: { write?: boolean; procNs?: PidNamespace } = {}): number {
    checkString(path, 'open', 'path');
    checkPathOptions(options, 'open');
    if (options.write !== undefined) checkBoolean(options.write, 'open', 'options.write');
    return nsfs.open(this, task, path, options);
  }

  /**
   * open(2) of the nsfs inode of `ns` that a file system reached (a bind mount
   * of an ns file, a procfs ns link a mount type resolved): a read-only file
   * holding a reference on `ns`. The caller did the path's checks.
   */
  openNsInode(task: Task, ns: NsCommon): number {
    checkAlive(this, task, 'open');
    return nsfs.installNsFile(task, ns);
  }

  /** A new fd of `task` for a type's object (socket(2) and the like): the lowest free fd, holding the object until its last close. */
  installFile(task: Task, object: FileObject): number {
    checkAlive(this, task, 'open');
    return file.installObjectFile(task, object);
  }

  /** Opens `target`'s /proc/PID/ns/<entry> for `task` (same checks as `open`). */
  openNs(task: Task, target: Task, entry: string): number {
    checkTask(this, target, 'open', 'target');
    checkString(entry, 'open', 'entry');
    return nsfs.openNs(this, task, target, entry);
  }

  /** readlink(2) of an ns file path: `uts:[4026531838]`. */
  readlink(task: Task, path: string, options: { procNs?: PidNamespace } = {}): string {
    checkString(path, 'readlink', 'path');
    checkPathOptions(options, 'readlink');
    return nsfs.readlink(this, task, path, options);
  }

  /** close(2). */
  close(task: Task, fd: number): void {
    checkInt(fd, 'close', 'fd');
    file.close(this, task, fd);
  }

  /** dup(2). */
  dup(task: Task, fd: number): number {
    checkInt(fd, 'dup', 'fd');
    return file.dup(this, task, fd);
  }

  /** fstat(2) of an ns file: nsfs device 0:4, the inode number, mode 0444. */
  fstat(task: Task, fd: number): NsStat {
    checkInt(fd, 'fstat', 'fd');
    return nsfs.fstat(this, task, fd);
  }

  /** pidfd_open(2): a pidfd for a thread-group leader (any thread with PIDFD_THREAD) visible in the caller's pid namespace. */
  pidfdOpen(task: Task, pid: number, flags = 0): number {
    checkInt(pid, 'pidfd_open', 'pid');
    checkFlags(flags, 'pidfd_open');
    return nsfs.pidfdOpen(this, task, pid, flags);
  }

  /** ioctl(2) on an nsfs file (fs/nsfs.c ns_ioctl): NS_GET_USERNS and NS_GET_PARENT return a new fd; ENOTTY otherwise. */
  ioctl(task: Task, fd: number, cmd: number, arg = 0): number {
    checkInt(fd, 'ioctl', 'fd');
    checkInt(cmd, 'ioctl', 'cmd');
    checkInt(arg, 'ioctl', 'arg');
    return nsfs.ioctl(this, task, fd, cmd, arg);
  }

  /** ns_get_owner (kernel/user_namespace.c): the owner if the caller's user namespace is it or an ancestor, else EPERM. */
  nsGetOwner(task: Task, owner: UserNamespace | null, sys = 'ioctl'): UserNamespace {
    checkTask(this, task, sys);
    return nsfs.nsGetOwner(this, task, owner, sys);
  }

  /**
   * The namespace an nsfs fd refers to (proc_ns_fget): EBADF for no file,
   * EINVAL for a file that is not an nsfs one, both reported as `syscall`.
   */
  nsOfFd(task: Task, fd: number, syscall = 'fget'): NsCommon {
    checkString(syscall, 'fget', 'syscall');
    checkTask(this, task, syscall);
    checkInt(fd, syscall, 'fd');
    return nsfs.nsOfFd(task, fd, syscall);
  }

  // ---------------------------------------------------------- inspection (lsns.ts)

  /** A task's namespace for an ns entry name (`uts`, `pid_for_children`), without checks. */
  nsOf(task: Task, entry: string): NsCommon | undefined {
    checkTask(this, task, 'nsOf');
    checkString(entry, 'nsOf', 'entry');
    const e = this.entryMap.get(entry);
    if (!e) throw new Error(`no ns entry '${entry}' in this kernel`);
    return task.state === 'dead' ? undefined : e.peek(task);
  }

  /**
   * The namespaces as `lsns` lists them (util-linux sys-utils/lsns.c) from
   * `viewer`'s /proc: processes with a pid in its pid namespace whose ns links
   * it may read; one row per namespace they are in or have open, sorted by
   * inode, plus those the nsfs bind mounts of the viewer's mount namespace
   * hold (lsns's persistent namespaces; a type's `boundNamespaces`). Default
   * viewer: the initial namespaces, reading everything. A bare `pinNs`
   * without a mount is not listed. See lsns.ts.
   */
  listNamespaces(viewer?: Task): NamespaceRow[] {
    if (viewer !== undefined) checkTask(this, viewer, 'listNamespaces', 'viewer');
    return lsns.listNamespaces(this, viewer).rows();
  }

  /**
   * The same listing as `listNamespaces`, kept column by column rather than
   * as an object per row: `length`, `type(i)`, `row(i)`, and iterable. A
   * machine of a million tasks lists 800,000 namespaces; this is the listing
   * without the 800,000 objects.
   */
  namespaceListing(viewer?: Task): NamespaceListing {
    if (viewer !== undefined) checkTask(this, viewer, 'namespaceListing', 'viewer');
    return lsns.listNamespaces(this, viewer);
  }

  /**
   * Who holds a reference on each live namespace, counted from the state
   * (nsproxies, credentials, open files, struct pids, pins, child and owned
   * namespaces, the initial ones): every namespace's `count` equals this.
   */
  countHolders(): Map<NsCommon, number> {
    return lsns.countHolders(this);
  }
}

/** The options of `open` and `readlink`: an object whose `procNs`, if given, is a pid namespace. */
function checkPathOptions(options: unknown, syscall: string): asserts options is { procNs?: PidNamespace } {
  checkOptions(options, syscall);
  if (options === undefined) badArgument(syscall, 'options', 'an object', options);
  const procNs = (options as { procNs?: unknown }).procNs;
  if (procNs !== undefined && !(procNs instanceof PidNamespaceClass)) badArgument(syscall, 'options.procNs', 'a PidNamespace', procNs);
}
