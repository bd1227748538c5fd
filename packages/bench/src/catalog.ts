/**
 * The operations the bench times, in table order, with their targets and
 * sizes. The kernel side of every op is in ../c/kbench.c under the same name;
 * the model side is in model.ts.
 */

/** The namespace types of Linux, by /proc/PID/ns name, and the package that models each. */
export const NAMESPACE_PACKAGES: Readonly<Record<string, string>> = {
  user: '@nsproxy/user',
  mnt: '@nsproxy/mnt',
  uts: '@nsproxy/uts',
  ipc: '@nsproxy/ipc',
  pid: '@nsproxy/pid',
  net: '@nsproxy/net',
  cgroup: '@nsproxy/cgroup',
  time: '@nsproxy/time',
};

export interface OpSpec {
  readonly op: string;
  /** What it does, for BENCH.md and --help readers. */
  readonly what: string;
  /** Namespace types the model side needs. */
  readonly needs: readonly string[];
  /** Least kernel/model ratio (the targets). */
  readonly target?: number;
  /** The target is per unit (e.g. per mount copied). */
  readonly unit?: string;
  /** Kernel iterations: full run, quick run. */
  readonly kernelIterations: readonly [number, number];
  /** Model iterations per timed batch: full run, quick run. */
  readonly modelIterations: readonly [number, number];
}

const UNSHARE_ONCE = 'unshare(2) in a fresh process (the call alone is timed)';
const UNSHARE_LOOP = 'unshare(2) again and again in one process (new namespace, old one dropped)';

export const OPS: readonly OpSpec[] = [
  { op: 'unshare-user', what: UNSHARE_ONCE, needs: ['user'], target: 50, kernelIterations: [2000, 50], modelIterations: [5000, 500] },
  {
    op: 'unshare-mnt', what: `${UNSHARE_LOOP}, in a private mount namespace with what a fresh machine has plus a tmpfs on /tmp and one on /tmp/nss-bench; the model's gets more tmpfs mounts in /tmp/nss-bench up to the kernel's count, so both copy as many`,
    needs: ['mnt'], target: 10, unit: 'mount', kernelIterations: [2000, 50], modelIterations: [20000, 500],
  },
  { op: 'unshare-uts', what: UNSHARE_LOOP, needs: ['uts'], target: 10, kernelIterations: [20000, 500], modelIterations: [50000, 2000] },
  { op: 'unshare-ipc', what: UNSHARE_LOOP, needs: ['ipc'], target: 50, kernelIterations: [5000, 100], modelIterations: [50000, 2000] },
  { op: 'unshare-pid', what: UNSHARE_ONCE, needs: ['pid'], target: 50, kernelIterations: [2000, 50], modelIterations: [5000, 500] },
  { op: 'unshare-net', what: UNSHARE_LOOP, needs: ['net'], target: 100, kernelIterations: [300, 20], modelIterations: [5000, 500] },
  { op: 'unshare-cgroup', what: UNSHARE_LOOP, needs: ['cgroup'], target: 10, kernelIterations: [20000, 500], modelIterations: [50000, 2000] },
  { op: 'unshare-time', what: UNSHARE_LOOP, needs: ['time'], target: 10, kernelIterations: [20000, 500], modelIterations: [50000, 2000] },
  { op: 'setns-uts', what: 'setns(2) between two uts namespaces, alternately', needs: ['uts'], target: 10, kernelIterations: [50000, 1000], modelIterations: [100000, 2000] },
  { op: 'clone-exit-wait', what: 'a fork (exit signal SIGCHLD), the child exits, the parent waits', needs: [], target: 50, kernelIterations: [5000, 100], modelIterations: [50000, 2000] },
  { op: 'clone-newpid-exit-wait', what: 'the same with CLONE_NEWPID', needs: ['pid'], target: 50, kernelIterations: [3000, 100], modelIterations: [50000, 2000] },
  { op: 'userns-map', what: 'unshare(CLONE_NEWUSER) and write uid_map "0 0 1", in a fresh process', needs: ['user'], target: 50, kernelIterations: [2000, 50], modelIterations: [5000, 500] },
  { op: 'open-nsfile', what: 'open + close of /proc/self/ns/uts', needs: ['uts'], target: 10, kernelIterations: [50000, 1000], modelIterations: [100000, 2000] },
  {
    op: 'mntns-copy-1000', what: 'the same as unshare-mnt with 1,000 more tmpfs mounts in /tmp/nss-bench', needs: ['mnt'], target: 10, unit: 'mount',
    kernelIterations: [300, 10], modelIterations: [300, 10],
  },
  { op: 'netns-create', what: 'unshare(CLONE_NEWNET) in a fresh process (creation alone)', needs: ['net'], target: 100, kernelIterations: [300, 20], modelIterations: [5000, 500] },
  {
    op: 'veth-move', what: 'create a veth pair, move one end to another net namespace (the delete is not timed)', needs: ['net'], target: 100,
    kernelIterations: [50, 5], modelIterations: [5000, 500],
  },
];

/** Sizes of the scale part. */
export interface ScaleSizes {
  readonly tasks: number;
  /** Groups of tasks, each in new namespaces of every type: the namespaces of each type. */
  readonly namespaces: number;
  readonly pidDepth: number;
  /** The mounts of the namespace the scale part copies (all of it, the boot tree included). */
  readonly mounts: number;
  /** The time that copy must stay under (ms). */
  readonly copyTargetMs: number;
  /** The heap the full-size machine must stay under. */
  readonly heapTarget: number;
  /** The time lsns of the full-size machine must stay under (ms). */
  readonly lsnsTargetMs: number;
}

export const FULL_SCALE: ScaleSizes = {
  tasks: 1_000_000, namespaces: 100_000, pidDepth: 32, mounts: 100_000, copyTargetMs: 1000, heapTarget: 1024 ** 3, lsnsTargetMs: 500,
};
export const QUICK_SCALE: ScaleSizes = { tasks: 10_000, namespaces: 1_000, pidDepth: 32, mounts: 1_000, copyTargetMs: 1000, heapTarget: 1024 ** 3, lsnsTargetMs: 500 };

/**
 * Rounds over every op, and per round the timed batches of each model op and
 * the runs of each kernel op. The reported figure of each side is the fastest
 * over all rounds (report.ts fastest): spreading the samples over the whole
 * run, rather than taking them in one burst, keeps a spell of load from the
 * VM's neighbours from landing on every sample of one side of a row.
 */
export const ROUNDS = { full: 3, quick: 1 } as const;
export const MODEL_BATCHES = { full: 5, quick: 3 } as const;
export const KERNEL_RUNS = { full: 2, quick: 1 } as const;
/** The pause after a round's kernel runs, for the kernel's deferred frees (RCU, the netns cleanup work) to finish. */
export const SETTLE_MS = { full: 2000, quick: 0 } as const;

export function opSpec(op: string): OpSpec | undefined {
  return OPS.find((o) => o.op === op);
}
