/**
 * The simulated world of a scenario: a Kernel with every type the loaded
 * scenario areas bring, the scenario's tasks by name and their kept fds by
 * name. Built the way the real backend builds its world (scenario-format.md,
 * "The world at the start"): the kernel boots, and a task of the initial
 * namespaces clones `init` with fresh namespaces of every type but user.
 */
import { NS_TYPE_FLAGS } from '@nsproxy/scenario/contract';
import type { StepResult } from '@nsproxy/scenario/contract';
import { CLONE_NEWUSER, SIGCHLD } from '../constants.ts';
import { commitCreds } from '../cred.ts';
import { KernelError } from '../errors.ts';
import { flagsOr } from '../flags.ts';
import { Kernel } from '../kernel.ts';
import type { NsCommon } from '../ns-common.ts';
import { NSPROXY_IDS, setInitNsproxy } from '../nsproxy-ids.ts';
import type { Task } from '../task.ts';
import type { SimArea, SimSysctl } from './area.ts';

/** An op of the simulated backend: runs as `actor`, answers a raw result or throws KernelError. */
export type SimOp = (world: SimWorld, actor: Task, args: readonly string[]) => StepResult;

/** The simulated ops of one area, by op word. */
export type SimOpTable = Readonly<Record<string, SimOp>>;

/** Hooks an area may run while the world is built. */
export interface SimWorldSetup {
  /** Runs as `init` right after it is cloned (sethostname, ...). */
  readonly initTask?: (world: SimWorld, init: Task) => void;
  /**
   * Runs before `init` is cloned, as the world's host task: clone3 flags and
   * options to add to init's clone (the cgroup area makes the run's cgroup
   * and clones init into it: CLONE_INTO_CGROUP with the fd of that cgroup),
   * or undefined for none.
   */
  readonly initClone?: (world: SimWorld) => InitClone | undefined;
}

/** What an area adds to the clone of `init` (`SimWorldSetup.initClone`). */
export interface InitClone {
  /** Flags or'ed into init's clone flags. */
  readonly flags: number;
  /** clone_args.cgroup: an fd of the host task (with CLONE_INTO_CGROUP). */
  readonly cgroup?: number;
}

/** The `ok` result. */
export const OK: StepResult = Object.freeze({ kind: 'ok' });

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
  /** The sysctls of every loaded area, in area order (the `sysctl` op looks names up here). */
  readonly sysctls: readonly SimSysctl[];

  /**
   * `nested`: build the world as the real backend does without root, one user
   * namespace deeper: the host task takes those ids, unshares a user namespace
   * and maps only them as 0 (setgroups denied), then clones `init` there.
   * `roads`: the roads not taken the kernel opens (a scenario's `@road:`).
   */
  constructor(areas: readonly SimArea[], initCaps?: bigint, nested?: { readonly uid: number; readonly gid: number }, roads?: readonly string[]) {
    this.kernel = new Kernel({ namespaces: areas.flatMap((a) => a.types), initComm: 'swapper', ...(roads !== undefined && roads.length > 0 ? { roads } : {}) });
    this.sysctls = areas.flatMap((a) => a.sysctls ?? []);
    this.host = this.kernel.initTask;
    // Every task reaps its children at once, as if SIGCHLD were ignored.
    this.kernel.sigaction(this.host, SIGCHLD, 'ignore');
    if (nested) {
      this.kernel.setresgid(this.host, nested.gid, nested.gid, nested.gid);
      this.kernel.setresuid(this.host, nested.uid, nested.uid, nested.uid);
      // The agent is a program its user ran (execve): dumpable, whatever the id change above did.
      this.kernel.setDumpable(this.host, 1);
      this.kernel.unshare(this.host, CLONE_NEWUSER);
      // What the agent writes for itself: "deny" to setgroups, then "0 <uid> 1" and "0 <gid> 1".
      const ns = this.host.cred.userNs;
      ns.setgroupsAllowed = false;
      ns.uidMap = [{ first: 0, lowerFirst: nested.uid, count: 1 }];
      ns.gidMap = [{ first: 0, lowerFirst: nested.gid, count: 1 }];
    }
    const flags = flagsOr(...this.kernel.types.filter((t) => this.kernel.isRegistered(t) && t.type !== CLONE_NEWUSER).map((t) => t.type));
    let extra = 0;
    let cgroup: number | undefined;
    for (const a of areas) {
      const more = a.setup?.initClone?.(this);
      if (!more) continue;
      extra = flagsOr(extra, more.flags);
      if (more.cgroup !== undefined) cgroup = more.cgroup;
    }
    const init = this.kernel.clone(this.host, flagsOr(flags, extra), cgroup === undefined ? { comm: 'init' } : { comm: 'init', cgroup });
    this.tasks.set('init', init);
    this.fds.set(init, new Map());
    // Road nsproxy-ids: the world's init stands for the initial task (its namespaces are the first of each type): nsproxy 0.
    if (this.kernel.onRoad(NSPROXY_IDS)) setInitNsproxy(this.kernel, init);
    for (const a of areas) a.setup?.initTask?.(this, init);
    if (initCaps !== undefined) {
      const c = init.cred;
      this.kernel.capset(init, { effective: c.capEffective & initCaps, permitted: c.capPermitted & initCaps });
      // The runner's bounding set: a root runner that lacks a capability (a container's) lacks it there too,
      // which PR_CAPBSET_READ and capset's inheritable check show (cap_prctl_drop's state, without its check).
      const bset = init.cred.capBset & initCaps;
      if (bset !== init.cred.capBset) commitCreds(this.kernel, init, init.cred.with({ capBset: bset }));
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
    if (fd === undefined) throw new KernelError('EBADF', 'fget', `no fd named ${name}`, 'C9.1');
    return fd;
  }

  /** The CLONE_NEW* flags of a type list (`uts,net` or `-`): the kernel's type, else the format's flag; an unknown type is an error. */
  typeFlags(list: string): number {
    if (list === '-') return 0;
    const flags: number[] = [];
    for (const name of list.split(',')) {
      const f = this.kernel.typeByName(name)?.type ?? NS_TYPE_FLAGS[name];
      if (f === undefined) throw new Error(`unknown namespace type '${name}'`);
      flags.push(f);
    }
    return flagsOr(...flags);
  }
}
