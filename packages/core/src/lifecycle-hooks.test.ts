/**
 * A type's steps in a task's life: canFork and forked (copy_process's
 * cgroup_can_fork and cgroup_post_fork / timens_on_fork), exited (do_exit),
 * the clone3 flags a type claims (CLONE_INTO_CGROUP and clone_args.cgroup),
 * and NsSet.onCommit (commit_nsset's timens_commit). A test type records
 * what it was shown; a type without hooks costs nothing and sees nothing.
 */
import { describe, expect, it } from 'vitest';
import {
  CLONE_INTO_CGROUP, CLONE_VM, CLONE_SIGHAND, CLONE_THREAD, Kernel, KernelError, NsCommon, defineNamespaceType, fail, flagsOr,
  installDefault,
} from './index.ts';
import type { ForkContext, NamespaceOperations, Task } from './index.ts';
import { CLONE_NEWBLUE, toyType } from '../test/toy-types.ts';

class Hooked extends NsCommon {}

interface Log {
  events: string[];
  /** canFork refuses a clone whose options.cgroup is this fd. */
  refuseFd: number;
}

function hookedType(log: Log, claim = true): NamespaceOperations<Hooked> {
  const type: NamespaceOperations<Hooked> = defineNamespaceType<Hooked>({
    name: 'hooked',
    type: CLONE_NEWBLUE,
    order: 100,
    ...(claim ? { cloneFlags: CLONE_INTO_CGROUP } : {}),
    createInitial: (_k, owner) => new Hooked(type, owner, null),
    copy: (ctx) => new Hooked(type, ctx.userNs, ctx.chargeUcount()),
    install(nsset, ns) {
      installDefault(nsset, ns);
      log.events.push(`install ${nsset.caller.serial}`);
      nsset.onCommit(() => log.events.push(`commit ${nsset.caller.serial} now ${nsset.kernel.peekNs(nsset.caller, type) === ns ? 'in' : 'out'}`));
    },
    canFork(ctx: ForkContext) {
      const fd = ctx.options.cgroup ?? 0;
      if (fd === log.refuseFd) fail('EBADF', 'clone', 'refused by the test type');
      log.events.push(`canFork ${ctx.parent.serial} fd ${fd}`);
      return `staged ${fd}`;
    },
    forked(child: Task, ctx: ForkContext, staged: unknown) {
      log.events.push(`forked ${child.serial} of ${ctx.parent.serial} ${String(staged)} vm ${(ctx.flags & CLONE_VM) !== 0}`);
    },
    exited(task: Task) {
      log.events.push(`exited ${task.serial} nsproxy ${task.nsproxy === null ? 'gone' : 'kept'}`);
    },
  });
  return type;
}

describe('a type\'s fork and exit steps', () => {
  it('canFork runs before the commit and forked after it, with what canFork returned', () => {
    const log: Log = { events: [], refuseFd: -1 };
    const k = new Kernel({ namespaces: [hookedType(log), toyType] });
    const child = k.clone(k.initTask, 0, { cgroup: 5 });
    expect(log.events).toEqual([`canFork ${k.initTask.serial} fd 5`, `forked ${child.serial} of ${k.initTask.serial} staged 5 vm false`]);
    const thread = k.clone(child, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM);
    expect(log.events.at(-1)).toBe(`forked ${thread.serial} of ${child.serial} staged 0 vm true`);
  });

  it('a canFork that throws fails the clone and changes nothing: no task, no pid, no namespace', () => {
    const log: Log = { events: [], refuseFd: 7 };
    const k = new Kernel({ namespaces: [hookedType(log), toyType] });
    const before = { tasks: k.tasks().length, ns: k.namespaces().length, nextPid: k.clone(k.initTask, 0) };
    k.exit(before.nextPid);
    k.wait(k.initTask);
    const tasks = k.tasks().length;
    const ns = k.namespaces().length;
    let err: unknown;
    try {
      k.clone(k.initTask, CLONE_NEWBLUE, { cgroup: 7 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KernelError);
    expect((err as KernelError).code).toBe('EBADF');
    expect(k.tasks().length).toBe(tasks);
    expect(k.namespaces().length).toBe(ns);
    expect(log.events.filter((e) => e.startsWith('forked')).length).toBe(1);
    // The pid allocated for the failed clone is free again: the next child gets the number after it (cursors advance, as alloc_pid's do).
    const next = k.clone(k.initTask, 0);
    expect(k.getpid(next)).toBe(k.getpid(before.nextPid) + 2);
  });

  it('exited runs once the task dropped its nsproxy, once per task', () => {
    const log: Log = { events: [], refuseFd: -1 };
    const k = new Kernel({ namespaces: [hookedType(log), toyType] });
    const child = k.clone(k.initTask, 0);
    k.exit(child, 3);
    expect(log.events.filter((e) => e.startsWith('exited'))).toEqual([`exited ${child.serial} nsproxy gone`]);
  });
});

describe('clone3 flags a type claims', () => {
  it('CLONE_INTO_CGROUP is EINVAL until a type claims it', () => {
    const log: Log = { events: [], refuseFd: -1 };
    const k = new Kernel({ namespaces: [hookedType(log, false), toyType] });
    expect(() => k.clone(k.initTask, CLONE_INTO_CGROUP)).toThrow(expect.objectContaining({ code: 'EINVAL', rule: 'F1.11' }));
    const k2 = new Kernel({ namespaces: [hookedType(log), toyType] });
    expect(k2.clone(k2.initTask, CLONE_INTO_CGROUP, { cgroup: 3 }).alive).toBe(true);
  });

  it('a cgroup fd above INT_MAX is EINVAL before any type is asked (F1.13)', () => {
    const log: Log = { events: [], refuseFd: -1 };
    const k = new Kernel({ namespaces: [hookedType(log), toyType] });
    expect(() => k.clone(k.initTask, CLONE_INTO_CGROUP, { cgroup: 2 ** 31 })).toThrow(expect.objectContaining({ code: 'EINVAL', rule: 'F1.13' }));
    expect(log.events).toEqual([]);
    // Without the flag, clone_args.cgroup is not looked at.
    expect(k.clone(k.initTask, 0, { cgroup: 2 ** 31 }).alive).toBe(true);
  });

  it('options.cgroup must be a non-negative integer', () => {
    const k = new Kernel({ namespaces: [toyType] });
    for (const bad of [-1, 1.5, '3', null]) {
      expect(() => k.clone(k.initTask, 0, { cgroup: bad as number })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    }
  });
});

describe('NsSet.onCommit', () => {
  it('runs after the caller was switched, and not at all when an install fails', () => {
    const log: Log = { events: [], refuseFd: -1 };
    const type = hookedType(log);
    const k = new Kernel({ namespaces: [type, toyType] });
    const holder = k.clone(k.initTask, CLONE_NEWBLUE);
    const fd = k.openNs(k.initTask, holder, 'hooked');
    k.setns(k.initTask, fd, 0);
    expect(log.events.slice(-2)).toEqual([`install ${k.initTask.serial}`, `commit ${k.initTask.serial} now in`]);
    // A caller without CAP_SYS_ADMIN fails in the install's permission check, before it stages anything.
    const weak = k.clone(k.initTask, 0);
    const fd2 = k.openNs(weak, holder, 'hooked');
    k.capset(weak, { effective: 0n, permitted: 0n });
    const before = log.events.length;
    expect(() => k.setns(weak, fd2, 0)).toThrow(expect.objectContaining({ code: 'EPERM' }));
    expect(log.events.length).toBe(before);
  });

  it('does not run when a later install of a pidfd setns fails: the staged commit is dropped with the nsset', () => {
    const log: Log = { events: [], refuseFd: -1 };
    const hooked = hookedType(log);
    // A type installed after `hooked` (order 200) that refuses every install.
    const late: NamespaceOperations<Hooked> = defineNamespaceType<Hooked>({
      name: 'late', type: 2 ** 41, order: 200,
      createInitial: (_k, owner) => new Hooked(late, owner, null),
      copy: (ctx) => new Hooked(late, ctx.userNs, ctx.chargeUcount()),
      install: () => fail('EPERM', 'setns', 'the late type refuses'),
    });
    const k = new Kernel({ namespaces: [hooked, late, toyType] });
    const BOTH = flagsOr(CLONE_NEWBLUE, 2 ** 41);
    const target = k.clone(k.initTask, BOTH);
    const pidfd = k.pidfdOpen(k.initTask, k.getpid(target));
    expect(() => k.setns(k.initTask, pidfd, BOTH)).toThrow(expect.objectContaining({ code: 'EPERM' }));
    expect(log.events.at(-1)).toBe(`install ${k.initTask.serial}`);
    expect(k.peekNs(k.initTask, hooked)).not.toBe(k.peekNs(target, hooked));
  });
});

describe('heldNs: a reference a type holds for a task outside its nsproxy', () => {
  /** A type that keeps, per task, a reference on the namespace its parent was in when it was cloned (as the time type keeps the active one). */
  function holdingType(): { type: NamespaceOperations<Hooked>; held: Map<Task, Hooked> } {
    const held = new Map<Task, Hooked>();
    const type: NamespaceOperations<Hooked> = defineNamespaceType<Hooked>({
      name: 'holding',
      type: CLONE_NEWBLUE,
      order: 100,
      createInitial: (_k, owner) => new Hooked(type, owner, null),
      copy: (ctx) => new Hooked(type, ctx.userNs, ctx.chargeUcount()),
      forked(child, ctx) {
        const ns = ctx.kernel.peekNs(ctx.parent, type) as Hooked;
        ns.count++;
        held.set(child, ns);
      },
      exited(task) {
        const ns = held.get(task);
        held.delete(task);
        if (ns) task.kernel.putNs(ns);
      },
      heldNs: (task) => held.get(task),
    });
    return { type, held };
  }

  it('is counted as a holder, so the refcount balances; without it the same state would not', () => {
    const { type, held } = holdingType();
    const k = new Kernel({ namespaces: [type] });
    const child = k.clone(k.initTask, 0);
    const ns = held.get(child) as Hooked;
    k.unshare(child, CLONE_NEWBLUE); // the slot no longer holds ns: only the held reference (and init) does
    expect(k.countHolders().get(ns)).toBe(ns.count);
    const [first] = k.heldNsHooks;
    expect(first).toBe(type);
    held.delete(child); // the type forgets its reference: the holders no longer add up
    expect(k.countHolders().get(ns)).toBe(ns.count - 1);
  });

  it('a type without it is not asked', () => {
    const k = new Kernel({ namespaces: [toyType] });
    expect(k.heldNsHooks).toEqual([]);
  });
});
