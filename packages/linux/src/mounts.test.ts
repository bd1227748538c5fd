/**
 * The mount ops' driver side without a kernel: mountinfo parsing, paths,
 * peer-group generations, and what each op asks the agent.
 */
import type { StepResult } from '@nsproxy/scenario/contract';
import { describe, expect, it } from 'vitest';
import type { MountContext } from './mounts.ts';
import { MNT_DETACH, MOUNT_OPS, MS, PeerGroups, mayFreePeerGroup, normalizePath, parseMountinfo, runMountOp, unescapeMountinfo } from './mounts.ts';
import { SUPPORTED_OPS } from './tables.ts';

const MOUNTINFO = [
  '23 1 0:21 / / rw,relatime - ext4 /dev/vda rw',
  '64 63 0:40 / /tmp/nss rw,relatime - tmpfs tmpfs rw',
  '65 64 0:41 / /tmp/nss/a\\040b rw,nosuid,relatime shared:37 master:12 - tmpfs tmpfs rw',
  '66 64 0:41 / /tmp/nss/u rw,relatime unbindable - tmpfs tmpfs rw',
  '67 64 0:4 net:[4026532249] /tmp/nss/n rw - nsfs nsfs rw',
  '',
].join('\n');

/** A context whose agent answers from a table, recording the requests. */
function fakeContext(answers: Record<string, StepResult>): { ctx: MountContext; asked: (string | number)[][] } {
  const asked: (string | number)[][] = [];
  const ctx: MountContext = {
    ask: (op, args) => {
      asked.push([op, ...args]);
      return Promise.resolve(answers[op] ?? { kind: 'ok' });
    },
    nsFile: (task, file) => (task === 'gone' ? { result: { kind: 'errno', code: 'ENOENT' } } : { path: `/proc/100/ns/${file}` }),
    nstype: (value) => (value === 'any' ? 0 : 0x04000000),
    groups: new PeerGroups(),
  };
  return { ctx, asked };
}

describe('mountinfo', () => {
  it('parses the fields a mount op needs, unescaping the mount point', () => {
    const lines = parseMountinfo(MOUNTINFO);
    expect(lines.map((l) => l.mountPoint)).toEqual(['/', '/tmp/nss', '/tmp/nss/a b', '/tmp/nss/u', '/tmp/nss/n']);
    expect(lines[2]).toEqual({ id: '65', parent: '64', root: '/', mountPoint: '/tmp/nss/a b', options: 'rw,nosuid,relatime', optional: ['shared:37', 'master:12'], fstype: 'tmpfs' });
    expect(lines[4]?.fstype).toBe('nsfs');
    expect(lines[3]?.optional).toEqual(['unbindable']);
    expect(lines[1]?.optional).toEqual([]);
  });

  it('unescapes the octal escapes of show_mountinfo', () => {
    expect(unescapeMountinfo('/a\\040b\\011c\\012d\\134e')).toBe('/a b\tc\nd\\e');
  });

  it('normalizes scenario paths as mountinfo prints them', () => {
    expect(normalizePath('/tmp/nss/')).toBe('/tmp/nss');
    expect(normalizePath('/tmp//nss/./a')).toBe('/tmp/nss/a');
    expect(normalizePath('/')).toBe('/');
  });
});

describe('peer groups', () => {
  it('keep their id until it is gone from every namespace, then the id is a new group', () => {
    const groups = new PeerGroups();
    expect(groups.watching).toBe(false);
    expect(groups.showFields(['shared:37', 'master:12'])).toBe('shared:37 master:12');
    expect(groups.watching).toBe(true);
    groups.forgetAbsent(new Set(['37', '12']));
    expect(groups.show('37')).toBe('37');
    groups.forgetAbsent(new Set(['12']));
    expect(groups.shownIds()).toEqual(['12']);
    expect(groups.showFields(['shared:37', 'unbindable'])).toBe('shared:37.2 unbindable');
    groups.forgetAbsent(new Set());
    expect(groups.showFields(['master:37', 'propagate_from:12'])).toBe('master:37.3 propagate_from:12.2');
  });

  it('are looked for again only after steps that may free one', () => {
    for (const op of ['umount', 'umount-lazy', 'make-private', 'make-rslave', 'exit', 'kill', 'close', 'setns', 'setns-fd', 'setns-pidfd', 'setns-path', 'unshare', 'pivot-root', 'chroot']) {
      expect(mayFreePeerGroup(op, []), op).toBe(true);
    }
    expect(mayFreePeerGroup('mount', ['move', '/tmp/nss/a', '/tmp/nss/b'])).toBe(true);
    expect(mayFreePeerGroup('mount', ['bind', '/tmp/nss/a', '/tmp/nss/b'])).toBe(false);
    expect(mayFreePeerGroup('propagation', ['/tmp/nss/a'])).toBe(false);
    expect(mayFreePeerGroup('clone', ['a', 'mnt'])).toBe(false);
  });
});

describe('mount ops', () => {
  it('are all supported, the format\'s and the extensions', () => {
    for (const op of MOUNT_OPS) expect(SUPPORTED_OPS.has(op), op).toBe(true);
    expect(MOUNT_OPS).toHaveLength(32);
  });

  it('ask the agent for mount(2) and umount2(2) with the flags of the op', async () => {
    const { ctx, asked } = fakeContext({});
    await runMountOp('mount', ['tmpfs', '/tmp/nss/a'], ctx);
    await runMountOp('mount', ['proc', '/tmp/nss/p'], ctx);
    await runMountOp('mount', ['bind', '/tmp/nss/a', '/tmp/nss/b'], ctx);
    await runMountOp('mount', ['rbind', '/tmp/nss/a', '/tmp/nss/b'], ctx);
    await runMountOp('mount', ['move', '/tmp/nss/a', '/tmp/nss/b'], ctx);
    await runMountOp('make-rslave', ['/tmp/nss/a'], ctx);
    await runMountOp('make-unbindable', ['/tmp/nss/a'], ctx);
    await runMountOp('remount', ['/tmp/nss/a', 'ro,noexec'], ctx);
    await runMountOp('remount', ['/tmp/nss/a', 'rw'], ctx);
    await runMountOp('umount', ['/tmp/nss/a'], ctx);
    await runMountOp('umount-lazy', ['/tmp/nss/a'], ctx);
    expect(asked).toEqual([
      ['mount', 'tmpfs', '/tmp/nss/a', 'tmpfs', 0],
      ['mount', 'proc', '/tmp/nss/p', 'proc', 0],
      ['mount', '/tmp/nss/a', '/tmp/nss/b', '', MS.BIND],
      ['mount', '/tmp/nss/a', '/tmp/nss/b', '', MS.BIND | MS.REC],
      ['mount', '/tmp/nss/a', '/tmp/nss/b', '', MS.MOVE],
      ['mount', '', '/tmp/nss/a', '', MS.SLAVE | MS.REC],
      ['mount', '', '/tmp/nss/a', '', MS.UNBINDABLE],
      ['mount', '', '/tmp/nss/a', '', MS.REMOUNT | MS.BIND | MS.RDONLY | MS.NOEXEC],
      ['mount', '', '/tmp/nss/a', '', MS.REMOUNT | MS.BIND],
      ['umount', '/tmp/nss/a', 0],
      ['umount', '/tmp/nss/a', MNT_DETACH],
    ]);
  });

  it('ask the agent for chown(2) with the ids as uid_t and gid_t, and for stat(2)\'s owner', async () => {
    const { ctx, asked } = fakeContext({ owner: { kind: 'text', value: 'uid=5 gid=6' } });
    await runMountOp('chown', ['/tmp/nss/f', '1000', '-1'], ctx);
    await runMountOp('chown', ['/tmp/nss/f', '4294967295', '0x10'], ctx);
    expect(await runMountOp('owner', ['/tmp/nss/f'], ctx)).toEqual({ kind: 'text', value: 'uid=5 gid=6' });
    expect(asked).toEqual([
      ['chown', '/tmp/nss/f', '1000', '4294967295'],
      ['chown', '/tmp/nss/f', '4294967295', '16'],
      ['owner', '/tmp/nss/f'],
    ]);
    await expect(runMountOp('chown', ['/tmp/nss/f', '4294967296', '0'], ctx)).rejects.toThrow(/does not fit in uid_t/);
    await expect(runMountOp('chown', ['/etc/passwd', '0', '0'], ctx)).rejects.toThrow();
  });

  it('read mountinfo for mounted, propagation, mount-opts and mounts', async () => {
    const { ctx } = fakeContext({ mountinfo: { kind: 'text', value: `65\n${MOUNTINFO}` } });
    expect(await runMountOp('mounted', ['/tmp/nss/a b'], ctx)).toEqual({ kind: 'text', value: 'yes' });
    expect(await runMountOp('propagation', ['/tmp/nss/a b'], ctx)).toEqual({ kind: 'text', value: 'shared:37 master:12' });
    expect(await runMountOp('mount-opts', ['/tmp/nss/a b'], ctx)).toEqual({ kind: 'text', value: 'rw,nosuid,relatime' });
    // The path's mount (65) has another mount point: not a mount point itself.
    expect(await runMountOp('mounted', ['/tmp/nss/a b/dir'], ctx)).toEqual({ kind: 'text', value: 'no' });
    expect(await runMountOp('propagation', ['/tmp/nss/a b/dir'], ctx)).toEqual({ kind: 'errno', code: 'EINVAL' });
    expect(await runMountOp('mounts', ['/tmp/nss'], ctx)).toEqual({ kind: 'list', items: ['/tmp/nss', '/tmp/nss/a b', '/tmp/nss/u', '/tmp/nss/n'] });
    expect(await runMountOp('mounts', ['/tmp/nss/u'], ctx)).toEqual({ kind: 'list', items: ['/tmp/nss/u'] });
    const private_ = fakeContext({ mountinfo: { kind: 'text', value: `64\n${MOUNTINFO}` } });
    expect(await runMountOp('propagation', ['/tmp/nss/'], private_.ctx)).toEqual({ kind: 'text', value: 'private' });
    const missing = fakeContext({ mountinfo: { kind: 'errno', code: 'ENOENT' } });
    expect(await runMountOp('mounted', ['/tmp/nss/none'], missing.ctx)).toEqual({ kind: 'errno', code: 'ENOENT' });
  });

  it('give mount-root as mountinfo\'s root, but an nsfs mount\'s as the namespace its file names (a label, not the inode)', async () => {
    const tmpfs = fakeContext({ mountinfo: { kind: 'text', value: `65\n${MOUNTINFO}` } });
    expect(await runMountOp('mount-root', ['/tmp/nss/a b'], tmpfs.ctx)).toEqual({ kind: 'text', value: '/' });
    const ns = { kind: 'ns', type: 'net', id: '4096' } as const;
    const nsfs = fakeContext({ mountinfo: { kind: 'text', value: `67\n${MOUNTINFO}` }, nspath: ns });
    expect(await runMountOp('mount-root', ['/tmp/nss/n'], nsfs.ctx)).toEqual(ns);
    expect(nsfs.asked).toEqual([['mountinfo', '/tmp/nss/n'], ['nspath', '/tmp/nss/n']]);
  });

  it('turn the agent\'s answers into exists, pids and nspid results', async () => {
    const { ctx } = fakeContext({ stat: { kind: 'errno', code: 'ENOENT' }, listdir: { kind: 'text', value: '1\nself\n23\nsys\n' }, read: { kind: 'text', value: 'Name:\tx\nNSpid:\t5\t1\nNSpgid:\t5\t1\n' } });
    expect(await runMountOp('exists', ['/tmp/nss/x'], ctx)).toEqual({ kind: 'text', value: 'no' });
    expect(await runMountOp('pids', ['/tmp/nss/p'], ctx)).toEqual({ kind: 'list', items: ['1', '23'] });
    expect(await runMountOp('nspid', ['/tmp/nss/p/self'], ctx)).toEqual({ kind: 'text', value: '5 1' });
    const denied = fakeContext({ stat: { kind: 'errno', code: 'EACCES' } });
    expect(await runMountOp('exists', ['/tmp/nss/x'], denied.ctx)).toEqual({ kind: 'errno', code: 'EACCES' });
  });

  it('pin a target that is gone with ENOENT, without asking the agent', async () => {
    const { ctx, asked } = fakeContext({});
    expect(await runMountOp('pin', ['gone', 'net', '/tmp/nss/n'], ctx)).toEqual({ kind: 'errno', code: 'ENOENT' });
    expect(asked).toEqual([]);
    await runMountOp('pin', ['a', 'net', '/tmp/nss/n'], ctx);
    await runMountOp('setns-path', ['/tmp/nss/n'], ctx);
    await runMountOp('setns-path', ['/tmp/nss/n', 'uts'], ctx);
    expect(asked).toEqual([
      ['pin', '/proc/100/ns/net', '/tmp/nss/n'],
      ['setns-path', '/tmp/nss/n', 0],
      ['setns-path', '/tmp/nss/n', 0x04000000],
    ]);
  });

  it('refuse paths outside /tmp/nss and ns files of host processes, and leave other ops alone', async () => {
    const { ctx, asked } = fakeContext({});
    await expect(runMountOp('mkdir', ['/etc/x'], ctx)).rejects.toThrow(/not under \/tmp\/nss/);
    await expect(runMountOp('umount', ['/tmp/nss/../x'], ctx)).rejects.toThrow(/not under \/tmp\/nss/);
    await expect(runMountOp('mount', ['bind', '/', '/tmp/nss/b'], ctx)).rejects.toThrow(/not under \/tmp\/nss/);
    await expect(runMountOp('setns-path', ['/proc/1/ns/mnt'], ctx)).rejects.toThrow(/names a process of the host/);
    await expect(runMountOp('remount', ['/tmp/nss/a', 'ro,bogus'], ctx)).rejects.toThrow(/remount/);
    expect(asked).toEqual([]);
    await runMountOp('setns-path', ['/proc/self/ns/mnt'], ctx);
    expect(asked).toHaveLength(1);
    expect(await runMountOp('veth', ['a', 'b'], ctx)).toBeUndefined();
    expect(await runMountOp('make-everything', ['/tmp/nss'], ctx)).toBeUndefined();
  });
});
