/**
 * The rules of user namespaces the model implements (Linux 6.18), as catalog
 * entries: creation (U1), the /proc/PID map and setgroups files and
 * setgroups(2) (U2), capabilities across namespaces (U3), owners (U4),
 * NS_GET_OWNER_UID (U5), prctl's capability controls (U6) and the setns install rules of user namespaces (I5).
 * Some of them are enforced by @nsproxy/core (the capability walk, the
 * ucount charge, id translation); they are listed here because they are rules
 * of this subsystem. Every `KernelError` this package throws names one of
 * these ids (`err.rule`).
 */
import { defineRules } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';

const USERNS = 'kernel/user_namespace.c';
const COMMONCAP = 'security/commoncap.c';
const ROAD_2007 = 'a road not taken: Linux as merged has id maps instead (a scenario opens road userns-2007 with @road:, and the real backend skips it)';
/** The calls that write an id map, as the model's fail sites and the scenario ops name them. */
const MAP_WRITE = ['write', 'uid_map', 'gid_map'] as const;
const ANY_MAP_WRITE = [...MAP_WRITE, 'projid_map'] as const;

/** The user namespace rules, in id order. */
export const userRules: readonly Rule[] = defineRules([
  // U1: creating a user namespace (create_user_ns).
  {
    id: 'U1.2',
    rule: 'A user namespace can only be created below a parent of level 32 or less, so at most 33 levels nest under the initial namespace.',
    outcome: 'ENOSPC',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_user_ns', file: USERNS },
  },
  {
    id: 'U1.3',
    rule: 'Each new user namespace is charged to max_user_namespaces of the creator\'s euid in the parent and of every owner further up; a level already at its limit refuses the creation.',
    outcome: 'ENOSPC',
    calls: ['clone', 'unshare'],
    linux: { function: 'inc_user_namespaces', file: USERNS },
  },
  {
    id: 'U1.4',
    rule: 'A caller whose root is not the root of its mount namespace (it is chrooted) may not create a user namespace.',
    outcome: 'EPERM',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_user_ns', file: USERNS },
  },
  {
    id: 'U1.5',
    rule: 'The creator\'s euid and egid must both have a mapping in its current user namespace, or no child namespace can be created.',
    outcome: 'EPERM',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_user_ns', file: USERNS },
  },
  {
    id: 'U1.6',
    rule: 'A new user namespace records its parent, a level one deeper, the creator\'s euid and egid as owner and group, whether the creator had CAP_SETFCAP, and the parent\'s setgroups setting.',
    outcome: 'the namespace records owner, group, level and the inherited setgroups flag',
    calls: ['clone', 'unshare'],
    linux: { function: 'create_user_ns', file: USERNS },
  },
  {
    id: 'U1.7',
    rule: 'A new user namespace starts with empty uid and gid maps, so until they are written every id inside reads as the overflow id 65534.',
    outcome: 'getuid() inside is 65534 until uid_map is written',
    calls: ['clone', 'unshare', 'getuid', 'getgid'],
    linux: { function: 'create_user_ns', file: USERNS },
  },
  {
    id: 'U1.8',
    rule: 'The task that creates a user namespace gets the full permitted, effective and bounding capability sets there and empty inheritable and ambient sets; its kernel uids and gids stay the same.',
    outcome: 'every capability in the new namespace',
    calls: ['clone', 'unshare'],
    linux: { function: 'set_cred_user_ns', file: USERNS },
  },
  {
    id: 'U1.9',
    rule: 'Every max_*_namespaces limit of a new user namespace starts at INT_MAX (2147483647), whatever its parent\'s values are.',
    outcome: 'the limits inside read 2147483647',
    calls: ['clone', 'unshare', 'sysctl'],
    linux: { function: 'create_user_ns', file: USERNS },
  },
  {
    id: 'U1.10',
    rule: 'A user namespace lives as long as something holds it (credentials, a namespace it owns, an open or bound nsfs file, a child namespace) and its end drops its hold on its parent.',
    outcome: 'the namespace outlives its tasks while it is held',
    calls: ['exit', 'close'],
    linux: { function: 'free_user_ns', file: USERNS },
  },

  // U2: /proc/PID/{uid_map,gid_map,projid_map,setgroups} and setgroups(2).
  {
    id: 'U2.1',
    rule: 'The /proc/PID uid_map, gid_map, projid_map and setgroups files are mode 0644 and belong to the task\'s euid and egid (to root when the task is not dumpable), and opening one is checked against those bits.',
    outcome: 'EACCES',
    calls: ['open', 'uid_map', 'gid_map', 'setgroups'],
    linux: { function: 'task_dump_owner', file: 'fs/proc/base.c' },
  },
  {
    id: 'U2.2',
    rule: 'Reading a map prints one "%10u %10u %10u" line per extent, with the lower id shown in the reader\'s user namespace (in the parent when the reader is inside the namespace), and 4294967295 where the reader has no mapping for it.',
    outcome: 'the map text, relative to the reader',
    calls: ['read', 'uid_map', 'gid_map'],
    linux: { function: 'uid_m_show', file: USERNS },
  },
  {
    id: 'U2.3',
    rule: 'The maps of the initial user namespace are fixed: any write to them is refused before anything else is looked at.',
    outcome: 'EPERM',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'proc_uid_map_write', file: USERNS },
  },
  {
    id: 'U2.4',
    rule: 'A map may be written only through a file opened by a task whose user namespace is the target namespace or its parent; the opener\'s namespace at open time counts, not the writer\'s.',
    outcome: 'EPERM',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'proc_uid_map_write', file: USERNS },
  },
  {
    id: 'U2.5',
    rule: 'A map is written in one write at offset 0 of fewer than 4096 bytes (PAGE_SIZE); a longer write is refused.',
    outcome: 'EINVAL',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'map_write', file: USERNS },
  },
  {
    id: 'U2.6',
    rule: 'Each map can be set only once: a write to a map that already has extents is refused.',
    outcome: 'EPERM',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'map_write', file: USERNS },
  },
  {
    id: 'U2.7',
    rule: 'Writing uid_map or gid_map needs the opener to hold CAP_SYS_ADMIN over the target namespace (projid_map does not).',
    outcome: 'EPERM',
    calls: [...MAP_WRITE],
    linux: { function: 'map_write', file: USERNS },
  },
  {
    id: 'U2.8',
    rule: 'Every line of a map write is three unsigned decimal numbers (first, lower, count) separated by blanks, with optional blanks around them; a missing field or any other character rejects the whole write.',
    outcome: 'EINVAL',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'map_write', file: USERNS },
  },
  {
    id: 'U2.9',
    rule: 'A first or lower id of 4294967295 ((u32)-1, the invalid id) rejects a map write.',
    outcome: 'EINVAL',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'map_write', file: USERNS },
  },
  {
    id: 'U2.10',
    rule: 'A count of zero, or one that makes the first or the lower range wrap past 2^32, rejects a map write.',
    outcome: 'EINVAL',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'map_write', file: USERNS },
  },
  {
    id: 'U2.11',
    rule: 'An extent whose upper range or lower range intersects an earlier extent of the same write rejects the write.',
    outcome: 'EINVAL',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'mappings_overlap', file: USERNS },
  },
  {
    id: 'U2.12',
    rule: 'A map holds at most 340 extents (the first 5 kept in write order, more sorted by first id); a 341st line rejects the write.',
    outcome: 'EINVAL',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'map_write', file: USERNS },
  },
  {
    id: 'U2.13',
    rule: 'A map write with no extent at all (empty, or only blanks and newlines) is refused.',
    outcome: 'EINVAL',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'map_write', file: USERNS },
  },
  {
    id: 'U2.14',
    rule: 'A well-formed map is accepted only if one of the permission rules U2.14a-U2.14d allows it for the writer and the opener; otherwise it is refused.',
    outcome: 'EPERM',
    calls: [...MAP_WRITE],
    linux: { function: 'new_idmap_permitted', file: USERNS },
  },
  {
    id: 'U2.14a',
    rule: 'A uid_map that maps the parent\'s uid 0 needs CAP_SETFCAP: written from inside the namespace, its creator must have had it when it created the namespace; written from the parent, the opener must have it there.',
    outcome: 'EPERM',
    calls: ['write', 'uid_map'],
    linux: { function: 'verify_root_map', file: USERNS },
  },
  {
    id: 'U2.14b',
    rule: 'The namespace\'s owner may map, without any capability, a single id onto its own euid (uid_map), or onto its own egid once setgroups is "deny" (gid_map).',
    outcome: 'the one-id self mapping is accepted',
    calls: [...MAP_WRITE],
    linux: { function: 'new_idmap_permitted', file: USERNS },
  },
  {
    id: 'U2.14c',
    rule: 'projid_map needs no capability: any well-formed map whose lower ranges are mapped in the parent is accepted.',
    outcome: 'the projid_map is accepted',
    calls: ['write', 'projid_map'],
    linux: { function: 'new_idmap_permitted', file: USERNS },
  },
  {
    id: 'U2.14d',
    rule: 'When both the writer and the opener hold CAP_SETUID (uid_map) or CAP_SETGID (gid_map) over the parent namespace, any ranges may be mapped.',
    outcome: 'the map is accepted',
    calls: [...MAP_WRITE],
    linux: { function: 'new_idmap_permitted', file: USERNS },
  },
  {
    id: 'U2.15',
    rule: 'Each lower range of a map must fall entirely inside a single extent of the parent\'s map, or the write is refused.',
    outcome: 'EPERM',
    calls: [...ANY_MAP_WRITE],
    linux: { function: 'map_id_range_down', file: USERNS },
  },
  {
    id: 'U2.16',
    rule: 'So an unprivileged owner can map exactly its own id, one id long: another lower id or a longer range is refused, and its gid_map also waits for setgroups "deny".',
    outcome: 'EPERM',
    calls: [...MAP_WRITE],
    linux: { function: 'new_idmap_permitted', file: USERNS },
  },
  {
    id: 'U2.17',
    rule: 'The owner may write a child\'s uid_map from the parent namespace with its own id, while the child\'s gid_map is still refused as long as setgroups is "allow".',
    outcome: 'the owner\'s write from the parent is accepted',
    calls: [...MAP_WRITE],
    linux: { function: 'new_idmap_permitted', file: USERNS },
  },
  {
    id: 'U2.18',
    rule: 'Opening a setgroups file for writing needs CAP_SYS_ADMIN in the user namespace it belongs to.',
    outcome: 'EACCES',
    calls: ['open', 'setgroups'],
    linux: { function: 'proc_setgroups_open', file: USERNS },
  },
  {
    id: 'U2.19',
    rule: 'setgroups can go from "allow" to "deny" only while gid_map is unwritten, and never back from "deny" to "allow"; writing the current value is otherwise a no-op.',
    outcome: 'EPERM',
    calls: ['write', 'setgroups'],
    linux: { function: 'proc_setgroups_write', file: USERNS },
  },
  {
    id: 'U2.20',
    rule: 'setgroups(2) inside a user namespace needs CAP_SETGID there, a written gid_map and setgroups "allow".',
    outcome: 'EPERM',
    calls: ['setgroups'],
    linux: { function: 'userns_may_setgroups', file: USERNS },
  },
  {
    id: 'U2.21',
    rule: 'Ids are kernel ids translated through the viewer\'s maps: an id with no mapping in the viewer\'s namespace reads as 65534 (overflowuid, overflowgid).',
    outcome: 'ids relative to the viewer, 65534 when unmapped',
    calls: ['getuid', 'geteuid', 'getgid', 'getegid', 'read'],
    linux: { function: 'from_kuid_munged', file: USERNS },
  },
  {
    id: 'U2.22',
    rule: 'A write to setgroups must be shorter than 8 bytes and hold "allow" or "deny" followed only by blanks; any other text is refused.',
    outcome: 'EINVAL',
    calls: ['write', 'setgroups'],
    linux: { function: 'proc_setgroups_write', file: USERNS },
  },
  {
    id: 'U2.23',
    rule: 'A task that is gone has no /proc/PID directory, so its uid_map, gid_map, projid_map, setgroups and status files cannot be opened.',
    outcome: 'ENOENT',
    calls: ['open', 'uid_map', 'gid_map', 'setgroups', 'read'],
    linux: { function: 'proc_pid_lookup', file: 'fs/proc/base.c' },
  },
  {
    id: 'U2.24',
    rule: 'Writing a map or setgroups file that was opened only for reading is refused before its content is looked at.',
    outcome: 'EBADF',
    calls: ['write'],
    linux: { function: 'vfs_write', file: 'fs/read_write.c' },
  },
  {
    id: 'U2.25',
    rule: 'Reading a map or setgroups file that was opened only for writing is refused.',
    outcome: 'EBADF',
    calls: ['read'],
    linux: { function: 'vfs_read', file: 'fs/read_write.c' },
  },
  {
    id: 'U2.26',
    rule: 'setgroups(2) takes at most NGROUPS_MAX (65536) groups; a longer list is refused after the permission check.',
    outcome: 'EINVAL',
    calls: ['setgroups'],
    linux: { function: 'sys_setgroups', file: 'kernel/groups.c' },
  },
  {
    id: 'U2.27',
    rule: 'Every gid given to setgroups(2) must have a mapping in the caller\'s user namespace, or the call is refused.',
    outcome: 'EINVAL',
    calls: ['setgroups'],
    linux: { function: 'groups_from_user', file: 'kernel/groups.c' },
  },

  // U3: capabilities across user namespaces (cap_capable).
  {
    id: 'U3.1',
    rule: 'A capability check against user namespace N walks up from N: at the caller\'s own namespace the effective set decides; at a namespace whose parent is the caller\'s and whose owner is the caller\'s euid it is granted; at or above the caller\'s level it is denied.',
    outcome: 'decides whether a capability holds in a namespace',
    calls: ['clone', 'unshare', 'setns', 'write', 'ioctl', 'kill', 'sethostname'],
    linux: { function: 'cap_capable', file: COMMONCAP },
  },
  {
    id: 'U3.2',
    rule: 'A capability held in a user namespace holds in it and in all its descendants, never in an ancestor or in another branch.',
    outcome: 'capabilities reach down the tree only',
    calls: ['clone', 'unshare', 'setns', 'write', 'ioctl', 'kill', 'sethostname'],
    linux: { function: 'cap_capable', file: COMMONCAP },
  },
  {
    id: 'U3.3',
    rule: 'The owner of a user namespace, acting from the parent namespace, has every capability in it and in its descendants, whatever its own effective set.',
    outcome: 'every capability in the namespaces it owns',
    calls: ['setns', 'write', 'uid_map', 'gid_map', 'sethostname'],
    linux: { function: 'cap_capable', file: COMMONCAP },
  },
  {
    id: 'U3.5',
    rule: 'A capability over a namespace of another type (uts, ipc, pid ...) is checked in the user namespace that owns it.',
    outcome: 'privilege over a namespace means privilege over its owner',
    calls: ['sethostname', 'setdomainname', 'setns', 'ipcrm', 'ipcstat'],
    linux: { function: 'ns_capable', file: 'kernel/capability.c' },
  },

  // U4, U5: owners, as NS_GET_USERNS, NS_GET_PARENT and NS_GET_OWNER_UID show them.
  {
    id: 'U4.1',
    rule: 'Every namespace that clone or unshare creates is owned by the user namespace of the new credentials, the new user namespace when CLONE_NEWUSER is in the same call.',
    outcome: 'NS_GET_USERNS names the creating user namespace',
    calls: ['clone', 'unshare', 'ioctl'],
    linux: { function: 'create_new_namespaces', file: 'kernel/nsproxy.c' },
  },
  {
    id: 'U4.4',
    rule: 'The owner of a user namespace, for NS_GET_USERNS and NS_GET_PARENT alike, is its parent.',
    outcome: 'the parent user namespace',
    calls: ['ioctl'],
    linux: { function: 'userns_owner', file: USERNS },
  },
  {
    id: 'U5.1',
    rule: 'NS_GET_OWNER_UID on a user namespace file gives the uid of its owner as the caller\'s user namespace maps it (65534 when unmapped).',
    outcome: 'the owner\'s uid in the caller\'s namespace',
    calls: ['ioctl'],
    linux: { function: 'ns_ioctl', file: 'fs/nsfs.c' },
  },

  // U6: prctl's capability and privilege controls (cap_task_prctl, prctl), as setpriv(1) and unshare --keep-caps use them.
  {
    id: 'U6.1',
    rule: 'PR_SET_SECUREBITS refuses to change a locked bit, to clear a lock, to set a bit the kernel does not know, and, without CAP_SETPCAP in the caller\'s user namespace, any call but one that changes only the exec bits (SECBIT_EXEC_RESTRICT_FILE, SECBIT_EXEC_DENY_INTERACTIVE) and their locks.',
    outcome: 'EPERM',
    calls: ['prctl'],
    linux: { function: 'cap_task_prctl', file: COMMONCAP },
  },
  {
    id: 'U6.2',
    rule: 'PR_SET_KEEPCAPS takes only 0 or 1.',
    outcome: 'EINVAL',
    calls: ['prctl'],
    linux: { function: 'cap_task_prctl', file: COMMONCAP },
  },
  {
    id: 'U6.3',
    rule: 'PR_SET_KEEPCAPS is refused once SECBIT_KEEP_CAPS_LOCKED is set.',
    outcome: 'EPERM',
    calls: ['prctl'],
    linux: { function: 'cap_task_prctl', file: COMMONCAP },
  },
  {
    id: 'U6.4',
    rule: 'PR_SET_NO_NEW_PRIVS takes only 1: no_new_privs is never cleared once set.',
    outcome: 'EINVAL',
    calls: ['prctl'],
    linux: { function: 'prctl', file: 'kernel/sys.c' },
  },
  {
    id: 'U6.5',
    rule: 'PR_CAPBSET_DROP needs CAP_SETPCAP in the caller\'s own user namespace.',
    outcome: 'EPERM',
    calls: ['prctl'],
    linux: { function: 'cap_prctl_drop', file: COMMONCAP },
  },
  {
    id: 'U6.6',
    rule: 'PR_CAPBSET_READ, PR_CAPBSET_DROP and PR_CAP_AMBIENT take only a capability the kernel knows (0 to CAP_LAST_CAP).',
    outcome: 'EINVAL',
    calls: ['prctl'],
    linux: { function: 'cap_task_prctl', file: COMMONCAP },
  },
  {
    id: 'U6.7',
    rule: 'PR_CAP_AMBIENT_RAISE needs the capability in both the permitted and the inheritable set, and SECBIT_NO_CAP_AMBIENT_RAISE clear.',
    outcome: 'EPERM',
    calls: ['prctl'],
    linux: { function: 'cap_task_prctl', file: COMMONCAP },
  },

  // U9: the road not taken userns-2007 (userns-2007.ts, sigio.ts): the first user namespace (Linux 2.6.23 and the "user ns" series of 2006-2007).
  {
    id: 'U9.1',
    rule: 'On road userns-2007, CLONE_NEWUSER makes a namespace with a table of users of its own, holding its root user (uid 0, another user than the initial namespace\'s root) and the creator\'s user; ids are not translated (the maps are the identity, set at creation, so writing one is refused as for a map already written) and the creator keeps its ids and capabilities.',
    outcome: 'a new table of users, ids and capabilities unchanged',
    calls: ['clone', 'unshare'],
    linux: { function: 'clone_user_ns (Linux 2.6.23, replaced by create_user_ns)', file: USERNS },
    unshowable: ROAD_2007,
  },
  {
    id: 'U9.2',
    rule: 'On road userns-2007, making a user namespace needs CAP_SYS_ADMIN, a global capability then.',
    outcome: 'EPERM',
    calls: ['clone', 'unshare'],
    linux: { function: 'copy_namespaces, unshare_nsproxy_namespaces (Linux 2.6.23)', file: 'kernel/nsproxy.c' },
    unshowable: ROAD_2007,
  },
  {
    id: 'U9.3',
    rule: 'On road userns-2007, capabilities are global: a task of any user namespace holds its capabilities over every namespace, as capable() did before capabilities were targeted at user namespaces.',
    outcome: 'the capability check ignores the user namespace',
    calls: ['capable'],
    linux: { function: 'cap_capable (Linux 2.6.23)', file: COMMONCAP },
    unshowable: ROAD_2007,
  },
  {
    id: 'U9.4',
    rule: 'On road userns-2007, a file owner set by F_SETOWN from a user namespace other than the initial one sends SIGIO only to a task of that same namespace; otherwise, as in Linux 6.18, the setter\'s euid must be root or its uid or euid match the target\'s uid or saved uid.',
    outcome: 'no SIGIO across user namespaces',
    calls: ['fcntl', 'sigio'],
    linux: { function: 'sigio_perm ("user ns: handle file sigio", proposed, not merged)', file: 'fs/fcntl.c' },
    unshowable: ROAD_2007,
  },
  {
    id: 'U9.5',
    rule: 'F_SETOWN names a process that exists; the model has file owners for road userns-2007 only.',
    outcome: 'ESRCH',
    calls: ['fcntl'],
    linux: { function: 'f_setown', file: 'fs/fcntl.c' },
    unshowable: 'file owners and SIGIO are modelled for road userns-2007 only, as simulated-only ops',
  },
  {
    id: 'U9.6',
    rule: 'Only a kernel on road userns-2007 has tables of users: reading one (the scenario op users) elsewhere fails, as a call Linux lacks does.',
    outcome: 'ENOSYS',
    calls: ['users'],
    linux: { function: 'sys_ni_syscall', file: 'kernel/sys_ni.c' },
    unshowable: ROAD_2007,
  },
  // I5: setns into a user namespace (userns_install).
  {
    id: 'I5.1',
    rule: 'setns into the user namespace the caller is already in is refused, so dropped capabilities cannot be regained.',
    outcome: 'EINVAL',
    calls: ['setns'],
    linux: { function: 'userns_install', file: USERNS },
  },
  {
    id: 'I5.2',
    rule: 'Only a single-threaded process may enter a user namespace.',
    outcome: 'EINVAL',
    calls: ['setns'],
    linux: { function: 'userns_install', file: USERNS },
  },
  {
    id: 'I5.3',
    rule: 'A caller that shares its fs_struct with another task (CLONE_FS) may not enter a user namespace.',
    outcome: 'EINVAL',
    calls: ['setns'],
    linux: { function: 'userns_install', file: USERNS },
  },
  {
    id: 'I5.4',
    rule: 'Entering a user namespace needs CAP_SYS_ADMIN in that namespace, which only a descendant of the caller\'s namespace (or one the caller owns) can give.',
    outcome: 'EPERM',
    calls: ['setns'],
    linux: { function: 'userns_install', file: USERNS },
  },
  {
    id: 'I5.6',
    rule: 'After setns into a user namespace the caller has the full capability set there and the same kernel ids, seen through the new namespace\'s maps.',
    outcome: 'full capabilities in the target, ids unchanged',
    calls: ['setns'],
    linux: { function: 'userns_install', file: USERNS },
  },
  {
    id: 'I5.7',
    rule: 'By the owner rule, an unprivileged task can setns from the parent into a user namespace it created, without any capability.',
    outcome: 'the owner enters its child',
    calls: ['setns'],
    linux: { function: 'cap_capable', file: COMMONCAP },
  },
]);
