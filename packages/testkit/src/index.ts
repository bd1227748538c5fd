/**
 * @nsproxy/testkit: the contract every namespace type keeps, as a vitest
 * suite. A type package (ours or a third party's) calls
 * `testNamespaceType({ type })` in one of its test files; the suite boots
 * kernels with the type registered and checks what struct proc_ns_operations
 * promises the kernel: reference balance, a new namespace on clone and unshare
 * with its flag, the creator's user namespace recorded as owner, install
 * staging without side effects until commit, a failed clone, unshare or setns
 * leaving no trace, teardown on the last put, and the identity of its ns files.
 */
import { describe, expect, it } from 'vitest';
import {
  CAP_SYS_ADMIN, CLONE_NEWUSER, Kernel, KernelError, NsSet, SIGCHLD, flagsOr, installNs, nsCapable, nsOwner,
} from '@nsproxy/core';
import type { NamespaceOperations, NsCommon, Task, UserNamespace } from '@nsproxy/core';
import { errnoOrOk, refusingType, toyUserType } from './helpers.ts';
export type { Refusal } from './helpers.ts';
export { expectNamedRule, expectRuleCatalog, kernelErrorOf } from './rules.ts';
export type { RuleCatalogOptions } from './rules.ts';

export {
  CLONE_NEWREFUSING, RefusingNamespace, bootWithToyUser, errnoOf, errnoOrOk, errnoRuleOrOk, expectRefused, outcomeOf, propertyRuns, refusingType, restoredCopy, taskBySerial, toyUserType, unprivilegedTask,
  withMaps,
} from './helpers.ts';

/** Options of `testNamespaceType`. */
export interface TestNamespaceTypeOptions {
  /** The type under test. */
  readonly type: NamespaceOperations;
  /** Other types the kernel needs beside it (e.g. the user type, to test ownership by a new user namespace). */
  readonly with?: readonly NamespaceOperations[];
  /** A title for the suite (default: the type's name). */
  readonly name?: string;
}

/** The namespace of `type` a task holds right now (its nsproxy slot, or its credentials' user namespace). */
export function heldNamespace(kernel: Kernel, task: Task, type: NamespaceOperations): NsCommon {
  const ns = (type.home ?? 'nsproxy') === 'cred' ? task.cred.userNs : task.nsproxy?.slots[kernel.slotOf(type)];
  if (!ns) throw new Error(`task ${task.serial} holds no ${type.name} namespace`);
  return ns;
}

/** The namespaces the kernel frees from now on, in order (its `ns-freed` events). */
function freedNamespaces(kernel: Kernel): NsCommon[] {
  const freed: NsCommon[] = [];
  kernel.on((e) => {
    if (e.type === 'ns-freed') freed.push(e.ns);
  }, { types: ['ns-freed'] });
  return freed;
}

/** Asserts that every live namespace's refcount equals the holders counted from the kernel's state. */
export function expectBalancedRefcounts(kernel: Kernel): void {
  const holders = kernel.countHolders();
  for (const ns of kernel.namespaces()) expect(ns.count, `${ns.type}:${ns.nsId} refcount`).toBe(holders.get(ns) ?? 0);
}

/**
 * A kernel with the type under test, `opts.with`, and `extra` types (an extra
 * type is left out when a type with its flag is already there: the toy user
 * type when the caller brought its own).
 */
function boot(opts: TestNamespaceTypeOptions, ...extra: NamespaceOperations[]): { kernel: Kernel; init: Task } {
  const types = [opts.type, ...(opts.with ?? []).filter((t) => t !== opts.type)];
  for (const t of extra) if (!types.some((u) => u.type === t.type)) types.push(t);
  const kernel = new Kernel({ namespaces: types });
  const init = kernel.initTask;
  kernel.sigaction(init, SIGCHLD, 'ignore');
  return { kernel, init };
}

function expectErrno(fn: () => unknown, code: string): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(KernelError);
  expect((err as KernelError).code).toBe(code);
}

/** One check of the conformance suite: `run` throws (an assertion error) when the type breaks the contract. */
export interface ConformanceCheck {
  /** The test title. */
  readonly name: string;
  readonly run: () => void;
}

/** Registers the conformance suite for a namespace type with vitest: one test per `conformanceChecks(opts)`. */
export function testNamespaceType(opts: TestNamespaceTypeOptions): void {
  describe(`namespace type conformance: ${opts.name ?? opts.type.name}`, () => {
    for (const check of conformanceChecks(opts)) it(check.name, check.run);
  });
}

/**
 * The checks of the conformance suite as plain functions, without vitest's
 * test registration: what `testNamespaceType` runs, one test each. Useful to
 * assert that a deliberately broken type fails a given check.
 */
export function conformanceChecks(opts: TestNamespaceTypeOptions): ConformanceCheck[] {
  const { type } = opts;
  const isUser = type.type === CLONE_NEWUSER;
  const checks: ConformanceCheck[] = [];
  const check = (name: string, run: () => void): void => void checks.push({ name, run });

  check('boots with an initial namespace owned by the initial user namespace, named by its ns file', () => {
    const { kernel, init } = boot(opts);
    expect(kernel.nsEntries).toContain(type.name);
    const ns = heldNamespace(kernel, init, type);
    expect(nsOwner(ns)).toBe(isUser ? null : kernel.initUserNs);
    const link = kernel.readlink(init, `/proc/self/ns/${type.name}`);
    expect(link).toMatch(new RegExp(`^${type.realName ?? type.name}:\\[\\d+\\]$`));
    expectBalancedRefcounts(kernel);
  });

  check('get takes a reference and put drops it', () => {
    const { kernel, init } = boot(opts);
    const before = heldNamespace(kernel, init, type).count;
    const ns = kernel.getNs(init, type);
    expect(ns).toBeDefined();
    if (!ns) return;
    expect(ns.count).toBe(before + 1);
    kernel.putNs(ns);
    expect(ns.count).toBe(before);
    expectBalancedRefcounts(kernel);
  });

  check('clone with its flag gives the child a new namespace and leaves the parent alone', () => {
    const { kernel, init } = boot(opts);
    const mine = heldNamespace(kernel, init, type);
    const child = kernel.clone(init, type.type);
    const theirs = heldNamespace(kernel, child, type);
    expect(theirs).not.toBe(mine);
    expect(heldNamespace(kernel, init, type)).toBe(mine);
    expect(theirs.inum).not.toBe(mine.inum);
    expect(theirs.nsId).toBeGreaterThan(mine.nsId);
    expect(nsOwner(theirs)).toBe(isUser ? kernel.initUserNs : init.cred.userNs);
    const plain = kernel.clone(init, 0);
    expect(heldNamespace(kernel, plain, type)).toBe(mine);
    expectBalancedRefcounts(kernel);
  });

  check('unshare with its flag moves the caller (or its children) to a new namespace', () => {
    const { kernel, init } = boot(opts);
    const task = kernel.clone(init, 0);
    const before = heldNamespace(kernel, task, type);
    kernel.unshare(task, type.type);
    const after = heldNamespace(kernel, task, type);
    expect(after).not.toBe(before);
    expect(heldNamespace(kernel, init, type)).toBe(before);
    expectBalancedRefcounts(kernel);
  });

  if (!isUser) {
    check('creation needs CAP_SYS_ADMIN over the owner (EPERM) and records the new user namespace as owner', () => {
      // With a user type (the toy one unless `with` brings one), so that the owner can be another user namespace.
      const { kernel, init } = boot(opts, toyUserType);
      const task = kernel.clone(init, 0);
      kernel.setresuid(task, 1000, 1000, 1000);
      expect(nsCapable(task.cred, task.cred.userNs, CAP_SYS_ADMIN)).toBe(false);
      const before = heldNamespace(kernel, task, type);
      expectErrno(() => kernel.unshare(task, type.type), 'EPERM');
      expect(heldNamespace(kernel, task, type)).toBe(before);
      expectBalancedRefcounts(kernel);
      kernel.unshare(task, flagsOr(type.type, CLONE_NEWUSER));
      const ns = heldNamespace(kernel, task, type);
      expect(nsOwner(ns), 'the owner of a namespace made with CLONE_NEWUSER is the new user namespace').toBe(task.cred.userNs);
      expect(task.cred.userNs).not.toBe(kernel.initUserNs);
      expectBalancedRefcounts(kernel);
    });
  }

  if (type.peekIsSlot) {
    check('peekIsSlot answers true only while peek answers every task\'s nsproxy slot', () => {
      const { kernel, init } = boot(opts);
      const slot = kernel.slotOf(type);
      const agree = (step: string): void => {
        if (!type.peekIsSlot?.(kernel)) return;
        for (const t of kernel.tasks()) {
          if (t.state === 'dead' || !t.nsproxy) continue;
          expect(kernel.peekNs(t, type), `after ${step}, task ${t.serial}: peekIsSlot answered true`).toBe(t.nsproxy.slots[slot]);
        }
      };
      const a = kernel.clone(init, 0);
      const b = kernel.clone(init, type.type);
      agree('clone');
      kernel.unshare(a, type.type);
      agree('unshare');
      const c = kernel.clone(a, 0);
      agree('a clone of the unsharer');
      kernel.setns(c, kernel.openNs(c, b, type.name), type.type);
      agree('setns');
      kernel.exit(a);
      agree('the unsharer\'s exit');
    });
  }

  check('install stages: a failed setns changes nothing, a successful one switches the caller', () => {
    const { kernel, init } = boot(opts);
    const owner = kernel.clone(init, type.type);
    const joiner = kernel.clone(init, 0);
    const fd = kernel.openNs(joiner, owner, type.name);
    const target = kernel.nsOfFd(joiner, fd);
    const probe = kernel.clone(init, 0);
    const pfd = kernel.openNs(probe, owner, type.name);
    kernel.setresuid(probe, 1000, 1000, 1000);
    const held = heldNamespace(kernel, probe, type);
    const snapshotBefore = supportsSnapshots(kernel) ? JSON.stringify(kernel.snapshot()) : undefined;
    expectErrno(() => kernel.setns(probe, pfd, type.type), 'EPERM');
    expect(heldNamespace(kernel, probe, type)).toBe(held);
    if (snapshotBefore !== undefined) expect(JSON.stringify(kernel.snapshot())).toBe(snapshotBefore);
    expectErrno(() => kernel.setns(joiner, fd, type.type === 0x80 ? 0x100 : 0x80), 'EINVAL');
    kernel.setns(joiner, fd, 0);
    expect(heldNamespace(kernel, joiner, type)).toBe(target);
    expectBalancedRefcounts(kernel);
  });

  check('install on a fresh staged nsset stages the namespace and changes nothing until commit', () => {
    const { kernel, init } = boot(opts);
    const owner = kernel.clone(init, type.type);
    const caller = kernel.clone(init, 0);
    const target = kernel.nsOf(owner, type.name);
    expect(target).toBeDefined();
    if (!target) return;
    const watch = watchTask(caller);
    const before = stateOf(kernel);
    // What setns does before its commit (kernel/nsproxy.c prepare_nsset): a private copy of the caller's slots.
    const nsset = new NsSet(kernel, caller, type.type, [...(caller.nsproxy?.slots ?? [])]);
    installNs(nsset, target);
    expect(stagedNamespace(kernel, nsset, type), 'install stages the namespace in the nsset').toBe(target);
    watch.expectUnchanged('install');
    expect(stateOf(kernel), 'install changed the kernel (the caller, the target or a refcount) before the commit').toBe(before);
    expectBalancedRefcounts(kernel);
  });

  check('a pidfd setns that fails in a later type\'s install changes nothing (this type\'s install had passed)', () => {
    const variants: { label: string; flags: number; kernel: { kernel: Kernel; init: Task }; clone: number }[] = [];
    variants.push({ label: type.name, flags: type.type, kernel: boot(opts, refusingType), clone: type.type });
    if (!isUser) {
      // The user type's install (first in pidfd setns order) stages new credentials too.
      const flags = flagsOr(CLONE_NEWUSER, type.type);
      variants.push({ label: `user+${type.name}`, flags, kernel: boot(opts, toyUserType, refusingType), clone: flags });
    }
    for (const { label, flags, kernel: { kernel, init }, clone } of variants) {
      const target = kernel.clone(init, clone);
      const caller = kernel.clone(init, 0);
      const pidfd = kernel.pidfdOpen(caller, kernel.pidOf(target, caller));
      const watch = watchTask(caller);
      const before = stateOf(kernel);
      expect(errnoOrOk(() => kernel.setns(caller, pidfd, flagsOr(flags, refusingType.type))), `setns(pidfd, ${label}+refusing)`).toBe('ESTALE');
      watch.expectUnchanged(`a failed setns(pidfd, ${label}+refusing)`);
      expect(stateOf(kernel), `a failed setns(pidfd, ${label}+refusing) changed the kernel`).toBe(before);
      expectBalancedRefcounts(kernel);
      // Without the refusing type, the same setns succeeds and switches the caller.
      kernel.setns(caller, pidfd, flags);
      expect(heldNamespace(kernel, caller, type)).toBe(heldNamespace(kernel, target, type));
      expectBalancedRefcounts(kernel);
    }
  });

  check('a clone or unshare that fails after this type\'s copy ran leaves no trace', () => {
    const { kernel, init } = boot(opts, toyUserType, refusingType);
    const events: string[] = [];
    kernel.on((e) => void events.push(e.type));
    const task = kernel.clone(init, 0);
    const variants = isUser ? [type.type] : [type.type, flagsOr(CLONE_NEWUSER, type.type)];
    for (const flags of variants) {
      for (const call of ['clone', 'unshare'] as const) {
        const what = `${call}(0x${flagsOr(flags, refusingType.type).toString(16)})`;
        const watch = watchTask(task);
        const before = stateOf(kernel);
        events.length = 0;
        const run = (): unknown => (call === 'clone' ? kernel.clone(task, flagsOr(flags, refusingType.type)) : kernel.unshare(task, flagsOr(flags, refusingType.type)));
        expect(errnoOrOk(run), what).toBe('ESTALE');
        expect(events, `${what} failed but emitted events`).toEqual([]);
        watch.expectUnchanged(`a failed ${what}`);
        expect(stateOf(kernel), `a failed ${what} changed the kernel`).toBe(before);
        expectBalancedRefcounts(kernel);
      }
    }
    // Without the refusing type the same calls succeed.
    const mine = heldNamespace(kernel, task, type);
    const child = kernel.clone(task, type.type);
    expect(heldNamespace(kernel, child, type)).not.toBe(mine);
    kernel.unshare(task, type.type);
    expect(heldNamespace(kernel, task, type)).not.toBe(mine);
    expectBalancedRefcounts(kernel);
  });

  check('an open ns file keeps the namespace alive; the last put frees it and runs the teardown', () => {
    const { kernel, init } = boot(opts);
    const freed = freedNamespaces(kernel);
    const child = kernel.clone(init, type.type);
    const fd = kernel.openNs(init, child, type.name);
    const ns = kernel.nsOfFd(init, fd);
    kernel.exit(child);
    expect(ns.freed).toBe(false);
    expect(freed).not.toContain(ns);
    expectBalancedRefcounts(kernel);
    kernel.close(init, fd);
    expect(ns.freed).toBe(true);
    expect(freed).toContain(ns);
    expectBalancedRefcounts(kernel);
  });

  check('the put of the last reference frees the namespace, runs the teardown and unlinks it', () => {
    const { kernel, init } = boot(opts);
    const freed = freedNamespaces(kernel);
    const child = kernel.clone(init, type.type);
    const ns = kernel.getNs(child, type);
    expect(ns).toBeDefined();
    if (!ns) return;
    kernel.exit(child);
    expect(ns.freed).toBe(false);
    expect(kernel.countHolders().get(ns) ?? 0, 'nothing but the reference get took holds the namespace').toBe(0);
    expect(ns.count).toBe(1);
    kernel.putNs(ns);
    expect(ns.freed, 'the last put frees the namespace').toBe(true);
    expect(ns.count).toBe(0);
    expect(freed, 'the last put runs the teardown (ns-freed)').toContain(ns);
    expect(kernel.namespaces()).not.toContain(ns);
    for (const t of kernel.tasks()) for (const entry of kernel.nsEntries) expect(kernel.nsOf(t, entry)).not.toBe(ns);
    expectBalancedRefcounts(kernel);
  });

  check('ns files: one namespace, one (dev, ino); another namespace, another inode; write opens are EPERM', () => {
    const { kernel, init } = boot(opts);
    const child = kernel.clone(init, type.type);
    const a = kernel.fstat(init, kernel.open(init, `/proc/self/ns/${type.name}`));
    const b = kernel.fstat(init, kernel.open(init, `/proc/${init.globalPid}/ns/${type.name}`));
    const c = kernel.fstat(init, kernel.openNs(init, child, type.name));
    expect(a.dev).toBe(b.dev);
    expect(a.ino).toBe(b.ino);
    expect(c.ino).not.toBe(a.ino);
    expect(a.mode & 0o777).toBe(0o444);
    expectErrno(() => kernel.open(init, `/proc/self/ns/${type.name}`, { write: true }), 'EPERM');
    expect(kernel.ioctl(init, kernel.open(init, `/proc/self/ns/${type.name}`), 0xb703)).toBe(type.type);
  });

  check('survives a snapshot round trip when it supports snapshots', () => {
    const { kernel, init } = boot(opts);
    kernel.clone(init, type.type);
    if (!supportsSnapshots(kernel)) return;
    const snap = kernel.snapshot();
    const copy = Kernel.restore(snap, { namespaces: [type, ...(opts.with ?? []).filter((t) => t !== type)] });
    expect(copy.snapshot()).toEqual(snap);
  });

  return checks;
}

function supportsSnapshots(kernel: Kernel): boolean {
  return kernel.namespaces().every((ns) => ns.ops.save !== undefined && ns.ops.revive !== undefined);
}

/**
 * The whole state of the kernel as a string: its snapshot, or, when a type
 * cannot be saved, what the kernel itself knows (namespaces and refcounts,
 * tasks, credentials, nsproxies, files, counters).
 */
function stateOf(kernel: Kernel): string {
  if (supportsSnapshots(kernel)) return JSON.stringify(kernel.snapshot());
  // The ucounts live in user namespaces: those that own a namespace or hold a task's credentials.
  const userNamespaces = new Set<UserNamespace>([kernel.initUserNs]);
  for (const ns of kernel.namespaces()) if (ns.ownerNs) userNamespaces.add(ns.ownerNs);
  for (const t of kernel.tasks()) userNamespaces.add(t.cred.userNs);
  return JSON.stringify({
    namespaces: kernel.namespaces().map((ns) => [
      ns.type, ns.nsId, ns.inum, ns.count, ns.freed, ns.ownerNs?.nsId ?? null, ns.heldParent?.nsId ?? null,
    ]),
    ucounts: [...userNamespaces].map((u) => [u.nsId, [...u.ucounts]]),
    tasks: kernel.tasks().map((t) => {
      const c = t.cred;
      return [
        t.serial, t.comm, t.state, t.dumpable, c.userNs.nsId, c.uid, c.euid, c.suid, c.fsuid, c.gid, c.egid, c.sgid, c.fsgid,
        c.capEffective.toString(16), c.capPermitted.toString(16), t.nsproxy?.slots.map((ns) => ns.nsId) ?? null,
        t.files ? [...t.files.fds].map(([fd, f]) => [fd, f.kind, f.kind === 'ns' ? f.ns.nsId : f.kind === 'pidfd' ? f.pid.numbers : f.object.holds().map((ns) => ns.nsId), f.count]) : null,
      ];
    }),
    counters: [kernel.nextSerial, kernel.nextNsId, kernel.inumLow],
  });
}

/** The namespace of `type` an nsset has staged. */
function stagedNamespace(kernel: Kernel, nsset: NsSet, type: NamespaceOperations): NsCommon | undefined {
  return (type.home ?? 'nsproxy') === 'cred' ? nsset.cred.userNs : nsset.slots[kernel.slotOf(type)];
}

/** Remembers what a task points at, to assert that a call did not touch it. */
function watchTask(task: Task): { expectUnchanged(what: string): void } {
  const { cred, nsproxy, files, fs, comm, state, dumpable } = task;
  const slots = [...(nsproxy?.slots ?? [])];
  return {
    expectUnchanged(what) {
      expect(task.cred, `${what} changed the caller's credentials`).toBe(cred);
      expect(task.nsproxy, `${what} changed the caller's nsproxy`).toBe(nsproxy);
      const now = task.nsproxy?.slots ?? [];
      expect(now.length === slots.length && now.every((ns, i) => ns === slots[i]), `${what} changed the caller's nsproxy slots`).toBe(true);
      expect(task.files, `${what} changed the caller's fd table`).toBe(files);
      expect(task.fs, `${what} changed the caller's fs_struct`).toBe(fs);
      expect([task.comm, task.state, task.dumpable], `${what} changed the caller`).toEqual([comm, state, dumpable]);
    },
  };
}
