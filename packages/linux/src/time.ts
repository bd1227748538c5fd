/**
 * The time ops on the real kernel (`@nsproxy/time`'s specs): the driver side.
 * `timens-offsets`, `timens-offset` and `timens-write` read and write the
 * target's /proc/<pid>/timens_offsets as the actor, through the agent's
 * generic `read` and `write` requests (open, one read or write, close).
 *
 * `clock <clock>` is made deterministic by bracketing: the host agent reads
 * the clock, the actor reads it (clock_gettime through its vDSO, so with its
 * time namespace's offsets), the host agent reads it again. The host agent is
 * in the time namespace the world's was copied from (it cloned `init` with
 * CLONE_NEWTIME, and the world's namespace has its offsets), so the actor's
 * reading minus the first host reading is the actor's offset plus the time
 * the request took; rounded to the nearest second (halves up), that is the
 * offset, as the model computes it. A bracket wider than a tenth of a second
 * is a runner error (the answer could depend on timing).
 */
import type { StepResult } from '@nsproxy/scenario/contract';
import { formatFileText } from '@nsproxy/scenario/contract';
import { StepError, arg, need } from './step-error.ts';

/** The ops of the time area (`@nsproxy/time`'s TIME_OPS) that this backend implements: all of them. */
export const TIME_OP_NAMES: readonly string[] = ['timens-offsets', 'timens-offset', 'timens-write', 'clock'];

/** The clock ids of `clock <name>` (include/uapi/linux/time.h). */
export const CLOCK_IDS: Readonly<Record<string, number>> = Object.freeze({
  realtime: 0,
  monotonic: 1,
  monotonic_raw: 4,
  realtime_coarse: 5,
  monotonic_coarse: 6,
  boottime: 7,
  tai: 11,
});

/** The widest bracket of host readings around the actor's (ns): beyond it the rounding could go either way. */
export const CLOCK_BRACKET_NS = 100_000_000n;

const NSEC_PER_SEC = 1_000_000_000n;

/** What the session gives the time ops. */
export interface TimeOpContext {
  /** A request to the acting task's agent. */
  ask(request: string, args: readonly (string | number)[]): Promise<StepResult>;
  /** A request to the host agent (in the namespaces the world was made from). */
  host(request: string, args: readonly (string | number)[]): Promise<StepResult>;
  /** A /proc path of a target task (`/proc/<pid>/<rest>`), or the result when the target is not there. */
  procPath(name: string, rest: string, whenGone: string): { path: string } | { result: StepResult };
}

/** An agent's `clock` answer, `<sec> <nsec>`, in nanoseconds. */
export function parseClock(text: string): bigint {
  const m = /^(-?\d+) (\d+)$/.exec(text);
  if (!m) throw new Error(`bad clock answer '${text}'`);
  return BigInt(m[1] ?? '0') * NSEC_PER_SEC + BigInt(m[2] ?? '0');
}

/** A difference in nanoseconds as whole seconds, rounded to the nearest (halves up), as the model rounds. */
export function roundSeconds(ns: bigint): number {
  const shifted = ns + NSEC_PER_SEC / 2n;
  const floor = shifted >= 0n ? shifted / NSEC_PER_SEC : -((-shifted + NSEC_PER_SEC - 1n) / NSEC_PER_SEC);
  return Number(floor);
}

async function hostClock(ctx: TimeOpContext, id: number): Promise<bigint> {
  const r = await ctx.host('clock', [id]);
  if (r.kind !== 'text') throw new Error(`the host agent cannot read clock ${id}: ${JSON.stringify(r)}`);
  return parseClock(r.value);
}

/** Runs a time op, or returns undefined when `op` is not one. */
export async function runTimeOp(op: string, args: readonly string[], ctx: TimeOpContext): Promise<StepResult | undefined> {
  switch (op) {
    case 'timens-offsets': {
      need(args, 1, 1, 'timens-offsets <task>');
      const at = ctx.procPath(arg(args, 0), 'timens_offsets', 'ENOENT');
      if ('result' in at) return at.result;
      const result = await ctx.ask('read', [at.path]);
      return result.kind === 'text' ? { kind: 'text', value: formatFileText(result.value) } : result;
    }
    case 'timens-offset': {
      need(args, 4, 4, 'timens-offset <task> <clock> <secs> <nsecs>');
      const at = ctx.procPath(arg(args, 0), 'timens_offsets', 'ENOENT');
      if ('result' in at) return at.result;
      return ctx.ask('write', [at.path, `${arg(args, 1)} ${arg(args, 2)} ${arg(args, 3)}\n`]);
    }
    case 'timens-write': {
      need(args, 2, 2, 'timens-write <task> <lines>');
      const at = ctx.procPath(arg(args, 0), 'timens_offsets', 'ENOENT');
      if ('result' in at) return at.result;
      return ctx.ask('write', [at.path, arg(args, 1).split(';').join('\n')]);
    }
    case 'clock': {
      need(args, 1, 1, 'clock <clock>');
      const id = CLOCK_IDS[arg(args, 0)];
      if (id === undefined) throw new StepError(`unknown clock '${arg(args, 0)}'`);
      const before = await hostClock(ctx, id);
      const mine = await ctx.ask('clock', [id]);
      if (mine.kind !== 'text') return mine;
      const after = await hostClock(ctx, id);
      if (after - before > CLOCK_BRACKET_NS) throw new StepError(`the clock reading took ${after - before} ns, too long to round it to seconds reliably`);
      return { kind: 'int', value: roundSeconds(parseClock(mine.value) - before) };
    }
    default:
      return undefined;
  }
}
