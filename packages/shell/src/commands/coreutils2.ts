/**
 * More of GNU coreutils 9.1: ls(1) with its long format (-l, -n,
 * --time-style; src/ls.c print_long_format, format_user_or_group), touch(1),
 * chown(1) and whoami(1), over the model's files and credentials: an owner
 * is the caller's user namespace's view of the file's kernel uid (65534 when
 * it has none), a name comes from the caller's /etc/passwd and /etc/group.
 *
 * The machine keeps no file times: the time ls shows of every file is the
 * machine's clock now (CLOCK_REALTIME).
 */
import { KernelError, fromKgidMunged, fromKuidMunged, utf8Encode } from '@nsproxy/core';
import { chown, creat, lookup, readdir, readlink as mntReadlink, statOf } from '@nsproxy/mnt';
import type { Dentry, Stat } from '@nsproxy/mnt';
import { CLOCK, clockGettime } from '@nsproxy/time';
import { HELP_OPTIONS, optionValue, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef } from '../command.ts';
import { strerror } from '../machine.ts';
import { getgrgid, getgrnam, getpwnam, getpwuid } from '../passwd.ts';

const COREUTILS = 'GNU coreutils 9.1';

function def(d: Omit<CommandDef, 'options'> & { options?: CommandDef['options'] } & ThisType<CommandDef>): CommandDef {
  return { ...d, options: [...(d.options ?? []), ...HELP_OPTIONS] };
}

/** A file name as coreutils quotes it in messages (quotearg's shell-escape-always style, for the names the machine has). */
function q(name: string): string {
  return `'${name.replace(/'/g, "'\\''")}'`;
}

/** The mode string of ls -l (filemodestring): the type, then rwx with s/S and t/T. */
function modeString(st: Stat): string {
  const m = st.mode;
  const type = st.kind === 'dir' ? 'd' : st.kind === 'symlink' ? 'l' : '-';
  const rwx = (shift: number, special: number, lower: string, upper: string): string => {
    const r = (m >> shift) & 4 ? 'r' : '-';
    const w = (m >> shift) & 2 ? 'w' : '-';
    const x = (m >> shift) & 1;
    const s = (m & special) !== 0;
    return r + w + (s ? (x ? lower : upper) : x ? 'x' : '-');
  };
  return type + rwx(6, 0o4000, 's', 'S') + rwx(3, 0o2000, 's', 'S') + rwx(0, 0o1000, 't', 'T');
}

/** One file of a listing: the name shown, the dentry, its attributes. */
interface Listed {
  readonly name: string;
  readonly path: string;
  readonly dentry: Dentry;
  readonly st: Stat;
}

/** st_size: a regular file's bytes; a tmpfs directory 40 bytes and 20 per entry (BOGO_DIRENT_SIZE); procfs and nsfs files 0. */
function sizeOf(ctx: CommandContext, f: Listed): number {
  const d = f.dentry;
  if (d.isDir) {
    if (d.sb.fstype === 'tmpfs') return 40 + 20 * [...(d.children?.values() ?? [])].filter((c) => !c.dead).length;
    return d.proc || d.node ? 0 : 4096;
  }
  if (d.proc || d.ns || d.node || f.st.kind === 'symlink') return 0;
  try {
    return utf8Encode(ctx.machine.readFile(ctx.task, f.path)).length;
  } catch {
    return 0;
  }
}

/** st_blocks in 1K units: tmpfs and the root file system keep whole 4K pages of a regular file (and 4K for another directory). */
function blocksOf(ctx: CommandContext, f: Listed): number {
  if (f.dentry.proc || f.dentry.ns || f.dentry.node || f.st.kind === 'symlink') return 0;
  if (f.dentry.isDir) return f.dentry.sb.fstype === 'tmpfs' ? 0 : 4;
  return Math.ceil(sizeOf(ctx, f) / 4096) * 4;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime(3) for the conversions ls's time styles use, in UTC. */
function strftime(format: string, d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return format.replace(/%([%YmdHMSbeFTR])/g, (_, c: string) => {
    switch (c) {
      case 'Y': return String(d.getUTCFullYear());
      case 'm': return two(d.getUTCMonth() + 1);
      case 'd': return two(d.getUTCDate());
      case 'H': return two(d.getUTCHours());
      case 'M': return two(d.getUTCMinutes());
      case 'S': return two(d.getUTCSeconds());
      case 'b': return MONTHS[d.getUTCMonth()] ?? '';
      case 'e': return String(d.getUTCDate()).padStart(2);
      case 'F': return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
      case 'T': return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
      case 'R': return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
      default: return '%';
    }
  });
}

/** What a long listing needs from the command line. */
interface LongOptions {
  readonly numeric: boolean;
  /** The strftime format of --time-style=+FORMAT, or the default style's. */
  readonly timeFormat: string;
}

/**
 * print_long_format over `files`, widths from `widthsOf` (ls computes them
 * over every operand, directories too, before it splits them off).
 */
function longLines(ctx: CommandContext, files: readonly Listed[], widthsOf: readonly Listed[], o: LongOptions): string[] {
  const ns = ctx.task.cred.userNs;
  const owner = (f: Listed): { text: string; name: boolean } => {
    const id = fromKuidMunged(ns, f.st.uid);
    const name = o.numeric ? undefined : getpwuid(ctx.machine, ctx.task, id)?.name;
    return name !== undefined ? { text: name, name: true } : { text: String(id), name: false };
  };
  const group = (f: Listed): { text: string; name: boolean } => {
    const id = fromKgidMunged(ns, f.st.gid);
    const name = o.numeric ? undefined : getgrgid(ctx.machine, ctx.task, id)?.name;
    return name !== undefined ? { text: name, name: true } : { text: String(id), name: false };
  };
  const width = (fn: (f: Listed) => string): number => Math.max(0, ...widthsOf.map((f) => fn(f).length));
  const nlinkW = width((f) => String(f.st.nlink));
  const ownerW = width((f) => owner(f).text);
  const groupW = width((f) => group(f).text);
  const sizeW = width((f) => String(sizeOf(ctx, f)));
  const real = clockGettime(ctx.machine.kernel, ctx.task, CLOCK.REALTIME);
  const date = strftime(o.timeFormat, new Date(Number(real.sec) * 1000));
  // format_user_or_group: a name left-aligned, a number right-aligned, each followed by a blank.
  const field = (v: { text: string; name: boolean }, w: number): string => (v.name ? v.text.padEnd(w) : v.text.padStart(w));
  return files.map((f) => {
    let name = f.name;
    if (f.st.kind === 'symlink') {
      try {
        name += ` -> ${mntReadlink(ctx.machine.kernel, ctx.task, f.path)}`;
      } catch {
        // A link that cannot be read is shown without its target.
      }
    }
    return `${modeString(f.st)} ${String(f.st.nlink).padStart(nlinkW)} ${field(owner(f), ownerW)} ${field(group(f), groupW)} ${String(sizeOf(ctx, f)).padStart(sizeW)} ${date} ${name}`;
  });
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export const lsCommand: CommandDef = def({
  name: 'ls',
  summary: 'List the entries of each directory (default .), one a line, sorted; -a also those starting with a dot; -l the long format (mode, links, owner, group, size, time), -n with numeric ids.',
  usage: ['ls [OPTION]... [FILE]...'],
  options: [
    { short: 'a', long: 'all', help: 'do not ignore entries starting with .' },
    { short: '1', help: 'list one file per line' },
    { short: 'd', long: 'directory', help: 'list directories themselves, not their contents' },
    { short: 'l', help: 'use a long listing format' },
    { short: 'n', long: 'numeric-uid-gid', help: 'like -l, but list numeric user and group IDs' },
    { long: 'time-style', arg: 'required', argName: 'TIME_STYLE', help: 'time/date format with -l (+FORMAT: strftime\'s; the machine keeps no file times: the clock now)' },
  ],
  models: `${COREUTILS} ls(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const k = ctx.machine.kernel;
    const all = optionValue(args, 'all') !== undefined;
    const dirOnly = optionValue(args, 'directory') !== undefined;
    const numeric = optionValue(args, 'numeric-uid-gid') !== undefined;
    const long = numeric || optionValue(args, 'l') !== undefined;
    const style = optionValue(args, 'time-style');
    let timeFormat = '%b %e %H:%M';
    if (typeof style === 'string') {
      if (style.startsWith('+')) timeFormat = style.slice(1).split('\n')[0] ?? '';
      else if (style === 'full-iso') timeFormat = '%F %T.000000000 +0000';
      else if (style === 'long-iso') timeFormat = '%F %R';
      else if (style === 'iso') timeFormat = '%m-%d %R';
      else if (style !== 'locale') {
        ctx.stderr.write(`ls: invalid argument ${q(style)} for 'time style'\nValid arguments are:\n  - [posix-]full-iso\n  - [posix-]long-iso\n  - [posix-]iso\n  - [posix-]locale\n  - +FORMAT (e.g., +%H:%M) for a 'date'-style format\nUsage: ls [OPTION]... [FILE]...\nTry 'ls --help' for more information.\n`);
        return 2;
      }
    }
    const o: LongOptions = { numeric, timeFormat };
    const paths = args.operands.length === 0 ? ['.'] : args.operands;
    let status = 0;
    const files: Listed[] = [];
    const dirs: Listed[] = [];
    for (const p of paths) {
      try {
        // DEREF_COMMAND_LINE_SYMLINK_TO_DIR: a command-line link to a directory is followed, unless -l or -d (DEREF_NEVER).
        let d = lookup(k, ctx.task, p, 'stat', { follow: false }).dentry;
        if (!long && !dirOnly && !d.isDir && d.kind !== 'file') {
          try {
            const to = lookup(k, ctx.task, p, 'stat').dentry;
            if (to.isDir) d = to;
          } catch {
            // A dangling link is listed as itself.
          }
        }
        const f: Listed = { name: p, path: p, dentry: d, st: statOf(k, d) };
        if (!d.isDir || dirOnly) files.push(f);
        else dirs.push(f);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`ls: cannot access ${q(p)}: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        status = 2;
      }
    }
    files.sort(byName);
    dirs.sort(byName);
    const out: string[] = long ? longLines(ctx, files, [...files, ...dirs], o) : files.map((f) => f.name);
    const many = paths.length > 1 || files.length > 0;
    for (const [i, dir] of dirs.entries()) {
      let names: string[];
      try {
        names = readdir(k, ctx.task, dir.path).filter((n) => all || !n.startsWith('.'));
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`ls: cannot open directory ${q(dir.path)}: ${strerror(e)}\n`);
        status = 2;
        continue;
      }
      if (all) names = ['.', '..', ...names];
      if (many) {
        if (out.length > 0 || i > 0) out.push('');
        out.push(`${dir.path}:`);
      }
      const entries: Listed[] = [];
      for (const n of names) {
        const path = `${dir.path.replace(/\/+$/, '')}/${n}`;
        try {
          const d = lookup(k, ctx.task, path, 'stat', { follow: false }).dentry;
          entries.push({ name: n, path, dentry: d, st: statOf(k, d) });
        } catch {
          // An entry that went away between readdir and stat is left out.
        }
      }
      entries.sort(byName);
      if (long) {
        out.push(`total ${entries.reduce((sum, f) => sum + blocksOf(ctx, f), 0)}`);
        out.push(...longLines(ctx, entries, entries, o));
      } else out.push(...entries.map((f) => f.name));
    }
    if (out.length > 0) ctx.stdout.write(`${out.join('\n')}\n`);
    return status;
  },
});

export const touchCommand: CommandDef = def({
  name: 'touch',
  summary: 'Create each file that does not exist, empty (the machine keeps no file times to update); -c creates none.',
  usage: ['touch [OPTION]... FILE...'],
  options: [{ short: 'c', long: 'no-create', help: 'do not create any files' }],
  models: `${COREUTILS} touch(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    if (args.operands.length === 0) {
      ctx.stderr.write("touch: missing file operand\nTry 'touch --help' for more information.\n");
      return 1;
    }
    const noCreate = optionValue(args, 'no-create') !== undefined;
    let status = 0;
    for (const f of args.operands) {
      try {
        const exists = (() => {
          try {
            lookup(ctx.machine.kernel, ctx.task, f, 'stat');
            return true;
          } catch (e) {
            if (e instanceof KernelError && e.code === 'ENOENT') return false;
            throw e;
          }
        })();
        // open(O_WRONLY|O_CREAT|O_NOCTTY|O_NONBLOCK, 0666): a directory opens as EISDIR, which touch ignores (it then sets the times).
        if (!exists && noCreate) continue;
        if (!exists || !lookup(ctx.machine.kernel, ctx.task, f, 'stat').dentry.isDir) creat(ctx.machine.kernel, ctx.task, f);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`touch: cannot touch ${q(f)}: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        status = 1;
      }
    }
    return status;
  },
});

/** chown's OWNER[:[GROUP]] (parse_user_spec): names from the caller's /etc/passwd and /etc/group, or numbers; `OWNER:` takes the owner's login group. */
function userSpec(ctx: CommandContext, spec: string): { uid: number; gid: number } | string {
  const colon = spec.search(/[:.]/);
  const user = colon < 0 ? spec : spec.slice(0, colon);
  const group = colon < 0 ? undefined : spec.slice(colon + 1);
  let uid = -1;
  let gid = -1;
  if (user !== '') {
    const pw = getpwnam(ctx.machine, ctx.task, user);
    if (pw) {
      uid = pw.uid;
      if (group === '') gid = pw.gid;
    } else if (/^[0-9]+$/.test(user) && Number(user) <= 4294967294) uid = Number(user);
    else return `invalid user: ${q(spec)}`;
  }
  if (group !== undefined && group !== '') {
    const gr = getgrnam(ctx.machine, ctx.task, group);
    if (gr) gid = gr.gid;
    else if (/^[0-9]+$/.test(group) && Number(group) <= 4294967294) gid = Number(group);
    else return `invalid group: ${q(spec)}`;
  }
  return { uid, gid };
}

export const chownCommand: CommandDef = def({
  name: 'chown',
  summary: 'Change the owner and group of each file (ids as the caller\'s user namespace maps them: chown(2) needs CAP_CHOWN there over a file whose owner it maps); -h changes a link itself.',
  usage: ['chown [OPTION]... [OWNER][:[GROUP]] FILE...'],
  options: [{ short: 'h', long: 'no-dereference', help: 'affect symbolic links instead of any referenced file' }],
  models: `${COREUTILS} chown(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const [spec, ...files] = args.operands;
    if (spec === undefined) {
      ctx.stderr.write("chown: missing operand\nTry 'chown --help' for more information.\n");
      return 1;
    }
    if (files.length === 0) {
      ctx.stderr.write(`chown: missing operand after ${q(spec)}\nTry 'chown --help' for more information.\n`);
      return 1;
    }
    const ids = userSpec(ctx, spec);
    if (typeof ids === 'string') {
      ctx.stderr.write(`chown: ${ids}\n`);
      return 1;
    }
    const follow = optionValue(args, 'no-dereference') === undefined;
    let status = 0;
    for (const f of files) {
      try {
        chown(ctx.machine.kernel, ctx.task, f, ids.uid, ids.gid, { follow });
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(e.code === 'ENOENT' || e.code === 'ENOTDIR' ? `chown: cannot access ${q(f)}: ${strerror(e)}\n` : `chown: changing ownership of ${q(f)}: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        status = 1;
      }
    }
    return status;
  },
});

export const whoamiCommand: CommandDef = def({
  name: 'whoami',
  summary: 'Print the name of the effective user id, as the caller\'s user namespace shows it, from its /etc/passwd.',
  usage: ['whoami [OPTION]...'],
  models: `${COREUTILS} whoami(1)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    if (args.operands.length > 0) {
      ctx.stderr.write(`whoami: extra operand ${q(args.operands[0] ?? '')}\nTry 'whoami --help' for more information.\n`);
      return 1;
    }
    const uid = fromKuidMunged(ctx.task.cred.userNs, ctx.task.cred.euid);
    const pw = getpwuid(ctx.machine, ctx.task, uid);
    if (!pw) {
      ctx.stderr.write(`whoami: cannot find name for user ID ${uid}\n`);
      return 1;
    }
    ctx.stdout.write(`${pw.name}\n`);
    return 0;
  },
});

export const COREUTILS2_COMMANDS: readonly CommandDef[] = [touchCommand, chownCommand, whoamiCommand];
