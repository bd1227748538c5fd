/**
 * The kernel rules @nsproxy/time implements, as data (the package's part of
 * the rule catalog, see `Rule` in @nsproxy/core). Section X1 is the time
 * namespace itself (kernel-rules.md 10.1; X1.12 and after were added with
 * the package), I8 its setns install rules (kernel-rules.md 3.8). Every
 * error this package throws names one of these ids; the scenario area
 * carries the list (`timeArea.rules`). An id is never given another meaning.
 */
import { defineRules } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';

/** The rules of the time namespace type, its /proc file and clock_gettime. */
export const timeRules: readonly Rule[] = defineRules([
  {
    id: 'X1.1',
    rule: 'A time namespace shifts CLOCK_MONOTONIC, MONOTONIC_RAW and MONOTONIC_COARSE by its monotonic offset and CLOCK_BOOTTIME and BOOTTIME_ALARM by its boottime offset; CLOCK_REALTIME and CLOCK_TAI are never shifted.',
    outcome: 'clocks read with the namespace\'s offsets',
    calls: ['clock_gettime'],
    linux: { function: 'timens_add_monotonic, timens_add_boottime', file: 'include/linux/time_namespace.h' },
  },
  {
    id: 'X1.2',
    rule: 'clone or unshare with CLONE_NEWTIME creates a new time namespace as the time_for_children of the child or caller, with the offsets of the creator\'s time_for_children; the caller\'s own time namespace does not change, and unshare may be repeated.',
    outcome: 'a new time_for_children with copied offsets',
    calls: ['clone', 'clone3', 'unshare'],
    linux: { function: 'copy_time_ns, clone_time_ns', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'X1.3',
    rule: 'A child created without CLONE_VM enters its time_for_children at fork; a child created with CLONE_VM (a thread, a vfork child) stays in its parent\'s time namespace (until an exec).',
    outcome: 'the child is in time_for_children',
    calls: ['clone', 'clone3'],
    linux: { function: 'copy_namespaces, timens_on_fork', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'X1.4',
    rule: '/proc/PID/timens_offsets shows the offsets of the task\'s time_for_children namespace, a monotonic line then a boottime line, each "%-10s %10lld %9ld"; anyone may read it, and it is empty for a task that has dropped its namespaces.',
    outcome: 'the offsets of time_for_children',
    calls: ['read', 'timens_offsets'],
    linux: { function: 'proc_timens_show_offsets', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'X1.5',
    rule: 'A write to timens_offsets is lines of "<clock> <secs> <nsecs>" as sscanf "%9s %lld %lu" reads them, the clock monotonic or 1, boottime or 7, nsecs below 1000000000; any other clock (realtime, 0) or a malformed line fails the whole write, and at most two records are taken.',
    outcome: 'EINVAL',
    calls: ['write', 'timens_offsets'],
    linux: { function: 'timens_offsets_write', file: 'fs/proc/base.c' },
  },
  {
    id: 'X1.6',
    rule: 'Setting offsets needs CAP_SYS_TIME, with the credentials that opened the file, over the user namespace owning the target task\'s time_for_children; this is checked after the parse and before the ranges.',
    outcome: 'EPERM',
    calls: ['write', 'timens_offsets'],
    linux: { function: 'proc_timens_set_offset', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'X1.7',
    rule: 'An offset whose seconds are beyond KTIME_SEC_MAX either way, or that would put the clock (the kernel\'s own value plus the offset) below 0 or above KTIME_SEC_MAX / 2, is refused, before the frozen check.',
    outcome: 'ERANGE',
    calls: ['write', 'timens_offsets'],
    linux: { function: 'proc_timens_set_offset', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'X1.8',
    rule: 'The offsets of a time namespace are frozen once a task has entered it (fork into it, setns, exec); a write to them afterwards is refused, and the initial time namespace is frozen from boot.',
    outcome: 'EACCES',
    calls: ['write', 'timens_offsets'],
    linux: { function: 'proc_timens_set_offset, timens_set_vvar_page', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'X1.9',
    rule: 'A setns into a time namespace freezes its offsets when it commits, even if no task was in it before.',
    outcome: 'the offsets are frozen',
    calls: ['setns'],
    linux: { function: 'timens_commit, timens_set_vvar_page', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'X1.10',
    rule: 'Creating a time namespace is charged to max_time_namespaces at every level of the owner\'s user namespace chain; over a limit the creation fails.',
    outcome: 'ENOSPC',
    calls: ['clone', 'clone3', 'unshare'],
    linux: { function: 'clone_time_ns (inc_time_namespaces)', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'X1.11',
    rule: 'Offsets are set as written: the nanoseconds are kept as the write gave them and shown so, while the clocks read normalized sums.',
    outcome: 'the offsets as written',
    calls: ['write', 'timens_offsets', 'clock_gettime'],
    linux: { function: 'proc_timens_set_offset, proc_timens_show_offsets', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'X1.12',
    rule: 'A write to timens_offsets of PAGE_SIZE (4096) bytes or more, or at an offset other than 0, is refused before it is parsed.',
    outcome: 'EINVAL',
    calls: ['write', 'timens_offsets'],
    linux: { function: 'timens_offsets_write', file: 'fs/proc/base.c' },
  },
  {
    id: 'X1.13',
    rule: 'A write to timens_offsets of a task that has dropped its namespaces (an exiting task or a zombie) fails.',
    outcome: 'ESRCH',
    calls: ['write', 'timens_offsets'],
    linux: { function: 'proc_timens_set_offset (timens_for_children_get)', file: 'kernel/time/namespace.c' },
    unshowable: 'the scenario format has no zombies (every task is reaped at once) and opens and writes the file in one step, so no task exits in between',
  },
  {
    id: 'X1.14',
    rule: 'Opening /proc/PID/timens_offsets follows its mode 0644, owned by the task\'s euid and egid (root of its user namespace when not dumpable): another user may read but not open it for writing.',
    outcome: 'EACCES',
    calls: ['open', 'timens_offsets'],
    linux: { function: 'proc_timens_offsets_operations (REG S_IRUGO|S_IWUSR), task_dump_owner', file: 'fs/proc/base.c' },
  },
  {
    id: 'X1.15',
    rule: 'clock_gettime of a clock the model does not keep (the CPU-time clocks, an unknown id) is refused; the model keeps REALTIME, MONOTONIC, MONOTONIC_RAW, REALTIME_COARSE, MONOTONIC_COARSE, BOOTTIME, REALTIME_ALARM, BOOTTIME_ALARM and TAI.',
    outcome: 'EINVAL',
    calls: ['clock_gettime'],
    linux: { function: 'clockid_to_kclock', file: 'kernel/time/posix-timers.c' },
    unshowable: 'the clock op names only the clocks the model keeps, so no scenario asks for another',
  },
  {
    id: 'X1.16',
    rule: 'A task that has exited and was reaped has no /proc/PID/timens_offsets: opening it fails.',
    outcome: 'ENOENT',
    calls: ['open', 'timens_offsets'],
    linux: { function: 'proc_pid_lookup', file: 'fs/proc/base.c' },
  },
  {
    id: 'I8.1',
    rule: 'setns into a time namespace needs a single-threaded caller.',
    outcome: 'EUSERS',
    calls: ['setns'],
    linux: { function: 'timens_install (current_is_single_threaded)', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'I8.2',
    rule: 'setns into a time namespace needs CAP_SYS_ADMIN over the user namespace owning the target and in the caller\'s own (staged) user namespace; checked after the thread count.',
    outcome: 'EPERM',
    calls: ['setns'],
    linux: { function: 'timens_install', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'I8.3',
    rule: 'A setns into a time namespace makes it both the caller\'s own time namespace and its time_for_children when the setns commits (unlike a pid namespace, where only the one for children changes).',
    outcome: 'time and time_for_children are the target',
    calls: ['setns'],
    linux: { function: 'timens_install, timens_commit', file: 'kernel/time/namespace.c' },
  },
  {
    id: 'I8.4',
    rule: 'The ns file /proc/PID/ns/time and /proc/PID/ns/time_for_children both name a time namespace setns takes; with a pidfd, setns takes the target\'s own (active) time namespace.',
    outcome: 'either ns file enters its namespace',
    calls: ['setns'],
    linux: { function: 'timens_operations, timens_for_children_operations', file: 'kernel/time/namespace.c' },
  },
]);
