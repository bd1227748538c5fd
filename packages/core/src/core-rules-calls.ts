/**
 * Core's rules of its objects and system calls (C): proc_ns_operations, nsproxy,
 * create_new_namespaces, clone, unshare, setns, and the fd, signal, credential and sysctl calls.
 * Part of core's rule catalog (`coreRules`, core-rules.ts).
 */
import type { Rule } from './rules.ts';

export const callRules: readonly Rule[] = [
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
    unshowable: 'struct nsproxy is internal to the kernel: no file, ioctl or system call names it or shows its count, so tasks sharing one cannot be told from tasks holding the same namespaces each; what user space sees of copy on change, that a change moves only the task that made it, is C8.12\'s (corpus/core/thread-setns-moves-caller-only.nss)',
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
    id: 'C8.4',
    rule: 'setns takes an ns file or a pidfd; any other file (a socket) is refused.',
    outcome: 'EINVAL',
    calls: ['setns'],
    linux: { function: 'setns (proc_ns_file, pidfd_pid)', file: 'kernel/nsproxy.c' },
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
  {
    id: 'C10.10',
    rule: 'When the thread that created a process exits, each thread of that process with a parent-death signal (prctl PR_SET_PDEATHSIG) makes the process get it, sent by the exiting thread: with its credentials (a refused signal is dropped), and past a pid namespace init\'s protection when the exiting thread is outside the init\'s namespace; a new process starts without one, and a change of ids or a capability gain clears it.',
    outcome: 'the orphan gets its parent-death signal',
    calls: ['exit', 'prctl'],
    linux: { function: 'forget_original_parent', file: 'kernel/exit.c' },
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
  {
    id: 'C11.6',
    rule: 'prctl(PR_SET_PDEATHSIG) takes only a signal number, 0 to 64 (0 clears it).',
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

];
