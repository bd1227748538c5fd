/**
 * Boot. Models init/main.c start_kernel and the static initial state it
 * relies on: the configured namespace types (the CONFIG_*_NS choices), the
 * initial namespaces (init_user_ns, init_pid_ns, init_uts_ns, ...; their
 * fixed inode numbers), init_nsproxy, init_cred and the first task.
 */
import { badArgument, badValue, checkInt, checkOptions, checkString } from './args.ts';
import { CAP_FULL_SET, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP, CLONE_NEW_ALL, CLONE_NEWPID, CLONE_NEWUSER } from './constants.ts';
import { Cred } from './cred.ts';
import { builtinPidType, builtinUserType } from './define.ts';
import { flagsOr, hasFlag } from './flags.ts';
import type { Kernel } from './kernel.ts';
import { commitNs, peekNs } from './namespaces.ts';
import type { NsCommon } from './ns-common.ts';
import { Nsproxy } from './nsproxy.ts';
import type { NamespaceOperations } from './ops.ts';
import { PID_MAX_LIMIT, allocPid } from './pid.ts';
import type { PidNamespace } from './pid.ts';
import { CORE_ROADS } from './roads.ts';
import type { Road } from './roads.ts';
import { FdTable, FsStruct, SigHand, Task } from './task.ts';
import type { UserNamespace } from './user-namespace.ts';

/**
 * Every flag clone3 knows in Linux 6.18 (include/uapi/linux/sched.h): the 32
 * legacy bits (CLONE_LEGACY_FLAGS) plus CLONE_CLEAR_SIGHAND (bit 32) and
 * CLONE_INTO_CGROUP (bit 33). A third-party namespace type's flag must avoid
 * them. (Newer kernels take bits 34-37: CLONE_AUTOREAP, CLONE_NNP,
 * CLONE_PIDFD_AUTOKILL, CLONE_EMPTY_MNTNS.)
 */
const KERNEL_CLONE3_FLAGS = flagsOr(0xffffffff, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP);

/** Whether `flag` is the CLONE_NEW* value of a kernel namespace type (one bit of CLONE_NEW_ALL): a package modelling that type registers with it. */
function isKernelNsFlag(flag: number): boolean {
  return flag > 0 && (flag & (flag - 1)) === 0 && (flag & CLONE_NEW_ALL) === flag;
}

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
  /**
   * Roads not taken to open (roads.ts): proposals Linux replaced, each an opt-in
   * named by core (CORE_ROADS) or by a registered type (`NamespaceOperations.roads`).
   * Default none: Linux 6.18.
   */
  readonly roads?: readonly string[];
}

/** INT_MAX: the largest max_*_namespaces (proc_doulongvec_minmax's extra2 in kernel/ucount.c). */
const INT_MAX = 2147483647;

/**
 * The checks of `new Kernel(options)`, before anything is built: wrong types
 * are ERR_INVALID_ARG_TYPE, values out of range ERR_INVALID_ARG_VALUE (both
 * InvalidArgumentError). A type's flag that overlaps another's stays a plain
 * Error from configureTypes.
 */
export function checkKernelOptions(options: unknown): asserts options is KernelOptions {
  const sys = 'new Kernel';
  checkOptions(options, sys);
  if (options === undefined) badArgument(sys, 'options', 'an object', options);
  const o = options as { [K in keyof KernelOptions]?: unknown };
  if (o.namespaces !== undefined) {
    if (!Array.isArray(o.namespaces)) badArgument(sys, 'options.namespaces', 'an array of namespace types', o.namespaces);
    o.namespaces.forEach((t: unknown, i) => {
      const param = `options.namespaces[${i}]`;
      if (typeof t !== 'object' || t === null) badArgument(sys, param, 'a namespace type (NamespaceOperations)', t);
      const d = t as { [K in keyof NamespaceOperations]?: unknown };
      if (typeof d.name !== 'string' || !/^[^\s/]+$/.test(d.name)) badArgument(sys, `${param}.name`, 'a file name (no space or slash)', d.name);
      if (typeof d.type !== 'number' || !Number.isSafeInteger(d.type) || d.type <= 0) badArgument(sys, `${param}.type`, 'a CLONE_NEW* flag (a positive integer)', d.type);
      if (typeof d.order !== 'number' || !Number.isFinite(d.order)) badArgument(sys, `${param}.order`, 'a finite number', d.order);
      if (typeof d.createInitial !== 'function') badArgument(sys, `${param}.createInitial`, 'a function', d.createInitial);
      if (typeof d.copy !== 'function') badArgument(sys, `${param}.copy`, 'a function', d.copy);
    });
  }
  if (o.initCaps !== undefined) {
    if (typeof o.initCaps !== 'bigint') badArgument(sys, 'options.initCaps', 'a bigint', o.initCaps);
    if (o.initCaps < 0n || (o.initCaps & ~CAP_FULL_SET) !== 0n) badValue(sys, 'options.initCaps', 'a subset of CAP_FULL_SET', o.initCaps);
  }
  if (o.pidMax !== undefined) {
    checkInt(o.pidMax, sys, 'options.pidMax');
    if (o.pidMax < 2 || o.pidMax > PID_MAX_LIMIT) badValue(sys, 'options.pidMax', `from 2 (room for pid 1) to ${PID_MAX_LIMIT}`, o.pidMax);
  }
  if (o.maxNamespaces !== undefined) {
    checkInt(o.maxNamespaces, sys, 'options.maxNamespaces');
    if (o.maxNamespaces < 0 || o.maxNamespaces > INT_MAX) badValue(sys, 'options.maxNamespaces', `from 0 to ${INT_MAX}`, o.maxNamespaces);
  }
  if (o.initComm !== undefined) checkString(o.initComm, sys, 'options.initComm');
  if (o.roads !== undefined) {
    if (!Array.isArray(o.roads)) badArgument(sys, 'options.roads', 'an array of road names', o.roads);
    o.roads.forEach((r: unknown, i) => {
      if (typeof r !== 'string') badArgument(sys, `options.roads[${i}]`, 'a road name (a string)', r);
      const known = knownRoads(o.namespaces as readonly NamespaceOperations[] | undefined);
      if (!known.some((k) => k.name === r)) {
        badValue(sys, `options.roads[${i}]`, `a road of this kernel (${known.map((k) => k.name).join(', ') || 'none'})`, r);
      }
    });
  }
}

/** The roads a kernel of these types knows: core's, then each type's, in registration order. */
export function knownRoads(types: readonly NamespaceOperations[] | undefined): readonly Road[] {
  return [...CORE_ROADS, ...(types ?? []).flatMap((t) => t.roads ?? [])];
}

/** The kernel's configuration: its types, in create_new_namespaces / setns order. */
export interface TypeConfig {
  readonly types: readonly NamespaceOperations[];
  readonly userType: NamespaceOperations<UserNamespace>;
  readonly pidType: NamespaceOperations<PidNamespace>;
  readonly hasUserNs: boolean;
  readonly hasPidNs: boolean;
}

/**
 * The configured types (like the CONFIG_*_NS choices): the given ones, plus
 * the built-in user and pid types when none was given. A name registered
 * twice or a flag that overlaps Linux's or another type's is a plain Error
 * (a configuration mistake, not an errno).
 */
export function configureTypes(given: readonly NamespaceOperations[]): TypeConfig {
  const names = new Set<string>();
  let taken = 0;
  for (const t of given) {
    if (names.has(t.name)) throw new Error(`namespace type '${t.name}' is registered twice`);
    const hex = `0x${t.type.toString(16)}`;
    // A kernel type (one of the CLONE_NEW* values) may be modelled by any package; any other flag
    // must be a bit no clone/clone3 flag uses, nor another registered type.
    if (!isKernelNsFlag(t.type) && hasFlag(t.type, KERNEL_CLONE3_FLAGS)) {
      throw new Error(`namespace type '${t.name}': flag ${hex} overlaps a clone/clone3 flag of Linux (bits 0-33)`);
    }
    if (hasFlag(taken, t.type)) throw new Error(`namespace type '${t.name}' reuses a bit of flag ${hex} of another type`);
    names.add(t.name);
    taken = flagsOr(taken, t.type);
  }
  const user = given.find((t) => t.type === CLONE_NEWUSER) as NamespaceOperations<UserNamespace> | undefined;
  const pid = given.find((t) => t.type === CLONE_NEWPID) as NamespaceOperations<PidNamespace> | undefined;
  const all = [...given];
  if (!user) all.push(builtinUserType);
  if (!pid) all.push(builtinPidType);
  return {
    types: all.sort((a, b) => a.order - b.order),
    userType: user ?? builtinUserType,
    pidType: pid ?? builtinPidType,
    hasUserNs: user !== undefined,
    hasPidNs: pid !== undefined,
  };
}

/**
 * start_kernel: the initial user namespace, then every other type's initial
 * namespace (each its nsproxy slot), the /proc/PID/ns entries of the
 * registered types, and the first task (pid 1, init_cred, init_nsproxy).
 */
export function bootKernel(k: Kernel, options: KernelOptions): void {
  const initUserNs = k.userType.createInitial(k, null as unknown as UserNamespace);
  k.initUserNs = initUserNs;
  commitNs(k, initUserNs, true);
  const slots: NsCommon[] = [];
  for (const t of k.types) {
    if (t === k.userType) continue;
    k.slotIndex.set(t, k.nsproxyTypes.length);
    k.nsproxyTypes.push(t);
    const ns = t.createInitial(k, initUserNs);
    commitNs(k, ns, true);
    slots.push(ns);
  }
  const initPidNs = slots[k.slotOf(k.pidType)] as PidNamespace;
  k.initPidNs = initPidNs;
  // /proc/PID/ns entries of the registered types only (a type not configured has no entry).
  for (const t of k.types) {
    if (!k.isRegistered(t)) continue;
    k.entryMap.set(t.name, { name: t.name, ops: t, peek: (task) => peekNs(k, task, t) });
    for (const e of t.entries ?? []) k.entryMap.set(e.name, { ...e, ops: t });
  }

  const nsproxy = new Nsproxy(slots);
  for (const ns of slots) ns.count++;
  const pidObj = allocPid(initPidNs, 'boot');
  initPidNs.count++;
  const cred = Cred.root(initUserNs, options.initCaps ?? CAP_FULL_SET);
  initUserNs.count++;
  const task = new Task({
    kernel: k, serial: k.nextSerial++, pid: pidObj, leader: null, parent: null, comm: options.initComm ?? 'init',
    cred, nsproxy, files: new FdTable(), fs: new FsStruct(), sighand: new SigHand(), mmUserNs: initUserNs,
  });
  pidObj.task = task;
  // The first task's root and working directory: the root of the initial mount namespace.
  for (const ns of slots) ns.ops.switchFs?.(ns, task.fs as FsStruct);
  initPidNs.childReaper = task;
  k.taskSet.add(task);
  k.initTask = task;
}
