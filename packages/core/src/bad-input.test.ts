/**
 * The model's API refuses garbage (docs/core.md,
 * "Arguments and errors"): every bad call below throws the documented error
 * (an InvalidArgumentError naming the call and the parameter for a value C
 * cannot pass, the errno Linux gives for one it can, ERR_TASK_EXITED /
 * ERR_TASK_OTHER_KERNEL for a calling task that has exited or is another
 * kernel's) and leaves the kernel's snapshot, and its counts against
 * countHolders(), as they were. A fast-check property throws random
 * garbage at random calls; `NSPROXY_FUZZ_RUNS=20000 npx vitest run
 * packages/core/src/bad-input.test.ts` runs it longer.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CLONE_FILES, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWUSER, CLONE_PIDFD, CLONE_SIGHAND, CLONE_THREAD,
  CLONE_VM, InvalidArgumentError, Kernel, KernelError, NS_GET_NSTYPE, NS_GET_USERNS, PID_MAX_LIMIT, SIGCHLD, SIGKILL,
  SIGUSR1,
} from './index.ts';
import type { InvalidArgumentCode, KernelSnapshot, NamespaceOperations, Task } from './index.ts';
import { nestedPidType, nestedUserType } from '../test/nested-types.ts';
import { CLONE_NEWBLUE, blueType, toyType } from '../test/toy-types.ts';
import { propertyRuns } from '../test/runs.ts';

const TYPES: readonly NamespaceOperations[] = [nestedUserType, nestedPidType, toyType, blueType];

/** A kernel with a live task `a` (fd 3: its toy ns file, fd 4: a pidfd of init), a zombie, a reaped task and another kernel's task. */
function world(): { k: Kernel; init: Task; a: Task; zombie: Task; dead: Task; foreign: Task } {
  const k = new Kernel({ namespaces: TYPES });
  const init = k.initTask;
  const a = k.clone(init, 0, { comm: 'a' });
  k.openNs(a, a, 'toy');
  k.pidfdOpen(a, 1);
  const zombie = k.clone(a, 0, { comm: 'zombie' });
  k.exit(zombie);
  const dead = k.clone(init, 0, { comm: 'dead' });
  k.exit(dead);
  k.wait(init, k.pidOf(dead, init));
  const foreign = new Kernel({ namespaces: TYPES }).initTask;
  return { k, init, a, zombie, dead, foreign };
}

type World = ReturnType<typeof world>;
/** What a bad call must throw: an errno, or an InvalidArgumentError code (with the parameter it names). */
type Expect = { errno: string } | { code: InvalidArgumentCode; param: string };

/** The state a failed call must leave: the snapshot, and every namespace's count against its holders. */
function state(k: Kernel): string {
  const holders = k.countHolders();
  const unbalanced = k.namespaces().filter((ns) => ns.count !== (holders.get(ns) ?? 0)).map((ns) => `${ns.type}:${ns.nsId}`);
  return JSON.stringify({ snap: k.snapshot(), unbalanced });
}

/** Runs a bad call on a fresh world and checks what it threw and that nothing changed. */
function expectRefused(call: (w: World) => unknown, want: Expect): void {
  const w = world();
  const before = state(w.k);
  let thrown: unknown;
  try {
    call(w);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'the call succeeded').toBeDefined();
  if ('errno' in want) {
    expect(thrown).toBeInstanceOf(KernelError);
    expect((thrown as KernelError).code).toBe(want.errno);
  } else {
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as InvalidArgumentError).code).toBe(want.code);
    expect((thrown as InvalidArgumentError).param).toBe(want.param);
    expect((thrown as Error).message).toContain(want.param);
  }
  expect(state(w.k), 'a failed call changed the kernel').toBe(before);
}

const type = (param: string): Expect => ({ code: 'ERR_INVALID_ARG_TYPE', param });
const einval: Expect = { errno: 'EINVAL' };

/** Values of a wrong JavaScript type, or numbers no C int holds. */
const NOT_INTEGERS: readonly unknown[] = [Number.NaN, Infinity, -Infinity, 1.5, -0.5, 2 ** 31 + 0.5, '1', '', null, true, 10n, {}, [], () => 0];

/** Every integer parameter of the facade: the call with `v` in that place (everything else valid). */
const INT_PARAMS: readonly [string, string, (w: World, v: never) => unknown][] = [
  ['clone', 'flags', (w, v) => w.k.clone(w.a, v)],
  ['unshare', 'flags', (w, v) => w.k.unshare(w.a, v)],
  ['setns', 'fd', (w, v) => w.k.setns(w.a, v, 0)],
  ['setns', 'nstype', (w, v) => w.k.setns(w.a, 3, v)],
  ['exit', 'code', (w, v) => w.k.exit(w.a, v)],
  ['exitGroup', 'code', (w, v) => w.k.exitGroup(w.a, v)],
  ['wait', 'pid', (w, v) => w.k.wait(w.init, v)],
  ['sigaction', 'sig', (w, v) => w.k.sigaction(w.a, v, 'handle')],
  ['kill', 'pid', (w, v) => w.k.kill(w.a, v, SIGKILL)],
  ['kill', 'sig', (w, v) => w.k.kill(w.a, 1, v)],
  ['pidfdSendSignal', 'fd', (w, v) => w.k.pidfdSendSignal(w.a, v, 0)],
  ['pidfdSendSignal', 'sig', (w, v) => w.k.pidfdSendSignal(w.a, 4, v)],
  ['pidfdSendSignal', 'flags', (w, v) => w.k.pidfdSendSignal(w.a, 4, 0, v)],
  ['setDumpable', 'value', (w, v) => w.k.setDumpable(w.a, v)],
  ['setresuid', 'ruid', (w, v) => w.k.setresuid(w.a, v, 0, 0)],
  ['setresuid', 'euid', (w, v) => w.k.setresuid(w.a, 0, v, 0)],
  ['setresuid', 'suid', (w, v) => w.k.setresuid(w.a, 0, 0, v)],
  ['setresgid', 'rgid', (w, v) => w.k.setresgid(w.a, v, 0, 0)],
  ['setresgid', 'egid', (w, v) => w.k.setresgid(w.a, 0, v, 0)],
  ['setresgid', 'sgid', (w, v) => w.k.setresgid(w.a, 0, 0, v)],
  ['close', 'fd', (w, v) => w.k.close(w.a, v)],
  ['dup', 'fd', (w, v) => w.k.dup(w.a, v)],
  ['fstat', 'fd', (w, v) => w.k.fstat(w.a, v)],
  ['pidfdOpen', 'pid', (w, v) => w.k.pidfdOpen(w.a, v)],
  ['pidfdOpen', 'flags', (w, v) => w.k.pidfdOpen(w.a, 1, v)],
  ['ioctl', 'fd', (w, v) => w.k.ioctl(w.a, v, NS_GET_USERNS)],
  ['ioctl', 'cmd', (w, v) => w.k.ioctl(w.a, 3, v)],
  ['ioctl', 'arg', (w, v) => w.k.ioctl(w.a, 3, NS_GET_USERNS, v)],
  ['file', 'fd', (w, v) => w.k.file(w.a, v)],
  ['nsOfFd', 'fd', (w, v) => w.k.nsOfFd(w.a, v)],
  ['findTask', 'nr', (w, v) => w.k.findTask(w.a, v)],
  ['capable', 'cap', (w, v) => w.k.capable(w.a, w.k.initUserNs, v)],
];

/** Every call a live task makes, with valid other arguments. */
const CALLER_CALLS: readonly [string, (w: World, t: never) => unknown][] = [
  ['clone', (w, t) => w.k.clone(t, 0)],
  ['unshare', (w, t) => w.k.unshare(t, CLONE_NEWIPC)],
  ['setns', (w, t) => w.k.setns(t, 3, 0)],
  ['exit', (w, t) => w.k.exit(t)],
  ['exitGroup', (w, t) => w.k.exitGroup(t)],
  ['wait', (w, t) => w.k.wait(t)],
  ['sigaction', (w, t) => w.k.sigaction(t, SIGUSR1, 'handle')],
  ['kill', (w, t) => w.k.kill(t, 1, 0)],
  ['pidfdSendSignal', (w, t) => w.k.pidfdSendSignal(t, 4, 0)],
  ['setDumpable', (w, t) => w.k.setDumpable(t, 0)],
  ['getDumpable', (w, t) => w.k.getDumpable(t)],
  ['setChildSubreaper', (w, t) => w.k.setChildSubreaper(t, true)],
  ['setresuid', (w, t) => w.k.setresuid(t, 1, 1, 1)],
  ['setresgid', (w, t) => w.k.setresgid(t, 1, 1, 1)],
  ['chroot', (w, t) => w.k.chroot(t)],
  ['capset', (w, t) => w.k.capset(t, { effective: 0n, permitted: 0n })],
  ['open', (w, t) => w.k.open(t, '/proc/self/ns/toy')],
  ['openNs', (w, t) => w.k.openNs(t, w.init, 'toy')],
  ['readlink', (w, t) => w.k.readlink(t, '/proc/self/ns/toy')],
  ['close', (w, t) => w.k.close(t, 3)],
  ['dup', (w, t) => w.k.dup(t, 3)],
  ['fstat', (w, t) => w.k.fstat(t, 3)],
  ['pidfdOpen', (w, t) => w.k.pidfdOpen(t, 1)],
  ['ioctl', (w, t) => w.k.ioctl(t, 3, NS_GET_NSTYPE)],
];

/** Calls that take a task to look at (any task of this kernel, exited too). */
const TASK_PARAMS: readonly [string, string, (w: World, t: never) => unknown][] = [
  ['getpid', 'task', (w, t) => w.k.getpid(t)],
  ['gettid', 'task', (w, t) => w.k.gettid(t)],
  ['getppid', 'task', (w, t) => w.k.getppid(t)],
  ['getresuid', 'task', (w, t) => w.k.getresuid(t)],
  ['getresgid', 'task', (w, t) => w.k.getresgid(t)],
  ['pidOf', 'target', (w, t) => w.k.pidOf(t, w.a)],
  ['pidOf', 'viewer', (w, t) => w.k.pidOf(w.a, t)],
  ['findTask', 'viewer', (w, t) => w.k.findTask(t, 1)],
  ['nspid', 'task', (w, t) => w.k.nspid(t)],
  ['nsOf', 'task', (w, t) => w.k.nsOf(t, 'toy')],
  ['listNamespaces', 'viewer', (w, t) => w.k.listNamespaces(t === undefined ? null as never : t)],
  ['namespaceListing', 'viewer', (w, t) => w.k.namespaceListing(t === undefined ? null as never : t)],
  ['peekNs', 'task', (w, t) => w.k.peekNs(t, toyType)],
  ['getNs', 'task', (w, t) => w.k.getNs(t, toyType)],
  ['capable', 'task', (w, t) => w.k.capable(t, w.k.initUserNs, 0)],
  ['ptraceMayAccess', 'caller', (w, t) => w.k.ptraceMayAccess(t, w.a, 'read-fscreds')],
  ['ptraceMayAccess', 'target', (w, t) => w.k.ptraceMayAccess(w.a, t, 'read-fscreds')],
  ['isUnkillable', 'task', (w, t) => w.k.isUnkillable(t)],
  ['pidNsForChildren', 'task', (w, t) => w.k.pidNsForChildren(t)],
  ['openNs', 'target', (w, t) => w.k.openNs(w.a, t, 'toy')],
];

const NOT_TASKS: readonly unknown[] = [null, undefined, {}, 'init', 1, [], { kernel: null, alive: true }];

/** The table: [title, call, expected]. */
const CASES: [string, (w: World) => unknown, Expect][] = [];
for (const [name, param, call] of INT_PARAMS) {
  for (const v of NOT_INTEGERS) CASES.push([`${name}(${param}: ${String(typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? typeof v)})`, (w) => call(w, v as never), type(param)]);
}
for (const [name, call] of CALLER_CALLS) {
  const param = name === 'clone' ? 'parent' : 'task';
  for (const v of NOT_TASKS) CASES.push([`${name}(${param}: ${JSON.stringify(v) ?? 'undefined'})`, (w) => call(w, v as never), type(param)]);
  CASES.push([`${name}(a zombie)`, (w) => call(w, w.zombie as never), { code: 'ERR_TASK_EXITED', param }]);
  CASES.push([`${name}(a reaped task)`, (w) => call(w, w.dead as never), { code: 'ERR_TASK_EXITED', param }]);
  CASES.push([`${name}(another kernel's task)`, (w) => call(w, w.foreign as never), { code: 'ERR_TASK_OTHER_KERNEL', param }]);
}
for (const [name, param, call] of TASK_PARAMS) {
  for (const v of NOT_TASKS) {
    if (v === undefined && name === 'listNamespaces') continue; // no viewer: the initial namespaces' view
    CASES.push([`${name}(${param}: ${JSON.stringify(v) ?? 'undefined'})`, (w) => call(w, v as never), type(param)]);
  }
  CASES.push([`${name}(another kernel's ${param})`, (w) => call(w, w.foreign as never), { code: 'ERR_TASK_OTHER_KERNEL', param }]);
}
CASES.push(
  // Values C can pass: the errno Linux gives.
  ['clone(flags: -1)', (w) => w.k.clone(w.a, -1), einval],
  ['clone(flags: 2^64)', (w) => w.k.clone(w.a, 2 ** 64), einval],
  ['clone(flags: 2^53, an unknown bit)', (w) => w.k.clone(w.a, 2 ** 53), einval],
  ['clone(flags: 2^63)', (w) => w.k.clone(w.a, 2 ** 63), einval],
  ['unshare(flags: -1)', (w) => w.k.unshare(w.a, -1), einval],
  ['unshare(flags: -2^31)', (w) => w.k.unshare(w.a, -(2 ** 31)), einval],
  ['unshare(flags: 2^64)', (w) => w.k.unshare(w.a, 2 ** 64), einval],
  ['setns(nstype: -1)', (w) => w.k.setns(w.a, 3, -1), einval],
  ['setresuid(ruid: -2)', (w) => w.k.setresuid(w.a, -2, 0, 0), einval],
  ['setresuid(euid: 2^32)', (w) => w.k.setresuid(w.a, 0, 2 ** 32, 0), einval],
  ['setresgid(sgid: -2^31)', (w) => w.k.setresgid(w.a, 0, 0, -(2 ** 31)), einval],
  ['pidfdOpen(flags: -1)', (w) => w.k.pidfdOpen(w.a, 1, -1), einval],
  ['pidfdOpen(pid: -1)', (w) => w.k.pidfdOpen(w.a, -1), einval],
  ['kill(sig: 65)', (w) => w.k.kill(w.a, 1, 65), einval],
  ['kill(sig: -1)', (w) => w.k.kill(w.a, 1, -1), einval],
  ['sigaction(sig: 0)', (w) => w.k.sigaction(w.a, 0, 'handle'), einval],
  ['setDumpable(value: 2)', (w) => w.k.setDumpable(w.a, 2), einval],
  ['close(fd: -1)', (w) => w.k.close(w.a, -1), { errno: 'EBADF' }],
  ['dup(fd: 2^31)', (w) => w.k.dup(w.a, 2 ** 31), { errno: 'EBADF' }],
  ['pidfdSendSignal(flags: 8)', (w) => w.k.pidfdSendSignal(w.a, 4, 0, 8), einval],
  // Options and other shapes.
  ['clone(CLONE_PIDFD, { pidfd: "x" }) (once left a task behind)', (w) => w.k.clone(w.init, CLONE_PIDFD, { pidfd: 'x' as never }), type('options.pidfd')],
  ['clone(CLONE_PIDFD, { pidfd: null })', (w) => w.k.clone(w.init, CLONE_PIDFD, { pidfd: null as never }), type('options.pidfd')],
  ['clone(CLONE_PIDFD, { pidfd: frozen })', (w) => w.k.clone(w.init, CLONE_PIDFD, { pidfd: Object.freeze({ fd: 0 }) }), type('options.pidfd')],
  ['clone(CLONE_PIDFD|CLONE_NEWUSER|CLONE_NEWPID, { pidfd: 7 })', (w) => w.k.clone(w.init, CLONE_PIDFD | CLONE_NEWUSER | CLONE_NEWPID, { pidfd: 7 as never }), type('options.pidfd')],
  ['clone(options: null)', (w) => w.k.clone(w.a, 0, null as never), type('options')],
  ['clone(options: "x")', (w) => w.k.clone(w.a, 0, 'x' as never), type('options')],
  ['clone({ comm: 5 })', (w) => w.k.clone(w.a, 0, { comm: 5 as never }), type('options.comm')],
  ['clone(flags: 10n)', (w) => w.k.clone(w.init, 10n as never), type('flags')],
  ['clone(flags: NaN) (once acted as 0)', (w) => w.k.clone(w.init, Number.NaN), type('flags')],
  ['clone(flags: "0")', (w) => w.k.clone(w.init, '0' as never), type('flags')],
  ['clone(CLONE_THREAD|CLONE_SIGHAND|CLONE_VM|0.5)', (w) => w.k.clone(w.a, (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM) + 0.5), type('flags')],
  ['unshare(flags: 1.5) (it used to take the fast path as 1)', (w) => w.k.unshare(w.a, 1.5), type('flags')],
  ['unshare(CLONE_NEWBLUE + 0.5)', (w) => w.k.unshare(w.a, CLONE_NEWBLUE + 0.5), type('flags')],
  ['setresuid(ruid: 1.5) (once made uid 1.5)', (w) => w.k.setresuid(w.a, 1.5, 1.5, 1.5), type('ruid')],
  ['sigaction(action: "bogus")', (w) => w.k.sigaction(w.a, SIGUSR1, 'bogus' as never), type('action')],
  ['sigaction(action: undefined)', (w) => w.k.sigaction(w.a, SIGUSR1, undefined as never), type('action')],
  ['setChildSubreaper(on: 1)', (w) => w.k.setChildSubreaper(w.a, 1 as never), type('on')],
  ['capset(sets: null)', (w) => w.k.capset(w.a, null as never), type('sets')],
  ['capset(effective: 1)', (w) => w.k.capset(w.a, { effective: 1 as never, permitted: 0n }), type('sets.effective')],
  ['capset(permitted: "0")', (w) => w.k.capset(w.a, { effective: 0n, permitted: '0' as never }), type('sets.permitted')],
  ['capset(inheritable: 0)', (w) => w.k.capset(w.a, { effective: 0n, permitted: 0n, inheritable: 0 as never }), type('sets.inheritable')],
  ['open(path: null)', (w) => w.k.open(w.a, null as never), type('path')],
  ['open(path: 5)', (w) => w.k.open(w.a, 5 as never), type('path')],
  ['open(options: null)', (w) => w.k.open(w.a, '/proc/self/ns/toy', null as never), type('options')],
  ['open(options.procNs: {})', (w) => w.k.open(w.a, '/proc/1/ns/toy', { procNs: {} as never }), type('options.procNs')],
  ['open(options.write: "yes")', (w) => w.k.open(w.a, '/proc/self/ns/toy', { write: 'yes' as never }), type('options.write')],
  ['readlink(path: undefined)', (w) => w.k.readlink(w.a, undefined as never), type('path')],
  ['openNs(entry: 5)', (w) => w.k.openNs(w.a, w.init, 5 as never), type('entry')],
  ['nsOf(entry: null)', (w) => w.k.nsOf(w.a, null as never), type('entry')],
  ['nspid(from: {})', (w) => w.k.nspid(w.a, {} as never), type('from')],
  ['ptraceMayAccess(mode: "x")', (w) => w.k.ptraceMayAccess(w.a, w.init, 'x' as never), type('mode')],
  ['on(listener: null)', (w) => w.k.on(null as never), type('listener')],
  ['on(options.types: "task-created")', (w) => w.k.on(() => undefined, { types: 'task-created' as never }), type('options.types')],
);

describe('bad calls change nothing and throw the documented error', () => {
  it(`covers ${CASES.length} bad calls`, () => {
    expect(CASES.length).toBeGreaterThan(600);
  });
  it.each(CASES)('%s', (_title, call, want) => expectRefused(call, want));
});

describe('new Kernel(options) and Kernel.restore(snapshot) refuse garbage', () => {
  const value = (param: string): InvalidArgumentCode => (param ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_VALUE');
  const options: [string, unknown, InvalidArgumentCode, string][] = [
    ['null', null, 'ERR_INVALID_ARG_TYPE', 'options'],
    ['a string', 'uts', 'ERR_INVALID_ARG_TYPE', 'options'],
    ['maxNamespaces: -1 (once accepted)', { maxNamespaces: -1 }, value('x'), 'options.maxNamespaces'],
    ['maxNamespaces: 2^31', { maxNamespaces: 2 ** 31 }, 'ERR_INVALID_ARG_VALUE', 'options.maxNamespaces'],
    ['maxNamespaces: 1.5', { maxNamespaces: 1.5 }, 'ERR_INVALID_ARG_TYPE', 'options.maxNamespaces'],
    ['maxNamespaces: NaN', { maxNamespaces: Number.NaN }, 'ERR_INVALID_ARG_TYPE', 'options.maxNamespaces'],
    ['maxNamespaces: "10"', { maxNamespaces: '10' }, 'ERR_INVALID_ARG_TYPE', 'options.maxNamespaces'],
    ['pidMax: 0', { pidMax: 0 }, 'ERR_INVALID_ARG_VALUE', 'options.pidMax'],
    ['pidMax: 1 (no room for pid 1)', { pidMax: 1 }, 'ERR_INVALID_ARG_VALUE', 'options.pidMax'],
    ['pidMax: PID_MAX_LIMIT + 1', { pidMax: PID_MAX_LIMIT + 1 }, 'ERR_INVALID_ARG_VALUE', 'options.pidMax'],
    ['pidMax: Infinity', { pidMax: Infinity }, 'ERR_INVALID_ARG_TYPE', 'options.pidMax'],
    ['initCaps: 1 (a number)', { initCaps: 1 }, 'ERR_INVALID_ARG_TYPE', 'options.initCaps'],
    ['initCaps: -1n', { initCaps: -1n }, 'ERR_INVALID_ARG_VALUE', 'options.initCaps'],
    ['initCaps: beyond CAP_FULL_SET', { initCaps: CAP_FULL_SET + 1n }, 'ERR_INVALID_ARG_VALUE', 'options.initCaps'],
    ['initComm: 5', { initComm: 5 }, 'ERR_INVALID_ARG_TYPE', 'options.initComm'],
    ['namespaces: null', { namespaces: null }, 'ERR_INVALID_ARG_TYPE', 'options.namespaces'],
    ['namespaces: a type, not an array', { namespaces: toyType }, 'ERR_INVALID_ARG_TYPE', 'options.namespaces'],
    ['namespaces: [null]', { namespaces: [null] }, 'ERR_INVALID_ARG_TYPE', 'options.namespaces[0]'],
    ['namespaces: [{}]', { namespaces: [{}] }, 'ERR_INVALID_ARG_TYPE', 'options.namespaces[0].name'],
    ['namespaces: a type without copy', { namespaces: [{ ...toyType, copy: undefined }] }, 'ERR_INVALID_ARG_TYPE', 'options.namespaces[0].copy'],
    ['namespaces: a type with flag 1.5', { namespaces: [{ ...toyType, type: 1.5 }] }, 'ERR_INVALID_ARG_TYPE', 'options.namespaces[0].type'],
  ];
  it.each(options)('new Kernel(%s)', (_title, o, code, param) => {
    let thrown: unknown;
    try {
      new Kernel(o as never);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).toMatchObject({ code, param, syscall: 'new Kernel' });
  });

  /** A valid snapshot with a thread, a zombie, open files and a pin, as JSON to edit. */
  function snapshot(): KernelSnapshot {
    const k = new Kernel({ namespaces: TYPES });
    k.sigaction(k.initTask, SIGCHLD, 'ignore');
    const a = k.clone(k.initTask, CLONE_NEWUSER | CLONE_NEWPID | CLONE_PIDFD);
    k.clone(a, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_FILES);
    k.openNs(a, a, 'user');
    k.pinNs(k.initUserNs, 'mnt:1');
    return JSON.parse(JSON.stringify(k.snapshot())) as KernelSnapshot;
  }
  type Snap = { -readonly [K in keyof KernelSnapshot]: KernelSnapshot[K] } & Record<string, unknown>;
  const edits: [string, (s: Snap) => unknown][] = [
    ['null', () => null],
    ['a string', () => 'snapshot'],
    ['version 3', (s) => ({ ...s, version: 3 })],
    ['another format', (s) => ({ ...s, format: 'criu' })],
    ['init removed (once restored)', (s) => ({ ...s, tasks: s.tasks.filter((t) => t.serial !== s.initTask) })],
    ['initTask pointing nowhere', (s) => ({ ...s, initTask: 999 })],
    ['no tasks', (s) => ({ ...s, tasks: [] })],
    ['tasks: null', (s) => ({ ...s, tasks: null })],
    ['a task\'s pid dangling', (s) => ({ ...s, tasks: s.tasks.map((t, i) => (i === 1 ? { ...t, pid: 99 } : t)) })],
    ['a task\'s cred dangling', (s) => ({ ...s, tasks: s.tasks.map((t, i) => (i === 1 ? { ...t, cred: 99 } : t)) })],
    ['a thread whose leader is gone', (s) => ({ ...s, tasks: s.tasks.filter((_t, i) => i !== 1).map((t) => ({ ...t, children: t.children?.filter((c) => c !== s.tasks[1]?.serial) ?? null })) })],
    ['a namespace count off by one', (s) => ({ ...s, namespaces: s.namespaces.map((n, i) => (i === 0 ? { ...n, count: n.count + 1 } : n)) })],
    ['a namespace owner dangling', (s) => ({ ...s, namespaces: s.namespaces.map((n, i) => (i === 3 ? { ...n, owner: 999 } : n)) })],
    ['an nsproxy slot dangling', (s) => ({ ...s, nsproxies: s.nsproxies.map((p) => ({ ...p, slots: p.slots.map(() => 999) })) })],
    ['a pin of a namespace that does not exist', (s) => ({ ...s, pins: [['mnt:1', 999]] })],
    ['maxNamespaces -1', (s) => ({ ...s, options: { ...s.options, maxNamespaces: -1 } })],
    ['a file count off by one', (s) => ({ ...s, files: s.files.map((f) => ({ ...f, count: f.count + 1 })) })],
  ];
  it('a valid snapshot restores (the edits below start from it)', () => {
    const s = snapshot();
    expect(Kernel.restore(s, { namespaces: TYPES }).snapshot()).toEqual(s);
  });
  it.each(edits)('Kernel.restore(%s) throws one InvalidArgumentError', (_title, edit) => {
    let thrown: unknown;
    try {
      Kernel.restore(edit(snapshot() as Snap) as never, { namespaces: TYPES });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE', syscall: 'Kernel.restore', param: 'snapshot' });
  });
  it('Kernel.restore with other types than the snapshot\'s throws the same error', () => {
    expect(() => Kernel.restore(snapshot(), { namespaces: [toyType] })).toThrow(InvalidArgumentError);
  });
});

// ------------------------------------------------------------------ fuzz

/** Garbage and valid values mixed: what a careless caller passes. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    Number.NaN, Infinity, -Infinity, -0, 0.5, 1.5, -1, -2, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 64, '', '1', '/proc/self/ns/toy',
    null, undefined, true, 0n, 10n, {}, [], 'handle', 'ignore', CLONE_PIDFD, CLONE_NEWIPC, CLONE_NEWBLUE, CLONE_NEWUSER,
    CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, SIGKILL, SIGUSR1, NS_GET_USERNS, 3, 4, 1, 0,
  ),
  fc.integer({ min: -5, max: 70 }),
  fc.double(),
  fc.string({ maxLength: 4 }),
);

/** The calls the fuzz makes: a name and how to call it with (task, three values). */
const FUZZ_CALLS: readonly [string, (k: Kernel, t: unknown, x: unknown, y: unknown, z: unknown) => unknown][] = [
  ['clone', (k, t, x, y) => k.clone(t as never, x as never, y as never)],
  ['unshare', (k, t, x) => k.unshare(t as never, x as never)],
  ['setns', (k, t, x, y) => k.setns(t as never, x as never, y as never)],
  ['wait', (k, t, x) => k.wait(t as never, x as never)],
  ['sigaction', (k, t, x, y) => k.sigaction(t as never, x as never, y as never)],
  ['kill', (k, t, x, y) => k.kill(t as never, x as never, y as never)],
  ['pidfdSendSignal', (k, t, x, y, z) => k.pidfdSendSignal(t as never, x as never, y as never, z as never)],
  ['setresuid', (k, t, x, y, z) => k.setresuid(t as never, x as never, y as never, z as never)],
  ['setresgid', (k, t, x, y, z) => k.setresgid(t as never, x as never, y as never, z as never)],
  ['setDumpable', (k, t, x) => k.setDumpable(t as never, x as never)],
  ['setChildSubreaper', (k, t, x) => k.setChildSubreaper(t as never, x as never)],
  ['capset', (k, t, x, y) => k.capset(t as never, { effective: x, permitted: y } as never)],
  ['open', (k, t, x, y) => k.open(t as never, x as never, y as never)],
  ['readlink', (k, t, x) => k.readlink(t as never, x as never)],
  ['openNs', (k, t, x, y) => k.openNs(t as never, x as never, y as never)],
  ['close', (k, t, x) => k.close(t as never, x as never)],
  ['dup', (k, t, x) => k.dup(t as never, x as never)],
  ['fstat', (k, t, x) => k.fstat(t as never, x as never)],
  ['pidfdOpen', (k, t, x, y) => k.pidfdOpen(t as never, x as never, y as never)],
  ['ioctl', (k, t, x, y, z) => k.ioctl(t as never, x as never, y as never, z as never)],
  ['exit', (k, t, x) => k.exit(t as never, x as never)],
  ['getpid', (k, t) => k.getpid(t as never)],
  ['pidOf', (k, t, x) => k.pidOf(t as never, x as never)],
  ['listNamespaces', (k, t) => k.listNamespaces(t as never)],
  ['namespaceListing', (k, t) => k.namespaceListing(t as never)],
];

const fuzzStep = fc.record({
  call: fc.nat({ max: FUZZ_CALLS.length - 1 }),
  task: fc.oneof(fc.nat({ max: 8 }), anyValue),
  x: fc.oneof(anyValue, fc.nat({ max: 8 }).map((i) => ({ taskIndex: i }))),
  y: anyValue,
  z: anyValue,
});

test.prop([fc.array(fuzzStep, { maxLength: 40 })], { numRuns: propertyRuns(100, 'NSPROXY_FUZZ_RUNS') })(
  'random garbage to random calls: only KernelError or InvalidArgumentError, and a failed call changes nothing',
  (steps) => {
    const k = new Kernel({ namespaces: TYPES });
    k.sigaction(k.initTask, SIGCHLD, 'ignore');
    const tasks: Task[] = [k.initTask];
    const other = new Kernel({ namespaces: TYPES }).initTask;
    for (const [i, s] of steps.entries()) {
      const pickTask = (v: unknown): unknown => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 8 ? (v === 8 ? other : tasks[v % tasks.length]) : v);
      const task = pickTask(s.task);
      const x = typeof s.x === 'object' && s.x !== null && 'taskIndex' in s.x ? pickTask((s.x as { taskIndex: number }).taskIndex) : s.x;
      const [name, call] = FUZZ_CALLS[s.call] as (typeof FUZZ_CALLS)[number];
      // exit of the initial init is a kernel panic (a plain Error by design): not garbage.
      if (name === 'exit' && task instanceof Object && (task as Task).leader === k.initTask) continue;
      const before = state(k);
      try {
        const r = call(k, task, x, s.y, s.z);
        if (name === 'clone' && r) tasks.push(r as Task);
      } catch (e) {
        if (e instanceof InvalidArgumentError) {
          expect(e.param, `step ${i}: ${name}`).not.toBe('');
          expect(e.message).toContain(e.param);
        } else if (!(e instanceof KernelError)) {
          throw new Error(`step ${i}: ${name} threw ${String(e)}`, { cause: e });
        }
        const after = state(k);
        // The documented exception: a fork that fails in alloc_pid moved the idr cursor (docs/pid-namespaces.md).
        if (!(e instanceof KernelError && name === 'clone' && (e.code === 'ENOMEM' || e.code === 'EAGAIN'))) {
          expect(after, `step ${i}: ${name} failed with ${(e as Error).message} but changed the state`).toBe(before);
        }
      }
    }
    const snap = k.snapshot();
    expect(Kernel.restore(snap, { namespaces: TYPES }).snapshot()).toEqual(snap);
  },
);
