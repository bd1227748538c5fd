/**
 * Path lookup through the mount tree (fs/namei.c): from the task's root or
 * working directory, component by component, down through the mounts
 * stacked on each place (follow_mount), `..` up across mount points but
 * never above the task's root (follow_dotdot), procfs entries made from the
 * tasks of the instance's pid namespace (fs/proc/base.c, root.c), `self`
 * (a symlink to the reader's pid there) and the `ns/<type>` magic links,
 * which jump to the namespace's nsfs inode after the ptrace read check
 * (fs/proc/namespaces.c proc_ns_get_link).
 */
import { fail, ptraceMayAccess } from '@nsproxy/core';
import type { Kernel, PidNamespace, ProcPidFile, Task } from '@nsproxy/core';
import { VfsPath, followDown } from './mount.ts';
import { mntState } from './namespace.ts';
import { Dentry } from './vfs.ts';
import type { ProcNode, SuperBlock } from './vfs.ts';
import { checkMntUidns, on2007 } from './userns-2007.ts';

/** How a lookup treats its last component. */
export interface LookupOptions {
  /** Follow a symlink or magic link in the last component (LOOKUP_FOLLOW); default true. */
  readonly follow?: boolean;
  /** The result must be a directory (LOOKUP_DIRECTORY): ENOTDIR otherwise. */
  readonly directory?: boolean;
}

/** The task's root and working directory. */
export function fsPaths(task: Task, sys: string): { root: VfsPath; pwd: VfsPath } {
  const root = task.fs?.root;
  const pwd = task.fs?.pwd;
  if (!(root instanceof VfsPath) || !(pwd instanceof VfsPath)) return fail('ESRCH', sys, 'the task has no root (it has exited)', 'M9.7');
  return { root, pwd };
}

/** The pid namespace a procfs instance shows. */
export function procPidNs(kernel: Kernel, sb: SuperBlock): PidNamespace {
  return sb.pidNs ?? kernel.initPidNs;
}

/** follow_dotdot: one level up, across mount points, never above `root`. */
function dotdot(cur: VfsPath, root: VfsPath): VfsPath {
  let mnt = cur.mnt;
  let dentry = cur.dentry;
  for (;;) {
    if (mnt === root.mnt && dentry === root.dentry) return cur;
    if (dentry !== mnt.root) {
      dentry = dentry.parent ?? dentry;
      break;
    }
    if (!mnt.hasParent) break;
    dentry = mnt.mountpoint;
    mnt = mnt.parent;
  }
  return followDown(mnt, dentry);
}

/** A procfs entry below `dir`, made from the tasks on lookup (the kernel's dentries are made the same way). */
function procChild(kernel: Kernel, dir: Dentry, name: string): Dentry | undefined {
  const node = dir.proc;
  const children = dir.children;
  if (!node || !children) return undefined;
  const cached = children.get(name);
  const make = (kind: Dentry['kind'], proc: ProcNode): Dentry => {
    const d = new Dentry(dir.sb, name, dir, kind, { proc });
    children.set(name, d);
    return d;
  };
  switch (node.kind) {
    case 'root': {
      if (name === 'self') return cached ?? make('symlink', { kind: 'self' });
      if (!/^[1-9][0-9]*$/.test(name)) return undefined;
      const task = procPidNs(kernel, dir.sb).findTask(Number(name));
      if (!task || task.state === 'dead') {
        if (cached) cached.dead = true;
        children.delete(name);
        return undefined;
      }
      if (cached && cached.proc?.kind === 'pid' && cached.proc.task === task) return cached;
      if (cached) cached.dead = true;
      return make('dir', { kind: 'pid', task });
    }
    case 'pid':
      if (cached) return cached;
      if (name === 'ns') return make('dir', { kind: 'ns-dir', task: node.task });
      if (name === 'status') return make('file', { kind: 'status', task: node.task });
      if (name === 'mountinfo') return make('file', { kind: 'mountinfo', task: node.task });
      {
        const file = procPidFiles(kernel).find((f) => f.name === name);
        return file ? make('file', { kind: 'type-file', task: node.task, file }) : undefined;
      }
    case 'ns-dir':
      if (cached) return cached;
      return kernel.entryMap.has(name) ? make('nslink', { kind: 'ns-link', task: node.task, entry: name }) : undefined;
    default:
      return undefined;
  }
}

/** The files of /proc/<pid>/ the kernel's types bring (ProcPidFile: the user type's id maps). */
export function procPidFiles(kernel: Kernel): ProcPidFile[] {
  return kernel.types.filter((t) => kernel.isRegistered(t)).flatMap((t) => t.procFiles ?? []);
}

/** The task a procfs dentry belongs to is gone: its entries are gone too. */
function procGone(d: Dentry): boolean {
  const p = d.proc;
  return p !== null && 'task' in p && p.task.state === 'dead';
}

/** The pid `self` names for `task` in a procfs instance, or ENOENT when it has none there. */
export function procSelf(kernel: Kernel, task: Task, sb: SuperBlock, sys: string): number {
  const nr = task.leader.pid.nrIn(procPidNs(kernel, sb));
  return nr > 0 ? nr : fail('ENOENT', sys, 'the reader has no pid in this procfs\'s pid namespace', 'M10.9');
}

/**
 * proc_ns_get_link: the nsfs inode an `ns/<type>` link jumps to, with the
 * ptrace read check (EACCES) and ENOENT for a task without that namespace.
 */
export function nsLinkTarget(kernel: Kernel, caller: Task, node: Extract<ProcNode, { kind: 'ns-link' }>, sys: string): VfsPath {
  const { task, entry } = node;
  if (task.state === 'dead') fail('ENOENT', sys, undefined, 'N2.7');
  if (!ptraceMayAccess(caller, task, 'read-fscreds')) fail('EACCES', sys, 'ptrace read access to the task is needed', 'N2.3');
  const ns = kernel.entryMap.get(entry)?.peek(task);
  if (!ns) fail('ENOENT', sys, undefined, 'N2.4');
  const state = mntState(kernel);
  return new VfsPath(state.nsfsMount, state.nsDentry(ns));
}

/** Follows a symlink or magic link at `at`, reached from directory `dir`. */
function followLink(kernel: Kernel, task: Task, dir: VfsPath, at: VfsPath, sys: string): VfsPath {
  const node = at.dentry.proc;
  if (node?.kind === 'self') {
    const nr = procSelf(kernel, task, at.dentry.sb, sys);
    const d = procChild(kernel, dir.dentry, String(nr));
    if (!d) return fail('ENOENT', sys, undefined, 'M10.9');
    return followDown(dir.mnt, d);
  }
  if (node?.kind === 'ns-link') return nsLinkTarget(kernel, task, node, sys);
  return at;
}

/**
 * path_lookupat: resolves `path` for `task`. Errors: ENOENT (a component is
 * missing), ENOTDIR (a component is not a directory), EACCES (an ns link
 * the task may not follow).
 */
export function lookup(kernel: Kernel, task: Task, path: string, sys: string, options: LookupOptions = {}): VfsPath {
  const { root, pwd } = fsPaths(task, sys);
  if (path === '') fail('ENOENT', sys, 'empty path', 'M10.1');
  let cur = path.startsWith('/') ? root : pwd;
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  // Road userns-2007: exec_permission_lite's check of each directory walked through (one test off the road).
  const road = on2007(task);
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i] as string;
    const last = i === parts.length - 1;
    if (road) checkMntUidns(kernel, task, cur.mnt, sys);
    if (!cur.dentry.isDir) fail('ENOTDIR', sys, undefined, 'M10.6');
    if (name === '..') {
      cur = dotdot(cur, root);
      continue;
    }
    const child = childOf(kernel, cur.dentry, name);
    if (!child) fail('ENOENT', sys, `no ${name} in ${path}`, 'M10.1');
    let next = followDown(cur.mnt, child);
    if ((next.dentry.kind === 'symlink' || next.dentry.kind === 'nslink') && (!last || options.follow !== false)) {
      next = followLink(kernel, task, cur, next, sys);
    }
    cur = next;
  }
  if (options.directory && !cur.dentry.isDir) fail('ENOTDIR', sys, undefined, 'M10.6');
  return cur;
}

/** An entry of a directory (a procfs one is made on lookup); undefined when there is none. */
export function childOf(kernel: Kernel, dir: Dentry, name: string): Dentry | undefined {
  if (dir.dead || procGone(dir) || dir.node?.dead) return undefined;
  if (dir.proc) return procChild(kernel, dir, name);
  if (dir.node) {
    // kernfs: the node's entry, as the type's file system has it now.
    const node = dir.node.child(name);
    return node ? dir.sb.dentryOf(node) : undefined;
  }
  return dir.children?.get(name);
}

/** The parent directory of a path and its last component (for mkdir and creat). */
export function lookupParent(kernel: Kernel, task: Task, path: string, sys: string): { dir: VfsPath; name: string } {
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const name = trimmed.slice(slash + 1);
  const dirPath = slash < 0 ? '.' : trimmed.slice(0, slash) || '/';
  const dir = lookup(kernel, task, dirPath, sys);
  if (!dir.dentry.isDir) fail('ENOTDIR', sys, undefined, 'M10.6');
  if (name === '' || name === '.' || name === '..') fail('EEXIST', sys, undefined, 'M10.2');
  return { dir, name };
}

/** d_path relative to `root`: the path of (mnt, dentry) as a task with that root sees it, or null when it cannot reach it. */
export function pathFrom(root: VfsPath, mnt: VfsPath['mnt'], dentry: Dentry): string | null {
  const parts: string[] = [];
  for (;;) {
    if (mnt === root.mnt && dentry === root.dentry) break;
    if (dentry === mnt.root) {
      if (!mnt.hasParent) return null;
      dentry = mnt.mountpoint;
      mnt = mnt.parent;
      continue;
    }
    parts.push(dentry.name);
    dentry = dentry.parent ?? dentry;
  }
  return `/${parts.reverse().join('/')}`;
}
