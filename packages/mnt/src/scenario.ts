/**
 * `@nsproxy/mnt/scenario`: the mnt scenario area. The format's Mounts
 * section and `pin`, `setns-path`, `nspath` on the simulated kernel, with
 * nsproxy's mount extensions (docs/scenario-format.md), and the world's
 * start as the real backend builds it: in `init`'s mount namespace `/` is
 * private, a tmpfs covers /tmp and another, private and empty, /tmp/nss.
 */
import { KernelError } from '@nsproxy/core';
import { fromKgidMunged, fromKuidMunged } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { OK, defineSimArea, nsResult } from '@nsproxy/core/scenario';
import type { SimArea, SimOpTable, SimWorld } from '@nsproxy/core/scenario';
import { cIntArg } from '@nsproxy/scenario/contract';
import type { StepResult } from '@nsproxy/scenario/contract';
import { MNT_OPS } from './ops.ts';
import type { Mount } from './mount.ts';
import { mntNamespaceType } from './namespace.ts';
import { fsPaths, lookup } from './namei.ts';
import { mountInfo, mountOptions, mountRoot, optionalFields } from './mountinfo.ts';
import type { PropagationType } from './pnode.ts';
import { mntRules } from './rules.ts';
import { chown, stat } from './attr.ts';
import { chdir, chroot, creat, exists, mkdir, mount, nsAt, nsPid, pin, pivotRoot, readFile, readdir, readlink, umount2 } from './syscalls.ts';

export { MNT_OPS, PROPAGATION_KINDS, REMOUNT_FLAGS } from './ops.ts';

const text = (value: string): StepResult => ({ kind: 'text', value });

/** The mount visible at a path that is a mount point (EINVAL otherwise), as the actor sees it. */
function mountAt(world: SimWorld, actor: Task, path: string, sys: string): Mount {
  const at = lookup(world.kernel, actor, path, sys);
  if (at.dentry !== at.mnt.root) throw new KernelError('EINVAL', sys, 'not a mount point', 'M9.2');
  return at.mnt;
}

/** A path without `.`, empty components or a trailing slash (`..` stays: it is the lookup's to resolve). */
function normalize(path: string): string {
  return `/${path.split('/').filter((p) => p !== '' && p !== '.').join('/')}`;
}

/** The `make-<kind>` ops. */
function propagationOps(): SimOpTable {
  const ops: Record<string, SimOpTable[string]> = {};
  for (const kind of ['shared', 'private', 'slave', 'unbindable'] as const satisfies readonly PropagationType[]) {
    for (const recursive of [false, true]) {
      ops[`make-${recursive ? 'r' : ''}${kind}`] = (world, actor, [path = '']) => {
        mount(world.kernel, actor, path, { kind: 'propagation', type: kind, recursive });
        return OK;
      };
    }
  }
  return ops;
}

/** The mnt scenario area. */
export const mntArea: SimArea = defineSimArea({
  name: 'mnt',
  types: [mntNamespaceType],
  ops: MNT_OPS,
  rules: mntRules,
  sim: {
    pin(world, actor, [name = '', file = '', path = '']) {
      const target = world.task(name);
      if (!target) throw new KernelError('ENOENT', 'open', `no task ${name}`, 'N2.7');
      pin(world.kernel, actor, target, file, path);
      return OK;
    },
    'setns-path'(world, actor, [path = '', type]) {
      const k = world.kernel;
      const ns = nsAt(k, actor, path);
      const fd = k.openNsInode(actor, ns);
      try {
        k.setns(actor, fd, type === undefined ? ns.ops.type : type === 'any' ? 0 : world.typeFlags(type));
      } finally {
        k.close(actor, fd);
      }
      return OK;
    },
    nspath(world, actor, [path = '']) {
      return nsResult(nsAt(world.kernel, actor, path));
    },
    mkdir(world, actor, [path = '']) {
      mkdir(world.kernel, actor, path);
      return OK;
    },
    mount(world, actor, [kind = '', a = '', b = '']) {
      const k = world.kernel;
      if (kind === 'tmpfs' || kind === 'proc') mount(k, actor, a, { kind });
      else if (kind === 'cgroup2') mount(k, actor, a, { kind: 'fs', fstype: kind });
      else mount(k, actor, b, { kind: kind as 'bind' | 'rbind' | 'move', source: a });
      return OK;
    },
    umount(world, actor, [path = '']) {
      umount2(world.kernel, actor, path);
      return OK;
    },
    'umount-lazy'(world, actor, [path = '']) {
      umount2(world.kernel, actor, path, { detach: true });
      return OK;
    },
    ...propagationOps(),
    mounted(world, actor, [path = '']) {
      const at = lookup(world.kernel, actor, path, 'stat');
      return text(at.dentry === at.mnt.root ? 'yes' : 'no');
    },
    propagation(world, actor, [path = '']) {
      const m = mountAt(world, actor, path, 'open');
      const fields = optionalFields(m, fsPaths(actor, 'open').root, (mnt, id) => mnt.groupLabel(id));
      return text(fields.length ? fields.join(' ') : 'private');
    },
    remount(world, actor, [path = '', flags = '']) {
      const set = new Set(flags.split(','));
      mount(world.kernel, actor, path, { kind: 'remount', flags: { ro: set.has('ro'), nosuid: set.has('nosuid'), nodev: set.has('nodev'), noexec: set.has('noexec') } });
      return OK;
    },
    'mount-opts'(world, actor, [path = '']) {
      return text(mountOptions(mountAt(world, actor, path, 'open')));
    },
    'mount-root'(world, actor, [path = '']) {
      const m = mountAt(world, actor, path, 'open');
      // An nsfs mount's root (`<type>:[<inode>]` in mountinfo) prints as the label of its namespace.
      if (m.root.ns) return nsResult(m.root.ns);
      return text(mountRoot(m, actor));
    },
    mounts(world, actor, [path = '']) {
      const dir = normalize(path);
      const prefix = dir === '/' ? dir : `${dir}/`;
      const items = mountInfo(world.kernel, actor).map((e) => e.mountPoint).filter((p) => p === dir || p.startsWith(prefix));
      return { kind: 'list', items };
    },
    touch(world, actor, [path = '']) {
      creat(world.kernel, actor, path);
      return OK;
    },
    chown(world, actor, [path = '', uid = '', gid = '']) {
      // uid_t and gid_t exactly: (uid_t)-1 leaves the owner as it is.
      const id = (word: string, ctype: string): number => {
        const n = Number(cIntArg(word, 'u32', ctype));
        return n === 4294967295 ? -1 : n;
      };
      chown(world.kernel, actor, path, id(uid, 'uid_t'), id(gid, 'gid_t'));
      return OK;
    },
    owner(world, actor, [path = '']) {
      // stat(2)'s st_uid and st_gid, as the actor's user namespace maps them (from_kuid_munged).
      const st = stat(world.kernel, actor, path);
      const ns = actor.cred.userNs;
      return text(`uid=${fromKuidMunged(ns, st.uid)} gid=${fromKgidMunged(ns, st.gid)}`);
    },
    exists(world, actor, [path = '']) {
      return text(exists(world.kernel, actor, path) ? 'yes' : 'no');
    },
    chdir(world, actor, [path = '']) {
      chdir(world.kernel, actor, path);
      return OK;
    },
    'mount-share-ns'(world, actor, [src = '', dst = '']) {
      mount(world.kernel, actor, dst, { kind: 'bind', source: src, shareNs: true });
      return OK;
    },
    chroot(world, actor, [path = '']) {
      chroot(world.kernel, actor, path);
      return OK;
    },
    'pivot-root'(world, actor, [newRoot = '', putOld = '']) {
      pivotRoot(world.kernel, actor, newRoot, putOld);
      return OK;
    },
    readlink(world, actor, [path = '']) {
      return text(readlink(world.kernel, actor, path));
    },
    pids(world, actor, [dir = '']) {
      return { kind: 'list', items: readdir(world.kernel, actor, dir).filter((n) => /^[0-9]+$/.test(n)) };
    },
    cat(world, actor, [path = '']) {
      return text(readFile(world.kernel, actor, path));
    },
    nspid(world, actor, [dir = '']) {
      return text(nsPid(world.kernel, actor, dir).join(' '));
    },
  },
  setup: {
    /** What the real agent's init does (agent.c setup_world): / private, tmpfs on /tmp and on /tmp/nss, both private; cwd /. */
    initTask(world, init) {
      const k = world.kernel;
      mount(k, init, '/', { kind: 'propagation', type: 'private', recursive: true });
      mount(k, init, '/tmp', { kind: 'tmpfs' });
      lookup(k, init, '/tmp', 'mount').dentry.mode = 0o755;
      mount(k, init, '/tmp', { kind: 'propagation', type: 'private', recursive: false });
      mkdir(k, init, '/tmp/nss');
      mount(k, init, '/tmp/nss', { kind: 'tmpfs' });
      mount(k, init, '/tmp/nss', { kind: 'propagation', type: 'private', recursive: false });
      chdir(k, init, '/');
    },
  },
});
