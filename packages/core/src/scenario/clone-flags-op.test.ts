/**
 * The flags argument of core's `clone` and `unshare` ops (the clone flags other
 * than CLONE_NEW*: `fs`, `files`, `parent`, ..., and raw bits Linux refuses),
 * and the contract's claim that the parser lets a clone with `vm`, `sighand`
 * or `thread` through only where the flags alone are refused: checked against
 * the model's copy_process.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CLONE_FLAG_WORDS, NS_TYPE_FLAGS, cloneFlagsArg, cloneRefusedByFlags, cloneSharingRefusal } from '@nsproxy/scenario/contract';
import { nestedPidType, nestedUserType } from '../../test/nested-types.ts';
import { simStep } from '../../test/sim-step.ts';
import { defineSimArea } from './area.ts';
import { coreArea } from './core-area.ts';
import { SimWorld } from './world.ts';

/** A world with user and pid types (init is pid 1 of its own namespace, as in a run). */
function world(): SimWorld {
  return new SimWorld([coreArea, defineSimArea({ name: 'types', types: [nestedUserType, nestedPidType], ops: [], sim: {} })]);
}

const step = simStep;

describe('clone and unshare with flags', () => {
  it('fs and files share the fs_struct and the fd table with the actor; unshare makes them private again', () => {
    const w = world();
    expect(step(w, 'init', 'clone', 'a', '-', 'fs,files')).toEqual({ kind: 'int', value: 2 });
    const init = w.task('init');
    const a = w.task('a');
    expect(a?.fs).toBe(init?.fs);
    expect(a?.files).toBe(init?.files);
    expect(step(w, 'a', 'unshare', '-', 'fs')).toEqual({ kind: 'ok' });
    expect(a?.fs).not.toBe(init?.fs);
    expect(a?.files).toBe(init?.files);
    expect(step(w, 'a', 'unshare', '-', 'files')).toEqual({ kind: 'ok' });
    expect(a?.files).not.toBe(init?.files);
  });

  it('parent gives the child its creator\'s parent, and is refused to an init (F1.4)', () => {
    const w = world();
    expect(step(w, 'init', 'clone', 'a', '-', 'parent')).toEqual({ kind: 'errno', code: 'EINVAL' });
    step(w, 'init', 'clone', 'a', '-');
    expect(step(w, 'a', 'clone', 'b', 'pid', 'parent')).toEqual({ kind: 'int', value: 3 });
    expect(w.task('b')?.parent).toBe(w.task('init'));
  });

  it('raw bits and clone-only words are EINVAL for unshare (F2.1), and nothing changes', () => {
    const w = world();
    step(w, 'init', 'clone', 'a', '-');
    const before = w.task('a')?.nsproxy;
    for (const flags of ['parent', 'clear_sighand', '0x11', '0x400000000']) {
      expect(step(w, 'a', 'unshare', 'pid', flags), flags).toEqual({ kind: 'errno', code: 'EINVAL' });
    }
    expect(w.task('a')?.nsproxy).toBe(before);
  });

  const words = Object.keys(CLONE_FLAG_WORDS);
  const SHARING = (CLONE_FLAG_WORDS.vm ?? 0n) | (CLONE_FLAG_WORDS.sighand ?? 0n) | (CLONE_FLAG_WORDS.thread ?? 0n);
  const raws = ['0x11', '0x400000', '0x400000000'];
  const types = ['user', 'pid', 'mnt'];
  const subset = (items: readonly string[]): fc.Arbitrary<string[]> => fc.subarray([...items]);

  test.prop([subset(types), subset(words), subset(raws)])('what the contract calls refused by the flags alone, the model refuses with EINVAL, creating nothing', (ts, ws, rs) => {
    const flags = [...ws, ...rs].join(',') || '-';
    const bits = cloneFlagsArg(flags) | ts.reduce((b, t) => b | BigInt(NS_TYPE_FLAGS[t] ?? 0), 0n);
    const w = world();
    const tasks = w.kernel.taskSet.size;
    const result = step(w, 'init', 'clone', 'a', ts.join(',') || '-', flags);
    if (cloneRefusedByFlags(bits)) {
      expect(result).toEqual({ kind: 'errno', code: 'EINVAL' });
      expect(w.kernel.taskSet.size).toBe(tasks);
    }
    // The parser's refusal: a clone that would share the creator's memory is never run.
    if (cloneSharingRefusal(bits) === undefined && (bits & SHARING) !== 0n) {
      expect(result).toMatchObject({ kind: 'errno' });
    }
  });
});
