/**
 * The cgroup ops: what each asks the agent and how its answer reads, without
 * a kernel; the cgroup2 mount found in mountinfo; then on the real kernel,
 * the run's own cgroup: init cloned into it with a namespace rooted there,
 * and the whole subtree gone after the run, also after a step that timed out.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { StepResult } from '@nsproxy/scenario/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { agentsBelow, Run } from '../test/harness.ts';
import type { CgroupOpContext } from './cgroup.ts';
import { CGROUP_OP_NAMES, cgroup2Mount, cgroupAvailable, relativeCgroupPath, runCgroupOp } from './cgroup.ts';
import { createLinuxBackend } from './index.ts';
import { SUPPORTED_OPS } from './tables.ts';

function fakeContext(answers: Record<string, StepResult>, pids: Record<string, number> = {}): { ctx: CgroupOpContext; asked: (string | number)[][] } {
  const asked: (string | number)[][] = [];
  const ctx: CgroupOpContext = {
    ask: (op, args) => {
      asked.push([op, ...args]);
      return Promise.resolve(answers[op] ?? { kind: 'ok' });
    },
    procPath: (task, rest) => (task === 'gone' ? { result: { kind: 'errno', code: 'ENOENT' } } : { path: `/proc/100/${rest}` }),
    visiblePid: (task) => Promise.resolve(pids[task] ?? 0),
    cloneInto: (name, flags, rel) => {
      asked.push(['clone-into', name, flags, rel]);
      return Promise.resolve({ kind: 'int', value: 2 });
    },
    cloneIntoFd: (name, flags, fd) => {
      asked.push(['clone-into-fd', name, flags, fd]);
      return Promise.resolve({ kind: 'int', value: 3 });
    },
    parseTypes: (list) => (list === '-' ? 0 : 0x02000000),
  };
  return { ctx, asked };
}

describe('cgroup ops', () => {
  it('are all supported, and paths are relative to the run\'s cgroup, never with ..', () => {
    for (const op of CGROUP_OP_NAMES) expect(SUPPORTED_OPS.has(op), op).toBe(true);
    expect(relativeCgroupPath('/')).toBe('.');
    expect(relativeCgroupPath('/a/b')).toBe('a/b');
    for (const bad of ['/..', '/a/../b', 'a', '/a/', '//a', '/a.b']) expect(() => relativeCgroupPath(bad), bad).toThrow(/bad cgroup path/);
    expect(() => relativeCgroupPath('/', true)).toThrow(/bad cgroup path/);
  });

  it('ask the agent by request; a task the actor cannot see is ESRCH without a write; lists are sorted; the 0:: line is taken', async () => {
    const { ctx, asked } = fakeContext({ 'cg-read': { kind: 'text', value: '12\n3\n0\n' }, read: { kind: 'text', value: '1:cpu:/\n0::/a/b\n' } }, { t: 7 });
    expect(await runCgroupOp('cgroup-mkdir', ['/a'], ctx)).toEqual({ kind: 'ok' });
    await runCgroupOp('cgroup-rmdir', ['/a/b'], ctx);
    await runCgroupOp('cgroup-move', ['t', '/'], ctx);
    expect(await runCgroupOp('cgroup-move', ['hidden', '/a'], ctx)).toEqual({ kind: 'errno', code: 'ESRCH' });
    expect(await runCgroupOp('cgroup-procs', ['/a'], ctx)).toEqual({ kind: 'list', items: ['0', '3', '12'] });
    expect(await runCgroupOp('cgroup-of', ['t'], ctx)).toEqual({ kind: 'text', value: '/a/b' });
    expect(await runCgroupOp('cgroup-of', ['gone'], ctx)).toEqual({ kind: 'errno', code: 'ENOENT' });
    await runCgroupOp('clone-into', ['c', 'cgroup', '/a'], ctx);
    expect(await runCgroupOp('links', [], ctx)).toBeUndefined();
    expect(asked).toEqual([
      ['cg-mkdir', 'a'],
      ['cg-rmdir', 'a/b'],
      ['cg-write', '.', '7'],
      ['cg-read', 'a'],
      ['read', '/proc/100/cgroup'],
      ['clone-into', 'c', 0x02000000, 'a'],
    ]);
  });

  it('directory fds: cgroup-open, cgroup-mkdirat (a ; is a newline, one component only), clone-into-fd, the raw cgroup-write', async () => {
    const { ctx, asked } = fakeContext({}, {});
    await runCgroupOp('cgroup-open', ['/a', 'fa'], ctx);
    await runCgroupOp('cgroup-mkdirat', ['fa', 'x;y'], ctx);
    expect(await runCgroupOp('clone-into-fd', ['c', '-', 'fa'], ctx)).toEqual({ kind: 'int', value: 3 });
    await runCgroupOp('cgroup-write', ['/', ' 0x0 '], ctx);
    for (const bad of ['a/b', '.', '..', '', 'x'.repeat(65)]) await expect(runCgroupOp('cgroup-mkdirat', ['fa', bad], ctx), bad).rejects.toThrow(/bad cgroup name/);
    expect(asked).toEqual([
      ['cg-open', 'a', 'fa'],
      ['cg-mkdirat', 'fa', 'x\ny'],
      ['clone-into-fd', 'c', 0, 'fa'],
      ['cg-write', '.', ' 0x0 '],
    ]);
  });

  it('find the cgroup2 mount in mountinfo (the last one), with octal escapes', () => {
    const info = [
      '25 1 0:22 / /sys/fs/cgroup rw - tmpfs tmpfs rw',
      '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
      '99 1 0:38 / /mnt/with\\040space rw - cgroup2 cgroup2 rw',
    ].join('\n');
    expect(cgroup2Mount(info)).toBe('/mnt/with space');
    expect(cgroup2Mount('25 1 0:22 / /sys/fs/cgroup rw - tmpfs tmpfs rw')).toBeUndefined();
  });
});

const unavailable = await createLinuxBackend().unavailable();
const skip = (unavailable !== undefined || !cgroupAvailable()) && process.env.CI !== 'true';
if (skip) console.log(`@nsproxy/linux: real-kernel cgroup tests skipped: ${unavailable ?? 'not root, or no cgroup2 mount'}`);

/** The run cgroups of this process in the cgroup2 hierarchy. */
function runCgroups(): string[] {
  const mount = cgroup2Mount();
  if (mount === undefined) return [];
  return readdirSync(mount).filter((n) => n.startsWith(`nsproxy-${String(process.pid)}-`)).map((n) => `${mount}/${n}`);
}

const open: Run[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((run) => run.close()));
});

describe.skipIf(skip)('linux backend: the run\'s cgroup', () => {
  it('clones init into a cgroup of the run\'s own, the root of its cgroup namespace, and removes the subtree after the run', async () => {
    const run = await Run.open();
    open.push(run);
    const [dir] = runCgroups();
    expect(dir).toBeDefined();
    if (dir === undefined) return;
    expect(await run.step('init: cgroup-of init')).toBe('/');
    expect(await run.step('init: cgroup-mkdir /a')).toBe('ok');
    expect(await run.step('init: cgroup-mkdir /a/b')).toBe('ok');
    expect(await run.step('init: clone-into c - /a/b')).toBe('2');
    expect(existsSync(`${dir}/a/b`)).toBe(true);
    const procs = readFileSync(`${dir}/a/b/cgroup.procs`, 'utf8').trim().split('\n');
    expect(procs).toHaveLength(1);
    // init's pid in the host's pid namespace is in the run's cgroup itself.
    expect(readFileSync(`${dir}/cgroup.procs`, 'utf8').trim().split('\n')).toHaveLength(1);
    await run.close();
    expect(existsSync(dir)).toBe(false);
    expect(runCgroups()).toEqual([]);
    expect(agentsBelow(process.pid)).toEqual([]);
  });

  it('removes the subtree after a step that timed out', async () => {
    const run = await Run.open({ stepTimeoutMs: 400 });
    open.push(run);
    const [dir] = runCgroups();
    expect(await run.step('init: cgroup-mkdir /a')).toBe('ok');
    expect(await run.step('init: clone-into t - /a')).toBe('2');
    // Freeze the host agent: a move asks it for the task's pid, so the step hangs and must fail after the timeout.
    const [host] = agentsBelow(process.pid).filter((pid) => readFileSync(`/proc/${String(pid)}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(process.pid));
    expect(host).toBeDefined();
    process.kill(host ?? 0, 'SIGSTOP');
    await expect(run.step('init: cgroup-move t /')).rejects.toThrow(/no answer after 400 ms/);
    expect(dir === undefined ? false : existsSync(`${dir}/a`)).toBe(true);
    await run.close();
    expect(dir === undefined ? true : existsSync(dir)).toBe(false);
    expect(runCgroups()).toEqual([]);
    expect(agentsBelow(process.pid)).toEqual([]);
  });
});
