/**
 * Core's rules of nsfs and /proc/PID/ns (N): inode numbers, the entries, lifetime, ioctls.
 * Part of core's rule catalog (`coreRules`, core-rules.ts).
 */
import type { Rule } from './rules.ts';

export const nsfsRules: readonly Rule[] = [
  // ------------------------------------------------ N1 inode numbers
  {
    id: 'N1.1',
    rule: 'The initial namespaces have fixed inode numbers: ipc 4026531839, uts 4026531838, user 4026531837, pid 4026531836, cgroup 4026531835, time 4026531834, net 4026531833, mnt 4026531832.',
    outcome: 'fixed initial inode numbers',
    calls: ['readlink', 'fstat'],
    linux: { function: 'enum init_ns_ino', file: 'include/uapi/linux/nsfs.h' },
  },
  {
    id: 'N1.4',
    rule: 'Any other namespace gets inode number 0xF0000000 plus the lowest free index of the proc inode allocator, reused once the namespace is freed.',
    outcome: 'lowest free number from 4026531840',
    calls: ['clone', 'unshare', 'readlink', 'fstat'],
    linux: { function: 'proc_alloc_inum', file: 'fs/proc/generic.c' },
    unshowable: 'the proc inode allocator (proc_inum_ida) is one for the whole machine, shared with every namespace and /proc entry that the host and concurrent runs make and free, so which number a new namespace gets and whether a freed number comes back next are not decided by the scenario; a run shows only that a new namespace\'s number is none of the fixed ones (core/nsfs-initial-user-inode.nss)',
  },
  {
    id: 'N1.5',
    rule: 'Every nsfs inode is on the one nsfs superblock\'s device, so (st_dev, st_ino) identifies a namespace.',
    outcome: 'the same st_dev for every ns file',
    calls: ['fstat'],
    linux: { function: 'nsfs_init', file: 'fs/nsfs.c' },
  },
  {
    id: 'N1.6',
    rule: 'An nsfs inode is a regular file of mode 0444 and size 0.',
    outcome: 'mode 0444, size 0',
    calls: ['fstat'],
    linux: { function: 'nsfs_init_inode', file: 'fs/nsfs.c' },
  },

  // ------------------------------------------------ N2 /proc/PID/ns
  {
    id: 'N2.2',
    rule: 'An ns entry reads as <type>:[<inode number>].',
    outcome: 'type:[inum]',
    calls: ['readlink'],
    linux: { function: 'ns_get_name', file: 'fs/nsfs.c' },
  },
  {
    id: 'N2.3',
    rule: 'Reading or opening another task\'s ns entry needs ptrace read access to it (filesystem credentials).',
    outcome: 'EACCES',
    calls: ['open', 'readlink'],
    linux: { function: 'proc_ns_get_link', file: 'fs/proc/namespaces.c' },
  },
  {
    id: 'N2.4',
    rule: 'An ns entry whose namespace the task no longer has (exiting task, nsproxy types) or does not have yet (pid_for_children before the namespace has an init) cannot be read or opened.',
    outcome: 'ENOENT',
    calls: ['open', 'readlink'],
    linux: { function: 'ns_get_path', file: 'fs/nsfs.c' },
  },
  {
    id: 'N2.5',
    rule: 'An ns file can be opened only for reading: the nsfs inode is immutable.',
    outcome: 'EPERM',
    calls: ['open'],
    linux: { function: 'inode_permission', file: 'fs/namei.c' },
  },
  {
    id: 'N2.7',
    rule: 'A /proc/PID directory exists only for a task that has that pid in the procfs instance\'s pid namespace and is not yet reaped.',
    outcome: 'ENOENT',
    calls: ['open', 'readlink'],
    linux: { function: 'proc_pid_lookup', file: 'fs/proc/base.c' },
  },
  {
    id: 'N2.8',
    rule: 'A name under /proc/PID/ns that is not one of the kernel\'s ns entries does not exist.',
    outcome: 'ENOENT',
    calls: ['open', 'readlink'],
    linux: { function: 'proc_ns_dir_lookup', file: 'fs/proc/namespaces.c' },
  },

  // ------------------------------------------------ N3 lifetime
  {
    id: 'N3.1',
    rule: 'An open ns file keeps its namespace alive, with no task in it, until the last descriptor closes.',
    outcome: 'the namespace lives on',
    calls: ['open', 'close', 'ioctl'],
    linux: { function: 'nsfs_evict', file: 'fs/nsfs.c' },
  },
  {
    id: 'N3.4',
    rule: 'A namespace kept alive by a file can still be entered with setns, except that a pid namespace whose init died stays dead (a fork into it fails).',
    outcome: 'enterable while pinned',
    calls: ['setns', 'clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },

  // ------------------------------------------------ N4 ioctls on ns files
  {
    id: 'N4.1',
    rule: 'An ioctl that is not an nsfs request, or an nsfs request on a file that is not an ns file, is not supported.',
    outcome: 'ENOTTY',
    calls: ['ioctl'],
    linux: { function: 'ns_ioctl', file: 'fs/nsfs.c' },
  },
  {
    id: 'N4.2',
    rule: 'NS_GET_USERNS returns an fd of the owning user namespace only if the caller\'s user namespace is that owner or one of its ancestors (the initial user namespace has no owner).',
    outcome: 'EPERM',
    calls: ['ioctl'],
    linux: { function: 'ns_get_owner', file: 'kernel/user_namespace.c' },
  },
  {
    id: 'N4.3',
    rule: 'NS_GET_PARENT applies only to user and pid namespaces.',
    outcome: 'EINVAL',
    calls: ['ioctl'],
    linux: { function: 'ns_ioctl', file: 'fs/nsfs.c' },
  },
  {
    id: 'N4.4',
    rule: 'NS_GET_NSTYPE returns the namespace\'s CLONE_NEW* value.',
    outcome: 'the CLONE_NEW* value',
    calls: ['ioctl'],
    linux: { function: 'ns_ioctl', file: 'fs/nsfs.c' },
  },
  {
    id: 'N4.5',
    rule: 'NS_GET_OWNER_UID applies only to user namespaces.',
    outcome: 'EINVAL',
    calls: ['ioctl'],
    linux: { function: 'ns_ioctl', file: 'fs/nsfs.c' },
  },
  {
    id: 'N4.7',
    rule: 'NS_GET_PID_FROM_PIDNS and NS_GET_TGID_FROM_PIDNS translate a number of the file\'s pid namespace into the caller\'s, and fail when there is no such task or the caller cannot see it.',
    outcome: 'ESRCH',
    calls: ['ioctl'],
    linux: { function: 'ns_ioctl', file: 'fs/nsfs.c' },
  },
  {
    id: 'N4.8',
    rule: 'NS_GET_PID_IN_PIDNS and NS_GET_TGID_IN_PIDNS translate a number of the caller\'s pid namespace into the file\'s, and fail when there is no such task or it has no number there.',
    outcome: 'ESRCH',
    calls: ['ioctl'],
    linux: { function: 'ns_ioctl', file: 'fs/nsfs.c' },
  },
  {
    id: 'N4.11',
    rule: 'NS_GET_ID gives the namespace\'s 64-bit id, which is never reused (unlike the inode number).',
    outcome: 'the ns id',
    calls: ['ioctl'],
    linux: { function: 'ns_ioctl', file: 'fs/nsfs.c' },
  },
  {
    id: 'N4.12',
    rule: 'The fd NS_GET_USERNS or NS_GET_PARENT returns is a new read-only ns file that keeps its namespace alive.',
    outcome: 'a new ns fd',
    calls: ['ioctl'],
    linux: { function: 'open_related_ns', file: 'fs/nsfs.c' },
  },
  {
    id: 'N4.13',
    rule: 'In a kernel built without user namespaces, NS_GET_USERNS fails for every ns file.',
    outcome: 'EPERM',
    calls: ['ioctl'],
    linux: { function: 'ns_get_owner', file: 'include/linux/user_namespace.h' },
    unshowable: 'needs a kernel built with CONFIG_USER_NS=n',
  },
  {
    id: 'N4.14',
    rule: 'The four pid-translation requests (NS_GET_{PID,TGID}_{FROM,IN}_PIDNS) apply only to pid namespaces.',
    outcome: 'EINVAL',
    calls: ['ioctl'],
    linux: { function: 'ns_ioctl', file: 'fs/nsfs.c' },
  },

  // ------------------------------------------------ N8 namespaces taken by fd
  {
    id: 'N8.1',
    rule: 'A call that takes a namespace by file descriptor refuses an open file that is not an ns file.',
    outcome: 'EINVAL',
    calls: ['setns', 'readlink', 'fget'],
    linux: { function: 'proc_ns_fget', file: 'fs/nsfs.c' },
  },
];
