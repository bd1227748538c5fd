/**
 * A scenario area of the simulated backend: what a package brings to the
 * `.nss` format and to the simulated kernel, in one object. `@nsproxy/core`
 * has one for the tasks section (`coreArea`), each namespace package one
 * under its `./scenario` export, and a third party writes its own for its
 * type (docs/scenarios.md, "Scenario areas").
 */
import type { OpSpec, ScenarioArea } from '@nsproxy/scenario';
import type { NamespaceOperations } from '../ops.ts';
import type { Rule } from '../rules.ts';
import type { Task } from '../task.ts';
import type { SimOpTable, SimWorld, SimWorldSetup } from './world.ts';

/**
 * Files of `/proc/sys` an area models, served by core's `sysctl` op: the first
 * area whose `names` holds the name reads or writes it (a name no area holds
 * is a runner error).
 */
export interface SimSysctl {
  /** The names it serves, as sysctl(8) writes them (`kernel.shmmni`). */
  readonly names: readonly string[];
  /**
   * Directories that are wholly its own (`fs.mqueue`): a name below one that
   * `names` lacks is still its to answer (ENOENT, as proc_sys_lookup does).
   */
  readonly dirs?: readonly string[];
  /** The file's text, read as `actor`. */
  read(world: SimWorld, actor: Task, name: string): string;
  /** Writes `value` as `actor`; throws KernelError for an errno (or an Error for a runner error). */
  write(world: SimWorld, actor: Task, name: string, value: string): void;
}

/** One scenario area: the namespace types, the ops' specs and their simulated implementations. */
export interface SimArea extends ScenarioArea {
  /** The area's name (`core`, `user`, `hostid`), for messages. */
  readonly name: string;
  /** The namespace types it registers in the simulated kernel. */
  readonly types: readonly NamespaceOperations[];
  /** The specs of its ops (the parser checks steps against them). */
  readonly ops: readonly OpSpec[];
  /** The implementation of each op of `ops`, by op word. */
  readonly sim: SimOpTable;
  /** What `init` needs at the start (hostname `nsproxy`, ...). */
  readonly setup?: SimWorldSetup;
  /** The `/proc/sys` files it models, for the `sysctl` op. */
  readonly sysctls?: readonly SimSysctl[];
  /** The kernel rules its package implements (the package's rule catalog), composed by the application like the areas. */
  readonly rules?: readonly Rule[];
}

/**
 * Defines an area: returns it as it is, after checking that every simulated
 * op has a spec. (A spec without an implementation is allowed: such an op
 * parses, and the simulated backend skips a scenario that uses it.)
 */
export function defineSimArea<A extends SimArea>(area: A): A {
  const specs = new Set(area.ops.map((s) => s.name));
  for (const name of Object.keys(area.sim)) if (!specs.has(name)) throw new Error(`scenario area '${area.name}': op '${name}' is implemented but has no spec`);
  return area;
}
