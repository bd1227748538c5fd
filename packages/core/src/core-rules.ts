/**
 * Core's rule catalog: the kernel rules `@nsproxy/core` implements, in its
 * own subsystems. The prefixes: C, the core objects and system calls
 * (proc_ns_operations, ns_common, nsproxy, create_new_namespaces, setns, and
 * the fd, signal, credential and sysctl calls the model has); F, the flag
 * rules of clone/clone3/unshare and the permission to create a namespace; N,
 * nsfs and /proc/PID/ns (inode numbers, the entries, lifetime, ioctls); L, the
 * ucount limits and /proc/sys/user; K, ids across namespaces (user ids of
 * files and calls, pid numbers of signals and pidfds). The namespace packages
 * own theirs (U, P, Q and their sections of I).
 *
 * Every error core throws names one of these ids (a static test checks the
 * call sites); corpus scenarios, tests and docs cite them. An id is never reused for
 * another rule. Each entry says where Linux 6.18 decides the rule.
 */
import type { Rule } from './rules.ts';
import { defineRules } from './rules.ts';

/** The kernel rules core implements. */
export const coreRules: readonly Rule[] = defineRules([
  // ------------------------------------------------ C1 struct proc_ns_operations
  {
    id: 'C1.4',
    rule: 'The link of a "for children" entry reads as its type\'s real name, so /proc/PID/ns/pid_for_children shows pid:[N].',
    outcome: 'readlink gives pid:[N]',
    calls: ['readlink'],
    linux: { function: 'ns_get_name', file: 'fs/nsfs.c' },
  },
  {
    id: 'C1.8',
    rule: 'The owner of a user namespace, as nsfs reports it, is its parent user namespace; the initial user namespace has none.',
    outcome: 'NS_GET_USERNS of a user ns gives its parent',
    calls: ['ioctl'],
    linux: { function: 'userns_owner', file: 'kernel/user_namespace.c' },
  },
  {
    id: 'C1.9',
    rule: 'Only user and pid namespaces have a parent (get_parent); every other type has none, which NS_GET_PARENT refuses (N4.3).',
    outcome: 'only user and pid namespaces have a parent',
    calls: ['ioctl'],
    linux: { function: 'proc_ns_operations.get_parent', file: 'include/linux/proc_ns.h' },
  },

  // ------------------------------------------------ C3 struct nsproxy
  {
    id: 'C3.2',
    rule: 'A task\'s user namespace is part of its credentials, not of its nsproxy, so a task can change user namespace while sharing every other namespace.',
    outcome: 'the user namespace lives in cred',
    calls: ['clone', 'unshare', 'setns'],
    linux: { function: 'current_user_ns', file: 'include/linux/cred.h' },
  },
  {
    id: 'C3.3',
    rule: 'A task\'s own pid namespace comes from its struct pid and never changes; the nsproxy only holds the pid namespace for its future children.',
    outcome: 'the active pid ns is fixed for life',
    calls: ['clone', 'unshare', 'setns', 'readlink'],
    linux: { function: 'task_active_pid_ns', file: 'kernel/pid.c' },
  },
  {
    id: 'C3.4',
    rule: 'Tasks that share all their namespaces share one counted nsproxy, and any change of a member makes a new nsproxy (copy on write).',
    outcome: 'a shared nsproxy, copied on change',
    calls: ['clone', 'unshare', 'setns'],
    linux: { function: 'get_nsproxy', file: 'include/linux/nsproxy.h' },
  },
  {
    id: 'C3.7',
    rule: 'An exiting task drops its nsproxy before it becomes a zombie, so its nsproxy-based ns entries are gone while its user and pid entries stay until it is reaped.',
    outcome: 'nsproxy dropped at exit, before the zombie',
    calls: ['exit', 'open', 'readlink', 'setns'],
    linux: { function: 'exit_task_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C3.9',
    rule: 'Each namespace type the kernel is built with has one initial namespace, a member of init_nsproxy (or init_cred\'s user namespace); a type it is built without has none, so the model\'s query for it is refused.',
    outcome: 'EINVAL',
    calls: ['initialNamespace'],
    linux: { function: 'init_nsproxy', file: 'kernel/nsproxy.c' },
    unshowable: 'a query of the model (Kernel.initialNamespace), not a system call',
  },

  // ------------------------------------------------ C4 create_new_namespaces
  {
    id: 'C4.1',
    rule: 'The namespaces of one clone or unshare are created in a fixed order: mnt, uts, ipc, pid, cgroup, net, time.',
    outcome: 'creation order mnt, uts, ipc, pid, cgroup, net, time',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_new_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C4.2',
    rule: 'For each type, a call without its CLONE_NEW* flag keeps (references) the old namespace, and a call with it gets a brand-new one owned by the creating user namespace.',
    outcome: 'kept without the flag, new with it',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_new_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C4.3',
    rule: 'The first per-type creation that fails undoes every namespace the call made so far and its errno is the call\'s.',
    outcome: 'the first failing copy\'s errno; nothing kept',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_new_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C4.5',
    rule: 'Every namespace a call creates is owned by the user namespace of the new credentials: the new user namespace when CLONE_NEWUSER is in the same call, else the caller\'s.',
    outcome: 'owner = the new credentials\' user ns',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_new_namespaces', file: 'kernel/nsproxy.c' },
  },

  // ------------------------------------------------ C5 copy_namespaces (clone)
  {
    id: 'C5.1',
    rule: 'A clone without any namespace flag gives the child the parent\'s nsproxy itself, one more reference on it.',
    outcome: 'the child shares the parent\'s nsproxy',
    calls: ['clone'],
    linux: { function: 'copy_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C5.3',
    rule: 'A clone that creates any namespace but a user one needs CAP_SYS_ADMIN, with the caller\'s credentials, in the user namespace that will own them (a new user namespace of the same call always grants it).',
    outcome: 'EPERM',
    calls: ['clone'],
    linux: { function: 'copy_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C5.4',
    rule: 'A clone may not combine CLONE_NEWIPC with CLONE_SYSVSEM (a shared semaphore undo list across ipc namespaces); checked after the CAP_SYS_ADMIN check.',
    outcome: 'EINVAL',
    calls: ['clone'],
    linux: { function: 'copy_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C5.6',
    rule: 'Namespaces are copied late in copy_process, after the credentials, the fd table, the fs and the signal handlers, and a failure there unwinds the whole fork.',
    outcome: 'a failing copy undoes the fork',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },

  // ------------------------------------------------ C6 unshare_nsproxy_namespaces
  {
    id: 'C6.1',
    rule: 'An unshare without any nsproxy namespace flag leaves the nsproxy alone (CLONE_NEWUSER alone only changes the credentials).',
    outcome: 'the nsproxy is unchanged',
    calls: ['unshare'],
    linux: { function: 'unshare_nsproxy_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C6.2',
    rule: 'An unshare of any namespace but a user one needs CAP_SYS_ADMIN, with the caller\'s current credentials, in the user namespace that will own it (the new one when CLONE_NEWUSER is in the same call).',
    outcome: 'EPERM',
    calls: ['unshare'],
    linux: { function: 'unshare_nsproxy_namespaces', file: 'kernel/nsproxy.c' },
  },

  // ------------------------------------------------ C8 setns
  {
    id: 'C8.1',
    rule: 'setns on a file descriptor that is not open fails before anything else.',
    outcome: 'EBADF',
    calls: ['setns'],
    linux: { function: 'setns', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.2',
    rule: 'With an ns file, nstype must be 0 or exactly that file\'s CLONE_NEW* type, and the call enters that one namespace.',
    outcome: 'EINVAL',
    calls: ['setns'],
    linux: { function: 'setns', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.3',
    rule: 'With a pidfd, nstype must be a non-empty set of CLONE_NEW* flags of types the kernel has; no flag, another bit or a type built out is refused.',
    outcome: 'EINVAL',
    calls: ['setns'],
    linux: { function: 'check_setns_flags', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.7',
    rule: 'With a pidfd, a target task that is gone, that is exiting (no nsproxy any more) or that has no namespace of a requested kind cannot be entered.',
    outcome: 'ESRCH',
    calls: ['setns'],
    linux: { function: 'validate_nsset', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.8',
    rule: 'With a pidfd, the namespaces entered are the target\'s credential user namespace, its nsproxy members, and its active (not for-children) pid and time namespaces.',
    outcome: 'the target\'s active namespaces are entered',
    calls: ['setns'],
    linux: { function: 'validate_nsset', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.9',
    rule: 'With a pidfd, the types are installed in the order user, mnt, uts, ipc, pid, cgroup, net, time, the first failure is the call\'s errno, and nothing is committed unless all pass.',
    outcome: 'all or nothing, first failing install\'s errno',
    calls: ['setns'],
    linux: { function: 'validate_nsset', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.10',
    rule: 'The install checks after a staged user namespace see it as the caller\'s own user namespace, but every capability check still uses the caller\'s credentials from before the call.',
    outcome: 'later installs checked against the staged user ns',
    calls: ['setns'],
    linux: { function: 'validate_nsset', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.11',
    rule: 'Only once every install passed does setns commit: the new credentials, then the staged nsproxy.',
    outcome: 'the caller switches at commit',
    calls: ['setns'],
    linux: { function: 'commit_nsset', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.12',
    rule: 'setns changes the namespaces of the calling thread only; the other threads of its process keep theirs.',
    outcome: 'only the calling thread moves',
    calls: ['setns'],
    linux: { function: 'commit_nsset', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.13',
    rule: 'Entering the namespace the caller is already in is allowed and changes nothing, for every type but user (see the user package\'s install).',
    outcome: 'success, no change',
    calls: ['setns'],
    linux: { function: 'proc_ns_operations.install', file: 'include/linux/proc_ns.h' },
  },
  {
    id: 'C8.17',
    rule: 'With a pidfd, the caller needs ptrace read access to the target, judged on its real credentials.',
    outcome: 'EPERM',
    calls: ['setns'],
    linux: { function: 'validate_nsset', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'C8.18',
    rule: 'The install of a flat namespace type (uts, ipc, net, cgroup, time, and a third party\'s default install) needs CAP_SYS_ADMIN over the target namespace\'s owner and over the caller\'s own (staged) user namespace, as utsns_install and its twins check.',
    outcome: 'EPERM',
    calls: ['setns'],
    linux: { function: 'utsns_install', file: 'kernel/utsname.c' },
  },

  // ------------------------------------------------ C9 file descriptors and pidfds
  {
    id: 'C9.1',
    rule: 'A call that takes a file descriptor refuses a number that is not open in the caller\'s fd table.',
    outcome: 'EBADF',
    calls: ['ioctl', 'fstat', 'dup', 'pidfd_send_signal', 'readlink', 'fget'],
    linux: { function: 'fdget', file: 'fs/file.c' },
  },
  {
    id: 'C9.2',
    rule: 'close of a file descriptor that is not open fails.',
    outcome: 'EBADF',
    calls: ['close'],
    linux: { function: 'file_close_fd', file: 'fs/file.c' },
  },
  {
    id: 'C9.3',
    rule: 'pidfd_open takes only the PIDFD_NONBLOCK and PIDFD_THREAD flags and a positive pid.',
    outcome: 'EINVAL',
    calls: ['pidfd_open'],
    linux: { function: 'sys_pidfd_open', file: 'kernel/pid.c' },
  },
  {
    id: 'C9.4',
    rule: 'pidfd_open of a thread that does not lead its thread group needs PIDFD_THREAD.',
    outcome: 'ENOENT',
    calls: ['pidfd_open'],
    linux: { function: 'pidfd_prepare', file: 'kernel/fork.c' },
  },

  // ------------------------------------------------ C10 processes and signals
  {
    id: 'C10.1',
    rule: 'wait4 fails when the caller has no child that matches the pid asked for.',
    outcome: 'ECHILD',
    calls: ['wait4'],
    linux: { function: 'do_wait', file: 'kernel/exit.c' },
  },
  {
    id: 'C10.2',
    rule: 'A signal number outside 0..64 cannot be sent.',
    outcome: 'EINVAL',
    calls: ['kill', 'pidfd_send_signal'],
    linux: { function: 'check_kill_permission', file: 'kernel/signal.c' },
  },
  {
    id: 'C10.3',
    rule: 'A signal may be sent only within the sender\'s own process, to a task whose real or saved uid equals the sender\'s real or effective uid, with CAP_KILL in the target\'s user namespace, or (SIGCONT) within the sender\'s session.',
    outcome: 'EPERM',
    calls: ['kill', 'pidfd_send_signal'],
    linux: { function: 'check_kill_permission', file: 'kernel/signal.c' },
  },
  {
    id: 'C10.4',
    rule: 'kill(-1) signals every process the caller sees except init (pid 1 of its namespace) and its own process, and fails when there is none.',
    outcome: 'ESRCH',
    calls: ['kill'],
    linux: { function: 'kill_something_info', file: 'kernel/signal.c' },
  },
  {
    id: 'C10.5',
    rule: 'The action of SIGKILL and SIGSTOP, or of a number outside 1..64, cannot be changed.',
    outcome: 'EINVAL',
    calls: ['rt_sigaction'],
    linux: { function: 'do_sigaction', file: 'kernel/signal.c' },
  },
  {
    id: 'C10.6',
    rule: 'pidfd_send_signal takes no flag, or exactly one of its known scope flags.',
    outcome: 'EINVAL',
    calls: ['pidfd_send_signal'],
    linux: { function: 'sys_pidfd_send_signal', file: 'kernel/signal.c' },
  },
  {
    id: 'C10.7',
    rule: 'pidfd_send_signal needs a pidfd (or a /proc/PID directory): any other open file is refused.',
    outcome: 'EBADF',
    calls: ['pidfd_send_signal'],
    linux: { function: 'pidfd_to_pid', file: 'kernel/signal.c' },
  },
  {
    id: 'C10.8',
    rule: 'A pidfd whose task has been reaped signals nothing.',
    outcome: 'ESRCH',
    calls: ['pidfd_send_signal'],
    linux: { function: 'kill_pid_info_type', file: 'kernel/signal.c' },
  },
  {
    id: 'C10.9',
    rule: 'kill with pid 0 or below -1 names a process group, which the model does not have: it refuses the call where Linux signals the group.',
    outcome: 'EINVAL',
    calls: ['kill'],
    linux: { function: '__kill_pgrp_info', file: 'kernel/signal.c' },
    unshowable: 'the model has no process groups; Linux signals the group (or gives ESRCH for an empty one)',
  },

  // ------------------------------------------------ C11 credentials
  {
    id: 'C11.1',
    rule: 'setresuid to a uid other than the current real, effective or saved one needs CAP_SETUID in the caller\'s user namespace.',
    outcome: 'EPERM',
    calls: ['setresuid'],
    linux: { function: '__sys_setresuid', file: 'kernel/sys.c' },
  },
  {
    id: 'C11.2',
    rule: 'setresgid to a gid other than the current real, effective or saved one needs CAP_SETGID in the caller\'s user namespace.',
    outcome: 'EPERM',
    calls: ['setresgid'],
    linux: { function: '__sys_setresgid', file: 'kernel/sys.c' },
  },
  {
    id: 'C11.3',
    rule: 'capset may only shrink the permitted set and keep the effective set within the permitted one.',
    outcome: 'EPERM',
    calls: ['capset'],
    linux: { function: 'cap_capset', file: 'security/commoncap.c' },
  },
  {
    id: 'C11.4',
    rule: 'chroot needs CAP_SYS_CHROOT in the caller\'s user namespace.',
    outcome: 'EPERM',
    calls: ['chroot'],
    linux: { function: 'sys_chroot', file: 'fs/open.c' },
  },
  {
    id: 'C11.5',
    rule: 'prctl(PR_SET_DUMPABLE) takes only 0 or 1.',
    outcome: 'EINVAL',
    calls: ['prctl'],
    linux: { function: 'sys_prctl', file: 'kernel/sys.c' },
  },

  // ------------------------------------------------ C12 numbers written to /proc/sys
  {
    id: 'C12.1',
    rule: 'A number written to a numeric /proc/sys file is an optional minus sign and an unsigned decimal, octal or hex number that fits an unsigned long, is shorter than 22 bytes, and is followed by the end or a blank.',
    outcome: 'EINVAL',
    calls: ['write'],
    linux: { function: 'proc_get_long', file: 'kernel/sysctl.c' },
  },
  {
    id: 'C12.2',
    rule: 'A write to a numeric /proc/sys file that holds only blanks gives no value.',
    outcome: 'EINVAL',
    calls: ['write'],
    linux: { function: '__do_proc_doulongvec_minmax', file: 'kernel/sysctl.c' },
  },

  // ------------------------------------------------ F1 clone / clone3 validation
  {
    id: 'F1.1',
    rule: 'A child in a new mount namespace may not share its parent\'s root and cwd: CLONE_NEWNS with CLONE_FS is refused.',
    outcome: 'EINVAL',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },
  {
    id: 'F1.2',
    rule: 'CLONE_NEWUSER with CLONE_FS is refused.',
    outcome: 'EINVAL',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },
  {
    id: 'F1.3',
    rule: 'CLONE_THREAD needs CLONE_SIGHAND, and CLONE_SIGHAND needs CLONE_VM.',
    outcome: 'EINVAL',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },
  {
    id: 'F1.4',
    rule: 'The init of a pid namespace (the global one included) may not clone with CLONE_PARENT.',
    outcome: 'EINVAL',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },
  {
    id: 'F1.5',
    rule: 'A thread cannot be created in a new user or pid namespace: CLONE_THREAD with CLONE_NEWUSER or CLONE_NEWPID is refused.',
    outcome: 'EINVAL',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },
  {
    id: 'F1.6',
    rule: 'A task whose pid namespace for children is not its own (after unshare or setns of a pid namespace) cannot create threads.',
    outcome: 'EINVAL',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },
  {
    id: 'F1.7',
    rule: 'CLONE_NEWPID together with CLONE_PARENT is allowed.',
    outcome: 'success',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },
  {
    id: 'F1.11',
    rule: 'clone3 refuses unknown flag bits, exit-signal (CSIGNAL) bits and CLONE_DETACHED in flags, and CLONE_CLEAR_SIGHAND with CLONE_SIGHAND.',
    outcome: 'EINVAL',
    calls: ['clone'],
    linux: { function: 'clone3_args_valid', file: 'kernel/fork.c' },
  },
  {
    id: 'F1.14',
    rule: 'The namespaces a clone creates are the child\'s only: the parent\'s never change.',
    outcome: 'the parent keeps its namespaces',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },
  {
    id: 'F1.15',
    rule: 'A fork into a pid namespace whose init has died (no more pids allocated there) fails.',
    outcome: 'ENOMEM',
    calls: ['clone'],
    linux: { function: 'alloc_pid', file: 'kernel/pid.c' },
  },
  {
    id: 'F1.16',
    rule: 'The credentials, with a new user namespace for CLONE_NEWUSER, are made before the other namespaces, so that user namespace owns everything else the same clone creates.',
    outcome: 'the new user ns owns the other new namespaces',
    calls: ['clone'],
    linux: { function: 'copy_creds', file: 'kernel/cred.c' },
  },
  {
    id: 'F1.17',
    rule: 'A fork fails when one level of its pid namespaces has no free pid number left (the allocation itself is the pid package\'s P4.1).',
    outcome: 'EAGAIN',
    calls: ['clone'],
    linux: { function: 'alloc_pid', file: 'kernel/pid.c' },
  },

  // ------------------------------------------------ F2 unshare
  {
    id: 'F2.1',
    rule: 'unshare takes only CLONE_THREAD, CLONE_FS, CLONE_SIGHAND, CLONE_VM, CLONE_FILES, CLONE_SYSVSEM and the CLONE_NEW* flags.',
    outcome: 'EINVAL',
    calls: ['unshare'],
    linux: { function: 'check_unshare_flags', file: 'kernel/fork.c' },
  },
  {
    id: 'F2.2',
    rule: 'unshare(0) succeeds and changes nothing.',
    outcome: 'success, no change',
    calls: ['unshare'],
    linux: { function: 'ksys_unshare', file: 'kernel/fork.c' },
  },
  {
    id: 'F2.3',
    rule: 'Before any check, unshare adds the implied flags: CLONE_NEWUSER adds CLONE_THREAD and CLONE_FS, CLONE_VM adds CLONE_SIGHAND, CLONE_SIGHAND adds CLONE_THREAD, CLONE_NEWNS adds CLONE_FS.',
    outcome: 'implied flags added',
    calls: ['unshare'],
    linux: { function: 'ksys_unshare', file: 'kernel/fork.c' },
  },
  {
    id: 'F2.4',
    rule: 'CLONE_NEWPID implies no CLONE_THREAD, so a multithreaded process may unshare a pid namespace (and then creates no more threads, F1.6).',
    outcome: 'success with threads',
    calls: ['unshare'],
    linux: { function: 'ksys_unshare', file: 'kernel/fork.c' },
  },
  {
    id: 'F2.5',
    rule: 'With CLONE_THREAD, CLONE_SIGHAND or CLONE_VM (given or implied), the caller\'s process must have one thread, so unshare(CLONE_NEWUSER) fails with threads.',
    outcome: 'EINVAL',
    calls: ['unshare'],
    linux: { function: 'check_unshare_flags', file: 'kernel/fork.c' },
  },
  {
    id: 'F2.6',
    rule: 'With CLONE_SIGHAND or CLONE_VM, signal handlers shared with another process are refused.',
    outcome: 'EINVAL',
    calls: ['unshare'],
    linux: { function: 'check_unshare_flags', file: 'kernel/fork.c' },
  },
  {
    id: 'F2.7',
    rule: 'CLONE_FS (given or implied) gives a caller that shares its fs_struct a private copy; an unshared one is kept.',
    outcome: 'a private fs_struct',
    calls: ['unshare'],
    linux: { function: 'unshare_fs', file: 'kernel/fork.c' },
  },
  {
    id: 'F2.8',
    rule: 'CLONE_FILES gives a caller that shares its fd table a private copy.',
    outcome: 'a private fd table',
    calls: ['unshare'],
    linux: { function: 'unshare_fd', file: 'kernel/fork.c' },
  },
  {
    id: 'F2.9',
    rule: 'unshare of an ipc namespace (or CLONE_SYSVSEM) drops the caller\'s System V semaphore undo list, and CLONE_NEWIPC detaches it from the old namespace\'s shared memory.',
    outcome: 'semaphore undo list dropped, shm detached',
    calls: ['unshare'],
    linux: { function: 'ksys_unshare', file: 'kernel/fork.c' },
  },
  {
    id: 'F2.11',
    rule: 'unshare of a pid or time namespace never moves the caller: only its namespace for children changes.',
    outcome: 'the caller stays; its children go',
    calls: ['unshare'],
    linux: { function: 'copy_pid_ns', file: 'kernel/pid_namespace.c' },
  },
  {
    id: 'F2.12',
    rule: 'unshare of a user, mnt, uts, ipc, net or cgroup namespace moves the caller itself into the new namespace.',
    outcome: 'the caller moves',
    calls: ['unshare'],
    linux: { function: 'ksys_unshare', file: 'kernel/fork.c' },
  },

  // ------------------------------------------------ F3 permission to create
  {
    id: 'F3.1',
    rule: 'Creating a user namespace needs no capability, but a chrooted caller, or one whose euid or egid has no mapping in its user namespace, is refused.',
    outcome: 'EPERM',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_user_ns', file: 'kernel/user_namespace.c' },
  },
  {
    id: 'F3.2',
    rule: 'Creating a namespace of any type but user needs CAP_SYS_ADMIN in the user namespace that will own it.',
    outcome: 'EPERM',
    calls: ['clone', 'unshare'],
    linux: { function: 'unshare_nsproxy_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'F3.4',
    rule: 'A new pid namespace\'s owner must be its parent pid namespace\'s owner or a descendant of it.',
    outcome: 'EINVAL',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_pid_namespace', file: 'kernel/pid_namespace.c' },
  },
  {
    id: 'F3.6',
    rule: 'An unprivileged task cannot unshare a non-user namespace alone, but can together with a new user namespace, which it then owns.',
    outcome: 'EPERM',
    calls: ['unshare', 'clone'],
    linux: { function: 'unshare_nsproxy_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'F3.8',
    rule: 'In a kernel built without user namespaces, CLONE_NEWUSER is refused.',
    outcome: 'EINVAL',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_user_ns', file: 'include/linux/user_namespace.h' },
    unshowable: 'needs a kernel built with CONFIG_USER_NS=n',
  },
  {
    id: 'F3.9',
    rule: 'In a kernel built without pid namespaces, CLONE_NEWPID is refused.',
    outcome: 'EINVAL',
    calls: ['clone', 'unshare'],
    linux: { function: 'copy_pid_ns', file: 'include/linux/pid_namespace.h' },
    unshowable: 'needs a kernel built with CONFIG_PID_NS=n',
  },
  {
    id: 'F3.10',
    rule: 'In a kernel built without a namespace type, the CLONE_NEW* flag of that type is refused by its copy function.',
    outcome: 'EINVAL',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_new_namespaces', file: 'kernel/nsproxy.c' },
    unshowable: 'needs a kernel built without that namespace type (CONFIG_*_NS=n)',
  },

  // ------------------------------------------------ F4 error precedence
  {
    id: 'F4.1',
    rule: 'clone checks its arguments, then its flags in copy_process order, then creates the user namespace (copy_creds), then checks CAP_SYS_ADMIN before CLONE_NEWIPC|CLONE_SYSVSEM and creates the other namespaces, then allocates the pid; the first failure is the errno.',
    outcome: 'the first failing step\'s errno',
    calls: ['clone'],
    linux: { function: 'copy_process', file: 'kernel/fork.c' },
  },
  {
    id: 'F4.2',
    rule: 'unshare adds the implied flags, checks them, creates the user namespace, then checks CAP_SYS_ADMIN and creates the other namespaces in creation order; the first failure is the errno.',
    outcome: 'the first failing step\'s errno',
    calls: ['unshare'],
    linux: { function: 'ksys_unshare', file: 'kernel/fork.c' },
  },
  {
    id: 'F4.3',
    rule: 'setns checks the fd (EBADF), then the flags (EINVAL), then for a pidfd the target (ESRCH, ptrace EPERM, ESRCH), then installs user, mnt, uts, ipc, pid, cgroup, net, time in that order; the first failure is the errno.',
    outcome: 'the first failing step\'s errno',
    calls: ['setns'],
    linux: { function: 'setns', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'F4.4',
    rule: 'A write of uid_map or gid_map is checked in order: offset and size, a map already written, the opener\'s CAP_SYS_ADMIN, each line, an empty map, the permission for the ranges, then the lower ranges against the parent\'s map.',
    outcome: 'the first failing step\'s errno',
    calls: ['uid_map', 'gid_map'],
    linux: { function: 'map_write', file: 'kernel/user_namespace.c' },
  },

  // ------------------------------------------------ K1 ids across user namespaces
  {
    id: 'K1.1',
    rule: 'An owner uid or gid that has no mapping in the reader\'s user namespace is shown as the overflow id 65534.',
    outcome: 'shown as 65534',
    calls: ['stat', 'msgctl', 'semctl', 'shmctl'],
    linux: { function: 'from_kuid_munged', file: 'kernel/user_namespace.c' },
  },
  {
    id: 'K1.2',
    rule: 'The set*id calls refuse an id that has no mapping in the caller\'s user namespace, before any permission check.',
    outcome: 'EINVAL',
    calls: ['setresuid', 'setresgid'],
    linux: { function: '__sys_setresuid', file: 'kernel/sys.c' },
  },
  {
    id: 'K1.4',
    rule: 'getuid, geteuid and their kin return ids translated into the caller\'s user namespace, 65534 when unmapped.',
    outcome: 'ids seen through the caller\'s user ns',
    calls: ['getresuid', 'getresgid'],
    linux: { function: 'sys_getresuid', file: 'kernel/sys.c' },
  },
  {
    id: 'K1.6',
    rule: 'File permission checks compare kernel ids, and a capability overrides them only when the file\'s owner ids are mapped in the caller\'s user namespace.',
    outcome: 'EACCES',
    calls: ['open', 'msgctl', 'semctl', 'shmctl', 'msgget', 'semget', 'shmget'],
    linux: { function: 'capable_wrt_inode_uidgid', file: 'kernel/capability.c' },
  },

  // ------------------------------------------------ K2 pids across pid namespaces
  {
    id: 'K2.1',
    rule: 'A pid number is looked up in the caller\'s own pid namespace, so a task of an ancestor or sibling namespace cannot be named.',
    outcome: 'ESRCH',
    calls: ['kill'],
    linux: { function: 'find_vpid', file: 'kernel/pid.c' },
  },
  {
    id: 'K2.2',
    rule: 'pidfd_open looks the pid up in the caller\'s own pid namespace.',
    outcome: 'ESRCH',
    calls: ['pidfd_open'],
    linux: { function: 'sys_pidfd_open', file: 'kernel/pid.c' },
  },
  {
    id: 'K2.3',
    rule: 'pidfd_send_signal needs the pidfd\'s task to be in the caller\'s pid namespace or below it.',
    outcome: 'EINVAL',
    calls: ['pidfd_send_signal'],
    linux: { function: 'access_pidfd_pidns', file: 'kernel/signal.c' },
  },
  {
    id: 'K2.4',
    rule: 'setns through a pidfd does not need the target to be visible in the caller\'s pid namespace: only ptrace access and the installs decide.',
    outcome: 'an invisible target can be entered',
    calls: ['setns'],
    linux: { function: 'validate_nsset', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'K2.6',
    rule: 'A signal into a pid namespace from outside names its target by the target\'s number in the sender\'s namespace.',
    outcome: 'the sender\'s numbering',
    calls: ['kill'],
    linux: { function: 'kill_something_info', file: 'kernel/signal.c' },
  },

  // ------------------------------------------------ L1 /proc/sys/user
  {
    id: 'L1.1',
    rule: '/proc/sys/user has one max_<type>_namespaces file per namespace type (cgroup, ipc, mnt, net, pid, time, user, uts).',
    outcome: 'the eight files exist',
    calls: ['open', 'read'],
    linux: { function: 'user_table', file: 'kernel/ucount.c' },
  },
  {
    id: 'L1.2',
    rule: 'In the initial user namespace every max_*_namespaces starts at half of threads-max.',
    outcome: 'threads-max / 2',
    calls: ['read'],
    linux: { function: 'fork_init', file: 'kernel/fork.c' },
    unshowable: 'the value depends on the machine (threads-max)',
  },
  {
    id: 'L1.3',
    rule: 'Each user namespace has its own set of limits, read and written through the reader\'s own user namespace, and a new one starts at INT_MAX in each.',
    outcome: '2147483647 in a new user ns',
    calls: ['read', 'write'],
    linux: { function: 'setup_userns_sysctls', file: 'kernel/ucount.c' },
  },
  {
    id: 'L1.4',
    rule: 'A max_*_namespaces value must lie in 0..INT_MAX.',
    outcome: 'EINVAL',
    calls: ['write'],
    linux: { function: 'proc_doulongvec_minmax', file: 'kernel/sysctl.c' },
  },
  {
    id: 'L1.5',
    rule: 'A new namespace is charged to its creator\'s euid in its owner user namespace and, level by level, to each ancestor user namespace\'s owner; exceeding any level\'s limit fails the creation.',
    outcome: 'ENOSPC',
    calls: ['clone', 'unshare'],
    linux: { function: 'inc_ucount', file: 'kernel/ucount.c' },
  },
  {
    id: 'L1.6',
    rule: 'A max_*_namespaces of 0 stops the creation of that type in that user namespace and below it.',
    outcome: 'ENOSPC',
    calls: ['clone', 'unshare'],
    linux: { function: 'inc_ucount', file: 'kernel/ucount.c' },
  },
  {
    id: 'L1.7',
    rule: 'Pid and the other non-user namespaces are charged to the creator\'s euid, and a user namespace to its new owner (the creator\'s euid) in the parent.',
    outcome: 'charged to the creator\'s euid',
    calls: ['clone', 'unshare'],
    linux: { function: 'inc_ucount', file: 'kernel/ucount.c' },
  },
  {
    id: 'L1.8',
    rule: 'A max_*_namespaces file can be opened for writing only with CAP_SYS_RESOURCE in the user namespace it belongs to; to others it is read-only.',
    outcome: 'EACCES',
    calls: ['open'],
    linux: { function: 'set_permissions', file: 'kernel/ucount.c' },
  },
  {
    id: 'L1.9',
    rule: 'A name under /proc/sys/user that is not one of its files does not exist.',
    outcome: 'ENOENT',
    calls: ['open'],
    linux: { function: 'proc_sys_lookup', file: 'fs/proc/proc_sysctl.c' },
  },

  // ------------------------------------------------ L2 other limits
  {
    id: 'L2.1',
    rule: 'User namespaces nest at most 33 levels below the initial one and pid namespaces 32 (create_pid_namespace in kernel/pid_namespace.c for those); one more fails.',
    outcome: 'ENOSPC',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_user_ns', file: 'kernel/user_namespace.c' },
  },
  {
    id: 'L2.2',
    rule: 'An id map has at most 340 extents and is written in one write of less than 4096 bytes.',
    outcome: 'EINVAL',
    calls: ['uid_map', 'gid_map'],
    linux: { function: 'map_write', file: 'kernel/user_namespace.c' },
  },

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
]);
