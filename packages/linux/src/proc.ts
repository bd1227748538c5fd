/** What the driver reads of a process in the host's /proc. */
import { readFileSync } from 'node:fs';

/** PF_EXITING in the flags field of /proc/<pid>/stat: the process is in do_exit(). */
const PF_EXITING = 0x4;
const SIGKILL_BIT = 1n << 8n;

/** A process as /proc/<pid>/stat shows it, or `undefined` when it is gone. */
export interface ProcStat {
  /** One letter: R S D T t Z X ... */
  readonly state: string;
  readonly exiting: boolean;
  /** Start time in clock ticks since boot: with the pid, identifies the process. */
  readonly startTime: string;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function readStat(pid: number): ProcStat | undefined {
  const text = readOrUndefined(`/proc/${pid}/stat`);
  if (text === undefined) return undefined;
  // The command name is in parentheses and may itself hold spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0] ?? '?';
  const flags = Number(fields[6] ?? 0);
  return { state, exiting: (flags & PF_EXITING) !== 0, startTime: fields[19] ?? '' };
}

/** The signals pending for a process and not blocked (thread and process queues). */
export function pendingSignals(pid: number): bigint | undefined {
  const text = readOrUndefined(`/proc/${pid}/status`);
  if (text === undefined) return undefined;
  const field = (name: string): bigint => {
    const match = new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(text);
    return match?.[1] === undefined ? 0n : BigInt(`0x${match[1]}`);
  };
  return (field('SigPnd') | field('ShdPnd')) & ~field('SigBlk');
}

/** The CapEff field of /proc/<pid>/status. */
export function effectiveCaps(pid: number): bigint | undefined {
  const text = readOrUndefined(`/proc/${pid}/status`);
  const match = text === undefined ? null : /^CapEff:\s*([0-9a-f]+)$/m.exec(text);
  return match?.[1] === undefined ? undefined : BigInt(`0x${match[1]}`);
}

/** Whether a stopped state letter. */
export function isStopped(stat: ProcStat): boolean {
  return stat.state === 'T' || stat.state === 't';
}

/** Whether a zombie (or dead) state letter. */
export function isZombie(stat: ProcStat): boolean {
  return stat.state === 'Z' || stat.state === 'X' || stat.state === 'x';
}

/**
 * Whether nothing asynchronous is still under way for this process: it is not
 * exiting, and no signal waits for delivery (a stopped process may keep
 * signals pending until SIGCONT, except SIGKILL, which wakes it).
 */
export function isQuiet(pid: number, stat: ProcStat): boolean {
  if (stat.exiting || isZombie(stat)) return false;
  const pending = pendingSignals(pid);
  if (pending === undefined) return false;
  return isStopped(stat) ? (pending & SIGKILL_BIT) === 0n : pending === 0n;
}
