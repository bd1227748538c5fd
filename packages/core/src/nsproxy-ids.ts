/**
 * Road `nsproxy-ids` (roads.ts): nsproxy identifiers and the two system calls
 * Cedric Le Goater proposed for them, `unshare_ns(flags)` and
 * `bind_ns(id, flags)`, modelled as proposed, on a kernel that opened the road
 * (`KernelOptions.roads`). Without the road both are ENOSYS, as on Linux.
 *
 * What the list archive confirms (linux-kernel, 17 Oct 2006, "[patch -mm 0/7]
 * pid namespace and namespace cleanups" and "[patch -mm 3/7] add an identifier
 * to nsproxy", both by Cedric Le Goater):
 * - struct nsproxy got an `unsigned long id`; the static init_nsproxy has id 0
 *   and every nsproxy allocated by clone_namespaces (copy-on-write) starts at
 *   -1, unbound: so a task that unshares, or clones with CLONE_NEW*, leaves
 *   its id behind, while a plain fork shares the nsproxy and its id;
 * - the id was "for a future syscall bind_ns", announced with "unshare_ns
 *   syscall (unshare dedicated to namespaces with its own flags)" and
 *   "bind_ns syscall enabling a process to switch nsproxy".
 *
 * What could not be confirmed (the bind_ns patch itself was not found in the
 * archives searched), and is modelled from the description of it:
 * binding the current nsproxy to an id (EBUSY when the id is taken, EACCES
 * when the nsproxy is already bound, init_nsproxy included); switching to a
 * subset of the namespaces of an nsproxy named by a positive id or by a
 * negative pid, only from nsproxy 0 and with CAP_SYS_ADMIN (ENOENT for no
 * nsproxy of that id, ESRCH for no task of that pid, EINVAL for bad flags,
 * EPERM without the capability or outside nsproxy 0). The choices made here
 * where that leaves room, each said once:
 * - `flags` 0 binds, any other `flags` switches (the namespaces named);
 * - ids are positive (0 is init_nsproxy's, a negative id names a pid):
 *   binding id <= 0, or switching to id 0, is EINVAL;
 * - binding needs no capability; switching needs CAP_SYS_ADMIN in the initial
 *   user namespace (capable(), as every namespace call of 2006 did);
 * - unshare_ns takes the CLONE_NEW* flags of the nsproxy's namespaces only
 *   (not CLONE_NEWUSER, not CLONE_FS or the other unshare flags: EINVAL), and
 *   is unshare(2) of those (its checks, its errors);
 * - an id does not pin its nsproxy: it names it while the nsproxy lives, and
 *   is free again once its last task left (free_nsproxy);
 * - a switch that takes every namespace of the target joins the target
 *   nsproxy itself (and its id); a partial switch makes a new, unbound one.
 *   Each namespace switched is installed as setns(2) installs it (its type's
 *   checks), all or nothing.
 */
import { checkAlive, checkInt } from './args.ts';
import { CAP_SYS_ADMIN, CLONE_NEWUSER } from './constants.ts';
import { nsCapable } from './cred.ts';
import { fail } from './errors.ts';
import { emit } from './events.ts';
import { flagsOr, flagsWithout, hasFlag } from './flags.ts';
import type { Kernel } from './kernel.ts';
import type { NsCommon } from './ns-common.ts';
import { commitNssetCredFs, getNsproxy, Nsproxy, putNsproxy } from './nsproxy.ts';
import { NsSet } from './nsset.ts';
import { installNs } from './permission.ts';
import type { Task } from './task.ts';

/** The road's name, as `KernelOptions.roads`, `@road:` and `--road` write it. */
export const NSPROXY_IDS = 'nsproxy-ids';


/** The ids of one kernel: init_nsproxy (id 0), and the nsproxies bound since. */
interface IdTable {
  /** init_nsproxy: the nsproxy the kernel booted with (id 0). */
  readonly init: Nsproxy;
  /** Bound ids (> 0) and their nsproxy; an entry whose nsproxy was freed is stale (see `live`). */
  readonly byId: Map<number, Nsproxy>;
  /** The id of each bound nsproxy. */
  readonly idOf: WeakMap<Nsproxy, number>;
}

const tables = new WeakMap<Kernel, IdTable>();

/**
 * The kernel's id table, made at boot (`bootNsproxyIds`) so that init_nsproxy
 * is the nsproxy the first task booted with.
 */
function tableOf(k: Kernel): IdTable {
  let t = tables.get(k);
  if (!t) {
    const init = k.initTask.nsproxy;
    if (!init) throw new Error('nsproxy-ids: the first task has no nsproxy');
    t = { init, byId: new Map(), idOf: new WeakMap() };
    tables.set(k, t);
  }
  return t;
}

/** Boot of a kernel on road nsproxy-ids: init_nsproxy gets id 0 (INIT_NSPROXY's `.id = 0`). */
export function bootNsproxyIds(k: Kernel): void {
  tableOf(k);
}

/**
 * Makes `task`'s nsproxy nsproxy 0, before any id is bound: a world whose
 * first task stands for the initial one (the scenario world's `init`, cloned
 * with fresh namespaces that the format labels as the first of each type)
 * starts on this road from there. Throws (a mistake of the caller) once an id
 * is bound.
 */
export function setInitNsproxy(k: Kernel, task: Task): void {
  const t = tableOf(k);
  if (t.byId.size > 0) throw new Error('nsproxy-ids: nsproxy 0 is set before any id is bound');
  if (!task.nsproxy) throw new Error('nsproxy-ids: the task has no nsproxy');
  tables.set(k, { ...t, init: task.nsproxy });
}

/** Whether an nsproxy is still referenced by a task (free_nsproxy has not run). */
function live(p: Nsproxy): boolean {
  return p.count > 0;
}

/** The live nsproxy bound to `id`, dropping a stale entry (its nsproxy was freed, and the id with it). */
function lookup(t: IdTable, id: number): Nsproxy | undefined {
  const p = t.byId.get(id);
  if (p && !live(p)) {
    t.byId.delete(id);
    return undefined;
  }
  return p;
}

/**
 * nsproxy->id of an nsproxy on road nsproxy-ids: 0 for init_nsproxy, the id it
 * was bound to, or -1 (unbound).
 */
export function nsproxyId(k: Kernel, p: Nsproxy): number {
  const t = tableOf(k);
  if (p === t.init) return 0;
  const id = t.idOf.get(p);
  return id !== undefined && live(p) ? id : -1;
}

/** The `id` of an nsproxy's snapshot record: present on road nsproxy-ids for a bound nsproxy (init_nsproxy's 0 included). */
export function nsproxyIdField(k: Kernel, p: Nsproxy): { id?: number } {
  if (!k.onRoad(NSPROXY_IDS)) return {};
  const id = nsproxyId(k, p);
  return id === -1 ? {} : { id };
}

/**
 * Kernel.restore on road nsproxy-ids: the ids of the restored nsproxies
 * (`[nsproxy, id]`, 0 for init_nsproxy). When no task held init_nsproxy any
 * more, nsproxy 0 is one no task holds, as it was.
 */
export function restoreNsproxyIds(k: Kernel, entries: readonly (readonly [Nsproxy, number])[]): void {
  const init = entries.find(([, id]) => id === 0)?.[0] ?? Object.assign(new Nsproxy([]), { count: 0 });
  const t: IdTable = { init, byId: new Map(), idOf: new WeakMap() };
  for (const [p, id] of entries) {
    if (id <= 0) continue;
    t.byId.set(id, p);
    t.idOf.set(p, id);
  }
  tables.set(k, t);
}

/** Every id bound to a live nsproxy, with it, in increasing id order (init_nsproxy's 0 first). */
export function boundNsproxies(k: Kernel): [number, Nsproxy][] {
  const t = tableOf(k);
  const out: [number, Nsproxy][] = [[0, t.init]];
  for (const id of [...t.byId.keys()].sort((a, b) => a - b)) {
    const p = lookup(t, id);
    if (p) out.push([id, p]);
  }
  return out;
}

/** ENOSYS unless the kernel opened road nsproxy-ids (the system call does not exist on Linux as merged). */
function onRoad(k: Kernel, sys: string): void {
  if (!k.onRoad(NSPROXY_IDS)) fail('ENOSYS', sys, `no ${sys} on Linux as merged (road ${NSPROXY_IDS} is not open)`, 'R1.1');
}

/** The CLONE_NEW* flags of the nsproxy's registered namespaces (every type but user). */
function nsproxyFlags(k: Kernel): number {
  return flagsOr(...k.nsproxyTypes.filter((t) => k.isRegistered(t)).map((t) => t.type));
}

/**
 * sys_unshare_ns (proposed): unshare(2) restricted to the namespaces of the
 * nsproxy, with flags of its own. The new nsproxy is unbound (id -1).
 */
export function unshareNs(k: Kernel, task: Task, flags: number): void {
  const sys = 'unshare_ns';
  checkAlive(k, task, sys);
  checkInt(flags, sys, 'flags');
  onRoad(k, sys);
  if (flags === 0 || hasFlag(flags, CLONE_NEWUSER) || flagsWithout(flags, nsproxyFlags(k)) !== 0) {
    fail('EINVAL', sys, 'flags must be a non-empty set of the nsproxy\'s CLONE_NEW* flags', 'R1.2');
  }
  k.unshare(task, flags);
}

/**
 * sys_bind_ns (proposed). `flags` 0: bind the caller's nsproxy to `id` (> 0).
 * Otherwise: from nsproxy 0, with CAP_SYS_ADMIN, switch the namespaces of
 * `flags` to those of the nsproxy bound to `id` (> 0) or of the task whose
 * pid is `-id` (< 0). All checks come first; a failure changes nothing.
 */
export function bindNs(k: Kernel, task: Task, id: number, flags: number): void {
  const sys = 'bind_ns';
  checkAlive(k, task, sys);
  checkInt(id, sys, 'id');
  checkInt(flags, sys, 'flags');
  onRoad(k, sys);
  const t = tableOf(k);
  const current = task.nsproxy;
  if (!current) throw new Error('bind_ns: no nsproxy');

  if (flags === 0) {
    // Bind the current nsproxy to id.
    if (id <= 0) fail('EINVAL', sys, 'an nsproxy id is positive', 'R1.3');
    if (nsproxyId(k, current) !== -1) fail('EACCES', sys, 'the nsproxy is already bound to an id', 'R1.4');
    if (lookup(t, id)) fail('EBUSY', sys, `id ${id} names another nsproxy`, 'R1.5');
    // ---- commit
    t.byId.set(id, current);
    t.idOf.set(current, id);
    return;
  }

  // Switch to namespaces of an identified nsproxy.
  if (flagsWithout(flags, nsproxyFlags(k)) !== 0 || hasFlag(flags, CLONE_NEWUSER)) {
    fail('EINVAL', sys, 'flags must be a set of the nsproxy\'s CLONE_NEW* flags', 'R1.6');
  }
  if (id === 0) fail('EINVAL', sys, 'nsproxy 0 is the caller\'s own', 'R1.6');
  if (!nsCapable(task.cred, k.initUserNs, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN is needed', 'R1.7');
  if (current !== t.init) fail('EPERM', sys, 'only a task of nsproxy 0 may switch', 'R1.7');
  let target: Nsproxy | undefined;
  if (id > 0) {
    target = lookup(t, id);
    if (!target) fail('ENOENT', sys, `no nsproxy has id ${id}`, 'R1.8');
  } else {
    const other = task.pid.ns.findTask(-id);
    target = other && other.state !== 'dead' ? (other.nsproxy ?? undefined) : undefined;
    if (!target) fail('ESRCH', sys, `no task has pid ${-id}`, 'R1.9');
  }
  // Stage the switch as setns stages it (prepare_nsset, each type's install), all or nothing.
  const nsset = new NsSet(k, task, flags, [...current.slots]);
  const entered: NsCommon[] = [];
  for (const type of k.nsproxyTypes) {
    if (!k.isRegistered(type) || !hasFlag(flags, type.type)) continue;
    const ns = target.slots[k.slotOf(type)];
    if (!ns) continue;
    installNs(nsset, ns);
    entered.push(ns);
  }
  // ---- commit (commit_nsset)
  commitNssetCredFs(k, task, nsset);
  const slots = nsset.slots;
  if (slots.every((ns, i) => ns === target.slots[i])) {
    // Every namespace of the target: the caller joins its nsproxy (get_nsproxy), and its id.
    task.nsproxy = getNsproxy(target);
  } else {
    for (const ns of slots) ns.count++;
    task.nsproxy = new Nsproxy(slots);
  }
  putNsproxy(k, current);
  if (nsset.commits) for (const fn of nsset.commits) fn();
  if (k.to.setns.length) emit(k, k.to.setns, { type: 'setns', task, namespaces: entered });
}
