/**
 * The kernel rules @nsproxy/cgroup implements, as data (the package's part
 * of the rule catalog, see `Rule` in @nsproxy/core). Section X2 is the cgroup
 * namespace and the cgroup v2 calls it changes the view of, I7 its setns
 * install rules. Every error this package throws names one of these ids; the
 * scenario area carries the list (`cgroupArea.rules`).
 *
 * Ids are stable: X2.1, X2.2, X2.4, X2.5, I7.1 and I7.2 are those of the
 * kernel-rules reference (with X2.3, a mount of cgroup2); X2.6 and after
 * were added with this package. An id is never given another meaning.
 */
import { defineRules } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';

const CGROUP_C = 'kernel/cgroup/cgroup.c';
const NAMESPACE_C = 'kernel/cgroup/namespace.c';

/** The rules of the cgroup namespace type and the cgroup v2 calls. */
export const cgroupRules: readonly Rule[] = defineRules([
  {
    id: 'X2.1',
    rule: 'A new cgroup namespace has its creator\'s current cgroup as its root, taken at the moment of the clone or unshare.',
    outcome: 'the namespace root is the creator\'s cgroup',
    calls: ['clone', 'clone3', 'unshare'],
    linux: { function: 'copy_cgroup_ns', file: NAMESPACE_C },
  },
  {
    id: 'X2.2',
    rule: '/proc/<pid>/cgroup shows the task\'s cgroup relative to the reader\'s cgroup namespace root, with a leading /.. for each level a cgroup outside that root lies above it.',
    outcome: 'paths relative to the reader\'s root',
    calls: ['read'],
    linux: { function: 'proc_cgroup_show (cgroup_path_ns_locked)', file: CGROUP_C },
  },
  {
    id: 'X2.3',
    rule: 'A mount of cgroup2 shows the hierarchy from the mounter\'s cgroup namespace root, and mountinfo prints a cgroup2 mount\'s root relative to the reader\'s cgroup namespace root.',
    outcome: 'the mount\'s root is the namespace root',
    calls: ['mount', 'read'],
    linux: { function: 'cgroup_do_get_tree, cgroup_show_path', file: CGROUP_C },
  },
  {
    id: 'X2.4',
    rule: 'Entering or creating a cgroup namespace (unshare, setns, clone) never moves the task to another cgroup.',
    outcome: 'the cgroup membership is unchanged',
    calls: ['unshare', 'setns', 'clone'],
    linux: { function: 'copy_cgroup_ns, cgroupns_install', file: NAMESPACE_C },
  },
  {
    id: 'X2.5',
    rule: 'setns into a cgroup namespace follows I7.1 and I7.2: the capability checks of the default install, then only the namespace pointer changes.',
    outcome: 'the caller\'s cgroup namespace is the target',
    calls: ['setns'],
    linux: { function: 'cgroupns_install', file: NAMESPACE_C },
  },
  {
    id: 'X2.6',
    rule: 'Creating a cgroup namespace is charged to max_cgroup_namespaces at every level of the owner\'s user namespace chain; over a limit the creation fails.',
    outcome: 'ENOSPC',
    calls: ['clone', 'clone3', 'unshare'],
    linux: { function: 'copy_cgroup_ns (inc_cgroup_namespaces)', file: NAMESPACE_C },
  },
  {
    id: 'X2.7',
    rule: 'mkdir of a cgroup whose name already exists in the parent fails before any permission check of the parent.',
    outcome: 'EEXIST',
    calls: ['mkdir'],
    linux: { function: 'filename_create', file: 'fs/namei.c' },
  },
  {
    id: 'X2.8',
    rule: 'mkdir and rmdir of a cgroup need write access to the parent directory, which belongs to whoever created it (root for the hierarchy\'s root), or CAP_DAC_OVERRIDE with its ids mapped.',
    outcome: 'EACCES',
    calls: ['mkdir', 'rmdir'],
    linux: { function: 'may_create, may_delete (inode_permission)', file: 'fs/namei.c' },
  },
  {
    id: 'X2.9',
    rule: 'mkdir through a directory fd of a cgroup that was removed finds no directory to create in.',
    outcome: 'ENOENT',
    calls: ['mkdir'],
    linux: { function: 'filename_create (IS_DEADDIR)', file: 'fs/namei.c' },
  },
  {
    id: 'X2.10',
    rule: 'A cgroup name may not contain a newline, which would make /proc/<pid>/cgroup unparsable.',
    outcome: 'EINVAL',
    calls: ['mkdir'],
    linux: { function: 'cgroup_mkdir', file: CGROUP_C },
  },
  {
    id: 'X2.11',
    rule: 'A cgroup with a live task in it or below it cannot be removed (a zombie no longer counts).',
    outcome: 'EBUSY',
    calls: ['rmdir'],
    linux: { function: 'cgroup_destroy_locked (cgroup_is_populated)', file: CGROUP_C },
  },
  {
    id: 'X2.12',
    rule: 'A cgroup with a child cgroup cannot be removed, even when no task is in either.',
    outcome: 'EBUSY',
    calls: ['rmdir'],
    linux: { function: 'cgroup_destroy_locked (css_has_online_children)', file: CGROUP_C },
  },
  {
    id: 'X2.13',
    rule: 'What is written to cgroup.procs must be a non-negative int.',
    outcome: 'EINVAL',
    calls: ['write'],
    linux: { function: 'cgroup_procs_write_start (kstrtoint)', file: CGROUP_C },
  },
  {
    id: 'X2.14',
    rule: 'A pid written to cgroup.procs is looked up in the writer\'s pid namespace (0 is the writer); a pid that names no task there fails.',
    outcome: 'ESRCH',
    calls: ['write'],
    linux: { function: 'cgroup_procs_write_start (find_task_by_vpid)', file: CGROUP_C },
  },
  {
    id: 'X2.15',
    rule: 'Moving a process needs write access to the destination\'s cgroup.procs and to the cgroup.procs of the common ancestor of its source and destination cgroups (both owned by their cgroup\'s creator, mode 0644).',
    outcome: 'EACCES',
    calls: ['open', 'write', 'clone'],
    linux: { function: 'cgroup_procs_write_permission (cgroup_may_write)', file: CGROUP_C },
  },
  {
    id: 'X2.16',
    rule: 'When cgroup2 is mounted with nsdelegate, a move is refused unless both its source and destination are under the writer\'s cgroup namespace root (without nsdelegate, as on the test machine, such a move succeeds).',
    outcome: 'ENOENT',
    calls: ['write', 'clone'],
    linux: { function: 'cgroup_procs_write_permission (CGRP_ROOT_NS_DELEGATE)', file: CGROUP_C },
    unshowable: 'nsdelegate is a mount option of the host\'s only cgroup2 hierarchy, and the test machine mounts it without; a run may not remount the host\'s hierarchy',
  },
  {
    id: 'X2.17',
    rule: 'Writing a pid to cgroup.procs moves the whole thread group of that task into the cgroup, and a task that is exiting is left where it is without an error.',
    outcome: 'the thread group is in the destination',
    calls: ['write'],
    linux: { function: 'cgroup_attach_task, cgroup_migrate_add_task', file: CGROUP_C },
  },
  {
    id: 'X2.18',
    rule: 'cgroup.procs lists each thread group with a live task in the cgroup, by its pid in the reader\'s pid namespace (0 for one the reader cannot see), and no zombie.',
    outcome: 'pids as the reader sees them',
    calls: ['read'],
    linux: { function: 'cgroup_procs_show (task_pid_vnr), css_task_iter_advance', file: CGROUP_C },
  },
  {
    id: 'X2.19',
    rule: 'A new task starts in its parent\'s cgroup unless clone3 names another with CLONE_INTO_CGROUP.',
    outcome: 'the child is in its parent\'s cgroup',
    calls: ['clone', 'clone3'],
    linux: { function: 'cgroup_css_set_fork, cgroup_post_fork', file: CGROUP_C },
  },
  {
    id: 'X2.20',
    rule: 'The cgroup fd of CLONE_INTO_CGROUP must be an open directory of cgroup2 (an O_PATH fd will do; a file, another file system or a cgroup v1 directory will not).',
    outcome: 'EBADF',
    calls: ['clone', 'clone3'],
    linux: { function: 'cgroup_css_set_fork (cgroup_get_from_file)', file: CGROUP_C },
  },
  {
    id: 'X2.21',
    rule: 'CLONE_INTO_CGROUP with the fd of a cgroup that was removed fails, as its css can no longer be taken online.',
    outcome: 'ENOENT',
    calls: ['clone', 'clone3'],
    linux: { function: 'cgroup_css_set_fork (css_tryget_online_from_dir)', file: CGROUP_C },
  },
  {
    id: 'X2.22',
    rule: 'CLONE_INTO_CGROUP needs write access to the destination\'s cgroup.procs, checked by hand since no file is opened, then the same attach permissions as a write of cgroup.procs.',
    outcome: 'EACCES',
    calls: ['clone', 'clone3'],
    linux: { function: 'cgroup_css_set_fork (cgroup_may_write)', file: CGROUP_C },
  },
  {
    id: 'X2.23',
    rule: 'A clone with CLONE_NEWCGROUP gives the new namespace the child\'s cgroup as its root, so with CLONE_INTO_CGROUP the root is the destination and not the parent\'s cgroup.',
    outcome: 'the new namespace root is the child\'s cgroup',
    calls: ['clone', 'clone3'],
    linux: { function: 'cgroup_post_fork', file: CGROUP_C },
  },
  {
    id: 'X2.24',
    rule: 'An exiting task leaves its cgroup\'s population at once, while its /proc/<pid>/cgroup still names that cgroup, with (deleted) once the cgroup is removed.',
    outcome: 'a zombie keeps its cgroup path',
    calls: ['exit', 'read'],
    linux: { function: 'cgroup_exit, proc_cgroup_show', file: CGROUP_C },
  },
  {
    id: 'X2.25',
    rule: 'A cgroup path names only live cgroups: a name that does not exist or was removed is not found.',
    outcome: 'ENOENT',
    calls: ['open', 'rmdir', 'read'],
    linux: { function: 'lookup_one (kernfs_iop_lookup)', file: 'fs/namei.c' },
  },
  {
    id: 'X2.26',
    rule: 'A live task always has a cgroup namespace and the kernel a cgroup hierarchy, so the model answers a cgroup call with EINVAL only where it finds none, a state of its own set-up that Linux never reaches.',
    outcome: 'EINVAL',
    calls: ['read', 'write', 'clone', 'cgroup', 'mount'],
    linux: { function: 'cgroup_init, init_nsproxy', file: CGROUP_C },
    unshowable: 'Linux gives every live task a cgroup namespace; only a model kernel without the cgroup type has none',
  },
  {
    id: 'X2.27',
    rule: 'Mounting cgroup2 needs CAP_SYS_ADMIN over the user namespace that owns the mounter\'s cgroup namespace (the file system context\'s user namespace).',
    outcome: 'EPERM',
    calls: ['mount'],
    linux: { function: 'sget_fc (mount_capable), cgroup_init_fs_context', file: 'fs/super.c' },
  },
  {
    id: 'I7.1',
    rule: 'setns into a cgroup namespace needs CAP_SYS_ADMIN in the caller\'s own user namespace and over the user namespace owning the target.',
    outcome: 'EPERM',
    calls: ['setns'],
    linux: { function: 'cgroupns_install', file: NAMESPACE_C },
  },
  {
    id: 'I7.2',
    rule: 'A setns into a cgroup namespace that passes its checks makes the target the caller\'s cgroup namespace when the whole setns commits, the caller\'s own namespace being a success without change, and the caller\'s cgroup stays the same.',
    outcome: 'the caller\'s cgroup namespace is the target',
    calls: ['setns'],
    linux: { function: 'cgroupns_install', file: NAMESPACE_C },
  },
]);
