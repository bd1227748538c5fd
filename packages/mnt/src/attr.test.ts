/**
 * chown(2) and stat(2) of the model's files (attr.ts): who may change an
 * owner, how ids cross a user namespace, and what stat shows; what
 * unshare(1)'s --map-auto example does (`chown 1:1 file` as root of a user
 * namespace whose ids 1.. are 100000.. outside).
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWUSER } from '@nsproxy/core';
import { withMaps } from '@nsproxy/testkit';
import { chown, creat, mkdir, mount, stat } from './index.ts';
import { errnoOf, unprivilegedTask, world } from '../test/helpers.ts';

describe('chown', () => {
  it('lets root give a file to anyone; the owner keeps its mode, losing the set-id bits', () => {
    const { kernel, init } = world();
    creat(kernel, init, '/tmp/nss/f');
    chown(kernel, init, '/tmp/nss/f', 1000, 1000);
    expect(stat(kernel, init, '/tmp/nss/f')).toMatchObject({ kind: 'file', uid: 1000, gid: 1000, mode: 0o644, nlink: 1 });
    chown(kernel, init, '/tmp/nss/f', -1, 5);
    expect(stat(kernel, init, '/tmp/nss/f')).toMatchObject({ uid: 1000, gid: 5 });
  });

  it('refuses an unprivileged caller a file it does not own, and the giving away of its own file (EPERM)', () => {
    const { kernel, init } = world();
    creat(kernel, init, '/tmp/nss/f');
    const u = unprivilegedTask(kernel, init, 1000);
    expect(errnoOf(() => chown(kernel, u, '/tmp/nss/f', 1000, -1))).toBe('EPERM');
    creat(kernel, u, '/tmp/nss/mine');
    expect(stat(kernel, u, '/tmp/nss/mine')).toMatchObject({ uid: 1000, gid: 1000 });
    expect(errnoOf(() => chown(kernel, u, '/tmp/nss/mine', 1001, -1))).toBe('EPERM');
    // Its own owner and group again is no change, and allowed.
    chown(kernel, u, '/tmp/nss/mine', 1000, 1000);
    // A group it is not in is refused.
    expect(errnoOf(() => chown(kernel, u, '/tmp/nss/mine', -1, 0))).toBe('EPERM');
  });

  it('maps the ids of root in a user namespace down: 1 is 100000 outside (the --map-auto example)', () => {
    const { kernel, init } = world();
    mount(kernel, init, '/tmp/nss', { kind: 'tmpfs' });
    const u = unprivilegedTask(kernel, init, 1000);
    creat(kernel, u, '/tmp/nss/file');
    const map = [{ first: 0, lowerFirst: 1000, count: 1 }, { first: 1, lowerFirst: 100000, count: 65535 }];
    withMaps(map, map);
    const inner = kernel.clone(u, CLONE_NEWUSER);
    chown(kernel, inner, '/tmp/nss/file', 1, 1);
    expect(stat(kernel, init, '/tmp/nss/file')).toMatchObject({ uid: 100000, gid: 100000 });
    // An id the namespace does not map: EINVAL, before any permission check.
    expect(errnoOf(() => chown(kernel, inner, '/tmp/nss/file', 70000, -1))).toBe('EINVAL');
    // The file's owner must be mapped for CAP_CHOWN to count: root's file is not.
    creat(kernel, init, '/tmp/nss/roots');
    expect(errnoOf(() => chown(kernel, inner, '/tmp/nss/roots', 1, 1))).toBe('EPERM');
  });

  it('is EROFS through a read-only mount and EPERM on a procfs file', () => {
    const { kernel, init } = world(['ro']);
    creat(kernel, init, '/tmp/nss/ro/f');
    mount(kernel, init, '/tmp/nss/ro', { kind: 'bind', source: '/tmp/nss/ro' });
    mount(kernel, init, '/tmp/nss/ro', { kind: 'remount', flags: { ro: true } });
    expect(errnoOf(() => chown(kernel, init, '/tmp/nss/ro/f', 1, 1))).toBe('EROFS');
    // do_fchownat: mnt_want_write comes before chown_common looks at the ids.
    expect(errnoOf(() => chown(kernel, kernel.clone(init, CLONE_NEWUSER), '/tmp/nss/ro/f', 5, -1))).toBe('EROFS');
    mkdir(kernel, init, '/tmp/nss/p');
    mount(kernel, init, '/tmp/nss/p', { kind: 'proc' });
    expect(errnoOf(() => chown(kernel, init, '/tmp/nss/p/self', 1, 1))).toBe('EPERM');
  });

  it('chowns a procfs root by the same checks (simple_setattr), which keeps the new owner; not the files below it', () => {
    const { kernel, init } = world(['p']);
    mount(kernel, init, '/tmp/nss/p', { kind: 'proc' });
    expect(errnoOf(() => chown(kernel, unprivilegedTask(kernel, init, 1000), '/tmp/nss/p', 1000, -1))).toBe('EPERM');
    chown(kernel, init, '/tmp/nss/p', 3, 1000);
    expect(stat(kernel, init, '/tmp/nss/p')).toMatchObject({ kind: 'dir', uid: 3, gid: 1000, mode: 0o555 });
    expect(errnoOf(() => chown(kernel, init, '/tmp/nss/p/1', 1, 1))).toBe('EPERM');
  });
});

describe('stat', () => {
  it('counts a directory\'s links: itself, its entry, and each subdirectory\'s ..', () => {
    const { kernel, init } = world(['d', 'd/a', 'd/b']);
    creat(kernel, init, '/tmp/nss/d/f');
    expect(stat(kernel, init, '/tmp/nss/d')).toMatchObject({ kind: 'dir', nlink: 4, mode: 0o755, fstype: 'tmpfs' });
  });
});
