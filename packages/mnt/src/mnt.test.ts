/**
 * Unit tests of @nsproxy/mnt for what a scenario cannot show or what needs
 * exact structure: fs.mount-max, the mountinfo text, mount-id reuse, lazy
 * unmounts of busy mounts, pins, copy_mnt_ns, setns and CLONE_FS, chroot,
 * procfs in a new pid namespace, and bad arguments from JS callers.
 */
import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CAP_SYS_CHROOT, CLONE_FS, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, InvalidArgumentError, capBit,
} from '@nsproxy/core';
import type { Kernel, NsCommon, Task } from '@nsproxy/core';
import {
  VfsPath, chdir, chroot, creat, exists, mkdir, mntNsOf, mntState, mount, mountInfo, mountInfoText, nsAt, nsPid, nsRootPath, pin,
  pivotRoot, readdir, readlink, subtree, umount2,
} from './index.ts';
import type { Mount } from './index.ts';
import {
  boot, errnoOf, expectBalancedRefcounts, expectRefused, fingerprint, mountInfoProblems, parseMountInfo, structureProblems, unprivilegedTask,
  world,
} from '../test/helpers.ts';

/** The mount at a path (the top one there), as `task` sees it. */
function mountAt(kernel: Kernel, task: Task, path: string): Mount {
  let found: Mount | undefined;
  for (const e of mountInfo(kernel, task)) if (e.mountPoint === path) found = e.mount;
  if (!found) throw new Error(`nothing mounted on ${path}`);
  return found;
}

/** The optional fields of the mountinfo line of `path`. */
function optional(kernel: Kernel, task: Task, path: string): string {
  const lines = parseMountInfo(mountInfoText(kernel, task)).filter((l) => l.mountPoint === path);
  return lines.at(-1)?.optional.join(' ') ?? 'not mounted';
}

function rootOf(task: Task): VfsPath {
  const root = task.fs?.root;
  if (!(root instanceof VfsPath)) throw new Error('no root');
  return root;
}

function pwdOf(task: Task): VfsPath {
  const pwd = task.fs?.pwd;
  if (!(pwd instanceof VfsPath)) throw new Error('no cwd');
  return pwd;
}

/** setns(fd of `target`'s mount namespace, nstype) by `task`. */
function setnsMnt(kernel: Kernel, task: Task, target: Task, nstype = CLONE_NEWNS): void {
  const fd = kernel.openNs(task, target, 'mnt');
  try {
    kernel.setns(task, fd, nstype);
  } finally {
    kernel.close(task, fd);
  }
}


/** A short name of a mount for assertions (a Mount's own printout is the whole kernel). */
function label(m: Mount | undefined): string {
  return m ? `#${m.uniqueId} ${m.sb.fstype} ${m.root.path()}` : 'none';
}

describe('fs.mount-max (M5.1, M4.7)', () => {
  it('refuses a new mount that would pass the limit, and counts what the namespace holds', () => {
    const { kernel, init } = world(['a', 'b']);
    const ns = mntNsOf(kernel, init);
    mntState(kernel).mountMax = ns.nrMounts + 1;
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    expect(ns.nrMounts).toBe(mntState(kernel).mountMax);
    expectRefused(kernel, () => mount(kernel, init, '/tmp/nss/b', { kind: 'tmpfs' }), { errno: 'ENOSPC', rule: 'M5.1' }, fingerprint);
    expectRefused(kernel, () => mount(kernel, init, '/tmp/nss/b', { kind: 'rbind', source: '/tmp' }), { errno: 'ENOSPC', rule: 'M5.1' }, fingerprint);
    umount2(kernel, init, '/tmp/nss/a');
    mount(kernel, init, '/tmp/nss/b', { kind: 'tmpfs' });
  });

  it('does not count a move (nothing is added)', () => {
    const { kernel, init } = world(['a', 'b']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mntState(kernel).mountMax = mntNsOf(kernel, init).nrMounts;
    mount(kernel, init, '/tmp/nss/b', { kind: 'move', source: '/tmp/nss/a' });
    expect(optional(kernel, init, '/tmp/nss/b')).toBe('');
    expect(structureProblems(kernel)).toEqual([]);
  });

  it('refuses a bind under a shared mount whose propagated copies would pass the limit, and changes nothing', () => {
    const { kernel, init } = world(['a', 'b', 'c', 'src']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mkdir(kernel, init, '/tmp/nss/a/x');
    mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/b', { kind: 'bind', source: '/tmp/nss/a' });
    mount(kernel, init, '/tmp/nss/c', { kind: 'bind', source: '/tmp/nss/a' });
    mount(kernel, init, '/tmp/nss/src', { kind: 'tmpfs' });
    const ns = mntNsOf(kernel, init);
    // The bind itself fits (one more), its two copies under the peers b and c do not.
    mntState(kernel).mountMax = ns.nrMounts + 2;
    const ids = mntState(kernel).mountIds;
    expectRefused(kernel, () => mount(kernel, init, '/tmp/nss/a/x', { kind: 'bind', source: '/tmp/nss/src' }), { errno: 'ENOSPC', rule: 'M4.7' }, fingerprint);
    // The mount ids the copies took are free again: the next mount gets the lowest.
    const next = ids.alloc();
    ids.free(next);
    expect(next).toBe(Math.max(...[...ns.mounts].map((m) => m.id)) + 1);
    mntState(kernel).mountMax = ns.nrMounts + 3;
    mount(kernel, init, '/tmp/nss/a/x', { kind: 'bind', source: '/tmp/nss/src' });
    expect(parseMountInfo(mountInfoText(kernel, init)).filter((l) => l.mountPoint.endsWith('/x')).map((l) => l.mountPoint).sort())
      .toEqual(['/tmp/nss/a/x', '/tmp/nss/b/x', '/tmp/nss/c/x']);
  });

  it('counts each copy against the namespace it lands in (a peer in a fuller namespace refuses it)', () => {
    const { kernel, init } = world(['a', 'pad1', 'pad2', 'src']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mkdir(kernel, init, '/tmp/nss/a/x');
    mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/src', { kind: 'tmpfs' });
    const other = kernel.clone(init, CLONE_NEWNS);
    // The other namespace holds two more mounts than init's.
    mount(kernel, other, '/tmp/nss/pad1', { kind: 'tmpfs' });
    mount(kernel, other, '/tmp/nss/pad2', { kind: 'tmpfs' });
    const mine = mntNsOf(kernel, init);
    const theirs = mntNsOf(kernel, other);
    expect(theirs.nrMounts).toBe(mine.nrMounts + 2);
    mntState(kernel).mountMax = theirs.nrMounts;
    expectRefused(kernel, () => mount(kernel, init, '/tmp/nss/a/x', { kind: 'bind', source: '/tmp/nss/src' }), { errno: 'ENOSPC', rule: 'M4.7' }, fingerprint);
    mntState(kernel).mountMax = theirs.nrMounts + 1;
    mount(kernel, init, '/tmp/nss/a/x', { kind: 'bind', source: '/tmp/nss/src' });
    expect(exists(kernel, other, '/tmp/nss/a/x')).toBe(true);
    expect(mountAt(kernel, other, '/tmp/nss/a/x').sb === mountAt(kernel, init, '/tmp/nss/a/x').sb, 'mountAt(kernel, other, /tmp/nss/a/x).sb is mountAt(kernel, init, /tmp/nss/a/x).sb').toBe(true);
  });

  // Linux (attach_recursive_mnt -> cleanup_group_ids) releases the peer-group ids it invented for the source tree
  // when propagate_mnt fails: the next group gets the lowest free id again.
  it('an ENOSPC bind releases the group ids it invented (the next shared mount gets the same id)', () => {
    const { kernel, init } = world(['a', 'b', 'src', 'later']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mkdir(kernel, init, '/tmp/nss/a/x');
    mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/b', { kind: 'bind', source: '/tmp/nss/a' });
    mount(kernel, init, '/tmp/nss/src', { kind: 'tmpfs' });
    mntState(kernel).mountMax = mntNsOf(kernel, init).nrMounts + 1;
    expect(errnoOf(() => mount(kernel, init, '/tmp/nss/a/x', { kind: 'bind', source: '/tmp/nss/src' }))).toBe('ENOSPC');
    expect(structureProblems(kernel)).toEqual([]);
    mntState(kernel).mountMax = 100000;
    mount(kernel, init, '/tmp/nss/later', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/later', { kind: 'propagation', type: 'shared', recursive: false });
    expect(optional(kernel, init, '/tmp/nss/later')).toBe('shared:2');
  });

  // Linux's failed attach only releases the invented group ids (cleanup_group_ids); a moved slave stays the
  // slave of its master.
  it('an ENOSPC move leaves the moved tree as it was (a slave stays a slave)', () => {
    const { kernel, init } = world(['a', 'b', 't', 'u']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mkdir(kernel, init, '/tmp/nss/a/y');
    mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/b', { kind: 'bind', source: '/tmp/nss/a' });
    mount(kernel, init, '/tmp/nss/t', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/t', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/u', { kind: 'bind', source: '/tmp/nss/t' });
    mount(kernel, init, '/tmp/nss/u', { kind: 'propagation', type: 'slave', recursive: false });
    expect(optional(kernel, init, '/tmp/nss/u')).toBe('master:2');
    // The move adds nothing, but its copy under the peer b does not fit.
    mntState(kernel).mountMax = mntNsOf(kernel, init).nrMounts;
    expectRefused(kernel, () => mount(kernel, init, '/tmp/nss/a/y', { kind: 'move', source: '/tmp/nss/u' }), { errno: 'ENOSPC', rule: 'M4.7' }, fingerprint);
    expect(optional(kernel, init, '/tmp/nss/u')).toBe('master:2');
  });
});

describe('mountinfo (M6)', () => {
  it('of a fresh kernel: the root file system and /proc, rootfs hidden, in the kernel\'s format', () => {
    const { kernel, init } = boot();
    const text = mountInfoText(kernel, init);
    const lines = parseMountInfo(text);
    expect(mountInfoProblems(text, [rootOf(init).mnt.id, rootOf(init).mnt.parent.id])).toEqual([]);
    expect(lines.map((l) => [l.mountPoint, l.fstype, l.source, l.root, l.options, l.optional.join(' ')])).toEqual([
      ['/', 'ext4', '/dev/vda', '/', 'rw,relatime', ''],
      ['/proc', 'proc', 'proc', '/', 'rw,relatime', ''],
    ]);
    const [root, proc] = lines;
    // rootfs (the namespace's root mount) is nobody's to see: `/`'s parent is not listed.
    expect(root?.parentId).toBe(mntNsOf(kernel, init).root.id);
    expect(lines.some((l) => l.id === root?.parentId)).toBe(false);
    expect(proc?.parentId).toBe(root?.id);
    expect(root?.dev).toBe('254:0');
    expect(proc?.dev).toMatch(/^0:[0-9]+$/);
    // Each line: id parent major:minor root mountpoint options [optional...] - type source superoptions
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^\d+ \d+ \d+:\d+ \S+ \S+ \S+ (\S+ )*- \S+ \S+ \S+$/);
  });

  it('lists a namespace\'s mounts in the order they were mounted, while mount ids are reused lowest first', () => {
    const { kernel, init } = world(['a', 'b', 'c']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/b', { kind: 'tmpfs' });
    const a = mountAt(kernel, init, '/tmp/nss/a').id;
    const b = mountAt(kernel, init, '/tmp/nss/b').id;
    expect(b).toBe(a + 1);
    umount2(kernel, init, '/tmp/nss/a');
    mount(kernel, init, '/tmp/nss/c', { kind: 'tmpfs' });
    // c got a's id back (the IDA hands out the lowest free id) but is listed after b (by mnt_id_unique).
    expect(mountAt(kernel, init, '/tmp/nss/c').id).toBe(a);
    const points = parseMountInfo(mountInfoText(kernel, init)).map((l) => `${l.id} ${l.mountPoint}`);
    expect(points.slice(-2)).toEqual([`${b} /tmp/nss/b`, `${a} /tmp/nss/c`]);
    // A second free id: the lowest goes first.
    umount2(kernel, init, '/tmp/nss/b');
    umount2(kernel, init, '/tmp/nss/c');
    mount(kernel, init, '/tmp/nss/b', { kind: 'tmpfs' });
    expect(mountAt(kernel, init, '/tmp/nss/b').id).toBe(a);
  });

  it('shows shared:N, master:N, both, and unbindable, in that order', () => {
    const { kernel, init } = world(['a', 'b', 'c', 'u']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/b', { kind: 'bind', source: '/tmp/nss/a' });
    mount(kernel, init, '/tmp/nss/b', { kind: 'propagation', type: 'slave', recursive: false });
    mount(kernel, init, '/tmp/nss/c', { kind: 'bind', source: '/tmp/nss/a' });
    mount(kernel, init, '/tmp/nss/c', { kind: 'propagation', type: 'slave', recursive: false });
    mount(kernel, init, '/tmp/nss/c', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/u', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/u', { kind: 'propagation', type: 'unbindable', recursive: false });
    expect(optional(kernel, init, '/tmp/nss/a')).toBe('shared:1');
    expect(optional(kernel, init, '/tmp/nss/b')).toBe('master:1');
    expect(optional(kernel, init, '/tmp/nss/c')).toBe('shared:2 master:1');
    expect(optional(kernel, init, '/tmp/nss/u')).toBe('unbindable');
    const line = mountInfoText(kernel, init).split('\n').find((l) => l.includes(' /tmp/nss/c '));
    expect(line).toMatch(/^\d+ \d+ 0:\d+ \/ \/tmp\/nss\/c rw,relatime shared:2 master:1 - tmpfs tmpfs \S+$/);
  });

  it('shows propagate_from:N when the master is out of the reader\'s root and a dominating group is in it', () => {
    const { kernel, init } = world(['x', 'y', 'jail']);
    mkdir(kernel, init, '/tmp/nss/jail/x1');
    mkdir(kernel, init, '/tmp/nss/jail/z');
    mount(kernel, init, '/tmp/nss/x', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/x', { kind: 'propagation', type: 'shared', recursive: false }); // group 1
    mount(kernel, init, '/tmp/nss/jail/x1', { kind: 'bind', source: '/tmp/nss/x' }); // a peer in the jail
    mount(kernel, init, '/tmp/nss/y', { kind: 'bind', source: '/tmp/nss/x' });
    mount(kernel, init, '/tmp/nss/y', { kind: 'propagation', type: 'slave', recursive: false });
    mount(kernel, init, '/tmp/nss/y', { kind: 'propagation', type: 'shared', recursive: false }); // shared:2 master:1
    mount(kernel, init, '/tmp/nss/jail/z', { kind: 'bind', source: '/tmp/nss/y' });
    mount(kernel, init, '/tmp/nss/jail/z', { kind: 'propagation', type: 'slave', recursive: false }); // master:2
    expect(optional(kernel, init, '/tmp/nss/jail/z')).toBe('master:2');
    const jailed = kernel.clone(init, 0);
    chroot(kernel, jailed, '/tmp/nss/jail');
    const text = mountInfoText(kernel, jailed);
    // Only what the root reaches (M6.3), with mount points relative to it.
    expect(parseMountInfo(text).map((l) => l.mountPoint)).toEqual(['/x1', '/z']);
    expect(optional(kernel, jailed, '/z')).toBe('master:2 propagate_from:1');
    expect(optional(kernel, jailed, '/x1')).toBe('shared:1');
    expect(mountInfoProblems(text, [rootOf(jailed).mnt.id, rootOf(jailed).mnt.parent.id])).toEqual([]);
    // No dominating group in reach: master alone.
    const deeper = kernel.clone(init, 0);
    chroot(kernel, deeper, '/tmp/nss/jail/z');
    expect(optional(kernel, deeper, '/')).toBe('master:2');
  });

  // show_mountinfo prints the per-mount field from MNT_READONLY only (`mnt->mnt_flags & MNT_READONLY ? " ro" : " rw"`)
  // and the superblock's read-only state in the super options (`sb_rdonly(sb)`). umount2 of one's own root makes
  // the superblock read-only (do_umount_root), not the mount: Linux shows "rw,relatime ... - ext4 /dev/vda ro".
  it('shows a read-only superblock in the super options only, not in the per-mount options', () => {
    const { kernel, init } = world();
    const t = kernel.clone(init, CLONE_NEWNS);
    umount2(kernel, t, '/');
    expect(errnoOf(() => mkdir(kernel, t, '/x'))).toBe('EROFS');
    const root = parseMountInfo(mountInfoText(kernel, init)).find((l) => l.mountPoint === '/');
    expect(root?.superOptions.split(',')[0]).toBe('ro');
    expect(root?.options).toBe('rw,relatime');
  });

  it('escapes blanks, tabs and backslashes in paths as octal', () => {
    const { kernel, init } = world(['a b', 'c\\d']);
    mount(kernel, init, '/tmp/nss/a b', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/c\\d', { kind: 'tmpfs' });
    const text = mountInfoText(kernel, init);
    expect(text).toContain(' /tmp/nss/a\\040b rw,relatime ');
    expect(text).toContain(' /tmp/nss/c\\134d rw,relatime ');
    expect(mountInfoProblems(text, [rootOf(init).mnt.id, rootOf(init).mnt.parent.id])).toEqual([]);
  });
});

describe('umount propagation (M4.8)', () => {
  function peers(): { kernel: Kernel; init: Task } {
    const w = world(['a', 'b']);
    mount(w.kernel, w.init, '/tmp/nss/a', { kind: 'tmpfs' });
    mkdir(w.kernel, w.init, '/tmp/nss/a/x');
    mount(w.kernel, w.init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    mount(w.kernel, w.init, '/tmp/nss/b', { kind: 'bind', source: '/tmp/nss/a' });
    mount(w.kernel, w.init, '/tmp/nss/a/x', { kind: 'tmpfs' });
    return w;
  }
  const points = (kernel: Kernel, t: Task): string[] => parseMountInfo(mountInfoText(kernel, t)).map((l) => l.mountPoint).filter((p) => p.startsWith('/tmp/nss/')).sort();

  it('takes the copies under the peers, in every namespace, but not a copy with something mounted on it', () => {
    const { kernel, init } = peers();
    const other = kernel.clone(init, CLONE_NEWNS);
    expect(points(kernel, other)).toEqual(['/tmp/nss/a', '/tmp/nss/a/x', '/tmp/nss/b', '/tmp/nss/b/x']);
    mkdir(kernel, other, '/tmp/nss/b/x/in');
    mount(kernel, other, '/tmp/nss/b/x', { kind: 'propagation', type: 'private', recursive: false });
    mount(kernel, other, '/tmp/nss/b/x/in', { kind: 'tmpfs' });
    umount2(kernel, init, '/tmp/nss/b/x');
    expect(points(kernel, init)).toEqual(['/tmp/nss/a', '/tmp/nss/b']);
    expect(points(kernel, other)).toEqual(['/tmp/nss/a', '/tmp/nss/b', '/tmp/nss/b/x', '/tmp/nss/b/x/in']);
    expect(structureProblems(kernel)).toEqual([]);
  });

  // Linux 6.16+ (the propagate_umount rewrite, in 6.18): a copy whose only child covers its root (an overmount)
  // is still taken, and the overmount is reparented onto the copy's parent (reparent(m->overmount));
  // propagate_mount_busy ignores such a covered copy.
  it('takes a copy covered only by an overmount, and puts the overmount in its place', () => {
    const { kernel, init } = peers();
    mount(kernel, init, '/tmp/nss/b/x', { kind: 'propagation', type: 'private', recursive: false });
    mount(kernel, init, '/tmp/nss/b/x', { kind: 'tmpfs' }); // on top of b/x's copy, not propagated
    const over = mountAt(kernel, init, '/tmp/nss/b/x');
    const b = mountAt(kernel, init, '/tmp/nss/b');
    umount2(kernel, init, '/tmp/nss/a/x');
    expect(points(kernel, init)).toEqual(['/tmp/nss/a', '/tmp/nss/b', '/tmp/nss/b/x']);
    expect(label(mountAt(kernel, init, '/tmp/nss/b/x'))).toBe(label(over));
    expect(label(over.parent)).toBe(label(b));
  });
});

describe('lazy umount (MNT_DETACH) of a busy mount (M9.6)', () => {
  it('keeps the cwd inside usable for relative paths, and frees the mount when the task leaves it', () => {
    const { kernel, init } = world(['a']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mkdir(kernel, init, '/tmp/nss/a/sub');
    const t = kernel.clone(init, 0);
    chdir(kernel, t, '/tmp/nss/a');
    const m = mountAt(kernel, init, '/tmp/nss/a');
    expectRefused(kernel, () => umount2(kernel, init, '/tmp/nss/a'), { errno: 'EBUSY', rule: 'M9.6' }, fingerprint);
    umount2(kernel, init, '/tmp/nss/a', { detach: true });
    expect(mountInfo(kernel, init).some((e) => e.mount === m)).toBe(false);
    expect(exists(kernel, init, '/tmp/nss/a/sub')).toBe(false);
    // Relative paths still resolve in the detached mount.
    expect(exists(kernel, t, 'sub')).toBe(true);
    expect(readdir(kernel, t, '.')).toEqual(['sub']);
    mkdir(kernel, t, 'more');
    chdir(kernel, t, 'sub');
    chdir(kernel, t, '..');
    expect(readdir(kernel, t, '.').sort()).toEqual(['more', 'sub']);
    // `..` from the detached mount's root stays there (it has no parent any more).
    chdir(kernel, t, '..');
    expect(pwdOf(t).mnt === m, 'pwdOf(t).mnt is m').toBe(true);
    // Nothing can be mounted in it (do_lock_mount: not mounted).
    expectRefused(kernel, () => mount(kernel, t, 'sub', { kind: 'tmpfs' }), { errno: 'ENOENT', rule: 'M9.9' }, fingerprint);
    // Its id stays taken while the cwd holds it; leaving frees it.
    expect(m.pathRefs).toBe(1);
    expect(m.detached).toBe(true);
    chdir(kernel, t, '/');
    expect(m.pathRefs).toBe(0);
    expect(m.detached).toBe(false);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    expect(mountAt(kernel, init, '/tmp/nss/a').id).toBe(m.id);
    expect(structureProblems(kernel)).toEqual([]);
  });

  it('frees a lazily unmounted tree when the task in it exits, submounts included', () => {
    const { kernel, init } = world(['a']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mkdir(kernel, init, '/tmp/nss/a/in');
    mount(kernel, init, '/tmp/nss/a/in', { kind: 'tmpfs' });
    const t = kernel.clone(init, 0);
    chdir(kernel, t, '/tmp/nss/a');
    const top = mountAt(kernel, init, '/tmp/nss/a');
    const below = mountAt(kernel, init, '/tmp/nss/a/in');
    umount2(kernel, init, '/tmp/nss/a', { detach: true });
    expect(top.detached || below.detached).toBe(true);
    kernel.exit(t);
    expect(top.detached).toBe(false);
    expect(below.detached).toBe(false);
    expect(top.pathRefs).toBe(0);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    expect(mountAt(kernel, init, '/tmp/nss/a').id).toBe(Math.min(top.id, below.id));
    expect(structureProblems(kernel)).toEqual([]);
  });
});

describe('pins: bind mounts of ns files (M8)', () => {
  it('keep a mount namespace alive after its tasks exit; the umount frees it (ns-freed)', () => {
    const { kernel, init } = world();
    const freed: NsCommon[] = [];
    kernel.on((e) => {
      if (e.type === 'ns-freed') freed.push(e.ns);
    }, { types: ['ns-freed'] });
    const child = kernel.clone(init, CLONE_NEWNS);
    const ns = mntNsOf(kernel, child);
    pin(kernel, init, child, 'mnt', '/tmp/nss/pin');
    kernel.exit(child);
    expect(freed).toEqual([]);
    expect(ns.freed).toBe(false);
    expectBalancedRefcounts(kernel);
    expect(nsAt(kernel, init, '/tmp/nss/pin') === ns, 'nsAt(kernel, init, /tmp/nss/pin) is ns').toBe(true);
    expect(parseMountInfo(mountInfoText(kernel, init)).find((l) => l.mountPoint === '/tmp/nss/pin')).toMatchObject({ fstype: 'nsfs', root: ns.linkName });
    // Re-entering it through the pin works: its tree is still there.
    const visitor = kernel.clone(init, 0);
    const fd = kernel.openNsInode(visitor, ns);
    kernel.setns(visitor, fd, CLONE_NEWNS);
    kernel.close(visitor, fd);
    expect(mntNsOf(kernel, visitor) === ns, 'mntNsOf(kernel, visitor) is ns').toBe(true);
    expect(exists(kernel, visitor, '/tmp/nss')).toBe(true);
    kernel.exit(visitor);
    expect(freed).toEqual([]);
    umount2(kernel, init, '/tmp/nss/pin');
    expect(freed).toEqual([ns]);
    expect(ns.freed).toBe(true);
    expectBalancedRefcounts(kernel);
    expect(structureProblems(kernel)).toEqual([]);
  });

  it('may bind only a newer mount namespace (M8.2); the failed pin leaves no file behind', () => {
    const { kernel, init } = world();
    const child = kernel.clone(init, CLONE_NEWNS);
    expectRefused(kernel, () => pin(kernel, init, init, 'mnt', '/tmp/nss/own'), { errno: 'EINVAL', rule: 'M8.2' }, fingerprint);
    expectRefused(kernel, () => pin(kernel, child, init, 'mnt', '/tmp/nss/older'), { errno: 'EINVAL', rule: 'M8.2' }, fingerprint);
    expect(exists(kernel, init, '/tmp/nss/own')).toBe(false);
    expect(exists(kernel, child, '/tmp/nss/older')).toBe(false);
    pin(kernel, init, child, 'mnt', '/tmp/nss/newer');
    // Any other type's file may be bound from anywhere.
    pin(kernel, child, init, 'user', '/tmp/nss/user');
  });

  it('are left out of a new mount namespace when they bind a mount namespace (M2.3), copied otherwise', () => {
    const { kernel, init } = world();
    const child = kernel.clone(init, CLONE_NEWNS);
    pin(kernel, init, child, 'mnt', '/tmp/nss/mntpin');
    pin(kernel, init, init, 'user', '/tmp/nss/userpin');
    const copy = kernel.clone(init, CLONE_NEWNS);
    const points = mountInfo(kernel, copy).map((e) => e.mountPoint);
    expect(points).toContain('/tmp/nss/userpin');
    expect(points).not.toContain('/tmp/nss/mntpin');
    // The file it was bound on is still there, empty.
    expect(exists(kernel, copy, '/tmp/nss/mntpin')).toBe(true);
    expect(errnoOf(() => nsAt(kernel, copy, '/tmp/nss/mntpin'))).toBe('EINVAL');
    expectBalancedRefcounts(kernel);
  });
});

describe('ns-file bindings under a shared mount', () => {
  function sharedPair(): { kernel: Kernel; init: Task } {
    const w = world(['a', 'b']);
    mount(w.kernel, w.init, '/tmp/nss/a', { kind: 'tmpfs' });
    mount(w.kernel, w.init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    mount(w.kernel, w.init, '/tmp/nss/b', { kind: 'bind', source: '/tmp/nss/a' });
    return w;
  }

  it('propagate like any bind when they bind another type\'s file', () => {
    const { kernel, init } = sharedPair();
    pin(kernel, init, init, 'user', '/tmp/nss/a/u');
    const lines = parseMountInfo(mountInfoText(kernel, init)).filter((l) => l.fstype === 'nsfs');
    expect(lines.map((l) => l.mountPoint).sort()).toEqual(['/tmp/nss/a/u', '/tmp/nss/b/u']);
    expect(nsAt(kernel, init, '/tmp/nss/b/u') === init.cred.userNs).toBe(true);
    expectBalancedRefcounts(kernel);
  });

  // util-linux documents it (unshare --mount=<file>: the file "must be located on a mount whose propagation type
  // is not shared"): propagate_mnt's copy_tree refuses a mount-namespace file (EINVAL) and the whole bind fails.
  it('a mount-namespace file cannot be bound under a shared mount with peers (EINVAL)', () => {
    const { kernel, init } = sharedPair();
    const child = kernel.clone(init, CLONE_NEWNS);
    const before = fingerprint(kernel);
    expect(errnoOf(() => pin(kernel, init, child, 'mnt', '/tmp/nss/a/pin'))).toBe('EINVAL');
    expect(fingerprint(kernel)).toBe(before);
  });
});

describe('copy_mnt_ns (M2)', () => {
  it('makes exactly one new mount per mount of the namespace', () => {
    for (const n of [0, 20, 60]) {
      const { kernel, init } = world();
      for (let i = 0; i < n; i++) {
        mkdir(kernel, init, `/tmp/nss/d${i}`);
        mount(kernel, init, `/tmp/nss/d${i}`, { kind: 'tmpfs' });
      }
      const old = mntNsOf(kernel, init);
      const size = old.nrMounts;
      const newest = Math.max(...[...old.mounts].map((m) => m.uniqueId));
      const t = kernel.clone(init, 0);
      kernel.unshare(t, CLONE_NEWNS);
      const copy = mntNsOf(kernel, t);
      expect(copy.nrMounts).toBe(size);
      expect([...copy.mounts].every((m) => m.uniqueId > newest)).toBe(true);
      expect(mntState(kernel).uniqueIds, "exactly one new mount per mount copied").toBe(newest + size);
      expect(subtree(copy.root).length).toBe(size);
    }
  });

  it('moves the unsharer\'s root and cwd to their copies (M2.4), a chroot included', () => {
    const { kernel, init } = world(['jail']);
    mkdir(kernel, init, '/tmp/nss/jail/cwd');
    const t = kernel.clone(init, 0);
    chroot(kernel, t, '/tmp/nss/jail');
    chdir(kernel, t, '/cwd');
    const oldRoot = rootOf(t);
    const oldPwd = pwdOf(t);
    kernel.unshare(t, CLONE_NEWNS);
    const ns = mntNsOf(kernel, t);
    expect(rootOf(t).mnt.ns === ns, 'rootOf(t).mnt.ns is ns').toBe(true);
    expect(pwdOf(t).mnt.ns === ns, 'pwdOf(t).mnt.ns is ns').toBe(true);
    expect(rootOf(t).dentry === oldRoot.dentry, 'rootOf(t).dentry is oldRoot.dentry').toBe(true);
    expect(pwdOf(t).dentry === oldPwd.dentry, 'pwdOf(t).dentry is oldPwd.dentry').toBe(true);
    expect(rootOf(t).mnt === oldRoot.mnt, 'rootOf(t).mnt is not oldRoot.mnt').toBe(false);
    expect(t.fs?.chrooted).toBe(true);
    expect(oldRoot.mnt.pathRefs).toBe(0);
    // The child of a clone(CLONE_NEWNS) gets the same.
    const c = kernel.clone(t, CLONE_NEWNS);
    expect(rootOf(c).mnt.ns === mntNsOf(kernel, c), 'rootOf(c).mnt.ns is mntNsOf(kernel, c)').toBe(true);
    expect(rootOf(c).dentry === oldRoot.dentry, 'rootOf(c).dentry is oldRoot.dentry').toBe(true);
    expect(rootOf(t).mnt.ns === ns, 'rootOf(t).mnt.ns is ns').toBe(true);
    expect(structureProblems(kernel)).toEqual([]);
  });

  it('keeps propagation for the same owner (M2.5, M2.6) and makes shared mounts slaves and locks for another (M2.7, M2.8)', () => {
    const { kernel, init } = world(['s', 'l', 'u']);
    mount(kernel, init, '/tmp/nss/s', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/s', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/l', { kind: 'bind', source: '/tmp/nss/s' });
    mount(kernel, init, '/tmp/nss/l', { kind: 'propagation', type: 'slave', recursive: false });
    mount(kernel, init, '/tmp/nss/u', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/u', { kind: 'propagation', type: 'unbindable', recursive: false });
    const same = kernel.clone(init, CLONE_NEWNS);
    expect(optional(kernel, same, '/tmp/nss/s')).toBe('shared:1');
    expect(optional(kernel, same, '/tmp/nss/l')).toBe('master:1');
    expect(optional(kernel, same, '/tmp/nss/u')).toBe('');
    const less = kernel.clone(init, CLONE_NEWNS | CLONE_NEWUSER);
    expect(optional(kernel, less, '/tmp/nss/s')).toBe('master:1');
    expect(optional(kernel, less, '/tmp/nss/l')).toBe('master:1');
    expect(optional(kernel, less, '/tmp/nss/u')).toBe('');
    expectRefused(kernel, () => umount2(kernel, less, '/tmp/nss/s', { detach: true }), { errno: 'EINVAL', rule: 'M3.1' }, fingerprint);
    // Events flow from the original to the less privileged copy only.
    mkdir(kernel, init, '/tmp/nss/s/x');
    mount(kernel, init, '/tmp/nss/s/x', { kind: 'tmpfs' });
    expect(mountInfo(kernel, less).some((e) => e.mountPoint === '/tmp/nss/s/x')).toBe(true);
    expect(mountInfo(kernel, same).some((e) => e.mountPoint === '/tmp/nss/s/x')).toBe(true);
    mkdir(kernel, same, '/tmp/nss/s/y');
    mount(kernel, same, '/tmp/nss/s/y', { kind: 'tmpfs' });
    expect(mountInfo(kernel, init).some((e) => e.mountPoint === '/tmp/nss/s/y')).toBe(true);
    mkdir(kernel, less, '/tmp/nss/s/z');
    mount(kernel, less, '/tmp/nss/s/z', { kind: 'tmpfs' });
    expect(mountInfo(kernel, init).some((e) => e.mountPoint === '/tmp/nss/s/z')).toBe(false);
    expect(structureProblems(kernel)).toEqual([]);
  });

  it('gives a task that shares its fs_struct a private one first on unshare(CLONE_NEWNS)', () => {
    const { kernel, init } = world(['a']);
    chdir(kernel, init, '/tmp/nss/a');
    const twin = kernel.clone(init, CLONE_FS);
    expect(twin.fs === init.fs, 'twin.fs is init.fs').toBe(true);
    expect(init.fs?.users).toBe(2);
    const oldNs = mntNsOf(kernel, init);
    kernel.unshare(twin, CLONE_NEWNS);
    expect(twin.fs === init.fs, 'twin.fs is not init.fs').toBe(false);
    expect(init.fs?.users).toBe(1);
    expect(twin.fs?.users).toBe(1);
    expect(pwdOf(twin).mnt.ns === mntNsOf(kernel, twin), 'pwdOf(twin).mnt.ns is mntNsOf(kernel, twin)').toBe(true);
    expect(pwdOf(init).mnt.ns === oldNs, 'pwdOf(init).mnt.ns is oldNs').toBe(true);
    expect(rootOf(init).mnt.ns === oldNs, 'rootOf(init).mnt.ns is oldNs').toBe(true);
    expect(pwdOf(twin).dentry === pwdOf(init).dentry, 'pwdOf(twin).dentry is pwdOf(init).dentry').toBe(true);
    expectBalancedRefcounts(kernel);
  });

  it('refuses clone(CLONE_NEWNS | CLONE_FS) (EINVAL)', () => {
    const { kernel, init } = world();
    const before = fingerprint(kernel);
    expect(errnoOf(() => kernel.clone(init, CLONE_NEWNS | CLONE_FS))).toBe('EINVAL');
    expect(fingerprint(kernel)).toBe(before);
  });
});

describe('setns into a mount namespace (I3)', () => {
  it('sets root and cwd to the target\'s root, and undoes a chroot even into the own namespace (I3.4)', () => {
    const { kernel, init } = world(['jail']);
    const other = kernel.clone(init, CLONE_NEWNS);
    const t = kernel.clone(init, 0);
    chroot(kernel, t, '/tmp/nss/jail');
    chdir(kernel, t, '/');
    expect(t.fs?.chrooted).toBe(true);
    setnsMnt(kernel, t, t);
    expect(t.fs?.chrooted).toBe(false);
    expect(rootOf(t).equals(nsRootPath(mntNsOf(kernel, t)))).toBe(true);
    expect(pwdOf(t).equals(rootOf(t))).toBe(true);
    chdir(kernel, t, '/tmp/nss');
    setnsMnt(kernel, t, other);
    const ns = mntNsOf(kernel, t);
    expect(ns === mntNsOf(kernel, other), 'ns is mntNsOf(kernel, other)').toBe(true);
    expect(rootOf(t).equals(nsRootPath(ns))).toBe(true);
    expect(pwdOf(t).equals(nsRootPath(ns))).toBe(true);
    expect(mountInfoText(kernel, t)).toBe(mountInfoText(kernel, other));
    expectBalancedRefcounts(kernel);
  });

  it('follows what is mounted on the target\'s root, to the top of the stack (LOOKUP_DOWN)', () => {
    const { kernel, init } = world();
    const other = kernel.clone(init, CLONE_NEWNS);
    mkdir(kernel, other, '/tmp/nss/newroot');
    mount(kernel, other, '/tmp/nss/newroot', { kind: 'tmpfs' });
    mkdir(kernel, other, '/tmp/nss/newroot/mark');
    chdir(kernel, other, '/tmp/nss/newroot');
    const oldRoot = rootOf(other).mnt;
    // pivot_root(".", "."): the new root goes on the namespace's root, the old root is stacked on top of it.
    pivotRoot(kernel, other, '.', '.');
    expect(label(rootOf(other).mnt)).not.toBe(label(oldRoot));
    expect(label(oldRoot.parent)).toBe(label(rootOf(other).mnt));
    const t = kernel.clone(init, 0);
    setnsMnt(kernel, t, other);
    expect(label(rootOf(t).mnt)).toBe(label(oldRoot));
    expect(exists(kernel, t, '/tmp/nss')).toBe(true);
    expect(exists(kernel, t, '/mark')).toBe(false);
    expect(exists(kernel, other, '/mark')).toBe(true);
  });

  it('refuses a task that shares its fs_struct (I3.3), with an nstype of 0 too', () => {
    const { kernel, init } = world();
    const other = kernel.clone(init, CLONE_NEWNS);
    const t = kernel.clone(init, 0);
    const twin = kernel.clone(t, CLONE_FS);
    for (const nstype of [CLONE_NEWNS, 0]) {
      const fd = kernel.openNs(t, other, 'mnt');
      expectRefused(kernel, () => kernel.setns(t, fd, nstype), { errno: 'EINVAL', rule: 'I3.3' }, fingerprint);
      kernel.close(t, fd);
    }
    kernel.exit(twin);
    setnsMnt(kernel, t, other, 0);
    expect(mntNsOf(kernel, t) === mntNsOf(kernel, other), 'mntNsOf(kernel, t) is mntNsOf(kernel, other)').toBe(true);
  });

  it('needs CAP_SYS_ADMIN over the owner and CAP_SYS_CHROOT and CAP_SYS_ADMIN in the caller\'s user namespace (I3.1)', () => {
    const { kernel, init } = world();
    const other = kernel.clone(init, CLONE_NEWNS);
    const u = unprivilegedTask(kernel, init, 1000);
    const fdU = kernel.openNs(u, u, 'mnt');
    expectRefused(kernel, () => kernel.setns(u, fdU, CLONE_NEWNS), { errno: 'EPERM', rule: 'I3.1' }, fingerprint);
    kernel.close(u, fdU);
    // Root without CAP_SYS_CHROOT in its effective set (observed on Linux: EPERM).
    const noChroot = kernel.clone(init, 0);
    const caps = CAP_FULL_SET & ~capBit(CAP_SYS_CHROOT);
    kernel.capset(noChroot, { effective: caps, permitted: CAP_FULL_SET });
    const fd = kernel.openNs(noChroot, other, 'mnt');
    expectRefused(kernel, () => kernel.setns(noChroot, fd, CLONE_NEWNS), { errno: 'EPERM', rule: 'I3.1' }, fingerprint);
    kernel.close(noChroot, fd);
    // Full capabilities in a child user namespace are none over the initial one, which owns init's namespace.
    const inner = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWNS);
    // (It may not open /proc/<other>/ns/mnt, the ptrace check; a bind mount of the file opens the same inode.)
    const fdI = kernel.openNsInode(inner, mntNsOf(kernel, other));
    expectRefused(kernel, () => kernel.setns(inner, fdI, CLONE_NEWNS), { errno: 'EPERM', rule: 'I3.1' }, fingerprint);
    kernel.close(inner, fdI);
    // The other way is allowed: init's root has every capability over the child user namespace.
    setnsMnt(kernel, init, inner);
    expect(mntNsOf(kernel, init) === mntNsOf(kernel, inner), 'mntNsOf(kernel, init) is mntNsOf(kernel, inner)').toBe(true);
  });
});

describe('chroot', () => {
  it('marks the task chrooted unless the new root is the namespace\'s (the flag a user namespace\'s creation checks)', () => {
    const { kernel, init } = world(['jail']);
    const t = kernel.clone(init, 0);
    chroot(kernel, t, '/');
    expect(t.fs?.chrooted).toBe(false);
    chroot(kernel, t, '/tmp/nss/jail');
    expect(t.fs?.chrooted).toBe(true);
    expect(exists(kernel, t, '/tmp')).toBe(false);
    // `..` never goes above the root.
    chdir(kernel, t, '/..');
    expect(pwdOf(t).equals(rootOf(t))).toBe(true);
    // A child inherits the chroot (copy_fs_struct); setns clears it.
    const c = kernel.clone(t, 0);
    expect(c.fs?.chrooted).toBe(true);
    setnsMnt(kernel, c, c);
    expect(c.fs?.chrooted).toBe(false);
    const u = unprivilegedTask(kernel, init, 1000);
    expectRefused(kernel, () => chroot(kernel, u, '/tmp'), { errno: 'EPERM', rule: 'C11.4' }, fingerprint);
  });

  // Linux computes current_chrooted() at each call, from the namespace's root followed through what is mounted on
  // it (topmost_overmount): a task whose root was covered by a later mount, or lazily unmounted, counts as chrooted
  // (so create_user_ns refuses it with EPERM).
  it('a mount over the namespace\'s root makes the tasks whose root it covers chrooted', () => {
    const { kernel, init } = world();
    mount(kernel, init, '/', { kind: 'bind', source: '/tmp/nss' });
    expect(init.fs?.chrooted).toBe(true);
  });

  it('a lazy umount of the root makes the task chrooted', () => {
    const { kernel, init } = world();
    const t = kernel.clone(init, CLONE_NEWNS);
    umount2(kernel, t, '/', { detach: true });
    expect(t.fs?.chrooted).toBe(true);
  });
});

describe('a mount on a place that is already covered (lock_mount, LOOKUP_MOUNTPOINT)', () => {
  // Linux (do_lock_mount) follows a place to the topmost mount on it before attaching: a second mount on `/`
  // (or on `.`) goes on top of the first, although a lookup does not follow mounts at its starting point.
  it('mounting twice on / stacks the second mount on the first', () => {
    const { kernel, init } = world();
    mount(kernel, init, '/', { kind: 'tmpfs' });
    const first = mountInfo(kernel, init).at(-1)?.mount;
    mount(kernel, init, '/', { kind: 'tmpfs' });
    expect(structureProblems(kernel)).toEqual([]);
    expect(label(mountInfo(kernel, init).at(-1)?.mount.parent)).toBe(label(first));
  });

  // pivot_root(2)'s own example: chdir(new_root); pivot_root(".", "."); umount2(".", MNT_DETACH). The umount
  // resolves "." to the top of the stack on it (the old root), so the old root goes and the new root stays.
  it('pivot_root(".", ".") then umount2(".", MNT_DETACH) unmounts the old root, not the new one', () => {
    const { kernel, init } = world();
    const t = kernel.clone(init, CLONE_NEWNS);
    mkdir(kernel, t, '/tmp/nss/r');
    mount(kernel, t, '/tmp/nss/r', { kind: 'tmpfs' });
    mkdir(kernel, t, '/tmp/nss/r/etc');
    chdir(kernel, t, '/tmp/nss/r');
    pivotRoot(kernel, t, '.', '.');
    umount2(kernel, t, '.', { detach: true });
    const points = parseMountInfo(mountInfoText(kernel, t));
    expect(points.map((l) => `${l.mountPoint} ${l.fstype}`)).toEqual(['/ tmpfs']);
    expect(readdir(kernel, t, '/')).toEqual(['etc']);
  });
});

describe('pivot_root (M7.7)', () => {
  it('moves the old root under put_old, and every task whose root or cwd was the old root to the new one', () => {
    const { kernel, init } = world();
    const t = kernel.clone(init, CLONE_NEWNS);
    mount(kernel, t, '/', { kind: 'propagation', type: 'private', recursive: true });
    mkdir(kernel, t, '/tmp/nss/r');
    mount(kernel, t, '/tmp/nss/r', { kind: 'tmpfs' });
    mkdir(kernel, t, '/tmp/nss/r/old');
    const peer = kernel.clone(t, 0); // same namespace, root and cwd the old root
    const elsewhere = kernel.clone(t, 0);
    chdir(kernel, elsewhere, '/tmp');
    const elsewherePwd = pwdOf(elsewhere);
    const oldRoot = rootOf(t).mnt;
    pivotRoot(kernel, t, '/tmp/nss/r', '/tmp/nss/r/old');
    const newRoot = mountAt(kernel, t, '/');
    expect(label(rootOf(t).mnt)).toBe(label(newRoot));
    expect(label(rootOf(peer).mnt)).toBe(label(newRoot));
    expect(label(pwdOf(peer).mnt)).toBe(label(newRoot));
    expect(label(rootOf(elsewhere).mnt)).toBe(label(newRoot));
    expect(pwdOf(elsewhere).equals(elsewherePwd), 'a cwd that was not the old root stays').toBe(true);
    expect(label(oldRoot.parent)).toBe(label(newRoot));
    expect(exists(kernel, t, '/old/tmp/nss')).toBe(true);
    // init, in the first namespace, is not touched.
    expect(rootOf(init).mnt.ns === mntNsOf(kernel, init), 'rootOf(init).mnt.ns is mntNsOf(kernel, init)').toBe(true);
    umount2(kernel, t, '/old', { detach: true });
    expect(parseMountInfo(mountInfoText(kernel, t)).map((l) => l.mountPoint)).toEqual(['/']);
    expect(structureProblems(kernel)).toEqual([]);
  });
});

describe('procfs of a pid namespace (P5)', () => {
  function procWorld(): { kernel: Kernel; init: Task; nsInit: Task; child: Task; outsider: Task } {
    const { kernel, init } = world([], { pid: true });
    const nsInit = kernel.clone(init, CLONE_NEWPID | CLONE_NEWNS);
    mount(kernel, nsInit, '/proc', { kind: 'proc' });
    const child = kernel.clone(nsInit, 0);
    // A task of the initial pid namespace that enters the new mount namespace (so it reads the new proc).
    const outsider = kernel.clone(init, 0);
    setnsMnt(kernel, outsider, nsInit);
    return { kernel, init, nsInit, child, outsider };
  }

  it('lists only the pids of the pid namespace it was mounted in, by their numbers there (P5.2)', () => {
    const { kernel, init, nsInit, child } = procWorld();
    expect(readdir(kernel, nsInit, '/proc')).toEqual(['1', '2', 'self']);
    expect(readdir(kernel, child, '/proc/2/ns').sort()).toEqual([...kernel.nsEntries].sort());
    expect(readlink(kernel, child, '/proc/self')).toBe('2');
    // The initial procfs still lists every process, by its initial numbers.
    const all = readdir(kernel, init, '/proc');
    expect(all).toContain(String(kernel.pidOf(child, init)));
    expect(all.length).toBeGreaterThan(3);
    expect(kernel.pidOf(nsInit, nsInit)).toBe(1);
    expect(readlink(kernel, nsInit, '/proc/self')).toBe('1');
    // The child's number in the initial namespace names nothing in this procfs.
    const outer = kernel.pidOf(child, init);
    expect(outer).toBeGreaterThan(2);
    expect(exists(kernel, nsInit, `/proc/${outer}`)).toBe(false);
  });

  it('has no self for a reader without a pid in that namespace (M10.9)', () => {
    const { kernel, outsider } = procWorld();
    expect(readdir(kernel, outsider, '/proc')).toEqual(['1', '2', 'self']);
    expectRefused(kernel, () => readlink(kernel, outsider, '/proc/self'), { errno: 'ENOENT', rule: 'M10.9' }, fingerprint);
    expectRefused(kernel, () => readdir(kernel, outsider, '/proc/self'), { errno: 'ENOENT', rule: 'M10.9' }, fingerprint);
  });

  it('shows NSpid from the instance\'s level down (P5.3)', () => {
    const { kernel, init, child } = procWorld();
    const inInit = kernel.pidOf(child, init);
    expect(nsPid(kernel, child, '/proc/2')).toEqual([2]);
    expect(nsPid(kernel, init, `/proc/${inInit}`)).toEqual([inInit, 2]);
    kernel.exit(child);
    expect(errnoOf(() => nsPid(kernel, init, `/proc/${inInit}`))).toBe('ENOENT');
  });
});

describe('anonymous devices', () => {
  // get_anon_bdev hands out the lowest free minor and kill_anon_super frees it: a tmpfs mounted after
  // another was unmounted gets its device number back.
  it('a tmpfs mounted after one was unmounted reuses its device number', () => {
    const { kernel, init } = world(['a', 'b']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    const dev = mountAt(kernel, init, '/tmp/nss/a').sb.dev;
    umount2(kernel, init, '/tmp/nss/a');
    mount(kernel, init, '/tmp/nss/b', { kind: 'tmpfs' });
    expect(mountAt(kernel, init, '/tmp/nss/b').sb.dev).toBe(dev);
  });
});

describe('bad arguments from JS callers', () => {
  const { kernel, init } = world(['a']);
  const other = boot();
  const dead = kernel.clone(init, 0);
  kernel.exit(dead);

  const calls: [string, (t: Task) => unknown][] = [
    ['mount', (t) => mount(kernel, t, '/tmp/nss/a', { kind: 'tmpfs' })],
    ['umount2', (t) => umount2(kernel, t, '/tmp/nss')],
    ['mkdir', (t) => mkdir(kernel, t, '/tmp/nss/x')],
    ['open (creat)', (t) => creat(kernel, t, '/tmp/nss/f')],
    ['stat (exists)', (t) => exists(kernel, t, '/')],
    ['chdir', (t) => chdir(kernel, t, '/')],
    ['chroot', (t) => chroot(kernel, t, '/')],
    ['pivot_root', (t) => pivotRoot(kernel, t, '/tmp/nss', '/tmp/nss')],
    ['readlink', (t) => readlink(kernel, t, '/proc/self')],
    ['getdents', (t) => readdir(kernel, t, '/')],
  ];

  it.each(calls)('%s by an exited task is ERR_TASK_EXITED, by another kernel\'s ERR_TASK_OTHER_KERNEL', (_name, call) => {
    const before = fingerprint(kernel);
    expect(() => call(dead)).toThrow(expect.objectContaining({ code: 'ERR_TASK_EXITED' }) as Error);
    expect(() => call(other.init)).toThrow(expect.objectContaining({ code: 'ERR_TASK_OTHER_KERNEL' }) as Error);
    expect(fingerprint(kernel)).toBe(before);
  });

  it('pin of another kernel\'s task is ERR_TASK_OTHER_KERNEL; of an exited one ENOENT (its /proc entry is gone)', () => {
    expect(() => pin(kernel, init, other.init, 'mnt', '/tmp/nss/p')).toThrow(InvalidArgumentError);
    expect(errnoOf(() => pin(kernel, init, dead, 'mnt', '/tmp/nss/p'))).toBe('ENOENT');
    expect(exists(kernel, init, '/tmp/nss/p')).toBe(false);
  });

  // docs/core.md, "Arguments and errors": a value C has no equivalent for (a number for a path, no request
  // object) is an InvalidArgumentError (ERR_INVALID_ARG_TYPE) thrown before anything changes.
  const number = 42 as unknown as string;
  const badCalls: [string, () => unknown][] = [
    ['mount with a number path', () => mount(kernel, init, number, { kind: 'tmpfs' })],
    ['mount with a number bind source', () => mount(kernel, init, '/tmp/nss/a', { kind: 'bind', source: number })],
    ['mount without a request', () => mount(kernel, init, '/tmp/nss/a', null as never)],
    ['umount2 with a number path', () => umount2(kernel, init, number)],
    ['mkdir with a number path', () => mkdir(kernel, init, number)],
    ['chdir with a number path', () => chdir(kernel, init, number)],
    ['pin with a number path', () => pin(kernel, init, init, 'user', number)],
  ];
  for (const [name, call] of badCalls) {
    it(`${name} is ERR_INVALID_ARG_TYPE and changes nothing`, () => {
      const before = fingerprint(kernel);
      let thrown: unknown;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(InvalidArgumentError);
      expect((thrown as InvalidArgumentError).code).toBe('ERR_INVALID_ARG_TYPE');
      expect(fingerprint(kernel)).toBe(before);
    });
  }

  // A request of a kind the model does not know ('nfs'): Linux refuses an unknown file system type (ENODEV); the
  // JS API refuses it as an InvalidArgumentError (ERR_INVALID_ARG_VALUE), before anything changes.
  it('mount with an unknown request kind is refused, not ignored', () => {
    const before = fingerprint(kernel);
    expect(() => mount(kernel, init, '/tmp/nss/a', { kind: 'nfs' } as never)).toThrow(InvalidArgumentError);
    expect(fingerprint(kernel)).toBe(before);
  });

  // An unknown propagation type acts as 'private' (changeMntPropagation's fall-through). Linux refuses a
  // propagation change without exactly one type (flags_to_propagation_type: EINVAL).
  it('mount with an unknown propagation type is refused and changes nothing', () => {
    const before = fingerprint(kernel);
    expect(() => mount(kernel, init, '/tmp/nss', { kind: 'propagation', type: 'weird', recursive: false } as never)).toThrow(InvalidArgumentError);
    expect(fingerprint(kernel)).toBe(before);
  });
});

describe('the structure helpers', () => {
  it('see a broken peer ring and a slave its master does not list', () => {
    const { kernel, init } = world(['a', 'b']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/b', { kind: 'bind', source: '/tmp/nss/a' });
    expect(structureProblems(kernel)).toEqual([]);
    const b = mountAt(kernel, init, '/tmp/nss/b');
    const a = mountAt(kernel, init, '/tmp/nss/a');
    b.groupId = 7;
    expect(structureProblems(kernel).join('\n')).toMatch(/peer .* has group 7|group id 7 is used but not allocated/);
    b.groupId = a.groupId;
    b.master = a;
    expect(structureProblems(kernel).join('\n')).toMatch(/listed 0 times by its master/);
    b.master = null;
    expect(structureProblems(kernel)).toEqual([]);
  });
});
