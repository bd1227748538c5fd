/**
 * The mnt rule catalog: well-formed, carried by the scenario area, and the
 * one the errors of this package name (every errno rule is produced by a
 * call, with its errno and one of its calls, and the error names it).
 */
import { describe, expect, it } from 'vitest';
import { CLONE_FS, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, ERRNO, Kernel, NsCommon, RULE_ID, composeRules, defineNamespaceType } from '@nsproxy/core';
import type { ErrnoCode, FsNode, NamespaceOperations, Task } from '@nsproxy/core';
import { expectNamedRule, expectRuleCatalog, kernelErrorOf } from '@nsproxy/testkit';
import {
  chdir, chown, chroot, creat, mkdir, mntNsOf, mntRules, mntState, mount, mountInfoText, nsAt, pin, pivotRoot, readFile, readlink, umount2,
} from './index.ts';
import { mntArea } from './scenario.ts';
import { boot, setupNss, unprivilegedTask, world } from '../test/helpers.ts';

const byId = new Map(mntRules.map((r) => [r.id, r]));
const IDS = /^(M[2-9]|M1[01]|I3|P5)\.[0-9]+$/;
/** A source file, or several separated by commas. */
const FILES = /^(fs|kernel|include)\/[a-z_/]+\.[ch](, (fs|kernel|include)\/[a-z_/]+\.[ch])*$/;

function isErrno(outcome: string): outcome is ErrnoCode {
  return Object.hasOwn(ERRNO, outcome);
}

describe('the mnt catalog', () => {
  it('has the ids the docs and corpus cite, in the mnt sections only (M2-M10, I3, P5)', () => {
    for (const id of ['M2.2', 'M2.5', 'M2.7', 'M2.8', 'M3.1', 'M3.4', 'M4.1', 'M4.6', 'M5.1', 'M6.1', 'M7.1', 'M7.7', 'M8.1', 'M8.2', 'I3.1', 'I3.3', 'I3.4', 'P5.4']) {
      expect(byId.has(id), id).toBe(true);
    }
    for (const r of mntRules) {
      expect(r.id, r.id).toMatch(RULE_ID);
      expect(r.id, r.id).toMatch(IDS);
    }
    expect(byId.size).toBe(mntRules.length);
  });

  it('has each id once', () => {
    expect(new Set(mntRules.map((r) => r.id)).size).toBe(mntRules.length);
  });

  for (const r of mntRules) {
    it(`states ${r.id} in one sentence, with an errno or an effect, its calls and a Linux function and file`, () => {
      expectRuleCatalog([r], { ids: IDS, files: FILES });
    });
  }

  it('is the scenario area\'s, and composes: the rules giving an errno for a call are found', () => {
    expect(mntArea.rules).toBe(mntRules);
    const catalog = composeRules([mntRules]);
    expect(catalog.giving('EBUSY', 'umount2').map((r) => r.id)).toEqual(['M9.6']);
    expect(catalog.giving('EBUSY', 'pivot_root').map((r) => r.id)).toEqual(['M7.3']);
    expect(catalog.giving('ENOSPC', 'mount').map((r) => r.id).sort()).toEqual(['M4.7', 'M5.1']);
    expect(catalog.giving('EPERM', 'setns').map((r) => r.id)).toEqual(['I3.1']);
    expect(catalog.giving('EINVAL', 'setns').map((r) => r.id)).toContain('I3.3');
  });

  it('says why a rule cannot be shown on the real kernel where a scenario cannot reach it', () => {
    for (const id of ['M4.7', 'M5.1', 'M9.1', 'M9.7']) expect(byId.get(id)?.unshowable, id).toBeDefined();
    // Shown since `clone <name> <types> fs` makes a task sharing its fs_struct (corpus/core/clone-fs-setns.nss).
    expect(byId.get('I3.3')?.unshowable).toBeUndefined();
  });
});

/** A call of this package that fails, and the rule its error must name. */
type Trigger = readonly [title: string, id: string, call: () => unknown];

/** A world with a less privileged copy of init's namespace (a new user namespace owns it): its mounts are locked. */
function lessPrivileged(prepare?: (kernel: Kernel, init: Task) => void): { kernel: Kernel; init: Task; less: Task } {
  const { kernel, init } = world(['a']);
  mkdir(kernel, init, '/tmp/mv');
  prepare?.(kernel, init);
  const less = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWNS);
  return { kernel, init, less };
}

/** A task whose cwd (and a mount below it) is in a tmpfs that was lazily unmounted; it is chrooted there with `jail`. */
function detached(jail: boolean): { kernel: Kernel; init: Task; t: Task } {
  const { kernel, init } = world(['j', 'b']);
  mount(kernel, init, '/tmp/nss/j', { kind: 'tmpfs' });
  mkdir(kernel, init, '/tmp/nss/j/x');
  mount(kernel, init, '/tmp/nss/j/x', { kind: 'tmpfs' });
  const t = kernel.clone(init, 0);
  chdir(kernel, t, '/tmp/nss/j');
  if (jail) chroot(kernel, t, '.');
  umount2(kernel, init, '/tmp/nss/j', { detach: true });
  return { kernel, init, t };
}

function triggers(): Trigger[] {
  const out: Trigger[] = [];
  const add = (title: string, id: string, call: () => unknown): void => void out.push([title, id, call]);

  {
    // A type's file system whose one directory makes no directories (a kernfs without mkdir).
    class Bare extends NsCommon {}
    const node: FsNode = { name: '/', parent: null, isDir: true, mode: 0o755, dead: false, child: () => undefined, names: () => [], read: () => '' };
    const bare: NamespaceOperations<Bare> = defineNamespaceType<Bare>({
      name: 'bare', type: 2 ** 40, order: 90,
      filesystems: [{ name: 'cgroup2', userNsMount: true, getTree: () => node }],
      createInitial: (_k, owner) => new Bare(bare, owner, null),
      copy: (ctx) => new Bare(bare, ctx.userNs, ctx.chargeUcount()),
    });
    const { kernel, init } = boot({ extra: [bare] });
    setupNss(kernel, init);
    mount(kernel, init, '/tmp/nss', { kind: 'fs', fstype: 'cgroup2' });
    add('mkdir in a type\'s file system that makes no directories', 'M10.11', () => mkdir(kernel, init, '/tmp/nss/d'));
    add('open(O_CREAT) in a type\'s file system, which makes no regular files', 'M10.14', () => creat(kernel, init, '/tmp/nss/f'));
  }

  {
    const { kernel, init } = world(['a', 'ro']);
    creat(kernel, init, '/tmp/nss/file');
    mount(kernel, init, '/tmp/nss/ro', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/ro', { kind: 'remount', flags: { ro: true } });
    const u = unprivilegedTask(kernel, init, 1000);
    add('mkdir under a missing directory', 'M10.1', () => mkdir(kernel, init, '/tmp/nss/none/x'));
    add('mount on a missing directory', 'M10.1', () => mount(kernel, init, '/tmp/nss/none', { kind: 'tmpfs' }));
    add('mkdir of a directory that exists', 'M10.2', () => mkdir(kernel, init, '/tmp/nss/a'));
    add('mkdir through a read-only mount', 'M10.3', () => mkdir(kernel, init, '/tmp/nss/ro/x'));
    add('mkdir in a directory the caller may not write', 'M10.4', () => mkdir(kernel, u, '/x'));
    add('open of a directory for writing', 'M10.5', () => creat(kernel, init, '/tmp/nss/a'));
    add('chdir to a regular file', 'M10.6', () => chdir(kernel, init, '/tmp/nss/file'));
    add('mkdir below a regular file', 'M10.6', () => mkdir(kernel, init, '/tmp/nss/file/x'));
    add('readlink of a directory', 'M10.7', () => readlink(kernel, init, '/tmp'));
    add('NS_GET_NSTYPE of a directory', 'M10.8', () => nsAt(kernel, init, '/tmp/nss'));
    add('a propagation change of a place that is not a mount point', 'M9.2', () => mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'private', recursive: false }));
    add('a bind remount of a place that is not a mount point', 'M9.2', () => mount(kernel, init, '/tmp/nss/a', { kind: 'remount', flags: {} }));
    add('umount2 of a place that is not a mount point', 'M9.2', () => umount2(kernel, init, '/tmp/nss/a'));
    add('a bind of a file on a directory', 'M9.4', () => mount(kernel, init, '/tmp/nss/a', { kind: 'bind', source: '/tmp/nss/file' }));
    add('a move of a place that is not a mount point', 'M9.5', () => mount(kernel, init, '/tmp/nss/a', { kind: 'move', source: '/tmp/nss/a' }));
    add('umount2 of a mount with a mount on it', 'M9.6', () => umount2(kernel, init, '/tmp'));
    add('mount by a task without CAP_SYS_ADMIN', 'M7.1', () => mount(kernel, u, '/tmp/nss/a', { kind: 'tmpfs' }));
    add('umount2 by a task without CAP_SYS_ADMIN', 'M7.1', () => umount2(kernel, u, '/tmp/nss'));
    add('pivot_root by a task without CAP_SYS_ADMIN', 'M7.1', () => pivotRoot(kernel, u, '/tmp/nss', '/tmp/nss'));
    add('pivot_root onto the current root', 'M7.3', () => pivotRoot(kernel, init, '/', '/'));
    add('pivot_root to a directory that is not a mount point', 'M7.4', () => pivotRoot(kernel, init, '/tmp/nss/a', '/tmp/nss/a'));
    add('a bind of the caller\'s own mount namespace\'s file', 'M8.2', () => pin(kernel, init, init, 'mnt', '/tmp/nss/self'));
    add('setns into a mount namespace without CAP_SYS_ADMIN', 'I3.1', () => {
      const fd = kernel.openNs(u, u, 'mnt');
      try {
        kernel.setns(u, fd, CLONE_NEWNS);
      } finally {
        kernel.close(u, fd);
      }
    });
  }
  {
    const { kernel, init } = world(['a', 'u', 's']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mkdir(kernel, init, '/tmp/nss/a/d');
    mount(kernel, init, '/tmp/nss/u', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/u', { kind: 'propagation', type: 'unbindable', recursive: false });
    mount(kernel, init, '/tmp/nss/s', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/s', { kind: 'propagation', type: 'shared', recursive: false });
    add('a mount of a file system no registered type brings', 'M9.11', () => mount(kernel, init, '/tmp/nss/a/d', { kind: 'fs', fstype: 'cgroup2' }));
    add('a move of a mount below itself', 'M9.8', () => mount(kernel, init, '/tmp/nss/a/d', { kind: 'move', source: '/tmp/nss/a' }));
    add('a bind of an unbindable mount', 'M4.4', () => mount(kernel, init, '/tmp/nss/a/d', { kind: 'bind', source: '/tmp/nss/u' }));
    add('pivot_root with a shared put_old', 'M7.5', () => pivotRoot(kernel, init, '/tmp/nss/s', '/tmp/nss/s'));
  }
  {
    const { kernel, init } = world(['a']);
    mntState(kernel).mountMax = mntNsOf(kernel, init).nrMounts;
    add('a new mount in a full namespace', 'M5.1', () => mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' }));
  }
  {
    const { kernel, init } = world(['a', 'b', 'src']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mkdir(kernel, init, '/tmp/nss/a/x');
    mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    mount(kernel, init, '/tmp/nss/b', { kind: 'bind', source: '/tmp/nss/a' });
    mntState(kernel).mountMax = mntNsOf(kernel, init).nrMounts + 1;
    add('a mount whose propagated copy does not fit', 'M4.7', () => mount(kernel, init, '/tmp/nss/a/x', { kind: 'tmpfs' }));
  }
  {
    const { kernel, less } = lessPrivileged();
    add('umount2 of a locked mount', 'M3.1', () => umount2(kernel, less, '/tmp/nss'));
    add('umount2 -l of a locked mount', 'M3.1', () => umount2(kernel, less, '/tmp/nss', { detach: true }));
    add('a move of a locked mount', 'M3.2', () => mount(kernel, less, '/tmp/mv', { kind: 'move', source: '/tmp/nss' }));
    add('a bind of a place with locked mounts below it', 'M3.4', () => mount(kernel, less, '/tmp/nss/a', { kind: 'bind', source: '/tmp' }));
  }
  {
    const { kernel, less } = lessPrivileged((k, init) => mount(k, init, '/tmp/nss', { kind: 'remount', flags: { ro: true, nosuid: true } }));
    add('a bind remount clearing a locked read-only flag', 'M3.3', () => mount(kernel, less, '/tmp/nss', { kind: 'remount', flags: { nosuid: true } }));
    add('a bind remount clearing a locked nosuid flag', 'M3.3', () => mount(kernel, less, '/tmp/nss', { kind: 'remount', flags: { ro: true } }));
  }
  {
    const { kernel, init } = world(['a'], { pid: true });
    // A mount on /proc/1 covers part of proc: in a less privileged copy it is locked, and proc is not fully visible there.
    mount(kernel, init, '/proc/1', { kind: 'tmpfs' });
    const inner = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID);
    add('proc in a less privileged namespace where no proc is fully visible', 'M3.7', () => mount(kernel, inner, '/tmp/nss/a', { kind: 'proc' }));
    const noPidNs = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWNS);
    add('proc without CAP_SYS_ADMIN over the owner of the caller\'s pid namespace', 'P5.4', () => mount(kernel, noPidNs, '/tmp/nss/a', { kind: 'proc' }));
  }
  {
    const { kernel, init } = world([], { pid: true });
    const nsInit = kernel.clone(init, CLONE_NEWPID | CLONE_NEWNS);
    mount(kernel, nsInit, '/proc', { kind: 'proc' });
    const outsider = kernel.clone(init, 0);
    const fd = kernel.openNs(outsider, nsInit, 'mnt');
    kernel.setns(outsider, fd, CLONE_NEWNS);
    kernel.close(outsider, fd);
    add('readlink of /proc/self by a reader with no pid in the instance\'s namespace', 'M10.9', () => readlink(kernel, outsider, '/proc/self'));
  }
  {
    const { kernel, t } = detached(false);
    add('a new mount inside a lazily unmounted mount', 'M9.9', () => mount(kernel, t, '.', { kind: 'tmpfs' }));
    add('a bind whose source is in a lazily unmounted mount', 'M9.3', () => mount(kernel, t, '/tmp/nss/b', { kind: 'bind', source: '.' }));
    add('umount2 of a lazily unmounted mount', 'M9.3', () => umount2(kernel, t, '.'));
  }
  {
    const { kernel, t } = detached(true);
    add('pivot_root with put_old in a lazily unmounted tree', 'M9.9', () => pivotRoot(kernel, t, '/x', '/x'));
  }
  {
    const { kernel, t } = detached(false);
    add('pivot_root with a new root in a lazily unmounted tree', 'M7.6', () => pivotRoot(kernel, t, '.', '/tmp/nss'));
  }
  {
    const { kernel, init } = world(['a', 'child']);
    mount(kernel, init, '/tmp/nss/a', { kind: 'tmpfs' });
    mount(kernel, init, '/tmp/nss/a', { kind: 'propagation', type: 'shared', recursive: false });
    const peer = kernel.clone(init, CLONE_NEWNS);
    void peer;
    const child = kernel.clone(init, CLONE_NEWNS);
    creat(kernel, init, '/tmp/nss/a/f');
    add('a bind of a newer mount namespace\'s file under a shared mount with a peer', 'M8.5', () => pin(kernel, init, child, 'mnt', '/tmp/nss/a/g'));
  }
  {
    const { kernel, init } = world(['r', 'x']);
    // A tmpfs whose superblock belongs to user namespace U1; a task of a child user namespace U2 binds it
    // (the top of a bind is not locked), makes the bind its root, and unmounts it.
    const a = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWNS);
    mount(kernel, a, '/tmp/nss/r', { kind: 'tmpfs' });
    const u = kernel.clone(a, CLONE_NEWUSER | CLONE_NEWNS);
    mount(kernel, u, '/tmp/nss/x', { kind: 'bind', source: '/tmp/nss/r' });
    chroot(kernel, u, '/tmp/nss/x');
    add('umount2 of the caller\'s own root without MNT_DETACH, without CAP_SYS_ADMIN over its file system\'s owner', 'M9.10', () => umount2(kernel, u, '/'));
  }
  {
    const { kernel, init } = world();
    const t = kernel.clone(init, CLONE_NEWNS);
    // Everything above rootfs goes; setns puts the root on rootfs itself.
    umount2(kernel, t, '/', { detach: true });
    const fd = kernel.openNs(t, t, 'mnt');
    kernel.setns(t, fd, CLONE_NEWNS);
    kernel.close(t, fd);
    add('umount2 -l of the namespace\'s root mount', 'M3.9', () => umount2(kernel, t, '/', { detach: true }));
  }
  {
    const { kernel, init } = world();
    const other = kernel.clone(init, CLONE_NEWNS);
    const t = kernel.clone(init, 0);
    kernel.clone(t, CLONE_FS);
    const fd = kernel.openNs(t, other, 'mnt');
    add('setns into a mount namespace by a task sharing its fs_struct', 'I3.3', () => kernel.setns(t, fd, CLONE_NEWNS));
  }
  {
    // A kernel without the mnt type: tasks have no root to look paths up from.
    const bare = new Kernel({ namespaces: [] });
    add('mount in a kernel without the mnt type (no paths)', 'M9.7', () => mount(bare, bare.initTask, '/tmp', { kind: 'tmpfs' }));
    // A zombie has no mount namespace (Linux: EINVAL from mounts_open_common for /proc/<zombie>/mountinfo).
    const { kernel, init } = world();
    const zombie = kernel.clone(init, 0);
    kernel.exit(zombie);
    add('mountinfo of a task that has exited', 'M9.1', () => mountInfoText(kernel, zombie));
  }
  {
    const { kernel, init } = world();
    pin(kernel, init, kernel.clone(init, CLONE_NEWNS), 'mnt', '/tmp/nss/m');
    add('a read of a pinned ns file', 'M10.10', () => readFile(kernel, init, '/tmp/nss/m'));
  }
  {
    const { kernel, init } = world();
    creat(kernel, init, '/tmp/nss/f');
    add('chown of root\'s file by an unprivileged task', 'M10.12', () => chown(kernel, unprivilegedTask(kernel, init, 1000), '/tmp/nss/f', 1000, -1));
    // The toy user type maps only 0 in a new user namespace.
    add('chown to an id the caller\'s user namespace does not map', 'M10.13', () => chown(kernel, kernel.clone(init, CLONE_NEWUSER), '/tmp/nss/f', 5, -1));
  }
  {
    // Road userns-2007 (userns-2007.test.ts has the rest): init's user namespace and a child's with a table of users,
    // as @nsproxy/user makes them; the child is chrooted in a shared-ns bind of /tmp/nss, with a tmpfs of init's in it.
    const road = (): { kernel: Kernel; u: Task } => {
      const { kernel, init } = world(['box']);
      init.cred.userNs.uidhashTable = new Map();
      mount(kernel, init, '/tmp/nss/box', { kind: 'bind', source: '/tmp/nss', shareNs: true });
      mkdir(kernel, init, '/tmp/nss/box/priv');
      mount(kernel, init, '/tmp/nss/box/priv', { kind: 'tmpfs' });
      mkdir(kernel, init, '/tmp/nss/box/x');
      const p = kernel.clone(init, 0);
      chroot(kernel, p, '/tmp/nss/box');
      const u = kernel.clone(p, CLONE_NEWUSER);
      u.cred.userNs.uidhashTable = new Map();
      return { kernel, u };
    };
    add('a mkdir through a mount of another user namespace (road userns-2007)', 'M11.1', () => {
      const { kernel, u } = road();
      mkdir(kernel, u, '/priv/y');
    });
    add('a bind of a mount of another user namespace (road userns-2007)', 'M11.2', () => {
      const { kernel, u } = road();
      mount(kernel, u, '/x', { kind: 'bind', source: '/priv' });
    });
  }
  return out;
}

/** Errno rules whose error this package does not throw (none so far). */
const NOT_THROWN_HERE: readonly string[] = [];

describe('the errors of the package name their rule', () => {
  // M9.1 says a mount call in a kernel without the mnt type is EINVAL; mntNsOf means to throw it, but
  // kernel.peekNs throws a plain Error first ("namespace type 'mnt' has no nsproxy slot in this kernel").
  it('pivot_root in a kernel without the mnt type: M9.1', () => {
    const bare = new Kernel({ namespaces: [] });
    expectNamedRule(kernelErrorOf(() => pivotRoot(bare, bare.initTask, '/tmp', '/tmp')), mntRules, 'M9.1');
  });

  it.each(triggers())('%s: %s', (_title, id, call) => {
    const e = kernelErrorOf(call);
    expectNamedRule(e, mntRules, id);
  });

  it('every errno rule has a call above that produces it', () => {
    const produced = new Set(triggers().map(([, id]) => id));
    const errnoRules = mntRules.filter((r) => isErrno(r.outcome) && !NOT_THROWN_HERE.includes(r.id)).map((r) => r.id);
    expect(errnoRules.filter((id) => !produced.has(id))).toEqual([]);
  });
});
