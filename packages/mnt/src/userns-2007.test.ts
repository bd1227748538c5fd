/**
 * The mount side of the road not taken userns-2007 (M11.*): mounts tagged with
 * the user namespace that made them, EACCES through a mount of another one,
 * EPERM to clone it, MS_SHARE_NS, the initial nsproxy's exemption. The road
 * is @nsproxy/user's; this package sees it only through core's
 * `UserNamespace.uidhashTable`, which these tests set as @nsproxy/user does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, Kernel, KernelError } from '@nsproxy/core';
import type { Task, UserNamespace } from '@nsproxy/core';
import { chroot, creat, lookup, mkdir, mntNamespaceType, mntRules, mount, umount2 } from './index.ts';
import type { Mount } from './index.ts';
import { expectBalancedRefcounts, expectRefused, fingerprint, kernelErrorOf, mntNamespaces, structureProblems, toyUserType, world } from '../test/helpers.ts';
import { propertyRuns } from '@nsproxy/testkit';

/** The mount at `path` (a mount point), as `task` sees it. */
function lookupMount(kernel: Kernel, task: Task, path: string): Mount {
  const at = lookup(kernel, task, path, 'stat');
  expect(at.dentry).toBe(at.mnt.root);
  return at.mnt;
}

/** The call fails with `errno` and `rule`, and the kernel's state (mounts included) is what it was. */
function refused(kernel: Kernel, call: () => unknown, errno: string, rule: string): void {
  const before = fingerprint(kernel);
  expect(kernelErrorOf(call)).toMatchObject({ code: errno, rule });
  expect(fingerprint(kernel)).toBe(before);
}

/** Puts `ns` on the road, as @nsproxy/user's createInitial and clone_user_ns do. */
function on2007(ns: UserNamespace): void {
  ns.uidhashTable = new Map([[0, { ns, uid: 0 }]]);
}

/**
 * The world of the scenario area on the road: `p` (the initial user
 * namespace, init's nsproxy) chrooted into a shared-ns bind of /tmp/nss at
 * /tmp/nss/box, with a tmpfs `priv` in it that p mounted; `u`, its child in a
 * new user namespace.
 */
function road(pid = true): { kernel: Kernel; init: Task; p: Task; u: Task } {
  const { kernel, init } = world(['box'], { pid });
  on2007(init.cred.userNs);
  mount(kernel, init, '/tmp/nss/box', { kind: 'bind', source: '/tmp/nss', shareNs: true });
  const p = kernel.clone(init, 0);
  mkdir(kernel, p, '/tmp/nss/box/priv');
  mount(kernel, p, '/tmp/nss/box/priv', { kind: 'tmpfs' });
  chroot(kernel, p, '/tmp/nss/box');
  const u = kernel.clone(p, CLONE_NEWUSER);
  on2007(u.cred.userNs);
  return { kernel, init, p, u };
}

describe('road userns-2007, the mount side', () => {
  it('M11.1: a task of another user namespace cannot create through a mount that is not shared-ns', () => {
    const { kernel, p, u } = road();
    mkdir(kernel, u, '/x');
    expect(kernelErrorOf(() => mkdir(kernel, u, '/priv/y'))).toMatchObject({ code: 'EACCES', rule: 'M11.1' });
    expect(kernelErrorOf(() => creat(kernel, u, '/priv/f'))).toMatchObject({ code: 'EACCES', rule: 'M11.1' });
    mkdir(kernel, p, '/priv/y');
    // Walking through the mount is refused too (exec_permission_lite), whatever lies below.
    expect(kernelErrorOf(() => mkdir(kernel, u, '/priv/y/z'))).toMatchObject({ code: 'EACCES', rule: 'M11.1' });
    mkdir(kernel, p, '/priv/y/z');
  });

  it('tags each mount with the maker\'s user namespace and holds it; the tag goes with the mount', () => {
    const { kernel, p, u } = road();
    const userNs = u.cred.userNs;
    mkdir(kernel, u, '/x');
    mount(kernel, u, '/x', { kind: 'tmpfs' });
    const m = lookupMount(kernel, u, '/x');
    expect(m.mntUserNs).toBe(userNs);
    expect(kernel.pinnedNs(m.userNsHolder)).toBe(userNs);
    expect(lookupMount(kernel, p, '/priv').mntUserNs).toBeNull();
    mkdir(kernel, u, '/x/mine');
    // p, of the initial user namespace, shares init's nsproxy: exempt. q, with a pid namespace of its own, is not.
    mkdir(kernel, p, '/x/p');
    const q = kernel.clone(p, CLONE_NEWPID);
    expect(kernelErrorOf(() => mkdir(kernel, q, '/x/q'))).toMatchObject({ code: 'EACCES', rule: 'M11.1' });
    expectBalancedRefcounts(kernel);
    umount2(kernel, u, '/x');
    expect(kernel.pinnedNs(m.userNsHolder)).toBeUndefined();
    expectBalancedRefcounts(kernel);
  });

  it('M11.2: a mount of another user namespace cannot be bound or copied, and the failure changes nothing', () => {
    const { kernel, u } = road();
    mkdir(kernel, u, '/x');
    refused(kernel, () => mount(kernel, u, '/x', { kind: 'bind', source: '/priv' }), 'EPERM', 'M11.2');
    refused(kernel, () => mount(kernel, u, '/x', { kind: 'rbind', source: '/priv' }), 'EPERM', 'M11.2');
    refused(kernel, () => kernel.unshare(u, CLONE_NEWNS), 'EPERM', 'M11.2');
    refused(kernel, () => kernel.clone(u, CLONE_NEWNS), 'EPERM', 'M11.2');
    expectRefused(kernel, () => kernel.unshare(u, CLONE_NEWNS), { errno: 'EPERM', rule: 'M11.2' });
  });

  it('MS_SHARE_NS: a shared-ns bind can be used and bound from any user namespace; its copies are not shared-ns', () => {
    const { kernel, p, u } = road();
    mkdir(kernel, p, '/pub');
    mount(kernel, p, '/pub', { kind: 'bind', source: '/priv', shareNs: true });
    const pub = lookupMount(kernel, u, '/pub');
    expect(pub.shareNs).toBe(true);
    expect(pub.mntUserNs).toBeNull();
    mkdir(kernel, u, '/pub/y');
    mkdir(kernel, u, '/x');
    mount(kernel, u, '/x', { kind: 'bind', source: '/pub' });
    const x = lookupMount(kernel, u, '/x');
    expect(x.shareNs).toBe(false);
    expect(x.mntUserNs).toBe(u.cred.userNs);
    mkdir(kernel, u, '/x/z');
    expectBalancedRefcounts(kernel);
  });

  it('keeps the tags and shared-ns marks in snapshots', () => {
    const { kernel, u } = road(false);
    mkdir(kernel, u, '/tmp');
    mount(kernel, u, '/tmp', { kind: 'tmpfs' });
    const r = Kernel.restore(kernel.snapshot(), { namespaces: [mntNamespaceType, toyUserType] });
    const u2 = r.tasks().find((t) => t.serial === u.serial) as Task;
    const tmp: Mount = lookupMount(r, u2, '/tmp');
    expect(tmp.mntUserNs).toBe(u2.cred.userNs);
    expect(lookupMount(r, u2, '/').shareNs).toBe(true);
    expectBalancedRefcounts(r);
  });

  it('off the road (no table of users), Linux 6.18: no tags, no checks, MS_SHARE_NS ignored', () => {
    const { kernel, init } = world(['box'], { pid: true });
    mount(kernel, init, '/tmp/nss/box', { kind: 'bind', source: '/tmp/nss', shareNs: true });
    expect(lookupMount(kernel, init, '/tmp/nss/box').shareNs).toBe(false);
    const u = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWNS);
    mount(kernel, u, '/tmp/nss/box', { kind: 'tmpfs' });
    expect(lookupMount(kernel, u, '/tmp/nss/box').mntUserNs).toBeNull();
    mkdir(kernel, u, '/tmp/nss/box/x');
  });

  it('property: whoever mounts what, each mount is tagged with its maker\'s user namespace and holds it, and a refused call changes nothing', () => {
    const op = fc.record({
      actor: fc.constantFrom(0, 1, 2), kind: fc.constantFrom('mkdir', 'tmpfs', 'bind', 'rbind', 'umount'),
      a: fc.integer({ min: 0, max: 3 }), b: fc.integer({ min: 0, max: 3 }), share: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(op, { maxLength: 14 }), (ops) => {
      const { kernel, p, u } = road(false);
      const v = kernel.clone(p, CLONE_NEWUSER);
      on2007(v.cred.userNs);
      const actors = [p, u, v];
      for (const o of ops) {
        const t = actors[o.actor] as Task;
        const a = `/d${o.a}`;
        const b = `/d${o.b}`;
        const before = fingerprint(kernel);
        const made = new Set(mntNamespaces(kernel).flatMap((ns) => [...ns.mounts]));
        try {
          if (o.kind === 'mkdir') mkdir(kernel, t, a);
          else if (o.kind === 'tmpfs') mount(kernel, t, a, { kind: 'tmpfs' });
          else if (o.kind === 'umount') umount2(kernel, t, a);
          else mount(kernel, t, a, { kind: o.kind, source: b, shareNs: o.share });
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          expect(fingerprint(kernel), `${o.kind} ${a} ${b}`).toBe(before);
          continue;
        }
        const tag = t.cred.userNs.parent === null ? null : t.cred.userNs;
        for (const m of mntNamespaces(kernel).flatMap((ns) => [...ns.mounts])) {
          if (!made.has(m)) expect(m.mntUserNs).toBe(tag);
          if (m.mntUserNs) expect(kernel.pinnedNs(m.userNsHolder)).toBe(m.mntUserNs);
        }
      }
      expect(structureProblems(kernel)).toEqual([]);
      expectBalancedRefcounts(kernel);
    }), { numRuns: propertyRuns(60) });
  });

  it('has its rules in the catalog, each saying why the real kernel cannot show it', () => {
    for (const id of ['M11.1', 'M11.2']) expect(mntRules.find((r) => r.id === id)?.unshowable).toBeDefined();
  });
});
