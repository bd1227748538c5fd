/**
 * The model at scale: a machine of many live tasks across many namespaces
 * (time and heap), an lsns-style listing of it, a deep pid namespace tree with
 * every task's pid translated at every level, and a big mount namespace
 * copied. Built with the public API only (clone from tasks in the
 * namespaces). Heap figures are `process.memoryUsage().heapUsed` after a full
 * `gc()` (node --expose-gc; bench.ts re-executes itself with it).
 */
import { CLONE_NEWPID } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import type { ScaleSizes } from './catalog.ts';
import type { LoadedPackages } from './packages.ts';
import { TYPE_FLAGS, missingReason } from './packages.ts';
import { NSS_DIR, makeKernel, mntApi, privateMntNs } from './model.ts';
import { fastest } from './report.ts';

/** The types of the big machine's namespaces: every group of tasks has a new namespace of each that is built. */
export const SCALE_TYPES = ['user', 'mnt', 'uts', 'ipc', 'pid', 'net', 'cgroup', 'time'] as const;

export interface TasksScale {
  readonly tasks: number;
  /** Groups of tasks, each in new namespaces of every type of `ns_types`: the namespaces of each type beyond the initial one. */
  readonly namespaces: number;
  readonly ns_types: readonly string[];
  /** The namespaces lsns lists, by type (each type's `namespaces` and its initial one). */
  readonly ns_by_type: Readonly<Record<string, number>>;
  readonly build_ms: number;
  /** heapUsed of the whole process with the machine built. */
  readonly heap_bytes: number;
  /** heapUsed growth from before the kernel was created. */
  readonly model_heap_bytes: number;
  readonly bytes_per_task: number;
  /** What a group leader costs beyond a plain task, divided by the namespaces it made (one of each type). */
  readonly bytes_per_namespace: number;
  /**
   * What one new namespace of each type costs alone: a task cloned from init
   * with that one CLONE_NEW* flag, beyond a task cloned with none (measured
   * on a kernel of its own, over 10,000 tasks).
   */
  readonly bytes_by_type: Readonly<Record<string, number>>;
  readonly heap_target_bytes: number;
  /** Whether the heap stayed under the target; null for a quick run (the target is for the full size). */
  readonly heap_target_met: boolean | null;
  readonly lsns_rows: number;
  /** The listing (`Kernel.namespaceListing`: what lsns lists, column by column), the fastest of three. */
  readonly lsns_ms: number;
  /** The same listing made into an object per row (`Kernel.listNamespaces`), once. */
  readonly lsns_objects_ms: number;
  readonly lsns_target_ms: number;
  /** Whether lsns stayed under its target; null for a quick run. */
  readonly lsns_target_met: boolean | null;
}

export interface PidTreeScale {
  readonly depth: number;
  readonly tasks: number;
  readonly build_ms: number;
  readonly translations: number;
  readonly ns_per_translation: number;
}

export type Missing = { readonly missing: string };
export type Failed = { readonly error: string };

export interface MntnsCopyScale {
  /** Mounts in the namespace copied (rootfs, `/`, /proc, /tmp, /tmp/nss-bench and tmpfs mounts in it). */
  readonly mounts: number;
  readonly build_ms: number;
  /** unshare(CLONE_NEWNS) by a task sharing the namespace (which lives on), the fastest of `copies`. */
  readonly copy_ms: number;
  readonly copies: number;
  readonly ns_per_mount: number;
  readonly copy_target_ms: number;
  /** Whether the copy stayed under the target; null for a quick run (the target is for the full size). */
  readonly copy_target_met: boolean | null;
  /** The exit of the last task of a copy: put_mnt_ns unmounts its whole tree (once). */
  readonly drop_ms: number;
  /** umount2(2) of one tmpfs mount of the namespace (the last mounted), then mount(2) of it again: the fastest of a few. */
  readonly umount_us: number;
  readonly mount_us: number;
}

export interface ScaleReport {
  readonly tasks: TasksScale | Missing | Failed;
  readonly pid_tree: PidTreeScale | Missing | Failed;
  readonly mntns_copy: MntnsCopyScale | Missing | Failed;
}

function gcNow(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/**
 * A full collection, then a second's wait for its sweeping, which runs on
 * other threads after gc() returns: on a 2-vCPU machine a listing started
 * right after gc() ran 1.2 to 1.6 times slower than one started a second later.
 */
function collectAndSettle(): void {
  gcNow();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

function heapUsed(): number {
  gcNow();
  return process.memoryUsage().heapUsed;
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function errorOf(e: unknown): Failed {
  return { error: e instanceof Error ? e.message : String(e) };
}

/**
 * `tasks` live tasks in `namespaces` groups, as a container runtime starts
 * `namespaces` containers: a leader cloned from init into new namespaces of
 * every type at once (one clone with every CLONE_NEW* flag that is built),
 * then the rest of its group cloned from the leader, in its namespaces. So
 * the machine holds `namespaces` namespaces of each type besides the
 * initial ones, and lsns lists every one of them.
 */
export function tasksScale(loaded: LoadedPackages, sizes: ScaleSizes, full: boolean): TasksScale | Missing | Failed {
  const types = SCALE_TYPES.filter((t) => loaded.types.has(t));
  if (types.length === 0) return { missing: 'missing (no namespace type is built)' };
  let flags = 0;
  for (const t of types) flags |= TYPE_FLAGS[t] ?? 0;
  try {
    const h0 = heapUsed();
    const t0 = process.hrtime.bigint();
    let k: Kernel | null = makeKernel(loaded);
    const init = k.initTask;
    const leaders: Task[] = [];
    for (let i = 0; i < sizes.namespaces; i++) leaders.push(k.clone(init, flags));
    const leadersMs = ms(t0);
    const h1 = heapUsed();
    const t1 = process.hrtime.bigint();
    const rest = sizes.tasks - sizes.namespaces;
    for (let i = 0; i < rest; i++) k.clone(leaders[i % leaders.length] as Task, 0);
    const buildMs = leadersMs + ms(t1);
    const h2 = heapUsed();
    const live = k.tasks().length - 1;
    if (live !== sizes.tasks) throw new Error(`built ${live} tasks, wanted ${sizes.tasks}`);
    const perTask = rest > 0 ? (h2 - h1) / rest : 0;
    // What the leaders cost beyond plain tasks, per namespace (every leader made one of each type).
    const perNs = (h1 - h0 - sizes.namespaces * perTask) / (sizes.namespaces * types.length);
    // lsns over the whole machine: the fastest of three listings, checked by type; then the rows as
    // objects. Each starts after a full collection and its sweeping (what the build left is not the
    // listing's to pay for).
    const times: number[] = [];
    let listing: { readonly length: number; type(i: number): string } | null = null;
    for (let r = 0; r < 3; r++) {
      listing = null;
      if (full) collectAndSettle();
      const tl = process.hrtime.bigint();
      listing = k.namespaceListing();
      times.push(ms(tl));
    }
    const byType: Record<string, number> = {};
    const lsnsRows = listing?.length ?? 0;
    for (let i = 0; i < lsnsRows; i++) {
      const type = listing?.type(i) ?? '';
      byType[type] = (byType[type] ?? 0) + 1;
    }
    listing = null;
    for (const t of types) {
      if ((byType[t] ?? 0) < sizes.namespaces + 1) throw new Error(`lsns lists ${byType[t] ?? 0} ${t} namespaces, wanted ${sizes.namespaces + 1}`);
    }
    if (full) collectAndSettle();
    const to = process.hrtime.bigint();
    let rows: readonly unknown[] | null = k.listNamespaces();
    const lsnsObjectsMs = ms(to);
    if (rows.length !== lsnsRows) throw new Error(`lsns made ${rows.length} rows of a listing of ${lsnsRows}`);
    rows = null;
    const lsnsMs = fastest(times);
    leaders.length = 0;
    k = null;
    const byTypeBytes = bytesByType(loaded, types, 10_000);
    const result: TasksScale = {
      tasks: sizes.tasks, namespaces: sizes.namespaces, ns_types: types, ns_by_type: byType, build_ms: buildMs,
      heap_bytes: h2, model_heap_bytes: h2 - h0, bytes_per_task: perTask, bytes_per_namespace: perNs, bytes_by_type: byTypeBytes,
      heap_target_bytes: sizes.heapTarget, heap_target_met: full ? h2 < sizes.heapTarget : null,
      lsns_rows: lsnsRows, lsns_ms: lsnsMs, lsns_objects_ms: lsnsObjectsMs, lsns_target_ms: sizes.lsnsTargetMs, lsns_target_met: full ? lsnsMs < sizes.lsnsTargetMs : null,
    };
    gcNow();
    return result;
  } catch (e) {
    return errorOf(e);
  }
}

/** Heap per new namespace of each type alone (see TasksScale.bytes_by_type), from `n` tasks cloned from init. */
function bytesByType(loaded: LoadedPackages, types: readonly string[], n: number): Record<string, number> {
  const perTask = (flag: number): number => {
    const k = makeKernel(loaded);
    const tasks: Task[] = [];
    const h0 = heapUsed();
    for (let i = 0; i < n; i++) tasks.push(k.clone(k.initTask, flag));
    const bytes = (heapUsed() - h0) / n;
    tasks.length = 0;
    return bytes;
  };
  const plain = perTask(0);
  const out: Record<string, number> = {};
  for (const t of types) out[t] = perTask(TYPE_FLAGS[t] ?? 0) - plain;
  return out;
}

/**
 * A pid namespace chain `depth` deep from the initial one, with its init and
 * one more task at every level; every task's pid is translated in every
 * level's namespace (0 where it has none), and checked.
 */
export function pidTreeScale(loaded: LoadedPackages, sizes: ScaleSizes, rounds: number): PidTreeScale | Missing | Failed {
  const why = missingReason(loaded, ['pid']);
  if (why) return { missing: why };
  try {
    const k = makeKernel(loaded);
    const t0 = process.hrtime.bigint();
    const inits: Task[] = [k.initTask];
    const tasks: Task[] = [k.initTask];
    for (let level = 1; level <= sizes.pidDepth; level++) {
      const parent = inits[level - 1] as Task;
      const init = k.clone(parent, CLONE_NEWPID);
      inits.push(init);
      tasks.push(init);
    }
    for (const init of inits) tasks.push(k.clone(init, 0));
    const buildMs = ms(t0);
    // Check: a task at level L has a number at every level <= L and none deeper; an init is 1 in its own.
    for (const t of tasks) {
      const level = t.pid.ns.level;
      for (let j = 0; j < inits.length; j++) {
        const nr = k.pidOf(t, inits[j] as Task);
        if ((j <= level) !== (nr > 0)) throw new Error(`pid of a level-${level} task at level ${j} is ${nr}`);
      }
      if (inits.includes(t) && k.pidOf(t, t) !== 1) throw new Error(`the init of level ${level} is not pid 1 there`);
    }
    let sum = 0;
    const translate = (): void => {
      for (const t of tasks) for (const viewer of inits) sum += k.pidOf(t, viewer);
    };
    translate();
    const tt = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) translate();
    const elapsed = Number(process.hrtime.bigint() - tt);
    if (sum <= 0) throw new Error('no pid translated');
    const translations = tasks.length * inits.length;
    return { depth: sizes.pidDepth, tasks: tasks.length, build_ms: buildMs, translations, ns_per_translation: elapsed / (translations * rounds) };
  } catch (e) {
    return errorOf(e);
  }
}

/**
 * A mount namespace of `sizes.mounts` mounts (kbench.c's private namespace,
 * the rest tmpfs mounts in one directory, /tmp/nss-bench) copied by
 * unshare(CLONE_NEWNS) of a task sharing it, so that only the copy is timed;
 * then one copy dropped (its last task exits), and one mount of it unmounted
 * and mounted again: those are where whole-tree or whole-directory work in
 * a single operation shows.
 */
export function mntnsCopyScale(loaded: LoadedPackages, sizes: ScaleSizes, full: boolean, copies = 3): MntnsCopyScale | Missing | Failed {
  const why = missingReason(loaded, ['mnt']);
  if (why) return { missing: why };
  try {
    const api = mntApi(loaded);
    const k = makeKernel(loaded);
    const t0 = process.hrtime.bigint();
    const { task, mounts, extra } = privateMntNs(k, loaded, { total: sizes.mounts });
    const buildMs = ms(t0);
    if (mounts !== sizes.mounts || extra < 1) throw new Error(`built ${mounts} mounts (${extra} in ${NSS_DIR}), wanted ${sizes.mounts}`);
    // One mount among all the others: umount2 and mount again (the last mounted, so the namespace is the same after).
    const last = `${NSS_DIR}/m${extra - 1}`;
    const umounts: number[] = [];
    const mountsAgain: number[] = [];
    for (let r = 0; r < 5; r++) {
      const tu = process.hrtime.bigint();
      api.umount2(k, task, last);
      umounts.push(Number(process.hrtime.bigint() - tu) / 1e3);
      const tm = process.hrtime.bigint();
      api.mount(k, task, last, { kind: 'tmpfs' });
      mountsAgain.push(Number(process.hrtime.bigint() - tm) / 1e3);
    }
    const flag = TYPE_FLAGS.mnt ?? 0;
    const times: number[] = [];
    const kept: Task[] = [];
    for (let r = 0; r < copies; r++) {
      const sharer = k.clone(task, 0);
      gcNow();
      const tc = process.hrtime.bigint();
      k.unshare(sharer, flag);
      times.push(ms(tc));
      const copied = api.mntNsOf(k, sharer).nrMounts;
      if (copied !== mounts) throw new Error(`the copy has ${copied} mounts, the original ${mounts}`);
      kept.push(sharer);
    }
    gcNow();
    const td = process.hrtime.bigint();
    k.exit(kept.pop() as Task);
    const dropMs = ms(td);
    const copyMs = fastest(times);
    return {
      mounts, build_ms: buildMs, copy_ms: copyMs, copies, ns_per_mount: (copyMs * 1e6) / mounts, copy_target_ms: sizes.copyTargetMs,
      copy_target_met: full ? copyMs < sizes.copyTargetMs : null, drop_ms: dropMs, umount_us: fastest(umounts), mount_us: fastest(mountsAgain),
    };
  } catch (e) {
    return errorOf(e);
  }
}

/** Every scale measurement, in order. */
export function runScale(loaded: LoadedPackages, sizes: ScaleSizes, full: boolean): ScaleReport {
  return {
    tasks: tasksScale(loaded, sizes, full),
    pid_tree: pidTreeScale(loaded, sizes, full ? 2000 : 50),
    mntns_copy: mntnsCopyScale(loaded, sizes, full),
  };
}
