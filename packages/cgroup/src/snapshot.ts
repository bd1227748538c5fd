/**
 * Snapshots of the cgroup type (no Linux counterpart): the v2 hierarchy as
 * JSON for `Kernel.snapshot()` — every cgroup (the live tree depth first in
 * creation order, then the removed ones a namespace, a zombie or a mount may
 * still name), each with its owner and its live tasks in the order they
 * joined (cgroup.procs lists them so), each task's cgroup, nsdelegate — and
 * the hierarchy rebuilt for `Kernel.restore()`.
 */
import type { ReviveStateRefs, SaveStateRefs, Task } from '@nsproxy/core';
import type { Kernel } from '@nsproxy/core';
import { Cgroup, CgroupHierarchy } from './index.ts';

/** One cgroup: id, name, parent's id (absent for the root), owner, removed, live tasks (serials, in joining order). */
interface SavedCgroup {
  id: number;
  n: string;
  p?: number;
  uid: number;
  gid: number;
  dead?: true;
  tasks?: number[];
}

/** What `saveState` of the cgroup type gives. */
export interface SavedCgroupState {
  nsDelegate: boolean;
  nextId: number;
  cgroups: SavedCgroup[];
  /** Each task's cgroup: [task serial, cgroup id], in the kernel's task order. */
  members: [number, number][];
}

/** The hierarchy of a kernel as JSON. */
export function saveCgroupState(kernel: Kernel, h: CgroupHierarchy, refs: SaveStateRefs): SavedCgroupState {
  const list: Cgroup[] = [];
  const stack = [h.root];
  while (stack.length > 0) {
    const c = stack.pop() as Cgroup;
    list.push(c);
    stack.push(...[...c.children.values()].reverse());
  }
  list.push(...h.removed);
  const cgroups = list.map((c): SavedCgroup => {
    const r: SavedCgroup = { id: c.id, n: c.name, uid: c.uid, gid: c.gid };
    if (c.parent) r.p = c.parent.id;
    if (c.dead) r.dead = true;
    if (c.tasks.size > 0) r.tasks = [...c.tasks].map((t) => refs.task(t) ?? -1);
    return r;
  });
  const members: [number, number][] = [];
  for (const t of kernel.taskSet) {
    const c = h.member.get(t);
    if (c) members.push([t.serial, c.id]);
  }
  return { nsDelegate: h.nsDelegate, nextId: h.nextId, cgroups, members };
}

/** The hierarchies being restored, by id, for `cgroupById` (index.ts). */
export const revivedCgroups: WeakMap<CgroupHierarchy, Map<number, Cgroup>> = new WeakMap();

/** A hierarchy rebuilt from `saveCgroupState`'s JSON; the tasks join their cgroups once they exist (`refs.defer`). */
export function reviveCgroupState(data: SavedCgroupState, refs: ReviveStateRefs): CgroupHierarchy {
  const h = new CgroupHierarchy();
  const byId = new Map<number, Cgroup>();
  const saved = new Map(data.cgroups.map((r) => [r.id, r]));
  // A removed cgroup may come before its parent (the child is removed first): parents are made on demand.
  const make = (r: SavedCgroup): Cgroup => {
    const have = byId.get(r.id);
    if (have) return have;
    let c: Cgroup;
    if (r.p === undefined) c = h.root;
    else {
      const parentRecord = saved.get(r.p);
      if (!parentRecord || r.p === r.id) throw new Error(`snapshot: cgroup ${r.n} has a parent ${r.p} that is not in the snapshot`);
      const parent = make(parentRecord);
      c = new Cgroup(h, r.n, parent, r.uid, r.gid);
      if (!r.dead) parent.children.set(r.n, c);
    }
    (c as { id: number }).id = r.id;
    c.dead = r.dead === true;
    byId.set(r.id, c);
    return c;
  };
  for (const r of data.cgroups) {
    const c = make(r);
    if (r.dead) h.removed.push(c);
  }
  h.nsDelegate = data.nsDelegate;
  h.nextId = data.nextId;
  revivedCgroups.set(h, byId);
  refs.defer(() => {
    const task = (serial: number): Task => refs.task(serial) ?? missing(`task ${serial}`);
    for (const r of data.cgroups) for (const s of r.tasks ?? []) (byId.get(r.id) as Cgroup).tasks.add(task(s));
    for (const [serial, id] of data.members) h.member.set(task(serial), byId.get(id) ?? missing(`cgroup ${id}`));
  });
  return h;
}

function missing(what: string): never {
  throw new Error(`snapshot: ${what} is not in the snapshot`);
}
