/**
 * The model's public boundary: argument checks every system call (the
 * `Kernel` facade and each type package's exported calls) runs before it
 * looks at anything, so that a bad argument changes nothing. No Linux
 * counterpart (a C caller's arguments have their C types already); the
 * policy is docs/core.md, "Arguments and errors":
 *
 * - a value of a wrong JavaScript type, which C cannot pass (a string where
 *   an int is expected, a bigint flag, null for a task, 1.5 or NaN for an
 *   id), is an `InvalidArgumentError` (a `TypeError`) with code
 *   `ERR_INVALID_ARG_TYPE` naming the call and the parameter;
 * - a value C can pass but the call refuses (an unknown flag bit, an id
 *   outside uid_t, a negative fd) is the call's own errno, as Linux gives it
 *   (a `KernelError`, usually `EINVAL`);
 * - a configuration value out of its range (`new Kernel({ maxNamespaces: -1 })`)
 *   is `ERR_INVALID_ARG_VALUE` (no system call, so no errno);
 * - a calling task that has exited is `ERR_TASK_EXITED`, a task of another
 *   kernel `ERR_TASK_OTHER_KERNEL` (both `InvalidArgumentError`: no Linux
 *   task can make a call after its exit).
 */
import { fail } from './errors.ts';
import type { Kernel } from './kernel.ts';
import { Task } from './task.ts';

/** The codes of `InvalidArgumentError`. */
export type InvalidArgumentCode = 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE' | 'ERR_TASK_EXITED' | 'ERR_TASK_OTHER_KERNEL';

/**
 * A call of the model's API with an argument no C caller could pass, a
 * calling task that has exited, or a task of another kernel: thrown before
 * anything changed. `.syscall` is the call (`clone`, `sethostname`),
 * `.param` the parameter (`flags`, `task`, `options.pidfd`).
 */
export class InvalidArgumentError extends TypeError {
  override readonly name = 'InvalidArgumentError';
  readonly code: InvalidArgumentCode;
  readonly syscall: string;
  readonly param: string;

  constructor(code: InvalidArgumentCode, syscall: string, param: string, message: string, options?: { cause?: unknown }) {
    super(`${syscall}: ${message}`, options);
    this.code = code;
    this.syscall = syscall;
    this.param = param;
  }
}

/** Whether a value is an InvalidArgumentError (optionally with that code). */
export function isInvalidArgumentError(e: unknown, code?: InvalidArgumentCode): e is InvalidArgumentError {
  return e instanceof InvalidArgumentError && (code === undefined || e.code === code);
}

/** A short description of a value for a message: `null`, `a string ("x")`, `1.5`, `a bigint (10n)`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'string':
      return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)})`;
    case 'bigint':
      return `a bigint (${v}n)`;
    case 'boolean':
      return `a boolean (${v})`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      return Array.isArray(v) ? 'an array' : `an object (${(v as { constructor?: { name?: string } }).constructor?.name ?? 'null prototype'})`;
  }
}

/** Throws ERR_INVALID_ARG_TYPE: `<syscall>: <param> must be <what>, got <value>`. */
export function badArgument(syscall: string, param: string, what: string, value: unknown): never {
  throw new InvalidArgumentError('ERR_INVALID_ARG_TYPE', syscall, param, `${param} must be ${what}, got ${describeValue(value)}`);
}

/** Throws ERR_INVALID_ARG_VALUE: `<syscall>: <param> must be <what>, got <value>`. */
export function badValue(syscall: string, param: string, what: string, value: unknown): never {
  throw new InvalidArgumentError('ERR_INVALID_ARG_VALUE', syscall, param, `${param} must be ${what}, got ${describeValue(value)}`);
}

/** A task of this kernel (alive or not): the target of an inspection, or of a call that handles exited targets itself. */
export function checkTask(k: Kernel, task: unknown, syscall: string, param = 'task'): asserts task is Task {
  if (!(task instanceof Task)) badArgument(syscall, param, 'a Task', task);
  if (task.kernel !== k) {
    if (typeof k !== 'object' || k === null || !('initTask' in k)) badArgument(syscall, 'kernel', 'a Kernel', k);
    throw new InvalidArgumentError('ERR_TASK_OTHER_KERNEL', syscall, param, `${param} belongs to another kernel`);
  }
}

/**
 * The model's guard at every system call entry: the calling task is a Task
 * of this kernel that has not exited (running or stopped).
 */
export function checkAlive(k: Kernel, task: unknown, syscall: string, param = 'task'): asserts task is Task {
  checkTask(k, task, syscall, param);
  if (!task.alive) {
    throw new InvalidArgumentError('ERR_TASK_EXITED', syscall, param, `${param} ${task.serial} (${task.comm}) has exited`);
  }
}

/** A number with an integer value (C has no 1.5, NaN or Infinity); its range is the call's to check. */
export function checkInt(value: unknown, syscall: string, param: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) badArgument(syscall, param, 'an integer', value);
}

/** An optional integer (undefined: the default). */
export function checkOptInt(value: unknown, syscall: string, param: string): asserts value is number | undefined {
  if (value !== undefined) checkInt(value, syscall, param);
}

/** A string. */
export function checkString(value: unknown, syscall: string, param: string): asserts value is string {
  if (typeof value !== 'string') badArgument(syscall, param, 'a string', value);
}

/** A string or the bytes of one (what a write(2) of a /proc file takes). */
export function checkData(value: unknown, syscall: string, param: string): asserts value is string | Uint8Array {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) badArgument(syscall, param, 'a string or a Uint8Array', value);
}

/** A boolean. */
export function checkBoolean(value: unknown, syscall: string, param: string): asserts value is boolean {
  if (typeof value !== 'boolean') badArgument(syscall, param, 'a boolean', value);
}

/** A bigint (a capability set). */
export function checkBigint(value: unknown, syscall: string, param: string): asserts value is bigint {
  if (typeof value !== 'bigint') badArgument(syscall, param, 'a bigint', value);
}

/** An options object (undefined: none). */
export function checkOptions(value: unknown, syscall: string, param = 'options'): asserts value is object | undefined {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    badArgument(syscall, param, 'an object', value);
  }
}

/** The calls whose flags `checkFlags` checks. */
export type FlagsCall = 'clone' | 'unshare' | 'setns' | 'pidfd_open';

/**
 * Flags: an integer (C has no 1.5 or 10n), as a u64 (clone_args.flags; the
 * model's unshare and setns take the same width, for third-party types'
 * bits above 2^32). A negative number or one of 2^64 and up has bits no
 * flag has: EINVAL, as an unknown flag is (the rule of each call's
 * unknown-flag check).
 */
export function checkFlags(value: unknown, syscall: FlagsCall, param = 'flags'): asserts value is number {
  checkInt(value, syscall, param);
  if (value < 0 || value >= 2 ** 64) {
    const detail = `${param}: unknown flag bits`;
    if (syscall === 'clone') fail('EINVAL', syscall, detail, 'F1.11');
    if (syscall === 'unshare') fail('EINVAL', syscall, detail, 'F2.1');
    if (syscall === 'setns') fail('EINVAL', syscall, detail, 'C8.3');
    fail('EINVAL', syscall, detail, 'C9.3');
  }
}

/** A uid_t or gid_t as the set*id calls take it: -1 (or 2^32 - 1, the same uid_t) keeps; anything outside uid_t is EINVAL. */
export function checkId(value: unknown, syscall: string, param: string): asserts value is number {
  checkInt(value, syscall, param);
  if (value < -1 || value > 0xffffffff) fail('EINVAL', syscall, `${param} ${value} is not a uid_t`, 'K1.2');
}

