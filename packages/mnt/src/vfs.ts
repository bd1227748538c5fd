/**
 * The small VFS under the mount tree: superblocks and dentries (one dentry
 * per file, no hard links), for tmpfs-like file systems, the root file
 * system, procfs (whose entries are made on lookup from the tasks, as
 * fs/proc does) and nsfs (one dentry per namespace, as fs/nsfs.c stashes it).
 * Only what mount namespaces need, but what exists behaves like Linux.
 */
import type { FileSystemType, FsNode, NsCommon, PidNamespace, ProcPidFile, Task, UserNamespace } from '@nsproxy/core';

/** What a dentry is: a directory, a regular file, a symlink (procfs `self`), or a magic link (procfs `ns/<type>`). */
export type DentryKind = 'dir' | 'file' | 'symlink' | 'nslink';

/** What a procfs dentry stands for. */
export type ProcNode =
  | { readonly kind: 'root' }
  | { readonly kind: 'self' }
  | { readonly kind: 'pid'; readonly task: Task }
  | { readonly kind: 'ns-dir'; readonly task: Task }
  | { readonly kind: 'ns-link'; readonly task: Task; readonly entry: string }
  | { readonly kind: 'status'; readonly task: Task }
  | { readonly kind: 'mountinfo'; readonly task: Task }
  | { readonly kind: 'type-file'; readonly task: Task; readonly file: ProcPidFile };

/** struct dentry (with its inode's type). */
export class Dentry {
  readonly sb: SuperBlock;
  readonly name: string;
  readonly parent: Dentry | null;
  readonly kind: DentryKind;
  /** Entries of a directory by name (made on lookup in procfs). */
  readonly children: Map<string, Dentry> | null;
  /** nsfs: the namespace this inode is. */
  readonly ns: NsCommon | null;
  /** procfs: what the entry shows. */
  readonly proc: ProcNode | null;
  /** A type's file system (cgroup2): the node this dentry shows. */
  readonly node: FsNode | null;
  /** Unlinked (rmdir, or a procfs entry whose task is gone). */
  dead = false;
  /** The owner's kernel uid and gid, and the permission bits (generic_permission reads them). */
  uid = 0;
  gid = 0;
  mode: number;

  constructor(sb: SuperBlock, name: string, parent: Dentry | null, kind: DentryKind, extra: { ns?: NsCommon; proc?: ProcNode; node?: FsNode } = {}) {
    this.sb = sb;
    this.name = name;
    this.parent = parent;
    this.kind = kind;
    this.children = kind === 'dir' ? new Map() : null;
    this.ns = extra.ns ?? null;
    this.proc = extra.proc ?? null;
    this.node = extra.node ?? null;
    this.mode = extra.node ? extra.node.mode : kind === 'dir' ? (sb.fstype === 'proc' ? 0o555 : 0o755) : kind === 'file' ? (extra.ns ? 0o444 : 0o644) : 0o777;
  }

  get isDir(): boolean {
    return this.kind === 'dir';
  }

  /** Whether this dentry is `ancestor` or below it in the same file system (is_subdir). */
  isSubdirOf(ancestor: Dentry): boolean {
    if (this === ancestor) return true;
    for (let d = this.parent; d; d = d.parent) if (d === ancestor) return true;
    return false;
  }

  /** The path from the file system's root (`/`, `/a/b`); nsfs prints `net:[4026532249]` (ns_dname). */
  path(): string {
    if (this.ns) return this.ns.linkName;
    if (!this.parent) return '/';
    const parts: string[] = [this.name];
    for (let d = this.parent; d.parent; d = d.parent) parts.push(d.name);
    return `/${parts.reverse().join('/')}`;
  }
}

/** A file system type the model has: its own, or a name a type's file system brings (`cgroup2`). */
export type FsType = 'rootfs' | 'ext4' | 'tmpfs' | 'proc' | 'nsfs' | (string & {});

/** struct super_block: one instance of a file system. */
export class SuperBlock {
  readonly fstype: FsType;
  /** The source mountinfo shows (`tmpfs`, `proc`, `/dev/vda`, `nsfs`). */
  readonly source: string;
  /** st_dev as mountinfo prints it (`0:40`). */
  readonly dev: string;
  readonly root: Dentry;
  /** s_user_ns: the user namespace the file system was mounted for. */
  readonly userNs: UserNamespace;
  /** procfs: the pid namespace whose pids it shows (P5.2); null for the initial procfs (the kernel's initial pid namespace). */
  readonly pidNs: PidNamespace | null;
  /** SB_RDONLY (the umount of a task's own root remounts it read-only). */
  readonly = false;
  /** The mounts of this file system that are not freed yet; the last one's free frees the superblock (and its device number). */
  mountCount = 0;
  /** The minor of an anonymous device (get_anon_bdev) it holds, -1 for none. */
  anonMinor = -1;
  /** A type's file system: its type, and the dentries of its nodes made so far (kernfs_node_dentry). */
  readonly fsType: FileSystemType | null;
  private readonly nodeDentries: Map<FsNode, Dentry> | null;

  constructor(fstype: FsType, source: string, dev: string, userNs: UserNamespace, pidNs: PidNamespace | null = null, typeFs?: { readonly type: FileSystemType; readonly root: FsNode }) {
    this.fstype = fstype;
    this.source = source;
    this.dev = dev;
    this.userNs = userNs;
    this.pidNs = pidNs;
    this.fsType = typeFs?.type ?? null;
    this.root = new Dentry(this, '/', null, 'dir', fstype === 'proc' ? { proc: { kind: 'root' } } : typeFs ? { node: typeFs.root } : {});
    this.nodeDentries = typeFs ? new Map([[typeFs.root, this.root]]) : null;
  }

  /** The dentry of a node of this superblock's type file system, made with its parents on first use; undefined for a removed node. */
  dentryOf(node: FsNode): Dentry | undefined {
    const map = this.nodeDentries;
    if (!map || node.dead) return undefined;
    const known = map.get(node);
    if (known) return known;
    const parent = node.parent ? this.dentryOf(node.parent) : undefined;
    if (!parent) return undefined;
    const d = new Dentry(this, node.name, parent, node.isDir ? 'dir' : 'file', { node });
    map.set(node, d);
    return d;
  }

  /** The superblock options mountinfo prints last (`rw` or `ro`: the model's file systems take no options). */
  get superOptions(): string {
    return this.readonly ? 'ro' : 'rw';
  }
}

/** Makes a directory or file entry in a directory (mkdir, creat), owned by `owner` (kernel ids). */
export function addEntry(dir: Dentry, name: string, kind: 'dir' | 'file', owner?: { readonly uid: number; readonly gid: number }): Dentry {
  const children = dir.children;
  if (!children) throw new Error('addEntry: not a directory');
  const d = new Dentry(dir.sb, name, dir, kind);
  if (owner) {
    d.uid = owner.uid;
    d.gid = owner.gid;
  }
  children.set(name, d);
  return d;
}
