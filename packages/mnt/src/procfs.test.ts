/**
 * Reading files through a mounted procfs (readFile): a process's status
 * (its NSpid from the instance's level), its mountinfo (ptrace-checked), the
 * files its types bring (ProcPidFile), and the errors of reading a directory
 * or a process that is gone.
 */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWNS, CLONE_NEWPID, defineNamespaceType, NsCommon } from '@nsproxy/core';
import type { NamespaceOperations } from '@nsproxy/core';
import { kernelErrorOf } from '@nsproxy/testkit';
import { creat, mount, readFile } from './index.ts';
import { boot, setupNss } from '../test/helpers.ts';

class ToyNs extends NsCommon {}

/** A third party's type that brings one /proc/<pid>/ file: what a procfs shows of it is what its `read` says. */
const toyType: NamespaceOperations<ToyNs> = defineNamespaceType<ToyNs>({
  name: 'toy',
  type: 2 ** 40,
  order: 90,
  procFiles: [{ name: 'toy_info', read: (_kernel, reader, task) => `reader ${reader.serial} task ${task.serial}\n` }],
  createInitial: (_kernel, owner) => new ToyNs(toyType, owner, null),
  copy: (ctx) => new ToyNs(toyType, ctx.userNs, ctx.chargeUcount()),
});

describe('files of a mounted procfs', () => {
  const { kernel, init } = boot({ pid: true, extra: [toyType] });
  setupNss(kernel, init);
  const a = kernel.clone(init, CLONE_NEWPID | CLONE_NEWNS);
  mount(kernel, a, '/tmp/nss', { kind: 'proc' });
  const b = kernel.clone(a, 0);

  it('status has NSpid from the instance\'s pid namespace down', () => {
    expect(readFile(kernel, a, '/tmp/nss/self/status')).toMatch(/^Name:\t.*\nPid:\t1\n(?:.*\n)*NSpid:\t1\n/);
    expect(readFile(kernel, b, '/tmp/nss/2/status')).toMatch(/\nNSpid:\t2\n/);
    // The credential lines (task_state, task_cap): ids through the reader's user namespace, the capability sets, no_new_privs.
    expect(readFile(kernel, b, '/tmp/nss/2/status')).toMatch(/\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t \n[^]*\nCapEff:\t000001ffffffffff\n[^]*\nNoNewPrivs:\t0\n$/);
  });

  it('a type\'s files are read by its own read, for the reader and the process', () => {
    expect(readFile(kernel, b, '/tmp/nss/1/toy_info')).toBe(`reader ${b.serial} task ${a.serial}\n`);
  });

  it('mountinfo is the process\'s view of its namespace', () => {
    expect(readFile(kernel, b, '/tmp/nss/1/mountinfo')).toMatch(/ \/tmp\/nss rw,relatime - proc proc rw\n/);
  });

  it('a directory is EISDIR, a missing process ENOENT, a file made on a tmpfs is empty', () => {
    expect(kernelErrorOf(() => readFile(kernel, a, '/tmp/nss/1')).code).toBe('EISDIR');
    expect(kernelErrorOf(() => readFile(kernel, a, '/tmp/nss/9/status')).code).toBe('ENOENT');
    creat(kernel, init, '/tmp/nss/f');
    expect(readFile(kernel, init, '/tmp/nss/f')).toBe('');
  });
});
