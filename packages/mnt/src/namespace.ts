/**
 * The mount namespace type (struct mnt_namespace, mntns_operations):
 * the boot tree, copy_mnt_ns (the whole tree copied, made slaves and locked
 * for a less privileged owner), mntns_install (setns), the second pass that
 * moves a task's root and working directory into a copy, and put_mnt_ns.
 */
import { CAP_SYS_ADMIN, CAP_SYS_CHROOT, CLONE_NEWNS, NsCommon, SmallMap, defineNamespaceType, fail, nsCapable } from '@nsproxy/core';
import type { FsStruct, Kernel, NamespaceOperations, Task, UcountCharge, UserNamespace } from '@nsproxy/core';
import {
  CL_COPY_UNBINDABLE, CL_EXPIRE, CL_SHARED_TO_SLAVE, MNT_UMOUNT, MntState, Mount, VfsPath, attachMnt, cloneMntUidnsPermission, copyTree,
  copyTreeSources, detachMnt, followDown, freeMount, lockMntTree, releaseDetached, retire, subtree,
} from './mount.ts';
import { as2007, on2007 } from './userns-2007.ts';
import { changeMntPropagation, isPathReachable, propagateUmount } from './pnode.ts';
import { reviveMntState, saveMntState } from './snapshot.ts';
import type { SavedMntNamespace, SavedMntState } from './snapshot.ts';
import { SuperBlock, addEntry } from './vfs.ts';
import type { Dentry } from './vfs.ts';

/** struct mnt_namespace. */
export class MntNamespace extends NsCommon {
  readonly state: MntState;
  /** The namespace's root mount (a copy of rootfs: tasks' roots are the mount on top of it). */
  root: Mount;
  /** How many mounts the namespace holds (mnt_ns->nr_mounts): its tree's. */
  nrMounts = 0;
  /** Mounts being added by an operation in progress (count_mounts' pending_mounts). */
  pendingMounts = 0;
  /** mnt_ns->seq: creation order (mnt_ns_loop). */
  readonly seq: number;
  /** @internal copy_mnt_ns's first pass, for its second (`switchFs`): the copies of the caller's root's and cwd's mounts. */
  pendingCopy: Map<Mount, Mount | null> | null = null;

  /** A namespace whose tree is still to be made: `root` is set once it is. */
  constructor(state: MntState, owner: UserNamespace, ucount: UcountCharge | null) {
    super(mntNamespaceType, owner, ucount);
    this.state = state;
    this.root = null as unknown as Mount;
    this.seq = ++state.nsSeq;
  }

  /**
   * The mounts of the namespace (the kernel keeps them in an rbtree; here
   * they are its tree from `root`, every mount of which has `ns` this
   * namespace): O(mounts), for readers such as mountinfo.
   */
  get mounts(): Set<Mount> {
    return new Set(subtree(this.root));
  }

  /** A mount joins the namespace (mnt_add_to_ns). */
  addMount(m: Mount): void {
    m.ns = this;
    this.nrMounts++;
  }

  /** A mount leaves it (umount_tree's move_from_ns). */
  removeMount(m: Mount): void {
    if (m.ns !== this) return;
    m.ns = null;
    this.nrMounts--;
  }
}

const states = new WeakMap<Kernel, MntState>();

/** The mnt type's state of a kernel (the id allocators, nsfs); the type must be registered. */
export function mntState(kernel: Kernel): MntState {
  const s = states.get(kernel);
  if (!s) throw new Error('the mnt namespace type is not registered in this kernel');
  return s;
}

/** The directories of the boot root file system. */
const ROOT_DIRS = ['dev', 'etc', 'home', 'proc', 'root', 'run', 'sys', 'tmp', 'var'];

/**
 * The initial mount namespace: rootfs at the bottom (the namespace's root),
 * the root file system on top of it (the tasks' `/`), and the initial
 * procfs on /proc, all private, as the machine the model was checked on.
 */
function bootTree(state: MntState, initUserNs: UserNamespace): Mount {
  const rootfs = new SuperBlock('rootfs', 'rootfs', '0:2', initUserNs);
  const nsRoot = new Mount(state, rootfs, rootfs.root);
  const disk = new SuperBlock('ext4', '/dev/vda', '254:0', initUserNs);
  for (const name of ROOT_DIRS) addEntry(disk.root, name, 'dir');
  const top = new Mount(state, disk, disk.root);
  attachMnt(top, nsRoot, rootfs.root);
  const proc = new SuperBlock('proc', 'proc', `0:${state.anonDevs.alloc()}`, initUserNs);
  const procMnt = new Mount(state, proc, proc.root);
  attachMnt(procMnt, top, disk.root.children?.get('proc') ?? disk.root);
  return nsRoot;
}

/**
 * umount_tree (fs/namespace.c): the mounts of the tree (and, with
 * `propagate`, what receives their unmount) leave their namespace and
 * become private; each is disconnected from its parent unless it is locked
 * and its parent goes too (a lazy unmount keeps such a subtree whole); a
 * mount is freed once no task's root or working directory is in it.
 */
export function umountTree(mnt: Mount, how: { readonly propagate: boolean; readonly sync: boolean }): void {
  const set = new Set(subtree(mnt));
  const overmounts = how.propagate ? propagateUmount(set) : [];
  // reparent: an overmount that stays goes where the lowest mount it covered was attached.
  const places = overmounts.map((o) => {
    let p = o;
    let mp: Dentry;
    do {
      mp = p.mountpoint;
      p = p.parent;
    } while (set.has(p) && p.hasParent);
    return { o, parent: p, mp };
  });
  for (const p of set) retire(p);
  for (const p of set) {
    const disconnect = !p.hasParent || how.sync || !set.has(p.parent) || !p.locked;
    if (disconnect) detachMnt(p);
    changeMntPropagation(p, 'private');
  }
  for (const { o, parent, mp } of places) {
    detachMnt(o);
    attachMnt(o, parent, mp);
  }
  const gone = [...set];
  for (let i = gone.length - 1; i >= 0; i--) releaseDetached(gone[i] as Mount);
}

/**
 * put_mnt_ns's umount_tree(ns->root, 0) when nothing else refers to the
 * tree (no task's root or working directory is in it: the common case, a
 * namespace whose last task left): every mount leaves its peer group and
 * master and is freed, without detaching one by one. Otherwise umountTree.
 */
function dropTree(ns: MntNamespace): void {
  const all = subtree(ns.root);
  for (let i = 0; i < all.length; i++) {
    if ((all[i] as Mount).pathRefs > 0) {
      umountTree(ns.root, { propagate: false, sync: false });
      return;
    }
  }
  for (let i = 0; i < all.length; i++) {
    const m = all[i] as Mount;
    m.ns = null;
    m.flags |= MNT_UMOUNT;
    if (m.groupId || m.master || m.slaveList) changeMntPropagation(m, 'private');
    freeMount(m);
  }
  ns.nrMounts = 0;
}

/** The root of a namespace as a task sees it: its root mount, followed down through what is mounted on it (LOOKUP_DOWN). */
export function nsRootPath(ns: MntNamespace): VfsPath {
  return followDown(ns.root, ns.root.root);
}

/** The mount namespace type. */
export const mntNamespaceType: NamespaceOperations<MntNamespace> = defineNamespaceType<MntNamespace>({
  name: 'mnt',
  type: CLONE_NEWNS,
  order: 10,
  meta: { name: '@nsproxy/mnt' },
  createInitial(kernel, initUserNs) {
    const state = new MntState(kernel, initUserNs);
    states.set(kernel, state);
    const ns = new MntNamespace(state, initUserNs, null);
    ns.root = bootTree(state, initUserNs);
    for (const m of subtree(ns.root)) ns.addMount(m);
    return ns;
  },
  /**
   * copy_mnt_ns: charge max_mnt_namespaces, copy the whole tree
   * (CL_COPY_UNBINDABLE, so unbindable mounts come along as private copies;
   * mount-namespace file bindings are left out), with CL_SHARED_TO_SLAVE and
   * lock_mnt_tree when the new owner is not the old one's (M2.2-M2.8).
   */
  copy(ctx) {
    const old = ctx.old;
    // Road userns-2007: copy_tree may refuse (EPERM) a mount of another user namespace; checked before anything is made.
    if (on2007(ctx.caller)) {
      const flags = CL_COPY_UNBINDABLE | CL_EXPIRE;
      as2007(old.state, ctx.caller, ctx.syscall, () => {
        for (const m of copyTreeSources(old.root, old.root.root, flags)) cloneMntUidnsPermission(m);
      });
    }
    const charge = ctx.chargeUcount();
    const crossOwner = ctx.userNs !== old.ownerNs;
    // The second pass moves only the caller's root and working directory: their mounts' copies are all it needs.
    const copies = new SmallMap<Mount, Mount | null>();
    for (const p of [ctx.caller.fs?.root, ctx.caller.fs?.pwd]) if (p instanceof VfsPath) copies.set(p.mnt, null);
    const ns = new MntNamespace(old.state, ctx.userNs, charge);
    const flags = CL_COPY_UNBINDABLE | CL_EXPIRE | (crossOwner ? CL_SHARED_TO_SLAVE : 0);
    // Road userns-2007: the copies are tagged with the caller's user namespace (before the call switches it).
    const root = as2007(old.state, ctx.caller, ctx.syscall, () => copyTree(old.root, old.root.root, flags, copies, ns));
    if (root === 'EINVAL') throw new Error('copy_mnt_ns: the root of a mount namespace cannot be refused');
    if (crossOwner) lockMntTree(root);
    ns.root = root;
    ns.pendingCopy = copies;
    return ns;
  },
  switchFs(ns, fs) {
    switchFsInto(ns, fs);
  },
  /**
   * mntns_install: CAP_SYS_ADMIN over the target's owner, CAP_SYS_CHROOT and
   * CAP_SYS_ADMIN in the caller's user namespace (EPERM); an fs_struct shared
   * with another task is EINVAL; the root and working directory become the
   * target's root (I3.1-I3.4).
   */
  install(nsset, ns) {
    const cred = nsset.currentCred;
    const userNs = nsset.cred.userNs;
    if (!nsCapable(cred, ns.ownerNs as UserNamespace, CAP_SYS_ADMIN) || !nsCapable(cred, userNs, CAP_SYS_CHROOT) || !nsCapable(cred, userNs, CAP_SYS_ADMIN)) {
      fail('EPERM', 'setns', 'CAP_SYS_ADMIN over the mount namespace\'s owner, and CAP_SYS_CHROOT and CAP_SYS_ADMIN in the caller\'s user namespace, are needed', 'I3.1');
    }
    const fs = nsset.caller.fs;
    if (nsset.flags === CLONE_NEWNS && fs && fs.users !== 1) fail('EINVAL', 'setns', 'the caller shares its fs_struct (CLONE_FS)', 'I3.3');
    const root = nsRootPath(ns);
    nsset.fs = { root, pwd: root };
    nsset.set(mntNamespaceType, ns);
  },
  /** The namespaces the nsfs bind mounts of the namespace hold, those the viewer's root reaches (lsns reads them from mountinfo). */
  boundNamespaces(ns, viewer) {
    const root = viewer.fs?.root;
    const out: NsCommon[] = [];
    for (const m of ns.mounts) {
      const bound = m.root.ns;
      if (bound && (!(root instanceof VfsPath) || isPathReachable(m, m.root, root))) out.push(bound);
    }
    return out;
  },
  /** put_mnt_ns: the tree is unmounted (without propagation); bindings in it drop what they pin. */
  free(ns) {
    ns.pendingCopy = null;
    dropTree(ns);
  },
  /** Snapshots (snapshot.ts): a namespace keeps its counters; its mounts are the type's state. */
  save(ns): SavedMntNamespace {
    return { seq: ns.seq, nrMounts: ns.nrMounts, pendingMounts: ns.pendingMounts };
  },
  revive(kernel, owner, data) {
    const d = data as SavedMntNamespace;
    const state = states.get(kernel);
    if (!state || !restoring.has(state)) throw new Error('snapshot: a mount namespace without the mnt type\'s saved state');
    const ns = new MntNamespace(state, owner, null);
    (ns as { seq: number }).seq = d.seq;
    ns.nrMounts = d.nrMounts;
    ns.pendingMounts = d.pendingMounts;
    return ns;
  },
  saveState(kernel, refs) {
    return saveMntState(kernel, mntState(kernel), refs);
  },
  /** A new state for the restored kernel (its boot state is dropped), filled once everything exists. */
  reviveState(kernel, data, refs) {
    const state = new MntState(kernel, kernel.initUserNs);
    states.set(kernel, state);
    restoring.add(state);
    reviveMntState(kernel, state, data as SavedMntState, refs);
  },
});

/** The states of kernels being restored (a mount namespace is revived only into one). */
const restoring = new WeakSet<MntState>();

/** copy_mnt_ns's second pass: `fs`'s root and working directory move to their copies (boot: to the namespace's root). */
function switchFsInto(ns: MntNamespace, fs: FsStruct): void {
  const copies = ns.pendingCopy;
  ns.pendingCopy = null;
  const root = fs.root as VfsPath | null;
  const pwd = fs.pwd as VfsPath | null;
  if (!root || !pwd) {
    const top = nsRootPath(ns);
    fs.set('root', top);
    fs.set('pwd', top);
    return;
  }
  const moved = (p: VfsPath): VfsPath | null => {
    const copy = copies?.get(p.mnt);
    return copy ? new VfsPath(copy, p.dentry) : null;
  };
  const newRoot = moved(root);
  const newPwd = moved(pwd);
  if (newRoot) fs.set('root', newRoot);
  if (newPwd) fs.set('pwd', newPwd);
}

/** The task's mount namespace (its nsproxy's). */
export function mntNsOf(kernel: Kernel, task: Task): MntNamespace {
  if (!kernel.isRegistered(mntNamespaceType)) return fail('EINVAL', 'mount', 'the mnt namespace type is not registered', 'M9.1');
  const ns = kernel.peekNs(task, mntNamespaceType);
  if (!(ns instanceof MntNamespace)) return fail('EINVAL', 'mount', 'the mnt namespace type is not registered', 'M9.1');
  return ns;
}
