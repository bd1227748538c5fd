/**
 * The rules of pid namespaces the model implements (Linux 6.18), as catalog
 * entries: levels and numbers (P1), creation and pid_for_children (P2), the
 * init and reaping (P3), allocation (P4), visibility (P5), NS_GET_PARENT (P6)
 * and the setns install rules of pid namespaces (I4). Many of them are
 * enforced by @nsproxy/core (alloc_pid, the child reaper, the unkillable
 * init, signals), which the kernel has even without CONFIG_PID_NS; they are
 * listed here because they are rules of this subsystem. Every `KernelError`
 * this package throws names one of these ids (`err.rule`).
 */
import { defineRules } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';

const PIDNS = 'kernel/pid_namespace.c';
const PID = 'kernel/pid.c';
const SIGNAL = 'kernel/signal.c';
const FORK = 'kernel/fork.c';
const EXIT = 'kernel/exit.c';
const ROAD = 'a road not taken: Linux as merged does not move the caller of unshare(CLONE_NEWPID) (a scenario opens the road with @road:, and the real backend skips it)';

/** The pid namespace rules, in id order. */
export const pidRules: readonly Rule[] = defineRules([
  // P1: levels, and one number per level.
  {
    id: 'P1.2',
    rule: 'Pid namespaces nest at most 32 levels below the initial one (level 0); creating one at level 33 is refused.',
    outcome: 'ENOSPC',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_pid_namespace', file: PIDNS },
  },
  {
    id: 'P1.3',
    rule: 'A task has one pid number in its own pid namespace and one in each ancestor, and none in any descendant or unrelated namespace.',
    outcome: 'one number per level, from the task\'s namespace up to the initial one',
    calls: ['clone', 'getpid', 'pid'],
    linux: { function: 'alloc_pid', file: PID },
  },
  {
    id: 'P1.4',
    rule: 'Every pid user space sees (getpid, getppid, kill targets, /proc) is the task\'s number in the viewer\'s active pid namespace, and 0 when it has none there.',
    outcome: 'the number as the viewer\'s namespace counts, 0 when invisible',
    calls: ['getpid', 'getppid', 'pid', 'kill'],
    linux: { function: 'pid_nr_ns', file: PID },
  },
  {
    id: 'P1.5',
    rule: 'A task\'s active pid namespace is the namespace of its last pid level and never changes for its lifetime, neither by unshare nor by setns.',
    outcome: 'the task stays in the pid namespace it was born in',
    calls: ['unshare', 'setns', 'getpid'],
    linux: { function: 'task_active_pid_ns', file: PID },
  },

  // P2: creation (copy_pid_ns, create_pid_namespace) and pid_for_children.
  {
    id: 'P2.1',
    rule: 'A new pid namespace can be made only while pid_for_children is still the caller\'s active namespace: a second unshare(CLONE_NEWPID), or one after setns to another pid namespace, is refused.',
    outcome: 'EINVAL',
    calls: ['clone', 'unshare'],
    linux: { function: 'copy_pid_ns', file: PIDNS },
  },
  {
    id: 'P2.2',
    rule: 'The user namespace that will own a new pid namespace must be the owner of the parent pid namespace or one of its descendants.',
    outcome: 'EINVAL',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_pid_namespace', file: PIDNS },
  },
  {
    id: 'P2.3',
    rule: 'unshare(CLONE_NEWPID) leaves the caller where it is (same getpid, same /proc/self/ns/pid) and only points pid_for_children at the new namespace.',
    outcome: 'only the caller\'s future children are in the new namespace',
    calls: ['unshare'],
    linux: { function: 'copy_pid_ns', file: PIDNS },
  },
  {
    id: 'P2.4',
    rule: 'Until a pid namespace has had its first task (its child reaper), /proc/PID/ns/pid_for_children naming it cannot be read or opened.',
    outcome: 'ENOENT',
    calls: ['open', 'readlink'],
    linux: { function: 'pidns_for_children_get', file: PIDNS },
  },
  {
    id: 'P2.6',
    rule: 'clone(CLONE_NEWPID) creates the child inside the new pid namespace, where it is pid 1.',
    outcome: 'the child is pid 1 of the new namespace',
    calls: ['clone'],
    linux: { function: 'alloc_pid', file: PID },
  },

  // P3: the init of a namespace, signals to it, and reaping.
  {
    id: 'P3.1',
    rule: 'The first task allocated in a pid namespace gets number 1 there, becomes its child reaper and is marked unkillable (SIGNAL_UNKILLABLE).',
    outcome: 'the first task is the namespace\'s init',
    calls: ['clone'],
    linux: { function: 'copy_process', file: FORK },
  },
  {
    id: 'P3.2',
    rule: 'The init of a pid namespace sees getppid() as 0, because its parent has no number in its namespace.',
    outcome: 'getppid() is 0',
    calls: ['getppid'],
    linux: { function: 'sys_getppid', file: 'kernel/sys.c' },
  },
  {
    id: 'P3.3',
    rule: 'A signal whose action is the default is dropped for an unkillable init, unless it is SIGKILL or SIGSTOP sent from an ancestor namespace (a sender with no number in the init\'s namespace).',
    outcome: 'the signal is dropped',
    calls: ['kill'],
    linux: { function: 'sig_task_ignored', file: SIGNAL },
  },
  {
    id: 'P3.3a',
    rule: 'From inside its namespace, kill(1, SIGTERM), SIGKILL or SIGSTOP succeeds but does nothing to an init that has no handler for it.',
    outcome: 'kill returns 0, the init is unaffected',
    calls: ['kill'],
    linux: { function: 'sig_task_ignored', file: SIGNAL },
  },
  {
    id: 'P3.3b',
    rule: 'From an ancestor namespace, SIGKILL kills a namespace\'s init while SIGTERM with the default action is still ignored.',
    outcome: 'SIGKILL kills the init, SIGTERM does not',
    calls: ['kill'],
    linux: { function: 'sig_task_ignored', file: SIGNAL },
  },
  {
    id: 'P3.3c',
    rule: 'A signal for which the init has installed a handler is delivered to it from anywhere.',
    outcome: 'the handler runs',
    calls: ['kill'],
    linux: { function: 'sig_task_ignored', file: SIGNAL },
  },
  {
    id: 'P3.4',
    rule: 'kill(-1, sig) signals every process visible in the caller\'s pid namespace except the init and the caller\'s own thread group, and fails with ESRCH when there is none.',
    outcome: 'every visible process but the init and the caller is signalled',
    calls: ['kill'],
    linux: { function: 'kill_something_info', file: SIGNAL },
  },
  {
    id: 'P3.5',
    rule: 'The init of a pid namespace may not clone with CLONE_PARENT (its child would have no reaper inside).',
    outcome: 'EINVAL',
    calls: ['clone'],
    linux: { function: 'copy_process', file: FORK },
  },
  {
    id: 'P3.6',
    rule: 'Orphans are handed to the nearest child subreaper among their ancestors in the same pid namespace, else to that namespace\'s init.',
    outcome: 'the orphan\'s getppid() is 1 in its namespace',
    calls: ['exit', 'getppid'],
    linux: { function: 'find_new_reaper', file: EXIT },
  },
  {
    id: 'P3.7',
    rule: 'When the leader of an init\'s thread group exits while another of its threads lives, that thread takes over as the namespace\'s child reaper.',
    outcome: 'the namespace keeps a reaper and stays alive',
    calls: ['exit'],
    linux: { function: 'find_child_reaper', file: EXIT },
  },
  {
    id: 'P3.8',
    rule: 'When the last thread of a namespace\'s init exits, no more pids are given out in it, every other task with a number in it (nested namespaces included) gets SIGKILL, and the init reaps them before it finishes exiting.',
    outcome: 'the whole namespace dies with its init',
    calls: ['exit', 'kill'],
    linux: { function: 'zap_pid_ns_processes', file: PIDNS },
  },
  {
    id: 'P3.9',
    rule: 'Once a namespace\'s init has died, any fork into that namespace (through pid_for_children or after setns) fails.',
    outcome: 'ENOMEM',
    calls: ['clone'],
    linux: { function: 'alloc_pid', file: PID },
  },
  {
    id: 'P3.10',
    rule: 'Tasks that joined a namespace through setns and fork have their parent outside it; when the init dies they are killed too, and their zombies go to the init, which reaps them.',
    outcome: 'they die and are reaped with the namespace',
    calls: ['setns', 'exit'],
    linux: { function: 'zap_pid_ns_processes', file: PIDNS },
  },
  {
    id: 'P3.12',
    rule: 'SIGCONT may be sent to any process in the sender\'s session even when the credential check (same uid or CAP_KILL) fails.',
    outcome: 'SIGCONT is delivered',
    calls: ['kill'],
    linux: { function: 'check_kill_permission', file: SIGNAL },
  },

  // P4: allocation.
  {
    id: 'P4.1',
    rule: 'A fork takes one number at every level from the innermost namespace up, each level counting on cyclically from its last number, from 1 and, once it has wrapped at its pid_max, from RESERVED_PIDS (300).',
    outcome: 'numbers are not reused until the level wraps',
    calls: ['clone'],
    linux: { function: 'alloc_pid', file: PID },
  },
  {
    id: 'P4.2',
    rule: 'pid_max is per pid namespace: a new namespace starts at PID_MAX_LIMIT (4194304) whatever its parent\'s value, while the parent\'s own limit still bounds the numbers taken at the parent\'s level.',
    outcome: 'a new namespace counts up to 4194304',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_pid_namespace', file: PIDNS },
  },
  {
    id: 'P4.3',
    rule: 'kernel.pid_max is the file of the opener\'s active pid namespace: only a task with CAP_SYS_ADMIN over its owner, or whose euid is root of the owner, may open it for writing.',
    outcome: 'EACCES',
    calls: ['open'],
    linux: { function: 'pid_table_root_permissions', file: PID },
  },
  {
    id: 'P4.4',
    rule: 'Writing kernel.ns_last_pid (the active pid namespace\'s last number: where the cyclic allocation resumes, less one) needs CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN over the namespace\'s owner.',
    outcome: 'EPERM',
    calls: ['write'],
    linux: { function: 'pid_ns_ctl_handler', file: PIDNS },
  },
  {
    id: 'P4.5',
    rule: 'A pid_max written to kernel.pid_max must lie in [301, 4194304] (RESERVED_PIDS + 1 to PID_MAX_LIMIT).',
    outcome: 'EINVAL',
    calls: ['write'],
    linux: { function: 'proc_dointvec_minmax (pid_table)', file: PID },
  },
  {
    id: 'P4.6',
    rule: 'A number written to kernel.ns_last_pid must lie in [0, the namespace\'s pid_max].',
    outcome: 'EINVAL',
    calls: ['write'],
    linux: { function: 'pid_ns_ctl_handler (proc_dointvec_minmax)', file: PIDNS },
  },

  // P5: what a pid namespace lets a task see.
  {
    id: 'P5.1',
    rule: 'getppid() returns 0 when the parent has no number in the caller\'s active pid namespace (an init, or a child forked after setns).',
    outcome: 'getppid() is 0',
    calls: ['getppid'],
    linux: { function: 'sys_getppid', file: 'kernel/sys.c' },
  },
  {
    id: 'P5.2',
    rule: 'A procfs instance belongs to the pid namespace of the task that mounted it: it lists only the pids of that namespace, numbered as that namespace counts.',
    outcome: '/proc shows one namespace\'s pids',
    calls: ['read'],
    linux: { function: 'proc_init_fs_context', file: 'fs/proc/root.c' },
  },
  {
    id: 'P5.3',
    rule: 'The NSpid line of /proc/PID/status lists the task\'s numbers from the level of the procfs instance\'s namespace down to the task\'s own level.',
    outcome: 'NSpid lists one number per visible level',
    calls: ['read'],
    linux: { function: 'task_state', file: 'fs/proc/array.c' },
  },

  // P6: NS_GET_PARENT.
  {
    id: 'P6.1',
    rule: 'NS_GET_PARENT on a pid namespace gives its parent only if that parent is the caller\'s active pid namespace or below it; a parent above the caller, or none (the initial namespace), is refused.',
    outcome: 'EPERM',
    calls: ['ioctl'],
    linux: { function: 'pidns_get_parent', file: PIDNS },
  },

  // I4: setns into a pid namespace (pidns_install).
  {
    id: 'I4.1',
    rule: 'setns into a pid namespace needs CAP_SYS_ADMIN over the target\'s owning user namespace and over the caller\'s own user namespace.',
    outcome: 'EPERM',
    calls: ['setns'],
    linux: { function: 'pidns_install', file: PIDNS },
  },
  {
    id: 'I4.2',
    rule: 'The target of setns into a pid namespace must be the caller\'s active pid namespace or one of its descendants; an ancestor or another branch is refused.',
    outcome: 'EINVAL',
    calls: ['setns'],
    linux: { function: 'pidns_install', file: PIDNS },
  },
  {
    id: 'I4.3',
    rule: 'setns into a pid namespace changes only pid_for_children: the caller\'s own pid and active namespace stay the same.',
    outcome: 'the caller\'s next children are born in the target',
    calls: ['setns'],
    linux: { function: 'pidns_install', file: PIDNS },
  },
  {
    id: 'I4.4',
    rule: 'pid_for_children may be re-targeted by setns any number of times, back to the active namespace included, as long as each target is the active namespace or below it.',
    outcome: 'the last setns decides where children are born',
    calls: ['setns'],
    linux: { function: 'pidns_install', file: PIDNS },
  },
  {
    id: 'I4.5',
    rule: 'After setns into a pid namespace that has an init, the next fork gives the child the next free number there and a getppid() of 0, its parent being outside.',
    outcome: 'the child is numbered in the target, with getppid() 0',
    calls: ['setns', 'clone'],
    linux: { function: 'alloc_pid', file: PID },
  },
  {
    id: 'I4.6',
    rule: 'A file from /proc/X/ns/pid names X\'s active pid namespace and one from /proc/X/ns/pid_for_children names its children\'s; setns through a pidfd uses the target\'s active namespace.',
    outcome: 'which pid namespace a file or pidfd names',
    calls: ['open', 'setns'],
    linux: { function: 'pidns_get', file: PIDNS },
  },
  {
    id: 'I4.7',
    rule: 'Once setns has pointed pid_for_children away from the active namespace, CLONE_THREAD and unshare(CLONE_NEWPID) are refused.',
    outcome: 'EINVAL',
    calls: ['clone', 'unshare'],
    linux: { function: 'copy_pid_ns', file: PIDNS },
  },

  // P9: the road not taken pid-unshare-self (unshare-self.ts): unshare(CLONE_NEWPID) that moves the caller.
  {
    id: 'P9.1',
    rule: 'On road pid-unshare-self, unshare(CLONE_NEWPID) moves the caller itself: its pid gets a new last level numbered 1 in the new namespace, it becomes that namespace\'s child reaper, /proc/PID/ns/pid and pid_for_children both name the new namespace, its getppid() is 0, and its parent still sees it under the number it had.',
    outcome: 'the caller is pid 1 of the new pid namespace',
    calls: ['unshare', 'getpid', 'getppid'],
    linux: { function: 'copy_pid_ns as the pid namespace series of 2006-2007 proposed it (Linux 3.8 changes only pid_for_children)', file: PIDNS },
    unshowable: ROAD,
  },
  {
    id: 'P9.2',
    rule: 'On road pid-unshare-self, unshare(CLONE_NEWPID) is allowed only to a caller alone in its session and process group (it called setsid and no other process is in that session, zombies included) and without other threads.',
    outcome: 'EBUSY',
    calls: ['unshare'],
    linux: { function: 'copy_pid_ns as the pid namespace series of 2006-2007 proposed it', file: PIDNS },
    unshowable: ROAD,
  },
  {
    id: 'P9.3',
    rule: 'On road pid-unshare-self, a caller that already is the init of its pid namespace (a second unshare(CLONE_NEWPID), say) is refused: in the model a task is the child reaper of one namespace at most.',
    outcome: 'EBUSY',
    calls: ['unshare'],
    linux: { function: 'copy_pid_ns as the pid namespace series of 2006-2007 proposed it', file: PIDNS },
    unshowable: ROAD,
  },
  {
    id: 'P9.4',
    rule: 'setsid makes the calling process the leader of a new session and process group and returns its pid; a process that already leads a process group (the first task leads the boot session) is refused; the model has sessions for road pid-unshare-self only.',
    outcome: 'EPERM',
    calls: ['setsid'],
    linux: { function: 'ksys_setsid', file: 'kernel/sys.c' },
    unshowable: 'the model has sessions for road pid-unshare-self only, and setsid is a simulated-only op',
  },
]);
