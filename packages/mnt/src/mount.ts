/**
 * Mounts (struct mount, fs/mount.h) and the tree operations of
 * fs/namespace.c: clone_mnt, copy_tree, attach and commit, umount_tree,
 * lock_mnt_tree, and the id allocators (mount ids and peer-group ids are
 * IDAs: the lowest free number, reused as soon as it is freed).
 */
import { SmallMap, fail } from '@nsproxy/core';
import type { FileSystemType, FsPath, Kernel, NsCommon, UserNamespace } from '@nsproxy/core';
import { Dentry, SuperBlock } from './vfs.ts';
import type { MntNamespace } from './namespace.ts';
import { MountChildren } from './children.ts';

// Per-mount flags (include/linux/mount.h).
export const MNT_NOSUID = 0x01;
export const MNT_NODEV = 0x02;
export const MNT_NOEXEC = 0x04;
export const MNT_NOATIME = 0x08;
export const MNT_NODIRATIME = 0x10;
export const MNT_RELATIME = 0x20;
export const MNT_READONLY = 0x40;
export const MNT_ATIME_MASK: number = MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME;
export const MNT_USER_SETTABLE_MASK: number = MNT_NOSUID | MNT_NODEV | MNT_NOEXEC | MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME | MNT_READONLY;
export const MNT_LOCK_ATIME = 0x040000;
export const MNT_LOCK_NOEXEC = 0x080000;
export const MNT_LOCK_NOSUID = 0x100000;
export const MNT_LOCK_NODEV = 0x200000;
export const MNT_LOCK_READONLY = 0x400000;
export const MNT_LOCKED = 0x800000;
export const MNT_UMOUNT = 0x8000000;

// clone_mnt flags (fs/pnode.h).
export const CL_EXPIRE = 0x01;
export const CL_SLAVE = 0x02;
export const CL_COPY_UNBINDABLE = 0x04;
export const CL_MAKE_SHARED = 0x08;
export const CL_PRIVATE = 0x10;
export const CL_SHARED_TO_SLAVE = 0x20;
export const CL_COPY_MNT_NS_FILE = 0x40;
/** CL_SHARE_NS (road userns-2007, Serge Hallyn's "user ns: implement shared mounts", 2007): the copy is a shared-ns mount. */
export const CL_SHARE_NS = 0x80;

/**
 * An IDA: allocates the lowest free number from `min` (lib/idr.c), on a
 * bitmap with a hint below which every number is taken, so a run of frees
 * followed by a run of allocations (a namespace dropped, another copied)
 * costs a word scan per 32 numbers.
 */
export class Ida {
  readonly #min: number;
  #bits: Uint32Array = new Uint32Array(8);
  /** No number below this (relative to min) is free. */
  #low = 0;

  constructor(min: number) {
    this.#min = min;
  }

  alloc(): number {
    let bits = this.#bits;
    let w = this.#low >>> 5;
    while (w < bits.length && bits[w] === 0xffffffff) w++;
    if (w === bits.length) {
      const grown = new Uint32Array(bits.length * 2);
      grown.set(bits);
      this.#bits = bits = grown;
    }
    const free = ~(bits[w] as number);
    const bit = 31 - Math.clz32(free & -free);
    bits[w] = (bits[w] as number) | (1 << bit);
    const n = w * 32 + bit;
    this.#low = n + 1;
    return n + this.#min;
  }

  /** The numbers taken, in order (a snapshot's). */
  used(): number[] {
    const out: number[] = [];
    this.#bits.forEach((word, w) => {
      for (let b = 0; word !== 0 && b < 32; b++) if (word & (1 << b)) out.push(w * 32 + b + this.#min);
    });
    return out;
  }

  /** Takes exactly the numbers `ids` and frees every other (a restored snapshot's). */
  reset(ids: readonly number[]): void {
    this.#bits = new Uint32Array(8);
    this.#low = 0;
    for (const id of ids) {
      const n = id - this.#min;
      while ((n >>> 5) >= this.#bits.length) {
        const grown = new Uint32Array(this.#bits.length * 2);
        grown.set(this.#bits);
        this.#bits = grown;
      }
      this.#bits[n >>> 5] = (this.#bits[n >>> 5] as number) | (1 << (n & 31));
    }
  }

  free(id: number): void {
    const n = id - this.#min;
    const w = n >>> 5;
    if (n < 0 || w >= this.#bits.length) return;
    this.#bits[w] = (this.#bits[w] as number) & ~(1 << (n & 31));
    if (n < this.#low) this.#low = n;
  }
}

const NO_CHILDREN: ReadonlyMap<Dentry, Mount> = new Map();
const NO_SLAVES: readonly Mount[] = Object.freeze([]);

/** What the mnt type keeps per kernel: the id allocators, the anonymous devices, nsfs. */
export class MntState {
  readonly kernel: Kernel;
  readonly mountIds: Ida = new Ida(1);
  readonly groupIds: Ida = new Ida(1);
  /** Each allocation of a group id gets a new serial, so a reused number is told apart from the group that had it before. */
  readonly groupSerial: Map<number, number> = new Map();
  #serials = 0;
  /** The last mnt_id_unique given. */
  uniqueIds = 0;
  /** get_anon_bdev: 0:N for tmpfs and procfs instances. */
  readonly anonDevs: Ida = new Ida(30);
  /** mnt_ns_seq: mount namespaces are numbered in creation order (mnt_ns_loop compares them). */
  nsSeq = 0;
  /** The nsfs superblock and its internal mount (nsfs files are reached through it). */
  readonly nsfs: SuperBlock;
  readonly nsfsMount: Mount;
  /** Stashed nsfs dentries, one per namespace. */
  readonly nsDentries: WeakMap<NsCommon, Dentry> = new WeakMap();
  /** The one superblock of each type file system mounted so far (cgroup2's kernfs root keeps it for good). */
  readonly typeSbs: Map<FileSystemType, SuperBlock> = new Map();
  /** fs.mount-max (M5.1). */
  mountMax = 100000;
  /**
   * Road userns-2007 (userns-2007.ts): while a task of a kernel on that road
   * makes mounts, its user namespace (what alloc_vfsmnt reads from current),
   * null for the initial one and when no such call runs. New mounts take it
   * as their mntUserNs.
   */
  current2007: UserNamespace | null = null;
  /** Road userns-2007: the system call a task of a kernel on that road is running, null when none (current2007 is then null too). */
  call2007: string | null = null;

  constructor(kernel: Kernel, initUserNs: UserNamespace) {
    this.kernel = kernel;
    this.nsfs = new SuperBlock('nsfs', 'nsfs', '0:4', initUserNs);
    this.nsfsMount = new Mount(this, this.nsfs, this.nsfs.root);
    // kern_mount's internal mount has no per-mount flags (relatime is mount(2)'s default), so a bind of an ns file shows `rw`.
    this.nsfsMount.flags = 0;
  }

  /** The serial of the last group id allocation (a snapshot keeps it). */
  get groupSerials(): number {
    return this.#serials;
  }

  set groupSerials(n: number) {
    this.#serials = n;
  }

  allocGroup(): number {
    const id = this.groupIds.alloc();
    this.groupSerial.set(id, ++this.#serials);
    return id;
  }

  /** The nsfs dentry of a namespace (ns_get_path). */
  nsDentry(ns: NsCommon): Dentry {
    let d = this.nsDentries.get(ns);
    if (!d) {
      d = new Dentry(this.nsfs, ns.linkName, this.nsfs.root, 'file', { ns });
      this.nsDentries.set(ns, d);
    }
    return d;
  }
}

/** A mount's place in propagation (struct mount's mnt_group_id, mnt_share, mnt_master, mnt_slave_list). */
class MountShare {
  groupId = 0;
  nextPeer: Mount;
  prevPeer: Mount;
  master: Mount | null = null;
  slaveList: Mount[] | null = null;

  constructor(m: Mount) {
    this.nextPeer = m;
    this.prevPeer = m;
  }
}

// The bits of Mount.bits.
const SHARED = 1;
const UNBINDABLE = 2;
const MARKED = 4;
const DETACHED = 8;
const SHARE_NS = 16;

/** struct mount. */
export class Mount {
  readonly state: MntState;
  /** mnt_id, as mountinfo prints it. */
  readonly id: number;
  /** mnt_id_unique: mountinfo lists a namespace's mounts in this order. */
  readonly uniqueId: number;
  readonly sb: SuperBlock;
  /** mnt_root: the dentry of its file system it shows. */
  readonly root: Dentry;
  /** MNT_* flags. */
  flags: number = MNT_RELATIME;
  /** mnt_parent (itself for a mount that is not attached). */
  parent: Mount;
  /** mnt_mountpoint. */
  mountpoint: Dentry;
  /**
   * @internal mnt_mounts and the mount hash in one: its children by
   * mountpoint, in attach order (made on the first attach: most mounts are
   * leaves). Read it through `childAt`.
   */
  kids: Map<Dentry, Mount> | null = null;
  /** mnt_ns: null while new (being built by a propagation or copy) or once unmounted. */
  ns: MntNamespace | null = null;
  /** Its place in propagation (peer group, peers, master, slaves), made when it first has one: most mounts are private. */
  private share: MountShare | null = null;
  /** References from tasks' roots and working directories (the part of mnt_count that makes it busy). */
  pathRefs = 0;
  /**
   * Road userns-2007: mnt_user_ns, the user namespace of the task that made
   * the mount (alloc_vfsmnt tagged every mount with current's); null for the
   * initial one, and always on a kernel without the road.
   */
  mntUserNs: UserNamespace | null;
  /** MNT_SHARED, T_UNBINDABLE, T_MARKED, detached and MNT_SHARE_NS in one field (a mount is copied and freed often). */
  private bits = 0;

  constructor(state: MntState, sb: SuperBlock, root: Dentry) {
    this.state = state;
    this.mntUserNs = state.current2007;
    this.id = state.mountIds.alloc();
    this.uniqueId = ++state.uniqueIds;
    this.sb = sb;
    this.root = root;
    this.parent = this;
    this.mountpoint = root;
    sb.mountCount++;
    // A bind mount of an ns file holds its namespace (M8.1), counted by the kernel as a pin.
    if (root.ns) state.kernel.pinNs(root.ns, this.pinHolder);
    // Road userns-2007: alloc_vfsmnt's get_user_ns on the tag (free_vfsmnt puts it).
    if (this.mntUserNs) state.kernel.pinNs(this.mntUserNs, this.userNsHolder);
  }

  /** mnt_group_id: the peer group, 0 for none. */
  get groupId(): number {
    return this.share?.groupId ?? 0;
  }

  set groupId(id: number) {
    if (id !== 0 || this.share) this.shareMut().groupId = id;
  }

  /** mnt_share: the next peer (itself when alone). */
  get nextPeer(): Mount {
    return this.share?.nextPeer ?? this;
  }

  set nextPeer(m: Mount) {
    if (m !== this || this.share) this.shareMut().nextPeer = m;
  }

  /** mnt_share: the previous peer (itself when alone). */
  get prevPeer(): Mount {
    return this.share?.prevPeer ?? this;
  }

  set prevPeer(m: Mount) {
    if (m !== this || this.share) this.shareMut().prevPeer = m;
  }

  /** mnt_master. */
  get master(): Mount | null {
    return this.share?.master ?? null;
  }

  set master(m: Mount | null) {
    if (m !== null || this.share) this.shareMut().master = m;
  }

  /** @internal mnt_slave_list, made on the first slave; read it through `slaves`. */
  get slaveList(): Mount[] | null {
    return this.share?.slaveList ?? null;
  }

  set slaveList(list: Mount[] | null) {
    if (list !== null || this.share) this.shareMut().slaveList = list;
  }

  private shareMut(): MountShare {
    return (this.share ??= new MountShare(this));
  }

  /** MNT_SHARED. */
  get shared(): boolean {
    return (this.bits & SHARED) !== 0;
  }

  set shared(on: boolean) {
    this.setBit(SHARED, on);
  }

  /** T_UNBINDABLE. */
  get unbindable(): boolean {
    return (this.bits & UNBINDABLE) !== 0;
  }

  set unbindable(on: boolean) {
    this.setBit(UNBINDABLE, on);
  }

  /** T_MARKED (propagate_mnt's marks). */
  get marked(): boolean {
    return (this.bits & MARKED) !== 0;
  }

  set marked(on: boolean) {
    this.setBit(MARKED, on);
  }

  /** Unmounted and waiting for its last path reference to go. */
  get detached(): boolean {
    return (this.bits & DETACHED) !== 0;
  }

  set detached(on: boolean) {
    this.setBit(DETACHED, on);
  }

  /** Road userns-2007: MNT_SHARE_NS, a shared-ns mount any user namespace may use (mount(2) with MS_SHARE_NS). */
  get shareNs(): boolean {
    return (this.bits & SHARE_NS) !== 0;
  }

  set shareNs(on: boolean) {
    this.setBit(SHARE_NS, on);
  }

  private setBit(bit: number, on: boolean): void {
    this.bits = on ? this.bits | bit : this.bits & ~bit;
  }

  /** The holder name of its reference on mntUserNs (road userns-2007). */
  get userNsHolder(): string {
    return `mount ${this.uniqueId} mnt_user_ns`;
  }

  /** The holder name of its pin, for a mount of an nsfs file. */
  get pinHolder(): string {
    return `mount ${this.uniqueId}`;
  }

  /** The mounts attached on it by mountpoint, in attach order (mnt_mounts; the mount hash). */
  get childAt(): ReadonlyMap<Dentry, Mount> {
    return this.kids ?? NO_CHILDREN;
  }

  /** mnt_slave_list: its slaves, in list order. */
  get slaves(): readonly Mount[] {
    return this.slaveList ?? NO_SLAVES;
  }

  /** The slave list, to change it. */
  slaveListMut(): Mount[] {
    return (this.slaveList ??= []);
  }

  get hasParent(): boolean {
    return this.parent !== this;
  }

  get isSlave(): boolean {
    return this.master !== null;
  }

  get locked(): boolean {
    return (this.flags & MNT_LOCKED) !== 0;
  }

  /** Whether it is new: not yet in a namespace (IS_MNT_NEW). */
  get isNew(): boolean {
    return this.ns === null;
  }

  /** The label id of its peer group: the number and the serial of that allocation. */
  groupLabel(id: number = this.groupId): string {
    return `${id}.${this.state.groupSerial.get(id) ?? 0}`;
  }
}

/** struct path: a mount and a dentry; a task's root and working directory hold references on the mount. */
export class VfsPath implements FsPath {
  readonly mnt: Mount;
  readonly dentry: Dentry;

  constructor(mnt: Mount, dentry: Dentry) {
    this.mnt = mnt;
    this.dentry = dentry;
  }

  get(): void {
    this.mnt.pathRefs++;
  }

  put(): void {
    if (--this.mnt.pathRefs === 0) releaseDetached(this.mnt);
  }

  equals(other: VfsPath): boolean {
    return this.mnt === other.mnt && this.dentry === other.dentry;
  }

  /** current_chrooted: as a root, whether it is not its mount namespace's root followed down (a root in no namespace is chrooted). */
  chrooted(): boolean {
    const ns = this.mnt.ns;
    if (!ns) return true;
    const top = followDown(ns.root, ns.root.root);
    return !top.equals(this);
  }
}

/**
 * A mount's children in attach order, as an array (for walks that change no
 * tree while they run: an iterator per mount made a result object per child,
 * at sites that see three kinds of iterator).
 */
export function childrenOf(m: Mount): readonly Mount[] {
  const kids = m.kids;
  if (!kids) return NO_SLAVES;
  if (kids instanceof MountChildren) return kids.valueArray();
  return kids instanceof SmallMap ? (kids as SmallMap<Dentry, Mount>).valueArray() : [...kids.values()];
}

/** next_mnt: the mounts of the tree under `root`, `root` first, depth first. */
export function subtree(root: Mount): Mount[] {
  const out: Mount[] = [root];
  walkBelow(root, null, (m) => {
    out.push(m);
    return null;
  });
  return out;
}

/** What walkBelow's `visit` answers to leave a mount and its subtree out. */
const SKIP: unique symbol = Symbol('skip');

/**
 * Depth first below `mnt`, in each mount's child order, without recursion (a
 * stack of 100,000 mounts on one place is a chain that deep), each mount's
 * children read as an array (childrenOf): `visit` gets each mount, what it
 * answered for the mount's parent (`top` for `mnt`'s children) and the depth
 * (0 for `mnt`'s children); SKIP leaves the mount and its subtree out.
 */
function walkBelow<T>(mnt: Mount, top: T, visit: (m: Mount, parent: T, depth: number) => T | typeof SKIP): void {
  const lists: (readonly Mount[])[] = [];
  const at: number[] = [];
  const parents: T[] = [];
  if (mnt.kids) {
    lists.push(childrenOf(mnt));
    at.push(0);
    parents.push(top);
  }
  while (lists.length) {
    const depth = lists.length - 1;
    const list = lists[depth] as readonly Mount[];
    const i = at[depth] as number;
    if (i >= list.length) {
      lists.pop();
      at.pop();
      parents.pop();
      continue;
    }
    at[depth] = i + 1;
    const m = list[i] as Mount;
    const made = visit(m, parents[depth] as T, depth);
    if (made !== SKIP && m.kids) {
      lists.push(childrenOf(m));
      at.push(0);
      parents.push(made);
    }
  }
}

/** __lookup_mnt: the mount attached on `dentry` of `mnt`. */
export function lookupMnt(mnt: Mount, dentry: Dentry): Mount | undefined {
  return mnt.kids?.get(dentry);
}

/** follow_mount: down through the mounts stacked on a place, to the top. */
export function followDown(mnt: Mount, dentry: Dentry): VfsPath {
  for (;;) {
    const child = mnt.kids?.get(dentry);
    if (!child) return new VfsPath(mnt, dentry);
    mnt = child;
    dentry = child.root;
  }
}

/** mnt_set_mountpoint: the parent and mountpoint, without hashing (commit_tree hashes). */
export function setMountpoint(parent: Mount, mountpoint: Dentry, child: Mount): void {
  child.parent = parent;
  child.mountpoint = mountpoint;
}

/** attach_mnt / __attach_mnt: hash the child on its mountpoint and add it to its parent's mounts. */
export function attachMnt(child: Mount, parent: Mount, mountpoint: Dentry, unique = false): void {
  setMountpoint(parent, mountpoint, child);
  // Most mounts with children have one or two: a SmallMap (an empty Map alone is about 180 bytes);
  // a third moves them to a MountChildren. `unique`: no other child is on that mountpoint (copy_tree).
  const kids = parent.kids;
  if (kids instanceof MountChildren) {
    if (unique) kids.append(mountpoint, child);
    else kids.set(mountpoint, child);
  } else if (!kids) (parent.kids = new SmallMap()).set(mountpoint, child);
  else if (kids.size < 2 || kids.has(mountpoint)) kids.set(mountpoint, child);
  else {
    const many = new MountChildren();
    for (const [d, m] of kids) many.append(d, m);
    many.append(mountpoint, child);
    parent.kids = many;
  }
}

/** detach from the parent (umount_mnt / unhash_mnt). */
export function detachMnt(child: Mount): void {
  const parent = child.parent;
  if (parent === child) return;
  if (parent.kids?.get(child.mountpoint) === child) parent.kids.delete(child.mountpoint);
  child.parent = child;
  child.mountpoint = child.root;
}

/** commit_tree: the new tree joins its parent's namespace and is hashed there. */
export function commitTree(mnt: Mount): void {
  const parent = mnt.parent;
  const ns = parent.ns;
  if (ns) for (const m of subtree(mnt)) ns.addMount(m);
  attachMnt(mnt, parent, mnt.mountpoint);
}

/** Peers: the same peer group (peers()). */
export function peers(a: Mount, b: Mount): boolean {
  return a.groupId !== 0 && a.groupId === b.groupId;
}

/** list_add(&new->mnt_share, &old->mnt_share): `m` joins `old`'s peer ring right after it. */
export function addPeerAfter(old: Mount, m: Mount): void {
  m.nextPeer = old.nextPeer;
  m.prevPeer = old;
  old.nextPeer.prevPeer = m;
  old.nextPeer = m;
}

/** list_del_init(&m->mnt_share). */
export function removePeer(m: Mount): void {
  m.prevPeer.nextPeer = m.nextPeer;
  m.nextPeer.prevPeer = m.prevPeer;
  m.nextPeer = m;
  m.prevPeer = m;
}

/** Removes `m` from its master's slave list (list_del_init(&m->mnt_slave)). */
export function removeSlave(m: Mount): void {
  const list = m.master?.slaveList;
  if (!list) return;
  const i = list.indexOf(m);
  if (i >= 0) list.splice(i, 1);
}

/** set_mnt_shared: shared, no longer unbindable. */
export function setShared(m: Mount): void {
  m.shared = true;
  m.unbindable = false;
}

/**
 * clone_mnt (fs/namespace.c): a new mount of the same file system at `root`,
 * with the flags of `old` (MNT_LOCKED only where copy_tree carries it over),
 * joined to `old`'s propagation as `flag` says.
 */
export function cloneMnt(old: Mount, root: Dentry, flag: number): Mount {
  const state = old.state;
  // Road userns-2007: clone_mnt_userns_permission (EPERM across user namespaces unless shared-ns).
  if (state.call2007 !== null) cloneMntUidnsPermission(old);
  const mnt = new Mount(state, old.sb, root);
  if (state.call2007 !== null) mnt.shareNs = (flag & CL_SHARE_NS) !== 0;
  mnt.groupId = flag & (CL_SLAVE | CL_PRIVATE | CL_SHARED_TO_SLAVE) ? 0 : old.groupId;
  if (flag & CL_MAKE_SHARED && !mnt.groupId) mnt.groupId = state.allocGroup();
  mnt.flags = old.flags & ~(MNT_LOCKED | MNT_UMOUNT);
  if (flag & CL_SLAVE || (flag & CL_SHARED_TO_SLAVE && old.shared)) {
    old.slaveListMut().unshift(mnt);
    mnt.master = old;
  } else if (!(flag & CL_PRIVATE)) {
    if (flag & CL_MAKE_SHARED || old.shared) addPeerAfter(old, mnt);
    if (old.master) {
      const list = old.master.slaveListMut();
      list.splice(list.indexOf(old) + 1, 0, mnt);
    }
    mnt.master = old.master;
    mnt.shared = old.shared;
  }
  if (flag & CL_MAKE_SHARED) setShared(mnt);
  return mnt;
}

/**
 * clone_mnt_userns_permission (road userns-2007, Serge Hallyn's "user ns:
 * implement shared mounts", 2007): a mount that is not shared-ns may be
 * cloned (bind, copy of a mount namespace) only by a task of the user
 * namespace that made it (EPERM). Runs while `state.call2007` is set.
 */
export function cloneMntUidnsPermission(old: Mount): void {
  if (old.shareNs || old.mntUserNs === old.state.current2007) return;
  fail('EPERM', old.state.call2007 ?? 'mount', 'the mount was made in another user namespace and is not shared-ns (road userns-2007)', 'M11.2');
}

/** The mounts copyTree(mnt, dentry, flag) clones, in its order (for the checks made before the first clone). */
export function copyTreeSources(mnt: Mount, dentry: Dentry, flag: number): Mount[] {
  const out: Mount[] = [mnt];
  walkCopied(mnt, dentry, flag, (r) => {
    out.push(r);
    return r;
  });
  return out;
}

/**
 * copy_tree's walk: every mount below `mnt` it copies (see walkBelow); `visit`
 * gets each with what `visit` answered for its parent (`top` for `mnt`'s
 * children), and is not asked about the subtrees it skips (a first-level
 * mount outside `dentry`, unbindable ones unless CL_COPY_UNBINDABLE, mount-ns
 * file bindings unless CL_COPY_MNT_NS_FILE).
 */
function walkCopied<T>(mnt: Mount, dentry: Dentry, flag: number, visit: (r: Mount, parent: T) => T, top?: T): void {
  walkBelow(mnt, top as T, (r, parent, depth) => {
    if (depth === 0 && !r.mountpoint.isSubdirOf(dentry)) return SKIP;
    if (!(flag & CL_COPY_UNBINDABLE) && r.unbindable) return SKIP;
    if (!(flag & CL_COPY_MNT_NS_FILE) && isMntNsFile(r.root)) return SKIP;
    return visit(r, parent);
  });
}

/** Whether a dentry is a mount namespace's nsfs file (is_mnt_ns_file). */
export function isMntNsFile(d: Dentry): boolean {
  return d.ns !== null && d.ns.type === 'mnt';
}

/**
 * copy_tree: clones `mnt` at `dentry` and every mount below that place,
 * skipping unbindable subtrees (unless CL_COPY_UNBINDABLE) and mount-ns file
 * bindings (unless CL_COPY_MNT_NS_FILE); a locked submount stays locked
 * (M3.10). Answers EINVAL where the kernel refuses the root. `copies`: the
 * mounts whose copies the caller wants, as keys; each gets its copy.
 * `into`: the namespace the copies join as they are made (copy_mnt_ns).
 */
export function copyTree(mnt: Mount, dentry: Dentry, flag: number, copies?: Map<Mount, Mount | null>, into?: MntNamespace): Mount | 'EINVAL' {
  if (!(flag & CL_COPY_UNBINDABLE) && mnt.unbindable) return 'EINVAL';
  if (!(flag & CL_COPY_MNT_NS_FILE) && isMntNsFile(dentry)) return 'EINVAL';
  // Road userns-2007: every mount the copy would clone is checked before the first is made.
  if (mnt.state.call2007 !== null) for (const m of copyTreeSources(mnt, dentry, flag)) cloneMntUidnsPermission(m);
  const res = cloneMnt(mnt, dentry, flag);
  res.mountpoint = mnt.mountpoint;
  if (copies?.has(mnt)) copies.set(mnt, res);
  into?.addMount(res);
  walkCopied(mnt, dentry, flag, (r, parent: Mount) => {
    const q = cloneMnt(r, r.root, flag);
    if (r.locked) q.flags |= MNT_LOCKED;
    if (copies?.has(r)) copies.set(r, q);
    into?.addMount(q);
    attachMnt(q, parent, r.mountpoint, true);
    return q;
  }, res);
  return res;
}

/**
 * lock_mnt_tree: a tree handed to a less privileged mount namespace keeps its
 * flags (MNT_LOCK_*) and, below its top, its place (MNT_LOCKED) (M2.8).
 */
export function lockMntTree(mnt: Mount): void {
  for (const p of subtree(mnt)) {
    let flags = p.flags | MNT_LOCK_ATIME;
    if (flags & MNT_READONLY) flags |= MNT_LOCK_READONLY;
    if (flags & MNT_NODEV) flags |= MNT_LOCK_NODEV;
    if (flags & MNT_NOSUID) flags |= MNT_LOCK_NOSUID;
    if (flags & MNT_NOEXEC) flags |= MNT_LOCK_NOEXEC;
    if (p !== mnt) flags |= MNT_LOCKED;
    p.flags = flags;
  }
}

/** A detached mount with no path reference and no mounts left on it is freed (mntput's last reference). */
export function releaseDetached(m: Mount): void {
  while (m.detached && m.pathRefs === 0 && !m.kids?.size) {
    const parent = m.parent;
    detachMnt(m);
    freeMount(m);
    if (parent === m) return;
    m = parent;
  }
}

/** cleanup_mnt: the id goes back, an nsfs binding drops its namespace. */
export function freeMount(m: Mount): void {
  m.detached = false;
  m.state.mountIds.free(m.id);
  // deactivate_super: the last mount of a file system frees its anonymous device number.
  if (--m.sb.mountCount === 0 && m.sb.anonMinor >= 0) {
    m.state.anonDevs.free(m.sb.anonMinor);
    m.sb.anonMinor = -1;
  }
  if (m.root.ns) m.state.kernel.unpinNs(m.pinHolder);
  if (m.mntUserNs) m.state.kernel.unpinNs(m.userNsHolder);
}

/** Marks a mount unmounted: out of its namespace, private, and freed once nothing refers to it. */
export function retire(m: Mount): void {
  m.ns?.removeMount(m);
  m.flags |= MNT_UMOUNT;
  m.detached = true;
}
