/**
 * @nsproxy/mnt: mount namespaces on a small VFS. Mirrors fs/namespace.c
 * (mount, umount2, pivot_root, copy_mnt_ns, mntns_install), fs/pnode.c
 * (propagation), fs/namei.c (path lookup through mounts), fs/proc (procfs
 * instances bound to a pid namespace) and fs/proc_namespace.c (mountinfo).
 */
export { mntRules } from './rules.ts';
export { MntNamespace, mntNamespaceType, mntNsOf, mntState, nsRootPath, umountTree } from './namespace.ts';
export { Mount, MntState, VfsPath, followDown, subtree } from './mount.ts';
export { Dentry, SuperBlock } from './vfs.ts';
export { snapshotDentries } from './snapshot.ts';
export type { SavedMntNamespace, SavedMntState } from './snapshot.ts';
export type { DentryKind, FsType, ProcNode } from './vfs.ts';
export { lookup } from './namei.ts';
export type { LookupOptions } from './namei.ts';
export { mountInfo, mountInfoText, mountOptions, mountRoot, nsfsMounts, optionalFields } from './mountinfo.ts';
export type { MountInfo, NsfsMount } from './mountinfo.ts';
export type { PropagationType } from './pnode.ts';
export { chdir, chroot, creat, exists, mkdir, mount, nsAt, nsPid, pin, pivotRoot, readFile, readdir, readlink, umount2 } from './syscalls.ts';
export { chown, stat, statOf } from './attr.ts';
export type { Stat } from './attr.ts';
export type { MountFlags, MountRequest, NewFsType } from './syscalls.ts';
