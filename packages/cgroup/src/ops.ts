/**
 * The specs of the cgroup ops (docs/scenario-format.md, "Cgroups"), an
 * extension of the format. Model-free, so that a backend can read them
 * without the simulated kernel.
 *
 * A cgroup path is absolute and seen from `init`'s cgroup namespace root,
 * the run's own cgroup: `/` is that cgroup, `/a/b` two levels below it. Its
 * names are short words of `[a-z0-9_-]` (no `.`, so no `..` and no name of a
 * cgroup's files): nothing a scenario writes can leave the run's subtree.
 */
import { opSpec } from '@nsproxy/scenario';
import type { ArgKind, OpSpec } from '@nsproxy/scenario';

const NAME = '[a-z0-9_-]{1,32}';
const CGROUP_PATH_RE = new RegExp(`^(/|(/${NAME})+)$`);
const CGROUP_CHILD_RE = new RegExp(`^(/${NAME})+$`);

/** Whether a word is a cgroup path of the format (`/`, `/a/b`). */
export function isCgroupPath(value: string): boolean {
  return CGROUP_PATH_RE.test(value);
}

/** A cgroup path: `/` or `/a/b` (names of `[a-z0-9_-]`, at most 32 characters each). */
export const CGROUP_PATH: ArgKind = {
  describe: 'a cgroup path seen from init\'s cgroup namespace root (/ or /a/b, names of [a-z0-9_-])',
  validate: (value) => (CGROUP_PATH_RE.test(value) ? undefined : { message: `expected a cgroup path such as / or /a/b (names of [a-z0-9_-], no '..'), found '${value}'` }),
  samples: ['/', '/a', '/b', '/a/b'],
};

/** A cgroup path below the root (what mkdir and rmdir take). */
export const CGROUP_CHILD: ArgKind = {
  describe: 'a cgroup path below init\'s cgroup namespace root (/a or /a/b)',
  validate: (value) => (CGROUP_CHILD_RE.test(value) ? undefined : { message: `expected a cgroup path below the root such as /a or /a/b (names of [a-z0-9_-], no '..'), found '${value}'` }),
  samples: ['/a', '/b', '/a/b'],
};

/**
 * A name for `cgroup-mkdirat`: 1 to 64 characters of any text but `/` (one path component, never `.`
 * or `..`); a `;` stands for a newline (as in the map and timens writes), which a cgroup name may not hold.
 */
export const CGROUP_NAME: ArgKind = {
  describe: 'a cgroup name: one path component of 1 to 64 characters (no /, not . or ..); ; stands for a newline',
  validate: (value) => (cgroupNameArg(value) !== undefined ? undefined : { message: `expected a cgroup name (1 to 64 characters, no '/', not '.' or '..'), found '${value}'` }),
  samples: ['c', 'x;y', 'd-1'],
};

/** The name `cgroup-mkdirat` passes to mkdirat(2) (`;` as a newline), or undefined when the word is none. */
export function cgroupNameArg(value: string): string | undefined {
  const name = value.split(';').join('\n');
  if (name.length < 1 || name.length > 64 || name.includes('/') || name.includes('\0') || name === '.' || name === '..') return undefined;
  return name;
}

/** The specs of the cgroup area's ops. */
export const CGROUP_OPS: readonly OpSpec[] = [
  opSpec('cgroup', 'cgroup-mkdir <path>', 1, [CGROUP_CHILD]),
  opSpec('cgroup', 'cgroup-rmdir <path>', 1, [CGROUP_CHILD]),
  opSpec('cgroup', 'cgroup-move <task> <path>', 2, ['task', CGROUP_PATH]),
  opSpec('cgroup', 'cgroup-of <task>', 1, ['task']),
  opSpec('cgroup', 'cgroup-procs <path>', 1, [CGROUP_PATH]),
  opSpec('cgroup', 'clone-into <name> <types> <path>', 3, ['task', 'types', CGROUP_PATH]),
  // Directory fds of cgroups, named like the other kept fds (F1.13: never a raw fd number).
  opSpec('cgroup', 'cgroup-open <path> <fd>', 2, [CGROUP_PATH, 'name']),
  opSpec('cgroup', 'cgroup-mkdirat <fd> <name>', 2, ['name', CGROUP_NAME]),
  opSpec('cgroup', 'clone-into-fd <name> <types> <fd>', 3, ['task', 'types', 'name']),
  // A raw write(2) of the text to <path>/cgroup.procs.
  opSpec('cgroup', 'cgroup-write <path> <text>', 2, [CGROUP_PATH, 'text']),
];

/** The op words of the cgroup area. */
export const CGROUP_OP_NAMES: readonly string[] = CGROUP_OPS.map((s) => s.name);

/**
 * The path of the `0::` line of a /proc/<pid>/cgroup text (the cgroup v2
 * hierarchy's; a hybrid machine has v1 lines too), or undefined when there
 * is none.
 */
export function cgroupV2Line(text: string): string | undefined {
  for (const line of text.split('\n')) if (line.startsWith('0::')) return line.slice(3);
  return undefined;
}
