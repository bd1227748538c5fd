/**
 * The kernel rules @nsproxy/uts implements, as data (the package's part of
 * the rule catalog, see `Rule` in @nsproxy/core). Section Q2 is the uts
 * namespace itself, I1 its setns install rules. Every error this package
 * throws names one of these ids; the scenario area carries the list
 * (`utsArea.rules`).
 *
 * Ids are stable: Q2.1-Q2.5, I1.1 and I1.2 are the ones the corpus and the
 * docs cite; Q2.6 and after were added with the catalog. An id is never
 * given another meaning.
 */
import { defineRules } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';

/** The rules of the uts namespace type and its system calls. */
export const utsRules: readonly Rule[] = defineRules([
  {
    id: 'Q2.1',
    rule: 'A new uts namespace starts as a copy of every field of its creator\'s current uts namespace (sysname, nodename, release, version, machine, domainname), taken at the moment of the clone or unshare.',
    outcome: 'the new namespace has its creator\'s names',
    calls: ['clone', 'clone3', 'unshare'],
    linux: { function: 'clone_uts_ns', file: 'kernel/utsname.c' },
  },
  {
    id: 'Q2.2',
    rule: 'sethostname and setdomainname need CAP_SYS_ADMIN over the user namespace that owns the caller\'s uts namespace, and this is checked before the length of the name.',
    outcome: 'EPERM',
    calls: ['sethostname', 'setdomainname'],
    linux: { function: 'sethostname, setdomainname (ns_capable on uts_ns->user_ns)', file: 'kernel/sys.c' },
  },
  {
    id: 'Q2.3',
    rule: 'uname and the hostname and domainname files of /proc/sys/kernel show the caller\'s own uts namespace, so a name set in one namespace is seen only by the tasks of that namespace.',
    outcome: 'names are private to their namespace',
    calls: ['uname', 'sethostname', 'setdomainname'],
    linux: { function: 'newuname, utsname()', file: 'kernel/sys.c' },
  },
  {
    id: 'Q2.4',
    rule: 'sysname, release, version and machine belong to each uts namespace too (copied at creation), but no system call changes them.',
    outcome: 'the other uname fields are per namespace and fixed',
    calls: ['uname'],
    linux: { function: 'clone_uts_ns', file: 'kernel/utsname.c' },
  },
  {
    id: 'Q2.5',
    rule: 'Creating a uts namespace is charged to max_uts_namespaces at every level of the owner\'s user namespace chain; over a limit the creation fails.',
    outcome: 'ENOSPC',
    calls: ['clone', 'clone3', 'unshare'],
    linux: { function: 'clone_uts_ns (inc_uts_namespaces)', file: 'kernel/utsname.c' },
  },
  {
    id: 'Q2.6',
    rule: 'A name given to sethostname or setdomainname may be at most __NEW_UTS_LEN (64) bytes long; a longer one changes nothing.',
    outcome: 'EINVAL',
    calls: ['sethostname', 'setdomainname'],
    linux: { function: 'sethostname, setdomainname (len > __NEW_UTS_LEN)', file: 'kernel/sys.c' },
  },
  {
    id: 'Q2.7',
    rule: 'sethostname and setdomainname store exactly the bytes passed and zero the rest of the field, so uname reads the name up to its first NUL byte (a length of 0 gives an empty name).',
    outcome: 'the name is kept up to its first NUL',
    calls: ['sethostname', 'setdomainname'],
    linux: { function: 'sethostname, setdomainname (copy, then memset of the tail)', file: 'kernel/sys.c' },
  },
  {
    id: 'Q2.8',
    rule: 'A live task always has a uts namespace, its nsproxy\'s (init_uts_ns from boot on), so the model answers a uts call with EINVAL only where it finds none, a state of its own set-up that Linux never reaches.',
    outcome: 'EINVAL',
    calls: ['uname', 'sethostname', 'setdomainname'],
    linux: { function: 'init_nsproxy, copy_namespaces', file: 'kernel/nsproxy.c' },
    unshowable: 'Linux gives every live task a uts namespace; only a model kernel in an inconsistent state has none',
  },
  {
    id: 'I1.1',
    rule: 'setns into a uts namespace needs CAP_SYS_ADMIN over the user namespace owning the target and CAP_SYS_ADMIN in the caller\'s own user namespace (the one it will have after a user namespace in the same setns).',
    outcome: 'EPERM',
    calls: ['setns'],
    linux: { function: 'utsns_install', file: 'kernel/utsname.c' },
  },
  {
    id: 'I1.2',
    rule: 'A setns into a uts namespace that passes its checks makes the target the caller\'s uts namespace when the whole setns commits; returning to the old one needs the same checks.',
    outcome: 'the caller\'s uts namespace is the target',
    calls: ['setns'],
    linux: { function: 'utsns_install', file: 'kernel/utsname.c' },
  },
]);
