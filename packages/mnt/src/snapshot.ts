/**
 * Snapshots of the mnt type (no Linux counterpart; CRIU dumps mounts from
 * /proc/PID/mountinfo): the whole mount state of a kernel as JSON, for
 * `Kernel.snapshot()`, and the same state rebuilt for `Kernel.restore()`.
 *
 * What is kept: every mount that anything reaches (the namespaces' trees,
 * the mounts a task's root or working directory keeps after a lazy unmount,
 * nsfs's internal mount) with its ids, flags, place, propagation (peer ring,
 * master, slave list) and path references; their superblocks; the dentries
 * of the file systems (a tmpfs's and the root file system's whole trees, in
 * their readdir order); the tasks' roots and working directories; the id
 * allocators. Caches are left out: a procfs or kernfs dentry and an nsfs
 * dentry are kept only when a mount or a task's path is on it (or below
 * it); the others are made again on lookup, as they were made the first time.
 */
import { SnapshotUnsupportedError } from '@nsproxy/core';
import type { FileSystemType, FsNode, FsStruct, Kernel, NsCommon, PidNamespace, ReviveStateRefs, SaveStateRefs, Task, UserNamespace } from '@nsproxy/core';
import { Mount, VfsPath } from './mount.ts';
import type { MntState } from './mount.ts';
import { mntState } from './namespace.ts';
import type { MntNamespace } from './namespace.ts';
import { procPidFiles } from './namei.ts';
import { Dentry, SuperBlock } from './vfs.ts';
import type { DentryKind, ProcNode } from './vfs.ts';

/** A place: [mount, dentry] by their numbers in the snapshot. */
type SavedPath = [number, number];

interface SavedSuperBlock {
  /** fstype, source, st_dev. */
  t: string;
  src: string;
  dev: string;
  /** s_user_ns, and the pid namespace of a procfs (by namespace id). */
  user: number;
  pid?: number;
  ro?: true;
  /** The mounts of it not yet freed, and its anonymous device's minor (-1: none). */
  mounts: number;
  anon: number;
  /** A type's file system: its name and the node of its root (the type's `saveNode`, or the path from its tree's root). */
  fs?: string;
  node?: unknown;
}

interface SavedDentry {
  /** Superblock, parent dentry (absent for a root), name, kind (absent: dir). */
  sb: number;
  p?: number;
  n: string;
  k?: Exclude<DentryKind, 'dir'>;
  /** Not one of its parent's entries (nsfs's dentries, a removed file still in use). */
  orphan?: true;
  dead?: true;
  uid?: number;
  gid?: number;
  mode: number;
  /** nsfs: the namespace's id. */
  ns?: number;
  /** procfs: the entry's kind, its task's serial, the ns entry or the type's file name. */
  proc?: [ProcNode['kind'], number?, string?];
  /** kernfs: the node (the type's `saveNode`, or the path from its tree's root). */
  node?: unknown;
}

interface SavedMount {
  id: number;
  unique: number;
  sb: number;
  root: number;
  flags: number;
  /** Parent mount and mountpoint dentry (absent: not attached). */
  parent?: number;
  mp?: number;
  /** Its children in attach order: [mountpoint dentry, mount]. */
  kids?: [number, number][];
  /** The mount namespace's id, absent for none. */
  ns?: number;
  group?: number;
  shared?: true;
  /** Road userns-2007: mnt_user_ns (absent: the initial one) and MNT_SHARE_NS. */
  userNs?: number;
  shareNs?: true;
  unbindable?: true;
  /** The next peer of the ring, absent when alone. */
  peer?: number;
  master?: number;
  slaves?: number[];
  refs?: number;
  detached?: true;
}

/**
 * What `saveState` of the mnt type gives. The counters that only order
 * things (mnt_id_unique, mnt_ns_seq, the group serials) are not kept: a
 * restored kernel continues from the highest one in use, which orders every
 * later mount, namespace and group after the existing ones as the original
 * would (a failed call that consumed numbers leaves no trace in a snapshot).
 */
export interface SavedMntState {
  mountIds: number[];
  groupIds: number[];
  /** [group id, serial of its allocation] in allocation order. */
  groupSerial: [number, number][];
  anonDevs: number[];
  mountMax: number;
  superblocks: SavedSuperBlock[];
  dentries: SavedDentry[];
  mounts: SavedMount[];
  /** nsfs's superblock and internal mount, and the superblock of each type file system ([name, superblock]). */
  nsfs: [number, number];
  typeSbs: [string, number][];
  /** Each mount namespace's root mount: [namespace id, mount]. */
  roots: [number, number][];
  /** The tasks' fs_structs: [fs_struct, root, pwd]. */
  fs: [number, SavedPath, SavedPath][];
}

/** What `save` keeps of one mount namespace (its mounts are the type's state). */
export interface SavedMntNamespace {
  seq: number;
  nrMounts: number;
  pendingMounts: number;
}

/** The type file system a superblock is of, by name among the kernel's types. */
function typeFsByName(kernel: Kernel, name: string): FileSystemType {
  const t = kernel.types.filter((x) => kernel.isRegistered(x)).flatMap((x) => x.filesystems ?? []).find((f) => f.name === name);
  if (!t) throw new Error(`snapshot: no registered type brings the file system ${name}`);
  return t;
}

/** A kernfs node as JSON: the type's `saveNode`. */
function saveNode(kernel: Kernel, type: FileSystemType, node: FsNode): unknown {
  if (!type.saveNode || !type.reviveNode) throw new SnapshotUnsupportedError(`snapshot: ${type.name} is mounted and has no saveNode and reviveNode`);
  return type.saveNode(kernel, node);
}

/** The node `saveNode` gave. */
function reviveNode(kernel: Kernel, type: FileSystemType, data: unknown): FsNode {
  if (!type.reviveNode) throw new Error(`snapshot: ${type.name} has no reviveNode`);
  return type.reviveNode(kernel, data);
}

/** What a snapshot of the mnt type keeps, numbered: the objects in their snapshot order. */
interface Collected {
  mntNamespaces: MntNamespace[];
  fsList: [number, FsStruct][];
  mounts: Mount[];
  mountIndex: Map<Mount, number>;
  sbs: SuperBlock[];
  sbIndex: Map<SuperBlock, number>;
  dentries: Dentry[];
  dentryIndex: Map<Dentry, number>;
}

/** Everything a snapshot keeps (see the module comment), in its order; `fsNum` numbers the tasks' fs_structs. */
function collect(kernel: Kernel, state: MntState, fsNum: (fs: FsStruct) => number): Collected {
  const mntNamespaces = [...kernel.namespaces()].filter((ns): ns is MntNamespace => ns.ops.name === 'mnt');
  // The tasks' paths (each fs_struct once, in the snapshot's numbering).
  const fsList: [number, FsStruct][] = [];
  const seenFs = new Set<FsStruct>();
  for (const t of kernel.taskSet) {
    if (!t.fs || seenFs.has(t.fs)) continue;
    seenFs.add(t.fs);
    fsList.push([fsNum(t.fs), t.fs]);
  }
  fsList.sort((a, b) => a[0] - b[0]);

  // Mounts: everything reachable from the namespaces' roots, the tasks' paths and nsfs's mount.
  const found = new Set<Mount>();
  const stack: Mount[] = [state.nsfsMount, ...mntNamespaces.map((ns) => ns.root)];
  for (const [, fs] of fsList) for (const p of [fs.root, fs.pwd]) if (p instanceof VfsPath) stack.push(p.mnt);
  while (stack.length > 0) {
    const m = stack.pop() as Mount;
    if (found.has(m)) continue;
    found.add(m);
    stack.push(m.parent, m.nextPeer, m.prevPeer, ...m.childAt.values(), ...m.slaves);
    if (m.master) stack.push(m.master);
  }
  const mounts = [...found].sort((a, b) => a.uniqueId - b.uniqueId);
  const mountIndex = new Map(mounts.map((m, i) => [m, i]));

  // Superblocks: nsfs's first, then in the order of the mounts that use them, then the type file systems'.
  const sbs: SuperBlock[] = [state.nsfs];
  const sbIndex = new Map<SuperBlock, number>([[state.nsfs, 0]]);
  const sbOf = (sb: SuperBlock): number => {
    let i = sbIndex.get(sb);
    if (i === undefined) {
      i = sbs.length;
      sbs.push(sb);
      sbIndex.set(sb, i);
    }
    return i;
  };
  for (const m of mounts) sbOf(m.sb);
  for (const sb of state.typeSbs.values()) sbOf(sb);

  // Dentries: the whole trees of the file systems that keep files; of the others, what a mount or path is on, with its parents.
  const referenced: Dentry[] = [];
  for (const m of mounts) {
    referenced.push(m.root, m.mountpoint);
    for (const d of m.childAt.keys()) referenced.push(d);
  }
  for (const [, fs] of fsList) for (const p of [fs.root, fs.pwd]) if (p instanceof VfsPath) referenced.push(p.dentry);
  const needed = new Set<Dentry>();
  for (let d of referenced) {
    for (;;) {
      if (needed.has(d)) break;
      needed.add(d);
      if (!d.parent) break;
      d = d.parent;
    }
  }
  const keepsFiles = (sb: SuperBlock): boolean => sb.fstype !== 'proc' && sb.fstype !== 'nsfs' && sb.fsType === null;
  const dentries: Dentry[] = [];
  const dentryIndex = new Map<Dentry, number>();
  const add = (d: Dentry): void => {
    dentryIndex.set(d, dentries.length);
    dentries.push(d);
  };
  for (const sb of sbs) {
    // Depth first in each directory's entry order (readdir's), without recursion.
    const walk: Dentry[] = [sb.root];
    while (walk.length > 0) {
      const d = walk.pop() as Dentry;
      if (d !== sb.root && !keepsFiles(sb) && !needed.has(d)) continue;
      add(d);
      if (d.children) walk.push(...[...d.children.values()].reverse());
    }
  }
  // What no directory lists (nsfs's dentries, a removed file in use), after its parents.
  const addOrphan = (d: Dentry): void => {
    if (dentryIndex.has(d)) return;
    if (d.parent) addOrphan(d.parent);
    if (!sbIndex.has(d.sb)) sbOf(d.sb);
    add(d);
  };
  for (const d of referenced) addOrphan(d);

  return { mntNamespaces, fsList, mounts, mountIndex, sbs, sbIndex, dentries, dentryIndex };
}

/**
 * The dentries a snapshot of the mnt type keeps, in its order: the same list
 * for a kernel and for one restored from its snapshot, so a userland can
 * number what it keeps by dentry (a file's contents) and find it again.
 */
export function snapshotDentries(kernel: Kernel): readonly Dentry[] {
  const numbers = new Map<FsStruct, number>();
  return collect(kernel, mntState(kernel), (fs) => {
    let n = numbers.get(fs);
    if (n === undefined) numbers.set(fs, (n = numbers.size));
    return n;
  }).dentries;
}

/** The mnt type's state of a kernel as JSON (see the module comment). */
export function saveMntState(kernel: Kernel, state: MntState, refs: SaveStateRefs): SavedMntState {
  const { mntNamespaces, fsList, mounts, mountIndex, sbs, sbIndex, dentries, dentryIndex } = collect(kernel, state, (fs) => refs.fs(fs));
  const sbNum = (sb: SuperBlock): number => sbIndex.get(sb) as number;
  const dentryNum = (d: Dentry): number => dentryIndex.get(d) as number;
  const mountNum = (m: Mount): number => mountIndex.get(m) as number;
  const nsId = (ns: NsCommon): number => ns.nsId;

  const savedSbs = sbs.map((sb): SavedSuperBlock => {
    const r: SavedSuperBlock = { t: sb.fstype, src: sb.source, dev: sb.dev, user: nsId(sb.userNs), mounts: sb.mountCount, anon: sb.anonMinor };
    if (sb.pidNs) r.pid = nsId(sb.pidNs);
    if (sb.readonly) r.ro = true;
    if (sb.fsType) {
      r.fs = sb.fsType.name;
      r.node = saveNode(kernel, sb.fsType, sb.root.node as FsNode);
    }
    return r;
  });
  const savedDentries = dentries.map((d): SavedDentry => {
    const r: SavedDentry = { sb: sbNum(d.sb), n: d.name, mode: d.mode };
    if (d.parent) {
      r.p = dentryNum(d.parent);
      if (d.parent.children?.get(d.name) !== d) r.orphan = true;
    }
    if (d.kind !== 'dir') r.k = d.kind;
    if (d.dead) r.dead = true;
    if (d.uid !== 0) r.uid = d.uid;
    if (d.gid !== 0) r.gid = d.gid;
    if (d.ns) r.ns = nsId(d.ns);
    if (d.proc) r.proc = saveProcNode(d.proc, refs);
    if (d.node && d !== d.sb.root) r.node = saveNode(kernel, d.sb.fsType as FileSystemType, d.node);
    return r;
  });
  const savedMounts = mounts.map((m): SavedMount => {
    const r: SavedMount = { id: m.id, unique: m.uniqueId, sb: sbNum(m.sb), root: dentryNum(m.root), flags: m.flags };
    if (m.hasParent) {
      r.parent = mountNum(m.parent);
      r.mp = dentryNum(m.mountpoint);
    } else if (m.mountpoint !== m.root) r.mp = dentryNum(m.mountpoint);
    if (m.kids && m.kids.size > 0) r.kids = [...m.kids].map(([d, c]): [number, number] => [dentryNum(d), mountNum(c)]);
    if (m.ns) r.ns = nsId(m.ns);
    if (m.groupId) r.group = m.groupId;
    if (m.shared) r.shared = true;
    if (m.unbindable) r.unbindable = true;
    if (m.mntUserNs) r.userNs = nsId(m.mntUserNs);
    if (m.shareNs) r.shareNs = true;
    if (m.nextPeer !== m) r.peer = mountNum(m.nextPeer);
    if (m.master) r.master = mountNum(m.master);
    if (m.slaves.length > 0) r.slaves = m.slaves.map(mountNum);
    if (m.pathRefs) r.refs = m.pathRefs;
    if (m.detached) r.detached = true;
    return r;
  });
  const pathOf = (p: unknown): SavedPath => {
    if (!(p instanceof VfsPath)) throw new Error('snapshot: a task\'s root or working directory is not a path of the mnt type');
    return [mountNum(p.mnt), dentryNum(p.dentry)];
  };
  return {
    mountIds: state.mountIds.used(),
    groupIds: state.groupIds.used(),
    groupSerial: [...state.groupSerial],
    anonDevs: state.anonDevs.used(),
    mountMax: state.mountMax,
    superblocks: savedSbs,
    dentries: savedDentries,
    mounts: savedMounts,
    nsfs: [sbNum(state.nsfs), mountNum(state.nsfsMount)],
    typeSbs: [...state.typeSbs].map(([t, sb]): [string, number] => [t.name, sbNum(sb)]),
    roots: mntNamespaces.map((ns): [number, number] => [ns.nsId, mountNum(ns.root)]),
    fs: fsList.filter(([, fs]) => fs.root !== null).map(([n, fs]): [number, SavedPath, SavedPath] => [n, pathOf(fs.root), pathOf(fs.pwd)]),
  };
}

function saveProcNode(p: ProcNode, refs: SaveStateRefs): [ProcNode['kind'], number?, string?] {
  if (p.kind === 'root' || p.kind === 'self') return [p.kind];
  const serial = refs.task(p.task);
  if (serial === null) throw new SnapshotUnsupportedError(`snapshot: a procfs entry of a reaped process is in use (${p.kind})`);
  if (p.kind === 'ns-link') return [p.kind, serial, p.entry];
  if (p.kind === 'type-file') return [p.kind, serial, p.file.name];
  return [p.kind, serial];
}

function reviveProcNode(kernel: Kernel, r: NonNullable<SavedDentry['proc']>, refs: ReviveStateRefs): ProcNode {
  const [kind, serial, name] = r;
  if (kind === 'root' || kind === 'self') return { kind };
  const task = refs.task(serial ?? null) as Task;
  if (!task) throw new Error(`snapshot: a procfs entry of task ${String(serial)}, which is not in the snapshot`);
  switch (kind) {
    case 'ns-link':
      return { kind, task, entry: name ?? '' };
    case 'type-file': {
      const file = procPidFiles(kernel).find((f) => f.name === name);
      if (!file) throw new Error(`snapshot: no type brings /proc/PID/${String(name)}`);
      return { kind, task, file };
    }
    default:
      return { kind, task };
  }
}

/** Assigns fields a class declares readonly (the objects being rebuilt are nobody else's yet). */
function set<T extends object>(o: T, fields: Partial<{ -readonly [K in keyof T]: T[K] }>): void {
  Object.assign(o, fields);
}

/**
 * Rebuilds the mnt type's state of a restored kernel into `state` (made for
 * it by the type's `reviveState`): the superblocks, dentries and mounts, the
 * tasks' paths and the namespaces' roots, once every namespace, task and
 * fs_struct exists (`refs.defer`).
 */
export function reviveMntState(kernel: Kernel, state: MntState, data: SavedMntState, refs: ReviveStateRefs): void {
  refs.defer(() => {
    const user = (id: number): UserNamespace => refs.ns(id) as UserNamespace;
    const [nsfsSb, nsfsMnt] = data.nsfs;
    // Superblocks (nsfs's is the state's own, given its saved fields); each one's root is its first dentry.
    const sbs: SuperBlock[] = data.superblocks.map((r, i) => {
      if (i === nsfsSb) {
        set(state.nsfs, { userNs: user(r.user) });
        return state.nsfs;
      }
      const pidNs = r.pid === undefined ? null : (refs.ns(r.pid) as PidNamespace);
      let typeFs: { type: FileSystemType; root: FsNode } | undefined;
      if (r.fs !== undefined) {
        const type = typeFsByName(kernel, r.fs);
        typeFs = { type, root: reviveNode(kernel, type, r.node) };
      }
      return new SuperBlock(r.t, r.src, r.dev, user(r.user), pidNs, typeFs);
    });
    data.superblocks.forEach((r, i) => {
      const sb = sbs[i] as SuperBlock;
      sb.readonly = r.ro === true;
      sb.mountCount = r.mounts;
      sb.anonMinor = r.anon;
    });
    const dentries: Dentry[] = [];
    for (const r of data.dentries) {
      const sb = sbs[r.sb];
      if (!sb) throw new Error(`snapshot: dentry of superblock ${r.sb}, which is not in the snapshot`);
      let d: Dentry;
      if (r.p === undefined) d = sb.root;
      else {
        const parent = dentries[r.p];
        if (!parent) throw new Error(`snapshot: dentry ${r.n} before its parent`);
        let node: FsNode | undefined;
        if (r.node !== undefined) node = reviveNode(kernel, sb.fsType as FileSystemType, r.node);
        d = new Dentry(sb, r.n, parent, r.k ?? 'dir', {
          ...(r.ns !== undefined ? { ns: refs.ns(r.ns) } : {}),
          ...(r.proc ? { proc: reviveProcNode(kernel, r.proc, refs) } : {}),
          ...(node ? { node } : {}),
        });
        if (!r.orphan) parent.children?.set(r.n, d);
        if (node) (sb as unknown as { nodeDentries: Map<FsNode, Dentry> }).nodeDentries.set(node, d);
        if (d.ns) state.nsDentries.set(d.ns, d);
      }
      d.dead = r.dead === true;
      d.uid = r.uid ?? 0;
      d.gid = r.gid ?? 0;
      d.mode = r.mode;
      dentries.push(d);
    }
    const dentry = (n: number): Dentry => dentries[n] ?? missing(`dentry ${n}`);
    // Mounts: made without the constructor's allocations (their ids, counts and pins are the snapshot's).
    const mounts: Mount[] = data.mounts.map((r, i) => {
      const m = i === nsfsMnt ? state.nsfsMount : (Object.create(Mount.prototype) as Mount);
      set(m, {
        state, id: r.id, uniqueId: r.unique, sb: sbs[r.sb] ?? missing(`superblock ${r.sb}`), root: dentry(r.root), flags: r.flags,
        parent: m, mountpoint: dentry(r.mp ?? r.root), kids: null, ns: null, groupId: r.group ?? 0, shared: r.shared === true,
        unbindable: r.unbindable === true, nextPeer: m, prevPeer: m, master: null, slaveList: null, marked: false,
        pathRefs: r.refs ?? 0, detached: r.detached === true,
        mntUserNs: r.userNs === undefined ? null : refs.ns(r.userNs) as UserNamespace, shareNs: r.shareNs === true,
      });
      return m;
    });
    const mount = (n: number): Mount => mounts[n] ?? missing(`mount ${n}`);
    data.mounts.forEach((r, i) => {
      const m = mount(i);
      if (r.parent !== undefined) m.parent = mount(r.parent);
      if (r.kids) m.kids = new Map(r.kids.map(([d, c]) => [dentry(d), mount(c)]));
      if (r.ns !== undefined) m.ns = refs.ns(r.ns) as MntNamespace;
      if (r.peer !== undefined) {
        m.nextPeer = mount(r.peer);
        m.nextPeer.prevPeer = m;
      }
      if (r.master !== undefined) m.master = mount(r.master);
      if (r.slaves) m.slaveList = r.slaves.map(mount);
    });
    state.mountIds.reset(data.mountIds);
    state.groupIds.reset(data.groupIds);
    state.anonDevs.reset(data.anonDevs);
    state.groupSerial.clear();
    for (const [id, serial] of data.groupSerial) state.groupSerial.set(id, serial);
    state.groupSerials = data.groupSerial.reduce((n, [, serial]) => Math.max(n, serial), 0);
    state.uniqueIds = data.mounts.reduce((n, r) => Math.max(n, r.unique), 0);
    state.nsSeq = data.roots.reduce((n, [id]) => Math.max(n, (refs.ns(id) as MntNamespace).seq), 0);
    state.mountMax = data.mountMax;
    state.typeSbs.clear();
    for (const [name, sb] of data.typeSbs) state.typeSbs.set(typeFsByName(kernel, name), sbs[sb] ?? missing(`superblock ${sb}`));
    for (const [id, root] of data.roots) (refs.ns(id) as MntNamespace).root = mount(root);
    for (const [n, root, pwd] of data.fs) {
      const fs = refs.fs(n);
      fs.root = new VfsPath(mount(root[0]), dentry(root[1]));
      fs.pwd = new VfsPath(mount(pwd[0]), dentry(pwd[1]));
    }
  });
}

function missing(what: string): never {
  throw new Error(`snapshot: ${what} is not in the snapshot`);
}
