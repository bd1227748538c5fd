/**
 * The time ops: what each asks the agents and how their answers read,
 * without a kernel (the corpus in packages/scenario/corpus/time runs them on
 * the real kernel against the model).
 */
import type { StepResult } from '@nsproxy/scenario/contract';
import { describe, expect, it } from 'vitest';
import { StepError } from './step-error.ts';
import { SUPPORTED_OPS } from './tables.ts';
import type { TimeOpContext } from './time.ts';
import { CLOCK_BRACKET_NS, CLOCK_IDS, TIME_OP_NAMES, parseClock, roundSeconds, runTimeOp } from './time.ts';

/** A context whose agents answer from queues, recording the requests. */
function fakeContext(actor: StepResult[], host: StepResult[] = []): { ctx: TimeOpContext; asked: (string | number)[][] } {
  const asked: (string | number)[][] = [];
  const ctx: TimeOpContext = {
    ask: (op, args) => {
      asked.push(['actor', op, ...args]);
      return Promise.resolve(actor.shift() ?? { kind: 'ok' });
    },
    host: (op, args) => {
      asked.push(['host', op, ...args]);
      return Promise.resolve(host.shift() ?? { kind: 'ok' });
    },
    procPath: (task, rest, whenGone) => (task === 'gone' ? { result: { kind: 'errno', code: whenGone } } : { path: `/proc/100/${rest}` }),
  };
  return { ctx, asked };
}

const text = (value: string): StepResult => ({ kind: 'text', value });

describe('time ops', () => {
  it('are all supported', () => {
    for (const op of TIME_OP_NAMES) expect(SUPPORTED_OPS.has(op), op).toBe(true);
    expect(TIME_OP_NAMES).toEqual(['timens-offsets', 'timens-offset', 'timens-write', 'clock']);
  });

  it('read and write the target\'s timens_offsets as the actor, with the bytes the model writes', async () => {
    const { ctx, asked } = fakeContext([text('monotonic           5         0\nboottime            0         0\n')]);
    expect(await runTimeOp('timens-offsets', ['a'], ctx)).toEqual(text('monotonic 5 0;boottime 0 0'));
    await runTimeOp('timens-offset', ['a', 'monotonic', '5', '0'], ctx);
    await runTimeOp('timens-write', ['a', '1 10 0;7 20 0'], ctx);
    expect(asked).toEqual([
      ['actor', 'read', '/proc/100/timens_offsets'],
      ['actor', 'write', '/proc/100/timens_offsets', 'monotonic 5 0\n'],
      ['actor', 'write', '/proc/100/timens_offsets', '1 10 0\n7 20 0'],
    ]);
  });

  it('answer ENOENT for a target that is gone, without asking', async () => {
    const { ctx, asked } = fakeContext([]);
    expect(await runTimeOp('timens-offsets', ['gone'], ctx)).toEqual({ kind: 'errno', code: 'ENOENT' });
    expect(await runTimeOp('timens-offset', ['gone', '1', '1', '0'], ctx)).toEqual({ kind: 'errno', code: 'ENOENT' });
    expect(asked).toEqual([]);
  });

  it('clock: the actor\'s reading minus the host\'s first one, rounded to seconds; the host reads before and after', async () => {
    const { ctx, asked } = fakeContext([text('3700 600000000')], [text('100 200000000'), text('100 200300000')]);
    expect(await runTimeOp('clock', ['boottime'], ctx)).toEqual({ kind: 'int', value: 3600 });
    expect(asked).toEqual([['host', 'clock', CLOCK_IDS['boottime'] ?? -1], ['actor', 'clock', 7], ['host', 'clock', 7]]);
  });

  it('clock: a bracket wider than the limit is a runner error; an errno of the actor is the result', async () => {
    const wide = fakeContext([text('5 0')], [text('1 0'), text(`1 ${CLOCK_BRACKET_NS + 1n}`)]);
    await expect(runTimeOp('clock', ['monotonic'], wide.ctx)).rejects.toThrow(StepError);
    const failing = fakeContext([{ kind: 'errno', code: 'EINVAL' }], [text('1 0')]);
    expect(await runTimeOp('clock', ['tai'], failing.ctx)).toEqual({ kind: 'errno', code: 'EINVAL' });
    await expect(runTimeOp('clock', ['uptime'], failing.ctx)).rejects.toThrow(StepError);
  });

  it('round halves up, below zero too, as the model does', () => {
    expect(roundSeconds(1_499_999_999n)).toBe(1);
    expect(roundSeconds(1_500_000_000n)).toBe(2);
    expect(roundSeconds(-1_500_000_000n)).toBe(-1);
    expect(roundSeconds(-1_500_000_001n)).toBe(-2);
    expect(parseClock('-3 5')).toBe(-2_999_999_995n);
    expect(() => parseClock('x')).toThrow();
  });

  it('leave other ops alone', async () => {
    const { ctx } = fakeContext([]);
    expect(await runTimeOp('hostname', [], ctx)).toBeUndefined();
  });
});
