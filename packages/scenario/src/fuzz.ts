/**
 * Random scenarios, and the shrinking of a failing one: the engine of
 * `nsproxy fuzz`. Browser-safe and backend-free: it writes `.nss` text from an
 * op table (the composed scenario areas, so a new type's ops are fuzzed as
 * soon as its area is loaded) and shrinks a list of steps against any test.
 *
 * The scenarios are mostly valid: actors are tasks the scenario cloned and has
 * not made exit, kept fd names are names the actor holds (inherited by the
 * tasks it clones later, as the format says), and each argument is drawn from
 * values that matter for namespaces (uid 0, 1000 and 65534, maps of one id or
 * of all of them, the signals that stop, continue and kill). The draw is
 * weighted toward the ops where the rules interact: new user namespaces and
 * the capabilities they give, setns and its permission checks, id maps written
 * by other tasks, fds kept across exits, the death of a pid namespace's init.
 * The same seed and options give the same scenario, on every machine.
 */
import { NAMESPACE_TYPES, SIGNALS } from './contract.ts';
import type { ArgKind, OpSpec, OpTable } from './ops.ts';
import { checkArg } from './ops.ts';

/** A deterministic pseudo-random generator (mulberry32) from a 32-bit seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }

  /** One item, by weight (weights > 0). */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Options of {@link generateScenario}. */
export interface GenerateOptions {
  /** The ops to draw from (only those both backends of the run support). */
  readonly ops: OpTable;
  /** The namespace types the scenarios may name (the format's and the areas'). */
  readonly types: readonly string[];
  /** How many steps. */
  readonly steps: number;
  /** Only ops of these sections (`OpSpec.group`: `tasks`, `user`, `uts`, ...) and types; default: all. */
  readonly only?: readonly string[];
}

/**
 * How often each op is drawn, relative to 1 (an op not listed, e.g. a third
 * party's, weighs 1). The ops where namespace rules meet weigh more.
 */
const OP_WEIGHTS: Readonly<Record<string, number>> = {
  clone: 6, unshare: 4, setns: 4, 'setns-pidfd': 2, open: 3, 'setns-fd': 3, ioctl: 2, close: 1, ns: 2, nsof: 1, fdns: 1,
  uid_map: 4, gid_map: 3, setgroups: 2, setuid: 2, setgid: 1, id: 1, caps: 1, read: 1,
  kill: 3, exit: 2, pid: 1, getpid: 1, getppid: 1, alive: 1,
  mkdir: 4, mount: 5, umount: 2, 'umount-lazy': 1, pin: 2, propagation: 2, mounted: 1, mounts: 2, remount: 1,
  veth: 3, 'link-netns': 3, 'link-up': 2, links: 2, 'addr-add': 2, bind: 2, connect: 2, listen: 2, accept: 2, send: 2, recv: 2,
};

/** Weights of the namespace types in type lists: user and pid, where most rules are. */
const TYPE_WEIGHTS: Readonly<Record<string, number>> = { user: 4, pid: 3 };

/** Values of text arguments, by op (the id maps, the names), and for any other op. */
const TEXT_VALUES: Readonly<Record<string, readonly string[]>> = {
  uid_map: ['0 0 1', '0 1000 1', '0 0 4294967295', '1000 1000 1', '0 0 1;1 1 1', '0 1 1', '1 0 1', '0 65534 1'],
  gid_map: ['0 0 1', '0 1000 1', '0 0 4294967295', '1000 1000 1', '0 1 1', '0 65534 1'],
  sethostname: ['alpha', 'beta', ''],
  setdomainname: ['example', ''],
};
const ANY_TEXT = ['x', '', '0'];
/** Integers that matter: root, a user, nobody, -1 ("unchanged" for set*id), small counts. */
const INT_VALUES = ['0', '1', '2', '1000', '65534', '-1', '3'];
/** Signals that stop, continue, kill or are ignored by default. */
const SIGNAL_VALUES = ['SIGKILL', 'SIGTERM', 'SIGSTOP', 'SIGCONT', 'SIGUSR1', 'SIGCHLD', 'SIGHUP', 'SIGTSTP'].filter((s) => s in SIGNALS);
/**
 * Candidates for an argument with a rule of its own (`{ describe, validate }`): those it accepts are drawn from.
 * No `user.*` sysctl: in the world's initial user namespace they are the host's limits, which differ between machines.
 */
const CUSTOM_CANDIDATES = [
  '0', '1', '2', '0x10', '-1', 'IPC_PRIVATE', '0:1', '0:-1', '0:0', '-', 'kernel.shmmni', 'kernel.msgmax', 'kernel.sem',
  'fs.mqueue.queues_max', 'x', '/q', 'net.ipv4.ip_forward', 'net.core.somaxconn',
];
/** Paths under the scenario root: two directories and one below the first (mounts stack and nest on them). */
const PATH_VALUES = ['/tmp/nss/a', '/tmp/nss/b', '/tmp/nss/a/c'];
/**
 * Absolute paths: only under the scenario root (the real world's other paths, such as /proc's pids, are the
 * host's), and for `nspath` and `setns-path` also a namespace file of the initial procfs.
 */
const ABSPATH_VALUES = ['/tmp/nss', '/tmp/nss/a', '/tmp/nss/b/c'];
const WORD_VALUES = ['/q', '/r', 'x'];
const TASK_NAMES = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** What the generator believes about the scenario so far. */
class World {
  /** Tasks believed alive, `init` first. */
  readonly alive: string[] = ['init'];
  /** Kept fd names each task holds. */
  readonly fds: Map<string, string[]> = new Map([['init', []]]);
  private nextTask = 0;
  private nextFd = 0;

  /** The name the next cloned task gets. */
  taskName(): string {
    return this.nextTask < TASK_NAMES.length ? (TASK_NAMES[this.nextTask] as string) : `t${this.nextTask}`;
  }

  /** The name the next kept fd gets. */
  fdName(): string {
    return `f${this.nextFd}`;
  }

  /** Records a step that was drawn: the task it clones, or the fd it keeps, now exist. */
  commit(actor: string, newTask: string | undefined, newFd: string | undefined): void {
    if (newTask !== undefined) {
      this.nextTask++;
      this.alive.push(newTask);
      this.fds.set(newTask, [...(this.fds.get(actor) ?? [])]);
    }
    if (newFd !== undefined) {
      this.nextFd++;
      this.fds.get(actor)?.push(newFd);
    }
  }

  exit(task: string): void {
    if (task === 'init') return;
    const i = this.alive.indexOf(task);
    if (i >= 0) this.alive.splice(i, 1);
  }
}

/** The ops the generator may draw, with their weights. */
function drawableOps(options: GenerateOptions, building: boolean): (readonly [OpSpec, number])[] {
  const out: (readonly [OpSpec, number])[] = [];
  for (const spec of options.ops.values()) {
    if (options.only && !options.only.includes(spec.group)) continue;
    const weight = OP_WEIGHTS[spec.name] ?? 1;
    // The first steps build the world the others act in: tasks, and user namespaces with their maps.
    out.push([spec, building && BUILDING_OPS.includes(spec.name) ? weight * 4 : weight]);
  }
  return out;
}

/** The ops that build a world (tasks, namespaces, maps), drawn more often in a scenario's first steps. */
const BUILDING_OPS = ['clone', 'unshare', 'uid_map', 'gid_map', 'open'];

/** A type list: `-`, one type, or two; weighted toward user and pid. */
function typeList(rng: Rng, types: readonly string[]): string {
  if (rng.chance(0.15)) return '-';
  const weighted = types.map((t) => [t, TYPE_WEIGHTS[t] ?? 1] as const);
  const first = rng.weighted(weighted);
  if (!rng.chance(0.3)) return first;
  const second = rng.weighted(weighted);
  return second === first ? first : [first, second].sort((a, b) => NAMESPACE_TYPES.indexOf(a) - NAMESPACE_TYPES.indexOf(b)).join(',');
}

/**
 * One argument of `spec` at `index`, or undefined when none can be drawn (no
 * kept fd to name, an extension rule no candidate passes): the op is then
 * not drawn this time.
 */
function drawArg(rng: Rng, spec: OpSpec, index: number, kind: ArgKind, actor: string, world: World, options: GenerateOptions): string | undefined {
  const types = options.types;
  if (typeof kind === 'object') {
    if ('oneOf' in kind) return rng.pick(kind.oneOf);
    if ('int' in kind) return rng.pick(INT_VALUES.filter((v) => checkArg(kind, v, types) === undefined));
    const ok = (kind.samples ?? CUSTOM_CANDIDATES).filter((v) => kind.validate(v) === undefined);
    return ok.length > 0 ? rng.pick(ok) : undefined;
  }
  switch (kind) {
    case 'task':
      // The first argument of `clone` (and of the `thread` extension) names the new task; every other task argument names a task.
      if ((spec.name === 'clone' || spec.name === 'thread') && index === 0) return world.taskName();
      return rng.chance(0.9) ? rng.pick(world.alive) : rng.pick(TASK_NAMES.slice(0, 4));
    case 'name': {
      // `open`, `pidfd-open` and the fd-keeping ioctls name a new fd; the other fd arguments name one the actor holds.
      if (spec.name === 'open' || spec.name === 'pidfd-open' || (spec.name === 'ioctl' && index === 2)) return world.fdName();
      const held = world.fds.get(actor) ?? [];
      return held.length > 0 ? rng.pick(held) : undefined;
    }
    case 'types':
      return typeList(rng, types);
    case 'type':
      return rng.weighted(types.map((t) => [t, TYPE_WEIGHTS[t] ?? 1] as const));
    case 'typeOrAny':
      return rng.chance(0.2) ? 'any' : rng.weighted(types.map((t) => [t, TYPE_WEIGHTS[t] ?? 1] as const));
    case 'nsfile':
      return rng.chance(0.15) ? 'pid_for_children' : rng.weighted(types.map((t) => [t, TYPE_WEIGHTS[t] ?? 1] as const));
    case 'int':
      return spec.name === 'exit' ? rng.pick(['0', '1']) : rng.pick(INT_VALUES);
    case 'port':
      return rng.pick(['80', '8080', '0']);
    case 'signal':
      return rng.pick(SIGNAL_VALUES);
    case 'path':
      return rng.pick(PATH_VALUES);
    case 'abspath':
      if ((spec.name === 'nspath' || spec.name === 'setns-path') && rng.chance(0.3)) return `/proc/self/ns/${rng.pick(types)}`;
      return rng.pick(ABSPATH_VALUES);
    case 'word':
      return rng.pick(WORD_VALUES);
    case 'text':
      return rng.pick(TEXT_VALUES[spec.name] ?? ANY_TEXT);
  }
}

/** Quotes an argument when the format needs it (blanks, quotes, `;`, `#`, empty). */
function quoteArg(value: string): string {
  return /^[^\s"#;=]+$/.test(value) && !value.includes('=>') ? value : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Draws one step for `actor`, or undefined when the drawn op could not be filled in. */
function drawStep(rng: Rng, spec: OpSpec, actor: string, world: World, options: GenerateOptions): string | undefined {
  // init's parent-death signal is the runner's: both backends refuse `pdeathsig` there as a runner error.
  if (spec.name === 'pdeathsig' && actor === 'init') return undefined;
  // `sysctl` only reads: a write of the world's limits is refused by both backends as a runner error, which ends the scenario.
  const count = spec.name === 'sysctl' ? spec.min : spec.min + rng.below(spec.max - spec.min + 1);
  const args: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = spec.args[i];
    if (kind === undefined) return undefined;
    const value = drawArg(rng, spec, i, kind, actor, world, options);
    if (value === undefined) return undefined;
    args.push(value);
  }
  if (spec.check?.(args) !== undefined) return undefined;
  // Only a step that was drawn whole changes what the generator believes.
  world.commit(actor, args.includes(world.taskName()) && (spec.name === 'clone' || spec.name === 'thread') ? world.taskName() : undefined, args.includes(world.fdName()) ? world.fdName() : undefined);
  if (spec.name === 'exit') world.exit(actor);
  if (spec.name === 'kill' && args[1] === 'SIGKILL' && args[0] !== undefined) world.exit(args[0]);
  return [`${actor}:`, spec.name, ...args.map(quoteArg)].join(' ');
}

/** A random scenario's steps (`.nss` lines without expectations), drawn as described above. Deterministic for a seed. */
export function generateScenario(seed: number, options: GenerateOptions): string[] {
  const rng = new Rng(seed);
  const world = new World();
  const building = drawableOps(options, true);
  const acting = drawableOps(options, false);
  const steps: string[] = [];
  if (acting.length === 0) return steps;
  for (let attempts = 0; steps.length < options.steps && attempts < options.steps * 20; attempts++) {
    const spec = rng.weighted(steps.length < options.steps / 3 ? building : acting);
    // Most steps are taken by the newest tasks, where the namespaces differ from init's.
    const actor = rng.chance(0.6) ? (world.alive[world.alive.length - 1] as string) : rng.pick(world.alive);
    const step = drawStep(rng, spec, actor, world, options);
    if (step !== undefined) steps.push(step);
  }
  return steps;
}

/**
 * Delta debugging (ddmin, Zeller and Hildebrandt 2002): the smallest list of
 * `items` (1-minimal: removing any one item makes the test pass) for which
 * `fails` still answers true. `fails(items)` must be true at the start.
 * `fails` is called at most `budget` times (then the smallest found so far).
 */
export async function shrink<T>(items: readonly T[], fails: (candidate: readonly T[]) => Promise<boolean>, budget = 500): Promise<T[]> {
  let current = [...items];
  let calls = 0;
  const test = async (candidate: readonly T[]): Promise<boolean> => {
    calls++;
    return fails(candidate);
  };
  let n = 2;
  while (current.length >= 2 && calls < budget) {
    const size = Math.ceil(current.length / n);
    const chunks: T[][] = [];
    for (let i = 0; i < current.length; i += size) chunks.push(current.slice(i, i + size));
    let reduced = false;
    // Try each complement (the list without one chunk) first: it removes the most.
    for (let i = 0; i < chunks.length && calls < budget; i++) {
      const complement = chunks.filter((_, j) => j !== i).flat();
      if (complement.length > 0 && (await test(complement))) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (reduced) continue;
    if (n >= current.length) break;
    n = Math.min(n * 2, current.length);
  }
  return current;
}
