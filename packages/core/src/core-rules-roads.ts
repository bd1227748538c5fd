/**
 * Core's rules of the roads not taken (R): the system calls of a road exist
 * only on a kernel that opened it (`KernelOptions.roads`), and follow the
 * proposal as the list saw it, not Linux 6.18. Part of core's rule catalog
 * (`coreRules`, core-rules.ts). R1: road nsproxy-ids (nsproxy-ids.ts); R2:
 * road setns-nstype-fd (setns-nstype-fd.ts). The real kernel cannot show any
 * of them: it runs Linux as merged.
 */
import type { Rule } from './rules.ts';

const NOT_A_CALL = 'Linux has no such system call, so the real backend has no op for it (the model answers ENOSYS without the road)';
const ROAD = 'a road not taken: Linux as merged has no such system call (a scenario opens the road with @road:, and the real backend skips it)';

export const roadRules: readonly Rule[] = [
  // ------------------------------------------------ R1 nsproxy-ids: unshare_ns, bind_ns
  {
    id: 'R1.1',
    rule: 'unshare_ns and bind_ns exist only on a kernel that opened road nsproxy-ids; elsewhere, as on Linux, they are not system calls.',
    outcome: 'ENOSYS',
    calls: ['unshare_ns', 'bind_ns'],
    linux: { function: 'sys_ni_syscall', file: 'kernel/sys_ni.c' },
    unshowable: NOT_A_CALL,
  },
  {
    id: 'R1.2',
    rule: 'unshare_ns takes a non-empty set of the CLONE_NEW* flags of the nsproxy\'s namespaces only: no CLONE_NEWUSER, no other unshare flag (then it is unshare(2) of those namespaces).',
    outcome: 'EINVAL',
    calls: ['unshare_ns'],
    linux: { function: 'sys_unshare_ns (proposed by Cedric Le Goater, 2006; not merged)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD,
  },
  {
    id: 'R1.3',
    rule: 'bind_ns with no flags binds the caller\'s nsproxy to an id, which must be positive (0 is init_nsproxy\'s, a negative id names a pid).',
    outcome: 'EINVAL',
    calls: ['bind_ns'],
    linux: { function: 'sys_bind_ns (proposed by Cedric Le Goater, 2006; not merged)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD,
  },
  {
    id: 'R1.4',
    rule: 'An nsproxy is bound to one id at most: binding an nsproxy that already has one (init_nsproxy has 0) is refused.',
    outcome: 'EACCES',
    calls: ['bind_ns'],
    linux: { function: 'sys_bind_ns (proposed by Cedric Le Goater, 2006; not merged)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD,
  },
  {
    id: 'R1.5',
    rule: 'An id names one nsproxy at most: binding an id that names another live nsproxy is refused (the id is free again once that nsproxy is freed).',
    outcome: 'EBUSY',
    calls: ['bind_ns'],
    linux: { function: 'sys_bind_ns (proposed by Cedric Le Goater, 2006; not merged)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD,
  },
  {
    id: 'R1.6',
    rule: 'bind_ns with flags switches the namespaces those flags name: a set of the nsproxy\'s CLONE_NEW* flags (not CLONE_NEWUSER), from an nsproxy named by a non-zero id.',
    outcome: 'EINVAL',
    calls: ['bind_ns'],
    linux: { function: 'sys_bind_ns (proposed by Cedric Le Goater, 2006; not merged)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD,
  },
  {
    id: 'R1.7',
    rule: 'Only a task of nsproxy 0 (init_nsproxy) with CAP_SYS_ADMIN in the initial user namespace may switch to another nsproxy\'s namespaces.',
    outcome: 'EPERM',
    calls: ['bind_ns'],
    linux: { function: 'sys_bind_ns (proposed by Cedric Le Goater, 2006; not merged)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD,
  },
  {
    id: 'R1.8',
    rule: 'A positive id names the live nsproxy bound to it; switching to an id no nsproxy has fails.',
    outcome: 'ENOENT',
    calls: ['bind_ns'],
    linux: { function: 'sys_bind_ns (proposed by Cedric Le Goater, 2006; not merged)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD,
  },
  {
    id: 'R1.9',
    rule: 'A negative id names the nsproxy of the task whose pid (in the caller\'s pid namespace) is its opposite; no such live task fails.',
    outcome: 'ESRCH',
    calls: ['bind_ns'],
    linux: { function: 'sys_bind_ns (proposed by Cedric Le Goater, 2006; not merged)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD,
  },
  {
    id: 'R1.10',
    rule: 'A switch installs each namespace named as setns(2) does, all or nothing; taking every namespace of the target joins its nsproxy (and id), a part of them makes a new, unbound nsproxy.',
    outcome: 'the caller in the target\'s namespaces',
    calls: ['bind_ns'],
    linux: { function: 'sys_bind_ns (proposed by Cedric Le Goater, 2006; not merged)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD,
  },

  // ------------------------------------------------ R2 setns-nstype-fd
  {
    id: 'R2.1',
    rule: 'setns(nstype, fd), the argument order first proposed, exists only on a kernel that opened road setns-nstype-fd; elsewhere, as on Linux, it is not a system call (Linux has setns(fd, nstype)).',
    outcome: 'ENOSYS',
    calls: ['setns_nstype'],
    linux: { function: 'sys_ni_syscall', file: 'kernel/sys_ni.c' },
    unshowable: NOT_A_CALL,
  },
];
