/**
 * Property tests of mount namespaces over random sequences of calls by a few
 * tasks on a few directories under /tmp/nss (the world the scenario area
 * starts from): mkdir, mount tmpfs and proc, bind and rbind, move, bind
 * remount, make-shared/private/slave/unbindable (and recursive), umount and
 * umount -l, clone and unshare with CLONE_NEWNS (same owner, and with a new
 * user namespace), setns into another task's mount namespace and into a
 * pinned one, chdir, chroot, pivot_root, pins of ns files, dropping
 * privileges, fs.mount-max changes and exit.
 *
 * After every step, failed or not:
 * - every namespace's mounts form one tree rooted at its root: parents and
 *   the mount hash (childAt) agree, mountpoints lie inside the parent's
 *   root, no cycles, each mount is in exactly one namespace's set;
 * - every peer ring is a consistent doubly linked ring whose members share
 *   one non-zero group id and are all shared (shared <=> a group id), two
 *   rings never share an id, and the group-id allocator holds exactly the
 *   ids in use;
 * - every slave's master lists it exactly once, no mount is in two slave
 *   lists, a master is shared and not a peer, no mount is its own master
 *   ancestor, an unbindable mount is neither shared nor a slave, and every
 *   mount linked by propagation is in a namespace;
 * - every live task's mountinfo parses (ten fields or more with ' - ' before
 *   the last three; optional fields shared:N, master:N, propagate_from:N,
 *   unbindable, in that order) and each parent id is a listed mount or the
 *   reader's root mount or its parent (which the reader cannot reach);
 * - a task's root and cwd are in its own mount namespace or in a detached
 *   mount, each mount's path references are exactly the roots and cwds that
 *   point into it, and the chroot flag is current_chrooted() while the tree
 *   under the root is as it was when the flag was set;
 * - kernelProblems(kernel) is empty and refcounts balance;
 * - a call that throws a KernelError changed nothing (a fingerprint of all
 *   the trees, propagation, flags, the tasks' roots and cwds, the pins and
 *   the refcounts, before and after);
 * and after every successful call:
 * - a tmpfs or a bind mounted on a place reached exactly the mounts that
 *   receive propagation from the place's mount (peers and slaves,
 *   transitively) and show the place, with what was there on top (M4.1,
 *   M4.6);
 * - a new mount namespace (clone, unshare) shows its creator's mounts in
 *   tree order, minus mount-namespace file bindings (M2.3), with the
 *   propagation of M2.5-M2.7 and the locks of M2.8.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { CLONE_FS, CLONE_NEWNS, CLONE_NEWUSER, KernelError, kernelProblems } from '@nsproxy/core';
import type { FsStruct, Kernel, Task } from '@nsproxy/core';
import { propertyRuns } from '@nsproxy/testkit';
import {
  followDown,
  VfsPath, chdir, chroot, lookup, mkdir, mntNsOf, mntState, mount, mountInfo, mountInfoText, nsAt, nsRootPath, pin, pivotRoot, subtree, umount2,
} from './index.ts';
import type { MntNamespace, Mount, MountFlags, PropagationType } from './index.ts';
import { boot, expectBalancedRefcounts, fingerprint, mntNamespaces, mountInfoProblems, setupNss, structureProblems } from '../test/helpers.ts';

/** Places the calls name: directories under /tmp/nss, their parents, relative paths, ns-file pins. */
const PATHS = [
  '/tmp/nss', '/tmp/nss/a', '/tmp/nss/b', '/tmp/nss/c', '/tmp/nss/a/d', '/tmp/nss/b/d', '/tmp/nss/c/d', '/tmp/nss/a/d/e',
  '/tmp', '/', '.', '..', 'd', '/proc', '/tmp/nss/pin', '/tmp/nss/a/pin', '/tmp/nss/b/pin',
] as const;
const DIRS = ['/tmp/nss/a', '/tmp/nss/b', '/tmp/nss/c', '/tmp/nss/a/d', '/tmp/nss/b/d', '/tmp/nss/c/d', '/tmp/nss/a/d/e', 'd', 'old'] as const;
const PINS = ['/tmp/nss/pin', '/tmp/nss/a/pin'] as const;
/** New roots for pivot_root (put_old is the new root itself or its `d`). */
const PIVOTS = ['/tmp/nss', '/tmp/nss/a', '/tmp/nss/b', '/tmp/nss/c', '/tmp/nss/a/d', '.'] as const;
const MAX_TASKS = 6;
/** fs.mount-max during the runs, so that recursive binds and propagation stay small. */
const MOUNT_MAX = 150;

type Op =
  | { op: 'mkdir'; t: number; p: number }
  | { op: 'tmpfs'; t: number; p: number }
  | { op: 'proc'; t: number; p: number }
  | { op: 'bind'; t: number; src: number; dst: number; recursive: boolean }
  | { op: 'move'; t: number; src: number; dst: number }
  | { op: 'remount'; t: number; p: number; flags: MountFlags }
  | { op: 'propagation'; t: number; p: number; type: PropagationType; recursive: boolean }
  | { op: 'umount'; t: number; p: number; lazy: boolean }
  | { op: 'clone'; t: number; flags: number }
  | { op: 'unshare'; t: number; flags: number }
  | { op: 'setns'; t: number; target: number }
  | { op: 'setns-path'; t: number; p: number }
  | { op: 'chdir'; t: number; p: number }
  | { op: 'chroot'; t: number; p: number }
  | { op: 'pivot'; t: number; neu: number; sub: boolean }
  | { op: 'pin'; t: number; target: number; entry: 'mnt' | 'user'; p: number }
  | { op: 'drop'; t: number }
  | { op: 'limit'; slack: number }
  | { op: 'exit'; t: number };

const ix = fc.nat({ max: 30 });
const path = fc.nat({ max: PATHS.length - 1 });
const flagsArb: fc.Arbitrary<MountFlags> = fc.record({ ro: fc.boolean(), nosuid: fc.boolean(), nodev: fc.boolean(), noexec: fc.boolean() });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('mkdir' as const), t: ix, p: fc.nat({ max: DIRS.length - 1 }) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('tmpfs' as const), t: ix, p: path }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('proc' as const), t: ix, p: path }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('bind' as const), t: ix, src: path, dst: path, recursive: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), t: ix, src: path, dst: path }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remount' as const), t: ix, p: path, flags: flagsArb }) },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('propagation' as const), t: ix, p: path, type: fc.constantFrom<PropagationType>('shared', 'shared', 'private', 'slave', 'unbindable'), recursive: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('umount' as const), t: ix, p: path, lazy: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('clone' as const), t: ix, flags: fc.constantFrom(0, CLONE_NEWNS, CLONE_NEWNS | CLONE_NEWUSER, CLONE_FS, CLONE_NEWNS | CLONE_FS) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('unshare' as const), t: ix, flags: fc.constantFrom(CLONE_NEWNS, CLONE_NEWNS | CLONE_NEWUSER, CLONE_NEWUSER) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('setns' as const), t: ix, target: ix }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('setns-path' as const), t: ix, p: fc.nat({ max: PINS.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('chdir' as const), t: ix, p: path }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('chroot' as const), t: ix, p: path }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pivot' as const), t: ix, neu: fc.nat({ max: PIVOTS.length - 1 }), sub: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('pin' as const), t: ix, target: ix, entry: fc.constantFrom('mnt' as const, 'user' as const), p: fc.nat({ max: PINS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), t: ix }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('limit' as const), slack: fc.nat({ max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('exit' as const), t: ix }) },
);

interface World {
  readonly k: Kernel;
  readonly init: Task;
}

function liveTasks(k: Kernel): Task[] {
  return k.tasks().filter((t) => t.alive).sort((a, b) => a.serial - b.serial);
}

/** The mounts that receive propagation from `m` (its peers and slaves, and theirs), without `m`. */
function receivers(m: Mount): Set<Mount> {
  const seen = new Set<Mount>([m]);
  const queue = [m];
  for (let x = queue.pop(); x; x = queue.pop()) {
    const next: Mount[] = [...x.slaves];
    for (let p = x.nextPeer; p !== x; p = p.nextPeer) next.push(p);
    for (const n of next) {
      if (seen.has(n)) continue;
      seen.add(n);
      queue.push(n);
    }
  }
  seen.delete(m);
  return seen;
}

/** Checks made after a successful call, with what was looked at before it. */
type Post = () => void;

/**
 * A new mount (tmpfs, or a bind) on a place: it is on the place, and a copy of it is on the same place under
 * every mount that receives propagation from the place's mount and shows the place, and nowhere else (M4.1,
 * M4.6); what was there before is still there (on top of a copy, mnt_change_mountpoint).
 */
function attachPost(k: Kernel, t: Task, p: string, source?: string): Post | undefined {
  let at: VfsPath;
  let src: VfsPath | undefined;
  try {
    at = lookup(k, t, p, 'mount');
    if (source !== undefined) src = lookup(k, t, source, 'mount');
  } catch {
    return undefined;
  }
  // lock_mount: the new mount goes on the top of what is mounted on the place.
  const top = followDown(at.mnt, at.dentry);
  const dest = top.mnt;
  const mp = top.dentry;
  const expected = dest.shared ? [...receivers(dest)].filter((r) => mp.isSubdirOf(r.root)) : [];
  const all = (): Mount[] => mntNamespaces(k).flatMap((ns) => [...ns.mounts]);
  const newest = Math.max(...all().map((m) => m.uniqueId));
  const covered = new Map(expected.map((r) => [r, r.childAt.get(mp)]));
  return () => {
    const made = dest.childAt.get(mp);
    expect(made !== undefined && made.uniqueId > newest, 'a new mount is on the place').toBe(true);
    if (!made) return;
    const sb = made.sb;
    if (src) expect(sb === src.mnt.sb && made.root === src.dentry, 'the bind shows its source').toBe(true);
    else expect(sb.fstype).toBe('tmpfs');
    for (const r of expected) {
      const copy = r.childAt.get(mp);
      expect(copy !== undefined && copy.uniqueId > newest && copy.sb === sb && copy.root === made.root, `receiver ${r.id} got a copy`).toBe(true);
      const old = covered.get(r);
      if (old && copy) expect(old.parent === copy && old.mountpoint === copy.root, `what was on receiver ${r.id} went on top of its copy`).toBe(true);
    }
    // The tops of the new trees hang on mounts that were there before; each is a copy of the new mount.
    const tops = all().filter((m) => m.uniqueId > newest && m.parent.uniqueId <= newest);
    expect(tops.every((m) => m.sb === sb && m.root === made.root), 'every new tree is a copy of the new mount').toBe(true);
    expect(tops.length, 'copies made beyond the receivers').toBe(1 + expected.length);
  };
}

/** The propagation a copy of a mount has in a new namespace (M2.5-M2.7), as mountinfo prints it. */
function copiedPropagation(optional: readonly string[], crossOwner: boolean): string {
  const shared = optional.find((o) => o.startsWith('shared:'));
  const master = optional.find((o) => o.startsWith('master:'));
  if (!crossOwner) return [shared, master].filter((o) => o !== undefined).join(' ');
  if (shared) return `master:${shared.slice('shared:'.length)}`;
  return master ?? '';
}

/** Whether a mount is a mount-namespace file binding or is mounted on one (copy_tree skips those subtrees, M2.3). */
function underMntnsBinding(m: Mount): boolean {
  for (let p = m; ; p = p.parent) {
    if (p.root.ns?.type === 'mnt') return true;
    if (!p.hasParent) return false;
  }
}

/** A task's mountinfo in the order of its namespace's tree (copy_tree copies depth first, so the copy's ids follow that order). */
function treeOrderedInfo(k: Kernel, t: Task): { line: string; optional: readonly string[] }[] {
  const order = new Map(subtree(mntNsOf(k, t).root).map((m, i) => [m, i]));
  return mountInfo(k, t)
    .filter((e) => !underMntnsBinding(e.mount))
    .sort((a, b) => (order.get(a.mount) ?? 0) - (order.get(b.mount) ?? 0))
    .map((e) => ({ line: `${e.mountPoint} ${e.fstype} ${e.root} ${e.options}`, optional: e.optional }));
}

/** clone/unshare with CLONE_NEWNS: the copy shows the creator's mounts (no mntns bindings, M2.3) with M2.5-M2.7's propagation. */
function copyPost(k: Kernel, t: Task, flags: number, child: () => Task | undefined): Post | undefined {
  if (!(flags & CLONE_NEWNS)) return undefined;
  const before = treeOrderedInfo(k, t);
  const oldNs = mntNsOf(k, t);
  const lockedBefore = [...oldNs.mounts].filter((m) => m.locked && !underMntnsBinding(m)).length;
  return () => {
    const task = child() ?? t;
    const ns = mntNsOf(k, task);
    expect(ns === oldNs, 'a new namespace').toBe(false);
    const cross = ns.ownerNs !== oldNs.ownerNs;
    const after = treeOrderedInfo(k, task);
    expect(after.map((e) => e.line)).toEqual(before.map((e) => e.line));
    expect(mountInfo(k, task).length, 'mntns bindings are left out').toBe(after.length);
    // M2.8: a less privileged copy is locked below its root; a same-owner copy keeps the locks it had (M3.10).
    const locked = [...ns.mounts].filter((m) => m.locked).length;
    expect(locked, 'locked mounts in the copy').toBe(cross ? ns.nrMounts - 1 : lockedBefore);
    expect(ns.root.locked, 'the root of the copy is not locked').toBe(false);
    // When the call dropped the last reference to the old namespace, its mounts went private (put_mnt_ns) and took their
    // slaves and peers with them: the copies' propagation is then not the originals'.
    if (!k.namespaces().includes(oldNs)) return;
    after.forEach((e, i) => {
      const b = before[i];
      if (!b) return;
      const got = e.optional.filter((o) => !o.startsWith('propagate_from:')).join(' ');
      expect(got, `${e.line}: ${b.optional.join(' ')} copied ${cross ? 'to another owner' : 'to the same owner'}`).toBe(copiedPropagation(b.optional, cross));
    });
  };
}

/** Runs one op; returns the checks to make if it succeeds. */
function apply(w: World, o: Op): Post | undefined {
  const { k, init } = w;
  const live = liveTasks(k);
  const pick = (i: number): Task => live[i % live.length] as Task;
  const P = (i: number): string => PATHS[i % PATHS.length] as string;
  switch (o.op) {
    case 'mkdir':
      mkdir(k, pick(o.t), DIRS[o.p] as string);
      return undefined;
    case 'tmpfs': {
      const t = pick(o.t);
      const post = attachPost(k, t, P(o.p));
      mount(k, t, P(o.p), { kind: 'tmpfs' });
      return post;
    }
    case 'proc':
      mount(k, pick(o.t), P(o.p), { kind: 'proc' });
      return undefined;
    case 'bind': {
      const t = pick(o.t);
      const post = attachPost(k, t, P(o.dst), P(o.src));
      mount(k, t, P(o.dst), { kind: o.recursive ? 'rbind' : 'bind', source: P(o.src) });
      return post;
    }
    case 'move':
      mount(k, pick(o.t), P(o.dst), { kind: 'move', source: P(o.src) });
      return undefined;
    case 'remount':
      mount(k, pick(o.t), P(o.p), { kind: 'remount', flags: o.flags });
      return undefined;
    case 'propagation':
      mount(k, pick(o.t), P(o.p), { kind: 'propagation', type: o.type, recursive: o.recursive });
      return undefined;
    case 'umount': {
      const t = pick(o.t);
      umount2(k, t, P(o.p), { detach: o.lazy });
      return undefined;
    }
    case 'clone': {
      if (live.length >= MAX_TASKS) return undefined;
      const t = pick(o.t);
      const made: { child?: Task } = {};
      const post = copyPost(k, t, o.flags, () => made.child);
      made.child = k.clone(t, o.flags);
      return post;
    }
    case 'unshare': {
      const t = pick(o.t);
      const post = copyPost(k, t, o.flags, () => undefined);
      k.unshare(t, o.flags);
      return post;
    }
    case 'setns': {
      const t = pick(o.t);
      const fd = k.openNs(t, pick(o.target), 'mnt');
      try {
        k.setns(t, fd, CLONE_NEWNS);
      } finally {
        k.close(t, fd);
      }
      return undefined;
    }
    case 'setns-path': {
      const t = pick(o.t);
      const ns = nsAt(k, t, PINS[o.p] as string);
      const fd = k.openNsInode(t, ns);
      try {
        k.setns(t, fd, 0);
      } finally {
        k.close(t, fd);
      }
      return undefined;
    }
    case 'chdir':
      chdir(k, pick(o.t), P(o.p));
      return undefined;
    case 'chroot': {
      const t = pick(o.t);
      chroot(k, t, P(o.p));
      return undefined;
    }
    case 'pivot': {
      const neu = PIVOTS[o.neu] as string;
      pivotRoot(k, pick(o.t), neu, o.sub ? `${neu}/d` : neu);
      return undefined;
    }
    case 'pin':
      pin(k, pick(o.t), pick(o.target), o.entry, PINS[o.p] as string);
      return undefined;
    case 'drop':
      k.setresuid(pick(o.t), 1000, 1000, 1000);
      return undefined;
    case 'limit': {
      const state = mntState(k);
      state.mountMax = o.slack === 4 ? MOUNT_MAX : Math.max(...mntNamespaces(k).map((ns) => ns.nrMounts)) + o.slack;
      return undefined;
    }
    case 'exit': {
      const t = pick(o.t);
      if (t !== init) k.exit(t);
      return undefined;
    }
  }
}

/** current_chrooted(): the root is not the namespace's root followed down through what is mounted on it. */
function currentChrooted(root: VfsPath, ns: MntNamespace): boolean {
  return !root.equals(nsRootPath(ns));
}

function check(w: World): void {
  const { k } = w;
  expect(structureProblems(k)).toEqual([]);
  expect(kernelProblems(k)).toEqual([]);
  expectBalancedRefcounts(k);
  const refs = new Map<Mount, number>();
  const seenFs = new Set<FsStruct>();
  for (const t of liveTasks(k)) {
    const fs = t.fs;
    if (!fs) continue;
    const { root, pwd } = fs;
    if (!(root instanceof VfsPath) || !(pwd instanceof VfsPath)) throw new Error(`task ${t.serial} has no paths`);
    const ns = mntNsOf(k, t);
    for (const p of [root, pwd]) {
      expect(p.mnt.ns === ns || (p.mnt.ns === null && p.mnt.detached), `task ${t.serial}: its root or cwd is in another namespace`).toBe(true);
    }
    if (!seenFs.has(fs)) {
      seenFs.add(fs);
      for (const p of [root, pwd]) refs.set(p.mnt, (refs.get(p.mnt) ?? 0) + 1);
    }
    // current_chrooted(), as a user namespace's creation asks it: computed from the tree as it is now.
    expect(fs.chrooted, `task ${t.serial}: chrooted`).toBe(root.mnt.ns === null || currentChrooted(root, root.mnt.ns));
    const text = mountInfoText(k, t);
    expect(mountInfoProblems(text, [root.mnt.id, root.mnt.parent.id]), text).toEqual([]);
  }
  for (const ns of mntNamespaces(k)) {
    for (const m of ns.mounts) expect(m.pathRefs, `mount ${m.id}: path references`).toBe(refs.get(m) ?? 0);
  }
  for (const [m, n] of refs) expect(m.pathRefs, `mount ${m.id}: path references`).toBe(n);
}

/** The scenario area's world, with the directories the calls name made on /tmp/nss. */
function start(): World {
  const { kernel: k, init } = boot();
  setupNss(k, init);
  for (const d of ['a', 'b', 'c', 'a/d', 'b/d', 'c/d', 'a/d/e']) mkdir(k, init, `/tmp/nss/${d}`);
  mntState(k).mountMax = MOUNT_MAX;
  return { k, init };
}

function run(ops: readonly Op[]): void {
  const w = start();
  const { k } = w;
  check(w);
  for (const o of ops) {
    const before = fingerprint(k);
    let post: Post | undefined;
    let failed = false;
    try {
      post = apply(w, o);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      failed = true;
      expect(fingerprint(k), `${e.message}: a failed ${o.op} changed the kernel`).toBe(before);
    }
    if (!failed) post?.();
    check(w);
  }
}

test.prop([fc.array(opArb, { minLength: 1, maxLength: 40 })], { numRuns: propertyRuns(150) })(
  'mount trees, propagation, mountinfo and refcounts stay consistent over any sequence of calls; a failed call changes nothing',
  (ops) => run(ops),
);

/** A start that shares a tree, so that propagation is exercised from the first step. */
const sharedStart: Op[] = [
  { op: 'tmpfs', t: 0, p: 1 },
  { op: 'propagation', t: 0, p: 1, type: 'shared', recursive: true },
  { op: 'bind', t: 0, src: 1, dst: 2, recursive: true },
];

/** Then a same-owner copy (pinned at /tmp/nss/pin) and a less privileged copy, so that propagation crosses namespaces. */
const namespacesStart: Op[] = [
  ...sharedStart,
  { op: 'clone', t: 0, flags: CLONE_NEWNS },
  { op: 'pin', t: 0, target: 1, entry: 'mnt', p: 0 },
  { op: 'clone', t: 0, flags: CLONE_NEWNS | CLONE_NEWUSER },
];

test.prop([fc.array(opArb, { minLength: 1, maxLength: 30 })], { numRuns: propertyRuns(100) })(
  'the same, from a shared mount with a peer, a pinned copy and a less privileged copy',
  (ops) => run([...namespacesStart, ...ops]),
);

/** The ops above, at fixed places, as a smoke test that each runs (so a typo in a path cannot make a whole op fail always). */
test('each op succeeds somewhere', () => {
  const w = start();
  const ops: Op[] = [
    ...sharedStart,
    { op: 'mkdir', t: 0, p: 3 },
    { op: 'tmpfs', t: 0, p: 4 },
    { op: 'bind', t: 0, src: 4, dst: 3, recursive: false },
    { op: 'remount', t: 0, p: 3, flags: { ro: true } },
    { op: 'propagation', t: 0, p: 3, type: 'slave', recursive: false },
    { op: 'umount', t: 0, p: 3, lazy: false },
    { op: 'clone', t: 0, flags: CLONE_NEWNS },
    { op: 'clone', t: 0, flags: CLONE_NEWNS | CLONE_NEWUSER },
    { op: 'unshare', t: 1, flags: CLONE_NEWNS },
    { op: 'propagation', t: 1, p: 9, type: 'private', recursive: true },
    { op: 'pivot', t: 1, neu: 1, sub: false },
    { op: 'setns', t: 1, target: 0 },
    { op: 'pin', t: 0, target: 2, entry: 'mnt', p: 0 },
    { op: 'setns-path', t: 1, p: 0 },
    { op: 'exit', t: 2 },
    { op: 'umount', t: 0, p: 14, lazy: true },
    { op: 'move', t: 0, src: 2, dst: 3 },
    { op: 'chdir', t: 0, p: 1 },
    { op: 'chdir', t: 0, p: 12 },
    { op: 'chroot', t: 0, p: 10 },
  ];
  for (const o of ops) {
    apply(w, o);
    check(w);
  }
});
