/**
 * Listing and accounting. Models util-linux sys-utils/lsns.c reading /proc
 * (fs/proc/base.c task_dump_owner for the USER column), and a recount of
 * every namespace reference from the state (what the property tests compare
 * with each namespace's count).
 */
import type { Cred } from './cred.ts';
import type { Kernel } from './kernel.ts';
import { peekNs } from './namespaces.ts';
import { nsOwner } from './ns-common.ts';
import type { NsCommon } from './ns-common.ts';
import type { Nsproxy } from './nsproxy.ts';
import type { NamespaceOperations } from './ops.ts';
import type { Pid } from './pid.ts';
import { ptraceMayAccess } from './ptrace.ts';
import { NsRegistry } from './registry.ts';
import type { OpenFile, Task } from './task.ts';
import { UserNamespace, fromKuidMunged } from './user-namespace.ts';

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

/**
 * lsns over the viewer's /proc (see `Kernel.listNamespaces`). /proc lists
 * the viewer's pid namespace in number order (proc_pid_readdir, next_tgid:
 * thread-group leaders, zombies included until reaped), so the first
 * process seen in a namespace has its lowest pid. Processes that share an
 * nsproxy share its namespaces: each nsproxy is counted once with its
 * processes (a million tasks in 100,000 nsproxies of six slots each read
 * 600,000 slots, not 6,000,000); the namespaces a process finds elsewhere (its
 * credentials' user namespace, its active pid namespace, a time namespace
 * an unshare left it in) are compared with those of the first process of its
 * nsproxy and counted on their own only where they differ.
 */
export function listNamespaces(k: Kernel, viewer?: Task): NamespaceListing {
  const pidNs = viewer?.pid.ns ?? k.initPidNs;
  const userNs = viewer?.cred.userNs ?? k.initUserNs;
  // How each type finds a task's namespace, resolved once (peekNs per task and type looked the slot
  // up in a Map each time): an nsproxy slot, or else (per task) the type's peek or the credentials.
  // Each comes with its type's index in the listing's type names (so that no row asks its namespace).
  const mainEntries = k.types.filter((t) => k.isRegistered(t));
  const counts = new NsCounts(k, userNs, mainEntries.map((t) => t.name));
  const shared: Read[] = [];
  const peeks: OwnPeek[] = [];
  for (let type = 0; type < mainEntries.length; type++) {
    const t = mainEntries[type] as NamespaceOperations;
    if (t.peek && !t.peekIsSlot?.(k)) peeks.push({ peek: t.peek.bind(t), type });
    else if ((t.home ?? 'nsproxy') === 'cred') peeks.push({ peek: null, type });
    else shared.push({ slot: k.slotOf(t), type });
  }
  const groups = new Groups(peeks, counts);
  const openFiles: NsCommon[] = [];
  pidNs.forEachPid((pid, nr) => {
    const task = pid.task;
    if (!task || !task.isLeader || task.state === 'dead') return;
    if (viewer && !ptraceMayAccess(viewer, task, 'read-fscreds')) return;
    if (task.files?.size) nsFiles(task, openFiles);
    groups.add(task, nr);
  });
  groups.count(shared);
  const hold = (ns: NsCommon): void => {
    if (!counts.listed(ns)) counts.add(ns, 0, NO_PROCESS);
  };
  for (const ns of openFiles) hold(ns);
  // lsns's persistent namespaces: those the nsfs bind mounts of the viewer's mountinfo hold.
  const reader = viewer ?? k.initTask;
  if (reader.state !== 'dead') {
    for (const t of mainEntries) {
      if (!t.boundNamespaces) continue;
      const mine = peekNs(k, reader, t);
      if (mine) for (const ns of t.boundNamespaces(mine, reader)) hold(ns);
    }
  }
  return counts.listing();
}

/** The listings made so far (in any kernel): each marks the nsproxies it meets with its own serial. */
let listings = 0;

/** How a listing finds a task's namespace of a type the nsproxy does not hold: the type's peek, or (null) the credentials. */
interface OwnPeek {
  readonly peek: ((task: Task) => NsCommon | undefined) | null;
  /** The type's index in the listing's type names. */
  readonly type: number;
}

/** A type the nsproxy holds: its slot, and its index in the listing's type names. */
interface Read {
  readonly slot: number;
  readonly type: number;
}

/** The namespaces a task's open nsfs files refer to. */
function nsFiles(task: Task, out: NsCommon[]): void {
  for (const f of task.files?.fds.values() ?? []) if (f.kind === 'ns') out.push(f.ns);
}

/** The process of a namespace listed without one (an open ns file, a bind mount). */
const NO_PROCESS = -1;

/**
 * The processes of a listing grouped by nsproxy: each group's processes, the
 * first of them (the lowest pid: they come in pid order), that process's
 * namespaces of the types the nsproxy does not hold (`peeks`), and how many
 * of the group's processes have another one (counted on their own).
 */
class Groups {
  /** This listing's serial, for the nsproxies' marks. */
  private readonly serial = ++listings;
  /** The group of the processes with no nsproxy (zombies). */
  private none = -1;
  private size = 0;
  private tasks = new Int32Array(64);
  /** Each group's first process, as the listing's process table numbers it. */
  private firstProcess = new Int32Array(64);
  private readonly firstCred: Cred[] = [];
  private readonly nsproxy: (Nsproxy | null)[] = [];
  private readonly own: (NsCommon | undefined)[] = [];
  private other: Int32Array;
  private readonly peeks: readonly OwnPeek[];
  private readonly counts: NsCounts;

  constructor(peeks: readonly OwnPeek[], counts: NsCounts) {
    this.peeks = peeks;
    this.counts = counts;
    this.other = new Int32Array(64 * peeks.length);
  }

  add(task: Task, nr: number): void {
    const nsproxy = task.nsproxy;
    const g = nsproxy ? (nsproxy.mark === this.serial ? nsproxy.markGroup : -1) : this.none;
    if (g < 0) {
      this.open(task, nr, nsproxy);
      return;
    }
    this.tasks[g] = (this.tasks[g] as number) + 1;
    const peeks = this.peeks;
    for (let j = 0; j < peeks.length; j++) {
      const { peek, type } = peeks[j] as OwnPeek;
      // (The same credentials: the same user namespace, without reading them.)
      if (peek === null && task.cred === this.firstCred[g]) continue;
      const ns = peek === null ? task.cred.userNs : peek(task);
      const at = g * peeks.length + j;
      if (ns === this.own[at]) continue;
      this.other[at] = (this.other[at] as number) + 1;
      if (ns) this.counts.add(ns, 1, this.counts.process(task, nr), type);
    }
  }

  private open(task: Task, nr: number, nsproxy: Nsproxy | null): void {
    const g = this.size++;
    if (g === this.tasks.length) {
      this.tasks = grown(this.tasks);
      this.firstProcess = grown(this.firstProcess);
      this.other = grown(this.other);
    }
    if (nsproxy) {
      nsproxy.mark = this.serial;
      nsproxy.markGroup = g;
    } else this.none = g;
    this.tasks[g] = 1;
    this.firstProcess[g] = this.counts.process(task, nr);
    this.firstCred.push(task.cred);
    this.nsproxy.push(nsproxy);
    for (const { peek } of this.peeks) this.own.push(peek === null ? task.cred.userNs : peek(task));
  }

  /** Each group's processes counted in the namespaces of its nsproxy's `slots` and in its first process's others. */
  count(slots: readonly Read[]): void {
    const p = this.peeks.length;
    for (let g = 0; g < this.size; g++) {
      const n = this.tasks[g] as number;
      const who = this.firstProcess[g] as number;
      const held = this.nsproxy[g]?.slots;
      if (held) {
        for (const { slot, type } of slots) {
          const ns = held[slot];
          if (ns) this.counts.add(ns, n, who, type);
        }
      }
      for (let j = 0; j < p; j++) {
        const ns = this.own[g * p + j];
        if (ns) this.counts.add(ns, n - (this.other[g * p + j] as number), who, (this.peeks[j] as OwnPeek).type);
      }
    }
  }
}

/**
 * The processes a listing names (each row's lowest pid): the pid as the
 * viewer sees it, the USER column, the command, numbered in the order met.
 */
class Processes {
  size = 0;
  pid: Int32Array = new Int32Array(64);
  uid: Uint32Array = new Uint32Array(64);
  readonly command: string[] = [];
}

/** `a` copied into an array twice as long (a typed array cannot grow in place). */
function grown<A extends Int32Array | Uint32Array>(a: A): A {
  const b = new (a.constructor as new (n: number) => A)(a.length * 2);
  b.set(a);
  return b;
}

/** A listing row's fields (Uint32 each), in its `fields` array. */
const NPROCS = 0;
/** The process table's number of the row's lowest process + 2 (1: none; 0: the row is not listed). */
const PROCESS = 1;
const REFS = 2;
const OWNER_UID = 3;
/** The namespace's inode number, the sort key. */
const INUM = 4;
/** The namespace's type, as its index in the listing's type names. */
const TYPE = 5;
/** The namespace id (NS_GET_ID), in two halves. */
const ID_LOW = 6;
const ID_HIGH = 7;
const FIELDS = 8;
const TWO_32 = 2 ** 32;

/**
 * The rows of a listing, made as each namespace is first counted (when its
 * fields are read) at the namespace's place in the registry of live
 * namespaces, in one typed array: a Map keyed by the namespace was nine
 * tenths of listing a million tasks, and an object per row most of the rest.
 * Registry order is creation order, which is inode order but for the initial
 * namespaces and reused inode numbers. The namespaces the registry does not
 * place (all of them when it is a plain Set, as a restored kernel's may be)
 * get rows after its places.
 */
class NsCounts {
  private readonly registry: NsRegistry | null;
  private readonly span: number;
  private fields: Uint32Array;
  private readonly restRow = new Map<NsCommon, number>();
  private listedRows = 0;
  private readonly types: string[];
  private readonly processes = new Processes();
  private readonly userNs: UserNamespace;
  /** The last task numbered (a group's rows share it). */
  private lastTask: Task | null = null;
  private lastProcess = NO_PROCESS;
  /** The OWNER column of the last owner asked (most namespaces share a few owners' creators). */
  private lastOwner = -1;
  private lastOwnerUid = 0;

  constructor(k: Kernel, userNs: UserNamespace, types: readonly string[]) {
    this.types = [...types];
    this.registry = k.allNs instanceof NsRegistry ? k.allNs : null;
    this.span = this.registry?.span ?? 0;
    this.fields = new Uint32Array(Math.max(this.span, 8) * FIELDS);
    this.userNs = userNs;
  }

  /** `task` (pid `nr` in the viewer's namespace) in the process table: its number there. */
  process(task: Task, nr: number): number {
    if (task !== this.lastTask) {
      const p = this.processes;
      this.lastTask = task;
      this.lastProcess = p.size++;
      if (this.lastProcess === p.pid.length) {
        p.pid = grown(p.pid);
        p.uid = grown(p.uid);
      }
      p.pid[this.lastProcess] = nr;
      p.uid[this.lastProcess] = fromKuidMunged(this.userNs, task.cred.euid);
      p.command.push(task.comm);
    }
    return this.lastProcess;
  }

  /**
   * `n` processes in `ns`, the lowest of them `process` (NO_PROCESS, n = 0:
   * listed without a process); `type`: its index in the type names, if known.
   */
  add(ns: NsCommon, n: number, process: number, type = -1): void {
    const f = this.rowOf(ns) * FIELDS;
    const fields = this.fields;
    const at = fields[f + PROCESS] as number;
    if (at === 0) {
      this.fill(f, ns, type < 0 ? this.typeIndex(ns.type) : type);
      fields[f + PROCESS] = process + 2;
      fields[f + NPROCS] = n;
      this.listedRows++;
      return;
    }
    if (n > 0 && (fields[f + NPROCS] === 0 || (this.processes.pid[process] as number) < (this.processes.pid[at - 2] as number))) fields[f + PROCESS] = process + 2;
    fields[f + NPROCS] = (fields[f + NPROCS] as number) + n;
  }

  listed(ns: NsCommon): boolean {
    const i = this.place(ns);
    return i >= 0 ? this.fields[i * FIELDS + PROCESS] !== 0 : this.restRow.has(ns);
  }

  /** The namespace's place in the registry, -1 if the registry does not place it. */
  private place(ns: NsCommon): number {
    const i = ns.registryIndex;
    return i >= 0 && i < this.span && this.registry?.at(i) === ns ? i : -1;
  }

  /** The namespace's row: its registry place, or one after them. */
  private rowOf(ns: NsCommon): number {
    const i = this.place(ns);
    if (i >= 0) return i;
    let r = this.restRow.get(ns);
    if (r === undefined) {
      r = this.span + this.restRow.size;
      this.restRow.set(ns, r);
      if ((r + 1) * FIELDS > this.fields.length) this.fields = grown(this.fields);
    }
    return r;
  }

  /** A row's fields of the namespace itself. */
  private fill(f: number, ns: NsCommon, type: number): void {
    const fields = this.fields;
    const id = ns.nsId;
    fields[f + REFS] = ns.count;
    fields[f + OWNER_UID] = this.ownerUidOf(ownerKuid(ns));
    fields[f + INUM] = ns.inum;
    fields[f + TYPE] = type;
    fields[f + ID_LOW] = id % TWO_32;
    fields[f + ID_HIGH] = Math.floor(id / TWO_32);
  }

  private typeIndex(type: string): number {
    const i = this.types.indexOf(type);
    return i >= 0 ? i : this.types.push(type) - 1;
  }

  private ownerUidOf(kuid: number): number {
    if (kuid !== this.lastOwner) {
      this.lastOwner = kuid;
      this.lastOwnerUid = fromKuidMunged(this.userNs, kuid);
    }
    return this.lastOwnerUid;
  }

  /** The listing: the listed rows, by inode number, then type name. */
  listing(): NamespaceListing {
    const rows = new Int32Array(this.listedRows);
    const end = this.span + this.restRow.size;
    for (let r = 0, o = 0; r < end; r++) if (this.fields[r * FIELDS + PROCESS] !== 0) rows[o++] = r;
    return new NamespaceListing(this.fields, inOrder(rows, (a, b) => this.compare(a, b)), this.types, this.processes);
  }

  /** Rows `a` and `b` by inode number, then type name. */
  private compare(a: number, b: number): number {
    const f = this.fields;
    const byInum = (f[a * FIELDS + INUM] as number) - (f[b * FIELDS + INUM] as number);
    return byInum || (this.types[f[a * FIELDS + TYPE] as number] as string).localeCompare(this.types[f[b * FIELDS + TYPE] as number] as string);
  }
}

/**
 * `rows` sorted by `compare`. They come nearly in order (the initial
 * namespaces' fixed inode numbers are below the dynamic ones of namespaces
 * made before them; a reused number comes late), so those that keep the
 * order are merged with the few others, sorted: the rows are read twice,
 * not sorted.
 */
function inOrder(rows: Int32Array, compare: (a: number, b: number) => number): Int32Array {
  const others: number[] = [];
  let top = -1;
  for (const r of rows) {
    if (top < 0 || compare(top, r) <= 0) top = r;
    else others.push(r);
  }
  if (others.length === 0) return rows;
  others.sort(compare);
  const out = new Int32Array(rows.length);
  top = -1;
  let j = 0;
  let o = 0;
  for (const r of rows) {
    if (top >= 0 && compare(top, r) > 0) continue;
    top = r;
    while (j < others.length && compare(others[j] as number, r) < 0) out[o++] = others[j++] as number;
    out[o++] = r;
  }
  while (j < others.length) out[o++] = others[j++] as number;
  return out;
}

/**
 * What `lsns` lists (see `Kernel.namespaceListing`), kept column by column:
 * eight numbers per row and a table of the processes the rows name.
 * `row(i)` makes the i-th row as an object; iterating makes them all. The
 * values are those of when the listing was made.
 */
export class NamespaceListing implements Iterable<NamespaceRow> {
  private readonly fields: Uint32Array;
  /** The rows' places in `fields`, in listing order. */
  private readonly order: Int32Array;
  private readonly types: readonly string[];
  private readonly processes: Processes;

  /** @internal (made by `Kernel.namespaceListing`) */
  constructor(fields: Uint32Array, order: Int32Array, types: readonly string[], processes: Processes) {
    this.fields = fields;
    this.order = order;
    this.types = types;
    this.processes = processes;
  }

  /** How many rows (namespaces) the listing has. */
  get length(): number {
    return this.order.length;
  }

  /** The type of row `i`'s namespace (the TYPE column). */
  type(i: number): string {
    return this.types[this.fields[this.place(i) + TYPE] as number] as string;
  }

  /** Row `i` (0 ≤ i < length), in inode order. */
  row(i: number): NamespaceRow {
    const f = this.place(i);
    const fields = this.fields;
    const process = (fields[f + PROCESS] as number) - 2;
    const p = this.processes;
    return {
      ns: fields[f + INUM] as number, id: (fields[f + ID_HIGH] as number) * TWO_32 + (fields[f + ID_LOW] as number),
      type: this.types[fields[f + TYPE] as number] as string, nprocs: fields[f + NPROCS] as number,
      pid: process < 0 ? 0 : (p.pid[process] as number), uid: process < 0 ? 0 : (p.uid[process] as number),
      command: process < 0 ? '' : (p.command[process] as string),
      ownerUid: fields[f + OWNER_UID] as number, refs: fields[f + REFS] as number,
    };
  }

  /** Every row, in inode order. */
  rows(): NamespaceRow[] {
    const out: NamespaceRow[] = [];
    for (let i = 0; i < this.order.length; i++) out.push(this.row(i));
    return out;
  }

  *[Symbol.iterator](): IterableIterator<NamespaceRow> {
    for (let i = 0; i < this.order.length; i++) yield this.row(i);
  }

  /** Where row `i`'s fields start. */
  private place(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.order.length) throw new RangeError(`NamespaceListing: no row ${i} (it has ${this.order.length})`);
    return (this.order[i] as number) * FIELDS;
  }
}

/** lsns's OWNER: of a user namespace, its creator (NS_GET_OWNER_UID); of any other, its owner's creator. */
function ownerKuid(ns: NsCommon): number {
  return ns instanceof UserNamespace ? ns.owner : nsOwner(ns)?.owner ?? 0;
}

/** Who holds a reference on each live namespace, counted from the state (see `Kernel.countHolders`). */
export function countHolders(k: Kernel): Map<NsCommon, number> {
  const holders = new Map<NsCommon, number>();
  const add = (ns: NsCommon): void => void holders.set(ns, (holders.get(ns) ?? 0) + 1);
  for (const ns of k.initialNs) add(ns);
  const nsproxies = new Set<Nsproxy>();
  const files = new Set<OpenFile>();
  const pids = new Set<Pid>();
  for (const t of k.taskSet) {
    if (t.nsproxy) nsproxies.add(t.nsproxy);
    add(t.cred.userNs);
    for (const type of k.heldNsHooks) {
      const held = type.heldNs?.(t);
      if (held) add(held);
    }
    pids.add(t.pid);
    if (t.files?.size) for (const f of t.files.fds.values()) files.add(f);
  }
  for (const p of nsproxies) for (const ns of p.slots) add(ns);
  for (const f of files) {
    if (f.kind === 'ns') add(f.ns);
    else if (f.kind === 'pidfd') pids.add(f.pid);
    else for (const ns of f.object.holds()) add(ns);
  }
  for (const p of pids) add(p.ns);
  for (const ns of k.pinMap.values()) add(ns);
  for (const ns of k.allNs) {
    if (ns.ownerNs) add(ns.ownerNs);
    const parent = ns.heldParent;
    if (parent) add(parent);
  }
  return holders;
}
