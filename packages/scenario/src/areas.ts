/**
 * Scenario areas: what a package brings to the format. A namespace package (or
 * `@nsproxy/core` for the tasks section) exports, beside its type, a scenario
 * area: the namespace types it registers and the specs of the ops it
 * implements. The simulated backend (`@nsproxy/core/scenario`) extends this
 * shape with the ops' implementations; this package only needs the names and
 * the specs, to parse scenarios, so it depends on no model package.
 *
 * An application composes the areas it loads (`composeAreas`) into the op table
 * and the namespace types that `parseScenario` checks steps against.
 */
import { NAMESPACE_TYPES } from './contract.ts';
import { defineOps } from './ops.ts';
import type { OpSpec, OpTable } from './ops.ts';

/** What the parser needs of a scenario area. */
export interface ScenarioArea {
  /** The area's name, for messages (`core`, `user`, `hostid`). */
  readonly name: string;
  /** The namespace types it brings (only their names, and the names of the roads not taken each brings, are read here). */
  readonly types: readonly { readonly name: string; readonly roads?: readonly { readonly name: string }[] }[];
  /** Roads not taken the area itself brings (core's: `CORE_ROADS`), beside its types' roads; only their names are read here. */
  readonly roads?: readonly { readonly name: string }[];
  /** The specs of the ops it implements. */
  readonly ops: readonly OpSpec[];
}

/** Areas composed: one op table, and every namespace type the scenarios may name. */
export interface ComposedAreas {
  /** Every op of every area; two areas may not define the same op. */
  readonly ops: OpTable;
  /** The format's types (`cgroup ipc mnt net pid time user uts`), then each area's other types, in order. */
  readonly types: readonly string[];
  /** The types the areas bring (those a simulated kernel built from them has). */
  readonly areaTypes: readonly string[];
  /** The roads not taken the areas and their types bring, each once, in area order (what `@road:` may name). */
  readonly roads: readonly string[];
}

/**
 * Composes areas in order. An op defined by two areas, or a type brought by
 * two, is a mistake of the composition and throws (a plain Error naming both
 * areas).
 */
export function composeAreas(areas: readonly ScenarioArea[]): ComposedAreas {
  const owner = new Map<string, string>();
  const typeOwner = new Map<string, string>();
  const specs: OpSpec[] = [];
  const areaTypes: string[] = [];
  const roads: string[] = [];
  const addRoads = (list: readonly { readonly name: string }[] | undefined): void => {
    for (const { name } of list ?? []) if (!roads.includes(name)) roads.push(name);
  };
  for (const area of areas) {
    addRoads(area.roads);
    for (const t of area.types) addRoads(t.roads);
    for (const spec of area.ops) {
      const other = owner.get(spec.name);
      if (other !== undefined) throw new Error(`scenario areas '${other}' and '${area.name}' both define op '${spec.name}'`);
      owner.set(spec.name, area.name);
      specs.push(spec);
    }
    for (const { name } of area.types) {
      const other = typeOwner.get(name);
      if (other !== undefined) throw new Error(`scenario areas '${other}' and '${area.name}' both bring namespace type '${name}'`);
      typeOwner.set(name, area.name);
      areaTypes.push(name);
    }
  }
  const types = [...NAMESPACE_TYPES, ...areaTypes.filter((t) => !NAMESPACE_TYPES.includes(t))];
  return { ops: defineOps(specs), types, areaTypes, roads };
}
