/**
 * The mount system calls (fs/namespace.c): mount(2) in its forms (a new
 * tmpfs or procfs, bind and recursive bind, move, bind remount of the
 * per-mount flags, propagation changes), umount2(2), pivot_root(2); and
 * the file system calls namespaces need (fs/namei.c, fs/open.c): mkdir,
 * creat, stat, chdir, chroot, readlink, readdir of procfs.
 */
import {
  CAP_SYS_ADMIN, CAP_SYS_CHROOT, badArgument, badValue, checkAlive, checkBoolean, checkOptions, checkString, fail, fromKgidMunged, fromKuidMunged, inodePermission, nsCapable, ptraceMayAccess,
} from '@nsproxy/core';
import type { Kernel, NsCommon, Task, UserNamespace } from '@nsproxy/core';
import {
  CL_COPY_MNT_NS_FILE, CL_SHARE_NS, MNT_ATIME_MASK, MNT_LOCKED, MNT_LOCK_ATIME, MNT_LOCK_NODEV, MNT_LOCK_NOEXEC, MNT_LOCK_NOSUID, MNT_LOCK_READONLY,
  MNT_NODEV, MNT_NOEXEC, MNT_NOSUID, MNT_READONLY, MNT_USER_SETTABLE_MASK, Mount, VfsPath, attachMnt, cloneMnt, commitTree, copyTree,
  detachMnt, followDown, isMntNsFile, lockMntTree, lookupMnt, setMountpoint, setShared, subtree,
} from './mount.ts';
import { mntNsOf, mntState, umountTree } from './namespace.ts';
import type { MntNamespace } from './namespace.ts';
import { childOf, fsPaths, lookup, lookupParent, procPidFiles, procPidNs } from './namei.ts';
import { mountInfoText } from './mountinfo.ts';
import { changeMntPropagation, inventGroupIds, isPathReachable, propagateMnt, propagateMountBusy, releaseGroupId } from './pnode.ts';
import type { PropagationType } from './pnode.ts';
import { SuperBlock, addEntry } from './vfs.ts';
import type { Dentry } from './vfs.ts';
import { as2007, checkMntUidns, on2007 } from './userns-2007.ts';

/** The per-mount flags a bind remount sets (MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC). */
export interface MountFlags {
  readonly ro?: boolean;
  readonly nosuid?: boolean;
  readonly nodev?: boolean;
  readonly noexec?: boolean;
}

/** The new file systems mount(2) can make here. */
export type NewFsType = 'tmpfs' | 'proc';

/**
 * The checks of a call's JS arguments (docs/core.md, "Arguments and
 * errors"): a live task of this kernel and string paths, before anything
 * happens (ERR_INVALID_ARG_TYPE, ERR_TASK_EXITED).
 */
function checkCall(kernel: Kernel, task: Task, sys: string, paths: Readonly<Record<string, unknown>>): void {
  checkAlive(kernel, task, sys);
  for (const [name, value] of Object.entries(paths)) checkString(value, sys, name);
}

const PROPAGATION_TYPES: readonly string[] = ['shared', 'private', 'slave', 'unbindable'];
const REQUEST_KINDS: readonly string[] = ['tmpfs', 'proc', 'fs', 'bind', 'rbind', 'move', 'remount', 'propagation'];

/** A mount request is one of the forms of `MountRequest`, with its fields of the right types. */
function checkRequest(request: unknown, sys: string): asserts request is MountRequest {
  if (typeof request !== 'object' || request === null) badArgument(sys, 'request', 'a mount request object', request);
  const r = request as Record<string, unknown>;
  if (typeof r['kind'] !== 'string' || !REQUEST_KINDS.includes(r['kind'])) badValue(sys, 'request.kind', `one of ${REQUEST_KINDS.join(', ')}`, r['kind']);
  switch (r['kind']) {
    case 'bind':
    case 'rbind':
    case 'move':
      checkString(r['source'], sys, 'request.source');
      break;
    case 'fs':
      checkString(r['fstype'], sys, 'request.fstype');
      break;
    case 'remount':
      checkOptions(r['flags'], sys, 'request.flags');
      if (r['flags'] === undefined) badArgument(sys, 'request.flags', 'an object', r['flags']);
      for (const f of ['ro', 'nosuid', 'nodev', 'noexec']) {
        const v = (r['flags'] as Record<string, unknown>)[f];
        if (v !== undefined) checkBoolean(v, sys, `request.flags.${f}`);
      }
      break;
    case 'propagation':
      if (typeof r['type'] !== 'string' || !PROPAGATION_TYPES.includes(r['type'])) badValue(sys, 'request.type', `one of ${PROPAGATION_TYPES.join(', ')}`, r['type']);
      checkBoolean(r['recursive'], sys, 'request.recursive');
      break;
  }
}

/** may_mount: CAP_SYS_ADMIN over the owner of the caller's mount namespace (EPERM). */
function mayMount(task: Task, ns: MntNamespace, sys: string): void {
  if (!nsCapable(task.cred, ns.ownerNs as UserNamespace, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN is needed over the owner of the caller\'s mount namespace', 'M7.1');
}

/** The place a mount(2) or umount2(2) names, and the caller's mount namespace after may_mount. */
function mountTarget(kernel: Kernel, task: Task, path: string, sys: string): { target: VfsPath; ns: MntNamespace } {
  checkCall(kernel, task, sys, { path });
  const target = lookup(kernel, task, path, sys);
  const ns = mntNsOf(kernel, task);
  mayMount(task, ns, sys);
  return { target, ns };
}

/** count_mounts: whether `ns` can take `added` more mounts under fs.mount-max. */
function fitsMountMax(ns: MntNamespace, added: number): boolean {
  return ns.nrMounts + ns.pendingMounts + added <= ns.state.mountMax;
}

/**
 * attach_recursive_mnt: attaches the tree `source` on `mp` of `dest` (or
 * moves it there), first making the copies every mount that receives
 * propagation from `dest` gets; all or nothing (ENOSPC under fs.mount-max).
 */
function attachRecursive(source: Mount, dest: Mount, mp: Dentry, moving: boolean, sys: string): void {
  const ns = dest.ns as MntNamespace;
  const pending = new Set<MntNamespace>();
  const charge = (to: MntNamespace, tree: Mount): boolean => {
    const n = subtree(tree).length;
    if (!fitsMountMax(to, n)) return false;
    to.pendingMounts += n;
    pending.add(to);
    return true;
  };
  const reset = (): void => {
    for (const p of pending) p.pendingMounts = 0;
  };
  if (!moving && !charge(ns, source)) {
    reset();
    fail('ENOSPC', sys, 'fs.mount-max', 'M5.1');
  }
  let copies: Mount[] = [];
  if (dest.shared) {
    const tree = subtree(source);
    inventGroupIds(source, tree);
    const made = propagateMnt(dest, mp, source, (n, copy) => charge(n.ns as MntNamespace, copy));
    if (!Array.isArray(made)) {
      // out_cleanup_ids: the copies go, and so do the group ids invented for the tree.
      for (const c of made.copies) umountTree(c, { propagate: false, sync: true });
      for (const p of tree) if (p.groupId && !p.shared) releaseGroupId(p);
      reset();
      if (made.error === 'EINVAL') fail('EINVAL', sys, 'a mount namespace file cannot be propagated', 'M8.5');
      fail('ENOSPC', sys, 'fs.mount-max, counting the copies propagation makes', 'M4.7');
    }
    copies = made;
    for (const p of tree) setShared(p);
  }
  reset();
  if (moving) {
    detachMnt(source);
    attachMnt(source, dest, mp);
  } else {
    setMountpoint(dest, mp, source);
    commitTree(source);
  }
  for (const child of copies) {
    const parentNs = child.parent.ns as MntNamespace;
    // Propagating across user namespaces locks what arrives (M2.9), except its top.
    if (parentNs.ownerNs !== ns.ownerNs) lockMntTree(child);
    child.flags &= ~MNT_LOCKED;
    const q = lookupMnt(child.parent, child.mountpoint);
    if (q) {
      // mnt_change_mountpoint: what was there goes on top of the copy.
      detachMnt(q);
      attachMnt(q, child, child.root);
    }
    commitTree(child);
  }
}

/**
 * lock_mount: the place a new mount goes is the top of what is mounted on
 * the target (a lookup that ends at `/` or `.` has not gone down yet), in a
 * mount that is still mounted (a lazily unmounted one takes none: ENOENT).
 */
function lockMount(target: VfsPath, sys: string): VfsPath {
  const top = followDown(target.mnt, target.dentry);
  if (top.mnt.ns === null) fail('ENOENT', sys, 'the mount point is in a mount that was unmounted', 'M9.9');
  return top;
}

/** graft_tree: a directory on a directory, a file on a file (ENOTDIR). */
function graft(mnt: Mount, target: VfsPath, sys: string): void {
  if (target.dentry.isDir !== mnt.root.isDir) fail('ENOTDIR', sys, 'a directory and a file cannot be mounted on each other', 'M9.4');
  attachRecursive(mnt, target.mnt, target.dentry, false, sys);
}

/** do_new_mount: a new tmpfs (FS_USERNS_MOUNT: CAP_SYS_ADMIN in the caller's user namespace) or procfs (P5.4). */
function doNewMount(kernel: Kernel, task: Task, ns: MntNamespace, target: VfsPath, type: NewFsType, sys: string): void {
  const state = mntState(kernel);
  // mount_capable and mount_too_revealing come with the file system, before lock_mount.
  const pidNs = task.pid.ns;
  if (type === 'proc') {
    if (!nsCapable(task.cred, pidNs.ownerNs as UserNamespace, CAP_SYS_ADMIN)) fail('EPERM', sys, 'mounting proc needs CAP_SYS_ADMIN over the owner of the caller\'s pid namespace', 'P5.4');
    if (ns.ownerNs !== kernel.initUserNs && !procAlreadyVisible(ns)) fail('EPERM', sys, 'no fully visible proc mount in this mount namespace (mount_too_revealing)', 'M3.7');
  } else if (!nsCapable(task.cred, task.cred.userNs, CAP_SYS_ADMIN)) {
    fail('EPERM', sys, 'tmpfs needs CAP_SYS_ADMIN in the caller\'s user namespace', 'M3.7');
  }
  const at = lockMount(target, sys);
  if (at.mnt.ns !== ns) fail('EINVAL', sys, 'the mount point is not in the caller\'s mount namespace', 'M9.3');
  // ---- the new superblock and its mount (a failed graft frees both, and the device number)
  const minor = state.anonDevs.alloc();
  const sb = type === 'proc'
    ? new SuperBlock('proc', 'proc', `0:${minor}`, pidNs.ownerNs as UserNamespace, pidNs)
    : new SuperBlock('tmpfs', 'tmpfs', `0:${minor}`, task.cred.userNs);
  sb.anonMinor = minor;
  if (type === 'tmpfs') {
    sb.root.mode = 0o1777;
    sb.root.uid = task.cred.fsuid;
    sb.root.gid = task.cred.fsgid;
  }
  const mnt = new Mount(state, sb, sb.root);
  try {
    graft(mnt, at, sys);
  } catch (e) {
    umountTree(mnt, { propagate: false, sync: true });
    throw e;
  }
}

/**
 * do_new_mount of a file system a type brings (get_fs_type, then
 * mount_capable, then the type's get_tree): ENODEV for a name no registered
 * type brings; EPERM without CAP_SYS_ADMIN in the initial user namespace for
 * one that is not FS_USERNS_MOUNT; then the type's own checks. All its
 * mounts share one superblock (kernfs has one per hierarchy), whose root is
 * the tree's root; a mount's root is the node the type gives (cgroup2: the
 * mounter's cgroup namespace root).
 */
function doTypeFsMount(kernel: Kernel, task: Task, ns: MntNamespace, target: VfsPath, fstype: string, sys: string): void {
  const state = mntState(kernel);
  const type = kernel.types.filter((t) => kernel.isRegistered(t)).flatMap((t) => t.filesystems ?? []).find((f) => f.name === fstype);
  if (!type) return fail('ENODEV', sys, `no file system type '${fstype}' is registered`, 'M9.11');
  if (!type.userNsMount && !nsCapable(task.cred, kernel.initUserNs, CAP_SYS_ADMIN)) fail('EPERM', sys, `${fstype} needs CAP_SYS_ADMIN in the initial user namespace`, 'M3.7');
  const node = type.getTree(kernel, task);
  const at = lockMount(target, sys);
  if (at.mnt.ns !== ns) fail('EINVAL', sys, 'the mount point is not in the caller\'s mount namespace', 'M9.3');
  let sb = state.typeSbs.get(type);
  if (!sb) {
    let top = node;
    while (top.parent) top = top.parent;
    // The device number stays the superblock's for good (anonMinor -1: no mount's free releases it).
    sb = new SuperBlock(fstype, fstype, `0:${state.anonDevs.alloc()}`, kernel.initUserNs, null, { type, root: top });
    state.typeSbs.set(type, sb);
  }
  const root = sb.dentryOf(node);
  if (!root) throw new Error(`${fstype}: get_tree gave a node that was removed`);
  const mnt = new Mount(state, sb, root);
  try {
    graft(mnt, at, sys);
  } catch (e) {
    umountTree(mnt, { propagate: false, sync: true });
    throw e;
  }
}

/** mnt_already_visible: a proc mount of the whole file system that nothing locked covers. */
function procAlreadyVisible(ns: MntNamespace): boolean {
  for (const m of ns.mounts) {
    if (m.sb.fstype !== 'proc' || m.root !== m.sb.root) continue;
    if (![...m.childAt.values()].some((c) => c.locked)) return true;
  }
  return false;
}

/** mnt_ns_loop: binding a mount namespace's file is allowed only for a newer namespace than the caller's (M8.2). */
function mntNsLoop(caller: MntNamespace, d: Dentry): boolean {
  return isMntNsFile(d) && caller.seq >= (d.ns as MntNamespace).seq;
}

/** do_loopback: a bind (or, with `recurse`, a recursive bind) of `source` on `target`. */
function doLoopback(kernel: Kernel, task: Task, ns: MntNamespace, target: VfsPath, source: string, recurse: boolean, sys: string, shareNs = false): void {
  const old = lookup(kernel, task, source, sys);
  if (mntNsLoop(ns, old.dentry)) fail('EINVAL', sys, 'a mount namespace file may only be bound from an older namespace', 'M8.2');
  const at = lockMount(target, sys);
  const parent = at.mnt;
  if (parent.ns !== ns) fail('EINVAL', sys, 'the mount point is not in the caller\'s mount namespace', 'M9.3');
  const oldMnt = old.mnt;
  if (oldMnt.unbindable) fail('EINVAL', sys, 'the source is unbindable', 'M4.4');
  if (oldMnt.ns !== ns && !old.dentry.ns) fail('EINVAL', sys, 'the source is not in the caller\'s mount namespace', 'M9.3');
  if (!recurse && [...oldMnt.childAt.values()].some((c) => c.locked && c.mountpoint.isSubdirOf(old.dentry))) {
    fail('EINVAL', sys, 'a bind would reveal what locked mounts cover (use a recursive bind)', 'M3.4');
  }
  // Road userns-2007: MS_SHARE_NS makes the copies shared-ns (CL_SHARE_NS); Linux 6.18 discards that bit (MS_KERNMOUNT).
  const shared = shareNs && ns.state.call2007 !== null ? CL_SHARE_NS : 0;
  const made = recurse ? copyTree(oldMnt, old.dentry, CL_COPY_MNT_NS_FILE | shared) : cloneMnt(oldMnt, old.dentry, shared);
  if (made === 'EINVAL') return fail('EINVAL', sys, 'the source cannot be copied', 'M4.4');
  made.flags &= ~MNT_LOCKED;
  try {
    graft(made, at, sys);
  } catch (e) {
    umountTree(made, { propagate: false, sync: true });
    throw e;
  }
}

/** do_move_mount (MS_MOVE). */
function doMove(kernel: Kernel, task: Task, ns: MntNamespace, target: VfsPath, source: string, sys: string): void {
  const old = lookup(kernel, task, source, sys);
  const at = lockMount(target, sys);
  const p = at.mnt;
  const oldMnt = old.mnt;
  if (p.ns !== ns || oldMnt.ns !== ns) fail('EINVAL', sys, 'both mounts must be in the caller\'s mount namespace', 'M9.3');
  if (!oldMnt.hasParent) fail('EINVAL', sys, 'the root of the namespace cannot move', 'M9.5');
  if (oldMnt.locked) fail('EINVAL', sys, 'a locked mount cannot move', 'M3.2');
  if (oldMnt.parent.shared) fail('EINVAL', sys, 'a mount whose parent is shared cannot move', 'M9.5');
  if (old.dentry !== oldMnt.root) fail('EINVAL', sys, 'the source is not a mount point', 'M9.5');
  if (at.dentry.isDir !== old.dentry.isDir) fail('EINVAL', sys, 'a directory and a file cannot be moved onto each other', 'M9.5');
  if (p.shared && subtree(oldMnt).some((m) => m.unbindable)) fail('EINVAL', sys, 'a tree with unbindable mounts cannot move under a shared mount', 'M9.5');
  for (let q = p; q.hasParent; q = q.parent) if (q === oldMnt) fail('ELOOP', sys, 'a mount cannot move below itself', 'M9.8');
  attachRecursive(oldMnt, p, at.dentry, true, sys);
}

/** do_reconfigure_mnt (MS_REMOUNT|MS_BIND): the per-mount flags; a locked flag cannot be cleared (M3.3). */
function doReconfigure(ns: MntNamespace, target: VfsPath, flags: MountFlags, sys: string): void {
  const mnt = target.mnt;
  if (mnt.ns !== ns) fail('EINVAL', sys, 'the mount is not in the caller\'s mount namespace', 'M9.3');
  if (target.dentry !== mnt.root) fail('EINVAL', sys, 'not a mount point', 'M9.2');
  let next = mnt.flags & MNT_ATIME_MASK;
  if (flags.ro) next |= MNT_READONLY;
  if (flags.nosuid) next |= MNT_NOSUID;
  if (flags.nodev) next |= MNT_NODEV;
  if (flags.noexec) next |= MNT_NOEXEC;
  const f = mnt.flags;
  if ((f & MNT_LOCK_READONLY && !(next & MNT_READONLY)) || (f & MNT_LOCK_NODEV && !(next & MNT_NODEV))
    || (f & MNT_LOCK_NOSUID && !(next & MNT_NOSUID)) || (f & MNT_LOCK_NOEXEC && !(next & MNT_NOEXEC))
    || (f & MNT_LOCK_ATIME && (f & MNT_ATIME_MASK) !== (next & MNT_ATIME_MASK))) {
    fail('EPERM', sys, 'a flag locked by a more privileged mount namespace cannot be cleared', 'M3.3');
  }
  mnt.flags = next | (f & ~MNT_USER_SETTABLE_MASK);
}

/** do_change_type: one propagation type, on the mount or (recursive) its tree (M4.1-M4.5). */
function doChangeType(ns: MntNamespace, target: VfsPath, type: PropagationType, recurse: boolean, sys: string): void {
  const mnt = target.mnt;
  if (target.dentry !== mnt.root) fail('EINVAL', sys, 'not a mount point', 'M9.2');
  if (mnt.ns !== ns) fail('EINVAL', sys, 'the mount is not in the caller\'s mount namespace', 'M9.3');
  const tree = recurse ? subtree(mnt) : [mnt];
  if (type === 'shared') inventGroupIds(mnt, tree);
  for (const m of tree) changeMntPropagation(m, type);
}

/** What a mount(2) call asks for. */
export type MountRequest =
  | { readonly kind: NewFsType }
  /** A new mount of a file system a registered type brings (`cgroup2`); ENODEV for a name no type brings. */
  | { readonly kind: 'fs'; readonly fstype: string }
  | { readonly kind: 'bind' | 'rbind'; readonly source: string; /** Road userns-2007: MS_SHARE_NS, a shared-ns mount (ignored off the road, as Linux 6.18 ignores that bit). */ readonly shareNs?: boolean }
  | { readonly kind: 'move'; readonly source: string }
  | { readonly kind: 'remount'; readonly flags: MountFlags }
  | { readonly kind: 'propagation'; readonly type: PropagationType; readonly recursive: boolean };

/**
 * mount(2) (do_mount -> path_mount): the target is looked up first
 * (ENOENT, ENOTDIR), then may_mount (EPERM), then the form's own checks.
 */
export function mount(kernel: Kernel, task: Task, targetPath: string, request: MountRequest): void {
  const sys = 'mount';
  checkCall(kernel, task, sys, { path: targetPath });
  checkRequest(request, sys);
  const { target, ns } = mountTarget(kernel, task, targetPath, sys);
  // Road userns-2007: the mounts made are tagged with the caller's user namespace, those cloned checked.
  if (on2007(task)) return as2007(ns.state, task, sys, () => doMount(kernel, task, ns, target, request, sys));
  doMount(kernel, task, ns, target, request, sys);
}

/** do_mount's dispatch on the form of the request (path_mount). */
function doMount(kernel: Kernel, task: Task, ns: MntNamespace, target: VfsPath, request: MountRequest, sys: string): void {
  switch (request.kind) {
    case 'tmpfs':
    case 'proc':
      return doNewMount(kernel, task, ns, target, request.kind, sys);
    case 'fs':
      return doTypeFsMount(kernel, task, ns, target, request.fstype, sys);
    case 'bind':
    case 'rbind':
      return doLoopback(kernel, task, ns, target, request.source, request.kind === 'rbind', sys, request.shareNs === true);
    case 'move':
      return doMove(kernel, task, ns, target, request.source, sys);
    case 'remount':
      return doReconfigure(ns, target, request.flags, sys);
    case 'propagation':
      return doChangeType(ns, target, request.type, request.recursive, sys);
  }
}

/**
 * umount2(2) (path_umount, do_umount): the mount at `path` and, by
 * propagation, its copies; EINVAL for a place that is not a mount point, a
 * mount of another namespace, a locked mount or the namespace's root;
 * without MNT_DETACH, EBUSY while it has mounts on it or a task's root or
 * working directory in it.
 */
export function umount2(kernel: Kernel, task: Task, path: string, options: { readonly detach?: boolean } = {}): void {
  const sys = 'umount2';
  checkOptions(options, sys);
  if (options.detach !== undefined) checkBoolean(options.detach, sys, 'options.detach');
  const { target: found, ns } = mountTarget(kernel, task, path, sys);
  // user_path_at(LOOKUP_MOUNTPOINT): the top of what is mounted there, even at `/` or `.`.
  const target = followDown(found.mnt, found.dentry);
  const mnt = target.mnt;
  if (target.dentry !== mnt.root) fail('EINVAL', sys, 'not a mount point', 'M9.2');
  if (mnt.ns !== ns) fail('EINVAL', sys, 'the mount is not in the caller\'s mount namespace', 'M9.3');
  if (mnt.locked) fail('EINVAL', sys, 'a mount locked by a more privileged mount namespace cannot be unmounted', 'M3.1');
  if (!options.detach && fsPaths(task, sys).root.mnt === mnt) {
    // do_umount_root: unmounting one's own root remounts its file system read-only.
    if (!nsCapable(task.cred, mnt.sb.userNs, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN over the file system\'s user namespace is needed to remount it read-only', 'M9.10');
    mnt.sb.readonly = true;
    return;
  }
  if (!mnt.hasParent) fail('EINVAL', sys, 'the root of the mount namespace', 'M3.9');
  if (options.detach) {
    umountTree(mnt, { propagate: true, sync: false });
    return;
  }
  if (propagateMountBusy(mnt)) fail('EBUSY', sys, 'mounts are on it, or a task\'s root or working directory is in it', 'M9.6');
  umountTree(mnt, { propagate: true, sync: true });
}

/**
 * Creating in a procfs directory: its lookup of a missing name fails with
 * ENOENT (proc_lookup gives an error, not a negative dentry), and mkdir of a
 * name that exists is EEXIST (open of an existing entry goes on as usual).
 */
function procCreate(kernel: Kernel, dir: Dentry, name: string, sys: string): void {
  if (!dir.proc) return;
  if (!childOf(kernel, dir, name)) fail('ENOENT', sys, 'procfs has no such entry, and makes none', 'M10.1');
  if (sys === 'mkdir') fail('EEXIST', sys, undefined, 'M10.2');
}

/** Whether writes through this mount are refused (EROFS). */
function readOnly(p: VfsPath): boolean {
  return (p.mnt.flags & MNT_READONLY) !== 0 || p.mnt.sb.readonly;
}

/** mkdir(2) with mode 0755: EEXIST, then EROFS, then EACCES. */
export function mkdir(kernel: Kernel, task: Task, path: string): void {
  const sys = 'mkdir';
  checkCall(kernel, task, sys, { path });
  const { dir, name } = lookupParent(kernel, task, path, sys);
  procCreate(kernel, dir.dentry, name, sys);
  if (childOf(kernel, dir.dentry, name)) fail('EEXIST', sys, undefined, 'M10.2');
  if (readOnly(dir)) fail('EROFS', sys, undefined, 'M10.3');
  checkMntUidns(kernel, task, dir.mnt, sys);
  if (dir.dentry.sb.fstype === 'nsfs' || !inodePermission(task.cred, dir.dentry, 2)) fail('EACCES', sys, undefined, 'M10.4');
  const node = dir.dentry.node;
  if (node) {
    // kernfs_iop_mkdir: the file system's own mkdir (cgroup_mkdir), EPERM for one that has none.
    if (!node.mkdir) fail('EPERM', sys, `${dir.dentry.sb.fstype} makes no directories`, 'M10.11');
    node.mkdir(kernel, task, name);
    return;
  }
  addEntry(dir.dentry, name, 'dir', { uid: task.cred.fsuid, gid: task.cred.fsgid });
}

/** open(path, O_WRONLY|O_CREAT, 0644) and close: creates a regular file if there is none (EISDIR, EROFS, EACCES). */
export function creat(kernel: Kernel, task: Task, path: string): void {
  const sys = 'open';
  checkCall(kernel, task, sys, { path });
  const { dir, name } = lookupParent(kernel, task, path, sys);
  procCreate(kernel, dir.dentry, name, sys);
  const existing = childOf(kernel, dir.dentry, name);
  if (existing) {
    const at = lookup(kernel, task, path, sys);
    if (at.dentry.isDir) fail('EISDIR', sys, undefined, 'M10.5');
    if (at.dentry.ns) fail('EPERM', sys, 'nsfs files are immutable', 'N2.5');
    if (readOnly(at)) fail('EROFS', sys, undefined, 'M10.3');
    checkMntUidns(kernel, task, at.mnt, sys);
    if (!inodePermission(task.cred, at.dentry, 2)) fail('EACCES', sys, undefined, 'M10.4');
    return;
  }
  if (readOnly(dir)) fail('EROFS', sys, undefined, 'M10.3');
  checkMntUidns(kernel, task, dir.mnt, sys);
  if (!inodePermission(task.cred, dir.dentry, 2)) fail('EACCES', sys, undefined, 'M10.4');
  // lookup_open: a negative dentry in a directory whose inode has no ->create (kernfs_dir_iops) is EACCES.
  if (dir.dentry.node) fail('EACCES', sys, `${dir.dentry.sb.fstype} makes no regular files`, 'M10.14');
  addEntry(dir.dentry, name, 'file', { uid: task.cred.fsuid, gid: task.cred.fsgid });
}

/** unlink(2) of a regular file a failed `pin` created (no checks beyond existence). */
function removeFile(dir: Dentry, name: string): void {
  const d = dir.children?.get(name);
  if (!d) return;
  d.dead = true;
  dir.children?.delete(name);
}

/** stat(2): whether the path exists (errors other than ENOENT are thrown). */
export function exists(kernel: Kernel, task: Task, path: string): boolean {
  checkCall(kernel, task, 'stat', { path });
  try {
    lookup(kernel, task, path, 'stat');
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return false;
    throw e;
  }
}

/** chdir(2). */
export function chdir(kernel: Kernel, task: Task, path: string): void {
  checkCall(kernel, task, 'chdir', { path });
  const p = lookup(kernel, task, path, 'chdir', { directory: true });
  task.fs?.set('pwd', p);
}

/** chroot(2): CAP_SYS_CHROOT in the caller's user namespace (whether the task then counts as chrooted is FsStruct.chrooted's question). */
export function chroot(kernel: Kernel, task: Task, path: string): void {
  const sys = 'chroot';
  checkCall(kernel, task, sys, { path });
  const p = lookup(kernel, task, path, sys, { directory: true });
  if (!nsCapable(task.cred, task.cred.userNs, CAP_SYS_CHROOT)) fail('EPERM', sys, undefined, 'C11.4');
  task.fs?.set('root', p);
}

/**
 * pivot_root(2): `newRoot` becomes the root of the caller's mount namespace
 * and the old root moves to `putOld`; every task whose root or working
 * directory was the old root moves to the new one (M7.1-M7.7).
 */
export function pivotRoot(kernel: Kernel, task: Task, newRoot: string, putOld: string): void {
  const sys = 'pivot_root';
  checkCall(kernel, task, sys, { newRoot, putOld });
  const ns = mntNsOf(kernel, task);
  mayMount(task, ns, sys);
  const neu = lookup(kernel, task, newRoot, sys, { directory: true });
  // lock_mount(&old): put_old is the top of what is mounted there, in a mount still mounted (ENOENT).
  const old = lockMount(lookup(kernel, task, putOld, sys, { directory: true }), sys);
  const root = fsPaths(task, sys).root;
  const newMnt = neu.mnt;
  const rootMnt = root.mnt;
  const oldMnt = old.mnt;
  const exParent = newMnt.parent;
  const rootParent = rootMnt.parent;
  if (oldMnt.shared || exParent.shared || rootParent.shared) fail('EINVAL', sys, 'put_old\'s mount, new_root\'s parent and the root\'s parent must not be shared', 'M7.5');
  if (rootMnt.ns !== ns || newMnt.ns !== ns) fail('EINVAL', sys, 'the mounts must be in the caller\'s mount namespace', 'M7.6');
  if (newMnt.locked) fail('EINVAL', sys, 'new_root is locked', 'M7.4');
  if (newMnt === rootMnt || oldMnt === rootMnt) fail('EBUSY', sys, 'new_root or put_old is on the current root', 'M7.3');
  if (root.dentry !== rootMnt.root || !rootMnt.hasParent) fail('EINVAL', sys, 'the current root is not a mount point', 'M7.4');
  if (neu.dentry !== newMnt.root || !newMnt.hasParent) fail('EINVAL', sys, 'new_root is not a mount point', 'M7.4');
  if (!isPathReachable(oldMnt, old.dentry, neu)) fail('EINVAL', sys, 'put_old is not at or below new_root', 'M7.4');
  if (!isPathReachable(newMnt, neu.dentry, root)) fail('EINVAL', sys, 'new_root is not below the current root', 'M7.4');
  // ---- commit
  const rootMountpoint = rootMnt.mountpoint;
  detachMnt(newMnt);
  detachMnt(rootMnt);
  if (rootMnt.locked) {
    newMnt.flags |= MNT_LOCKED;
    rootMnt.flags &= ~MNT_LOCKED;
  }
  attachMnt(rootMnt, oldMnt, old.dentry);
  attachMnt(newMnt, rootParent, rootMountpoint);
  const newPath = new VfsPath(newMnt, newMnt.root);
  // chroot_fs_refs
  for (const t of kernel.tasks()) {
    const fs = t.fs;
    if (!fs) continue;
    if (fs.root instanceof VfsPath && fs.root.equals(root)) fs.set('root', newPath);
    if (fs.pwd instanceof VfsPath && fs.pwd.equals(root)) fs.set('pwd', newPath);
  }
}

/** readlink(2): a symlink's text (procfs `self`: the reader's pid there), an ns link's `type:[inode]`; EINVAL for anything else. */
export function readlink(kernel: Kernel, task: Task, path: string): string {
  const sys = 'readlink';
  checkCall(kernel, task, sys, { path });
  const at = lookup(kernel, task, path, sys, { follow: false });
  const node = at.dentry.proc;
  if (node?.kind === 'self') {
    const nr = task.leader.pid.nrIn(procPidNs(kernel, at.dentry.sb));
    if (nr <= 0) fail('ENOENT', sys, undefined, 'M10.9');
    return String(nr);
  }
  if (node?.kind === 'ns-link') {
    if (node.task.state === 'dead') fail('ENOENT', sys, undefined, 'N2.7');
    return nsLinkName(kernel, task, node.task, node.entry, sys);
  }
  return fail('EINVAL', sys, 'not a symbolic link', 'M10.7');
}

/** proc_ns_readlink's text, with its checks. */
function nsLinkName(kernel: Kernel, caller: Task, target: Task, entry: string, sys: string): string {
  const fd = kernel.openNs(caller, target, entry);
  try {
    return kernel.nsOfFd(caller, fd, sys).linkName;
  } finally {
    kernel.close(caller, fd);
  }
}

/** The names of a directory's entries (getdents); a procfs root lists its pid namespace's processes and `self`. */
export function readdir(kernel: Kernel, task: Task, path: string): string[] {
  const sys = 'getdents';
  checkCall(kernel, task, sys, { path });
  const at = lookup(kernel, task, path, 'open', { directory: true });
  const node = at.dentry.proc;
  if (node?.kind === 'root') {
    const pidNs = procPidNs(kernel, at.dentry.sb);
    const out: string[] = [];
    for (const [nr, pid] of pidNs.idr) {
      const t = pid.task;
      if (t && t.state !== 'dead' && t.leader === t) out.push(String(nr));
    }
    return [...out, 'self'];
  }
  if (node?.kind === 'pid') return ['mountinfo', 'ns', 'status', ...procPidFiles(kernel).map((f) => f.name)];
  if (node?.kind === 'ns-dir') return [...kernel.entryMap.keys()];
  if (at.dentry.node) return [...at.dentry.node.names()];
  return [...(at.dentry.children?.keys() ?? [])];
}

/**
 * open(2) and read(2) of a file: a regular file's contents (empty: the model
 * keeps none); in a procfs, a process's `status` (its `Name`, `Pid` and
 * `NSpid` lines, the ones the model has), `mountinfo` (read with the ptrace
 * check, as the task sees its namespace), and the files its types bring (the
 * id maps); EISDIR for a directory.
 */
export function readFile(kernel: Kernel, task: Task, path: string): string {
  const sys = 'open';
  checkCall(kernel, task, sys, { path });
  const at = lookup(kernel, task, path, sys);
  if (at.dentry.isDir) fail('EISDIR', sys, 'a directory cannot be read as a file', 'M10.5');
  if (at.dentry.ns) fail('EINVAL', 'read', 'an nsfs file has no read', 'M10.10');
  if (at.dentry.node) return at.dentry.node.read(kernel, task);
  const node = at.dentry.proc;
  if (!node || !('task' in node)) return '';
  const target = node.task;
  if (target.state === 'dead') fail('ENOENT', sys, undefined, 'N2.7');
  switch (node.kind) {
    case 'status': {
      const numbers = target.pid.numbers.slice(procPidNs(kernel, at.dentry.sb).level);
      // task_state and task_cap (fs/proc/array.c): ids as the reader's user namespace maps them, then the capability sets.
      const c = target.cred;
      const ns = task.cred.userNs;
      const u = (id: number): number => fromKuidMunged(ns, id);
      const g = (id: number): number => fromKgidMunged(ns, id);
      const cap = (set: bigint): string => set.toString(16).padStart(16, '0');
      return `Name:\t${target.comm}\nPid:\t${numbers[0] ?? 0}\nUid:\t${[c.uid, c.euid, c.suid, c.fsuid].map(u).join('\t')}\nGid:\t${[c.gid, c.egid, c.sgid, c.fsgid].map(g).join('\t')}\n` +
        `Groups:\t${c.groups.map(g).join(' ')} \nNSpid:\t${numbers.join('\t')}\n` +
        `CapInh:\t${cap(c.capInheritable)}\nCapPrm:\t${cap(c.capPermitted)}\nCapEff:\t${cap(c.capEffective)}\nCapBnd:\t${cap(c.capBset)}\nCapAmb:\t${cap(c.capAmbient)}\n` +
        `NoNewPrivs:\t${target.noNewPrivs ? 1 : 0}\n`;
    }
    case 'mountinfo':
      if (!ptraceMayAccess(task, target, 'read-fscreds')) fail('EACCES', sys, 'ptrace read access to the task is needed', 'N2.3');
      return mountInfoText(kernel, target);
    case 'type-file':
      return node.file.read(kernel, task, target);
    default:
      return '';
  }
}

/** The `NSpid:` field of a procfs `<pid>/status`: the task's pid from the instance's pid namespace down to its own (P5.3). */
export function nsPid(kernel: Kernel, task: Task, dir: string): number[] {
  const sys = 'open';
  checkCall(kernel, task, sys, { dir });
  const at = lookup(kernel, task, dir, sys, { directory: true });
  const node = at.dentry.proc;
  if (node?.kind !== 'pid') return fail('ENOENT', sys, 'not a procfs process directory', 'M10.1');
  if (node.task.state === 'dead') fail('ENOENT', sys, undefined, 'N2.7');
  const level = procPidNs(kernel, at.dentry.sb).level;
  return node.task.pid.numbers.slice(level);
}

/** The namespace of an nsfs file at `path` (open + NS_GET_NSTYPE): EINVAL for any other file. */
export function nsAt(kernel: Kernel, task: Task, path: string): NsCommon {
  checkCall(kernel, task, 'open', { path });
  const at = lookup(kernel, task, path, 'open');
  return at.dentry.ns ?? fail('EINVAL', 'ioctl', 'not an nsfs file', 'M10.8');
}

/**
 * How `ip netns add` names a namespace: open the target's ns file through
 * the initial procfs (the ptrace check), create an empty file at `path`
 * (EEXIST), bind-mount the ns file onto it; a failed mount removes the file.
 */
export function pin(kernel: Kernel, task: Task, target: Task, entry: string, path: string): void {
  const sys = 'mount';
  checkCall(kernel, task, sys, { entry, path });
  const fd = kernel.openNs(task, target, entry);
  try {
    const ns = kernel.nsOfFd(task, fd, sys);
    const { dir, name } = lookupParent(kernel, task, path, 'open');
    // open(O_CREAT | O_EXCL): a name that exists, in any file system (procfs and kernfs entries too).
    if (childOf(kernel, dir.dentry, name)) fail('EEXIST', 'open', undefined, 'M10.2');
    creat(kernel, task, path);
    try {
      const { target, ns: mntNs } = mountTarget(kernel, task, path, sys);
      const state = mntState(kernel);
      const nsfs = new VfsPath(state.nsfsMount, state.nsDentry(ns));
      if (mntNsLoop(mntNs, nsfs.dentry)) fail('EINVAL', sys, 'a mount namespace file may only be bound from an older namespace', 'M8.2');
      const at = lockMount(target, sys);
      if (at.mnt.ns !== mntNs) fail('EINVAL', sys, 'the mount point is not in the caller\'s mount namespace', 'M9.3');
      const made = cloneMnt(state.nsfsMount, nsfs.dentry, 0);
      try {
        graft(made, at, sys);
      } catch (e) {
        umountTree(made, { propagate: false, sync: true });
        throw e;
      }
    } catch (e) {
      removeFile(dir.dentry, name);
      throw e;
    }
  } finally {
    kernel.close(task, fd);
  }
}
