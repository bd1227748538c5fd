import { describe, expect, it } from 'vitest';
import { CAP_FULL_SET, CAP_SETGID, CLONE_NEWUSER, capBit } from '@nsproxy/core';
import {
  formatCapSet, formatProcStatusCreds, getegid, geteuid, getgid, getuid, procStatusCreds, setgroups, usernsMaySetgroups,
  writeGidMap, writeSetgroups, writeUidMap,
} from './index.ts';
import { boot, errno } from '../test/helpers.ts';

describe('ids as user space sees them (K1.4, U2.21)', () => {
  it('getuid and friends translate through the task\'s own namespace, 65534 when unmapped', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    expect([getuid(a), geteuid(a), getgid(a), getegid(a)]).toEqual([65534, 65534, 65534, 65534]);
    writeUidMap(k, init, a, '100 0 1');
    writeGidMap(k, init, a, '200 0 1');
    expect([getuid(a), geteuid(a), getgid(a), getegid(a)]).toEqual([100, 100, 200, 200]);
    expect([getuid(init), getgid(init)]).toEqual([0, 0]);
  });

  it('/proc/PID/status shows the target\'s ids in the reader\'s namespace and its raw capability sets', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, '0 1000 1');
    const t = k.clone(init, 0);
    k.setresuid(t, 1000, 1000, 1000);
    const fromInit = procStatusCreds(k, init, t);
    expect(fromInit.uid).toEqual([1000, 1000, 1000, 1000]);
    expect(fromInit.capEff).toBe('0000000000000000');
    const fromA = procStatusCreds(k, a, t);
    expect(fromA.uid).toEqual([0, 0, 0, 0]);
    expect(fromA.gid).toEqual([65534, 65534, 65534, 65534]);
    const ofA = procStatusCreds(k, init, a);
    expect(ofA.capEff).toBe('000001ffffffffff');
    expect(ofA.capBnd).toBe('000001ffffffffff');
    expect(ofA.uid).toEqual([0, 0, 0, 0]);
    expect(formatProcStatusCreds(ofA)).toBe(
      'Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n' +
      'CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n',
    );
    k.exit(a);
    expect(errno(() => procStatusCreds(k, init, a))).toBe('ENOENT');
  });

  it('formatCapSet prints 16 hex digits', () => {
    expect(formatCapSet(CAP_FULL_SET)).toBe('000001ffffffffff');
    expect(formatCapSet(0n)).toBe('0000000000000000');
    expect(formatCapSet(0x1fffeffffffn)).toBe('000001fffeffffff');
  });
});

describe('setgroups(2) (U2.20)', () => {
  it('is allowed in the initial namespace with CAP_SETGID', () => {
    const { k, init } = boot();
    expect(usernsMaySetgroups(k.initUserNs)).toBe(true);
    expect(errno(() => setgroups(k, init, [0, 5, 100]))).toBe('ok');
    const t = k.clone(init, 0);
    k.capset(t, { effective: CAP_FULL_SET & ~capBit(CAP_SETGID), permitted: CAP_FULL_SET });
    expect(errno(() => setgroups(k, t, []))).toBe('EPERM');
  });

  it('EPERM in a user namespace before its gid_map, and after setgroups deny', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    expect(errno(() => setgroups(k, a, []))).toBe('EPERM');
    writeGidMap(k, init, a, '0 0 1');
    expect(errno(() => setgroups(k, a, [0]))).toBe('ok');
    const b = k.clone(init, CLONE_NEWUSER);
    writeSetgroups(k, init, b, 'deny');
    writeGidMap(k, init, b, '0 0 1');
    expect(errno(() => setgroups(k, b, [0]))).toBe('EPERM');
  });

  it('EINVAL for too many groups or a gid without a mapping (after the permission)', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    writeGidMap(k, init, a, '0 0 10');
    expect(errno(() => setgroups(k, a, [10]))).toBe('EINVAL');
    expect(errno(() => setgroups(k, a, new Array<number>(65537).fill(0)))).toBe('EINVAL');
    expect(errno(() => setgroups(k, a, new Array<number>(65536).fill(0)))).toBe('ok');
    const u = k.clone(init, 0);
    k.setresuid(u, 1000, 1000, 1000);
    expect(errno(() => setgroups(k, u, [4294967295]))).toBe('EPERM');
  });
});
