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

/** A row of listNamespaces being filled: its namespace, the processes in it, the lowest pid and its task. */
interface LsnsRow {
  readonly ns: NsCommon;
  nprocs: number;
  pid: number;
  task: Task | null;
}

/** lsns over the viewer's /proc (see `Kernel.listNamespaces`). */
export function listNamespaces(k: Kernel, viewer?: Task): NamespaceRow[] {
  const pidNs = viewer?.pid.ns ?? k.initPidNs;
  const userNs = viewer?.cred.userNs ?? k.initUserNs;
  // The processes of each namespace, counted by the namespace's place in the registry of live
  // namespaces, in typed arrays: a Map keyed by the namespace was nine tenths of listing a million
  // tasks, and then a row object per namespace a third. The Map `rows` keeps the rest: namespaces
  // only an open file or a bind mount holds, and all of them when the registry is a plain Set, as
  // a restored kernel's may be.
  const rows = new Map<NsCommon, LsnsRow>();
  const span = k.allNs instanceof NsRegistry ? k.allNs.span : 0;
  const nprocs = new Int32Array(span);
  const lowest = new Int32Array(span);
  const lowestTask: (Task | null)[] = new Array<Task | null>(span).fill(null);
  const nsAt: (NsCommon | null)[] = new Array<NsCommon | null>(span).fill(null);
  const seen: number[] = [];
  const count = (ns: NsCommon, nr: number, task: Task): void => {
    const i = ns.registryIndex;
    if (i >= 0 && i < span) {
      const n = nprocs[i] as number;
      nprocs[i] = n + 1;
      if (n === 0) {
        seen.push(i);
        nsAt[i] = ns;
      } else if (nr >= (lowest[i] as number)) return;
      lowest[i] = nr;
      lowestTask[i] = task;
      return;
    }
    let r = rows.get(ns);
    if (!r) rows.set(ns, (r = { ns, nprocs: 0, pid: 0, task: null }));
    r.nprocs++;
    if (r.pid === 0 || nr < r.pid) {
      r.pid = nr;
      r.task = task;
    }
  };
  // How each type finds a task's namespace, resolved once (peekNs per task and type looked the slot
  // up in a Map each time): an nsproxy slot index, the credentials (-1), or the type's peek (-2).
  const mainEntries = k.types.filter((t) => k.isRegistered(t));
  const slots = mainEntries.map((t) => (t.peek ? -2 : (t.home ?? 'nsproxy') === 'cred' ? -1 : k.slotOf(t)));
  const readable: Task[] = [];
  for (const task of k.taskSet) {
    // /proc lists thread-group leaders, zombies included, until they are reaped.
    if (!task.isLeader || task.state === 'dead') continue;
    const nr = task.pid.nrIn(pidNs);
    if (nr === 0) continue;
    if (viewer && !ptraceMayAccess(viewer, task, 'read-fscreds')) continue;
    readable.push(task);
    const nsproxySlots = task.nsproxy?.slots;
    for (let e = 0; e < mainEntries.length; e++) {
      const slot = slots[e] as number;
      const ns = slot >= 0 ? nsproxySlots?.[slot] : slot === -1 ? task.cred.userNs : peekNs(k, task, mainEntries[e] as NamespaceOperations);
      if (ns) count(ns, nr, task);
    }
  }
  const listed = (ns: NsCommon): boolean => rows.has(ns) || (ns.registryIndex >= 0 && ns.registryIndex < span && nsAt[ns.registryIndex] === ns);
  for (const task of readable) {
    if (!task.files?.size) continue;
    for (const f of task.files.fds.values()) {
      if (f.kind === 'ns' && !listed(f.ns)) rows.set(f.ns, { ns: f.ns, nprocs: 0, pid: 0, task: null });
    }
  }
  // lsns's persistent namespaces: those the nsfs bind mounts of the viewer's mountinfo hold.
  const reader = viewer ?? k.initTask;
  if (reader.state !== 'dead') {
    for (const t of mainEntries) {
      if (!t.boundNamespaces) continue;
      const own = peekNs(k, reader, t);
      if (own) for (const ns of t.boundNamespaces(own, reader)) if (!listed(ns)) rows.set(ns, { ns, nprocs: 0, pid: 0, task: null });
    }
  }
  const out: NamespaceRow[] = [];
  const row = (ns: NsCommon, n: number, pid: number, task: Task | null): void => {
    // lsns's OWNER of a user namespace is its creator (NS_GET_OWNER_UID); of any other, its owner's creator.
    const owner = ns instanceof UserNamespace ? ns.owner : nsOwner(ns)?.owner ?? 0;
    out.push({
      ns: ns.inum, id: ns.nsId, type: ns.type, nprocs: n, pid,
      uid: task ? fromKuidMunged(userNs, task.cred.euid) : 0, command: task?.comm ?? '',
      ownerUid: fromKuidMunged(userNs, owner), refs: ns.count,
    });
  };
  for (const i of seen) row(nsAt[i] as NsCommon, nprocs[i] as number, lowest[i] as number, lowestTask[i] ?? null);
  for (const r of rows.values()) row(r.ns, r.nprocs, r.pid, r.task);
  return out.sort((a, b) => a.ns - b.ns || a.type.localeCompare(b.type));
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
