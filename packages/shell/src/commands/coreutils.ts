/**
 * The coreutils programs of the machine, with Debian 12's messages and exit
 * statuses: sleep, cat, mkdir, readlink, id (coreutils 9.1), hostname and
 * domainname (hostname 3.23); ls, touch, chown and whoami are in
 * coreutils2.ts, ps in procps.ts.
 */
import { KernelError } from '@nsproxy/core';
import { mkdir as mntMkdir, readlink as mntReadlink } from '@nsproxy/mnt';
import { getegid, geteuid, getgid, getgroups, getuid } from '@nsproxy/user';
import { setdomainname, sethostname, uname } from '@nsproxy/uts';
import { HELP_OPTIONS, optionValue, parseOrExit } from '../command.ts';
import type { CommandDef } from '../command.ts';
import { readAll } from '../io.ts';
import { strerror } from '../machine.ts';
import { GROUP, PASSWD, getgrgid, getpwuid } from '../passwd.ts';
import { lsCommand } from './coreutils2.ts';

/** The user names of the /etc/passwd a fresh machine has (passwd.ts; the rest print as numbers). */
const USERS: ReadonlyMap<number, string> = new Map(PASSWD.map((p) => [p.uid, p.name]));
/** /etc/group's. */
const GROUPS: ReadonlyMap<number, string> = new Map(GROUP.map((g) => [g.gid, g.name]));

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
    // getpwuid(3) and getgrgid(3) read the caller's /etc/passwd and /etc/group.
    const userName = (id: number): string | undefined => getpwuid(ctx.machine, t, id)?.name;
    const groupName = (id: number): string | undefined => getgrgid(ctx.machine, t, id)?.name;
    // print_group_list: the real gid, the effective one if it differs, then getgroups(2)'s list without those two.
    const groupList = (): number[] => {
      const rgid = getgid(t);
      const egid = getegid(t);
      const list = [rgid, ...(egid !== rgid ? [egid] : [])];
      for (const g of getgroups(ctx.machine.kernel, t)) if (g !== rgid && g !== egid && list[list.length - 1] !== g) list.push(g);
      return list;
    };
    if (optionValue(args, 'user') !== undefined) ctx.stdout.write(`${one(uid, userName(uid))}\n`);
    else if (optionValue(args, 'groups') !== undefined) ctx.stdout.write(`${groupList().map((g) => one(g, groupName(g))).join(' ')}\n`);
    else if (optionValue(args, 'group') !== undefined) ctx.stdout.write(`${one(gid, groupName(gid))}\n`);
    else {
      const ruid = getuid(t);
      const euid = geteuid(t);
      const rgid = getgid(t);
      const egid = getegid(t);
      const parts = [idPart('uid', ruid, userName(ruid)), idPart('gid', rgid, groupName(rgid))];
      if (euid !== ruid) parts.push(idPart('euid', euid, userName(euid)));
      if (egid !== rgid) parts.push(idPart('egid', egid, groupName(egid)));
      // xgetgroups(NULL, egid): the effective gid, then getgroups(2)'s list without it (mgetgroups drops repeats).
      const all = [egid];
      for (const g of getgroups(ctx.machine.kernel, t)) if (g !== egid && all[all.length - 1] !== g) all.push(g);
      parts.push(`groups=${all.map((g) => idPart('', g, groupName(g)).slice(1)).join(',')}`);
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

/** A table as procps and util-linux print one: columns as wide as their widest cell, numbers right-aligned, the last column not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) => r.map((c, i) => (i === r.length - 1 && !right[i] ? c : right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' '))
    .join('\n');
}

export const COREUTILS_COMMANDS: readonly CommandDef[] = [sleepCommand, catCommand, lsCommand, mkdirCommand, readlinkCommand, idCommand, hostnameCommand, domainnameCommand];
