/**
 * Test helpers of @nsproxy/mnt: kernels booted with the mnt type (and the
 * testkit's toy user type, and a toy pid type for procfs in a new pid
 * namespace), the world the scenario area starts from, the structural
 * invariants of the mount trees and propagation, a fingerprint of all of it
 * (to check that a failed call changed nothing), and a mountinfo parser.
 */
import { CLONE_NEWPID, Kernel, PID_MAX_LIMIT, PidNamespace, SIGCHLD, defineNamespaceType, fail } from '@nsproxy/core';
import type { NamespaceOperations, Task } from '@nsproxy/core';
import { toyUserType } from '@nsproxy/testkit';
import { MntNamespace, VfsPath, chdir, mkdir, mntNamespaceType, mntState, mount, subtree } from '../src/index.ts';
import type { Mount } from '../src/index.ts';

export { errnoOf, errnoOrOk, expectBalancedRefcounts, expectRefused, kernelErrorOf, toyUserType, unprivilegedTask } from '@nsproxy/testkit';

/**
 * A pid namespace type with only what procfs needs: CLONE_NEWPID makes a child
 * pid namespace (owned by the creating user namespace); setns into one is
 * refused. The pid machinery itself (struct pid, numbers per level) is core's;
 * @nsproxy/pid is not a dependency of this package.
 */
export const toyPidType: NamespaceOperations<PidNamespace> = defineNamespaceType<PidNamespace>({
  name: 'pid',
  type: CLONE_NEWPID,
  order: 40,
  createInitial: (kernel, initUserNs) => new PidNamespace(toyPidType, initUserNs, null, null, kernel.options.pidMax ?? PID_MAX_LIMIT),
  copy(ctx) {
    const charge = ctx.chargeUcount();
    return new PidNamespace(toyPidType, ctx.userNs, ctx.old, charge, PID_MAX_LIMIT);
  },
  install: () => fail('EINVAL', 'setns', 'the toy pid type refuses setns'),
});

/** A kernel with the mnt and toy user types (and, with `pid`, the toy pid type); `init` reaps its children at once. */
export function boot(options: { readonly pid?: boolean; readonly extra?: readonly NamespaceOperations[] } = {}): { kernel: Kernel; init: Task } {
  const types: NamespaceOperations[] = [mntNamespaceType, toyUserType, ...(options.pid ? [toyPidType] : []), ...(options.extra ?? [])];
  const kernel = new Kernel({ namespaces: types });
  const init = kernel.initTask;
  kernel.sigaction(init, SIGCHLD, 'ignore');
  return { kernel, init };
}

/** What the scenario area's init does: `/` recursively private, a tmpfs on /tmp and one on /tmp/nss, both private; cwd `/`. */
export function setupNss(kernel: Kernel, init: Task): void {
  mount(kernel, init, '/', { kind: 'propagation', type: 'private', recursive: true });
  mount(kernel, init, '/tmp', { kind: 'tmpfs' });
  mount(kernel, init, '/tmp', { kind: 'propagation', type: 'private', recursive: false });
  mkdir(kernel, init, '/tmp/nss');
  mount(kernel, init, '/tmp/nss', { kind: 'tmpfs' });
  mount(kernel, init, '/tmp/nss', { kind: 'propagation', type: 'private', recursive: false });
  chdir(kernel, init, '/');
}

/** A kernel in the scenario area's start state (`setupNss`), with directories made under /tmp/nss. */
export function world(dirs: readonly string[] = [], options: { readonly pid?: boolean } = {}): { kernel: Kernel; init: Task } {
  const w = boot(options);
  setupNss(w.kernel, w.init);
  for (const d of dirs) mkdir(w.kernel, w.init, `/tmp/nss/${d}`);
  return w;
}

/** The live mount namespaces of a kernel. */
export function mntNamespaces(kernel: Kernel): MntNamespace[] {
  return kernel.namespaces().filter((ns): ns is MntNamespace => ns instanceof MntNamespace);
}

/** The members of a peer ring, from `m` (bounded, so a broken ring cannot loop forever). */
function ring(m: Mount, limit: number): Mount[] {
  const out: Mount[] = [m];
  for (let p = m.nextPeer; p !== m && out.length <= limit; p = p.nextPeer) out.push(p);
  return out;
}

/**
 * What is wrong with the mount trees and the propagation graph (empty when
 * nothing is):
 * - each namespace's mounts are exactly the tree under its root (no cycle,
 *   parent, children and the mount hash agree, mountpoints inside the
 *   parent's root), and each mount is in one namespace only;
 * - peer rings are consistent doubly linked rings whose members share one
 *   non-zero group id and are all shared (shared <=> a group id), two rings
 *   never share an id, and the allocator's ids in use are exactly those;
 * - every slave's master lists it exactly once, no mount is in two slave
 *   lists, every listed slave names that master, a master is shared and is
 *   not a peer of its slave, and no mount is its own master ancestor;
 * - an unbindable mount is neither shared nor a slave;
 * - every mount linked by propagation is in a namespace.
 */
export function structureProblems(kernel: Kernel): string[] {
  const problems: string[] = [];
  const say = (m: Mount, what: string): void => void problems.push(`mount ${m.id} (#${m.uniqueId}): ${what}`);
  const owner = new Map<Mount, MntNamespace>();
  const namespaces = mntNamespaces(kernel);
  for (const ns of namespaces) {
    for (const m of ns.mounts) {
      const other = owner.get(m);
      if (other) say(m, `in two namespaces (${other.nsId} and ${ns.nsId})`);
      owner.set(m, ns);
      if (m.ns !== ns) say(m, `in the set of mnt ns ${ns.nsId} but its ns is ${m.ns?.nsId ?? 'null'}`);
      if (m.detached) say(m, 'detached but in a namespace');
    }
    if (ns.root.hasParent) say(ns.root, `the root of mnt ns ${ns.nsId} has a parent`);
    const tree = new Set<Mount>();
    const walk = (m: Mount, depth: number): void => {
      if (tree.has(m) || depth > 10000) {
        say(m, 'reached twice walking the tree (a cycle)');
        return;
      }
      tree.add(m);
      for (const [mp, c] of m.childAt) {
        if (c.parent !== m) say(c, `hashed as a child of ${m.id} but its parent is ${c.parent.id}`);
        if (c.mountpoint !== mp) say(c, `hashed in ${m.id} on another dentry than its mountpoint`);
        if (c.mountpoint.sb !== m.sb || !c.mountpoint.isSubdirOf(m.root)) say(c, `mountpoint outside its parent ${m.id}'s root`);
        walk(c, depth + 1);
      }
    };
    walk(ns.root, 0);
    for (const m of tree) if (!ns.mounts.has(m)) say(m, `in the tree of mnt ns ${ns.nsId} but not in its set`);
    for (const m of ns.mounts) if (!tree.has(m)) say(m, `in the set of mnt ns ${ns.nsId} but not in its tree`);
    for (const m of ns.mounts) {
      let steps = 0;
      let p = m;
      while (p.hasParent && steps++ <= ns.mounts.size) p = p.parent;
      if (p !== ns.root) say(m, `its parents do not lead to the root of mnt ns ${ns.nsId}`);
    }
  }
  const all = [...owner.keys()];
  const limit = all.length + 1;
  const ringOf = new Map<number, Mount>();
  const inSlaveList = new Map<Mount, Mount>();
  for (const m of all) {
    if (m.nextPeer.prevPeer !== m || m.prevPeer.nextPeer !== m) say(m, 'peer links disagree');
    const peers = ring(m, limit);
    if (peers.length > limit) say(m, 'peer ring does not close');
    for (const p of peers) {
      if (!owner.has(p)) say(m, `peer #${p.uniqueId} is in no namespace`);
      if (p.groupId !== m.groupId) say(m, `peer ${p.id} has group ${p.groupId}, not ${m.groupId}`);
    }
    if (m.shared !== (m.groupId !== 0)) say(m, `shared=${m.shared} with group id ${m.groupId}`);
    if (peers.length > 1 && !peers.every((p) => p.shared)) say(m, 'a peer ring with a non-shared member');
    if (m.groupId) {
      const first = ringOf.get(m.groupId);
      if (!first) ringOf.set(m.groupId, m);
      else if (!peers.includes(first)) say(m, `group id ${m.groupId} is used by two rings`);
    }
    if (m.unbindable && (m.shared || m.master)) say(m, 'unbindable but shared or a slave');
    if (m.master) {
      const master = m.master;
      if (!owner.has(master)) say(m, `master #${master.uniqueId} is in no namespace`);
      const times = master.slaves.filter((s) => s === m).length;
      if (times !== 1) say(m, `listed ${times} times by its master ${master.id}`);
      if (!master.shared) say(m, `master ${master.id} is not shared`);
      if (m.groupId && master.groupId === m.groupId) say(m, 'a peer of its master');
      let steps = 0;
      for (let q: Mount | null = master; q; q = q.master) {
        if (q === m) {
          say(m, 'its own master ancestor');
          break;
        }
        if (steps++ > limit) {
          say(m, 'master chain does not end');
          break;
        }
      }
    }
    for (const s of m.slaves) {
      if (s.master !== m) say(s, `in the slave list of ${m.id} but its master is ${s.master?.id ?? 'none'}`);
      const other = inSlaveList.get(s);
      if (other && other !== m) say(s, `in the slave lists of ${other.id} and ${m.id}`);
      inSlaveList.set(s, m);
      if (!owner.has(s)) say(m, `slave #${s.uniqueId} is in no namespace`);
    }
  }
  const serials = mntState(kernel).groupSerial;
  const inUse = new Set(ringOf.keys());
  for (const id of serials.keys()) if (!inUse.has(id)) problems.push(`group id ${id} is allocated but no mount has it`);
  for (const id of inUse) if (!serials.has(id)) problems.push(`group id ${id} is used but not allocated`);
  return problems;
}

/** A stable label of a task's path: the mount's unique id and the dentry's path in its file system. */
function pathLabel(p: unknown): string {
  if (!(p instanceof VfsPath)) return String(p);
  return `#${p.mnt.uniqueId}:${p.dentry.path()}`;
}

/**
 * A fingerprint of everything a mount call may change: each namespace's
 * tree (mounts by unique id, parents, mountpoints, flags, propagation: group,
 * master, slaves in order, peers in ring order, unbindable), each task's
 * namespace, root, cwd and chroot state, the kernel's pins and refcounts.
 */
export function fingerprint(kernel: Kernel): string {
  const out: string[] = [];
  for (const ns of mntNamespaces(kernel)) {
    out.push(`ns ${ns.nsId} count ${ns.count} owner ${ns.ownerNs?.nsId ?? '-'} root #${ns.root.uniqueId} n ${ns.nrMounts}`);
    for (const m of subtree(ns.root)) {
      const peers = ring(m, 10000).map((p) => p.uniqueId).join(',');
      out.push([
        `  #${m.uniqueId} id ${m.id} parent #${m.parent.uniqueId} at ${m.mountpoint.path()} root ${m.root.path()} flags ${m.flags.toString(16)}`,
        `g ${m.groupId} ${m.shared ? 'shared' : ''} ${m.unbindable ? 'unbindable' : ''} master #${m.master?.uniqueId ?? '-'}`,
        `slaves ${m.slaves.map((s) => s.uniqueId).join(',')} peers ${peers} refs ${m.pathRefs} ro ${m.sb.readonly}`,
      ].join(' '));
    }
    const mounts = [...ns.mounts].map((m) => m.uniqueId).sort((a, b) => a - b);
    out.push(`  set ${mounts.join(',')}`);
  }
  for (const t of kernel.tasks()) {
    const fs = t.fs;
    out.push(`task ${t.serial} ${t.state} mnt ${kernel.peekNs(t, mntNamespaceType)?.nsId ?? '-'} user ${t.cred.userNs.nsId} uid ${t.cred.euid}`
      + ` root ${pathLabel(fs?.root)} pwd ${pathLabel(fs?.pwd)} chrooted ${fs?.chrooted ?? '-'} fsusers ${fs?.users ?? '-'} fds ${t.files?.size ?? '-'}`);
  }
  for (const [holder, ns] of kernel.pins()) out.push(`pin ${holder} ${ns.linkName}`);
  for (const ns of kernel.namespaces()) out.push(`${ns.linkName} ${ns.count}`);
  return out.join('\n');
}

/** One parsed mountinfo line. */
export interface ParsedMountInfo {
  readonly id: number;
  readonly parentId: number;
  readonly dev: string;
  readonly root: string;
  readonly mountPoint: string;
  readonly options: string;
  readonly optional: readonly string[];
  readonly fstype: string;
  readonly source: string;
  readonly superOptions: string;
}

/** Parses /proc/self/mountinfo text strictly (throws on a malformed line). */
export function parseMountInfo(text: string): ParsedMountInfo[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error('mountinfo does not end with a newline');
  return text.slice(0, -1).split('\n').map((line) => {
    const fields = line.split(' ');
    if (fields.length < 10) throw new Error(`fewer than 10 fields: ${line}`);
    const sep = fields.indexOf('-', 6);
    if (sep < 6 || fields.length - sep !== 4) throw new Error(`no ' - ' separator before three fields: ${line}`);
    const [id = '', parentId = '', dev = '', root = '', mountPoint = '', options = ''] = fields;
    if (!/^[1-9][0-9]*$/.test(id) || !/^[1-9][0-9]*$/.test(parentId)) throw new Error(`bad ids: ${line}`);
    if (!/^[0-9]+:[0-9]+$/.test(dev)) throw new Error(`bad device: ${line}`);
    if (!(root.startsWith('/') || /^[a-z_]+:\[[0-9]+\]$/.test(root)) || !mountPoint.startsWith('/')) throw new Error(`bad root or mount point: ${line}`);
    if (!/^(rw|ro)(,[a-z]+)*$/.test(options)) throw new Error(`bad options: ${line}`);
    const optional = fields.slice(6, sep);
    for (const o of optional) if (!/^((shared|master|propagate_from):[1-9][0-9]*|unbindable)$/.test(o)) throw new Error(`bad optional field ${o}: ${line}`);
    return {
      id: Number(id), parentId: Number(parentId), dev, root, mountPoint, options, optional,
      fstype: fields[sep + 1] ?? '', source: fields[sep + 2] ?? '', superOptions: fields[sep + 3] ?? '',
    };
  });
}

/**
 * What is wrong with a mountinfo text (empty when nothing is): it parses, ids
 * are unique, each parent id is a listed mount or one of `rootIds` (the
 * reader's root mount and its parent, which may be out of its reach: the
 * kernel shows rootfs to nobody, and a chroot hides what is above it), the
 * optional fields come in the kernel's order, each at most once.
 */
export function mountInfoProblems(text: string, rootIds: readonly number[]): string[] {
  let lines: ParsedMountInfo[];
  try {
    lines = parseMountInfo(text);
  } catch (e) {
    return [(e as Error).message];
  }
  const problems: string[] = [];
  const ids = new Set(lines.map((l) => l.id));
  if (ids.size !== lines.length) problems.push('a mount id is listed twice');
  for (const l of lines) {
    if (!ids.has(l.parentId) && !rootIds.includes(l.parentId)) problems.push(`mount ${l.id}: parent ${l.parentId} is not listed`);
    const kinds = l.optional.map((o) => o.split(':')[0] ?? '');
    const order = ['shared', 'master', 'propagate_from', 'unbindable'];
    const ranks = kinds.map((k) => order.indexOf(k));
    if (ranks.some((r, i) => i > 0 && r <= (ranks[i - 1] ?? -1))) problems.push(`mount ${l.id}: optional fields out of order: ${l.optional.join(' ')}`);
    if (kinds.includes('propagate_from') && !kinds.includes('master')) problems.push(`mount ${l.id}: propagate_from without master`);
    if (kinds.includes('unbindable') && (kinds.includes('shared') || kinds.includes('master'))) problems.push(`mount ${l.id}: unbindable and shared or slave`);
  }
  return problems;
}
