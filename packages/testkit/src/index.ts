/**
 * @nsproxy/testkit: the contract every namespace type keeps, as a vitest
 * suite. A type package (ours or a third party's) calls
 * `testNamespaceType({ type })` in one of its test files; the suite boots
 * kernels with the type registered and checks what struct proc_ns_operations
 * promises the kernel: get/put balance, a new namespace on clone and unshare
 * with its flag, the creator's user namespace recorded as owner, install
 * staging without side effects until commit, teardown on the last put, and
 * the identity of its ns files.
 */
import { describe, expect, it } from 'vitest';
import { CAP_SYS_ADMIN, CLONE_NEWUSER, Kernel, KernelError, SIGCHLD, nsCapable } from '@nsproxy/core';
import type { NamespaceOperations, NsCommon, Task } from '@nsproxy/core';

export { bootWithToyUser, errnoOf, toyUserType, unprivilegedTask, withMaps } from './helpers.ts';

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

/** Asserts that every live namespace's refcount equals the holders counted from the kernel's state. */
export function expectBalancedRefcounts(kernel: Kernel): void {
  const holders = kernel.countHolders();
  for (const ns of kernel.namespaces()) expect(ns.count, `${ns.type}:${ns.nsId} refcount`).toBe(holders.get(ns) ?? 0);
}

function boot(opts: TestNamespaceTypeOptions): { kernel: Kernel; init: Task } {
  const kernel = new Kernel({ namespaces: [opts.type, ...(opts.with ?? []).filter((t) => t !== opts.type)] });
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

/** Registers the conformance suite for a namespace type with vitest. */
export function testNamespaceType(opts: TestNamespaceTypeOptions): void {
  const { type } = opts;
  const isUser = type.type === CLONE_NEWUSER;

  describe(`namespace type conformance: ${opts.name ?? type.name}`, () => {
    it('boots with an initial namespace owned by the initial user namespace, named by its ns file', () => {
      const { kernel, init } = boot(opts);
      expect(kernel.nsEntries).toContain(type.name);
      const ns = heldNamespace(kernel, init, type);
      expect(type.owner(ns)).toBe(isUser ? null : kernel.initUserNs);
      const link = kernel.readlink(init, `/proc/self/ns/${type.name}`);
      expect(link).toMatch(new RegExp(`^${type.realName ?? type.name}:\\[\\d+\\]$`));
      expectBalancedRefcounts(kernel);
    });

    it('get takes a reference and put drops it', () => {
      const { kernel, init } = boot(opts);
      const before = heldNamespace(kernel, init, type).count;
      const ns = type.get(init);
      expect(ns).toBeDefined();
      if (!ns) return;
      expect(ns.count).toBe(before + 1);
      type.put(ns);
      expect(ns.count).toBe(before);
      expectBalancedRefcounts(kernel);
    });

    it('clone with its flag gives the child a new namespace and leaves the parent alone', () => {
      const { kernel, init } = boot(opts);
      const mine = heldNamespace(kernel, init, type);
      const child = kernel.clone(init, type.type);
      const theirs = heldNamespace(kernel, child, type);
      expect(theirs).not.toBe(mine);
      expect(heldNamespace(kernel, init, type)).toBe(mine);
      expect(theirs.inum).not.toBe(mine.inum);
      expect(theirs.nsId).toBeGreaterThan(mine.nsId);
      expect(type.owner(theirs)).toBe(isUser ? kernel.initUserNs : init.cred.userNs);
      const plain = kernel.clone(init, 0);
      expect(heldNamespace(kernel, plain, type)).toBe(mine);
      expectBalancedRefcounts(kernel);
    });

    it('unshare with its flag moves the caller (or its children) to a new namespace', () => {
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
      it('creation needs CAP_SYS_ADMIN over the owner (EPERM) and records the new user namespace as owner', () => {
        const { kernel, init } = boot(opts);
        const task = kernel.clone(init, 0);
        kernel.setresuid(task, 1000, 1000, 1000);
        expect(nsCapable(task.cred, task.cred.userNs, CAP_SYS_ADMIN)).toBe(false);
        const before = heldNamespace(kernel, task, type);
        expectErrno(() => kernel.unshare(task, type.type), 'EPERM');
        expect(heldNamespace(kernel, task, type)).toBe(before);
        expectBalancedRefcounts(kernel);
        if (kernel.hasUserNs) {
          kernel.unshare(task, type.type + CLONE_NEWUSER);
          const ns = heldNamespace(kernel, task, type);
          expect(type.owner(ns)).toBe(task.cred.userNs);
          expect(task.cred.userNs).not.toBe(kernel.initUserNs);
          expectBalancedRefcounts(kernel);
        }
      });
    }

    it('install stages: a failed setns changes nothing, a successful one switches the caller', () => {
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

    it('an open ns file keeps the namespace alive; the last put frees it and runs the teardown', () => {
      const { kernel, init } = boot(opts);
      const freed: NsCommon[] = [];
      kernel.on((e) => {
        if (e.type === 'ns-freed') freed.push(e.ns);
      });
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

    it('ns files: one namespace, one (dev, ino); another namespace, another inode; write opens are EPERM', () => {
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

    it('survives a snapshot round trip when it supports snapshots', () => {
      const { kernel, init } = boot(opts);
      kernel.clone(init, type.type);
      if (!supportsSnapshots(kernel)) return;
      const snap = kernel.snapshot();
      const copy = Kernel.restore(snap, { namespaces: [type, ...(opts.with ?? []).filter((t) => t !== type)] });
      expect(copy.snapshot()).toEqual(snap);
    });
  });
}

function supportsSnapshots(kernel: Kernel): boolean {
  return kernel.namespaces().every((ns) => ns.type === 'user' || ns.type === 'pid' || (ns.ops.save !== undefined && ns.ops.revive !== undefined));
}
