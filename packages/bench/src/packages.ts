/**
 * The namespace packages the model side uses, loaded by name at run time so
 * that a package still being built (or not yet written) turns its rows into
 * "missing (package not built)" instead of breaking the bench.
 */
import {
  CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUSER, CLONE_NEWUTS,
} from '@nsproxy/core';
import type { NamespaceOperations } from '@nsproxy/core';
import { NAMESPACE_PACKAGES } from './catalog.ts';

/** The CLONE_NEW* flag of each type. */
export const TYPE_FLAGS: Readonly<Record<string, number>> = {
  user: CLONE_NEWUSER, mnt: CLONE_NEWNS, uts: CLONE_NEWUTS, ipc: CLONE_NEWIPC,
  pid: CLONE_NEWPID, net: CLONE_NEWNET, cgroup: CLONE_NEWCGROUP, time: CLONE_NEWTIME,
};

/** What is available: the types by name, the packages' modules, and why the others are not. */
export interface LoadedPackages {
  readonly types: ReadonlyMap<string, NamespaceOperations>;
  readonly modules: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Type name -> why it is missing, e.g. `package not built: @nsproxy/mnt`. */
  readonly missing: ReadonlyMap<string, string>;
}

/** Whether a value looks like a namespace type with this flag (a `NamespaceOperations`). */
export function isNamespaceType(v: unknown, flag: number): v is NamespaceOperations {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return o.type === flag && typeof o.name === 'string' && typeof o.copy === 'function' && typeof o.install === 'function' &&
    typeof o.createInitial === 'function';
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined;
}

/** Imports every namespace package that exists and finds its type. */
export async function loadPackages(): Promise<LoadedPackages> {
  const types = new Map<string, NamespaceOperations>();
  const modules = new Map<string, Readonly<Record<string, unknown>>>();
  const missing = new Map<string, string>();
  for (const [name, pkg] of Object.entries(NAMESPACE_PACKAGES)) {
    let mod: Record<string, unknown>;
    try {
      // A computed specifier: TypeScript does not need the package to exist.
      const spec: string = pkg;
      mod = (await import(spec)) as Record<string, unknown>;
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') missing.set(name, `missing (package not built: ${pkg})`);
      else missing.set(name, `missing (${pkg} does not load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
      continue;
    }
    modules.set(name, mod);
    const flag = TYPE_FLAGS[name] ?? 0;
    const type = Object.values(mod).find((v) => isNamespaceType(v, flag));
    if (type) types.set(name, type);
    else missing.set(name, `missing (${pkg} exports no ${name} namespace type)`);
  }
  return { types, modules, missing };
}

/** Why an op needing `needs` cannot run on the model, or undefined when it can. */
export function missingReason(loaded: LoadedPackages, needs: readonly string[]): string | undefined {
  for (const n of needs) {
    const why = loaded.missing.get(n);
    if (why) return why;
    if (!loaded.types.has(n)) return `missing (no ${n} namespace type)`;
  }
  return undefined;
}
