/**
 * What cgroup.procs takes (cgroup_procs_write_start: kstrtoint(strstrip(buf), 0)), and
 * what fstat shows of a cgroup directory fd: the model fixes that the corpus's
 * cgroup/procs-write-not-a-pid-einval.nss and core/setns-fd-not-an-ns-file.nss found on Linux.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { CLONE_INTO_CGROUP } from '@nsproxy/core';
import { cgroupHierarchy, cgroupMkdir, cgroupOf, cgroupProcsWrite, kstrtoint, openCgroup, strstrip } from './index.ts';
import { boot, errno } from '../test/helpers.ts';

describe('kstrtoint(s, 0)', () => {
  it('reads decimal, 0x hex and 0 octal, with one sign and at most one final newline', () => {
    expect(kstrtoint('0')).toBe(0);
    expect(kstrtoint('-0')).toBe(0);
    expect(kstrtoint('+0')).toBe(0);
    expect(kstrtoint('0x0')).toBe(0);
    expect(kstrtoint('0x1f')).toBe(31);
    expect(kstrtoint('0X1F')).toBe(31);
    expect(kstrtoint('017')).toBe(15);
    expect(kstrtoint('-1')).toBe(-1);
    expect(kstrtoint('12\n')).toBe(12);
    expect(kstrtoint('2147483647')).toBe(2147483647);
    expect(kstrtoint('-2147483648')).toBe(-2147483648);
  });

  it('refuses what the kernel refuses (EINVAL, ERANGE)', () => {
    for (const s of ['', ' ', 'abc', '0x', '08', '1 2', '+-1', '-+1', '--1', '1\n\n', '2147483648', '-2147483649', '0x80000000', ' 1']) {
      expect(kstrtoint(s), JSON.stringify(s)).toBeUndefined();
    }
  });

  test.prop([fc.integer({ min: -2147483648, max: 2147483647 })])('reads back every int in decimal, hex and octal', (n) => {
    const sign = n < 0 ? '-' : '';
    const abs = Math.abs(n);
    expect(kstrtoint(`${sign}${abs.toString(10)}`)).toBe(n);
    expect(kstrtoint(`${sign}0x${abs.toString(16)}`)).toBe(n);
    expect(kstrtoint(`${sign}0${abs.toString(8)}`)).toBe(n);
    expect(kstrtoint(`${n}\n`)).toBe(n);
  });

  test.prop([fc.string()])('strstrip leaves no white space at either end', (s) => {
    const t = strstrip(s);
    expect(/^[ \t\n\v\f\r]|[ \t\n\v\f\r]$/.test(t)).toBe(false);
    expect(s.includes(t)).toBe(true);
  });
});

describe('a write to cgroup.procs (X2.13)', () => {
  it('takes the writer as 0 written in hex, octal or with a sign, and refuses a negative number', () => {
    const { kernel, init } = boot();
    const root = cgroupHierarchy(kernel).root;
    const d = cgroupMkdir(kernel, init, root, 'd');
    for (const text of ['0x0', '-0', ' +0 ', '00']) {
      cgroupProcsWrite(kernel, init, root, '0');
      cgroupProcsWrite(kernel, init, d, text);
      expect(cgroupOf(kernel, init), text).toBe(d);
    }
    expect(errno(() => cgroupProcsWrite(kernel, init, root, '-1'))).toBe('EINVAL');
    expect(errno(() => cgroupProcsWrite(kernel, init, root, '0x'))).toBe('EINVAL');
    expect(cgroupOf(kernel, init)).toBe(d);
  });
});

describe('fstat of a cgroup directory fd', () => {
  it('is a directory of mode 0755 on the cgroup2 device, one inode per cgroup', () => {
    const { kernel, init } = boot();
    const root = cgroupHierarchy(kernel).root;
    const a = cgroupMkdir(kernel, init, root, 'a');
    const b = cgroupMkdir(kernel, init, root, 'b');
    const fa = openCgroup(kernel, init, a);
    const fa2 = openCgroup(kernel, init, a);
    const fb = openCgroup(kernel, init, b);
    const sa = kernel.fstat(init, fa);
    expect(sa.mode).toBe(0o40755);
    expect(sa.size).toBe(0);
    expect(kernel.fstat(init, fa2)).toEqual(sa);
    expect(kernel.fstat(init, fb).ino).not.toBe(sa.ino);
    expect(kernel.fstat(init, fb).dev).toBe(sa.dev);
    // Still a cgroup directory for CLONE_INTO_CGROUP.
    const child = kernel.clone(init, CLONE_INTO_CGROUP, { cgroup: fb });
    expect(cgroupOf(kernel, child)).toBe(b);
  });
});

describe('mkdir of a name a cgroup file has (X2.7)', () => {
  it('is EEXIST: the directory already holds cgroup.procs, and a child cgroup.events too', () => {
    const { kernel, init } = boot();
    const root = cgroupHierarchy(kernel).root;
    const a = cgroupMkdir(kernel, init, root, 'a');
    expect(errno(() => cgroupMkdir(kernel, init, root, 'cgroup.procs'))).toBe('EEXIST');
    expect(errno(() => cgroupMkdir(kernel, init, a, 'cgroup.events'))).toBe('EEXIST');
    expect(cgroupMkdir(kernel, init, root, 'cgroup.events').path).toBe('/cgroup.events'); // the root has none
    expect(cgroupMkdir(kernel, init, a, 'cgroup.foo').path).toBe('/a/cgroup.foo');
  });
});
