/**
 * The cgroup type and the cgroup v2 calls on the model: namespace roots,
 * /proc/<pid>/cgroup relative to the reader, mkdir and rmdir, cgroup.procs,
 * CLONE_INTO_CGROUP (with its root fix-up), exit, and nsdelegate.
 */
import { describe, expect, it } from 'vitest';
import { CLONE_INTO_CGROUP, CLONE_NEWCGROUP, CLONE_NEWPID, CLONE_NEWUSER, CLONE_THREAD, CLONE_SIGHAND, CLONE_VM, Kernel, SIGCHLD, flagsOr } from '@nsproxy/core';
import { pidNamespaceType } from '@nsproxy/pid';
import {
  CgroupDir, cgroupHierarchy, cgroupMkdir, cgroupNamespaceType, cgroupNode, cgroupOf, cgroupPath, cgroupProcsRead, cgroupProcsWrite, cgroupRmdir,
  cgroupNsOf, openCgroup, procCgroup, resolveCgroup,
} from './index.ts';
import { boot, errno, user } from '../test/helpers.ts';

function mk(kernel: Kernel, path: string): ReturnType<typeof cgroupMkdir> {
  const root = cgroupHierarchy(kernel).root;
  const at = path.lastIndexOf('/');
  return cgroupMkdir(kernel, kernel.initTask, resolveCgroup(root, path.slice(0, at) || '/', 'mkdir'), path.slice(at + 1));
}

describe('cgroup paths', () => {
  it('are relative to a root, with /.. for each level above it', () => {
    const { kernel } = boot();
    const a = mk(kernel, '/a');
    const ax = mk(kernel, '/a/x');
    const b = mk(kernel, '/b');
    const root = cgroupHierarchy(kernel).root;
    expect(cgroupPath(ax, root)).toBe('/a/x');
    expect(cgroupPath(b, ax)).toBe('/../../b');
    expect(cgroupPath(root, ax)).toBe('/../..');
    expect(cgroupPath(a, a)).toBe('/');
    expect(cgroupPath(ax, a)).toBe('/x');
    expect(ax.path).toBe('/a/x');
  });
});

describe('namespaces and membership', () => {
  it('a new namespace is rooted at the creator\'s cgroup; unshare does not move the task (X2.1, X2.4)', () => {
    const { kernel, init } = boot();
    const a = mk(kernel, '/a');
    const t = kernel.clone(init, 0);
    cgroupProcsWrite(kernel, init, a, String(kernel.pidOf(t, init)));
    kernel.unshare(t, CLONE_NEWCGROUP);
    expect(cgroupNsOf(kernel, t, 'read').root).toBe(a);
    expect(cgroupOf(kernel, t)).toBe(a);
    expect(procCgroup(kernel, t, t)).toBe('0::/\n');
    expect(procCgroup(kernel, init, t)).toBe('0::/a\n');
    expect(procCgroup(kernel, t, init)).toBe('0::/..\n');
  });

  it('setns changes the namespace, never the cgroup (I7.2)', () => {
    const { kernel, init } = boot();
    const a = mk(kernel, '/a');
    const b = mk(kernel, '/b');
    const o = kernel.clone(init, 0);
    cgroupProcsWrite(kernel, init, a, String(kernel.pidOf(o, init)));
    kernel.unshare(o, CLONE_NEWCGROUP);
    const j = kernel.clone(init, 0);
    cgroupProcsWrite(kernel, init, b, String(kernel.pidOf(j, init)));
    const fd = kernel.openNs(j, o, 'cgroup');
    kernel.setns(j, fd, CLONE_NEWCGROUP);
    expect(cgroupOf(kernel, j)).toBe(b);
    expect(procCgroup(kernel, j, j)).toBe('0::/../b\n');
  });

  it('a child starts in its parent\'s cgroup; a thread too; a move takes the whole thread group (X2.19, X2.17)', () => {
    const { kernel, init } = boot();
    const a = mk(kernel, '/a');
    const b = mk(kernel, '/b');
    const p = kernel.clone(init, 0);
    cgroupProcsWrite(kernel, init, a, String(kernel.pidOf(p, init)));
    const c = kernel.clone(p, 0);
    const th = kernel.clone(p, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM);
    expect(cgroupOf(kernel, c)).toBe(a);
    expect(cgroupOf(kernel, th)).toBe(a);
    cgroupProcsWrite(kernel, init, b, String(kernel.pidOf(p, init)));
    expect(cgroupOf(kernel, th)).toBe(b);
    expect(cgroupOf(kernel, c)).toBe(a);
    expect(cgroupProcsRead(kernel, init, b)).toEqual([kernel.pidOf(p, init)]);
  });

  it('cgroup.procs shows pids as the reader sees them, 0 for one it cannot see (X2.18)', () => {
    const kernel = new Kernel({ namespaces: [cgroupNamespaceType, pidNamespaceType] });
    const init = kernel.initTask;
    kernel.sigaction(init, SIGCHLD, 'ignore');
    const a = mk(kernel, '/a');
    const p = kernel.clone(init, CLONE_NEWPID);
    cgroupProcsWrite(kernel, init, a, '0');
    cgroupProcsWrite(kernel, init, a, String(kernel.pidOf(p, init)));
    expect(cgroupProcsRead(kernel, p, a).sort()).toEqual([0, 1]);
    // p's namespace holds p alone (pid 1): the pid p has in init's namespace names nobody there.
    expect(errno(() => cgroupProcsWrite(kernel, p, a, String(kernel.pidOf(p, init))))).toBe('ESRCH');
  });
});

describe('mkdir and rmdir', () => {
  it('EEXIST before EACCES; ENOENT in a removed cgroup; EINVAL for a newline (X2.7-X2.10)', () => {
    const { kernel, init } = boot();
    const a = mk(kernel, '/a');
    const root = cgroupHierarchy(kernel).root;
    const u = user(kernel, init, 1000);
    expect(errno(() => cgroupMkdir(kernel, u, root, 'a'))).toBe('EEXIST');
    expect(errno(() => cgroupMkdir(kernel, u, root, 'c'))).toBe('EACCES');
    expect(errno(() => cgroupMkdir(kernel, init, root, 'x\ny'))).toBe('EINVAL');
    cgroupRmdir(kernel, init, root, 'a');
    expect(a.dead).toBe(true);
    expect(errno(() => cgroupMkdir(kernel, init, a, 'b'))).toBe('ENOENT');
    expect(errno(() => cgroupRmdir(kernel, init, root, 'a'))).toBe('ENOENT');
  });

  it('EBUSY with a live task or a child; a zombie does not count, and keeps its path with (deleted) (X2.11, X2.12, X2.24)', () => {
    const kernel = new Kernel({ namespaces: [cgroupNamespaceType] });
    const init = kernel.initTask;
    const a = mk(kernel, '/a');
    mk(kernel, '/a/b');
    const root = cgroupHierarchy(kernel).root;
    const t = kernel.clone(init, 0);
    cgroupProcsWrite(kernel, init, a, String(kernel.pidOf(t, init)));
    expect(errno(() => cgroupRmdir(kernel, init, root, 'a'))).toBe('EBUSY');
    cgroupRmdir(kernel, init, a, 'b');
    expect(errno(() => cgroupRmdir(kernel, init, root, 'a'))).toBe('EBUSY');
    kernel.exit(t, 0); // a zombie: init does not reap here
    expect(t.state).toBe('zombie');
    expect(cgroupProcsRead(kernel, init, a)).toEqual([]);
    cgroupRmdir(kernel, init, root, 'a');
    expect(procCgroup(kernel, init, t)).toBe('0::/a (deleted)\n');
  });
});

describe('cgroup.procs writes', () => {
  it('EINVAL for what is not a non-negative int, ESRCH for a pid not there, EACCES without write access (X2.13-X2.15)', () => {
    const { kernel, init } = boot();
    const a = mk(kernel, '/a');
    const u = user(kernel, init, 1000);
    for (const bad of ['abc', '-1', '1.5', '99999999999']) expect(errno(() => cgroupProcsWrite(kernel, init, a, bad)), bad).toBe('EINVAL');
    expect(errno(() => cgroupProcsWrite(kernel, init, a, '4242'))).toBe('ESRCH');
    expect(errno(() => cgroupProcsWrite(kernel, u, a, '0'))).toBe('EACCES');
    expect(cgroupOf(kernel, u)).toBe(cgroupHierarchy(kernel).root);
    cgroupProcsWrite(kernel, init, a, '');
    expect(cgroupOf(kernel, init)).toBe(cgroupHierarchy(kernel).root);
  });

  it('with nsdelegate, a move out of the writer\'s namespace root is ENOENT; without, it succeeds (X2.16)', () => {
    const { kernel, init } = boot();
    const a = mk(kernel, '/a');
    const b = mk(kernel, '/b');
    const w = kernel.clone(init, 0);
    cgroupProcsWrite(kernel, init, a, String(kernel.pidOf(w, init)));
    kernel.unshare(w, CLONE_NEWCGROUP);
    cgroupHierarchy(kernel).nsDelegate = true;
    expect(errno(() => cgroupProcsWrite(kernel, w, b, '0'))).toBe('ENOENT');
    expect(cgroupOf(kernel, w)).toBe(a);
    cgroupHierarchy(kernel).nsDelegate = false;
    cgroupProcsWrite(kernel, w, b, '0');
    expect(cgroupOf(kernel, w)).toBe(b);
  });
});

describe('CLONE_INTO_CGROUP', () => {
  it('starts the child in the fd\'s cgroup; with CLONE_NEWCGROUP that cgroup is the new root (X2.23)', () => {
    const { kernel, init } = boot();
    const ab = (mk(kernel, '/a'), mk(kernel, '/a/b'));
    const fd = openCgroup(kernel, init, ab);
    const c = kernel.clone(init, flagsOr(CLONE_INTO_CGROUP, CLONE_NEWCGROUP), { cgroup: fd });
    expect(cgroupOf(kernel, c)).toBe(ab);
    expect(cgroupNsOf(kernel, c, 'read').root).toBe(ab);
    expect(procCgroup(kernel, c, init)).toBe('0::/../..\n');
    const d = kernel.clone(init, CLONE_NEWCGROUP);
    expect(cgroupNsOf(kernel, d, 'read').root).toBe(cgroupHierarchy(kernel).root);
  });

  it('EBADF for no fd or another file, ENOENT for a removed cgroup, EACCES without write access; nothing is made (X2.20-X2.22)', () => {
    const { kernel, init } = boot();
    const a = mk(kernel, '/a');
    const before = kernel.tasks().length;
    expect(errno(() => kernel.clone(init, CLONE_INTO_CGROUP, { cgroup: 77 }))).toBe('EBADF');
    const nsfd = kernel.openNs(init, init, 'cgroup');
    expect(errno(() => kernel.clone(init, CLONE_INTO_CGROUP, { cgroup: nsfd }))).toBe('EBADF');
    const other = boot();
    const foreign = kernel.installFile(init, new CgroupDir(cgroupHierarchy(other.kernel).root));
    expect(errno(() => kernel.clone(init, CLONE_INTO_CGROUP, { cgroup: foreign }))).toBe('EBADF');
    const u = user(kernel, init, 1000);
    const ufd = openCgroup(kernel, u, a);
    expect(errno(() => kernel.clone(u, CLONE_INTO_CGROUP, { cgroup: ufd }))).toBe('EACCES');
    const fd = openCgroup(kernel, init, a);
    cgroupRmdir(kernel, init, cgroupHierarchy(kernel).root, 'a');
    expect(errno(() => kernel.clone(init, CLONE_INTO_CGROUP, { cgroup: fd }))).toBe('ENOENT');
    expect(kernel.tasks().length).toBe(before + 1);
    expect(errno(() => openCgroup(kernel, init, a))).toBe('ENOENT');
  });

  it('a new user namespace\'s root may not write root\'s cgroup.procs: its ids are not mapped (X2.22)', () => {
    const { kernel, init } = boot();
    const a = mk(kernel, '/a');
    const t = user(kernel, init, 1000);
    kernel.unshare(t, CLONE_NEWUSER);
    const fd = openCgroup(kernel, t, a);
    expect(errno(() => kernel.clone(t, CLONE_INTO_CGROUP, { cgroup: fd }))).toBe('EACCES');
  });
});

describe('cgroup2 nodes', () => {
  it('list the files of a cgroup and its children, read cgroup.procs, make cgroups, show paths from the viewer\'s root (X2.3)', () => {
    const { kernel, init } = boot();
    const a = mk(kernel, '/a');
    const root = cgroupNode(cgroupHierarchy(kernel).root);
    expect(root.names()).toContain('cgroup.procs');
    expect(root.names()).not.toContain('cgroup.type');
    expect(cgroupNode(a).names()).toContain('cgroup.type');
    expect(root.child('a')).toBe(cgroupNode(a));
    const made = cgroupNode(a).mkdir(kernel, init, 'x');
    expect(made.parent).toBe(cgroupNode(a));
    expect(root.child('cgroup.procs')?.read(kernel, init)).toBe('1\n');
    const t = kernel.clone(init, 0);
    cgroupProcsWrite(kernel, init, a, String(kernel.pidOf(t, init)));
    kernel.unshare(t, CLONE_NEWCGROUP);
    expect(cgroupNode(a).showPath(t)).toBe('/');
    expect(root.showPath(t)).toBe('/..');
    expect(cgroupNode(a).showPath(init)).toBe('/a');
    const [fs] = cgroupNamespaceType.filesystems ?? [];
    expect(fs?.getTree(kernel, t)).toBe(cgroupNode(a));
    const u = user(kernel, init, 1000);
    expect(errno(() => fs?.getTree(kernel, u))).toBe('EPERM');
  });
});
