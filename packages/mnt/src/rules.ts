/**
 * The kernel rules @nsproxy/mnt implements, as data (the package's part of
 * the rule catalog, see `Rule` in @nsproxy/core). Sections: M2 copy_mnt_ns,
 * M3 locked mounts, M4 propagation, M5 fs.mount-max, M6 mountinfo, M7
 * pivot_root, M8 ns-file bindings, M9 mount and umount2, M10 the file
 * system calls, I3 setns, P5.4 mounting procfs (the pid package has the
 * rest of P5, what a procfs instance shows). Every error this package throws names
 * one of these ids; the scenario area carries the list (`mntArea.rules`).
 * Ids are stable and never given another meaning.
 */
import { defineRules } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';

const NS = 'fs/namespace.c';
const PNODE = 'fs/pnode.c';

/** The rules of the mount namespace type and its system calls. */
export const mntRules: readonly Rule[] = defineRules([
  // M2: copy_mnt_ns
  { id: 'M2.2', rule: 'A new mount namespace (clone or unshare with CLONE_NEWNS) is owned by the creating user namespace and holds a copy of every mount of its creator\'s namespace.', outcome: 'the tree is copied', calls: ['clone', 'unshare'], linux: { function: 'copy_mnt_ns', file: NS } },
  { id: 'M2.3', rule: 'Bind mounts of mount-namespace files are left out of the copy.', outcome: 'mntns bindings are not copied', calls: ['clone', 'unshare'], linux: { function: 'copy_tree (CL_COPY_MNT_NS_FILE unset)', file: NS } },
  { id: 'M2.4', rule: 'The root and working directory of the task that gets the new namespace move to their copies.', outcome: 'root and cwd follow the copy', calls: ['clone', 'unshare'], linux: { function: 'copy_mnt_ns (second pass)', file: NS } },
  { id: 'M2.5', rule: 'In a copy owned by the same user namespace, every mount keeps its propagation: a copy of a shared mount is a peer of the original, a slave stays a slave of the same master, a private mount stays private.', outcome: 'propagation is kept', calls: ['clone', 'unshare'], linux: { function: 'clone_mnt', file: NS } },
  { id: 'M2.6', rule: 'Unbindable mounts are copied into a new mount namespace, and the copies are private.', outcome: 'an unbindable mount is copied as private', calls: ['clone', 'unshare'], linux: { function: 'copy_tree (CL_COPY_UNBINDABLE), clone_mnt', file: NS } },
  { id: 'M2.7', rule: 'In a copy owned by another user namespace (less privileged), the copy of a shared mount becomes a slave of the original; events then flow only from the original to the copy.', outcome: 'shared becomes master:N', calls: ['clone', 'unshare'], linux: { function: 'clone_mnt (CL_SHARED_TO_SLAVE)', file: NS } },
  { id: 'M2.8', rule: 'Such a less privileged copy is locked: every mount keeps its flags (MNT_LOCK_*), and every mount below the top keeps its place (MNT_LOCKED).', outcome: 'the copy is locked', calls: ['clone', 'unshare'], linux: { function: 'lock_mnt_tree', file: NS } },
  { id: 'M2.9', rule: 'A tree that propagation carries into a mount namespace owned by another user namespace is locked the same way below its top.', outcome: 'propagated trees are locked', calls: ['mount'], linux: { function: 'attach_recursive_mnt', file: NS } },
  { id: 'M2.10', rule: 'The owner of a mount namespace is fixed when it is made: a task in user namespace U that copies a namespace owned by an ancestor of U gets a locked, slave copy, while a second copy made inside U (same owner) is a plain one.', outcome: 'only the first copy is locked', calls: ['clone', 'unshare'], linux: { function: 'copy_mnt_ns', file: NS } },
  // M3: locked mounts
  { id: 'M3.1', rule: 'umount2 of a locked mount, with or without MNT_DETACH, is refused.', outcome: 'EINVAL', calls: ['umount2'], linux: { function: 'can_umount', file: NS } },
  { id: 'M3.2', rule: 'A locked mount cannot be moved.', outcome: 'EINVAL', calls: ['mount'], linux: { function: 'do_move_mount', file: NS } },
  { id: 'M3.3', rule: 'A bind remount may not clear a locked flag (read-only, nosuid, nodev, noexec) nor change a locked atime mode; keeping them while adding others is allowed.', outcome: 'EPERM', calls: ['mount'], linux: { function: 'can_change_locked_flags', file: NS } },
  { id: 'M3.4', rule: 'A non-recursive bind of a place with locked mounts below it is refused (it would reveal what they cover); a recursive bind is allowed.', outcome: 'EINVAL', calls: ['mount'], linux: { function: '__do_loopback (has_locked_children)', file: NS } },
  { id: 'M3.5', rule: 'Mounting on top of a locked mount, and unmounting that new mount, are allowed.', outcome: 'the mount on top comes and goes', calls: ['mount', 'umount2'], linux: { function: 'do_add_mount', file: NS } },
  { id: 'M3.6', rule: 'The propagation of a locked mount can be changed.', outcome: 'its propagation changes', calls: ['mount'], linux: { function: 'do_change_type', file: NS } },
  { id: 'M3.7', rule: 'A new file system is mounted only if its type allows it for the caller: tmpfs needs CAP_SYS_ADMIN in the caller\'s user namespace; proc, in a mount namespace not owned by the initial user namespace, also needs a proc mount already fully visible there.', outcome: 'EPERM', calls: ['mount'], linux: { function: 'mount_capable, mount_too_revealing', file: 'fs/super.c, fs/namespace.c' } },
  { id: 'M3.9', rule: 'The root mount of a mount namespace cannot be unmounted.', outcome: 'EINVAL', calls: ['umount2'], linux: { function: 'do_umount', file: NS }, unshowable: 'the root mount of a namespace (rootfs) is always covered by the root file system, and a scenario\'s paths lie under /tmp/nss' },
  { id: 'M3.10', rule: 'A bind copy is unlocked at its top, while a recursive bind keeps the lock of every locked mount below.', outcome: 'the top of a bind is unlocked', calls: ['mount'], linux: { function: 'clone_mnt, copy_tree', file: NS } },
  // M4: propagation
  { id: 'M4.1', rule: 'A shared mount is in a peer group: a mount or unmount under any peer happens under every peer and every slave of the group.', outcome: 'events reach peers and slaves', calls: ['mount', 'umount2'], linux: { function: 'propagate_mnt', file: PNODE } },
  { id: 'M4.2', rule: 'Making a shared mount a slave puts it out of its peer group as a slave of a former peer (a slave stays a slave and a private mount stays private), and events then flow from master to slave only.', outcome: 'the mount becomes a slave (master:N)', calls: ['mount'], linux: { function: 'change_mnt_propagation, do_make_slave', file: PNODE } },
  { id: 'M4.3', rule: 'Making a slave shared makes it shared and slave: it has a peer group of its own and keeps its master.', outcome: 'shared:X master:Y', calls: ['mount'], linux: { function: 'change_mnt_propagation', file: PNODE } },
  { id: 'M4.4', rule: 'An unbindable mount is private and cannot be the source of a bind; recursive binds and propagation leave unbindable mounts out.', outcome: 'EINVAL', calls: ['mount'], linux: { function: '__do_loopback (IS_MNT_UNBINDABLE)', file: NS } },
  { id: 'M4.5', rule: 'A propagation change applies to the mount, or with MS_REC to every mount of its tree; only a mount point can be changed.', outcome: 'the tree changes', calls: ['mount'], linux: { function: 'do_change_type', file: NS } },
  { id: 'M4.6', rule: 'A tree mounted under a shared mount is copied under every peer and every slave, depth first per peer group; the copies for slaves are slaves of the copy in their master, and a shared receiving slave makes its copies a new peer group.', outcome: 'copies under peers and slaves', calls: ['mount'], linux: { function: 'propagate_mnt, next_group, find_master', file: PNODE } },
  { id: 'M4.7', rule: 'Every copy propagation makes counts against the mount limit of the namespace it lands in, and one that does not fit fails the whole call.', outcome: 'ENOSPC', calls: ['mount'], linux: { function: 'propagate_mnt (count_mounts)', file: PNODE }, unshowable: 'fs.mount-max is a global sysctl: the real backend may not change the host\'s' },
  { id: 'M4.8', rule: 'An unmount propagates to the copies under its parent\'s peers and slaves that have nothing else mounted on them; a locked copy goes only with its parent.', outcome: 'copies are unmounted', calls: ['umount2'], linux: { function: 'propagate_umount', file: PNODE } },
  // M5
  { id: 'M5.1', rule: 'fs.mount-max (100000 by default, for the whole machine) bounds the mounts of each mount namespace: a mount that would pass it fails.', outcome: 'ENOSPC', calls: ['mount'], linux: { function: 'count_mounts', file: NS }, unshowable: 'fs.mount-max is a global sysctl: the real backend may not change the host\'s, and reaching 100000 mounts takes minutes' },
  // M6
  { id: 'M6.1', rule: 'A mountinfo line gives the mount id, the parent id, the device, the root within the file system, the mount point relative to the reader\'s root, the per-mount options, the optional fields, then the type, source and superblock options.', outcome: 'the mountinfo format', calls: ['mountinfo'], linux: { function: 'show_mountinfo', file: 'fs/proc_namespace.c' } },
  { id: 'M6.2', rule: 'The optional fields are shared:N (the peer group), master:N (the master\'s group), propagate_from:N (the nearest dominating group the reader can reach, when the master is out of reach) and unbindable.', outcome: 'shared:N master:N propagate_from:N unbindable', calls: ['mountinfo'], linux: { function: 'show_mountinfo, get_dominating_id', file: 'fs/proc_namespace.c, fs/pnode.c' } },
  { id: 'M6.3', rule: 'mountinfo lists only the mounts the reader\'s root reaches.', outcome: 'mounts outside a chroot are not listed', calls: ['mountinfo'], linux: { function: 'show_mountinfo (seq_path_root)', file: 'fs/proc_namespace.c' } },
  // M7: pivot_root
  { id: 'M7.1', rule: 'mount, umount2 and pivot_root need CAP_SYS_ADMIN over the owner of the caller\'s mount namespace.', outcome: 'EPERM', calls: ['mount', 'umount2', 'pivot_root'], linux: { function: 'may_mount', file: NS } },
  { id: 'M7.3', rule: 'pivot_root refuses a new root or a put_old on the current root mount.', outcome: 'EBUSY', calls: ['pivot_root'], linux: { function: 'pivot_root', file: NS } },
  { id: 'M7.4', rule: 'pivot_root needs the new root and the current root to be mount points (not locked, attached) and put_old at or below the new root, and the new root below the current one.', outcome: 'EINVAL', calls: ['pivot_root'], linux: { function: 'pivot_root', file: NS } },
  { id: 'M7.5', rule: 'pivot_root refuses when put_old\'s mount, the new root\'s parent or the current root\'s parent is shared.', outcome: 'EINVAL', calls: ['pivot_root'], linux: { function: 'pivot_root', file: NS } },
  { id: 'M7.6', rule: 'pivot_root works only on mounts of the caller\'s mount namespace.', outcome: 'EINVAL', calls: ['pivot_root'], linux: { function: 'pivot_root (check_mnt)', file: NS } },
  { id: 'M7.7', rule: 'pivot_root moves the old root under put_old and makes the new root the root; every task whose root or working directory was the old root moves to the new one.', outcome: 'the root changes', calls: ['pivot_root'], linux: { function: 'pivot_root, chroot_fs_refs', file: 'fs/namespace.c, fs/fs_struct.c' } },
  // M8: ns-file bindings
  { id: 'M8.1', rule: 'A bind mount of an ns file keeps its namespace alive after every task left it, until the mount goes.', outcome: 'the namespace lives on', calls: ['mount', 'umount2'], linux: { function: 'do_loopback, nsfs', file: 'fs/namespace.c, fs/nsfs.c' } },
  { id: 'M8.2', rule: 'A mount namespace\'s file may be bound only if that namespace is newer than the caller\'s (no reference loops).', outcome: 'EINVAL', calls: ['mount'], linux: { function: 'mnt_ns_loop', file: NS } },
  { id: 'M8.5', rule: 'A mount namespace\'s file cannot be bound where the bind would propagate (under a shared mount with peers or slaves): copy_tree refuses to copy it.', outcome: 'EINVAL', calls: ['mount'], linux: { function: 'copy_tree (is_mnt_ns_file)', file: NS } },
  // M9: mount and umount2
  { id: 'M9.1', rule: 'The mount calls need the mount namespace type in the kernel.', outcome: 'EINVAL', calls: ['mount', 'umount2', 'open', 'pivot_root', 'chroot'], linux: { function: 'may_mount (current->nsproxy->mnt_ns)', file: NS }, unshowable: 'Linux always has mount namespaces; only a model kernel built without the type has none' },
  { id: 'M9.7', rule: 'A task that has exited has no root or working directory to look paths up from.', outcome: 'ESRCH', calls: ['mount', 'umount2', 'open', 'pivot_root'], linux: { function: 'exit_fs', file: 'fs/fs_struct.c' }, unshowable: 'a scenario step by a task that has exited is the runner\'s ENOTASK' },
  { id: 'M9.8', rule: 'A mount cannot be moved below itself.', outcome: 'ELOOP', calls: ['mount'], linux: { function: 'do_move_mount', file: NS } },
  { id: 'M9.2', rule: 'A propagation change, a bind remount or an unmount needs a mount point: a place that is the root of a mount.', outcome: 'EINVAL', calls: ['mount', 'umount2', 'open'], linux: { function: 'path_mounted', file: NS } },
  { id: 'M9.3', rule: 'Mounts are changed only in the caller\'s own mount namespace (a bind may take an nsfs file from anywhere).', outcome: 'EINVAL', calls: ['mount', 'umount2'], linux: { function: 'check_mnt', file: NS } },
  { id: 'M9.4', rule: 'A directory is mounted only on a directory and a file only on a file.', outcome: 'ENOTDIR', calls: ['mount'], linux: { function: 'graft_tree', file: NS } },
  { id: 'M9.5', rule: 'A move needs the root of a mount that has a parent whose mount is not shared, lands a directory on a directory, and does not take unbindable mounts under a shared one.', outcome: 'EINVAL', calls: ['mount'], linux: { function: 'do_move_mount', file: NS } },
  { id: 'M9.6', rule: 'umount2 without MNT_DETACH refuses a mount with mounts on it or a task\'s root or working directory in it, or one whose propagated copies are in use; MNT_DETACH takes the tree lazily.', outcome: 'EBUSY', calls: ['umount2'], linux: { function: 'do_umount, propagate_mount_busy', file: 'fs/namespace.c, fs/pnode.c' } },
  { id: 'M9.9', rule: 'A place inside a mount that was unmounted (lazily, and still in use) takes no new mount: a new mount, a bind or a move onto it (or pivot_root\'s put_old there) fails before any other check of the mount point.', outcome: 'ENOENT', calls: ['mount', 'pivot_root'], linux: { function: 'do_lock_mount (is_mounted)', file: NS } },
  { id: 'M9.11', rule: 'mount(2) of a file system type the kernel does not have fails (a type package brings its file systems: cgroup2 with the cgroup type).', outcome: 'ENODEV', calls: ['mount'], linux: { function: 'get_fs_type (do_new_mount)', file: NS }, unshowable: 'Linux has every file system the format names; only a model kernel built without the type that brings one lacks it' },
  { id: 'M9.10', rule: 'umount2 without MNT_DETACH of the mount that is the caller\'s own root does not unmount it: it remounts its file system read-only, which needs CAP_SYS_ADMIN over the file system\'s user namespace.', outcome: 'EPERM', calls: ['umount2'], linux: { function: 'do_umount_root', file: NS }, unshowable: 'the real backend refuses, as a runner error, an unmount that would remount the file system of its root read-only (it can be the host\'s)' },
  // M10: file system calls
  { id: 'M10.1', rule: 'A path is looked up from the task\'s root (absolute) or working directory, through the mounts stacked on each place, with .. never above the root.', outcome: 'ENOENT', calls: ['open', 'stat', 'mount', 'umount2', 'mkdir', 'chdir', 'chroot', 'pivot_root', 'readlink', 'getdents'], linux: { function: 'path_lookupat, follow_dotdot', file: 'fs/namei.c' } },
  { id: 'M10.2', rule: 'mkdir and an exclusive create refuse a name that exists.', outcome: 'EEXIST', calls: ['mkdir', 'open'], linux: { function: 'filename_create', file: 'fs/namei.c' } },
  { id: 'M10.3', rule: 'Nothing is created or written through a read-only mount.', outcome: 'EROFS', calls: ['mkdir', 'open'], linux: { function: 'mnt_want_write', file: 'fs/namespace.c' } },
  { id: 'M10.4', rule: 'Creating in a directory needs write permission on it (generic_permission, or CAP_DAC_OVERRIDE with its owner mapped).', outcome: 'EACCES', calls: ['mkdir', 'open'], linux: { function: 'may_create, generic_permission', file: 'fs/namei.c' } },
  { id: 'M10.5', rule: 'A directory cannot be opened for writing, nor read as a file.', outcome: 'EISDIR', calls: ['open'], linux: { function: 'may_open', file: 'fs/namei.c' } },
  { id: 'M10.6', rule: 'A path component that is not a directory ends the lookup.', outcome: 'ENOTDIR', calls: ['open', 'stat', 'mount', 'umount2', 'mkdir', 'chdir', 'chroot', 'pivot_root', 'readlink', 'getdents'], linux: { function: 'link_path_walk', file: 'fs/namei.c' } },
  { id: 'M10.7', rule: 'readlink of something that is not a link is refused.', outcome: 'EINVAL', calls: ['readlink'], linux: { function: 'do_readlinkat', file: 'fs/stat.c' } },
  { id: 'M10.8', rule: 'A file that is not an nsfs file names no namespace: NS_GET_NSTYPE answers ENOTTY and setns EINVAL.', outcome: 'EINVAL', calls: ['ioctl', 'setns'], linux: { function: 'ns_ioctl, proc_ns_file', file: 'fs/nsfs.c' } },
  { id: 'M10.9', rule: 'procfs\'s self names the reader\'s pid in the instance\'s pid namespace; a reader with no pid there finds no self (ENOENT).', outcome: 'ENOENT', calls: ['open', 'readlink'], linux: { function: 'proc_self_get_link', file: 'fs/proc/self.c' } },
  { id: 'M10.11', rule: 'mkdir in a file system a type brings that makes no directories is refused.', outcome: 'EPERM', calls: ['mkdir'], linux: { function: 'kernfs_iop_mkdir', file: 'fs/kernfs/dir.c' }, unshowable: 'cgroup2, the one such file system the format mounts, makes directories in every cgroup' },
  { id: 'M10.10', rule: 'An nsfs file (a pinned namespace) opens, but has nothing to read.', outcome: 'EINVAL', calls: ['read'], linux: { function: 'ns_file_operations (no read)', file: 'fs/nsfs.c' } },
  // I3: setns
  { id: 'I3.1', rule: 'setns into a mount namespace needs CAP_SYS_ADMIN over its owner, and CAP_SYS_CHROOT and CAP_SYS_ADMIN in the caller\'s user namespace.', outcome: 'EPERM', calls: ['setns'], linux: { function: 'mntns_install', file: NS } },
  { id: 'I3.3', rule: 'setns into a mount namespace is refused to a task that shares its fs_struct (CLONE_FS).', outcome: 'EINVAL', calls: ['setns'], linux: { function: 'mntns_install', file: NS }, unshowable: 'needs a task sharing its fs_struct (clone with CLONE_FS), which the format\'s clone does not make' },
  { id: 'I3.4', rule: 'After setns into a mount namespace, the root and working directory are the root of that namespace (even for the caller\'s own namespace, which undoes a chroot).', outcome: 'root and cwd reset', calls: ['setns'], linux: { function: 'mntns_install', file: NS } },
  // P5: procfs
  { id: 'P5.4', rule: 'Mounting proc needs CAP_SYS_ADMIN over the owner of the caller\'s pid namespace.', outcome: 'EPERM', calls: ['mount'], linux: { function: 'proc_get_tree, mount_capable', file: 'fs/proc/root.c' } },
]);
