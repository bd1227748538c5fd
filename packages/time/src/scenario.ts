/**
 * `@nsproxy/time/scenario`: the time scenario area, the format's Time section
 * (`timens-offsets`, `timens-offset`, `timens-write`, `clock`) on the
 * simulated kernel. Compose it with `coreArea` from `@nsproxy/core/scenario`.
 *
 * `clock <clock>` answers in whole seconds relative to the world's base: the
 * actor's clock_gettime minus the same clock read by the world's host task
 * (the task of the initial namespaces that cloned `init`, whose time
 * namespace has the offsets `init`'s was copied with), rounded to the nearest
 * second (halves up). The real backend brackets the actor's reading with its
 * host agent's the same way, so both answer the actor's offset.
 */
import { OK, defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea, SimWorld } from '@nsproxy/core/scenario';
import type { Task } from '@nsproxy/core';
import { opSpec } from '@nsproxy/scenario';
import type { ArgKind, OpSpec } from '@nsproxy/scenario';
import { formatFileText } from '@nsproxy/scenario/contract';
import type { StepResult } from '@nsproxy/scenario/contract';
import { CLOCK, NSEC_PER_SEC, clockGettime, readTimensOffsets, timeNamespaceType, timeRules, writeTimensOffsets } from './index.ts';
import type { Timespec } from './index.ts';

/** The clocks the `clock` op reads, by the name it takes (CLOCK_<NAME> lowercased). */
export const CLOCK_NAMES: Readonly<Record<string, number>> = Object.freeze({
  realtime: CLOCK.REALTIME,
  monotonic: CLOCK.MONOTONIC,
  monotonic_raw: CLOCK.MONOTONIC_RAW,
  realtime_coarse: CLOCK.REALTIME_COARSE,
  monotonic_coarse: CLOCK.MONOTONIC_COARSE,
  boottime: CLOCK.BOOTTIME,
  tai: CLOCK.TAI,
});

const DECIMAL = /^-?[0-9]{1,20}$/;

/** The clock word of a record: any word the kernel's `%9s` may read (`monotonic`, `boottime`, `1`, `7`, and wrong ones). */
export const OFFSET_CLOCK: ArgKind = {
  describe: 'a clock word (monotonic, boottime, 1, 7, or another word, which the kernel refuses)',
  validate: (value) => (/^[^\s;"]{1,32}$/.test(value) ? undefined : { message: `expected a clock word such as monotonic or boottime, found '${value}'` }),
  // Machine-independent: each gives the same answer whatever the machine's uptime.
  samples: ['monotonic', 'boottime', '1', '7', 'realtime', '0'],
};

/** Seconds of an offset, as `%lld` reads them: decimal, maybe negative, at most 20 digits. */
export const OFFSET_SECS: ArgKind = {
  describe: 'seconds (decimal, maybe negative)',
  validate: (value) => (DECIMAL.test(value) ? undefined : { message: `expected decimal seconds, found '${value}'` }),
  // 0 and positive offsets are valid everywhere; -9223372036 and 4611686018 put any clock out of
  // range, -1000000000000 and 9223372037 are beyond KTIME_SEC_MAX: ERANGE on every machine.
  samples: ['0', '1', '3600', '86400', '-1000000000000', '-9223372036', '4611686018', '9223372037'],
};

/** Nanoseconds of an offset, as `%lu` reads them (a `-` is malformed there). */
export const OFFSET_NSECS: ArgKind = {
  describe: 'nanoseconds (decimal)',
  validate: (value) => (DECIMAL.test(value) ? undefined : { message: `expected decimal nanoseconds, found '${value}'` }),
  samples: ['0', '1', '999999999', '1000000000', '-1'],
};

/** The raw text of a write, lines joined by `;`. */
export const OFFSET_TEXT: ArgKind = {
  describe: 'the text of a write, lines joined by ;',
  validate: (value) => (value.includes('\n') ? { message: 'join the lines with ;' } : undefined),
  samples: ['monotonic 3600 0', 'boottime 86400 0;monotonic 60 0', '1 10 0;7 20 0;x', 'realtime 1 0', '1 10 -10', '1 10', 'monotonicX 1 0', '', 'not an offset'],
};

/** The specs of the Time section. */
export const TIME_OPS: readonly OpSpec[] = [
  opSpec('time', 'timens-offsets <task>', 1, ['task']),
  opSpec('time', 'timens-offset <task> <clock> <secs> <nsecs>', 4, ['task', OFFSET_CLOCK, OFFSET_SECS, OFFSET_NSECS]),
  opSpec('time', 'timens-write <task> <lines>', 2, ['task', OFFSET_TEXT]),
  opSpec('time', 'clock <clock>', 1, [{ oneOf: Object.keys(CLOCK_NAMES) }]),
];

/** A target of a /proc file: the live task, or ENOENT. */
function procTarget(world: SimWorld, name: string): Task | StepResult {
  return world.task(name) ?? { kind: 'errno', code: 'ENOENT' };
}

function isTask(t: Task | StepResult): t is Task {
  return !('kind' in t);
}

/** Nanoseconds of a timespec. */
function nanos(t: Timespec): bigint {
  return t.sec * NSEC_PER_SEC + t.nsec;
}

/** A difference in nanoseconds as whole seconds, rounded to the nearest (halves up). */
export function roundSeconds(ns: bigint): number {
  const half = NSEC_PER_SEC / 2n;
  const shifted = ns + half;
  const floor = shifted >= 0n ? shifted / NSEC_PER_SEC : -((-shifted + NSEC_PER_SEC - 1n) / NSEC_PER_SEC);
  return Number(floor);
}

/** The time scenario area. */
export const timeArea: SimArea = defineSimArea({
  name: 'time',
  types: [timeNamespaceType],
  ops: TIME_OPS,
  rules: timeRules,
  sim: {
    'timens-offsets'(world, actor, [name = '']) {
      const t = procTarget(world, name);
      if (!isTask(t)) return t;
      return { kind: 'text', value: formatFileText(readTimensOffsets(world.kernel, actor, t)) };
    },
    'timens-offset'(world, actor, [name = '', clock = '', secs = '', nsecs = '']) {
      const t = procTarget(world, name);
      if (!isTask(t)) return t;
      writeTimensOffsets(world.kernel, actor, t, `${clock} ${secs} ${nsecs}\n`);
      return OK;
    },
    'timens-write'(world, actor, [name = '', lines = '']) {
      const t = procTarget(world, name);
      if (!isTask(t)) return t;
      writeTimensOffsets(world.kernel, actor, t, lines.split(';').join('\n'));
      return OK;
    },
    clock(world, actor, [name = '']) {
      const id = CLOCK_NAMES[name];
      if (id === undefined) throw new Error(`clock: unknown clock '${name}'`);
      const mine = clockGettime(world.kernel, actor, id);
      const base = clockGettime(world.kernel, world.host, id);
      return { kind: 'int', value: roundSeconds(nanos(mine) - nanos(base)) };
    },
  },
});
