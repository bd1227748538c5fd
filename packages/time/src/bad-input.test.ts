/**
 * The time calls refuse garbage and change nothing (docs/core.md, "Arguments
 * and errors"): a text that is not a string or bytes, a task that is not one,
 * has exited or is another kernel's, a clock id or a clock advance that is
 * not an integer.
 */
import { describe, it } from 'vitest';
import { CLONE_NEWTIME, Kernel } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { expectRefused } from '@nsproxy/testkit';
import { advanceClocks, clockGettime, readTimensOffsets, timeNamespaceType, writeTimensOffsets } from './index.ts';
import { boot } from '../test/helpers.ts';

function world(): { kernel: Kernel; a: Task; zombie: Task; foreign: Task } {
  const { kernel, init } = boot();
  const a = kernel.clone(init, 0);
  kernel.unshare(a, CLONE_NEWTIME);
  const p = kernel.clone(init, 0);
  const zombie = kernel.clone(p, 0);
  kernel.exit(zombie);
  return { kernel, a, zombie, foreign: new Kernel({ namespaces: [timeNamespaceType] }).initTask };
}

const NOT_TEXTS: readonly unknown[] = [null, undefined, 5, 0n, {}, [], true, ['1 1 0']];
const NOT_TASKS: readonly unknown[] = [null, undefined, {}, 'init', 1];

describe('time calls refuse garbage', () => {
  it.each(NOT_TEXTS.map((v) => [String(v), v]))('writeTimensOffsets(text: %s)', (_t, v) => {
    const w = world();
    expectRefused(w.kernel, () => writeTimensOffsets(w.kernel, w.a, w.a, v as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'text' });
  });

  it.each(NOT_TASKS.map((v) => [String(v), v]))('writeTimensOffsets and readTimensOffsets(task: %s), clockGettime(task: %s)', (_t, v) => {
    const w = world();
    expectRefused(w.kernel, () => writeTimensOffsets(w.kernel, w.a, v as never, 'monotonic 1 0'), { code: 'ERR_INVALID_ARG_TYPE', param: 'task' });
    expectRefused(w.kernel, () => writeTimensOffsets(w.kernel, v as never, w.a, 'monotonic 1 0'), { code: 'ERR_INVALID_ARG_TYPE', param: 'writer' });
    expectRefused(w.kernel, () => readTimensOffsets(w.kernel, v as never, w.a), { code: 'ERR_INVALID_ARG_TYPE', param: 'reader' });
    expectRefused(w.kernel, () => clockGettime(w.kernel, v as never, 1), { code: 'ERR_INVALID_ARG_TYPE', param: 'task' });
  });

  it('by a zombie, by another kernel\'s task, with no kernel; a bad clock id or advance', () => {
    const w = world();
    expectRefused(w.kernel, () => writeTimensOffsets(w.kernel, w.zombie, w.a, 'monotonic 1 0'), { code: 'ERR_TASK_EXITED', param: 'writer' });
    expectRefused(w.kernel, () => writeTimensOffsets(w.kernel, w.foreign, w.a, 'monotonic 1 0'), { code: 'ERR_TASK_OTHER_KERNEL', param: 'writer' });
    expectRefused(w.kernel, () => writeTimensOffsets(w.kernel, w.a, w.foreign, 'monotonic 1 0'), { code: 'ERR_TASK_OTHER_KERNEL', param: 'task' });
    expectRefused(w.kernel, () => writeTimensOffsets(null as never, w.a, w.a, 'monotonic 1 0'), { code: 'ERR_INVALID_ARG_TYPE', param: 'kernel' });
    expectRefused(w.kernel, () => clockGettime(w.kernel, w.a, 1.5), { code: 'ERR_INVALID_ARG_TYPE', param: 'clockid' });
    expectRefused(w.kernel, () => advanceClocks(w.kernel, 0.5), { code: 'ERR_INVALID_ARG_TYPE', param: 'ns' });
    expectRefused(w.kernel, () => advanceClocks(w.kernel, -1n), { code: 'ERR_INVALID_ARG_VALUE', param: 'ns' });
    expectRefused(w.kernel, () => advanceClocks(null as never, 1), { code: 'ERR_INVALID_ARG_TYPE', param: 'kernel' });
    expectRefused(w.kernel, () => writeTimensOffsets(w.kernel, w.a, w.a, 'realtime 1 0'), { errno: 'EINVAL', rule: 'X1.5' });
  });
});
