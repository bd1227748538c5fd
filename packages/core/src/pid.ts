/**
 * PID numbers and the pid namespace object. Mirrors struct pid and struct
 * pid_namespace (include/linux/pid.h, include/linux/pid_namespace.h) and
 * alloc_pid/pid_nr_ns (kernel/pid.c), which the kernel builds even without
 * CONFIG_PID_NS. Creating nested pid namespaces is the `@nsproxy/pid` package's job.
 */
import { fail } from './errors.ts';
import type { Kernel } from './kernel.ts';
import { putNs } from './namespaces.ts';
import { NsCommon, nsIsAncestor } from './ns-common.ts';
import type { NamespaceOperations, ReviveRefs, SaveRefs } from './ops.ts';
import type { Task } from './task.ts';
import type { UcountCharge } from './ucount.ts';
import type { UserNamespace } from './user-namespace.ts';

/** MAX_PID_NS_LEVEL: the deepest pid namespace is at level 32. */
export const MAX_PID_NS_LEVEL = 32;
/** RESERVED_PIDS: after wrapping, numbers restart here. */
export const RESERVED_PIDS = 300;
/** PID_MAX_LIMIT on 64-bit: the pid_max of a new pid namespace. */
export const PID_MAX_LIMIT = 4194304;

/**
 * The idr of a pid namespace (struct idr of struct pid_namespace): numbers to
 * pids, iterated in ascending order as idr_for_each and /proc's readdir
 * (next_tgid) walk it. An array indexed by number while the numbers are dense
 * (a Map per namespace was an eighth of a task's bytes at scale), a Map once
 * they are not: the cyclic allocation moves on while most numbers are freed
 * (a fork-exit loop), and an array would then be mostly holes.
 */
export class PidIdr implements ReadonlyMap<number, Pid> {
  private slots: (Pid | undefined)[] | null = [];
  private sparse: Map<number, Pid> | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(nr: number): Pid | undefined {
    if (this.slots) return nr >= 0 ? this.slots[nr] : undefined;
    return this.sparse?.get(nr);
  }

  has(nr: number): boolean {
    return this.get(nr) !== undefined;
  }

  /** idr_replace / idr_alloc at `nr`. */
  set(nr: number, pid: Pid): void {
    if (!Number.isInteger(nr) || nr < 0) throw new RangeError(`idr: ${nr} is not a pid number`);
    const slots = this.slots;
    if (slots && nr > slots.length + 64 && nr > 2 * this.count) this.toSparse();
    if (this.sparse) {
      this.sparse.set(nr, pid);
      this.count = this.sparse.size;
      return;
    }
    const array = slots as (Pid | undefined)[];
    if (array[nr] === undefined) this.count++;
    // (Filling the slots up to a number just past the end keeps the array packed.)
    while (array.length < nr) array.push(undefined);
    array[nr] = pid;
  }

  /** idr_remove. */
  delete(nr: number): boolean {
    if (!this.has(nr)) return false;
    this.count--;
    if (this.sparse) return this.sparse.delete(nr);
    const slots = this.slots as (Pid | undefined)[];
    if (nr === slots.length - 1) slots.pop();
    else slots[nr] = undefined;
    if (slots.length > 64 && this.count * 4 < slots.length) this.toSparse();
    return true;
  }

  private toSparse(): void {
    const map = new Map<number, Pid>();
    for (const [nr, pid] of this.entries()) map.set(nr, pid);
    this.sparse = map;
    this.slots = null;
  }

  /** idr_for_each: `fn` for each number in ascending order, with its pid. */
  forEachInOrder(fn: (pid: Pid, nr: number) => void): void {
    const slots = this.slots;
    if (slots) {
      for (let nr = 0; nr < slots.length; nr++) {
        const pid = slots[nr];
        if (pid !== undefined) fn(pid, nr);
      }
      return;
    }
    for (const [nr, pid] of this.entries()) fn(pid, nr);
  }

  *entries(): MapIterator<[number, Pid]> {
    const slots = this.slots;
    if (slots) {
      for (let nr = 0; nr < slots.length; nr++) {
        const pid = slots[nr];
        if (pid !== undefined) yield [nr, pid];
      }
      return;
    }
    const map = this.sparse as Map<number, Pid>;
    for (const nr of [...map.keys()].sort((x, y) => x - y)) {
      const pid = map.get(nr);
      if (pid !== undefined) yield [nr, pid];
    }
  }

  *keys(): MapIterator<number> {
    for (const [nr] of this.entries()) yield nr;
  }

  *values(): MapIterator<Pid> {
    for (const [, pid] of this.entries()) yield pid;
  }

  forEach(fn: (pid: Pid, nr: number, idr: ReadonlyMap<number, Pid>) => void): void {
    for (const [nr, pid] of this.entries()) fn(pid, nr, this);
  }

  [Symbol.iterator](): MapIterator<[number, Pid]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'PidIdr';
  }
}

/** The idr of a pid namespace without numbers. */
const NO_PIDS: ReadonlyMap<number, Pid> = new Map();

/** A pid namespace (struct pid_namespace). */
export class PidNamespace extends NsCommon {
  readonly parent: PidNamespace | null;
  readonly level: number;
  /** The idr, made with the first number (unshare(CLONE_NEWPID) makes a namespace its caller gets no number in). */
  #idr: PidIdr | null = null;
  /** idr_next: where the cyclic allocation resumes. */
  cursor = 0;
  /** Per-namespace pid_max (since 6.14). */
  pidMax: number;
  /** The namespace's init (child_reaper); null until its first task exists. */
  childReaper: Task | null = null;
  /** PIDNS_ADDING: cleared when init dies (zap_pid_ns_processes); forks then fail with ENOMEM. */
  adding = true;

  constructor(ops: NamespaceOperations, ownerNs: UserNamespace, parent: PidNamespace | null, ucount: UcountCharge | null, pidMax: number) {
    super(ops, ownerNs, ucount, parent);
    this.parent = parent;
    this.level = parent ? parent.level + 1 : 0;
    this.pidMax = pidMax;
  }

  /** number -> pid (the idr). */
  get idr(): ReadonlyMap<number, Pid> {
    return this.#idr ?? NO_PIDS;
  }

  /** idr_replace at alloc_pid's end: `nr` is `pid`'s number here. */
  setPidNr(nr: number, pid: Pid): void {
    (this.#idr ??= new PidIdr()).set(nr, pid);
  }

  /** idr_remove (free_pid): `nr` is free again. */
  removePidNr(nr: number): void {
    this.#idr?.delete(nr);
  }

  /** Each pid with a number here, in ascending order of the number (idr_for_each; /proc's readdir). */
  forEachPid(fn: (pid: Pid, nr: number) => void): void {
    this.#idr?.forEachInOrder(fn);
  }

  /** The task with number `nr` in this namespace (find_task_by_pid_ns). */
  findTask(nr: number): Task | undefined {
    return this.idr.get(nr)?.task ?? undefined;
  }

  /** Whether `this` is `other` or a descendant of it (pidns_is_ancestor(this, other)). */
  isDescendantOf(other: PidNamespace): boolean {
    return nsIsAncestor<PidNamespace>(other, this);
  }

  /** The ancestor (or self) at `level`. */
  atLevel(level: number): PidNamespace | null {
    let ns: PidNamespace | null = this;
    while (ns && ns.level > level) ns = ns.parent;
    return ns && ns.level === level ? ns : null;
  }
}

/** A process id with one number per level (struct pid). */
export class Pid {
  /** numbers[i] is the number in the ancestor at level i; the last one is in `ns`. */
  readonly numbers: number[];
  /** The innermost pid namespace (the task's active pid namespace). */
  readonly ns: PidNamespace;
  /** References: the task while it is not reaped, and pidfds. */
  count = 1;
  /** The task, until it is reaped (release_task detaches it). */
  task: Task | null = null;

  constructor(ns: PidNamespace, numbers: number[]) {
    this.ns = ns;
    this.numbers = numbers;
  }

  get level(): number {
    return this.ns.level;
  }

  /** pid_nr_ns: the number in `ns`, 0 when not visible there. */
  nrIn(ns: PidNamespace): number {
    if (ns.level > this.ns.level) return 0;
    if (this.ns.atLevel(ns.level) !== ns) return 0;
    return this.numbers[ns.level] ?? 0;
  }
}

/** idr_alloc_cyclic: the lowest free number >= max(start, cursor) below end, wrapping once to start. */
function idrAllocCyclic(ns: PidNamespace, start: number, end: number): number {
  const from = Math.max(start, ns.cursor);
  for (let nr = from; nr < end; nr++) if (!ns.idr.has(nr)) return nr;
  if (from > start) for (let nr = start; nr < from && nr < end; nr++) if (!ns.idr.has(nr)) return nr;
  return -1;
}

/**
 * alloc_pid (kernel/pid.c): one number per level from the innermost namespace
 * out, cyclically. The numbers are published only when every level got one; on
 * failure the cursors stay advanced, as in the kernel, except that a namespace
 * whose first pid failed starts over at 1. A namespace whose
 * init died (PIDNS_ADDING clear) makes the fork fail with ENOMEM.
 */
export function allocPid(ns: PidNamespace, syscall: string): Pid {
  const numbers: number[] = new Array<number>(ns.level + 1);
  const taken: PidNamespace[] = [];
  let tmp: PidNamespace | null = ns;
  for (let i = ns.level; i >= 0 && tmp; i--) {
    const pidMin = tmp.cursor > RESERVED_PIDS ? RESERVED_PIDS : 1;
    const nr = idrAllocCyclic(tmp, pidMin, tmp.pidMax);
    if (nr < 0) {
      // out_free: when the first pid of a namespace fails, its cursor starts over (its init must be 1).
      if (ns.adding && ns.idr.size === 0) ns.cursor = 0;
      fail('EAGAIN', syscall, 'pid space exhausted', 'F1.17');
    }
    tmp.cursor = nr + 1;
    numbers[i] = nr;
    taken.push(tmp);
    tmp = tmp.parent;
  }
  const pid = new Pid(ns, numbers);
  if (!ns.adding) fail('ENOMEM', syscall, 'the init of the pid namespace is dead', 'F1.15');
  for (const t of taken) t.setPidNr(numbers[t.level] ?? -1, pid);
  return pid;
}

/** free_pid: removes every number of the pid from its namespaces' idrs. */
export function freePidNumbers(pid: Pid): void {
  let ns: PidNamespace | null = pid.ns;
  while (ns) {
    const nr = pid.numbers[ns.level];
    if (nr !== undefined && ns.idr.get(nr) === pid) ns.removePidNr(nr);
    ns = ns.parent;
  }
}

/** put_pid (kernel/pid.c); with `detach`, release_task's detach_pid + free_pid first. */
export function putPid(k: Kernel, pid: Pid, detach: boolean): void {
  if (detach) {
    freePidNumbers(pid);
    pid.task = null;
  }
  if (--pid.count === 0) putNs(k, pid.ns);
}

/**
 * The NSpid numbers of a task (fs/proc/array.c task_state): its numbers from
 * `from`'s level down to its own; empty when it has no number in `from`.
 */
export function taskNspid(task: Task, from: PidNamespace): number[] {
  if (task.pid.nrIn(from) === 0) return [];
  return task.pid.numbers.slice(from.level);
}

/** What a pid type's `save` keeps of a pid namespace: the idr, its cursor, pid_max, PIDNS_ADDING and the reaper. */
export interface SavedPidNamespace {
  readonly pidMax: number;
  readonly cursor: number;
  readonly adding: boolean;
  /** The child reaper's task serial; null before the first task, or once it was reaped. */
  readonly childReaper: number | null;
  /** number -> struct pid (as `SaveRefs.pid` numbers it). */
  readonly idr: readonly (readonly [number, number])[];
}

/** The `save` of every pid type (the built-in one and `@nsproxy/pid`'s): the state of struct pid_namespace. */
export function savePidNamespace(ns: PidNamespace, refs: SaveRefs): SavedPidNamespace {
  return {
    pidMax: ns.pidMax, cursor: ns.cursor, adding: ns.adding,
    // A reaped init is no task of the snapshot: a dead namespace (adding false) keeps no reaper.
    childReaper: refs.task(ns.childReaper),
    idr: [...ns.idr].map(([nr, p]): [number, number] => [nr, refs.pid(p)]),
  };
}

/** The `revive` of every pid type: a pid namespace of type `ops`; its idr and reaper once pids and tasks exist. */
export function revivePidNamespace(
  ops: NamespaceOperations, owner: UserNamespace, data: unknown, parent: PidNamespace | null, refs: ReviveRefs,
): PidNamespace {
  const d = data as SavedPidNamespace;
  const ns = new PidNamespace(ops, owner, parent, null, d.pidMax);
  ns.cursor = d.cursor;
  ns.adding = d.adding;
  refs.defer(() => {
    ns.childReaper = refs.task(d.childReaper);
    for (const [nr, i] of d.idr) ns.setPidNr(nr, refs.pid(i));
  });
  return ns;
}
