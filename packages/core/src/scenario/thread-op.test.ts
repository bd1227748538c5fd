/**
 * The `thread` extension op of core's scenario area (clone with
 * CLONE_THREAD|CLONE_SIGHAND|CLONE_VM), and what a thread reads through
 * /proc/self: the thread group's directory, so the leader's namespaces
 * (proc_self_get_link gives the tgid; Linux shows it so, see
 * corpus/core/thread-setns-moves-caller-only.nss).
 */
import { describe, expect, it } from 'vitest';
import { nestedPidType } from '../../test/nested-types.ts';
import { toyType } from '../../test/toy-types.ts';
import { simStep } from '../../test/sim-step.ts';
import { defineSimArea } from './area.ts';
import { coreArea } from './core-area.ts';
import { SimWorld } from './world.ts';

/** A world with a pid type (so init is pid 1 of its own namespace, as in a run) and a flat type, `toy`. */
function world(): SimWorld {
  return new SimWorld([coreArea, defineSimArea({ name: 'toys', types: [nestedPidType, toyType], ops: [], sim: {} })]);
}

const step = simStep;

describe('the thread op', () => {
  it('makes a thread of the actor\'s process: a tid of its own, the group\'s pid and parent', () => {
    const w = world();
    expect(step(w, 'init', 'clone', 'a', '-')).toEqual({ kind: 'int', value: 2 });
    expect(step(w, 'a', 'thread', 't')).toEqual({ kind: 'int', value: 3 });
    const a = w.task('a');
    const t = w.task('t');
    expect(t?.leader).toBe(a);
    expect(step(w, 't', 'getpid')).toEqual({ kind: 'int', value: 2 });
    expect(step(w, 't', 'getppid')).toEqual({ kind: 'int', value: 1 });
    expect(step(w, 'init', 'pid', 't')).toEqual({ kind: 'int', value: 3 });
  });

  it('gives the thread a copy of the actor\'s kept fds', () => {
    const w = world();
    step(w, 'init', 'clone', 'a', '-');
    expect(step(w, 'a', 'open', 'a', 'toy', 'f')).toEqual({ kind: 'ok' });
    step(w, 'a', 'thread', 't');
    expect(step(w, 't', 'close', 'f')).toEqual({ kind: 'ok' });
    expect(step(w, 't', 'close', 'f')).toEqual({ kind: 'errno', code: 'EBADF' });
    expect(step(w, 'a', 'fdns', 'f')).toMatchObject({ kind: 'ns', type: 'toy' });
  });

  it('ns of a thread reads /proc/self: its leader\'s namespace, while nsof reads its own', () => {
    const w = world();
    step(w, 'init', 'clone', 'a', 'toy');
    step(w, 'init', 'clone', 'b', '-');
    step(w, 'b', 'thread', 't');
    expect(step(w, 't', 'setns', 'a', 'toy')).toEqual({ kind: 'ok' });
    const own = step(w, 'init', 'nsof', 't', 'toy');
    const leader = step(w, 'init', 'nsof', 'b', 'toy');
    expect(own).not.toEqual(leader);
    expect(step(w, 't', 'ns', 'toy')).toEqual(leader);
    expect(step(w, 'b', 'ns', 'toy')).toEqual(leader);
  });
});

describe('the thread op with sighand,vm', () => {
  it('makes a process of its own, a child of the actor, that shares its signal handlers', () => {
    const w = world();
    step(w, 'init', 'clone', 'a', '-');
    const pid = step(w, 'a', 'thread', 'p', 'sighand,vm');
    expect(step(w, 'p', 'getpid')).toEqual(pid);
    expect(step(w, 'p', 'getppid')).toEqual(step(w, 'init', 'pid', 'a'));
    expect(w.task('p')?.leader).toBe(w.task('p'));
    expect(w.task('p')?.sighand).toBe(w.task('a')?.sighand);
  });
});
