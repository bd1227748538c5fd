/**
 * The cgroup rule catalog: well-formed, carried by the scenario area, and
 * the one the errors of this package name (each errno rule is produced by a
 * call, with its errno and one of its calls).
 */
import { describe, expect, it, vi } from 'vitest';
import { CLONE_INTO_CGROUP, CLONE_NEWCGROUP, composeRules, flagsOr } from '@nsproxy/core';
import { expectNamedRule, expectRuleCatalog, kernelErrorOf } from '@nsproxy/testkit';
import {
  cgroupHierarchy, cgroupMkdir, cgroupNamespaceType, cgroupNode, cgroupProcsWrite, cgroupRmdir, cgroupRules, openCgroup, procCgroup, resolveCgroup,
} from './index.ts';
import { cgroupArea } from './scenario.ts';
import { boot, user } from '../test/helpers.ts';

describe('the cgroup catalog', () => {
  it('has the reference ids, in the cgroup sections only (X2 and I7)', () => {
    const ids = new Set(cgroupRules.map((r) => r.id));
    for (const id of ['X2.1', 'X2.2', 'X2.3', 'X2.4', 'X2.5', 'I7.1', 'I7.2']) expect(ids.has(id), id).toBe(true);
  });

  it('states each rule in one sentence, with an errno or an effect, its calls and a Linux function and file', () => {
    expectRuleCatalog(cgroupRules, { ids: /^(X2|I7)\.[0-9]+$/, files: /^(kernel|fs)\/[a-z_/-]+\.[ch]$/ });
  });

  it('is the scenario area\'s, and composes', () => {
    expect(cgroupArea.rules).toBe(cgroupRules);
    const catalog = composeRules([cgroupRules]);
    expect(catalog.giving('EBUSY', 'rmdir').map((r) => r.id)).toEqual(['X2.11', 'X2.12']);
    expect(catalog.giving('EBADF', 'clone').map((r) => r.id)).toEqual(['X2.20']);
  });
});

type Trigger = readonly [title: string, id: string, call: () => unknown];

function triggers(): Trigger[] {
  const { kernel, init } = boot();
  const root = cgroupHierarchy(kernel).root;
  const a = cgroupMkdir(kernel, init, root, 'a');
  cgroupMkdir(kernel, init, a, 'b');
  cgroupMkdir(kernel, init, cgroupMkdir(kernel, init, root, 'parent'), 'child');
  const busy = cgroupMkdir(kernel, init, root, 'busy');
  const t = kernel.clone(init, 0);
  cgroupProcsWrite(kernel, init, busy, String(kernel.pidOf(t, init)));
  const gone = cgroupMkdir(kernel, init, root, 'gone');
  const goneFd = openCgroup(kernel, init, gone);
  cgroupRmdir(kernel, init, root, 'gone');
  const u = user(kernel, init, 1000);
  const uFd = openCgroup(kernel, u, a);
  const nsfd = kernel.openNs(init, init, 'cgroup');
  const w = kernel.clone(init, 0);
  cgroupProcsWrite(kernel, init, a, String(kernel.pidOf(w, init)));
  kernel.unshare(w, CLONE_NEWCGROUP);
  const deleg = boot();
  const dA = cgroupMkdir(deleg.kernel, deleg.init, cgroupHierarchy(deleg.kernel).root, 'a');
  const dB = cgroupMkdir(deleg.kernel, deleg.init, cgroupHierarchy(deleg.kernel).root, 'b');
  const dw = deleg.kernel.clone(deleg.init, 0);
  cgroupProcsWrite(deleg.kernel, deleg.init, dA, String(deleg.kernel.pidOf(dw, deleg.init)));
  deleg.kernel.unshare(dw, CLONE_NEWCGROUP);
  cgroupHierarchy(deleg.kernel).nsDelegate = true;
  const bare = boot();
  vi.spyOn(bare.kernel, 'peekNs').mockReturnValue(undefined);
  const [fs] = cgroupNamespaceType.filesystems ?? [];
  return [
    ['mkdir of a name that exists', 'X2.7', () => cgroupMkdir(kernel, u, root, 'a')],
    ['mkdir without write access', 'X2.8', () => cgroupMkdir(kernel, u, root, 'c')],
    ['rmdir without write access', 'X2.8', () => cgroupRmdir(kernel, u, root, 'a')],
    ['mkdir in a removed cgroup', 'X2.9', () => cgroupMkdir(kernel, init, gone, 'x')],
    ['mkdir of a name with a newline', 'X2.10', () => cgroupMkdir(kernel, init, root, 'a\nb')],
    ['rmdir of a cgroup with a task', 'X2.11', () => cgroupRmdir(kernel, init, root, 'busy')],
    ['rmdir of a cgroup with a child', 'X2.12', () => cgroupRmdir(kernel, init, root, 'parent')],
    ['a write of a word', 'X2.13', () => cgroupProcsWrite(kernel, init, a, 'x')],
    ['a write of a pid not there', 'X2.14', () => cgroupProcsWrite(kernel, init, a, '999')],
    ['a write without write access', 'X2.15', () => cgroupProcsWrite(kernel, u, a, '0')],
    ['a move out of the namespace root with nsdelegate', 'X2.16', () => cgroupProcsWrite(deleg.kernel, dw, dB, '0')],
    ['CLONE_INTO_CGROUP with an fd not open', 'X2.20', () => kernel.clone(init, CLONE_INTO_CGROUP, { cgroup: 99 })],
    ['CLONE_INTO_CGROUP with an nsfs fd', 'X2.20', () => kernel.clone(init, CLONE_INTO_CGROUP, { cgroup: nsfd })],
    ['CLONE_INTO_CGROUP into a removed cgroup', 'X2.21', () => kernel.clone(init, CLONE_INTO_CGROUP, { cgroup: goneFd })],
    ['CLONE_INTO_CGROUP without write access', 'X2.22', () => kernel.clone(u, flagsOr(CLONE_INTO_CGROUP), { cgroup: uFd })],
    ['a path through a missing cgroup', 'X2.25', () => resolveCgroup(root, '/nope', 'open')],
    ['rmdir of a missing cgroup', 'X2.25', () => cgroupRmdir(kernel, init, root, 'nope')],
    ['a write to a removed cgroup', 'X2.25', () => cgroupProcsWrite(kernel, init, gone, '0')],
    ['/proc/<pid>/cgroup read by a task without a cgroup namespace', 'X2.26', () => procCgroup(bare.kernel, bare.init, bare.init)],
    ['a mount of cgroup2 without CAP_SYS_ADMIN', 'X2.27', () => fs?.getTree(kernel, u)],
  ];
}

/** The errno rules whose check is in core, not here: installDefault (setns) and the ucounts (creation). */
const CHECKED_BY_CORE = ['I7.1', 'X2.6'];

describe('the errors of the package name their rule', () => {
  it.each(triggers())('%s: %s', (_title, id, call) => {
    expectNamedRule(kernelErrorOf(call), cgroupRules, id);
  });

  it('covers every errno rule of the catalog (those checked by core aside)', () => {
    const named = new Set(triggers().map(([, id]) => id));
    for (const r of cgroupRules) {
      if (!/^E[A-Z]+$/.test(r.outcome) || CHECKED_BY_CORE.includes(r.id)) continue;
      expect(named.has(r.id), r.id).toBe(true);
    }
  });

  it('reads of a directory node are the VFS\'s business, not an errno of this package', () => {
    const { kernel } = boot();
    expect(() => cgroupNode(cgroupHierarchy(kernel).root).read()).toThrow(/no contents/);
  });
});
