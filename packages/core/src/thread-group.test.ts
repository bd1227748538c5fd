/**
 * A thread-group leader that exits while other threads of its group live
 * (kernel/exit.c delay_group_leader): it stays a zombie, its pid and task
 * kept, until the last thread goes; that thread's release_task then
 * releases the leader or notifies its parent. Issue 12, item 10: a
 * reparenting to a parent that ignores SIGCHLD used to release the leader
 * at once, leaving its thread without a leader (and `Kernel.restore` of the
 * snapshot threw).
 */
import { describe, expect, it } from 'vitest';
import { CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, Kernel, SIGCHLD, SIGKILL } from './index.ts';
import type { Task } from './index.ts';
import { nestedPidType, nestedUserType } from '../test/nested-types.ts';

const THREAD = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;

function balanced(k: Kernel): void {
  const h = k.countHolders();
  for (const ns of k.namespaces()) expect(ns.count, `${ns.type}:${ns.nsId}`).toBe(h.get(ns) ?? 0);
}

/** The sequence: a process `a` (child of `parent`) with a thread; a exits, then parent exits. */
function zombieLeader(ignoreSigchld: boolean): { k: Kernel; init: Task; parent: Task; a: Task; thread: Task } {
  const k = new Kernel({ namespaces: [nestedUserType, nestedPidType] });
  const init = k.initTask;
  if (ignoreSigchld) k.sigaction(init, SIGCHLD, 'ignore');
  const parent = k.clone(init, 0);
  const a = k.clone(parent, 0);
  const thread = k.clone(a, THREAD);
  k.exit(a);
  k.exit(parent);
  return { k, init, parent, a, thread };
}

describe('a zombie thread-group leader with a live thread (delay_group_leader)', () => {
  it('stays a zombie when reparented to a parent that ignores SIGCHLD, and the snapshot restores (seed 41682940)', () => {
    const { k, init, a, thread } = zombieLeader(true);
    expect(a.state).toBe('zombie');
    expect(a.parent).toBe(init);
    expect(thread.state).toBe('running');
    expect(thread.leader).toBe(a);
    expect(k.tasks()).toContain(a);
    // The leader's pid stays allocated: getpid of the thread is still the group's tgid.
    expect(k.getpid(thread)).toBe(k.pidOf(a, init));
    expect(k.findTask(init, k.pidOf(a, init))).toBe(a);
    balanced(k);
    const snap = k.snapshot();
    expect(Kernel.restore(snap, { namespaces: [nestedUserType, nestedPidType] }).snapshot()).toEqual(snap);
  });

  it('is released when its last thread exits, the parent ignoring SIGCHLD', () => {
    const { k, a, thread } = zombieLeader(true);
    k.exit(thread);
    expect(thread.state).toBe('dead');
    expect(a.state).toBe('dead');
    expect(k.tasks()).toEqual([k.initTask]);
    balanced(k);
  });

  it('is not reaped by wait while a thread lives; wait reaps it once the group is empty', () => {
    const { k, init, a, thread } = zombieLeader(false);
    const tgid = k.pidOf(a, init);
    // The exited parent itself is a zombie child of init: reap it first.
    expect(k.wait(init)?.pid).not.toBe(tgid);
    expect(k.wait(init, tgid)).toBeUndefined();
    expect(a.state).toBe('zombie');
    k.exit(thread);
    expect(a.state).toBe('zombie');
    expect(k.wait(init, tgid)).toEqual({ pid: tgid, status: 0 });
    expect(a.state).toBe('dead');
    balanced(k);
  });

  it('kill of the tgid reaches the live thread, and the group goes', () => {
    const { k, init, a, thread } = zombieLeader(true);
    k.kill(init, k.pidOf(a, init), SIGKILL);
    expect(thread.state).toBe('dead');
    expect(a.state).toBe('dead');
    expect(k.tasks()).toEqual([init]);
    balanced(k);
  });

  it('still counts in lsns as a process of its user and pid namespaces', () => {
    const { k, init } = zombieLeader(true);
    const rows = k.listNamespaces();
    const pidRow = rows.find((r) => r.type === 'pid');
    // init, the zombie leader (its struct pid and credentials live), and its thread is not a process.
    expect(pidRow?.nprocs).toBe(2);
    expect(k.pidOf(init, init)).toBe(1);
  });
});
