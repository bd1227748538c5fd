/**
 * The specs of the mount ops: the format's Mounts section, the three nsfs-path
 * ops of its Tasks section (`pin`, `setns-path`, `nspath`, which need a file
 * system), and nsproxy's extensions (docs/scenario-format.md, "Mounts").
 * Model-free, so that a backend can read them without the simulated kernel.
 */
import { opSpec } from '@nsproxy/scenario';
import type { ArgKind, OpSpec } from '@nsproxy/scenario';

/** The propagation changes of `make-<kind>`, each a mount(2) flag (with MS_REC for the `r` forms). */
export const PROPAGATION_KINDS = ['shared', 'private', 'slave', 'unbindable', 'rshared', 'rprivate', 'rslave', 'runbindable'] as const;

/** The per-mount flags `remount` takes (MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC), or `rw` for none. */
export const REMOUNT_FLAGS = ['ro', 'nosuid', 'nodev', 'noexec'] as const;

/** `ro,nosuid`, or `rw` alone: the flags of a bind remount. */
const REMOUNT_ARG: ArgKind = {
  describe: 'mount flags (rw, or a comma list of ro, nosuid, nodev, noexec)',
  validate(value) {
    if (value === 'rw') return undefined;
    let offset = 0;
    const seen = new Set<string>();
    for (const item of value.split(',')) {
      if (!(REMOUNT_FLAGS as readonly string[]).includes(item) || seen.has(item)) {
        return { message: `expected rw, or a comma list of ${REMOUNT_FLAGS.join(', ')}, found '${item}'`, offset };
      }
      seen.add(item);
      offset += item.length + 1;
    }
    return undefined;
  },
  samples: ['rw', 'ro', 'ro,nosuid', 'nodev,noexec'],
};

/** An absolute path, or `.` (pivot_root(".", ".") and chdir). */
const PATH_OR_DOT: ArgKind = {
  describe: 'an absolute path or .',
  validate: (value) => (value === '.' || value.startsWith('/') ? undefined : { message: `expected an absolute path or '.', found '${value}'` }),
  samples: ['.', '/tmp/nss/a', '/tmp/nss/b'],
};

const ONE_PATH = ['tmpfs', 'proc', 'cgroup2'];

/** The specs of the mnt area's ops. */
export const MNT_OPS: readonly OpSpec[] = [
  // Tasks and namespaces: the ops that name a file.
  opSpec('tasks', 'pin <task> <file> <path>', 3, ['task', 'nsfile', 'path']),
  opSpec('tasks', 'setns-path <path> [<type>|any]', 1, ['abspath', 'typeOrAny']),
  opSpec('tasks', 'nspath <path>', 1, ['abspath']),
  // Mounts (paths under /tmp/nss)
  opSpec('mnt', 'mkdir <path>', 1, ['path']),
  opSpec('mnt', 'mount tmpfs|proc|cgroup2|bind|rbind|move <path> [<dst>]', 2, [{ oneOf: ['tmpfs', 'proc', 'cgroup2', 'bind', 'rbind', 'move'] }, 'path', 'path'], (args) => {
    const kind = args[0] ?? 'bind';
    if (ONE_PATH.includes(kind) && args.length > 2) return { index: 2, message: `mount ${kind} takes one path (mount ${kind} <path>)` };
    if (!ONE_PATH.includes(kind) && args.length < 3) return { index: 3, message: `mount ${kind} takes a source and a target (mount ${kind} <src> <dst>)` };
    return undefined;
  }),
  opSpec('mnt', 'umount <path>', 1, ['path']),
  opSpec('mnt', 'umount-lazy <path>', 1, ['path']),
  ...PROPAGATION_KINDS.map((kind) => opSpec('mnt', `make-${kind} <path>`, 1, ['path'])),
  opSpec('mnt', 'mounted <path>', 1, ['path']),
  opSpec('mnt', 'propagation <path>', 1, ['path']),
  // nsproxy's extensions
  opSpec('mnt', 'remount <path> <flags>', 2, ['path', REMOUNT_ARG]),
  opSpec('mnt', 'mount-opts <path>', 1, ['path']),
  opSpec('mnt', 'mount-root <path>', 1, ['path']),
  opSpec('mnt', 'mounts <path>', 1, ['abspath']),
  opSpec('mnt', 'touch <path>', 1, ['path']),
  opSpec('mnt', 'exists <path>', 1, ['abspath']),
  opSpec('mnt', 'chdir <path>', 1, [PATH_OR_DOT]),
  opSpec('mnt', 'chroot <path>', 1, [PATH_OR_DOT]),
  opSpec('mnt', 'pivot-root <new> <old>', 2, [PATH_OR_DOT, PATH_OR_DOT]),
  opSpec('mnt', 'readlink <path>', 1, ['abspath']),
  opSpec('mnt', 'pids <dir>', 1, ['abspath']),
  opSpec('mnt', 'nspid <dir>', 1, ['abspath']),
  opSpec('mnt', 'cat <path>', 1, ['abspath']),
  opSpec('mnt', 'chown <path> <uid> <gid>', 3, ['path', { int: 'u32', ctype: 'uid_t' }, { int: 'u32', ctype: 'gid_t' }]),
  opSpec('mnt', 'owner <path>', 1, ['path']),
  // Road userns-2007 (simulated only): mount(src, dst, MS_BIND|MS_SHARE_NS), a bind any user namespace may use (Linux 6.18 ignores that bit).
  opSpec('roads', 'mount-share-ns <src> <dst>', 2, ['path', 'path']),
];
