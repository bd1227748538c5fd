/**
 * Mount propagation (fs/pnode.c): peer groups (a ring of peers sharing a
 * group id), masters and their slave lists, the walk over everything that
 * receives events from a mount (propagation_next, next_group), the copies
 * made when a tree is attached under a shared mount (propagate_mnt), and what
 * an unmount takes with it (propagate_mount_busy, propagate_umount).
 */
import type { Dentry } from './vfs.ts';
import { CL_MAKE_SHARED, CL_SLAVE, copyTree, lookupMnt, peers, removePeer, removeSlave, setMountpoint, setShared } from './mount.ts';
import type { Mount, VfsPath } from './mount.ts';

/** The kinds of propagation change (MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE). */
export type PropagationType = 'shared' | 'private' | 'slave' | 'unbindable';

/** mnt_release_group_id. */
export function releaseGroupId(m: Mount): void {
  m.state.groupIds.free(m.groupId);
  m.state.groupSerial.delete(m.groupId);
  m.groupId = 0;
}

/** do_make_slave: leave the peer group, becoming a slave of a former peer (or of the old master). */
function doMakeSlave(mnt: Mount): void {
  let master: Mount | null;
  if (mnt.nextPeer === mnt) {
    if (mnt.shared) {
      releaseGroupId(mnt);
      mnt.shared = false;
    }
    master = mnt.master;
    if (!master) {
      for (const s of mnt.slaves) s.master = null;
      mnt.slaveList = null;
      return;
    }
  } else {
    // A peer with the same root dentry, else any peer.
    master = mnt.nextPeer;
    for (let m = mnt.nextPeer; m !== mnt; m = m.nextPeer) {
      if (m.root === mnt.root) {
        master = m;
        break;
      }
    }
    removePeer(mnt);
    mnt.groupId = 0;
    mnt.shared = false;
  }
  for (const s of mnt.slaves) s.master = master;
  // list_move(&mnt->mnt_slave, &master->mnt_slave_list): first in its master's list;
  // then list_splice of its own slaves at the end of that list.
  removeSlave(mnt);
  const list = master.slaveListMut();
  list.unshift(mnt);
  list.push(...mnt.slaves);
  mnt.slaveList = null;
  mnt.master = master;
}

/** change_mnt_propagation. */
export function changeMntPropagation(mnt: Mount, type: PropagationType): void {
  if (type === 'shared') {
    setShared(mnt);
    return;
  }
  doMakeSlave(mnt);
  if (type !== 'slave') {
    removeSlave(mnt);
    mnt.master = null;
    mnt.unbindable = type === 'unbindable';
  }
}

/** invent_group_ids: a group id for every mount of the tree (or `mnt` alone) that has none. */
export function inventGroupIds(mnt: Mount, trees: readonly Mount[]): void {
  for (const p of trees) if (!p.groupId && !p.shared) p.groupId = mnt.state.allocGroup();
}

/** The element after `m` in its master's slave list; `null` for the end of the list (the list head); `m` itself without a master. */
function slaveNext(m: Mount): Mount | null {
  if (!m.master) return m;
  const list = m.master.slaves;
  return list[list.indexOf(m) + 1] ?? null;
}

/** __propagation_next. */
function propagationNextSibling(m: Mount, origin: Mount): Mount | null {
  for (;;) {
    const master = m.master;
    if (master === origin.master) {
      const next = m.nextPeer;
      return next === origin ? null : next;
    }
    const next = slaveNext(m);
    if (next) return next;
    // back at the master
    m = master as Mount;
  }
}

/** propagation_next: the next mount that receives propagation from `origin`, after `m`. */
export function propagationNext(m: Mount, origin: Mount): Mount | null {
  if (!m.isNew && m.slaves.length) return m.slaves[0] ?? null;
  return propagationNextSibling(m, origin);
}

/** skip_propagation_subtree: past everything that gets propagation from `m`. */
export function skipPropagationSubtree(m: Mount, origin: Mount): Mount | null {
  let p = propagationNextSibling(m, origin);
  while (p && peers(m, p)) p = propagationNextSibling(p, origin);
  return p;
}

/** next_group: the first mount of the next peer group that receives propagation (depth first). */
function nextGroup(m: Mount, origin: Mount): Mount | null {
  for (;;) {
    for (;;) {
      if (!m.isNew && m.slaves.length) return m.slaves[0] ?? null;
      const next = m.nextPeer;
      if (m.groupId === origin.groupId) {
        if (next === origin) return null;
      } else if (slaveNext(m) !== next) {
        break;
      }
      m = next;
    }
    // m is the last peer
    for (;;) {
      const master = m.master as Mount;
      const after = slaveNext(m);
      if (after) return after;
      m = master.nextPeer;
      if (master.groupId === origin.groupId) break;
      if (slaveNext(master) === m) break;
      m = master;
    }
    if (m === origin) return null;
  }
}

/** need_secondary: whether `m` gets a copy of a tree mounted on `mp` under one of its peers or masters. */
function needSecondary(m: Mount, mp: Dentry): boolean {
  if (m.isNew) return false;
  return mp.isSubdirOf(m.root);
}

/** find_master: the copy that the copies for `m`'s peer group are slaves of. */
function findMaster(m: Mount, lastCopy: Mount, original: Mount): Mount {
  let p: Mount | null;
  for (;;) {
    p = m.master;
    if (!p || p.marked) break;
    m = p;
  }
  while (!peers(lastCopy, original)) {
    const parent = lastCopy.parent;
    if (parent.master === p) {
      if (!peers(parent, m)) lastCopy = lastCopy.master as Mount;
      break;
    }
    lastCopy = lastCopy.master as Mount;
  }
  return lastCopy;
}

/**
 * propagate_mnt: copies of `source` for every mount that receives propagation
 * from `dest`, made slaves or peers as the kernel makes them; each is set on
 * its mountpoint but not yet attached. Returns the copies, or `{ copies,
 * error }` (the ones made, to undo) when a receiving namespace would pass
 * fs.mount-max (ENOSPC, M4.7) or the source is a mount namespace's file,
 * which copy_tree refuses to copy (EINVAL, M2.3).
 */
export function propagateMnt(
  dest: Mount, mp: Dentry, source: Mount, countFits: (ns: Mount, copy: Mount) => boolean,
): Mount[] | { readonly copies: Mount[]; readonly error: 'ENOSPC' | 'EINVAL' } {
  const copies: Mount[] = [];
  if (dest.master) dest.master.marked = true;
  let err: 'ENOSPC' | 'EINVAL' | null = null;
  let copy: Mount = source;
  for (let m: Mount | null = dest; m && !err; m = nextGroup(m, dest)) {
    let type: number;
    let n: Mount;
    if (m === dest) {
      copy = source;
      type = CL_MAKE_SHARED;
      n = m.nextPeer;
      if (n === m) continue;
    } else {
      type = CL_SLAVE;
      if (m.shared) type |= CL_MAKE_SHARED;
      n = m;
    }
    do {
      if (!needSecondary(n, mp)) continue;
      if (type & CL_SLAVE) copy = findMaster(n, copy, source);
      const made = copyTree(copy, copy.root, type);
      if (made === 'EINVAL') {
        // copy_tree refuses a mount namespace's file (no CL_COPY_MNT_NS_FILE): the whole call fails.
        err = 'EINVAL';
        break;
      }
      setMountpoint(n, mp, made);
      if (n.master) n.master.marked = true;
      copy = made;
      copies.push(made);
      if (!countFits(n, made)) {
        err = 'ENOSPC';
        break;
      }
      type = CL_MAKE_SHARED;
    } while ((n = n.nextPeer) !== m);
  }
  for (const c of copies) if (c.parent.master) c.parent.master.marked = false;
  if (dest.master) dest.master.marked = false;
  return err ? { copies, error: err } : copies;
}

/**
 * propagate_mount_busy: `mnt` cannot go while it has mounts on it or a task's
 * root or working directory in it, nor while a copy it would take along
 * (a mount without mounts on it where its parent propagates) is in use.
 */
export function propagateMountBusy(mnt: Mount): boolean {
  if (mnt.childAt.size || mnt.pathRefs > 0) return true;
  const parent = mnt.parent;
  if (parent === mnt) return false;
  for (let m = propagationNext(parent, parent); m; m = propagationNext(m, parent)) {
    const child = lookupMnt(m, mnt.mountpoint);
    if (!child || child.childAt.size) continue;
    if (child.pathRefs > 0) return true;
  }
  return false;
}

/**
 * propagate_umount: the mounts that receive the unmount of the mounts in
 * `set` (where their parents propagate), added to `set`: a receiving mount
 * goes if nothing that stays is mounted on it, or only a mount that covers
 * its root (an overmount, which then takes its place: returned, for
 * umountTree to move); a locked one goes only together with its parent, so
 * nothing it covers is revealed (6.16's propagate_umount: trim_one,
 * handle_locked, reparent).
 */
export function propagateUmount(set: Set<Mount>): Mount[] {
  const candidates: Mount[] = [];
  const seen = new Set<Mount>();
  for (const m of set) {
    const p = m.parent;
    if (p === m) continue;
    for (let q = propagationNext(p, p); q; q = propagationNext(q, p)) {
      const child = lookupMnt(q, m.mountpoint);
      if (child && !set.has(child) && !seen.has(child)) {
        seen.add(child);
        candidates.push(child);
      }
    }
  }
  const overmounts: Mount[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of candidates) {
      if (set.has(c)) continue;
      const staying = [...c.childAt.values()].filter((k) => !set.has(k));
      const over = staying.length === 1 && staying[0]?.mountpoint === c.root ? staying[0] : undefined;
      if (staying.length > (over ? 1 : 0)) continue;
      if (c.locked && !set.has(c.parent)) continue;
      set.add(c);
      if (over) overmounts.push(over);
      changed = true;
    }
  }
  return overmounts;
}

/** get_peer_under_root: a peer of `mnt` in `ns` whose root the reader can reach. */
function peerUnderRoot(mnt: Mount, ns: Mount['ns'], root: VfsPath): Mount | null {
  let m = mnt;
  do {
    if (m.ns === ns && isPathReachable(m, m.root, root)) return m;
    m = m.nextPeer;
  } while (m !== mnt);
  return null;
}

/** get_dominating_id: the nearest master peer group with a member the reader can reach (mountinfo's propagate_from). */
export function dominatingId(mnt: Mount, root: VfsPath): number {
  for (let m = mnt.master; m; m = m.master) {
    const d = peerUnderRoot(m, mnt.ns, root);
    if (d) return d.groupId;
  }
  return 0;
}

/** is_path_reachable: whether (mnt, dentry) lies at or below `root`. */
export function isPathReachable(mnt: Mount, dentry: Dentry, root: VfsPath): boolean {
  while (mnt !== root.mnt && mnt.hasParent) {
    dentry = mnt.mountpoint;
    mnt = mnt.parent;
  }
  return mnt === root.mnt && dentry.isSubdirOf(root.dentry);
}
