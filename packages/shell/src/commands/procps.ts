/**
 * The process tools, reading the caller's /proc as the real ones do: ps(1)
 * and uptime(1) of procps-ng 4.0.2 (src/ps/*.c, src/uptime.c,
 * library/uptime.c), and pidof(8) of sysvinit-utils 3.06 (src/killall5.c
 * main_pidof), Debian 12's.
 *
 * No process of the machine has a terminal, so TTY is `?`, and BSD `a`
 * alone (processes with a terminal) selects none; the process running ps
 * is `R`, every other live one `S` (`T` stopped, `Z` a zombie), and none has
 * used any CPU time.
 */
import { KernelError, fromKuidMunged } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { lookup, readdir } from '@nsproxy/mnt';
import { CLOCK, clockGettime } from '@nsproxy/time';
import { HELP_OPTIONS, helpText, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef } from '../command.ts';
import { userName } from './coreutils.ts';

const PROCPS = 'procps-ng 4.0.2';

/** One process as ps reads it from a procfs: its pid and parent's pid there, and the task. */
export interface PsRow {
  readonly pid: number;
  readonly ppid: number;
  readonly task: Task;
}

/** The processes of the caller's /proc, by pid (readdir of /proc, as procps's readproc and sysvinit's readproc do). Throws when /proc is no procfs. */
export function procProcesses(ctx: CommandContext): PsRow[] {
  const k = ctx.machine.kernel;
  const rows: PsRow[] = [];
  for (const name of readdir(k, ctx.task, '/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    let node;
    try {
      node = lookup(k, ctx.task, `/proc/${name}`, 'open').dentry.proc;
    } catch {
      continue;
    }
    if (node?.kind !== 'pid') continue;
    const task = node.task;
    const pid = Number(name);
    const level = task.pid.numbers.indexOf(pid);
    const parent = task.leader.parent;
    const ppid = parent ? (parent.leader.pid.numbers[level] ?? 0) : 0;
    rows.push({ pid, ppid, task });
  }
  return rows.sort((a, b) => a.pid - b.pid);
}

/** procps's usage block after an error (ps/help.c do_help with no section), on stderr, status 1. */
function psError(ctx: CommandContext, message: string): number {
  ctx.stderr.write(`error: ${message}\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
  return 1;
}

/** What the command line asks ps for (ps/parser.c: standard, BSD and GNU long options). */
interface PsRequest {
  /** -e, -A, BSD `ax`: every process. */
  all: boolean;
  /** BSD `a`: processes with a terminal (of any user). */
  bsdA: boolean;
  /** BSD `x`: the caller's processes, with a terminal or not. */
  bsdX: boolean;
  /** -p, p, --pid, bare numbers. */
  pids: number[] | null;
  /** BSD syntax was used (its default format is STAT and TIME m:ss, COMMAND the args). */
  bsd: boolean;
  /** u: the user format. */
  user: boolean;
  /** -f: the full format. */
  full: boolean;
  /** -o, o, --format: the columns. */
  format: string | null;
  /** h, --no-headers. */
  header: boolean;
}

/** Parses ps's arguments; a string is procps's error message. */
function parsePs(argv: readonly string[]): PsRequest | string {
  const r: PsRequest = { all: false, bsdA: false, bsdX: false, pids: null, bsd: false, user: false, full: false, format: null, header: true };
  const addPids = (list: string | undefined): string | undefined => {
    if (list === undefined || !/^[0-9]+([, ][0-9]+)*$/.test(list)) return 'process ID list syntax error';
    (r.pids ??= []).push(...list.split(/[, ]/).map(Number));
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a.startsWith('--')) {
      const [name, value] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (name === '--no-headers' || name === '--no-heading') r.header = false;
      else if (name === '--pid') {
        const bad = addPids(value ?? argv[++i]);
        if (bad) return bad;
      } else if (name === '--format') {
        const f = value ?? argv[++i];
        if (f === undefined) return 'unknown gnu long option';
        r.format = r.format === null ? f : `${r.format},${f}`;
      } else return 'unknown gnu long option';
      continue;
    }
    if (a.startsWith('-')) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'e' || c === 'A') r.all = true;
        else if (c === 'f') r.full = true;
        else if (c === 'o' || c === 'p') {
          const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (c === 'p') {
            const bad = addPids(value);
            if (bad) return bad;
          } else {
            if (value === undefined) return 'format specification must follow -o';
            r.format = r.format === null ? value : `${r.format},${value}`;
          }
          break;
        } else return 'unsupported SysV option';
      }
      continue;
    }
    if (/^[0-9]+(,[0-9]+)*$/.test(a)) {
      void addPids(a);
      continue;
    }
    r.bsd = true;
    for (let j = 0; j < a.length; j++) {
      const c = a[j];
      if (c === 'a') r.bsdA = true;
      else if (c === 'x') r.bsdX = true;
      else if (c === 'u') r.user = true;
      else if (c === 'h') r.header = false;
      else if (c === 'w' || c === 'e') continue;
      else if (c === 'p' || c === 'o') {
        const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (c === 'p') {
          const bad = addPids(value);
          if (bad) return bad;
        } else {
          if (value === undefined) return 'format specification must follow o';
          r.format = r.format === null ? value : `${r.format},${value}`;
        }
        break;
      } else return 'unsupported option (BSD syntax)';
    }
  }
  if (r.bsdA && r.bsdX) r.all = true;
  return r;
}

/** A column of ps's output: its header, alignment, minimum width (a wider value pushes the line), and value. */
interface PsColumn {
  readonly h: string;
  readonly right: boolean;
  readonly w: number;
  readonly v: (r: PsRow) => string;
}

export const psCommand: CommandDef = {
  name: 'ps',
  summary: 'Report the processes of the caller\'s /proc: by default those of its effective uid (no process of the machine has a terminal); -e, -A or BSD ax every one, BSD x the caller\'s, -p, p or bare numbers those pids; -f the full format, u the user format, BSD syntax its STAT/TIME format, -o the columns named (pid, ppid, user, uid, comm, args, cmd, tty, stat, time); h or --no-headers no header.',
  usage: ['ps [options]'],
  options: [
    { short: 'e', help: 'select all processes' },
    { short: 'A', help: 'select all processes' },
    { short: 'f', help: 'full-format listing' },
    { short: 'o', arg: 'required', argName: '<format>', help: 'user-defined format' },
    { short: 'p', arg: 'required', argName: '<pidlist>', help: 'select by process ID' },
    { long: 'no-headers', help: 'do not print header at all' },
    { long: 'help', help: 'display this help' },
  ],
  more: 'BSD syntax: a (with a terminal), x (the caller\'s, with or without), u (user format), h (no header), p <pidlist>.',
  models: `${PROCPS} ps(1)`,
  run(ctx) {
    const argv = ctx.argv.slice(1);
    if (argv[0] === '--help') {
      ctx.stdout.write(helpText(this));
      return 0;
    }
    const req = parsePs(argv);
    if (typeof req === 'string') return psError(ctx, req);
    const viewerNs = ctx.task.cred.userNs;
    const myEuid = ctx.task.cred.euid;
    let rows: PsRow[];
    try {
      rows = procProcesses(ctx);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write('Error, do this: mount -t proc proc /proc\n');
      return 1;
    }
    // select.c: the criteria add up; with none, the caller's euid (and terminal: none here).
    const criteria = req.all || req.bsdA || req.bsdX || req.pids !== null;
    rows = rows.filter((r) => (criteria
      ? req.all || (req.bsdX && r.task.cred.euid === myEuid) || (req.pids?.includes(r.pid) ?? false)
      : r.task.cred.euid === myEuid));
    const uidOf = (t: Task): number => fromKuidMunged(viewerNs, t.cred.euid);
    const user = (t: Task): string => {
      const id = uidOf(t);
      return userName(id) ?? String(id);
    };
    const args = (t: Task): string => (t.state === 'zombie' ? `[${t.comm}] <defunct>` : ctx.machine.argv(t).join(' '));
    const stat = (t: Task): string => (t.state === 'zombie' ? 'Z' : t.state === 'stopped' ? 'T' : t.leader === ctx.task.leader ? 'R' : 'S');
    const COLS: Record<string, PsColumn> = {
      pid: { h: 'PID', right: true, w: 7, v: (r) => String(r.pid) },
      ppid: { h: 'PPID', right: true, w: 7, v: (r) => String(r.ppid) },
      user: { h: 'USER', right: false, w: 8, v: (r) => user(r.task) },
      uid: { h: 'UID', right: true, w: 5, v: (r) => String(uidOf(r.task)) },
      comm: { h: 'COMMAND', right: false, w: 15, v: (r) => r.task.comm },
      args: { h: 'COMMAND', right: false, w: 27, v: (r) => args(r.task) },
      cmd: { h: 'CMD', right: false, w: 27, v: (r) => args(r.task) },
      tty: { h: 'TT', right: false, w: 8, v: () => '?' },
      stat: { h: 'STAT', right: false, w: 4, v: (r) => stat(r.task) },
      time: { h: 'TIME', right: true, w: 8, v: () => '00:00:00' },
    };
    let cols: PsColumn[];
    if (req.format !== null) {
      cols = [];
      for (const n of req.format.split(/[,\s]+/).filter((x) => x !== '')) {
        const eq = n.indexOf('=');
        const key = eq < 0 ? n : n.slice(0, eq);
        const c = COLS[key];
        if (!c) return psError(ctx, `unknown user-defined format specifier "${key}"`);
        cols.push(eq >= 0 ? { ...c, h: n.slice(eq + 1) } : c);
      }
    } else if (req.user) {
      cols = [
        { h: 'USER', right: false, w: 8, v: (r) => user(r.task) }, COLS['pid'] as PsColumn,
        { h: '%CPU', right: true, w: 4, v: () => '0.0' }, { h: '%MEM', right: true, w: 4, v: () => '0.0' },
        { h: 'VSZ', right: true, w: 6, v: () => '0' }, { h: 'RSS', right: true, w: 5, v: () => '0' },
        { h: 'TTY', right: false, w: 8, v: () => '?' }, COLS['stat'] as PsColumn,
        { h: 'START', right: false, w: 5, v: () => '00:00' }, { h: 'TIME', right: true, w: 6, v: () => '0:00' }, COLS['args'] as PsColumn,
      ];
    } else if (req.full) {
      cols = [
        { h: 'UID', right: false, w: 8, v: (r) => user(r.task) }, COLS['pid'] as PsColumn, COLS['ppid'] as PsColumn,
        { h: 'C', right: true, w: 2, v: () => '0' }, { h: 'STIME', right: false, w: 5, v: () => '00:00' },
        { h: 'TTY', right: false, w: 8, v: () => '?' }, COLS['time'] as PsColumn, { ...(COLS['args'] as PsColumn), h: 'CMD' },
      ];
    } else if (req.bsd) {
      // The BSD default (pid,tname,stat,time,command), TIME as m:ss.
      cols = [COLS['pid'] as PsColumn, { h: 'TTY', right: false, w: 8, v: () => '?' }, COLS['stat'] as PsColumn, { h: 'TIME', right: true, w: 6, v: () => '0:00' }, COLS['args'] as PsColumn];
    } else {
      cols = [COLS['pid'] as PsColumn, { h: 'TTY', right: false, w: 8, v: () => '?' }, COLS['time'] as PsColumn, {
        h: 'CMD', right: false, w: 0, v: (r) => (r.task.state === 'zombie' ? `${r.task.comm} <defunct>` : r.task.comm),
      }];
    }
    const cell = (c: PsColumn, text: string, last: boolean): string => (c.right ? text.padStart(c.w) : last ? text : text.padEnd(c.w));
    const line = (cells: readonly string[]): string => cells.map((t, i) => cell(cols[i] as PsColumn, t, i === cols.length - 1)).join(' ');
    const lines: string[] = [];
    if (req.header && cols.some((c) => c.h !== '')) lines.push(line(cols.map((c) => c.h)));
    for (const r of rows) lines.push(line(cols.map((c) => c.v(r))));
    if (lines.length > 0) ctx.stdout.write(`${lines.join('\n')}\n`);
    // A pid list that matched nothing is a failure (ps.c: exit 1 when no process was shown).
    return rows.length === 0 ? 1 : 0;
  },
};

/** sysvinit's STATNAMELEN: the comm it compares a name of up to 15 bytes with. */
const STATNAMELEN = 15;

export const pidofCommand: CommandDef = {
  name: 'pidof',
  summary: 'Print the pids of the processes of the caller\'s /proc running each program named, highest first (a name matches argv[0], its basename, or the command name); zombies are skipped unless -z; status 1 when none.',
  usage: ['pidof [options] [program [...]]'],
  options: [
    { short: 's', help: 'single shot - only one pid is returned' },
    { short: 'q', help: 'quiet mode - don\'t print, only set the exit status' },
    { short: 'o', arg: 'required', argName: '<pid>', help: 'omit processes with the pid given (%PPID: the caller\'s parent)' },
    { short: 'd', arg: 'required', argName: '<sep>', help: 'use the first character of sep as the separator' },
    { short: 'z', help: 'also list zombie processes' },
    { short: 'x', help: 'also scripts' },
    { short: 'h', help: 'display this help' },
  ],
  models: 'sysvinit-utils 3.06 pidof(8)',
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    let single = false;
    let quiet = false;
    let zombies = false;
    let sep = ' ';
    const omit = new Set<number>();
    for (const [k, v] of args.options) {
      if (k === 'h') {
        ctx.stdout.write(helpText(this));
        return 0;
      }
      if (k === 's') single = true;
      else if (k === 'q') quiet = true;
      else if (k === 'z') zombies = true;
      else if (k === 'd') sep = (v ?? ' ')[0] ?? ' ';
      else if (k === 'o') for (const p of (v ?? '').split(/[,;:]/)) omit.add(p === '%PPID' ? ctx.machine.kernel.getppid(ctx.task) : Number.parseInt(p, 10) || 0);
    }
    // readproc: the list is built by prepending, so the highest pid comes first.
    let procs: PsRow[];
    try {
      procs = procProcesses(ctx).reverse();
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      procs = [];
    }
    if (!zombies) procs = procs.filter((r) => r.task.state !== 'zombie');
    const found: number[] = [];
    for (const prog of args.operands) {
      const s = prog.slice(prog.lastIndexOf('/') + 1);
      if (s === '') continue;
      let one = false;
      for (const r of procs) {
        const argv = ctx.machine.argv(r.task);
        const argv0 = argv[0] ?? '';
        const base = argv0.slice(argv0.lastIndexOf('/') + 1);
        // A path to the program is matched by /proc/PID/exe, which the machine's processes do not have: root finds none.
        if (prog.startsWith('/') && realUidIsRoot(ctx.task)) continue;
        let ok = (argv0 !== '' && argv0 === prog) || (argv0 !== '' && s !== prog && argv0 === s) || (argv0 !== '' && base === prog);
        if (s.length <= STATNAMELEN && (argv0 === '' || argv0.includes(' '))) ok ||= r.task.comm === s;
        if (s.length <= STATNAMELEN && argv.length < 2 && argv0.startsWith('-')) ok ||= r.task.comm === s;
        if (!ok || omit.has(r.pid)) continue;
        if (single && one) continue;
        one = true;
        found.push(r.pid);
      }
    }
    if (found.length > 0 && !quiet) ctx.stdout.write(`${found.join(sep)}\n`);
    return found.length > 0 ? 0 : 1;
  },
};

/** getuid() == 0 (pidof's `root`). */
function realUidIsRoot(task: Task): boolean {
  return fromKuidMunged(task.cred.userNs, task.cred.uid) === 0;
}

/** Seconds of CLOCK_BOOTTIME as the caller's time namespace shows them: what /proc/uptime's first number is (fs/proc/uptime.c uptime_proc_show). */
export function uptimeSeconds(ctx: CommandContext): number {
  const t = clockGettime(ctx.machine.kernel, ctx.task, CLOCK.BOOTTIME);
  return Number(t.sec) + Number(t.nsec / 10_000_000n) / 100;
}

/** procps_uptime_sprint_short (library/uptime.c): `up 9 years, 26 weeks, ...`, with its arithmetic (strict `>`, the int casts). */
export function prettyUptime(seconds: number): string {
  let secs = seconds;
  const take = (unit: number): number => {
    if (!(secs > unit)) return 0;
    const n = Math.trunc(Math.trunc(secs) / unit);
    secs -= n * unit;
    return n;
  };
  const decades = take(60 * 60 * 24 * 365 * 10);
  const years = take(60 * 60 * 24 * 365);
  const weeks = take(60 * 60 * 24 * 7);
  const days = take(60 * 60 * 24);
  const hours = take(60 * 60);
  const minutes = take(60);
  const parts: string[] = [];
  if (decades) parts.push(`${decades} ${decades > 1 ? 'decades' : 'decade'}`);
  if (years) parts.push(`${years} ${years > 1 ? 'years' : 'year'}`);
  if (weeks) parts.push(`${weeks} ${weeks > 1 ? 'weeks' : 'week'}`);
  if (days) parts.push(`${days} ${days > 1 ? 'days' : 'day'}`);
  if (hours) parts.push(`${hours} ${hours > 1 ? 'hours' : 'hour'}`);
  if (minutes || secs < 60) parts.push(`${minutes} ${minutes !== 1 ? 'minutes' : 'minute'}`);
  return `up ${parts.join(', ')}`;
}

const two = (n: number): string => String(n).padStart(2, '0');

export const uptimeCommand: CommandDef = {
  name: 'uptime',
  summary: 'Tell how long the system has been running: CLOCK_BOOTTIME as the caller\'s time namespace shifts it (/proc/uptime); -p pretty, -s since when (UTC); the machine has no users logged in and no load.',
  usage: ['uptime [options]'],
  options: [
    { short: 'p', long: 'pretty', help: 'show uptime in pretty format' },
    { short: 's', long: 'since', help: 'system up since' },
    ...HELP_OPTIONS,
  ],
  models: `${PROCPS} uptime(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    if (args.operands.length > 0) {
      ctx.stderr.write(helpText(this));
      return 1;
    }
    // procps_uptime opens /proc/uptime: without a procfs on /proc there is no uptime.
    let proc = false;
    try {
      proc = lookup(ctx.machine.kernel, ctx.task, '/proc', 'open').dentry.proc?.kind === 'root';
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
    }
    const up = uptimeSeconds(ctx);
    const real = clockGettime(ctx.machine.kernel, ctx.task, CLOCK.REALTIME);
    if (args.options.some(([k]) => k === 'since')) {
      const d = new Date((Number(real.sec) - Math.trunc(up)) * 1000);
      ctx.stdout.write(`${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}\n`);
      return 0;
    }
    if (!proc) {
      ctx.stderr.write('uptime: Cannot get system uptime\n');
      return 1;
    }
    if (args.options.some(([k]) => k === 'pretty')) {
      ctx.stdout.write(`${prettyUptime(up)}\n`);
      return 0;
    }
    // procps_uptime_sprint: the time of day, days, hh:mm or minutes, users (utmp: none), the load averages (none).
    const now = new Date(Number(real.sec) * 1000);
    const s = Math.trunc(up);
    const days = Math.trunc(s / 86400);
    const hours = Math.trunc(s / 3600) % 24;
    const minutes = Math.trunc(s / 60) % 60;
    let text = ` ${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())} up `;
    if (days) text += `${days} ${days > 1 ? 'days' : 'day'}, `;
    text += hours ? `${String(hours).padStart(2)}:${two(minutes)}, ` : `${minutes} min, `;
    text += ' 0 user,  load average: 0.00, 0.00, 0.00';
    ctx.stdout.write(`${text}\n`);
    return 0;
  },
};

export const PROCPS_COMMANDS: readonly CommandDef[] = [psCommand, pidofCommand, uptimeCommand];
