/**
 * Inode attributes: chown(2) and lchown(2) (fs/open.c do_fchownat and
 * chown_common, fs/attr.c setattr_prepare with chown_ok and chgrp_ok,
 * notify_change's ATTR_KILL_SUID/SGID) and stat(2)'s owner, mode and
 * link count (fs/stat.c), over the model's dentries. Ids cross user
 * namespaces as the kernel's do: the caller's ids are mapped down with its
 * user namespace (make_kuid), and an owner is shown as the caller's user
 * namespace maps it.
 */
import { CAP_CHOWN, badArgument, capableWrtInode, checkAlive, checkString, fail, makeKgid, makeKuid } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import { MNT_READONLY } from './mount.ts';
import { lookup } from './namei.ts';
import type { Dentry } from './vfs.ts';

/** S_ISUID, S_ISGID, S_IXGRP. */
const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_IXGRP = 0o010;

/** vfsgid_in_group_p: the gid is the caller's fsgid or one of its supplementary groups. */
function inGroup(task: Task, kgid: number): boolean {
  const groups = (task.cred as { readonly groups?: readonly number[] }).groups ?? [];
  return task.cred.fsgid === kgid || groups.includes(kgid);
}

/**
 * chown(2) (`follow`, the default) or lchown(2) of `path` to the caller's
 * `uid` and `gid` (-1 leaves one as it is): EROFS through a read-only mount;
 * then EINVAL for an id the caller's user namespace does not map; EPERM unless
 * the caller owns the file and keeps its owner (changing the group to one it
 * is in), or has CAP_CHOWN in its user namespace with the file's owner and
 * group mapped there (capable_wrt_inode_uidgid). A regular file loses its
 * set-user-ID bit, and its set-group-ID bit when it is group-executable.
 * A procfs root and the files of a type's file system (cgroup2) are chowned
 * by the same checks (simple_setattr, kernfs_iop_setattr); the procfs files
 * below its root, and nsfs files, are not the model's to chown (EPERM).
 */
export function chown(kernel: Kernel, task: Task, path: string, uid: number, gid: number, options: { readonly follow?: boolean } = {}): void {
  const sys = options.follow === false ? 'lchown' : 'chown';
  checkAlive(kernel, task, sys);
  checkString(path, sys, 'path');
  for (const [name, v] of [['uid', uid], ['gid', gid]] as const) {
    if (!Number.isInteger(v) || v < -1 || v > 4294967295) badArgument(sys, name, 'an id (or -1)', v);
  }
  const at = lookup(kernel, task, path, sys, { follow: options.follow !== false });
  const d = at.dentry;
  const ns = task.cred.userNs;
  const kuid = uid === -1 || uid === 4294967295 ? -1 : makeKuid(ns, uid);
  const kgid = gid === -1 || gid === 4294967295 ? -1 : makeKgid(ns, gid);
  // do_fchownat: mnt_want_write (EROFS) before chown_common looks at the ids.
  if ((at.mnt.flags & MNT_READONLY) !== 0 || at.mnt.sb.readonly) fail('EROFS', sys, undefined, 'M10.3');
  // chown_common: an id with no mapping in the caller's user namespace.
  if ((uid !== -1 && uid !== 4294967295 && kuid < 0) || (gid !== -1 && gid !== 4294967295 && kgid < 0)) fail('EINVAL', sys, 'the id has no mapping in the caller\'s user namespace', 'M10.13');
  // A procfs root (proc_root_inode_operations has no ->setattr: simple_setattr) and any node of a type's kernfs
  // file system (kernfs_iop_setattr) are chowned as any inode is: setattr_prepare's chown_ok and chgrp_ok.
  if (d.ns || (d.proc && d !== d.sb.root)) fail('EPERM', sys, 'the model keeps no owner for nsfs files and procfs files below its root', 'M10.12');
  const inode = { uid: d.uid, gid: d.gid, mode: d.mode };
  // setattr_prepare: chown_ok, then chgrp_ok.
  const privileged = capableWrtInode(task.cred, inode, CAP_CHOWN);
  if (kuid !== -1 && !((task.cred.fsuid === d.uid && kuid === d.uid) || privileged)) fail('EPERM', sys, 'changing the owner needs CAP_CHOWN over the file, its owner and group mapped', 'M10.12');
  if (kgid !== -1 && !((task.cred.fsuid === d.uid && (kgid === d.gid || inGroup(task, kgid))) || privileged)) fail('EPERM', sys, 'changing the group needs ownership and membership, or CAP_CHOWN over the file', 'M10.12');
  if (kuid !== -1) d.uid = kuid;
  if (kgid !== -1) d.gid = kgid;
  // notify_change: ATTR_KILL_SUID, and ATTR_KILL_SGID for a group-executable file (should_remove_suid).
  if (!d.isDir && (kuid !== -1 || kgid !== -1)) {
    d.mode &= ~S_ISUID;
    if ((d.mode & (S_ISGID | S_IXGRP)) === (S_ISGID | S_IXGRP)) d.mode &= ~S_ISGID;
  }
}

/** What stat(2) gives of a file that ls -l shows. */
export interface Stat {
  /** `file`, `dir`, or a symbolic link (procfs's magic links are links). */
  readonly kind: 'file' | 'dir' | 'symlink';
  /** The permission bits with set-id and sticky bits (no file type bits). */
  readonly mode: number;
  /** The owner's kernel uid and gid (map them up for the caller: from_kuid_munged). */
  readonly uid: number;
  readonly gid: number;
  /** st_nlink: 1 for a file or link; 2 and one per subdirectory for a directory (tmpfs, procfs). */
  readonly nlink: number;
  /** The file system's type (`tmpfs`, `proc`, `nsfs`, ...): what the size of a directory depends on. */
  readonly fstype: string;
}

/** stat(2) (`follow`, the default) or lstat(2) of `path`. */
export function stat(kernel: Kernel, task: Task, path: string, options: { readonly follow?: boolean } = {}): Stat {
  const sys = options.follow === false ? 'lstat' : 'stat';
  checkAlive(kernel, task, sys);
  checkString(path, sys, 'path');
  const d = lookup(kernel, task, path, sys, { follow: options.follow !== false }).dentry;
  return statOf(kernel, d);
}

/** The attributes of a dentry. */
export function statOf(kernel: Kernel, d: Dentry): Stat {
  const kind = d.kind === 'dir' ? 'dir' : d.kind === 'file' ? 'file' : 'symlink';
  let nlink = 1;
  if (d.isDir) {
    nlink = 2;
    if (d.node) {
      for (const n of d.node.names()) if (d.node.child(n)?.isDir) nlink++;
    } else if (!d.proc) {
      for (const c of d.children?.values() ?? []) if (c.isDir && !c.dead) nlink++;
    }
  }
  void kernel;
  return { kind, mode: d.mode & 0o7777, uid: d.uid, gid: d.gid, nlink, fstype: d.sb.fstype };
}
