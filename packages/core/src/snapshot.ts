/**
 * Snapshots: the whole state of a Kernel as plain JSON, and a Kernel rebuilt
 * from one (no Linux counterpart; CRIU does it from user space). Restoring a
 * snapshot gives a kernel whose own snapshot is identical and which answers
 * every later call identically (the model is deterministic: no clocks, no
 * randomness). Every namespace goes through its type's `save` and `revive`,
 * the built-in user and pid types' included.
 */
import { InvalidArgumentError, describeValue } from './args.ts';
import { Cred } from './cred.ts';
import type { CredInit } from './cred.ts';
import type { Kernel, KernelOptions } from './kernel.ts';
import type { NsCommon } from './ns-common.ts';
import { Nsproxy } from './nsproxy.ts';
import { NSPROXY_IDS, nsproxyIdField, restoreNsproxyIds } from './nsproxy-ids.ts';
import type { NamespaceOperations, ReviveStateRefs, SaveStateRefs } from './ops.ts';
import { Pid } from './pid.ts';
import type { PidNamespace } from './pid.ts';
import { FdTable, FsStruct, SigHand, Task } from './task.ts';
import type { FownStruct, OpenFile, PidFile, SignalAction, TaskState } from './task.ts';
import type { UcountCharge } from './ucount.ts';
import type { UserNamespace } from './user-namespace.ts';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The JSON form of a kernel (`Kernel.snapshot`). */
export interface KernelSnapshot {
  readonly format: 'nsproxy-kernel';
  readonly version: 2;
  readonly types: string[];
  readonly options: { pidMax: number | null; maxNamespaces: number; initComm: string | null; roads?: string[] };
  readonly counters: { nextSerial: number; nextNsId: number; inumLow: number; inumUsed: number[] };
  readonly namespaces: NsRecord[];
  readonly initialNs: number[];
  readonly creds: CredRecord[];
  /** `id`: nsproxy->id on road nsproxy-ids (0 for init_nsproxy, the id bound), absent when unbound or off the road. */
  readonly nsproxies: { count: number; slots: number[]; id?: number }[];
  /** `owner`: the file's f_owner (fcntl F_SETOWN), absent when it has none (and in snapshots older than it). */
  readonly files: (({ kind: 'ns'; ns: number; count: number } | { kind: 'pidfd'; pid: number; count: number }) & { owner?: FownRecord })[];
  readonly fdTables: { users: number; fds: [number, number][] }[];
  readonly fsStructs: { users: number; chrooted: boolean }[];
  readonly sighands: { users: number; actions: [number, SignalAction][] }[];
  readonly pids: { ns: number; numbers: number[]; count: number; task: number | null }[];
  readonly tasks: TaskRecord[];
  readonly initTask: number;
  /** Pins (`Kernel.pinNs`): [holder, namespace id], in pinning order. Absent in snapshots older than pins. */
  readonly pins?: [string, number][];
  /**
   * What each type's `saveState` returned (its kernel-wide state), by type
   * name, for the types that have one. Absent in snapshots older than it.
   */
  readonly state?: { [type: string]: Json };
}

/** A struct fown_struct: its pid's number, the setter's uid and euid, its user namespace's id (null off road userns-2007). */
interface FownRecord {
  pid: number; uid: number; euid: number; userNs: number | null;
}

interface NsRecord {
  id: number;
  type: string;
  inum: number;
  count: number;
  freed: boolean;
  owner: number | null;
  parent: number | null;
  ucount: { type: string; levels: [number, string][] } | null;
  /** What the type's `save` returned. */
  data: Json;
}

type CredRecord = Omit<CredInit, 'userNs' | 'capInheritable' | 'capPermitted' | 'capEffective' | 'capBset' | 'capAmbient'> & {
  userNs: number; caps: [string, string, string, string, string];
};

interface TaskRecord {
  serial: number; pid: number; leader: number; threads: number[] | null; parent: number | null; children: number[] | null;
  comm: string; state: TaskState; exitStatus: number; cred: number; nsproxy: number | null; files: number | null;
  fs: number | null; sighand: number; dumpable: boolean; mmUserNs: number; childSubreaper: boolean; hasChildSubreaper: boolean;
  noNewPrivs?: boolean;
  /** Task.session, when not the boot session. */
  session?: number;
  pdeathSignal?: number;
}

/**
 * A state a snapshot cannot keep (not a bug: the model has no JSON form for
 * it yet): an open file of a type's object (a socket, a cgroup directory),
 * or a namespace of a type without `save`.
 */
export class SnapshotUnsupportedError extends Error {
  override readonly name = 'SnapshotUnsupportedError';
}

/** Numbers objects by first appearance. */
class Index<T> {
  readonly items: T[] = [];
  private readonly map = new Map<T, number>();
  of(x: T): number {
    let i = this.map.get(x);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(x);
      this.map.set(x, i);
    }
    return i;
  }
  /** The number of `x`, undefined when it has none. */
  find(x: T): number | undefined {
    return this.map.get(x);
  }
}

const hex = (b: bigint): string => b.toString(16);

/** The state of `kernel` as JSON (see `Kernel.snapshot`). */
export function snapshotKernel(kernel: Kernel): KernelSnapshot {
  const nsList: NsCommon[] = [...kernel.allNs];
  const ids = (ns: NsCommon | null): number | null => (ns ? ns.nsId : null);
  const creds = new Index<Cred>();
  const nsproxies = new Index<Nsproxy>();
  const files = new Index<OpenFile>();
  const fdTables = new Index<FdTable>();
  const fsStructs = new Index<FsStruct>();
  const sighands = new Index<SigHand>();
  const pids = new Index<Pid>();
  const tasks: TaskRecord[] = [];
  for (const t of kernel.taskSet) {
    tasks.push({
      serial: t.serial, pid: pids.of(t.pid), leader: t.leader.serial, threads: t.threads ? t.threads.map((x) => x.serial) : null,
      parent: t.parent ? t.parent.serial : null, children: t.children ? [...t.children].map((x) => x.serial) : null,
      comm: t.comm, state: t.state, exitStatus: t.exitStatus, cred: creds.of(t.cred),
      nsproxy: t.nsproxy ? nsproxies.of(t.nsproxy) : null, files: t.files ? fdTables.of(t.files) : null,
      fs: t.fs ? fsStructs.of(t.fs) : null, sighand: sighands.of(t.sighand), dumpable: t.dumpable,
      mmUserNs: t.mmUserNs.nsId, childSubreaper: t.childSubreaper, hasChildSubreaper: t.hasChildSubreaper,
      ...(t.noNewPrivs ? { noNewPrivs: true } : {}),
      ...(t.pdeathSignal !== 0 ? { pdeathSignal: t.pdeathSignal } : {}),
      ...(t.session !== 0 ? { session: t.session } : {}),
    });
  }
  const fdTableRecords = fdTables.items.map((ft) => ({ users: ft.users, fds: [...ft.fds].map(([fd, f]): [number, number] => [fd, files.of(f)]) }));
  for (const f of files.items) {
    if (f.kind === 'pidfd') pids.of(f.pid);
    if (f.fOwner) pids.of(f.fOwner.pid);
    if (f.kind === 'object') throw new SnapshotUnsupportedError(`snapshot: an open ${f.object.what} cannot be saved (its type has no snapshot)`);
  }
  const refs: SaveStateRefs = {
    pid: (p) => pids.of(p),
    task: (t) => (t && kernel.taskSet.has(t) ? t.serial : null),
    fs: (fs) => {
      const n = fsStructs.find(fs);
      if (n === undefined) throw new Error('snapshot: an fs_struct that no task of the snapshot uses');
      return n;
    },
  };
  const namespaces: NsRecord[] = nsList.map((ns) => {
    if (!ns.ops.save) throw new SnapshotUnsupportedError(`namespace type '${ns.type}' does not support snapshots (no save)`);
    const data = (ns.ops.save(ns, refs) ?? null) as Json;
    return {
      id: ns.nsId, type: ns.type, inum: ns.inum, count: ns.count, freed: ns.freed, owner: ids(ns.ownerNs),
      parent: ids(ns.heldParent),
      ucount: ns.ucount ? { type: ns.ucount.type, levels: ns.ucount.levels.map((l): [number, string] => [l.ns.nsId, l.key]) } : null,
      data,
    };
  });
  // The types' kernel-wide state, after their namespaces (a type's saveState may number pids and tasks too).
  const state: { [type: string]: Json } = {};
  for (const t of kernel.types) {
    if (kernel.isRegistered(t) && t.saveState) state[t.name] = (t.saveState(kernel, refs) ?? null) as Json;
  }
  return {
    format: 'nsproxy-kernel', version: 2,
    types: kernel.types.filter((t) => kernel.isRegistered(t)).map((t) => t.name),
    options: {
      pidMax: kernel.options.pidMax ?? null, maxNamespaces: kernel.options.maxNamespaces, initComm: kernel.options.initComm ?? null,
      ...(kernel.roads.size > 0 ? { roads: [...kernel.roads] } : {}),
    },
    counters: { nextSerial: kernel.nextSerial, nextNsId: kernel.nextNsId, inumLow: kernel.inumLow, inumUsed: [...kernel.inumUsed].sort((a, b) => a - b) },
    namespaces,
    initialNs: kernel.initialNs.map((n) => n.nsId),
    creds: creds.items.map((c) => {
      const f = c.fields();
      return {
        uid: f.uid, euid: f.euid, suid: f.suid, fsuid: f.fsuid, gid: f.gid, egid: f.egid, sgid: f.sgid, fsgid: f.fsgid,
        keepCaps: f.keepCaps, ...(f.groups && f.groups.length > 0 ? { groups: [...f.groups] } : {}), ...(f.securebits ? { securebits: f.securebits } : {}), userNs: f.userNs.nsId,
        caps: [hex(f.capInheritable), hex(f.capPermitted), hex(f.capEffective), hex(f.capBset), hex(f.capAmbient)],
      };
    }),
    nsproxies: nsproxies.items.map((p) => ({ count: p.count, slots: p.slots.map((n) => n.nsId), ...nsproxyIdField(kernel, p) })),
    files: files.items.map((f) => {
      const rec = f.kind === 'ns' ? { kind: 'ns' as const, ns: f.ns.nsId, count: f.count } : { kind: 'pidfd' as const, pid: pids.of((f as PidFile).pid), count: f.count };
      const o = f.fOwner;
      return o ? { ...rec, owner: { pid: pids.of(o.pid), uid: o.uid, euid: o.euid, userNs: ids(o.userNs) } } : rec;
    }),
    fdTables: fdTableRecords,
    fsStructs: fsStructs.items.map((f) => ({ users: f.users, chrooted: f.chrootFlag })),
    sighands: sighands.items.map((s) => ({ users: s.users, actions: [...s.actions] })),
    pids: pids.items.map((p) => ({ ns: p.ns.nsId, numbers: [...p.numbers], count: p.count, task: p.task ? p.task.serial : null })),
    tasks,
    initTask: kernel.initTask.serial,
    pins: [...kernel.pinMap].map(([holder, ns]): [string, number] => [holder, ns.nsId]),
    state,
  };
}

/**
 * Rebuilds a kernel from a snapshot (`Kernel.restore`, which passes the
 * constructor: this module does not import the kernel). The same namespace
 * types must be passed (types are code, not data); each needs `save` and
 * `revive`.
 */
export function restoreKernel(
  snap: KernelSnapshot, options: Pick<KernelOptions, 'namespaces'>, makeKernel: (options: KernelOptions) => Kernel,
): Kernel {
  // Everything is built on a kernel nobody else sees yet: a snapshot that fails any check below throws one
  // InvalidArgumentError (the first problem, with the original error as its cause) and leaves nothing behind.
  try {
    checkSnapshotShape(snap);
    const k = buildKernel(snap, options, makeKernel);
    checkRestored(k, snap);
    return k;
  } catch (e) {
    if (e instanceof InvalidArgumentError && e.syscall === 'Kernel.restore') throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new InvalidArgumentError('ERR_INVALID_ARG_VALUE', 'Kernel.restore', 'snapshot', `not a valid nsproxy kernel snapshot: ${why}`, { cause: e });
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The outline of a snapshot: the format and version, and every part present with its JSON type. */
function checkSnapshotShape(snap: unknown): asserts snap is KernelSnapshot {
  if (!isRecord(snap)) throw new Error(`expected an object, got ${describeValue(snap)}`);
  if (snap.format !== 'nsproxy-kernel' || snap.version !== 2) throw new Error('not an nsproxy kernel snapshot (version 2)');
  for (const key of ['types', 'namespaces', 'initialNs', 'creds', 'nsproxies', 'files', 'fdTables', 'fsStructs', 'sighands', 'pids', 'tasks']) {
    if (!Array.isArray(snap[key])) throw new Error(`${key} must be an array, got ${describeValue(snap[key])}`);
  }
  if (snap.pins !== undefined && !Array.isArray(snap.pins)) throw new Error(`pins must be an array, got ${describeValue(snap.pins)}`);
  if (snap.state !== undefined && !isRecord(snap.state)) throw new Error(`state must be an object, got ${describeValue(snap.state)}`);
  if (!isRecord(snap.options)) throw new Error(`options must be an object, got ${describeValue(snap.options)}`);
  if (!isRecord(snap.counters)) throw new Error(`counters must be an object, got ${describeValue(snap.counters)}`);
  if (!Array.isArray(snap.counters.inumUsed)) throw new Error('counters.inumUsed must be an array');
  if (typeof snap.initTask !== 'number') throw new Error(`initTask must be a task serial, got ${describeValue(snap.initTask)}`);
  const serials = new Set((snap.tasks as unknown[]).map((t) => (isRecord(t) ? t.serial : undefined)));
  if (!serials.has(snap.initTask)) throw new Error(`initTask ${snap.initTask} is not one of the tasks`);
}

/** JSON with sorted keys, to compare two snapshots whatever order their keys were written in. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_key, value: unknown) =>
    isRecord(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]])) : value);
}

/**
 * What a rebuilt kernel must be: its init task alive, every task's leader,
 * parent, threads and children among its tasks, every live namespace's
 * count equal to its holders, and its own snapshot the one it was built
 * from (a dangling or inconsistent reference shows there).
 */
function checkRestored(k: Kernel, snap: KernelSnapshot): void {
  if (!k.initTask.alive) throw new Error(`the init task ${k.initTask.serial} has exited`);
  if (!k.initUserNs || !k.initPidNs) throw new Error('initialNs lacks the initial user or pid namespace');
  for (const t of k.taskSet) {
    for (const [what, other] of [['leader', t.leader], ['parent', t.parent], ...(t.threads ?? []).map((x) => ['thread', x] as const), ...[...(t.children ?? [])].map((x) => ['child', x] as const)] as const) {
      if (what === 'parent' && other === null) continue;
      if (!other || !k.taskSet.has(other)) throw new Error(`task ${t.serial}: its ${what} is not one of the tasks`);
    }
    if (!t.pid || !t.cred || !t.sighand || !t.mmUserNs) throw new Error(`task ${t.serial}: a dangling pid, cred, sighand or mmUserNs reference`);
    if (t.alive && (!t.nsproxy || !t.files || !t.fs)) throw new Error(`task ${t.serial}: running without an nsproxy, files or fs`);
  }
  if (k.taskSet.size !== snap.tasks.length) throw new Error('two tasks share a serial');
  // The shared objects' counts: an fd table, fs and sighand count the tasks that use them, an open file the fds that hold it.
  const users = new Map<object, number>();
  const use = (o: object | null): void => void (o && users.set(o, (users.get(o) ?? 0) + 1));
  for (const t of k.taskSet) {
    use(t.files);
    use(t.fs);
    use(t.sighand);
  }
  for (const o of [...users.keys()]) if (o instanceof FdTable) for (const f of o.fds.values()) use(f);
  for (const [o, n] of users) {
    const count = o instanceof FdTable || o instanceof FsStruct || o instanceof SigHand ? o.users : (o as OpenFile).count;
    if (count !== n) throw new Error(`a shared ${o instanceof FdTable ? 'fd table' : o instanceof FsStruct ? 'fs' : o instanceof SigHand ? 'sighand' : 'file'} counts ${count} users, but ${n} hold it`);
  }
  const holders = k.countHolders();
  for (const ns of k.allNs) {
    if (ns.count !== (holders.get(ns) ?? 0)) throw new Error(`${ns.type} namespace ${ns.nsId}: count ${ns.count}, but ${holders.get(ns) ?? 0} holders`);
  }
  const expected = { ...snap, pins: snap.pins ?? [], counters: { ...snap.counters, inumUsed: [...snap.counters.inumUsed].sort((a, b) => a - b) } };
  // A snapshot older than type states has none to compare: the types started from their boot state.
  const { state, ...rebuilt } = snapshotKernel(k);
  const again = snap.state === undefined ? rebuilt : { ...rebuilt, state };
  // The same text in the same key order (a snapshot as snapshot() wrote it) is the common case; sorting keys is the slow one.
  if (JSON.stringify(again) === JSON.stringify(expected)) return;
  if (canonical(again) !== canonical(expected)) throw new Error('it does not restore to itself (a dangling or inconsistent reference)');
}

/** A file's f_owner from its record (`KernelSnapshot.files[].owner`). */
function reviveFown(o: FownRecord, pids: readonly Pid[], get: (id: number | null) => NsCommon | null): FownStruct {
  if (!isRecord(o)) throw new Error(`a file's owner must be an object, got ${describeValue(o)}`);
  const pid = pids[o.pid];
  if (!pid) throw new Error(`a file's owner: struct pid ${describeValue(o.pid)} is not one of the pids`);
  if (typeof o.uid !== 'number' || typeof o.euid !== 'number') throw new Error("a file's owner: uid and euid must be numbers");
  const userNs = get(o.userNs);
  if (userNs !== null && userNs.type !== 'user') throw new Error(`a file's owner: namespace ${o.userNs} is not a user namespace`);
  return { pid, uid: o.uid, euid: o.euid, userNs: userNs as UserNamespace | null };
}

/** Builds the kernel a snapshot describes (see `restoreKernel`, which checks it). */
function buildKernel(
  snap: KernelSnapshot, options: Pick<KernelOptions, 'namespaces'>, makeKernel: (options: KernelOptions) => Kernel,
): Kernel {
  const k = makeKernel({
    namespaces: options.namespaces ?? [],
    maxNamespaces: snap.options.maxNamespaces,
    ...(snap.options.pidMax !== null ? { pidMax: snap.options.pidMax } : {}),
    ...(snap.options.initComm !== null ? { initComm: snap.options.initComm } : {}),
    ...(snap.options.roads !== undefined ? { roads: snap.options.roads } : {}),
  });
  const registered = k.types.filter((t) => k.isRegistered(t)).map((t) => t.name);
  if (registered.join(',') !== snap.types.join(',')) {
    throw new Error(`the snapshot was taken with types [${snap.types.join(', ')}], not [${registered.join(', ')}]`);
  }
  const opsByName = new Map<string, NamespaceOperations>();
  for (const t of k.types) opsByName.set(t.name, t);

  // Namespaces, in creation order (owners and parents come first).
  const nsById = new Map<number, NsCommon>();
  const get = (id: number | null): NsCommon | null => {
    if (id === null) return null;
    const ns = nsById.get(id);
    if (!ns) throw new Error(`snapshot: namespace ${id} is used before it is defined`);
    return ns;
  };
  // What revive may refer to: pids and tasks exist only after the namespaces, so their users defer.
  const deferred: (() => void)[] = [];
  let pidList: Pid[] | null = null;
  let taskBySerial: Map<number, Task> | null = null;
  let fsList: FsStruct[] | null = null;
  const refs: ReviveStateRefs = {
    defer: (fn) => void deferred.push(fn),
    pid: (n) => {
      const p = pidList?.[n];
      if (!p) throw new Error(`snapshot: struct pid ${n} is not available (use refs.defer)`);
      return p;
    },
    task: (serial) => {
      if (serial === null) return null;
      if (!taskBySerial) throw new Error('snapshot: tasks are not available yet (use refs.defer)');
      return taskBySerial.get(serial) ?? null;
    },
    ns: (id) => {
      const ns = nsById.get(id);
      if (!ns) throw new Error(`snapshot: namespace ${id} is not one of the snapshot's`);
      return ns;
    },
    fs: (n) => {
      const fs = fsList?.[n];
      if (!fs) throw new Error(`snapshot: fs_struct ${n} is not available (use refs.defer)`);
      return fs;
    },
  };
  // The types' kernel-wide state first: their namespaces' revive may use it.
  const saved = snap.state ?? {};
  for (const name of Object.keys(saved)) {
    const ops = opsByName.get(name);
    if (!ops || !k.isRegistered(ops)) throw new Error(`snapshot: state of unknown namespace type ${name}`);
    if (!ops.reviveState) throw new Error(`namespace type '${name}' cannot revive its saved state (no reviveState)`);
  }
  for (const t of k.types) {
    if (!k.isRegistered(t) || !t.saveState) continue;
    // A snapshot older than type states has none: such a type starts from its boot state.
    if (snap.state === undefined) continue;
    if (!(t.name in saved)) throw new Error(`snapshot: no saved state of namespace type ${t.name}`);
    t.reviveState?.(k, saved[t.name], refs);
  }
  for (const rec of snap.namespaces) {
    const ops = opsByName.get(rec.type);
    if (!ops) throw new Error(`snapshot: unknown namespace type ${rec.type}`);
    if (!ops.revive) throw new Error(`namespace type '${rec.type}' does not support snapshots (no revive)`);
    const ns = ops.revive(k, get(rec.owner) as UserNamespace, rec.data, get(rec.parent), refs);
    ns.inum = rec.inum;
    ns.nsId = rec.id;
    ns.count = rec.count;
    ns.freed = rec.freed;
    ns.bindKernel(k);
    nsById.set(rec.id, ns);
  }
  for (const rec of snap.namespaces) {
    if (!rec.ucount) continue;
    // A charge is the cell of its first level, linked to the others (UcountCell).
    const [first] = rec.ucount.levels;
    if (!first) throw new Error(`snapshot: namespace ${rec.id} has a charge without levels`);
    const charge: UcountCharge = (get(first[0]) as UserNamespace).ucounts.cell(first[1]);
    if (charge.type !== rec.ucount.type || charge.levels.length !== rec.ucount.levels.length) {
      throw new Error(`snapshot: namespace ${rec.id}'s charge does not match its user namespaces`);
    }
    (get(rec.id) as NsCommon).ucount = charge;
  }

  // Shared objects.
  const creds = snap.creds.map((c) => {
    const [ci, cp, ce, cb, ca] = c.caps;
    return new Cred({
      uid: c.uid, euid: c.euid, suid: c.suid, fsuid: c.fsuid, gid: c.gid, egid: c.egid, sgid: c.sgid, fsgid: c.fsgid,
      keepCaps: c.keepCaps, groups: c.groups ?? [], securebits: c.securebits ?? 0, userNs: get(c.userNs) as UserNamespace,
      capInheritable: BigInt(`0x${ci}`), capPermitted: BigInt(`0x${cp}`), capEffective: BigInt(`0x${ce}`),
      capBset: BigInt(`0x${cb}`), capAmbient: BigInt(`0x${ca}`),
    });
  });
  const nsproxies = snap.nsproxies.map((p) => {
    const n = new Nsproxy(p.slots.map((id) => get(id) as NsCommon));
    n.count = p.count;
    return n;
  });
  // Road nsproxy-ids: the ids the nsproxies had (init_nsproxy's 0 among them, if a task still holds it).
  if (k.onRoad(NSPROXY_IDS)) restoreNsproxyIds(k, snap.nsproxies.flatMap((p, i): [Nsproxy, number][] => (p.id !== undefined ? [[nsproxies[i] as Nsproxy, p.id]] : [])));
  const pids = snap.pids.map((p) => {
    const pid = new Pid(get(p.ns) as PidNamespace, [...p.numbers]);
    pid.count = p.count;
    return pid;
  });
  const files: OpenFile[] = snap.files.map((f) => {
    const file: OpenFile = f.kind === 'ns' ? { kind: 'ns', ns: get(f.ns) as NsCommon, count: f.count } : { kind: 'pidfd', pid: pids[f.pid] as Pid, count: f.count };
    if (f.owner !== undefined) file.fOwner = reviveFown(f.owner, pids, get);
    return file;
  });
  const fdTables = snap.fdTables.map((t) => {
    const ft = new FdTable();
    ft.users = t.users;
    for (const [fd, i] of t.fds) ft.fds.set(fd, files[i] as OpenFile);
    return ft;
  });
  const fsStructs = snap.fsStructs.map((f) => {
    const fs = new FsStruct();
    fs.users = f.users;
    fs.chrootFlag = f.chrooted;
    return fs;
  });
  const sighands = snap.sighands.map((s) => {
    const sh = new SigHand();
    sh.users = s.users;
    for (const [sig, a] of s.actions) sh.actions.set(sig, a);
    return sh;
  });

  // Tasks: create them all, then link them.
  const bySerial = new Map<number, Task>();
  const leaderless = new Map<Task, number>();
  for (const r of snap.tasks) {
    const t = new Task({
      kernel: k, serial: r.serial, pid: pids[r.pid] as Pid, leader: null, parent: null, comm: r.comm,
      cred: creds[r.cred] as Cred, nsproxy: r.nsproxy === null ? (null as unknown as Nsproxy) : (nsproxies[r.nsproxy] as Nsproxy),
      files: r.files === null ? (null as unknown as FdTable) : (fdTables[r.files] as FdTable),
      fs: r.fs === null ? (null as unknown as FsStruct) : (fsStructs[r.fs] as FsStruct),
      sighand: sighands[r.sighand] as SigHand, mmUserNs: get(r.mmUserNs) as UserNamespace,
    });
    t.state = r.state;
    t.exitStatus = r.exitStatus;
    t.dumpable = r.dumpable;
    t.childSubreaper = r.childSubreaper;
    t.hasChildSubreaper = r.hasChildSubreaper;
    t.noNewPrivs = r.noNewPrivs ?? false;
    t.pdeathSignal = r.pdeathSignal ?? 0;
    t.session = r.session ?? 0;
    bySerial.set(r.serial, t);
    if (r.leader !== r.serial) leaderless.set(t, r.leader);
  }
  const task = (serial: number | null): Task | null => (serial === null ? null : bySerial.get(serial) ?? null);
  for (const r of snap.tasks) {
    const t = bySerial.get(r.serial) as Task;
    const leaderSerial = leaderless.get(t);
    if (leaderSerial !== undefined) (t as { leader: Task }).leader = task(leaderSerial) as Task;
    t.threads = r.threads ? r.threads.map((s) => task(s) as Task) : null;
    t.parent = task(r.parent);
    t.children = r.children ? new Set(r.children.map((s) => task(s) as Task)) : null;
  }
  snap.pids.forEach((p, i) => {
    (pids[i] as Pid).task = task(p.task);
  });
  pidList = pids;
  taskBySerial = bySerial;
  fsList = fsStructs;
  // (The boot task first: a type's deferred step may ask whether a task is it.)
  k.initTask = task(snap.initTask) as Task;
  for (const fn of deferred) fn();

  // Adopt the rebuilt state.
  k.allNs = new Set(snap.namespaces.filter((r) => !r.freed).map((r) => get(r.id) as NsCommon));
  k.initialNs = snap.initialNs.map((id) => get(id) as NsCommon);
  k.initUserNs = k.initialNs.find((n) => n.ops === k.userType) as UserNamespace;
  k.initPidNs = k.initialNs.find((n) => n.ops === k.pidType) as PidNamespace;
  k.taskSet = new Set(snap.tasks.map((r) => bySerial.get(r.serial) as Task));
  k.nextSerial = snap.counters.nextSerial;
  k.nextNsId = snap.counters.nextNsId;
  k.inumLow = snap.counters.inumLow;
  k.inumUsed = new Set(snap.counters.inumUsed);
  // The pinned namespaces' counts already include the pins' references.
  k.pinMap = new Map((snap.pins ?? []).map(([holder, id]): [string, NsCommon] => [holder, get(id) as NsCommon]));
  return k;
}
