/**
 * Listing and accounting. Models util-linux sys-utils/lsns.c reading /proc
 * (fs/proc/base.c task_dump_owner for the USER column), and a recount of
 * every namespace reference from the state (what the property tests compare
 * with each namespace's count).
 */
import type { Kernel } from './kernel.ts';
import { peekNs } from './namespaces.ts';
import { nsOwner } from './ns-common.ts';
import type { NsCommon } from './ns-common.ts';
import type { Nsproxy } from './nsproxy.ts';
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
 * processes (a million tasks in 100,000 nsproxies of five slots each read
 * 500,000 slots, not 5,000,000); the namespaces a process finds elsewhere (its
 * credentials' user namespace, its active pid and time namespaces) are
 * compared with those of the first process of its nsproxy and counted on
 * their own only where they differ.
 */
export function listNamespaces(k: Kernel, viewer?: Task): NamespaceRow[] {
  const pidNs = viewer?.pid.ns ?? k.initPidNs;
  const userNs = viewer?.cred.userNs ?? k.initUserNs;
  const counts = new NsCounts(k, userNs);
  // How each type finds a task's namespace, resolved once (peekNs per task and type looked the slot
  // up in a Map each time): an nsproxy slot, or else (per task) the type's peek or the credentials.
  const mainEntries = k.types.filter((t) => k.isRegistered(t));
  const shared: number[] = [];
  const peeks: OwnPeek[] = [];
  for (const t of mainEntries) {
    if (t.peek) peeks.push(t.peek.bind(t));
    else if ((t.home ?? 'nsproxy') === 'cred') peeks.push(null);
    else shared.push(k.slotOf(t));
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
    if (!counts.listed(ns)) counts.hold(ns);
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
  return counts.rows();
}

/** The listings made so far (in any kernel): each marks the nsproxies it meets with its own serial. */
let listings = 0;

/** How a listing finds a task's namespace of a type the nsproxy does not hold: the type's peek, or (null) the credentials. */
type OwnPeek = ((task: Task) => NsCommon | undefined) | null;

/** The namespaces a task's open nsfs files refer to. */
function nsFiles(task: Task, out: NsCommon[]): void {
  for (const f of task.files?.fds.values() ?? []) if (f.kind === 'ns') out.push(f.ns);
}

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
  private readonly tasks: number[] = [];
  private readonly first: Task[] = [];
  private readonly firstNr: number[] = [];
  private readonly nsproxy: (Nsproxy | null)[] = [];
  private readonly own: (NsCommon | undefined)[] = [];
  private readonly other: number[] = [];
  private readonly peeks: readonly OwnPeek[];
  private readonly counts: NsCounts;

  constructor(peeks: readonly OwnPeek[], counts: NsCounts) {
    this.peeks = peeks;
    this.counts = counts;
  }

  add(task: Task, nr: number): void {
    const nsproxy = task.nsproxy;
    const g = nsproxy ? (nsproxy.mark === this.serial ? nsproxy.markGroup : -1) : this.none;
    if (g < 0) {
      this.open(task, nr, nsproxy);
      return;
    }
    this.tasks[g] = (this.tasks[g] as number) + 1;
    const first = this.first[g] as Task;
    const peeks = this.peeks;
    for (let j = 0; j < peeks.length; j++) {
      const peek = peeks[j] as OwnPeek;
      // (The same credentials: the same user namespace, without reading them.)
      if (peek === null && task.cred === first.cred) continue;
      const ns = peek === null ? task.cred.userNs : peek(task);
      const at = g * peeks.length + j;
      if (ns === this.own[at]) continue;
      this.other[at] = (this.other[at] as number) + 1;
      if (ns) this.counts.add(ns, 1, nr, task);
    }
  }

  private open(task: Task, nr: number, nsproxy: Nsproxy | null): void {
    if (nsproxy) {
      nsproxy.mark = this.serial;
      nsproxy.markGroup = this.tasks.length;
    } else this.none = this.tasks.length;
    this.tasks.push(1);
    this.first.push(task);
    this.firstNr.push(nr);
    this.nsproxy.push(nsproxy);
    for (const peek of this.peeks) {
      this.own.push(peek === null ? task.cred.userNs : peek(task));
      this.other.push(0);
    }
  }

  /** Each group's processes counted in the namespaces of its nsproxy's `slots` and in its first process's others. */
  count(slots: readonly number[]): void {
    const p = this.peeks.length;
    for (let g = 0; g < this.tasks.length; g++) {
      const n = this.tasks[g] as number;
      const nr = this.firstNr[g] as number;
      const task = this.first[g] as Task;
      const held = this.nsproxy[g]?.slots;
      if (held) {
        for (const slot of slots) {
          const ns = held[slot];
          if (ns) this.counts.add(ns, n, nr, task);
        }
      }
      for (let j = 0; j < p; j++) {
        const ns = this.own[g * p + j];
        if (ns) this.counts.add(ns, n - (this.other[g * p + j] as number), nr, task);
      }
    }
  }
}

/**
 * The rows of a listing, made as each namespace is first counted and found
 * again by the namespace's place in the registry of live namespaces (a Map
 * keyed by the namespace was nine tenths of listing a million tasks). The
 * groups come in pid order, so the task that first counts a namespace is
 * nearly always its lowest, and its row is final but for the process count.
 * A Map keeps the rows of the namespaces the registry does not place (all of
 * them when it is a plain Set, as a restored kernel's may be).
 */
class NsCounts {
  private readonly span: number;
  /** Each placed namespace's row, as its index in `out` + 1 (0: none yet): numbers, not a second array of young rows for the scavenger. */
  private readonly rowAt: Int32Array;
  private readonly nsAt: (NsCommon | undefined)[];
  private readonly rest = new Map<NsCommon, Row>();
  private readonly out: Row[] = [];
  private readonly userNs: UserNamespace;
  /** The uid column of the last task asked (the rows of a group share their task). */
  private lastTask: Task | null = null;
  private lastUid = 0;
  /** The OWNER column of the last owner asked (most namespaces share a few owners' creators). */
  private lastOwner = -1;
  private lastOwnerUid = 0;

  constructor(k: Kernel, userNs: UserNamespace) {
    this.span = k.allNs instanceof NsRegistry ? k.allNs.span : 0;
    this.rowAt = new Int32Array(this.span);
    this.nsAt = new Array<NsCommon | undefined>(this.span);
    this.userNs = userNs;
  }

  /** `n` processes in `ns`, the lowest of them `nr` (`task`); n = 0: listed without a process. */
  add(ns: NsCommon, n: number, nr: number, task: Task | null): void {
    const i = ns.registryIndex;
    const placed = i >= 0 && i < this.span && (this.nsAt[i] === undefined || this.nsAt[i] === ns);
    const at = placed ? (this.rowAt[i] as number) : 0;
    const row = placed ? (at > 0 ? this.out[at - 1] : undefined) : this.rest.get(ns);
    if (!row) {
      const made = this.row(ns, n, nr, task);
      if (placed) {
        this.rowAt[i] = this.out.length + 1;
        this.nsAt[i] = ns;
      } else this.rest.set(ns, made);
      this.out.push(made);
      return;
    }
    if (n > 0 && (row.nprocs === 0 || nr < row.pid)) {
      row.pid = nr;
      row.uid = this.uidOf(task);
      row.command = task?.comm ?? '';
    }
    row.nprocs += n;
  }

  private row(ns: NsCommon, n: number, nr: number, task: Task | null): Row {
    return {
      ns: ns.inum, id: ns.nsId, type: ns.type, nprocs: n, pid: nr, uid: this.uidOf(task), command: task?.comm ?? '',
      ownerUid: this.ownerUidOf(ownerKuid(ns)), refs: ns.count,
    };
  }

  private ownerUidOf(kuid: number): number {
    if (kuid !== this.lastOwner) {
      this.lastOwner = kuid;
      this.lastOwnerUid = fromKuidMunged(this.userNs, kuid);
    }
    return this.lastOwnerUid;
  }

  private uidOf(task: Task | null): number {
    if (task !== this.lastTask) {
      this.lastTask = task;
      this.lastUid = task ? fromKuidMunged(this.userNs, task.cred.euid) : 0;
    }
    return this.lastUid;
  }

  /** Listed without a process (an open ns file, a bind mount). */
  hold(ns: NsCommon): void {
    this.add(ns, 0, 0, null);
  }

  listed(ns: NsCommon): boolean {
    const i = ns.registryIndex;
    return (i >= 0 && i < this.span && this.nsAt[i] === ns) || this.rest.has(ns);
  }

  /** The rows, sorted by inode number, then type (first counted is nearly that order already). */
  rows(): NamespaceRow[] {
    return this.out.sort((a, b) => a.ns - b.ns || a.type.localeCompare(b.type));
  }
}

/** A row being filled. */
type Row = { -readonly [K in keyof NamespaceRow]: NamespaceRow[K] };

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
