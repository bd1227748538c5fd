/**
 * The model's side of every op: the same operation as ../c/kbench.c, on a
 * fresh simulated kernel with every namespace type that is built, in this
 * process, warm (a warm-up batch first), timed over many iterations.
 */
import { Worker } from 'node:worker_threads';
import { CLONE_NEWPID, CLONE_NEWUTS, Kernel, SIGCHLD } from '@nsproxy/core';
import type { NamespaceOperations, Task } from '@nsproxy/core';
// Types only (erased): the package itself is loaded at run time, if built (packages.ts).
import type * as UserPackage from '@nsproxy/user';
import type { OpSpec } from './catalog.ts';
import type { LoadedPackages } from './packages.ts';
import { TYPE_FLAGS, missingReason } from './packages.ts';
import type { Measured } from './report.ts';
import { fastest } from './report.ts';

/** Runs `n` iterations of an op; returns the ns spent in the timed part. */
export type Runner = (n: number) => number;

/** A prepared op: its runner and, for per-unit targets, the units one iteration handles. */
export interface Prepared {
  readonly run: Runner;
  readonly units?: number;
}

/** A fresh kernel with every built namespace type, and limits that never get in the way. */
export function makeKernel(loaded: LoadedPackages): Kernel {
  return new Kernel({ namespaces: [...loaded.types.values()] as unknown as NamespaceOperations<never>[], maxNamespaces: 2 ** 31 - 1 });
}

function now(): bigint {
  return process.hrtime.bigint();
}

/** A task of the initial namespaces that reaps its children at once (SIGCHLD ignored). */
function reapingParent(k: Kernel): Task {
  const p = k.clone(k.initTask, 0, { comm: 'bench' });
  k.sigaction(p, SIGCHLD, 'ignore');
  return p;
}

/** unshare(flag) again and again on one task (the previous namespace is dropped each time). */
function loopUnshare(k: Kernel, flag: number, t: Task = k.clone(k.initTask, 0, { comm: 'bench' })): Runner {
  return (n) => {
    const t0 = now();
    for (let i = 0; i < n; i++) k.unshare(t, flag);
    return Number(now() - t0);
  };
}

/**
 * An op a task can do once, done by fresh tasks: clone a batch (not timed),
 * run the op on each (timed), let them exit (not timed).
 */
function perTask(k: Kernel, op: (t: Task) => void): Runner {
  const parent = reapingParent(k);
  return (n) => {
    let total = 0;
    for (let done = 0; done < n;) {
      const m = Math.min(1000, n - done);
      const tasks: Task[] = [];
      for (let i = 0; i < m; i++) tasks.push(k.clone(parent, 0));
      const t0 = now();
      for (const t of tasks) op(t);
      total += Number(now() - t0);
      for (const t of tasks) k.exit(t);
      done += m;
    }
    return total;
  };
}

/** clone with `flags` (exit signal SIGCHLD: the model's clone is clone3, where it is no flag), exit, wait. */
function cloneExitWait(k: Kernel, flags: number): Runner {
  const parent = k.clone(k.initTask, 0, { comm: 'bench' });
  return (n) => {
    const t0 = now();
    for (let i = 0; i < n; i++) {
      const c = k.clone(parent, flags);
      k.exit(c);
      k.wait(parent);
    }
    return Number(now() - t0);
  };
}

/**
 * What the bench uses of @nsproxy/mnt, written out here (the package is
 * loaded at run time, packages.ts): mount(2) of a new tmpfs, mkdir(2),
 * umount2(2), and the task's mount namespace with its mount count.
 */
export interface MntApi {
  readonly mount: (kernel: Kernel, task: Task, path: string, request: { readonly kind: 'tmpfs' }) => void;
  readonly mkdir: (kernel: Kernel, task: Task, path: string) => void;
  readonly umount2: (kernel: Kernel, task: Task, path: string) => void;
  readonly mntNsOf: (kernel: Kernel, task: Task) => { readonly nrMounts: number };
}

/** @nsproxy/mnt's functions the bench needs; throws when the package lacks one. */
export function mntApi(loaded: LoadedPackages): MntApi {
  const mod = loaded.modules.get('mnt');
  const { mount, mkdir, umount2, mntNsOf } = mod ?? {};
  if (typeof mount !== 'function' || typeof mkdir !== 'function' || typeof umount2 !== 'function' || typeof mntNsOf !== 'function') {
    throw new Error('@nsproxy/mnt lacks mount, mkdir, umount2 or mntNsOf');
  }
  return { mount, mkdir, umount2, mntNsOf } as MntApi;
}

/** Where the bench's mounts go (kbench.c's NSS_DIR). */
export const NSS_DIR = '/tmp/nss-bench';

/**
 * The namespace the mount ops copy, as kbench.c's private_mnt_ns makes it: a
 * task with a mount namespace of its own (a copy of the boot tree: rootfs,
 * `/`, /proc; all private), a tmpfs on /tmp, a tmpfs on /tmp/nss-bench and
 * `extra` more in /tmp/nss-bench/mN, or (`total`) as many as make the
 * namespace hold that many mounts. Returns the task, its namespace's mounts
 * and how many of them are in /tmp/nss-bench (m0 to m<extra - 1>).
 */
export function privateMntNs(
  k: Kernel, loaded: LoadedPackages, size: { readonly extra: number } | { readonly total: number },
): { task: Task; mounts: number; extra: number } {
  const api = mntApi(loaded);
  const t = k.clone(k.initTask, 0, { comm: 'bench' });
  k.unshare(t, TYPE_FLAGS.mnt ?? 0);
  api.mount(k, t, '/tmp', { kind: 'tmpfs' });
  api.mkdir(k, t, NSS_DIR);
  api.mount(k, t, NSS_DIR, { kind: 'tmpfs' });
  const ns = api.mntNsOf(k, t);
  const extra = 'extra' in size ? size.extra : size.total - ns.nrMounts;
  for (let i = 0; i < extra; i++) {
    const path = `${NSS_DIR}/m${i}`;
    api.mkdir(k, t, path);
    api.mount(k, t, path, { kind: 'tmpfs' });
  }
  return { task: t, mounts: api.mntNsOf(k, t).nrMounts, extra };
}

/**
 * unshare(CLONE_NEWNS) again and again by the task of a private mount
 * namespace with `extra` more mounts, or (`total`) with as many mounts as
 * the kernel's namespace of the same op holds, so that both copy trees of
 * one size and the per-mount figures compare like with like (the model's
 * boot tree has 3 mounts, a real machine's about 20).
 */
function mntCopy(k: Kernel, loaded: LoadedPackages, extra: number, total: number | undefined): Prepared {
  const { task, mounts } = privateMntNs(k, loaded, total === undefined ? { extra } : { total });
  return { run: loopUnshare(k, TYPE_FLAGS.mnt ?? 0, task), units: mounts };
}

/**
 * What the bench uses of @nsproxy/net, written out here (the package is
 * loaded at run time, packages.ts): rtnetlink's veth creation, link move and
 * delete (each checks CAP_NET_ADMIN with the caller's credentials), and the
 * task's network namespace.
 */
export interface NetApi {
  readonly createVeth: (cred: Task['cred'], ns: NetNs, name: string, peerName: string) => unknown;
  readonly moveLink: (cred: Task['cred'], from: NetNs, name: string, to: NetNs) => void;
  readonly delLink: (cred: Task['cred'], ns: NetNs, name: string) => void;
  readonly netNsOf: (kernel: Kernel, task: Task) => NetNs;
}

/** A network namespace, as the bench sees one: its links by name. */
export interface NetNs {
  readonly byName: ReadonlyMap<string, unknown>;
  readonly freed: boolean;
}

/** @nsproxy/net's functions the bench needs; throws when the package lacks one. */
export function netApi(loaded: LoadedPackages): NetApi {
  const mod = loaded.modules.get('net');
  const { createVeth, moveLink, delLink, netNsOf } = mod ?? {};
  if (typeof createVeth !== 'function' || typeof moveLink !== 'function' || typeof delLink !== 'function' || typeof netNsOf !== 'function') {
    throw new Error('@nsproxy/net lacks createVeth, moveLink, delLink or netNsOf');
  }
  return { createVeth, moveLink, delLink, netNsOf } as NetApi;
}

/**
 * kbench.c's op_veth_move: a task in a new net namespace A, with a second one
 * B (made first, kept by an open ns file, as kbench keeps its fd); each
 * iteration creates the veth pair va/vb in A and moves vb to B (timed), then
 * deletes va, which takes vb along (not timed). Each iteration is timed on
 * its own, as kbench does (the two hrtime calls add about 50 ns).
 */
export function vethMove(k: Kernel, loaded: LoadedPackages): Prepared & { readonly a: NetNs; readonly b: NetNs } {
  const api = netApi(loaded);
  const flag = TYPE_FLAGS.net ?? 0;
  const t = k.clone(k.initTask, 0, { comm: 'bench' });
  k.unshare(t, flag);
  k.open(t, '/proc/self/ns/net');
  const b = api.netNsOf(k, t);
  k.unshare(t, flag);
  const a = api.netNsOf(k, t);
  if (a === b) throw new Error('unshare(CLONE_NEWNET) kept the task in its net namespace');
  const { cred } = t;
  return {
    a,
    b,
    run: (n) => {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const t0 = now();
        api.createVeth(cred, a, 'va', 'vb');
        api.moveLink(cred, a, 'vb', b);
        total += Number(now() - t0);
        api.delLink(cred, a, 'va');
      }
      return total;
    },
  };
}

/** The model side of each op, by name; absent: not written yet. */
/** What an op's model side may be told of the kernel's side: the mounts its namespace holds (the mount ops). */
export interface ModelOptions {
  readonly mounts?: number;
}

const MODEL_OPS: Readonly<Record<string, (k: Kernel, loaded: LoadedPackages, options: ModelOptions) => Prepared>> = {
  'unshare-user': (k) => ({ run: perTask(k, (t) => k.unshare(t, TYPE_FLAGS.user ?? 0)) }),
  'unshare-mnt': (k, loaded, o) => mntCopy(k, loaded, 0, o.mounts),
  'unshare-uts': (k) => ({ run: loopUnshare(k, CLONE_NEWUTS) }),
  'unshare-ipc': (k) => ({ run: loopUnshare(k, TYPE_FLAGS.ipc ?? 0) }),
  'unshare-pid': (k) => ({ run: perTask(k, (t) => k.unshare(t, CLONE_NEWPID)) }),
  'unshare-net': (k) => ({ run: loopUnshare(k, TYPE_FLAGS.net ?? 0) }),
  'unshare-cgroup': (k) => ({ run: loopUnshare(k, TYPE_FLAGS.cgroup ?? 0) }),
  'unshare-time': (k) => ({ run: loopUnshare(k, TYPE_FLAGS.time ?? 0) }),
  'setns-uts': (k) => {
    const t = k.clone(k.initTask, 0, { comm: 'bench' });
    const a = k.open(t, '/proc/self/ns/uts');
    k.unshare(t, CLONE_NEWUTS);
    const b = k.open(t, '/proc/self/ns/uts');
    return {
      run: (n) => {
        const t0 = now();
        for (let i = 0; i < n; i++) k.setns(t, i & 1 ? b : a, CLONE_NEWUTS);
        return Number(now() - t0);
      },
    };
  },
  'clone-exit-wait': (k) => ({ run: cloneExitWait(k, 0) }),
  'clone-newpid-exit-wait': (k) => ({ run: cloneExitWait(k, CLONE_NEWPID) }),
  'userns-map': (k, loaded) => {
    const write = loaded.modules.get('user')?.writeUidMap;
    if (typeof write !== 'function') throw new Error('@nsproxy/user has no writeUidMap');
    const writeUidMap = write as typeof UserPackage.writeUidMap;
    const flag = TYPE_FLAGS.user ?? 0;
    return {
      run: perTask(k, (t) => {
        k.unshare(t, flag);
        writeUidMap(k, t, t, '0 0 1\n');
      }),
    };
  },
  'open-nsfile': (k) => {
    const t = k.clone(k.initTask, 0, { comm: 'bench' });
    return {
      run: (n) => {
        const t0 = now();
        for (let i = 0; i < n; i++) k.close(t, k.open(t, '/proc/self/ns/uts'));
        return Number(now() - t0);
      },
    };
  },
  'mntns-copy-1000': (k, loaded, o) => mntCopy(k, loaded, 1000, o.mounts),
  'netns-create': (k) => ({ run: perTask(k, (t) => k.unshare(t, TYPE_FLAGS.net ?? 0)) }),
  'veth-move': vethMove,
};

/** Whether the bench has a model side for this op. */
export function hasModelSide(op: string): boolean {
  return op in MODEL_OPS;
}

/**
 * Times an op on the model: a warm-up batch, then `batches` timed batches of
 * `iterations`; the figure is the fastest batch's ns per op (report.ts fastest),
 * and every batch's is kept (`samples`) for the spread. `options`: what the
 * kernel's side of the op showed (ModelOptions).
 */
export function runModelOp(spec: OpSpec, loaded: LoadedPackages, iterations: number, batches: number, options: ModelOptions = {}): Measured {
  const why = missingReason(loaded, spec.needs);
  if (why) return { missing: why };
  const make = MODEL_OPS[spec.op];
  if (!make) return { missing: 'missing (model side not in the bench yet)' };
  try {
    const prepared = make(makeKernel(loaded), loaded, options);
    prepared.run(Math.max(1, Math.floor(iterations / 5)));
    const samples: number[] = [];
    for (let b = 0; b < batches; b++) samples.push(prepared.run(iterations) / iterations);
    const ns = fastest(samples);
    return prepared.units === undefined ? { ns, samples } : { ns, units: prepared.units, samples };
  } catch (e) {
    return { error: e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e) };
  }
}

/**
 * runModelOp in a worker thread of its own (model-worker.ts): each row starts
 * from a fresh isolate, so its figure does not depend on the rows before it.
 */
export function runModelOpIsolated(spec: OpSpec, iterations: number, batches: number, options: ModelOptions = {}): Promise<Measured> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./model-worker.js', import.meta.url), { workerData: { op: spec.op, iterations, batches, options } });
    let result: Measured | undefined;
    worker.once('message', (m: Measured) => (result = m));
    worker.once('error', (e) => (result ??= { error: e.message }));
    worker.once('exit', (code) => resolve(result ?? { error: `the model worker exited with code ${code}` }));
  });
}
