/**
 * The simulated backend: runs each step through the public API of the
 * @nsproxy packages on a fresh Kernel per scenario.
 */
import { KernelError } from '@nsproxy/core';
import type { Backend, BackendSession, SessionOptions, Step, StepResult } from './backend.ts';
import type { SimArea } from './sim/areas.ts';
import { simAreas } from './sim/areas.ts';
import type { SimOp } from './sim/world.ts';
import { SimWorld, nsResult } from './sim/world.ts';

/** The ns files observed before the first step, in order. */
export const INIT_NS_FILES: readonly string[] = [
  'cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts',
];

/** Options of `createSimBackend`. */
export interface SimBackendOptions {
  /** The areas (types and ops) to build the kernel from; default: every package of this repository. */
  readonly areas?: readonly SimArea[];
}

/** The simulated kernel as a scenario backend. */
export function createSimBackend(options: SimBackendOptions = {}): Backend {
  const areas = options.areas ?? simAreas;
  const ops = new Map<string, SimOp>();
  for (const a of areas) for (const [name, op] of Object.entries(a.ops)) ops.set(name, op);
  const types = areas.flatMap((a) => a.types);
  return {
    name: 'sim',
    types: types.map((t) => (t as { name: string }).name),
    unavailable: () => Promise.resolve(undefined),
    supportsOp: (op) => ops.has(op),
    open(sessionOptions: SessionOptions = {}) {
      const world = new SimWorld(types, areas.flatMap((a) => (a.setup ? [a.setup] : [])), sessionOptions.initCaps);
      return Promise.resolve(new SimSession(world, ops));
    },
  };
}

class SimSession implements BackendSession {
  private readonly world: SimWorld;
  private readonly ops: ReadonlyMap<string, SimOp>;

  constructor(world: SimWorld, ops: ReadonlyMap<string, SimOp>) {
    this.world = world;
    this.ops = ops;
  }

  observeInit(): Promise<readonly StepResult[]> {
    const init = this.world.tasks.get('init');
    const k = this.world.kernel;
    const out: StepResult[] = [];
    if (!init) return Promise.resolve(out);
    for (const file of INIT_NS_FILES) {
      if (!k.nsEntries.includes(file)) continue;
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
    try {
      return Promise.resolve(op(this.world, actor, step.args));
    } catch (e) {
      if (e instanceof KernelError) return Promise.resolve({ kind: 'errno', code: e.code });
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  initCaps(): Promise<bigint> {
    const init = this.world.tasks.get('init');
    return Promise.resolve(init?.cred.capEffective ?? 0n);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
