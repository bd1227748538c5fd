/**
 * The uts calls refuse garbage and change nothing (docs/core.md, "Arguments
 * and errors"): a name that is not a string, a task that is not one, has
 * exited or is another kernel's.
 */
import { describe, it } from 'vitest';
import { CLONE_NEWUTS, Kernel } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { expectRefused } from '@nsproxy/testkit';
import { setdomainname, sethostname, uname } from './index.ts';
import { boot } from '../test/helpers.ts';
import { utsNamespaceType } from './index.ts';

function world(): { kernel: Kernel; a: Task; zombie: Task; foreign: Task } {
  const { kernel, init } = boot();
  const a = kernel.clone(init, CLONE_NEWUTS);
  const p = kernel.clone(init, 0);
  const zombie = kernel.clone(p, 0);
  kernel.exit(zombie);
  return { kernel, a, zombie, foreign: new Kernel({ namespaces: [utsNamespaceType] }).initTask };
}

const SETTERS = [['sethostname', sethostname], ['setdomainname', setdomainname]] as const;
const NOT_STRINGS: readonly unknown[] = [null, undefined, 5, 0n, {}, [], true, ['x'], new Uint8Array([0x61])];
const NOT_TASKS: readonly unknown[] = [null, undefined, {}, 'init', 1];

describe('uts calls refuse garbage', () => {
  for (const [name, set] of SETTERS) {
    it.each(NOT_STRINGS.map((v) => [String(v), v]))(`${name}(name: %s) (once a plain TypeError)`, (_t, v) => {
      const w = world();
      expectRefused(w.kernel, () => set(w.kernel, w.a, v as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'name' });
    });
    it.each(NOT_TASKS.map((v) => [String(v), v]))(`${name}(task: %s)`, (_t, v) => {
      const w = world();
      expectRefused(w.kernel, () => set(w.kernel, v as never, 'x'), { code: 'ERR_INVALID_ARG_TYPE', param: 'task' });
    });
    it(`${name} by a zombie, by another kernel's task, with no kernel`, () => {
      const w = world();
      expectRefused(w.kernel, () => set(w.kernel, w.zombie, 'x'), { code: 'ERR_TASK_EXITED', param: 'task' });
      expectRefused(w.kernel, () => set(w.kernel, w.foreign, 'x'), { code: 'ERR_TASK_OTHER_KERNEL', param: 'task' });
      expectRefused(w.kernel, () => set(null as never, w.a, 'x'), { code: 'ERR_INVALID_ARG_TYPE', param: 'kernel' });
      expectRefused(w.kernel, () => set(w.kernel, w.a, 'x'.repeat(65)), { errno: 'EINVAL' });
    });
  }
  it.each(NOT_TASKS.map((v) => [String(v), v]))('uname(task: %s)', (_t, v) => {
    const w = world();
    expectRefused(w.kernel, () => uname(w.kernel, v as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'task' });
  });
});
