/**
 * fstat(2) of the files a task can hold (nsfs.ts fstat): what the `fstat`
 * scenario op showed on Linux 6.18 (corpus/core/nsfs-fstat.nss and a probe
 * of pidfds and sockets): an ns file is S_IFREG|0444 on nsfs, one inode per
 * namespace; a pidfd is mode 0700 with no file type on pidfs, one inode per
 * struct pid; each lives on a device of its own.
 */
import { describe, expect, it } from 'vitest';
import { Kernel } from './index.ts';
import { toyType } from '../test/toy-types.ts';

function boot(): { k: Kernel; init: ReturnType<Kernel['clone']> } {
  const k = new Kernel({ namespaces: [toyType] });
  return { k, init: k.initTask };
}

describe('fstat', () => {
  it('of ns files: nsfs, S_IFREG|0444, size 0, the namespace\'s inode number (N1.5, N1.6)', () => {
    const { k, init } = boot();
    const a = k.fstat(init, k.open(init, '/proc/self/ns/toy'));
    expect(a.mode).toBe(0o100444);
    expect(a.size).toBe(0);
    expect(a.ino).toBe(k.nsOf(init, 'toy')?.inum);
    expect(k.fstat(init, k.open(init, '/proc/self/ns/toy'))).toEqual(a);
  });

  it('of pidfds: pidfs, mode 0700 without a file type, one inode per pid', () => {
    const { k, init } = boot();
    const child = k.clone(init, 0);
    const p1 = k.fstat(init, k.pidfdOpen(init, k.pidOf(child, init)));
    const p2 = k.fstat(init, k.pidfdOpen(init, k.pidOf(child, init)));
    const p3 = k.fstat(init, k.pidfdOpen(init, k.pidOf(init, init)));
    const ns = k.fstat(init, k.open(init, '/proc/self/ns/toy'));
    expect(p1.mode).toBe(0o700);
    expect(p2).toEqual(p1);
    expect(p3.ino).not.toBe(p1.ino);
    expect(p3.dev).toBe(p1.dev);
    expect(p1.dev).not.toBe(ns.dev);
  });
});
