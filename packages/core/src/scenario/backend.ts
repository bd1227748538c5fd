/**
 * The simulated backend: runs each step through the ops of the loaded
 * scenario areas, on a fresh Kernel per scenario.
 */
import { INIT_NS_FILES } from '@nsproxy/scenario/contract';
import type { Backend, BackendSession, SessionOptions, Step, StepResult } from '@nsproxy/scenario/contract';
import { knownRoads } from '../boot.ts';
import { KernelError } from '../errors.ts';
import type { Kernel } from '../kernel.ts';
import type { SimArea } from './area.ts';
import type { SimOp } from './world.ts';
import { SimWorld, nsResult } from './world.ts';

/** Options of `createSimBackend`. */
export interface SimBackendOptions {
  /**
   * The areas (types, ops, world setup, sysctls) to build the kernel from, in
   * order; an application composes them (`coreArea`, then each namespace
   * package's, then its own). Two areas may not implement the same op.
   */
  readonly areas: readonly SimArea[];
  /**
   * Checked after every step that ran (`nsproxy fuzz --backend sim` passes the
   * model's invariants, `kernelProblems`): a message fails the step as a
   * runner error, `error: <message>` in the transcript.
   */
  readonly check?: (kernel: Kernel) => string | undefined;
  /** Build the world one user namespace deeper, mapping only these host ids as 0 (see `SimWorld`): as the real backend does without root. */
  readonly nestedWorld?: { readonly uid: number; readonly gid: number };
}

/** The simulated kernel as a scenario backend named `sim`. */
export function createSimBackend(options: SimBackendOptions): Backend {
  const { areas } = options;
  const ops = new Map<string, SimOp>();
  const owner = new Map<string, string>();
  for (const a of areas) {
    for (const [name, op] of Object.entries(a.sim)) {
      const other = owner.get(name);
      if (other !== undefined) throw new Error(`scenario areas '${other}' and '${a.name}' both implement op '${name}'`);
      owner.set(name, a.name);
      ops.set(name, op);
    }
  }
  return {
    name: 'sim',
    types: areas.flatMap((a) => a.types.map((t) => t.name)),
    unavailable: () => Promise.resolve(undefined),
    supportsOp: (op) => ops.has(op),
    // The roads not taken a kernel of these types knows: core's and each type's (a scenario's `@road:`).
    roads: knownRoads(areas.flatMap((a) => a.types)).map((r) => r.name),
    open(sessionOptions: SessionOptions = {}) {
      return Promise.resolve(new SimSession(new SimWorld(areas, sessionOptions.initCaps, options.nestedWorld, sessionOptions.roads), ops, options.check));
    },
  };
}

class SimSession implements BackendSession {
  private readonly world: SimWorld;
  private readonly ops: ReadonlyMap<string, SimOp>;
  private readonly check: ((kernel: Kernel) => string | undefined) | undefined;

  constructor(world: SimWorld, ops: ReadonlyMap<string, SimOp>, check?: (kernel: Kernel) => string | undefined) {
    this.world = world;
    this.ops = ops;
    this.check = check;
  }

  observeInit(): Promise<readonly StepResult[]> {
    const init = this.world.tasks.get('init');
    const k = this.world.kernel;
    const out: StepResult[] = [];
    if (!init) return Promise.resolve(out);
    // The format's ns files in their order, then those of the areas' other types.
    const entries = k.nsEntries;
    const files = [...INIT_NS_FILES.filter((f) => entries.includes(f)), ...entries.filter((f) => !INIT_NS_FILES.includes(f))];
    for (const file of files) {
      const ns = k.nsOf(init, file);
      if (ns) out.push(nsResult(ns));
    }
    return Promise.resolve(out);
  }

  run(step: Step): Promise<StepResult> {
    const op = this.ops.get(step.op);
    if (!op) return Promise.reject(new Error(`the simulated backend has no op '${step.op}'`));
    const actor = this.world.task(step.actor);
    if (!actor) return Promise.resolve({ kind: 'errno', code: 'ENOTASK' });
    // A stopped task cannot act (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU; SIGCONT resumes it): no call is made.
    if (actor.state === 'stopped') return Promise.resolve({ kind: 'errno', code: 'ESTOPPED' });
    let result: StepResult;
    try {
      result = op(this.world, actor, step.args);
    } catch (e) {
      if (!(e instanceof KernelError)) return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      result = e.rule !== undefined ? { kind: 'errno', code: e.code, rule: e.rule } : { kind: 'errno', code: e.code };
    }
    const problem = this.check?.(this.world.kernel);
    return problem === undefined ? Promise.resolve(result) : Promise.reject(new Error(`after the step: ${problem}`));
  }

  initCaps(): Promise<bigint> {
    const init = this.world.tasks.get('init');
    return Promise.resolve(init?.cred.capEffective ?? 0n);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
