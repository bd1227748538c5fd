/**
 * lsns lists the namespaces that nsfs bind mounts hold (util-linux reads them
 * from mountinfo): a namespace pinned by a mount, with no process left in it,
 * is a row with no process; its umount takes the row away.
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWNS, Kernel } from '@nsproxy/core';
import { chroot, mkdir, mntNamespaceType, mount, pin, umount2 } from './index.ts';

describe('lsns and pins', () => {
  it('lists a namespace only a bind mount holds, while the mount is there, for a viewer whose mountinfo shows it', () => {
    const kernel = new Kernel({ namespaces: [mntNamespaceType] });
    const init = kernel.initTask;
    mkdir(kernel, init, '/tmp/d');
    mount(kernel, init, '/tmp/d', { kind: 'tmpfs' });
    const child = kernel.clone(init, CLONE_NEWNS);
    const mnt = kernel.nsOf(child, 'mnt');
    // A newer mount namespace than the caller's may be bound (M8.2).
    pin(kernel, init, child, 'mnt', '/tmp/d/n');
    kernel.exit(child, 0);
    const row = () => kernel.listNamespaces().find((r) => r.id === mnt?.nsId);
    expect(row()).toMatchObject({ type: 'mnt', nprocs: 0, pid: 0 });
    // A task that cannot reach the mount from its root does not list it.
    const jailed = kernel.clone(init, 0);
    chroot(kernel, jailed, '/proc');
    expect(kernel.listNamespaces(jailed).some((r) => r.id === mnt?.nsId)).toBe(false);
    expect(kernel.listNamespaces(init).some((r) => r.id === mnt?.nsId)).toBe(true);
    umount2(kernel, init, '/tmp/d/n');
    expect(row()).toBeUndefined();
    expect(mnt?.freed).toBe(true);
  });
});
