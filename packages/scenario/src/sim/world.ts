/**
 * The simulated world of a scenario: a Kernel with every registered type, the
 * scenario's tasks by name and their kept fds by name. Built the way the real
 * backend builds its world (scenario-format.md, "The world at the start"): the
 * kernel boots, and a task of the initial namespaces clones `init` with fresh
 * namespaces of every type but user.
 */
import { CLONE_NEWUSER, Kernel, KernelError, SIGCHLD, flagsOr } from '@nsproxy/core';
import type { NamespaceOperations, NsCommon, Task } from '@nsproxy/core';
import type { StepResult } from '../backend.ts';

/** An op of the simulated backend: runs as `actor`, answers a raw result or throws KernelError. */
export type SimOp = (world: SimWorld, actor: Task, args: readonly string[]) => StepResult;

/** The op table of one area (tasks, credentials, uts, ...). */
export type SimOpTable = Readonly<Record<string, SimOp>>;

/** Hooks a type's ops module may run while the world is built. */
export interface SimWorldSetup {
  /** Runs as `init` right after it is cloned (sethostname, ...). */
  readonly initTask?: (world: SimWorld, init: Task) => void;
}

export const OK: StepResult = { kind: 'ok' };

/** A result for a namespace. */
export function nsResult(ns: NsCommon): StepResult {
  return { kind: 'ns', type: ns.ops.realName ?? ns.ops.name, id: String(ns.nsId) };
}

/** The scenario's world on the simulated kernel. */
export class SimWorld {
  readonly kernel: Kernel;
  /** The task of the initial namespaces that cloned `init` (not a scenario task). */
  readonly host: Task;
  readonly tasks: Map<string, Task> = new Map();
  /** Kept fds by name, per task (copied to children, like the fd table). */
  readonly fds: Map<Task, Map<string, number>> = new Map();

  constructor(types: readonly NamespaceOperations[], setups: readonly SimWorldSetup[], initCaps?: bigint) {
    this.kernel = new Kernel({ namespaces: types, initComm: 'swapper' });
    this.host = this.kernel.initTask;
    // Every task reaps its children at once, as if SIGCHLD were ignored.
    this.kernel.sigaction(this.host, SIGCHLD, 'ignore');
    const flags = flagsOr(...this.kernel.types.filter((t) => this.kernel.isRegistered(t) && t.type !== CLONE_NEWUSER).map((t) => t.type));
    const init = this.kernel.clone(this.host, flags, { comm: 'init' });
    this.tasks.set('init', init);
    this.fds.set(init, new Map());
    for (const s of setups) s.initTask?.(this, init);
    if (initCaps !== undefined) {
      const c = init.cred;
      this.kernel.capset(init, { effective: c.capEffective & initCaps, permitted: c.capPermitted & initCaps });
    }
  }

  /** The live task named `name`, or undefined. */
  task(name: string): Task | undefined {
    const t = this.tasks.get(name);
    return t?.alive ? t : undefined;
  }

  /** The kept fds of a task. */
  fdsOf(task: Task): Map<string, number> {
    let m = this.fds.get(task);
    if (!m) this.fds.set(task, (m = new Map<string, number>()));
    return m;
  }

  /** A kept fd by name (EBADF when the actor holds none by that name). */
  fd(actor: Task, name: string): number {
    const fd = this.fdsOf(actor).get(name);
    if (fd === undefined) throw new KernelError('EBADF', 'fget', `no fd named ${name}`);
    return fd;
  }
}

/** Parses a type list (`uts,net` or `-`) into CLONE_NEW* flags of the kernel; unknown types are an error. */
export function typeFlags(world: SimWorld, list: string): number {
  if (list === '-') return 0;
  const flags: number[] = [];
  for (const name of list.split(',')) {
    const f = NS_TYPE_FLAGS[name];
    if (f === undefined) throw new Error(`unknown namespace type '${name}'`);
    flags.push(world.kernel.typeByName(name)?.type ?? f);
  }
  return flagsOr(...flags);
}

const NS_TYPE_FLAGS: Readonly<Record<string, number>> = {
  cgroup: 0x02000000, ipc: 0x08000000, mnt: 0x00020000, net: 0x40000000,
  pid: 0x20000000, time: 0x00000080, user: 0x10000000, uts: 0x04000000,
};
