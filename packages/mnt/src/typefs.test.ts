/**
 * A file system a type brings (NamespaceOperations.filesystems), mounted by
 * name as cgroup2 is: the type's get_tree decides what a mount shows, its
 * nodes are looked up, listed, read and made through the mount, mountinfo's
 * root field is the type's show_path for the reader, every mount shares one
 * superblock, and a name no type brings is ENODEV.
 */
import { describe, expect, it } from 'vitest';
import { CAP_SYS_ADMIN, CLONE_NEWNS, CLONE_NEWUSER, NsCommon, defineNamespaceType, fail, nsCapable } from '@nsproxy/core';
import type { FileSystemType, FsNode, Kernel, NamespaceOperations, Task } from '@nsproxy/core';
import { kernelErrorOf } from '@nsproxy/testkit';
import { chown, creat, exists, mkdir, mount, mountInfo, mountRoot, pin, readFile, readdir, stat } from './index.ts';
import { boot, setupNss, unprivilegedTask } from '../test/helpers.ts';

class ToyNs extends NsCommon {}

/** Each task has a "home" node, which it mounts (as a cgroup namespace's root is what cgroup2 mounts). */
const homes = new WeakMap<Task, ToyNode>();

/** A directory tree in memory: each directory has a `whoami` file that says the reader's serial. */
class ToyNode implements FsNode {
  readonly kids = new Map<string, ToyNode>();
  dead = false;
  readonly name: string;
  readonly parent: ToyNode | null;
  readonly isDir: boolean;
  constructor(name: string, parent: ToyNode | null, isDir: boolean) {
    this.name = name;
    this.parent = parent;
    this.isDir = isDir;
    if (isDir) this.kids.set('whoami', new ToyNode('whoami', this, false));
  }
  get mode(): number {
    return this.isDir ? 0o755 : 0o444;
  }
  child(name: string): FsNode | undefined {
    const k = this.kids.get(name);
    return k && !k.dead ? k : undefined;
  }
  names(): readonly string[] {
    return [...this.kids.keys()];
  }
  read(_kernel: Kernel, reader: Task): string {
    return `serial ${reader.serial}\n`;
  }
  mkdir(_kernel: Kernel, task: Task, name: string): FsNode {
    if (name.includes('\n')) fail('EINVAL', 'mkdir', 'no newline in a name');
    if (task.cred.fsuid !== 0) fail('EPERM', 'mkdir', 'only root makes toy directories');
    const n = new ToyNode(name, this, true);
    this.kids.set(name, n);
    return n;
  }
  /** The names from the tree's root down to this node. */
  components(): string[] {
    return this.parent ? [...this.parent.components(), this.name] : [];
  }
  /** Relative to the viewer's home, with `..` for each level above it (cgroup_show_path's way). */
  showPath(viewer: Task): string {
    const base = (homes.get(viewer) ?? treeRoot).components();
    const own = this.components();
    let common = 0;
    while (common < base.length && common < own.length && base[common] === own[common]) common++;
    return `/${[...base.slice(common).map(() => '..'), ...own.slice(common)].join('/')}`;
  }
}

const treeRoot = new ToyNode('/', null, true);
const toyfs: FileSystemType = {
  name: 'cgroup2',
  userNsMount: true,
  getTree(_kernel, task) {
    if (!nsCapable(task.cred, task.cred.userNs, CAP_SYS_ADMIN)) fail('EPERM', 'mount', 'the toy needs CAP_SYS_ADMIN');
    return homes.get(task) ?? treeRoot;
  },
};

const toyType: NamespaceOperations<ToyNs> = defineNamespaceType<ToyNs>({
  name: 'toy',
  type: 2 ** 40,
  order: 90,
  filesystems: [toyfs],
  createInitial: (_kernel, owner) => new ToyNs(toyType, owner, null),
  copy: (ctx) => new ToyNs(toyType, ctx.userNs, ctx.chargeUcount()),
});

describe('a type\'s file system', () => {
  it('mounts what get_tree gives, and lookups, readdir, read and mkdir go to its nodes', () => {
    const { kernel, init } = boot({ extra: [toyType] });
    setupNss(kernel, init);
    mkdir(kernel, init, '/tmp/nss/cg');
    mount(kernel, init, '/tmp/nss/cg', { kind: 'fs', fstype: 'cgroup2' });
    expect(readdir(kernel, init, '/tmp/nss/cg')).toEqual(['whoami']);
    expect(readFile(kernel, init, '/tmp/nss/cg/whoami')).toBe(`serial ${init.serial}\n`);
    mkdir(kernel, init, '/tmp/nss/cg/a');
    expect(exists(kernel, init, '/tmp/nss/cg/a/whoami')).toBe(true);
    expect(kernelErrorOf(() => mkdir(kernel, init, '/tmp/nss/cg/a'))?.code).toBe('EEXIST');
    // The type's own checks run after the VFS's.
    expect(kernelErrorOf(() => mkdir(kernel, init, '/tmp/nss/cg/b\nc'))?.code).toBe('EINVAL');
    // A node the type removed is gone from every lookup.
    (treeRoot.kids.get('a') as ToyNode).dead = true;
    expect(exists(kernel, init, '/tmp/nss/cg/a')).toBe(false);
  });

  it('shows the mounter\'s node as the mount\'s root, and mountinfo\'s root field as each reader sees it', () => {
    const { kernel, init } = boot({ extra: [toyType] });
    setupNss(kernel, init);
    const sub = treeRoot.mkdir(kernel, init, 'sub') as ToyNode;
    mkdir(kernel, init, '/tmp/nss/all');
    mount(kernel, init, '/tmp/nss/all', { kind: 'fs', fstype: 'cgroup2' });
    const t = kernel.clone(init, CLONE_NEWNS);
    homes.set(t, sub);
    mkdir(kernel, t, '/tmp/nss/mine');
    mount(kernel, t, '/tmp/nss/mine', { kind: 'fs', fstype: 'cgroup2' });
    mkdir(kernel, t, '/tmp/nss/mine/x');
    expect(exists(kernel, init, '/tmp/nss/all/sub/x')).toBe(true);
    const rootOf = (viewer: Task, mp: string): string | undefined => mountInfo(kernel, viewer).find((e) => e.mountPoint === mp)?.root;
    expect(rootOf(t, '/tmp/nss/mine')).toBe('/');
    expect(rootOf(t, '/tmp/nss/all')).toBe('/..');
    // The reader decides the root field: t's mount, as init (whose home is the tree's root) would see it.
    const mine = mountInfo(kernel, t).find((e) => e.mountPoint === '/tmp/nss/mine')?.mount;
    expect(mine && mountRoot(mine, init)).toBe('/sub');
    // One superblock for every mount of the type's file system.
    const devs = mountInfo(kernel, t).filter((e) => e.fstype === 'cgroup2').map((e) => e.dev);
    expect(new Set(devs).size).toBe(1);
  });

  it('chowns its nodes as any file (kernfs_iop_setattr), for every mount of the one superblock', () => {
    const { kernel, init } = boot({ extra: [toyType] });
    setupNss(kernel, init);
    mkdir(kernel, init, '/tmp/nss/cg');
    mkdir(kernel, init, '/tmp/nss/cg2');
    mount(kernel, init, '/tmp/nss/cg', { kind: 'fs', fstype: 'cgroup2' });
    mount(kernel, init, '/tmp/nss/cg2', { kind: 'fs', fstype: 'cgroup2' });
    chown(kernel, init, '/tmp/nss/cg', 3, 1000);
    expect(stat(kernel, init, '/tmp/nss/cg2')).toMatchObject({ uid: 3, gid: 1000 });
    chown(kernel, init, '/tmp/nss/cg/whoami', -1, 7);
    expect(stat(kernel, init, '/tmp/nss/cg2/whoami')).toMatchObject({ uid: 0, gid: 7 });
    // The same checks as any file: an unprivileged task that does not own the node may not.
    expect(kernelErrorOf(() => chown(kernel, unprivilegedTask(kernel, init, 1000), '/tmp/nss/cg/whoami', 1000, -1))).toMatchObject({ code: 'EPERM', rule: 'M10.12' });
    expect(stat(kernel, init, '/tmp/nss/cg/whoami')).toMatchObject({ uid: 0, gid: 7 });
  });

  it('makes no regular files: open(O_CREAT) of a new name is EACCES (no ->create), of an entry that exists EEXIST', () => {
    const { kernel, init } = boot({ extra: [toyType] });
    setupNss(kernel, init);
    mkdir(kernel, init, '/tmp/nss/cg');
    mount(kernel, init, '/tmp/nss/cg', { kind: 'fs', fstype: 'cgroup2' });
    expect(kernelErrorOf(() => creat(kernel, init, '/tmp/nss/cg/f'))).toMatchObject({ code: 'EACCES', rule: 'M10.14' });
    expect(exists(kernel, init, '/tmp/nss/cg/f')).toBe(false);
    expect(kernelErrorOf(() => pin(kernel, init, init, 'mnt', '/tmp/nss/cg/f'))).toMatchObject({ code: 'EACCES', rule: 'M10.14' });
    expect(kernelErrorOf(() => pin(kernel, init, init, 'mnt', '/tmp/nss/cg/whoami'))).toMatchObject({ code: 'EEXIST', rule: 'M10.2' });
    expect(readdir(kernel, init, '/tmp/nss/cg')).not.toContain('f');
  });

  it('get_tree\'s refusal fails the mount, and a name no registered type brings is ENODEV', () => {
    const { kernel, init } = boot({ extra: [toyType] });
    setupNss(kernel, init);
    mkdir(kernel, init, '/tmp/nss/cg');
    expect(kernelErrorOf(() => mount(kernel, init, '/tmp/nss/cg', { kind: 'fs', fstype: 'nosuchfs' }))).toMatchObject({ code: 'ENODEV', rule: 'M9.11' });
    const weak = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWNS);
    kernel.capset(weak, { effective: 0n, permitted: 0n });
    expect(kernelErrorOf(() => mount(kernel, weak, '/tmp/nss/cg', { kind: 'fs', fstype: 'cgroup2' }))?.code).toBe('EPERM');
  });
});
