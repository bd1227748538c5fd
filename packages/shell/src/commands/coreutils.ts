/**
 * The coreutils and procps programs of the machine, with Debian 12's
 * messages and exit statuses: sleep, cat, ls, mkdir, readlink, id
 * (coreutils 9.1), hostname and domainname (hostname 3.23), ps (procps-ng
 * 4.0.2, reading the caller's /proc as procps does).
 */
import { KernelError, fromKuidMunged } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { lookup, mkdir as mntMkdir, readdir, readlink as mntReadlink } from '@nsproxy/mnt';
import { getegid, geteuid, getgid, getuid } from '@nsproxy/user';
import { setdomainname, sethostname, uname } from '@nsproxy/uts';
import { HELP_OPTIONS, optionValue, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef } from '../command.ts';
import { readAll } from '../io.ts';
import { strerror } from '../machine.ts';

/** The user names of Debian's /etc/passwd that a fresh machine has (the rest print as numbers). */
const USERS: ReadonlyMap<number, string> = new Map([[0, 'root'], [1, 'daemon'], [2, 'bin'], [3, 'sys'], [65534, 'nobody']]);
/** /etc/group's. */
const GROUPS: ReadonlyMap<number, string> = new Map([[0, 'root'], [1, 'daemon'], [2, 'bin'], [3, 'sys'], [65534, 'nogroup']]);

/** getpwuid(3)'s name, or undefined. */
export function userName(uid: number): string | undefined {
  return USERS.get(uid);
}
/** getgrgid(3)'s name, or undefined. */
export function groupName(gid: number): string | undefined {
  return GROUPS.get(gid);
}

/** A uid or user name as a number (what `--map-user=<uid>|<name>` takes); undefined if neither. */
export function parseUser(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  for (const [id, name] of USERS) if (name === text) return id;
  return undefined;
}
/** A gid or group name. */
export function parseGroup(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  for (const [id, name] of GROUPS) if (name === text) return id;
  return undefined;
}

const COREUTILS = 'GNU coreutils 9.1';

function def(d: Omit<CommandDef, 'options'> & { options?: CommandDef['options'] } & ThisType<CommandDef>): CommandDef {
  return { ...d, options: [...(d.options ?? []), ...HELP_OPTIONS] };
}

/** `'x'` as coreutils quotes a file name in messages. */
function q(name: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(name) ? `'${name}'` : `'${name.replace(/'/g, "'\\''")}'`;
}

export const sleepCommand: CommandDef = def({
  name: 'sleep',
  summary: 'Pause for NUMBER seconds (a suffix s, m, h or d: seconds, minutes, hours, days); the machine\'s clock moves, not the wall clock.',
  usage: ['sleep NUMBER[SUFFIX]...'],
  models: `${COREUTILS} sleep(1)`,
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    if (args.operands.length === 0) {
      ctx.stderr.write("sleep: missing operand\nTry 'sleep --help' for more information.\n");
      return 1;
    }
    let ms = 0;
    for (const a of args.operands) {
      const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(a);
      if (a === 'infinity') ms = Infinity;
      else if (!m) {
        ctx.stderr.write(`sleep: invalid time interval ${q(a)}\nTry 'sleep --help' for more information.\n`);
        return 1;
      } else ms += Number(m[1]) * 1000 * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ''] ?? 1);
    }
    const wake = ctx.machine.sleep(ctx.task, ms);
    if (ctx.shell.foreground && ms !== Infinity) await ctx.machine.advance(ctx.machine.now + ms);
    await wake;
    return 0;
  },
});

export const catCommand: CommandDef = def({
  name: 'cat',
  summary: 'Concatenate files (- or none: standard input) to standard output.',
  usage: ['cat [OPTION]... [FILE]...'],
  models: `${COREUTILS} cat(1)`,
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const files = args.operands.length === 0 ? ['-'] : args.operands;
    let status = 0;
    for (const f of files) {
      if (f === '-') {
        ctx.stdout.write(await readAll(ctx.stdin));
        continue;
      }
      try {
        ctx.stdout.write(ctx.machine.readFile(ctx.task, f));
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`cat: ${f}: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        status = 1;
      }
    }
    return status;
  },
});

export const lsCommand: CommandDef = def({
  name: 'ls',
  summary: 'List the entries of each directory (default .), one a line, sorted; -a also those starting with a dot.',
  usage: ['ls [OPTION]... [FILE]...'],
  options: [
    { short: 'a', long: 'all', help: 'do not ignore entries starting with .' },
    { short: '1', help: 'list one file per line' },
    { short: 'd', long: 'directory', help: 'list directories themselves, not their contents' },
  ],
  models: `${COREUTILS} ls(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const all = optionValue(args, 'all') !== undefined;
    const dirOnly = optionValue(args, 'directory') !== undefined;
    const paths = args.operands.length === 0 ? ['.'] : args.operands;
    let status = 0;
    const files: string[] = [];
    const dirs: [string, string[]][] = [];
    for (const p of paths) {
      try {
        const at = lookup(ctx.machine.kernel, ctx.task, p, 'stat');
        if (!at.dentry.isDir || dirOnly) files.push(p);
        else {
          const names = readdir(ctx.machine.kernel, ctx.task, p).filter((n) => all || !n.startsWith('.'));
          dirs.push([p, all ? ['.', '..', ...names] : names]);
        }
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`ls: cannot ${e.syscall === 'stat' ? 'access' : 'open directory'} ${q(p)}: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        status = 2;
      }
    }
    const sorted = (xs: string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out: string[] = sorted(files);
    const many = paths.length > 1;
    for (const [i, [p, names]] of sorted(dirs.map(([p]) => p)).map((p) => dirs.find(([d]) => d === p) as [string, string[]]).entries()) {
      if (many) {
        if (out.length > 0 || i > 0) out.push('');
        out.push(`${p}:`);
      }
      out.push(...sorted(names));
    }
    if (out.length > 0) ctx.stdout.write(`${out.join('\n')}\n`);
    return status;
  },
});

export const mkdirCommand: CommandDef = def({
  name: 'mkdir',
  summary: 'Create the directories, if they do not already exist.',
  usage: ['mkdir [OPTION]... DIRECTORY...'],
  options: [{ short: 'p', long: 'parents', help: 'no error if existing, make parent directories as needed' }],
  models: `${COREUTILS} mkdir(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    if (args.operands.length === 0) {
      ctx.stderr.write("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
      return 1;
    }
    const parents = optionValue(args, 'parents') !== undefined;
    let status = 0;
    for (const d of args.operands) {
      const steps = parents ? d.split('/').map((_, i, xs) => xs.slice(0, i + 1).join('/')).filter((s) => s !== '' && s !== '.') : [d];
      for (const s of steps) {
        try {
          mntMkdir(ctx.machine.kernel, ctx.task, s);
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          if (parents && e.code === 'EEXIST') continue;
          ctx.stderr.write(`mkdir: cannot create directory ${q(d)}: ${strerror(e)}\n`);
          ctx.machine.explainError(ctx.stderr, e);
          status = 1;
          break;
        }
      }
    }
    return status;
  },
});

export const readlinkCommand: CommandDef = def({
  name: 'readlink',
  summary: 'Print the value of a symbolic link (an ns file\'s is TYPE:[INODE]); nothing, and status 1, for anything else.',
  usage: ['readlink [OPTION]... FILE...'],
  options: [
    { short: 'n', long: 'no-newline', help: 'do not output the trailing delimiter' },
    { short: 'v', long: 'verbose', help: 'report error messages' },
  ],
  models: `${COREUTILS} readlink(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    if (args.operands.length === 0) {
      ctx.stderr.write("readlink: missing operand\nTry 'readlink --help' for more information.\n");
      return 1;
    }
    let status = 0;
    for (const f of args.operands) {
      try {
        const text = mntReadlink(ctx.machine.kernel, ctx.task, f);
        ctx.stdout.write(optionValue(args, 'no-newline') !== undefined ? text : `${text}\n`);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        if (optionValue(args, 'verbose') !== undefined) ctx.stderr.write(`readlink: ${f}: ${strerror(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
});

/** `uid=0(root)` */
function idPart(label: string, id: number, name: string | undefined): string {
  return `${label}=${id}${name !== undefined ? `(${name})` : ''}`;
}

export const idCommand: CommandDef = def({
  name: 'id',
  summary: 'Print the real and effective user and group ids, as the caller\'s user namespace maps them (65534, nobody and nogroup, for an unmapped id).',
  usage: ['id [OPTION]...'],
  options: [
    { short: 'u', long: 'user', help: 'print only the effective user ID' },
    { short: 'g', long: 'group', help: 'print only the effective group ID' },
    { short: 'G', long: 'groups', help: 'print all group IDs' },
    { short: 'n', long: 'name', help: 'print a name instead of a number, for -ugG' },
    { short: 'r', long: 'real', help: 'print the real ID instead of the effective ID, with -ugG' },
  ],
  models: `${COREUTILS} id(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const t = ctx.task;
    const real = optionValue(args, 'real') !== undefined;
    const name = optionValue(args, 'name') !== undefined;
    const uid = real ? getuid(t) : geteuid(t);
    const gid = real ? getgid(t) : getegid(t);
    const one = (id: number, n: string | undefined): string => (name ? (n ?? String(id)) : String(id));
    if (optionValue(args, 'user') !== undefined) ctx.stdout.write(`${one(uid, userName(uid))}\n`);
    else if (optionValue(args, 'group') !== undefined || optionValue(args, 'groups') !== undefined) ctx.stdout.write(`${one(gid, groupName(gid))}\n`);
    else {
      const ruid = getuid(t);
      const euid = geteuid(t);
      const rgid = getgid(t);
      const egid = getegid(t);
      const parts = [idPart('uid', ruid, userName(ruid)), idPart('gid', rgid, groupName(rgid))];
      if (euid !== ruid) parts.push(idPart('euid', euid, userName(euid)));
      if (egid !== rgid) parts.push(idPart('egid', egid, groupName(egid)));
      parts.push(`groups=${rgid}${groupName(rgid) !== undefined ? `(${groupName(rgid) ?? ''})` : ''}`);
      ctx.stdout.write(`${parts.join(' ')}\n`);
    }
    return 0;
  },
});

function utsCommand(name: 'hostname' | 'domainname'): CommandDef {
  const field = name === 'hostname' ? 'nodename' : 'domainname';
  return def({
    name,
    summary: `Print the ${name === 'hostname' ? 'host' : 'NIS domain'} name of the caller's UTS namespace, or set it (CAP_SYS_ADMIN over the namespace's owner).`,
    usage: [`${name} [name]`],
    models: `hostname 3.23 ${name}(1)`,
    run(ctx) {
      const args = parseOrExit(this, ctx);
      if (typeof args === 'number') return args;
      const value = args.operands[0];
      if (value === undefined) {
        ctx.stdout.write(`${uname(ctx.machine.kernel, ctx.task)[field]}\n`);
        return 0;
      }
      try {
        (name === 'hostname' ? sethostname : setdomainname)(ctx.machine.kernel, ctx.task, value);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(e.code === 'EPERM' ? `${name}: you must be root to change the ${name === 'hostname' ? 'host' : 'domain'} name\n` : `${name}: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      }
      return 0;
    },
  });
}

export const hostnameCommand: CommandDef = utsCommand('hostname');
export const domainnameCommand: CommandDef = utsCommand('domainname');

/** One process as ps reads it from a procfs: its pid and parent's pid there, and the task. */
interface PsRow {
  readonly pid: number;
  readonly ppid: number;
  readonly task: Task;
}

/** The processes of the caller's /proc (readdir of /proc, as procps's readproc does). */
function procProcesses(ctx: CommandContext): PsRow[] {
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

export const psCommand: CommandDef = {
  name: 'ps',
  summary: 'Report the processes of the caller\'s /proc: by default those of its effective uid (no process of the machine has a terminal), -e every one, -f the full format, -o the columns named (pid, ppid, user, uid, comm, args, cmd).',
  usage: ['ps [options]'],
  options: [
    { short: 'e', help: 'select all processes' },
    { short: 'A', help: 'select all processes' },
    { short: 'f', help: 'full-format listing' },
    { short: 'o', arg: 'required', argName: '<format>', help: 'user-defined format' },
    { long: 'help', help: 'display this help' },
  ],
  models: 'procps-ng 4.0.2 ps(1)',
  run(ctx) {
    // BSD-style `ps aux` / `ps ax`: every process, with user.
    const raw = ctx.argv.slice(1);
    const bsd = raw.length > 0 && /^[aux]+$/.test(raw[0] ?? '');
    const args = parseOrExit(this, { ...ctx, argv: bsd ? [ctx.argv[0] ?? 'ps', ...raw.slice(1)] : ctx.argv });
    if (typeof args === 'number') return args;
    const all = bsd || optionValue(args, 'e') !== undefined || optionValue(args, 'A') !== undefined;
    const full = optionValue(args, 'f') !== undefined;
    const format = optionValue(args, 'o');
    const k = ctx.machine.kernel;
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
    if (!all) rows = rows.filter((r) => r.task.cred.euid === myEuid);
    void k;
    const uidOf = (t: Task): number => {
      const id = fromKuidMunged(viewerNs, t.cred.euid);
      return id;
    };
    const user = (t: Task): string => {
      const id = uidOf(t);
      return userName(id) ?? String(id);
    };
    const cmd = (t: Task): string => (t.state === 'zombie' ? `[${t.comm}] <defunct>` : ctx.machine.argv(t).join(' '));
    /** procps's column widths (a minimum: a wider value pushes the line); PID and PPID are as wide as pid_max (4194304) has digits. */
    type Col = { h: string; right: boolean; w: number; v: (r: PsRow) => string };
    const COLS: Record<string, Col> = {
      pid: { h: 'PID', right: true, w: 7, v: (r) => String(r.pid) },
      ppid: { h: 'PPID', right: true, w: 7, v: (r) => String(r.ppid) },
      user: { h: 'USER', right: false, w: 8, v: (r) => user(r.task) },
      uid: { h: 'UID', right: true, w: 5, v: (r) => String(uidOf(r.task)) },
      comm: { h: 'COMMAND', right: false, w: 15, v: (r) => r.task.comm },
      args: { h: 'COMMAND', right: false, w: 27, v: (r) => cmd(r.task) },
      cmd: { h: 'CMD', right: false, w: 27, v: (r) => cmd(r.task) },
      tty: { h: 'TT', right: false, w: 8, v: () => '?' },
      stat: { h: 'STAT', right: false, w: 4, v: (r) => (r.task.state === 'zombie' ? 'Z' : 'S') },
    };
    let out: string;
    if (typeof format === 'string') {
      const names = format.split(/[,\s]+/).filter((n) => n !== '');
      const cols: Col[] = [];
      for (const n of names) {
        const [key, header] = n.split('=');
        const c = COLS[key ?? ''];
        if (!c) {
          ctx.stderr.write(`error: unknown user-defined format specifier "${key ?? ''}"\n`);
          return 1;
        }
        cols.push(header !== undefined ? { ...c, h: header } : c);
      }
      const cell = (c: Col, text: string, last: boolean): string => (c.right ? text.padStart(c.w) : last ? text : text.padEnd(c.w));
      out = [cols.map((c, i) => cell(c, c.h, i === cols.length - 1)), ...rows.map((r) => cols.map((c, i) => cell(c, c.v(r), i === cols.length - 1)))].map((l) => l.join(' ')).join('\n');
    } else if (bsd) {
      const lines = ['USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND'];
      for (const r of rows) lines.push(`${user(r.task).padEnd(8)} ${String(r.pid).padStart(7)}  0.0  0.0      0     0 ?        ${r.task.state === 'zombie' ? 'Z   ' : 'S   '} 00:00   0:00 ${cmd(r.task)}`);
      out = lines.join('\n');
    } else if (full) {
      const lines = ['UID          PID    PPID  C STIME TTY          TIME CMD'];
      for (const r of rows) lines.push(`${user(r.task).padEnd(8)} ${String(r.pid).padStart(7)} ${String(r.ppid).padStart(7)}  0 00:00 ?        00:00:00 ${cmd(r.task)}`);
      out = lines.join('\n');
    } else {
      const lines = ['    PID TTY          TIME CMD'];
      for (const r of rows) lines.push(`${String(r.pid).padStart(7)} ?        00:00:00 ${r.task.state === 'zombie' ? `${r.task.comm} <defunct>` : r.task.comm}`);
      out = lines.join('\n');
    }
    ctx.stdout.write(`${out}\n`);
    return 0;
  },
};

/** A table as procps and util-linux print one: columns as wide as their widest cell, numbers right-aligned, the last column not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) => r.map((c, i) => (i === r.length - 1 && !right[i] ? c : right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' '))
    .join('\n');
}

export const COREUTILS_COMMANDS: readonly CommandDef[] = [sleepCommand, catCommand, lsCommand, mkdirCommand, readlinkCommand, idCommand, hostnameCommand, domainnameCommand, psCommand];
