/** Pid translation helpers (P1.4, P5.2, P5.3). */
import { describe, expect, it } from 'vitest';
import { CLONE_NEWPID, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, flagsOr } from '@nsproxy/core';
import { findTaskByPidNs, nspid, nspidLine, nstgid, pidNrNs, pidNsPath, tasksInPidNs, tgidNrNs } from './index.ts';
import { boot } from '../test/helpers.ts';

describe('translation', () => {
  it('NSpid lists the numbers from the procfs namespace\'s level down to the task\'s own (P5.3: "NSpid: 19580 1")', () => {
    const { k, init } = boot();
    k.clone(init, 0);
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, CLONE_NEWPID);
    const c = k.clone(b, 0);
    expect(nspid(c, k.initPidNs)).toEqual([5, 3, 2]);
    expect(nspid(c, a.pid.ns)).toEqual([3, 2]);
    expect(nspid(c, b.pid.ns)).toEqual([2]);
    expect(nspidLine(b, k.initPidNs)).toBe('NSpid:\t4\t2\t1');
    expect(nspidLine(a, a.pid.ns)).toBe('NSpid:\t1');
    // Not visible from a procfs of a descendant or sibling namespace.
    expect(nspid(a, b.pid.ns)).toEqual([]);
    expect(nspidLine(init, a.pid.ns)).toBeUndefined();
    const s = k.clone(init, CLONE_NEWPID);
    expect(nspid(c, s.pid.ns)).toEqual([]);
  });

  it('pid_nr_ns, tgid, find_task_by_pid_ns and the procfs listing of a namespace', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWPID);
    const b = k.clone(a, 0);
    const t = k.clone(b, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM));
    expect(pidNrNs(t, a.pid.ns)).toBe(3);
    expect(tgidNrNs(t, a.pid.ns)).toBe(2);
    expect(nstgid(t, k.initPidNs)).toEqual([3, 2]);
    expect(pidNrNs(init, a.pid.ns)).toBe(0);
    expect(findTaskByPidNs(a.pid.ns, 3)).toBe(t);
    expect(findTaskByPidNs(k.initPidNs, 3)).toBe(b);
    expect(findTaskByPidNs(a.pid.ns, 0)).toBeUndefined();
    expect(findTaskByPidNs(a.pid.ns, -1)).toBeUndefined();
    expect(tasksInPidNs(a.pid.ns).map(([nr, x]) => [nr, x.serial])).toEqual([[1, a.serial], [2, b.serial], [3, t.serial]]);
    expect(tasksInPidNs(k.initPidNs).map(([nr]) => nr)).toEqual([1, 2, 3, 4]);
    expect(pidNsPath(b.pid.ns)).toEqual([k.initPidNs, a.pid.ns]);
    k.exit(b);
    k.exit(t);
    expect(pidNrNs(b, a.pid.ns)).toBe(0);
    expect(findTaskByPidNs(a.pid.ns, 2)).toBeUndefined();
    expect(tasksInPidNs(a.pid.ns).map(([nr]) => nr)).toEqual([1]);
  });
});
