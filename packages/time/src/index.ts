/**
 * @nsproxy/time: time namespaces (per-namespace offsets of CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME). Mirrors kernel/time/namespace.c (copy_time_ns,
 * timens_install, timens_on_fork, timens_commit, proc_timens_show_offsets,
 * proc_timens_set_offset), fs/proc/base.c (timens_offsets_write) and the
 * clock_gettime(2) of kernel/time/posix-timers.c with the vDSO's time
 * namespace page.
 *
 * Where a task keeps its time namespaces: the nsproxy slot of this type holds
 * time_for_children (what unshare and setns change, and what a child
 * without CLONE_VM enters at fork); the task's active namespace
 * (nsproxy->time_ns in Linux) is kept by this package, one reference per
 * task, taken in `forked` or at a setns commit and dropped in `exited`.
 *
 * The clocks are the model's, never the machine's: deterministic counters
 * per kernel that start at `CLOCK_START` and move only when a caller advances
 * them (`advanceClocks`).
 */
import {
  CAP_SYS_ADMIN, CAP_SYS_TIME, CLONE_NEWTIME, CLONE_VM, Kernel, badArgument, badValue, checkAlive, checkData, checkTask, defineNamespaceType, fail, hasFlag,
  inodePermission, makeKgid, makeKuid, nsCapable, NsCommon, utf8Encode,
} from '@nsproxy/core';
import type { InodeAttrs, NamespaceOperations, NsEntry, SaveRefs, Task, UcountCharge, UserNamespace } from '@nsproxy/core';

export { timeRules } from './rules.ts';

/** NSEC_PER_SEC. */
export const NSEC_PER_SEC = 1_000_000_000n;
/** KTIME_SEC_MAX (include/linux/time64.h): KTIME_MAX / NSEC_PER_SEC, 9223372036. */
export const KTIME_SEC_MAX = 9_223_372_036n;
/** PROC_TIME_INIT_INO: the inode number of the initial time namespace, 4026531834. */
export const TIME_INIT_INO = 0xeffffffa;
/** PAGE_SIZE: a write to timens_offsets must be shorter. */
export const PAGE_SIZE = 4096;

/** The clock ids of clock_gettime(2) the model serves (include/uapi/linux/time.h). */
export const CLOCK: Readonly<{
  REALTIME: 0; MONOTONIC: 1; MONOTONIC_RAW: 4; REALTIME_COARSE: 5; MONOTONIC_COARSE: 6; BOOTTIME: 7; REALTIME_ALARM: 8; BOOTTIME_ALARM: 9; TAI: 11;
}> = Object.freeze({
  REALTIME: 0,
  MONOTONIC: 1,
  MONOTONIC_RAW: 4,
  REALTIME_COARSE: 5,
  MONOTONIC_COARSE: 6,
  BOOTTIME: 7,
  REALTIME_ALARM: 8,
  BOOTTIME_ALARM: 9,
  TAI: 11,
} as const);

/** A timespec64: whole seconds and nanoseconds. The nanoseconds of a stored offset are kept as written (see `setOffsets`). */
export interface Timespec {
  readonly sec: bigint;
  readonly nsec: bigint;
}

const ZERO: Timespec = Object.freeze({ sec: 0n, nsec: 0n });

/** A time namespace (struct time_namespace): its two offsets and whether they are frozen. */
export class TimeNamespace extends NsCommon {
  /** offsets.monotonic: added to CLOCK_MONOTONIC, MONOTONIC_RAW and MONOTONIC_COARSE. */
  monotonic: Timespec;
  /** offsets.boottime: added to CLOCK_BOOTTIME and BOOTTIME_ALARM. */
  boottime: Timespec;
  /** frozen_offsets: set once a task entered the namespace; writes are EACCES from then on. */
  frozen: boolean;

  constructor(ops: NamespaceOperations, owner: UserNamespace, ucount: UcountCharge | null, monotonic: Timespec, boottime: Timespec, frozen: boolean) {
    super(ops, owner, ucount);
    this.monotonic = monotonic;
    this.boottime = boottime;
    this.frozen = frozen;
  }
}

/**
 * Each kernel's time state: the tasks whose active namespace (nsproxy->time_ns) is not their
 * time_for_children (their nsproxy slot). The two differ after
 * unshare(CLONE_NEWTIME), whose caller stays where it was (until an exec,
 * which the model does not have), and in a CLONE_VM child of such a task;
 * every other task is active in its slot's namespace, so only those few are
 * kept (an entry for every task was 40 bytes a task and two fifths of an
 * lsns of a million tasks). Every task but the boot task holds a reference
 * on its active namespace; the boot task holds one once it entered one.
 */
interface TimeState {
  /** The tasks whose active namespace is not their slot's, and how many (a WeakMap has no size). */
  readonly apart: WeakMap<Task, TimeNamespace>;
  nApart: number;
  /** Whether the boot task holds a reference on its active namespace (it did a setns into one). */
  bootHolds: boolean;
  /** This type's nsproxy slot in the kernel; -1 until first needed. */
  slot: number;
}

const states = new WeakMap<Kernel, TimeState>();
// The state of the kernel asked last (most calls are about one kernel), without keeping that kernel alive.
let lastKernel: WeakRef<Kernel> | null = null;
let lastState: TimeState | null = null;

/** The kernel's time state; undefined when the time type is not registered there. */
function stateIf(kernel: Kernel): TimeState | undefined {
  if (lastState && kernel === lastKernel?.deref()) return lastState;
  const s = states.get(kernel);
  if (s) {
    lastKernel = new WeakRef(kernel);
    lastState = s;
  }
  return s;
}

/** The time state of a kernel that has the type (its hooks run only there). */
function stateOf(kernel: Kernel): TimeState {
  const s = stateIf(kernel);
  if (!s) throw new Error('the time namespace type is not registered in this kernel');
  return s;
}

function newState(kernel: Kernel): void {
  states.set(kernel, { apart: new WeakMap(), nApart: 0, bootHolds: false, slot: -1 });
  lastState = null;
}

/** The namespace in the time_for_children slot of `slots` (an nsproxy's). */
function slotNs(kernel: Kernel, s: TimeState, slots: readonly NsCommon[]): TimeNamespace {
  if (s.slot < 0) s.slot = kernel.slotOf(timeNamespaceType);
  return slots[s.slot] as TimeNamespace;
}

/** Records that `task`'s active namespace is `ns`, where its slot holds `inSlot`. */
function setActive(s: TimeState, task: Task, ns: TimeNamespace, inSlot: TimeNamespace | undefined): void {
  if (ns === inSlot) {
    // (Every fork comes here: no lookup while no task is kept apart.)
    if (s.nApart > 0 && s.apart.delete(task)) s.nApart--;
    return;
  }
  if (!s.apart.has(task)) s.nApart++;
  s.apart.set(task, ns);
}

/** Whether `task` holds a reference on its active namespace. */
function holdsActive(s: TimeState, task: Task): boolean {
  return task !== task.kernel.initTask || s.bootHolds;
}

/**
 * The serials of the tasks whose active namespace each time namespace is, for
 * `save`: one walk over the kernel's tasks per snapshot.
 */
const activeTasks = new WeakMap<SaveRefs, Map<TimeNamespace, number[]>>();

function tasksActiveIn(ns: TimeNamespace, refs: SaveRefs): readonly number[] {
  let byNs = activeTasks.get(refs);
  if (!byNs) {
    byNs = new Map();
    const kernel = ns.boundKernel as Kernel | null;
    for (const t of kernel?.tasks() ?? []) {
      const a = activeTimeNs(t);
      const serial = a ? refs.task(t) : null;
      if (!a || serial === null) continue;
      let serials = byNs.get(a);
      if (!serials) byNs.set(a, (serials = []));
      serials.push(serial);
    }
    activeTasks.set(refs, byNs);
  }
  return byNs.get(ns) ?? [];
}

/** The task's time_for_children: this type's nsproxy slot. */
function forChildren(task: Task): TimeNamespace | undefined {
  const s = task.state === 'dead' || !task.nsproxy ? undefined : stateIf(task.kernel);
  if (!s || !task.nsproxy) return undefined;
  const ns = slotNs(task.kernel, s, task.nsproxy.slots);
  return ns instanceof TimeNamespace ? ns : undefined;
}

/** The task's active time namespace (timens_get); undefined once it dropped its nsproxy (exit). */
export function activeTimeNs(task: Task): TimeNamespace | undefined {
  const nsproxy = task.nsproxy;
  const s = task.state === 'dead' || !nsproxy ? undefined : stateIf(task.kernel);
  if (!s || !nsproxy) return undefined;
  if (s.nApart > 0) {
    const apart = s.apart.get(task);
    if (apart) return apart;
  }
  return slotNs(task.kernel, s, nsproxy.slots);
}

/** The task's time_for_children namespace (timens_for_children_get); undefined once it dropped its nsproxy. */
export function timeNsForChildren(task: Task): TimeNamespace | undefined {
  return forChildren(task);
}

/**
 * The task enters `ns` as its active namespace: a reference on the new one,
 * the old one's dropped, and the offsets frozen (timens_commit ->
 * timens_set_vvar_page; the initial namespace is always frozen).
 */
function enter(task: Task, ns: TimeNamespace, old: TimeNamespace | undefined): void {
  const s = stateOf(task.kernel);
  const held = holdsActive(s, task);
  ns.count++;
  setActive(s, task, ns, forChildren(task));
  if (task === task.kernel.initTask) s.bootHolds = true;
  ns.frozen = true;
  if (held && old) task.kernel.putNs(old);
}

/** /proc/PID/ns/time_for_children (timens_for_children_get): the nsproxy slot. */
const timeForChildren: NsEntry = {
  name: 'time_for_children',
  peek: forChildren,
};

/** What `save` keeps of a time namespace. */
export interface SavedTimeNamespace {
  readonly monotonic: readonly [string, string];
  readonly boottime: readonly [string, string];
  readonly frozen: boolean;
  /** Whether it is the kernel's initial time namespace (init_time_ns). */
  readonly initial: boolean;
  /** The serials of the tasks whose active namespace this is (the boot task's too, whether or not it holds a reference on it). */
  readonly tasks: readonly number[];
}

function saveTs(t: Timespec): [string, string] {
  return [t.sec.toString(), t.nsec.toString()];
}

function reviveTs(t: readonly [string, string]): Timespec {
  return { sec: BigInt(t[0]), nsec: BigInt(t[1]) };
}

/** The time namespace type (timens_operations and timens_for_children_operations). */
export const timeNamespaceType: NamespaceOperations<TimeNamespace> = defineNamespaceType<TimeNamespace>({
  name: 'time',
  type: CLONE_NEWTIME,
  order: 70,
  meta: { name: '@nsproxy/time' },
  entries: [timeForChildren],
  procFiles: [
    {
      name: 'timens_offsets',
      read: (kernel, reader, task) => readTimensOffsets(kernel, reader, task),
      write: (kernel, writer, task, text) => writeTimensOffsets(kernel, writer, task, text),
    },
  ],

  /** init_time_ns: zero offsets, frozen from the start. */
  createInitial(kernel, initUserNs) {
    const ns = new TimeNamespace(timeNamespaceType, initUserNs, null, ZERO, ZERO, true);
    newState(kernel);
    return ns;
  },

  /**
   * copy_time_ns -> clone_time_ns: charge max_time_namespaces (ENOSPC), then
   * a namespace with the offsets of the creator's time_for_children (the
   * slot, `ctx.old`), not frozen. It becomes the new time_for_children; the
   * caller's active namespace does not change.
   */
  copy(ctx) {
    const charge = ctx.chargeUcount();
    if (ctx.syscall !== 'clone') {
      // unshare: the caller's slot is about to change and its active namespace is not; it is kept apart
      // now, unless it already is (should the call fail later, the record names the slot's own
      // namespace: the same answer).
      const s = stateOf(ctx.kernel);
      const caller = ctx.caller;
      if ((s.nApart === 0 || !s.apart.has(caller)) && caller.nsproxy) setActive(s, caller, slotNs(ctx.kernel, s, caller.nsproxy.slots), undefined);
    }
    return new TimeNamespace(timeNamespaceType, ctx.userNs, charge, ctx.old.monotonic, ctx.old.boottime, false);
  },

  /** timens_get: the active namespace (the slot holds time_for_children). */
  peek(task) {
    return activeTimeNs(task);
  },

  /** Every task's active namespace is its slot's while none is kept apart (as Linux's nsproxy holds time_ns). */
  peekIsSlot(kernel) {
    return stateIf(kernel)?.nApart === 0;
  },

  /**
   * timens_install: a caller with other threads is EUSERS; CAP_SYS_ADMIN over
   * the target's owner and over the caller's (staged) user namespace, else
   * EPERM. Both time_for_children (staged in the nsproxy) and, at commit, the
   * active namespace become the target, whose offsets freeze then.
   */
  install(nsset, ns) {
    const task = nsset.caller;
    // current_is_single_threaded: no other thread, and no other process sharing the memory. The model has no mm:
    // a process sharing the caller's signal handlers shares its memory too (CLONE_SIGHAND needs CLONE_VM).
    if (task.threadCount > 1 || task.sighand.users > 1) fail('EUSERS', 'setns', 'the caller is not single-threaded', 'I8.1');
    const owner = ns.ownerNs;
    if (!owner || !nsCapable(nsset.currentCred, owner, CAP_SYS_ADMIN) || !nsCapable(nsset.currentCred, nsset.cred.userNs, CAP_SYS_ADMIN)) {
      fail('EPERM', 'setns', 'CAP_SYS_ADMIN is needed over the time namespace\'s owner and over the caller\'s user namespace', 'I8.2');
    }
    nsset.set(timeNamespaceType, ns);
    const old = activeTimeNs(task);
    nsset.onCommit(() => enter(task, ns, old));
  },

  /**
   * copy_namespaces' end, timens_on_fork: a child without CLONE_VM is in its
   * time_for_children (its nsproxy slot), whose offsets freeze when that is
   * not the parent's active namespace; a child with CLONE_VM (a thread, a
   * vfork child) stays in the parent's active namespace (until an exec,
   * which the model does not have).
   */
  forked(child, ctx) {
    const parentNs = activeTimeNs(ctx.parent) as TimeNamespace;
    const inSlot = forChildren(child) as TimeNamespace;
    const ns = hasFlag(ctx.flags, CLONE_VM) ? parentNs : inSlot;
    ns.count++;
    setActive(stateOf(ctx.kernel), child, ns, inSlot);
    if (ns !== parentNs) ns.frozen = true;
  },

  /** exit_task_namespaces: the task's reference on its active namespace goes with its nsproxy (`nsproxy`, the one it dropped). */
  exited(task, nsproxy) {
    const s = stateOf(task.kernel);
    const ns = (s.nApart > 0 ? s.apart.get(task) : undefined) ?? (nsproxy ? slotNs(task.kernel, s, nsproxy.slots) : undefined);
    if (!ns) return;
    setActive(s, task, ns, ns); // (no longer kept apart)
    if (!holdsActive(s, task)) return;
    if (task === task.kernel.initTask) s.bootHolds = false;
    task.kernel.putNs(ns);
  },

  heldNs(task) {
    const s = stateOf(task.kernel);
    return holdsActive(s, task) ? activeTimeNs(task) : undefined;
  },

  /** The kernel's clocks (nanoseconds, as decimal strings): a restored kernel's clocks go on from where they were. */
  // (And whether the boot task holds a reference on its active namespace: it does once it entered one.)
  saveState(kernel): { monotonic: string; boottime: string; realtime: string; bootHolds?: true } {
    const c = clocksOf(kernel);
    const state = { monotonic: c.monotonic.toString(), boottime: c.boottime.toString(), realtime: c.realtime.toString() };
    return stateOf(kernel).bootHolds ? { ...state, bootHolds: true } : state;
  },

  reviveState(kernel, data, refs) {
    const d = data as { monotonic: string; boottime: string; realtime: string; bootHolds?: true };
    clocks.set(kernel, { monotonic: BigInt(d.monotonic), boottime: BigInt(d.boottime), realtime: BigInt(d.realtime) });
    // (Once the namespaces are revived: the initial one makes the kernel's time state.)
    if (d.bootHolds) refs.defer(() => void (stateOf(kernel).bootHolds = true));
  },

  /** The offsets, whether they are frozen, whether it is the initial namespace, and the tasks active in it. */
  save(ns, refs): SavedTimeNamespace {
    const tasks = [...tasksActiveIn(ns, refs)].sort((a, b) => a - b);
    return { monotonic: saveTs(ns.monotonic), boottime: saveTs(ns.boottime), frozen: ns.frozen, initial: ns.inum === TIME_INIT_INO, tasks };
  },

  revive(kernel, owner, data, _parent, refs) {
    const d = data as SavedTimeNamespace;
    const ns = new TimeNamespace(timeNamespaceType, owner, null, reviveTs(d.monotonic), reviveTs(d.boottime), d.frozen);
    if (d.initial) newState(kernel);
    refs.defer(() => {
      const s = stateOf(kernel);
      for (const serial of d.tasks) {
        const t = refs.task(serial);
        if (t) setActive(s, t, ns, forChildren(t));
      }
    });
    return ns;
  },
});

// ---------------------------------------------------------------------------
// The clocks.

/** The clocks of a model kernel, in nanoseconds (the timekeeper's). */
interface Clocks {
  monotonic: bigint;
  boottime: bigint;
  realtime: bigint;
}

/**
 * Where a model kernel's clocks start: CLOCK_MONOTONIC and CLOCK_BOOTTIME at
 * one day of uptime (86400 s, no suspend yet), CLOCK_REALTIME at
 * 2026-01-01T00:00:00Z; CLOCK_TAI is 37 s ahead of CLOCK_REALTIME.
 */
export const CLOCK_START: Readonly<{ monotonic: bigint; boottime: bigint; realtime: bigint }> = Object.freeze({
  monotonic: 86_400n * NSEC_PER_SEC,
  boottime: 86_400n * NSEC_PER_SEC,
  realtime: 1_767_225_600n * NSEC_PER_SEC,
});

/** TAI - UTC since 2017. */
const TAI_OFFSET = 37n * NSEC_PER_SEC;

const clocks = new WeakMap<Kernel, Clocks>();

function clocksOf(kernel: Kernel): Clocks {
  let c = clocks.get(kernel);
  if (!c) {
    c = { ...CLOCK_START };
    clocks.set(kernel, c);
  }
  return c;
}

/**
 * Moves a model kernel's clocks forward by `ns` nanoseconds (a non-negative
 * bigint or safe integer). With `suspended`, the machine slept through them:
 * CLOCK_MONOTONIC stands still while BOOTTIME and REALTIME move.
 */
export function advanceClocks(kernel: Kernel, ns: bigint | number, options: { readonly suspended?: boolean } = {}): void {
  const sys = 'advanceClocks';
  if (!(kernel instanceof Kernel)) badArgument(sys, 'kernel', 'a Kernel', kernel);
  if (typeof ns === 'number') {
    if (!Number.isSafeInteger(ns)) badArgument(sys, 'ns', 'a safe integer or a bigint', ns);
    ns = BigInt(ns);
  } else if (typeof ns !== 'bigint') badArgument(sys, 'ns', 'a safe integer or a bigint', ns);
  if (ns < 0n) badValue(sys, 'ns', 'a number of nanoseconds >= 0 (clocks do not go back)', ns);
  const c = clocksOf(kernel);
  if (!options.suspended) c.monotonic += ns;
  c.boottime += ns;
  c.realtime += ns;
}

/** The kernel's own value of a clock (ktime_get_ts64 and friends), without any namespace's offset. */
export function kernelClock(kernel: Kernel, clockid: number): Timespec {
  const c = clocksOf(kernel);
  let v: bigint;
  switch (clockid) {
    case CLOCK.MONOTONIC:
    case CLOCK.MONOTONIC_RAW:
    case CLOCK.MONOTONIC_COARSE:
      v = c.monotonic;
      break;
    case CLOCK.BOOTTIME:
    case CLOCK.BOOTTIME_ALARM:
      v = c.boottime;
      break;
    case CLOCK.REALTIME:
    case CLOCK.REALTIME_COARSE:
    case CLOCK.REALTIME_ALARM:
      v = c.realtime;
      break;
    case CLOCK.TAI:
      v = c.realtime + TAI_OFFSET;
      break;
    default:
      return fail('EINVAL', 'clock_gettime', `clock ${clockid} is not one the model keeps`, 'X1.15');
  }
  return { sec: v / NSEC_PER_SEC, nsec: v % NSEC_PER_SEC };
}

/** timespec64_add: the sum, normalized (set_normalized_timespec64: 0 <= nsec < 1e9). */
export function timespecAdd(a: Timespec, b: Timespec): Timespec {
  const total = (a.sec + b.sec) * NSEC_PER_SEC + a.nsec + b.nsec;
  const sec = total >= 0n ? total / NSEC_PER_SEC : -((-total + NSEC_PER_SEC - 1n) / NSEC_PER_SEC);
  return { sec, nsec: total - sec * NSEC_PER_SEC };
}

/**
 * clock_gettime(2) as `task` sees it: the kernel's clock plus the offset of
 * the task's active time namespace for that clock (timens_add_monotonic,
 * timens_add_boottime): MONOTONIC, MONOTONIC_RAW and MONOTONIC_COARSE take
 * the monotonic offset, BOOTTIME and BOOTTIME_ALARM the boottime offset,
 * REALTIME and TAI none. An unknown clock is EINVAL.
 */
export function clockGettime(kernel: Kernel, task: Task, clockid: number): Timespec {
  const sys = 'clock_gettime';
  checkAlive(kernel, task, sys);
  if (!Number.isInteger(clockid)) badArgument(sys, 'clockid', 'an integer clock id', clockid);
  const now = kernelClock(kernel, clockid);
  const ns = activeTimeNs(task);
  if (!ns) return now;
  switch (clockid) {
    case CLOCK.MONOTONIC:
    case CLOCK.MONOTONIC_RAW:
    case CLOCK.MONOTONIC_COARSE:
      return timespecAdd(now, ns.monotonic);
    case CLOCK.BOOTTIME:
    case CLOCK.BOOTTIME_ALARM:
      return timespecAdd(now, ns.boottime);
    default:
      return now;
  }
}

// ---------------------------------------------------------------------------
// /proc/PID/timens_offsets.

/** Mode of /proc/PID/timens_offsets: S_IRUGO|S_IWUSR. */
export const TIMENS_OFFSETS_MODE = 0o644;

/**
 * The owner of a task's /proc/PID files (task_dump_owner): the task's euid and
 * egid; for a non-dumpable task, root of its mm's user namespace (global root
 * when that has no mapping).
 */
function procInode(task: Task): InodeAttrs {
  if (task.dumpable) return { uid: task.cred.euid, gid: task.cred.egid, mode: TIMENS_OFFSETS_MODE };
  const uid = makeKuid(task.mmUserNs, 0);
  const gid = makeKgid(task.mmUserNs, 0);
  return { uid: uid < 0 ? 0 : uid, gid: gid < 0 ? 0 : gid, mode: TIMENS_OFFSETS_MODE };
}

/** open(2) of the task's timens_offsets: ENOENT for a task that is gone, EACCES from the permission bits. */
function openOffsets(opener: Task, task: Task, write: boolean): void {
  const sys = 'open';
  if (task.state === 'dead') fail('ENOENT', sys, 'the task is gone', 'X1.16');
  if (!inodePermission(opener.cred, procInode(task), write ? 2 : 4)) fail('EACCES', sys, `timens_offsets is not ${write ? 'writable' : 'readable'} by the opener`, 'X1.14');
}

/** show_offset: `%-10s %10lld %9ld\n`. */
function showOffset(clock: string, t: Timespec): string {
  return `${clock.padEnd(10)} ${t.sec.toString().padStart(10)} ${t.nsec.toString().padStart(9)}\n`;
}

/**
 * open(2) and read(2) of /proc/<task>/timens_offsets by `reader`
 * (proc_timens_show_offsets): the offsets of the task's time_for_children,
 * `monotonic` then `boottime`; nothing for a task that dropped its nsproxy.
 */
export function readTimensOffsets(kernel: Kernel, reader: Task, task: Task): string {
  checkAlive(kernel, reader, 'read', 'reader');
  checkTask(kernel, task, 'read', 'task');
  openOffsets(reader, task, false);
  const ns = forChildren(task);
  if (!ns) return '';
  return showOffset('monotonic', ns.monotonic) + showOffset('boottime', ns.boottime);
}

/** One record of a write: a clock id and its offset (struct proc_timens_offset). */
export interface OffsetRecord {
  readonly clockid: number;
  readonly offset: Timespec;
}

/** The kernel's isspace (lib/ctype.c): blanks, \t \n \v \f \r, and 0xa0 (Latin-1's no-break space). */
function isSpace(b: number | undefined): boolean {
  return b === 0x20 || (b !== undefined && b >= 0x09 && b <= 0x0d) || b === 0xa0;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

const U64 = 1n << 64n;

/**
 * One line through the kernel's `sscanf(line, "%9s %lld %lu", ...)`
 * (lib/vsprintf.c vsscanf): the clock word (at most 9 bytes), a signed and an
 * unsigned decimal number, each after optional white space; anything after
 * the third is ignored. Numbers wrap modulo 2^64 as simple_strntoull's do,
 * and the `%lu` lands in a signed `long`. Returns the fields read, or
 * undefined when fewer than three were.
 */
function scanLine(line: Uint8Array): { clock: string; sec: bigint; nsec: bigint } | undefined {
  let i = 0;
  const skip = (): void => {
    while (isSpace(line[i])) i++;
  };
  // %9s: stops at the end of the string before converting anything.
  if (line[i] === undefined) return undefined;
  skip();
  let clock = '';
  for (let n = 0; n < 9 && line[i] !== undefined && !isSpace(line[i]); n++) clock += String.fromCharCode(line[i++] as number);
  const number = (signed: boolean): bigint | undefined => {
    // The format's blank skips blanks; then a conversion needs something left, skips blanks, and a digit.
    skip();
    if (line[i] === undefined) return undefined;
    let negative = false;
    if (signed && line[i] === 0x2d) {
      if (!isDigit(line[i + 1])) return undefined;
      negative = true;
      i++;
    }
    if (!isDigit(line[i])) return undefined;
    let v = 0n;
    while (isDigit(line[i])) v = (v * 10n + BigInt((line[i++] as number) - 0x30)) % U64;
    if (negative) v = (U64 - v) % U64;
    return v;
  };
  const sec = number(true);
  if (sec === undefined) return undefined;
  const nsec = number(false);
  if (nsec === undefined) return undefined;
  // tv_sec is a long long; tv_nsec a long that received an unsigned long.
  return { clock, sec: BigInt.asIntN(64, sec), nsec: BigInt.asIntN(64, nsec) };
}

/**
 * timens_offsets_write's parse (fs/proc/base.c): the text up to its first NUL,
 * split at newlines, each line `<clock> <secs> <nsecs>` (see `scanLine`), the
 * clock `monotonic` or `1`, `boottime` or `7`, nsecs below 1e9 as a signed
 * long; at most two records: the write stops after the second (the rest is
 * not parsed). Any bad line is EINVAL.
 */
export function parseTimensOffsets(bytes: Uint8Array): OffsetRecord[] {
  const nul = bytes.indexOf(0);
  const text = nul < 0 ? bytes : bytes.subarray(0, nul);
  const records: OffsetRecord[] = [];
  let pos: number | null = 0;
  while (pos !== null) {
    let end = text.indexOf(0x0a, pos);
    let next: number | null;
    if (end < 0) {
      end = text.length;
      next = null;
    } else {
      next = end + 1 < text.length ? end + 1 : null;
    }
    const f = scanLine(text.subarray(pos, end));
    if (!f || f.nsec >= NSEC_PER_SEC) fail('EINVAL', 'write', 'a record is not <clock> <secs> <nsecs> with nsecs below 1000000000', 'X1.5');
    let clockid: number;
    if (f.clock === 'monotonic' || f.clock === '1') clockid = CLOCK.MONOTONIC;
    else if (f.clock === 'boottime' || f.clock === '7') clockid = CLOCK.BOOTTIME;
    else return fail('EINVAL', 'write', `unknown clock '${f.clock}' (monotonic, boottime, 1 or 7)`, 'X1.5');
    records.push({ clockid, offset: { sec: f.sec, nsec: f.nsec } });
    if (records.length === 2) break;
    pos = next;
  }
  return records;
}

/**
 * proc_timens_set_offset (kernel/time/namespace.c), for `records` written by a
 * file opened with `cred`'s credentials to `task`'s timens_offsets: ESRCH
 * for a task without an nsproxy; CAP_SYS_TIME over the owner of the task's
 * time_for_children (EPERM); for each record, |secs| > KTIME_SEC_MAX or a
 * clock value (the kernel's, plus the offset) below 0 or above
 * KTIME_SEC_MAX / 2 is ERANGE; then a frozen namespace is EACCES; then the
 * offsets are set as written.
 */
function setOffsets(kernel: Kernel, writer: Task, task: Task, records: readonly OffsetRecord[]): void {
  const sys = 'write';
  const ns = forChildren(task);
  if (!ns) return fail('ESRCH', sys, 'the task is exiting', 'X1.13');
  if (!nsCapable(writer.cred, ns.ownerNs as UserNamespace, CAP_SYS_TIME)) fail('EPERM', sys, 'CAP_SYS_TIME is needed over the time namespace\'s owner', 'X1.6');
  for (const r of records) {
    if (r.offset.sec > KTIME_SEC_MAX || r.offset.sec < -KTIME_SEC_MAX) fail('ERANGE', sys, `seconds beyond ±${KTIME_SEC_MAX}`, 'X1.7');
    const tp = timespecAdd(kernelClock(kernel, r.clockid), r.offset);
    if (tp.sec < 0n || tp.sec > KTIME_SEC_MAX / 2n) fail('ERANGE', sys, 'the clock would be negative or beyond KTIME_SEC_MAX / 2', 'X1.7');
  }
  if (ns.frozen) fail('EACCES', sys, 'a task has entered the time namespace: its offsets are frozen', 'X1.8');
  for (const r of records) {
    if (r.clockid === CLOCK.MONOTONIC) ns.monotonic = r.offset;
    else ns.boottime = r.offset;
  }
}

/**
 * open(2) of /proc/<task>/timens_offsets for writing by `writer`, one
 * write(2) of `text` (a string is written as UTF-8), close: ENOENT, EACCES
 * at open (`openOffsets`); a write of PAGE_SIZE bytes or more is EINVAL;
 * then the parse (`parseTimensOffsets`, EINVAL) and `setOffsets` (ESRCH,
 * EPERM, ERANGE, EACCES). Changes nothing on an error.
 */
export function writeTimensOffsets(kernel: Kernel, writer: Task, task: Task, text: string | Uint8Array): void {
  checkAlive(kernel, writer, 'write', 'writer');
  checkTask(kernel, task, 'write', 'task');
  checkData(text, 'write', 'text');
  openOffsets(writer, task, true);
  const bytes = typeof text === 'string' ? utf8Encode(text) : text;
  if (bytes.length >= PAGE_SIZE) fail('EINVAL', 'write', `a write of ${PAGE_SIZE} bytes or more`, 'X1.12');
  const records = parseTimensOffsets(bytes);
  setOffsets(kernel, writer, task, records);
}
