/**
 * /proc/<pid>/mountinfo (fs/proc_namespace.c show_mountinfo): one line per
 * mount of the task's namespace that its root reaches, in the namespace's
 * order (by unique mount id), with the optional fields of propagation
 * (`shared:N`, `master:N`, `propagate_from:N`, `unbindable`).
 */
import type { Kernel, NsCommon, Task } from '@nsproxy/core';
import {
  MNT_NOATIME, MNT_NODEV, MNT_NODIRATIME, MNT_NOEXEC, MNT_NOSUID, MNT_READONLY, MNT_RELATIME,
} from './mount.ts';
import type { Mount, VfsPath } from './mount.ts';
import { mntNsOf, nsRootPath } from './namespace.ts';
import type { MntNamespace } from './namespace.ts';
import { fsPaths, pathFrom } from './namei.ts';
import { dominatingId } from './pnode.ts';

/** One mountinfo line's fields. */
export interface MountInfo {
  readonly id: number;
  readonly parentId: number;
  readonly dev: string;
  /** The mount's root within its file system (field 4). */
  readonly root: string;
  /** Its mount point, relative to the reader's root (field 5). */
  readonly mountPoint: string;
  /** The per-mount options (field 6): `rw,relatime`. */
  readonly options: string;
  /** The optional fields (field 7), in order. */
  readonly optional: readonly string[];
  readonly fstype: string;
  readonly source: string;
  readonly superOptions: string;
  readonly mount: Mount;
}

/** The per-mount options of show_mnt_opts: `rw`/`ro`, then nosuid, nodev, noexec, noatime, nodiratime, relatime. */
export function mountOptions(m: Mount): string {
  // The mount's own flag: a read-only superblock shows in the superblock options instead.
  const out = [m.flags & MNT_READONLY ? 'ro' : 'rw'];
  const names: [number, string][] = [[MNT_NOSUID, 'nosuid'], [MNT_NODEV, 'nodev'], [MNT_NOEXEC, 'noexec'], [MNT_NOATIME, 'noatime'], [MNT_NODIRATIME, 'nodiratime'], [MNT_RELATIME, 'relatime']];
  for (const [flag, name] of names) if (m.flags & flag) out.push(name);
  return out.join(',');
}

/**
 * The optional fields of a mount as a reader with root `root` sees them;
 * `id` prints a peer-group id (the kernel prints the number).
 */
export function optionalFields(m: Mount, root: VfsPath, id: (m: Mount, groupId: number) => string = (_m, n) => String(n)): string[] {
  const out: string[] = [];
  if (m.shared) out.push(`shared:${id(m, m.groupId)}`);
  if (m.master) {
    const master = m.master.groupId;
    out.push(`master:${id(m, master)}`);
    const dom = dominatingId(m, root);
    if (dom && dom !== master) out.push(`propagate_from:${id(m, dom)}`);
  }
  if (m.unbindable) out.push('unbindable');
  return out;
}

/** mangle(): blanks, tabs, newlines and backslashes as octal escapes. */
function mangle(s: string): string {
  return s.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/**
 * Field 4, the root of the mount within its file system: the dentry's path
 * from the superblock's root, or, for a type's file system, as `viewer` sees
 * it (show_path: cgroup2 relative to the viewer's cgroup namespace root).
 */
export function mountRoot(m: Mount, viewer: Task): string {
  return m.root.node?.showPath?.(viewer) ?? m.root.path();
}

/** The mountinfo entries of `task`'s mount namespace, as the task itself reads them. */
export function mountInfo(kernel: Kernel, task: Task): MountInfo[] {
  const ns = mntNsOf(kernel, task);
  const { root } = fsPaths(task, 'open');
  const out: MountInfo[] = [];
  for (const m of [...ns.mounts].sort((a, b) => a.uniqueId - b.uniqueId)) {
    const mountPoint = pathFrom(root, m, m.root);
    if (mountPoint === null) continue;
    out.push({
      id: m.id, parentId: m.hasParent ? m.parent.id : m.id, dev: m.sb.dev, root: mountRoot(m, task), mountPoint,
      options: mountOptions(m), optional: optionalFields(m, root), fstype: m.sb.fstype, source: m.sb.source,
      superOptions: m.sb.superOptions, mount: m,
    });
  }
  return out;
}

/** The text of /proc/self/mountinfo. */
export function mountInfoText(kernel: Kernel, task: Task): string {
  return mountInfo(kernel, task)
    .map((e) => [e.id, e.parentId, e.dev, mangle(e.root), mangle(e.mountPoint), e.options, ...e.optional, '-', e.fstype, e.source, e.superOptions].join(' '))
    .map((line) => `${line}\n`)
    .join('');
}

/** One nsfs bind mount of a mount namespace: where it is and the namespace its ns file names. */
export interface NsfsMount {
  /** Its mount point, from the namespace's root (`/run/netns/foo`). */
  readonly path: string;
  /** The namespace it holds (fs/nsfs.c: a mount of an ns file keeps a reference on it). */
  readonly ns: NsCommon;
  readonly mount: Mount;
}

/**
 * The nsfs bind mounts of a mount namespace (`ip netns add`, `unshare
 * --net=FILE`), each pinning its namespace: the `nsfs` lines of the
 * namespace's mountinfo as a task at its root reads them, in mount order.
 * Needs no task of the namespace (one held only by a bind mount has none).
 */
export function nsfsMounts(ns: MntNamespace): NsfsMount[] {
  const root = nsRootPath(ns);
  const out: NsfsMount[] = [];
  for (const m of [...ns.mounts].sort((a, b) => a.uniqueId - b.uniqueId)) {
    const bound = m.root.ns;
    if (!bound) continue;
    const path = pathFrom(root, m, m.root);
    if (path !== null) out.push({ path, ns: bound, mount: m });
  }
  return out;
}
