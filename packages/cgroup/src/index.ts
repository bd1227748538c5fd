/**
 * @nsproxy/cgroup: cgroup namespaces and the cgroup v2 hierarchy they look
 * at. Mirrors kernel/cgroup/namespace.c (copy_cgroup_ns, cgroupns_install)
 * and the parts of kernel/cgroup/cgroup.c a namespace model needs: cgroup_mkdir,
 * cgroup_rmdir (cgroup_destroy_locked), cgroup.procs (__cgroup_procs_write,
 * cgroup_procs_write_permission, cgroup_procs_show), /proc/<pid>/cgroup
 * (proc_cgroup_show), and copy_process's steps (cgroup_can_fork with
 * CLONE_INTO_CGROUP, cgroup_post_fork, cgroup_exit).
 *
 * No controllers: the hierarchy is the v2 tree itself (the machine the model
 * was checked on has every controller on v1 and none in cgroup2, so no
 * subtree_control, no "no internal process" rule, no threaded cgroups).
 */
import {
  CAP_SYS_ADMIN, CLONE_INTO_CGROUP, CLONE_NEWCGROUP, NsCommon, nsCapable, checkAlive, defineNamespaceType, fail, hasFlag, inodePermission,
} from '@nsproxy/core';
import type { Cred, FileObject, FileSystemType, ForkContext, FsNode, InodeAttrs, Kernel, NamespaceOperations, ProcPidFile, Task, UcountCharge, UserNamespace } from '@nsproxy/core';

import { reviveCgroupState, revivedCgroups, saveCgroupState } from './snapshot.ts';
import type { SavedCgroupState } from './snapshot.ts';

export { cgroupRules } from './rules.ts';

/** Mode of a cgroup directory (cgroup_mkdir's default) and of its cgroup.procs (0644). */
const DIR_MODE = 0o755;
const PROCS_MODE = 0o644;
/** MAY_WRITE of generic_permission. */
const MAY_WRITE = 2;

/** A cgroup of the v2 hierarchy (struct cgroup with its kernfs directory). */
export class Cgroup {
  readonly name: string;
  readonly parent: Cgroup | null;
  readonly hierarchy: CgroupHierarchy;
  /** Children by name, in creation order. */
  readonly children: Map<string, Cgroup> = new Map();
  /** Live tasks (css_set->tasks; cgroup_exit takes a task out): the cgroup is populated while this is not empty. */
  readonly tasks: Set<Task> = new Set();
  /** Removed (rmdir): the kernfs node is gone, the object lives on for whoever still names it. */
  dead = false;
  /** Owner of the directory and its files: the creator's fsuid and fsgid (cgroup_kn_set_ugid), kernel ids. */
  readonly uid: number;
  readonly gid: number;
  readonly depth: number;
  /** The hierarchy's number for it, in creation order (the root is 0): what a snapshot names it by. */
  readonly id: number;

  constructor(hierarchy: CgroupHierarchy, name: string, parent: Cgroup | null, uid: number, gid: number) {
    this.hierarchy = hierarchy;
    this.id = hierarchy.nextId++;
    this.name = name;
    this.parent = parent;
    this.uid = uid;
    this.gid = gid;
    this.depth = parent ? parent.depth + 1 : 0;
  }

  /** The path from the hierarchy's root (`/`, `/a/b`). */
  get path(): string {
    return cgroupPath(this, this.hierarchy.root);
  }

  /** Whether `this` is `ancestor` or below it (cgroup_is_descendant). */
  isDescendantOf(ancestor: Cgroup): boolean {
    if (this === ancestor) return true;
    for (let c = this.parent; c; c = c.parent) if (c === ancestor) return true;
    return false;
  }

  /** The directory's inode attributes, for generic_permission. */
  get dirInode(): InodeAttrs {
    return { uid: this.uid, gid: this.gid, mode: DIR_MODE };
  }

  /** cgroup.procs's inode attributes. */
  get procsInode(): InodeAttrs {
    return { uid: this.uid, gid: this.gid, mode: PROCS_MODE };
  }
}

/** Each task's cgroup, read and set through `Task.cgroups` (a task is in one kernel, so in one hierarchy). */
export class TaskCgroups {
  get(task: Task): Cgroup | undefined {
    return task.cgroups instanceof Cgroup ? task.cgroups : undefined;
  }

  has(task: Task): boolean {
    return task.cgroups instanceof Cgroup;
  }

  set(task: Task, cgroup: Cgroup): void {
    task.cgroups = cgroup;
  }
}

/** The default (v2) hierarchy of one kernel: its root cgroup and every task's cgroup. */
export class CgroupHierarchy {
  readonly root: Cgroup;
  /**
   * The `nsdelegate` mount option (CGRP_ROOT_NS_DELEGATE): cgroup namespaces
   * are delegation boundaries. Off by default, as on the machine the model
   * was checked on (its cgroup2 is mounted without it).
   */
  nsDelegate = false;
  /** Each task's cgroup (task->cgroups->dfl_cgrp, the task's `cgroups` field); kept after the exit, for a zombie's /proc/<pid>/cgroup. */
  readonly member: TaskCgroups = new TaskCgroups();
  /** The number the next cgroup gets (`Cgroup.id`). */
  nextId = 0;
  /** The removed cgroups, in rmdir order (a namespace, a zombie or a mount may still name one; a snapshot keeps them). */
  readonly removed: Cgroup[] = [];

  constructor() {
    this.root = new Cgroup(this, '', null, 0, 0);
  }
}

/** A cgroup namespace (struct cgroup_namespace): its root is a cgroup (root_cset->dfl_cgrp). */
export class CgroupNamespace extends NsCommon {
  root: Cgroup;

  constructor(ops: NamespaceOperations, owner: UserNamespace, root: Cgroup, ucount: UcountCharge | null) {
    super(ops, owner, ucount);
    this.root = root;
  }
}

const hierarchies = new WeakMap<Kernel, CgroupHierarchy>();

/** The kernel's cgroup v2 hierarchy (made with its initial cgroup namespace). */
export function cgroupHierarchy(kernel: Kernel): CgroupHierarchy {
  const h = hierarchies.get(kernel);
  if (!h) return fail('EINVAL', 'cgroup', 'the cgroup namespace type is not registered', 'X2.26');
  // The boot task exists only once the initial namespaces do: it joins the root on first use (init_css_set).
  if (!h.member.has(kernel.initTask)) attach(h, kernel.initTask, h.root);
  return h;
}

/** The cgroup a task is in (the boot task, made before any fork, is in the root). */
export function cgroupOf(kernel: Kernel, task: Task): Cgroup {
  const h = cgroupHierarchy(kernel);
  return h.member.get(task) ?? h.root;
}

/** Moves a task (css_set_move_task): out of its cgroup's live set, into `to`'s. */
function attach(h: CgroupHierarchy, task: Task, to: Cgroup): void {
  h.member.get(task)?.tasks.delete(task);
  h.member.set(task, to);
  if (task.alive) to.tasks.add(task);
}

/**
 * kernfs_path_from_node: the path of `cgrp` seen from `root`: `/` for the
 * root itself, a `/..` for each level from `root` up to their common
 * ancestor, then the names down to `cgrp`.
 */
export function cgroupPath(cgrp: Cgroup, root: Cgroup): string {
  let a: Cgroup | null = cgrp;
  let b: Cgroup | null = root;
  const down: string[] = [];
  let ups = 0;
  while (a && b && a.depth > b.depth) {
    down.push(a.name);
    a = a.parent;
  }
  while (a && b && b.depth > a.depth) {
    ups++;
    b = b.parent;
  }
  while (a && b && a !== b) {
    down.push(a.name);
    a = a.parent;
    ups++;
    b = b.parent;
  }
  const parts = [...Array<string>(ups).fill('..'), ...down.reverse()];
  return `/${parts.join('/')}`;
}

/** The cgroup2 super block's device (an anonymous device, as nsfs's 0:4 is; its number is the model's). */
const CGROUP2_DEV = 0x1b;
const S_IFDIR = 0o40000;

/** An open cgroup directory (an O_PATH or O_DIRECTORY fd of cgroup2): what CLONE_INTO_CGROUP takes. */
export class CgroupDir implements FileObject {
  readonly what = 'cgroup directory';
  readonly cgroup: Cgroup;

  constructor(cgroup: Cgroup) {
    this.cgroup = cgroup;
  }

  holds(): readonly NsCommon[] {
    return [];
  }

  release(): void {
    // A directory fd holds no namespace; the cgroup object outlives it anyway.
  }

  /** kernfs_iop_getattr: a directory of the cgroup2 super block, its inode numbered by the cgroup's id. */
  stat(): { dev: number; ino: number; mode: number; size: number } {
    return { dev: CGROUP2_DEV, ino: this.cgroup.id + 1, mode: S_IFDIR | this.cgroup.dirInode.mode, size: 0 };
  }
}

/** The task's cgroup namespace. */
export function cgroupNsOf(kernel: Kernel, task: Task, sys: string): CgroupNamespace {
  checkAlive(kernel, task, sys);
  const ns = kernel.peekNs(task, cgroupNamespaceType);
  if (!(ns instanceof CgroupNamespace)) return fail('EINVAL', sys, 'the cgroup namespace type is not registered', 'X2.26');
  return ns;
}

/**
 * cgroup_procs_write_permission + cgroup_attach_permissions: write access to
 * cgroup.procs of the common ancestor of source and destination (EACCES);
 * with nsdelegate both must be under the writer's cgroup namespace root
 * (ENOENT). The destination has no subtree_control here (cgroup_migrate_vet_dst passes).
 */
function checkAttachPermissions(cred: Cred, ns: CgroupNamespace, src: Cgroup, dst: Cgroup, sys: string): void {
  let com = src;
  while (!dst.isDescendantOf(com) && com.parent) com = com.parent;
  if (!inodePermission(cred, com.procsInode, MAY_WRITE)) fail('EACCES', sys, `no write access to cgroup.procs of the common ancestor ${com.path}`, 'X2.15');
  if (src.hierarchy.nsDelegate && (!src.isDescendantOf(ns.root) || !dst.isDescendantOf(ns.root))) {
    fail('ENOENT', sys, 'with nsdelegate, source and destination must be under the writer\'s cgroup namespace root', 'X2.16');
  }
}

/** /proc/<pid>/cgroup (proc_cgroup_show): the `0::` line, relative to the reader's cgroup namespace root. */
export const cgroupProcFile: ProcPidFile = {
  name: 'cgroup',
  read(kernel, reader, task) {
    return procCgroup(kernel, reader, task);
  },
};
/** The cgroup namespace type (cgroupns_operations). */
export const cgroupNamespaceType: NamespaceOperations<CgroupNamespace> = defineNamespaceType<CgroupNamespace>({
  name: 'cgroup',
  type: CLONE_NEWCGROUP,
  order: 50,
  meta: { name: '@nsproxy/cgroup' },
  cloneFlags: CLONE_INTO_CGROUP,
  createInitial(kernel, initUserNs) {
    // cgroup_init: the default hierarchy and init_cgroup_ns, whose root is init_css_set (the root cgroup).
    const h = new CgroupHierarchy();
    hierarchies.set(kernel, h);
    return new CgroupNamespace(cgroupNamespaceType, initUserNs, h.root, null);
  },
  /** copy_cgroup_ns: charge max_cgroup_namespaces; the root is the creator's current cgroup (task_css_set(current)). */
  copy(ctx) {
    const charge = ctx.chargeUcount();
    // The caller's hierarchy is its namespace's root's (no lookup by kernel: a third of an unshare otherwise).
    const h = ctx.old.root.hierarchy;
    return new CgroupNamespace(cgroupNamespaceType, ctx.userNs, h.member.get(ctx.caller) ?? h.root, charge);
  },
  // cgroupns_install and cgroupns_owner are the defaults (installDefault: CAP_SYS_ADMIN over the
  // target's owner and over the caller's own user namespace); the task's cgroup does not change.
  /**
   * cgroup_can_fork -> cgroup_css_set_fork: with CLONE_INTO_CGROUP, the fd
   * must be a cgroup2 directory (EBADF), of a live cgroup (ENOENT from
   * css_tryget_online_from_dir), whose cgroup.procs the caller may write
   * (cgroup_may_write: EACCES), then the attach permissions from the caller's
   * cgroup. Returns the destination, or undefined for the parent's cgroup.
   */
  canFork(ctx: ForkContext): Cgroup | undefined {
    if (!hasFlag(ctx.flags, CLONE_INTO_CGROUP)) return undefined;
    const sys = 'clone';
    const { kernel, parent } = ctx;
    const file = parent.files?.get(ctx.options.cgroup ?? 0);
    if (!file) return fail('EBADF', sys, 'the cgroup fd is not open', 'X2.20');
    if (file.kind !== 'object' || !(file.object instanceof CgroupDir) || file.object.cgroup.hierarchy !== hierarchies.get(kernel)) {
      return fail('EBADF', sys, 'the cgroup fd is not a cgroup2 directory', 'X2.20');
    }
    const dst = file.object.cgroup;
    if (dst.dead) return fail('ENOENT', sys, 'the cgroup was removed', 'X2.21');
    if (!inodePermission(parent.cred, dst.procsInode, MAY_WRITE)) return fail('EACCES', sys, `no write access to cgroup.procs of ${dst.path}`, 'X2.22');
    checkAttachPermissions(parent.cred, cgroupNsOf(kernel, parent, sys), cgroupOf(kernel, parent), dst, sys);
    return dst;
  },
  /**
   * cgroup_post_fork: the child joins the destination of CLONE_INTO_CGROUP or
   * its parent's cgroup; a cgroup namespace made by the same clone gets the
   * child's cgroup as its root (copy_cgroup_ns took the parent's).
   */
  forked(child: Task, ctx: ForkContext, staged: unknown) {
    const h = cgroupHierarchy(ctx.kernel);
    const to = staged instanceof Cgroup ? staged : cgroupOf(ctx.kernel, ctx.parent);
    attach(h, child, to);
    if (hasFlag(ctx.flags, CLONE_NEWCGROUP)) {
      const ns = ctx.kernel.peekNs(child, cgroupNamespaceType);
      if (ns instanceof CgroupNamespace) ns.root = to;
    }
  },
  /** cgroup_exit: the task leaves its cgroup's live tasks (the cgroup may then be removed); its cgroup is still shown for the zombie. */
  exited(task: Task) {
    cgroupHierarchy(task.kernel).member.get(task)?.tasks.delete(task);
  },
  procFiles: [cgroupProcFile],
  filesystems: [cgroup2FsType()],
  /** Snapshots (snapshot.ts): a namespace is its root cgroup; the hierarchy and each task's cgroup are the type's state. */
  save: (ns) => ({ root: ns.root.id }),
  revive(kernel, owner, data) {
    const root = cgroupById(kernel, (data as { root: number }).root);
    return new CgroupNamespace(cgroupNamespaceType, owner, root, null);
  },
  saveState: (kernel, refs) => saveCgroupState(kernel, hierarchies.get(kernel) as CgroupHierarchy, refs),
  reviveState(kernel, data, refs) {
    hierarchies.set(kernel, reviveCgroupState(data as SavedCgroupState, refs));
  },
});

/** The cgroup of a kernel's hierarchy with this id, live or removed (a snapshot's reference). */
export function cgroupById(kernel: Kernel, id: number): Cgroup {
  const h = hierarchies.get(kernel);
  const found = h ? (revivedCgroups.get(h)?.get(id) ?? findCgroup(h, id)) : undefined;
  if (!found) throw new Error(`snapshot: no cgroup ${id}`);
  return found;
}

/** Depth first from the root, then the removed ones. */
function findCgroup(h: CgroupHierarchy, id: number): Cgroup | undefined {
  const stack = [h.root];
  while (stack.length > 0) {
    const c = stack.pop() as Cgroup;
    if (c.id === id) return c;
    stack.push(...c.children.values());
  }
  return h.removed.find((c) => c.id === id);
}

/**
 * proc_cgroup_show for the default hierarchy: `0::<path>` where the path is
 * the task's cgroup seen from the READER's cgroup namespace root
 * (cgroup_path_ns_locked with current->nsproxy->cgroup_ns), ` (deleted)`
 * after it when the cgroup was removed (a zombie's).
 */
export function procCgroup(kernel: Kernel, reader: Task, task: Task): string {
  const sys = 'read';
  const ns = cgroupNsOf(kernel, reader, sys);
  if (task.state === 'dead') return fail('ENOENT', 'open', 'the task is gone', 'X2.25');
  const cgrp = cgroupOf(kernel, task);
  return `0::${cgroupPath(cgrp, ns.root)}${cgrp.dead ? ' (deleted)' : ''}\n`;
}

/** A live cgroup's child by name, as a path lookup finds it (ENOENT for none, or for a removed parent). */
export function lookupCgroup(dir: Cgroup, name: string, sys: string): Cgroup {
  const c = dir.dead ? undefined : dir.children.get(name);
  if (!c) return fail('ENOENT', sys, `no cgroup ${name} in ${dir.path}`, 'X2.25');
  return c;
}

/**
 * Resolves `path` (`/a/b`, `/`) from `base`, as an *at() call with a
 * directory fd of `base` does (no `..`: the model's callers never climb out).
 */
export function resolveCgroup(base: Cgroup, path: string, sys: string): Cgroup {
  let c = base;
  if (c.dead) return fail('ENOENT', sys, `${c.path} was removed`, 'X2.25');
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new Error(`a cgroup path with '..': ${path}`);
    c = lookupCgroup(c, part, sys);
  }
  return c;
}

/**
 * mkdir(2) in a cgroup directory -> cgroup_mkdir. The VFS first: a live
 * parent (ENOENT), no such name (EEXIST), write access to the parent
 * (may_create: EACCES); then cgroup_mkdir: no newline in the name (EINVAL).
 * The new cgroup belongs to the caller's fsuid and fsgid (cgroup_kn_set_ugid).
 */
export function cgroupMkdir(kernel: Kernel, task: Task, parent: Cgroup, name: string): Cgroup {
  const sys = 'mkdir';
  checkAlive(kernel, task, sys);
  if (parent.dead) return fail('ENOENT', sys, `${parent.path} was removed`, 'X2.9');
  if (name === '' || name.includes('/') || name === '.' || name === '..') throw new Error(`not a cgroup name: '${name}'`);
  // filename_create: a child cgroup or one of the directory's files (cgroup.procs, ...) already has the name.
  if (parent.children.has(name) || cgroupHasFile(parent, name)) return fail('EEXIST', sys, `${name} exists in ${parent.path}`, 'X2.7');
  if (!inodePermission(task.cred, parent.dirInode, MAY_WRITE)) return fail('EACCES', sys, `no write access to ${parent.path}`, 'X2.8');
  if (name.includes('\n')) return fail('EINVAL', sys, 'a newline in a cgroup name', 'X2.10');
  const c = new Cgroup(parent.hierarchy, name, parent, task.cred.fsuid, task.cred.fsgid);
  parent.children.set(name, c);
  return c;
}

/**
 * rmdir(2) of a cgroup -> cgroup_rmdir -> cgroup_destroy_locked: the name
 * must exist (ENOENT), write access to the parent (may_delete: EACCES), then
 * no live task (cgroup_is_populated: EBUSY) and no child cgroup
 * (css_has_online_children: EBUSY).
 */
export function cgroupRmdir(kernel: Kernel, task: Task, parent: Cgroup, name: string): void {
  const sys = 'rmdir';
  checkAlive(kernel, task, sys);
  const c = lookupCgroup(parent, name, sys);
  if (!inodePermission(task.cred, parent.dirInode, MAY_WRITE)) fail('EACCES', sys, `no write access to ${parent.path}`, 'X2.8');
  if (isPopulated(c)) fail('EBUSY', sys, `${c.path} has live tasks`, 'X2.11');
  if (c.children.size > 0) fail('EBUSY', sys, `${c.path} has child cgroups`, 'X2.12');
  parent.children.delete(name);
  c.dead = true;
  c.hierarchy.removed.push(c);
}

/** cgroup_is_populated: live tasks in the cgroup or below. */
export function isPopulated(c: Cgroup): boolean {
  if (c.tasks.size > 0) return true;
  for (const child of c.children.values()) if (isPopulated(child)) return true;
  return false;
}

/** strstrip (lib/string_helpers.c): the text without leading and trailing white space (isspace: blank, \t \n \v \f \r). */
export function strstrip(text: string): string {
  return text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
}

/**
 * kstrtoint(s, 0) (lib/kstrtox.c): an optional `-` (or, without it, `+`), then `0x` hex (when a hex
 * digit follows), `0` octal or decimal digits, then at most one newline; the value must fit in an
 * int. Undefined where the kernel answers -EINVAL or -ERANGE.
 */
export function kstrtoint(s: string): number | undefined {
  let rest = s;
  let negative = false;
  if (rest.startsWith('-')) {
    negative = true;
    rest = rest.slice(1);
  } else if (rest.startsWith('+')) rest = rest.slice(1);
  // _parse_integer_fixup_radix
  let base = 10;
  if (rest.startsWith('0')) {
    if ((rest[1] === 'x' || rest[1] === 'X') && /^[0-9a-fA-F]$/.test(rest[2] ?? '')) {
      base = 16;
      rest = rest.slice(2);
    } else base = 8;
  }
  const digits = base === 16 ? /^[0-9a-fA-F]+/ : base === 8 ? /^[0-7]+/ : /^[0-9]+/;
  const m = digits.exec(rest);
  if (!m) return undefined;
  const tail = rest.slice(m[0].length);
  if (tail !== '' && tail !== '\n') return undefined;
  const value = BigInt(base === 16 ? `0x${m[0]}` : base === 8 ? `0o${m[0]}` : m[0]) * (negative ? -1n : 1n);
  return value >= -2147483648n && value <= 2147483647n ? Number(value) : undefined;
}

/**
 * open(2) of a cgroup's cgroup.procs for writing, then write(2) of `text`
 * (__cgroup_procs_write). Open: write access to the file (EACCES). Write: an
 * integer >= 0 (kstrtoint: EINVAL); 0 is the writer itself, another pid is
 * looked up in the writer's pid namespace (find_task_by_vpid: ESRCH); its
 * whole thread group moves, after the attach permissions (EACCES, ENOENT with
 * nsdelegate), checked with the opener's cgroup namespace. A task that is
 * exiting is skipped (cgroup_migrate_add_task): the write succeeds.
 */
export function cgroupProcsWrite(kernel: Kernel, writer: Task, dst: Cgroup, text: string): void {
  const sys = 'write';
  checkAlive(kernel, writer, sys);
  if (dst.dead) fail('ENOENT', 'open', `${dst.path} was removed`, 'X2.25');
  if (!inodePermission(writer.cred, dst.procsInode, MAY_WRITE)) fail('EACCES', 'open', `no write access to ${dst.path}/cgroup.procs`, 'X2.15');
  const ns = cgroupNsOf(kernel, writer, sys);
  if (text === '') return;
  const parsed = kstrtoint(strstrip(text));
  if (parsed === undefined || parsed < 0) return fail('EINVAL', sys, `not a pid: '${text}'`, 'X2.13');
  const nr = parsed;
  const found = nr === 0 ? writer : kernel.findTask(writer, nr);
  if (!found) return fail('ESRCH', sys, `no pid ${String(nr)} in the writer's pid namespace`, 'X2.14');
  const leader = found.leader;
  const h = cgroupHierarchy(kernel);
  const src = cgroupOf(kernel, leader);
  checkAttachPermissions(writer.cred, ns, src, dst, sys);
  // cgroup_attach_task with threadgroup: every thread of the group that is not exiting.
  for (const t of [leader, ...(leader.threads ?? [])]) if (t.alive) attach(h, t, dst);
}

/**
 * read(2) of cgroup.procs (cgroup_procs_show over css_task_iter with
 * CSS_TASK_ITER_PROCS): one line per thread group with a live task in the
 * cgroup, its leader's pid in the reader's pid namespace (0 when it has none
 * there), in the order the tasks joined.
 */
export function cgroupProcsRead(kernel: Kernel, reader: Task, c: Cgroup): number[] {
  checkAlive(kernel, reader, 'read');
  if (c.dead) fail('ENOENT', 'open', `${c.path} was removed`, 'X2.25');
  const leaders = new Set<Task>();
  for (const t of c.tasks) leaders.add(t.leader);
  return [...leaders].map((t) => kernel.pidOf(t, reader));
}

/** open(2) of a cgroup directory (O_PATH|O_DIRECTORY): an fd for CLONE_INTO_CGROUP. */
export function openCgroup(kernel: Kernel, task: Task, c: Cgroup): number {
  checkAlive(kernel, task, 'open');
  if (c.dead) fail('ENOENT', 'open', `${c.path} was removed`, 'X2.25');
  return kernel.installFile(task, new CgroupDir(c));
}

/**
 * The files of a cgroup directory on this machine's cgroup2 (no controller
 * enabled): the root has no cgroup.events, cgroup.freeze, cgroup.kill,
 * cgroup.stat.local or cgroup.type. Modes as kernfs gives them (0444 for a
 * file with no write handler, 0200 for cgroup.kill).
 */
const ROOT_FILES: readonly (readonly [string, number])[] = [
  ['cgroup.controllers', 0o444], ['cgroup.max.depth', 0o644], ['cgroup.max.descendants', 0o644], ['cgroup.pressure', 0o644],
  ['cgroup.procs', 0o644], ['cgroup.stat', 0o444], ['cgroup.subtree_control', 0o644], ['cgroup.threads', 0o644],
  ['cpu.pressure', 0o644], ['cpu.stat', 0o444], ['cpu.stat.local', 0o444], ['io.pressure', 0o644], ['memory.pressure', 0o644],
];
const CHILD_FILES: readonly (readonly [string, number])[] = [
  ...ROOT_FILES, ['cgroup.events', 0o444], ['cgroup.freeze', 0o644], ['cgroup.kill', 0o200], ['cgroup.stat.local', 0o444], ['cgroup.type', 0o644],
];

/** Whether a cgroup's directory holds a file of that name (the root's files, or a child's). */
export function cgroupHasFile(c: Cgroup, name: string): boolean {
  return (c.parent ? CHILD_FILES : ROOT_FILES).some(([file]) => file === name);
}

const dirNodes = new WeakMap<Cgroup, CgroupDirNode>();

/** The kernfs directory of a cgroup, as a mount of cgroup2 shows it (one node per cgroup). */
export function cgroupNode(c: Cgroup): CgroupDirNode {
  let n = dirNodes.get(c);
  if (!n) dirNodes.set(c, (n = new CgroupDirNode(c)));
  return n;
}

/** A cgroup's directory (FsNode of cgroup2). */
export class CgroupDirNode implements FsNode {
  readonly isDir: boolean = true;
  readonly mode: number = DIR_MODE;
  readonly cgroup: Cgroup;
  private readonly files: Map<string, CgroupFileNode>;

  constructor(cgroup: Cgroup) {
    this.cgroup = cgroup;
    this.files = new Map((cgroup.parent ? CHILD_FILES : ROOT_FILES).map(([name, mode]) => [name, new CgroupFileNode(this, name, mode)]));
  }

  get name(): string {
    return this.cgroup.parent ? this.cgroup.name : '/';
  }

  get parent(): FsNode | null {
    return this.cgroup.parent ? cgroupNode(this.cgroup.parent) : null;
  }

  get dead(): boolean {
    return this.cgroup.dead;
  }

  child(name: string): FsNode | undefined {
    if (this.cgroup.dead) return undefined;
    const sub = this.cgroup.children.get(name);
    return sub ? cgroupNode(sub) : this.files.get(name);
  }

  names(): readonly string[] {
    return this.cgroup.dead ? [] : [...this.files.keys(), ...this.cgroup.children.keys()];
  }

  /** One of its files by name, even once the cgroup is removed (a snapshot's reference). */
  file(name: string): CgroupFileNode | undefined {
    return this.files.get(name);
  }

  read(): string {
    // The VFS refuses a read of a directory (EISDIR) before it asks the node.
    throw new Error('a cgroup directory has no contents to read');
  }

  /** kernfs_iop_mkdir -> cgroup_mkdir (the VFS checked EEXIST and the permission). */
  mkdir(kernel: Kernel, task: Task, name: string): FsNode {
    return cgroupNode(cgroupMkdir(kernel, task, this.cgroup, name));
  }

  /** cgroup_show_path: the mount's root relative to the viewer's cgroup namespace root. */
  showPath(viewer: Task): string {
    const ns = viewer.kernel.peekNs(viewer, cgroupNamespaceType);
    return ns instanceof CgroupNamespace ? cgroupPath(this.cgroup, ns.root) : this.cgroup.path;
  }
}

/** A file of a cgroup directory. */
export class CgroupFileNode implements FsNode {
  readonly isDir: boolean = false;
  readonly dead: boolean = false;
  readonly parent: CgroupDirNode;
  readonly name: string;
  readonly mode: number;

  constructor(parent: CgroupDirNode, name: string, mode: number) {
    this.parent = parent;
    this.name = name;
    this.mode = mode;
  }

  child(): FsNode | undefined {
    return undefined;
  }

  names(): readonly string[] {
    return [];
  }

  /**
   * read(2) of the file. The files whose values the model has: cgroup.procs
   * and cgroup.threads (pids and tids as the reader sees them), the
   * controller and limit files of a hierarchy with no controller, and
   * cgroup.events and cgroup.freeze. The statistics files (cpu.stat,
   * cgroup.stat, the pressure files) hold counters the model does not keep:
   * reading one is an Error of the model, not an errno.
   */
  read(kernel: Kernel, reader: Task): string {
    const c = this.parent.cgroup;
    const lines = (xs: readonly (string | number)[]): string => xs.map((x) => `${String(x)}\n`).join('');
    switch (this.name) {
      case 'cgroup.procs':
        return lines(cgroupProcsRead(kernel, reader, c));
      case 'cgroup.threads':
        return lines([...c.tasks].map((t) => kernel.pidOf(t, reader)));
      case 'cgroup.controllers':
      case 'cgroup.subtree_control':
        return '\n';
      case 'cgroup.max.depth':
      case 'cgroup.max.descendants':
        return 'max\n';
      case 'cgroup.type':
        return 'domain\n';
      case 'cgroup.freeze':
        return '0\n';
      case 'cgroup.events':
        return `populated ${isPopulated(c) ? '1' : '0'}\nfrozen 0\n`;
      case 'cgroup.kill':
        return fail('EACCES', 'open', 'cgroup.kill is write-only', 'X2.15');
      default:
        throw new Error(`${this.name} holds statistics the model does not keep`);
    }
  }

  /**
   * write(2) of the file (cgroup_file_write to the cftype's write): cgroup.procs
   * moves a process ({@link cgroupProcsWrite}). The model keeps no controllers,
   * thread mode, freezer or kill: a write to another file is an Error of the
   * model, not an errno.
   */
  write(kernel: Kernel, writer: Task, text: string): void {
    if (this.name === 'cgroup.procs') return cgroupProcsWrite(kernel, writer, this.parent.cgroup, text);
    throw new Error(`writing ${this.name} is not modelled`);
  }
}

/**
 * cgroup2 (cgroup2_fs_type, FS_USERNS_MOUNT). get_tree: the mount's root is
 * the mounter's cgroup namespace root (cgroup_do_get_tree), after sget_fc's
 * check of CAP_SYS_ADMIN over the user namespace owning that cgroup
 * namespace (fc->user_ns).
 */
function cgroup2FsType(): FileSystemType {
  return {
    name: 'cgroup2',
    userNsMount: true,
    /** A directory as its cgroup's id, a file as [id, name]. */
    saveNode(_kernel: Kernel, node: FsNode): unknown {
      if (node instanceof CgroupDirNode) return node.cgroup.id;
      if (node instanceof CgroupFileNode) return [node.parent.cgroup.id, node.name];
      throw new Error('snapshot: a node of cgroup2 that is neither a cgroup nor one of its files');
    },
    reviveNode(kernel: Kernel, data: unknown): FsNode {
      if (typeof data === 'number') return cgroupNode(cgroupById(kernel, data));
      const [id, name] = data as [number, string];
      const file = cgroupNode(cgroupById(kernel, id)).file(name);
      if (!file) throw new Error(`snapshot: no file ${name} in cgroup ${id}`);
      return file;
    },
    getTree(kernel: Kernel, task: Task): FsNode {
      const ns = cgroupNsOf(kernel, task, 'mount');
      if (!nsCapable(task.cred, ns.ownerNs as UserNamespace, CAP_SYS_ADMIN)) fail('EPERM', 'mount', 'CAP_SYS_ADMIN is needed over the owner of the cgroup namespace', 'X2.27');
      return cgroupNode(ns.root);
    },
  };
}
