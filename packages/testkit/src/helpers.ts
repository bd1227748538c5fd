/**
 * Helpers for a namespace type's own tests: a minimal user namespace type (a
 * type package may not depend on @nsproxy/user, nor need the whole of it to
 * test ownership and setns), a kernel booted with it, an unprivileged task,
 * and errno assertions.
 */
import { expect } from 'vitest';
import {
  CAP_FULL_SET, CAP_SYS_ADMIN, CLONE_NEWUSER, InvalidArgumentError, Kernel, KernelError, NsCommon, SIGCHLD, UserNamespace, defineNamespaceType, fail,
  nsCapable, reviveUserNamespace, saveUserNamespace,
} from '@nsproxy/core';
import type { IdExtent, InvalidArgumentCode, KernelSnapshot, NamespaceOperations, Task, UcountCharge } from '@nsproxy/core';

/** Maps the next user namespace created gets (default: "0 <creator's euid> 1" for uids and gids). */
let nextMaps: { uid: IdExtent[]; gid: IdExtent[] } | undefined;

/** Makes the next user namespace created get these maps instead of "0 <euid> 1". */
export function withMaps(uid: IdExtent[], gid: IdExtent[]): void {
  nextMaps = { uid, gid };
}

/**
 * A user namespace type for tests: owned by the creator's euid, with "0 <euid> 1"
 * maps (or those of `withMaps`), and userns_install's EINVAL/EPERM checks.
 */
export const toyUserType: NamespaceOperations<UserNamespace> = defineNamespaceType<UserNamespace>({
  name: 'user',
  type: CLONE_NEWUSER,
  order: 0,
  home: 'cred',
  createInitial(kernel) {
    return new UserNamespace(toyUserType, {
      parent: null, owner: 0, group: 0, parentCouldSetfcap: true, setgroupsAllowed: true, ucount: null,
      defaultUcountMax: kernel.options.maxNamespaces,
    });
  },
  copy(ctx) {
    const charge = ctx.chargeUcount();
    const ns = new UserNamespace(toyUserType, {
      parent: ctx.cred.userNs, owner: ctx.cred.euid, group: ctx.cred.egid, parentCouldSetfcap: true, setgroupsAllowed: true, ucount: charge,
    });
    ns.uidMap = nextMaps?.uid ?? [{ first: 0, lowerFirst: ctx.cred.euid, count: 1 }];
    ns.gidMap = nextMaps?.gid ?? [{ first: 0, lowerFirst: ctx.cred.egid, count: 1 }];
    nextMaps = undefined;
    return ns;
  },
  install(nsset, ns) {
    if (ns === nsset.currentCred.userNs) fail('EINVAL', 'setns', 'already in that user namespace');
    if (!nsCapable(nsset.currentCred, ns, CAP_SYS_ADMIN)) fail('EPERM', 'setns');
    nsset.cred = nsset.cred.with({ userNs: ns, capEffective: CAP_FULL_SET, capPermitted: CAP_FULL_SET });
  },
  owner(ns) {
    return ns.parent;
  },
  save: (ns) => saveUserNamespace(ns),
  revive: (_kernel, owner, data) => reviveUserNamespace(toyUserType, owner, data),
});

/** The flag of `refusingType`: bit 52 (flags are exact up to 2^53), far from every real type's. */
export const CLONE_NEWREFUSING: number = 2 ** 52;

/** A namespace of `refusingType` (no state). */
export class RefusingNamespace extends NsCommon {
  constructor(ops: NamespaceOperations, owner: UserNamespace, ucount: UcountCharge | null) {
    super(ops, owner, ucount);
  }
}

/**
 * A namespace type that refuses: every `copy` and every `install` fails with
 * `ESTALE` (an errno no real type uses, so a call that fails with it got as
 * far as this type). Its order is after every other type's, so in
 * create_new_namespaces and in a pidfd setns it runs last: register it beside
 * your type to make a clone, unshare or setns fail *after* your type's `copy`
 * or `install` ran, and check that the call left nothing behind.
 */
export const refusingType: NamespaceOperations<RefusingNamespace> = defineNamespaceType<RefusingNamespace>({
  name: 'refusing',
  type: CLONE_NEWREFUSING,
  order: Number.MAX_SAFE_INTEGER,
  createInitial: (_kernel, owner) => new RefusingNamespace(refusingType, owner, null),
  copy: (ctx) => fail('ESTALE', ctx.syscall, 'refusingType never creates a namespace'),
  install: () => fail('ESTALE', 'setns', 'refusingType never installs a namespace'),
  owner: (ns) => ns.ownerNs,
  save: () => null,
  revive: (_kernel, owner) => new RefusingNamespace(refusingType, owner, null),
});

/** A kernel with `types` and the toy user type; `init` reaps its children at once. */
export function bootWithToyUser(...types: NamespaceOperations[]): { kernel: Kernel; init: Task } {
  const kernel = new Kernel({ namespaces: [...types, toyUserType] });
  const init = kernel.initTask;
  kernel.sigaction(init, SIGCHLD, 'ignore');
  return { kernel, init };
}

/** The errno code `fn` fails with (fails the test when it succeeds or throws something else). */
export function errnoOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernelError) return e.code;
    throw e;
  }
  expect.fail('expected a KernelError');
}

/** The errno name a call fails with, or `ok` when it succeeds. */
export function errnoOrOk(fn: () => unknown): string {
  return errnoRuleOrOk(fn).split(' ')[0] ?? '';
}

/** The errno name and the rule id a call fails with (`EINVAL R3.2`), or `ok` when it succeeds. */
export function errnoRuleOrOk(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernelError) return `${e.code} ${e.rule ?? ''}`.trim();
    throw e;
  }
  return 'ok';
}

/** A task of `init` with uid/gid `id` and no capabilities (setresuid drops them). */
export function unprivilegedTask(kernel: Kernel, init: Task, id: number): Task {
  const t = kernel.clone(init, 0);
  kernel.setresgid(t, id, id, id);
  kernel.setresuid(t, id, id, id);
  return t;
}

/** The environment, where there is one (Node); a browser has none. */
function env(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}

/**
 * The `numRuns` of a fast-check property: `defaultRuns`, or the value of the
 * environment variable `name` (default `NSPROXY_PROPERTY_RUNS`) when it is a
 * positive integer, so that CI or a person at the terminal runs more seeds
 * (`NSPROXY_PROPERTY_RUNS=2000 npx vitest run ...`). Anything else set there
 * is an Error (a typo must not quietly run the default).
 */
export function propertyRuns(defaultRuns: number, name = 'NSPROXY_PROPERTY_RUNS'): number {
  const raw = env(name);
  if (raw === undefined || raw === '') return defaultRuns;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name}=${raw}: expected a positive integer`);
  return n;
}

/**
 * What a refused call must throw: an errno (a KernelError, naming `rule` when
 * given), or an InvalidArgumentError code and the parameter it names.
 */
export type Refusal = { readonly errno: string; readonly rule?: string } | { readonly code: InvalidArgumentCode; readonly param: string };

/** The state a refused call must leave: the snapshot (when every type can save) and the namespaces' counts against their holders. */
function kernelState(kernel: Kernel): string {
  const holders = kernel.countHolders();
  const counts = kernel.namespaces().map((ns) => `${ns.type}:${ns.nsId}=${ns.count}/${holders.get(ns) ?? 0}`);
  const saveable = kernel.namespaces().every((ns) => ns.ops.save !== undefined);
  return JSON.stringify({ counts, snapshot: saveable ? kernel.snapshot() : null });
}

/**
 * Asserts that `call` throws what `want` says (docs/core.md, "Arguments and
 * errors") and leaves `kernel` as it was, as `state` sees it (default: the
 * snapshot and the reference counts; a type without snapshots passes its own
 * fingerprint): a type package's bad-input tests run each of their calls
 * with garbage through this.
 */
export function expectRefused(kernel: Kernel, call: () => unknown, want: Refusal, state: (kernel: Kernel) => string = kernelState): void {
  const before = state(kernel);
  let thrown: unknown;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'the call succeeded').toBeDefined();
  if ('errno' in want) {
    expect(thrown).toBeInstanceOf(KernelError);
    expect((thrown as KernelError).code, (thrown as Error).message).toBe(want.errno);
    if (want.rule !== undefined) expect((thrown as KernelError).rule, (thrown as Error).message).toBe(want.rule);
  } else {
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).toMatchObject({ code: want.code, param: want.param });
  }
  expect(state(kernel), 'a refused call changed the kernel').toBe(before);
}

/** A copy of `kernel` through its snapshot as JSON text (Kernel.snapshot, JSON, Kernel.restore with the same types). */
export function restoredCopy(kernel: Kernel): Kernel {
  const snap = JSON.parse(JSON.stringify(kernel.snapshot())) as KernelSnapshot;
  return Kernel.restore(snap, { namespaces: kernel.types.filter((t) => kernel.isRegistered(t)) });
}

/** The task of `kernel` with this serial (a restored kernel keeps the serials). */
export function taskBySerial(kernel: Kernel, serial: number): Task {
  const t = kernel.tasks().find((x) => x.serial === serial);
  if (!t) throw new Error(`no task ${serial}`);
  return t;
}

/** What a call gives as JSON (bigints as decimal strings), or its errno name: to compare a kernel with its copy. */
export function outcomeOf(fn: () => unknown): string {
  try {
    return JSON.stringify(fn() ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (e) {
    if (e instanceof KernelError) return e.code;
    throw e;
  }
}
