/**
 * dash's builtins (src/builtins.def: they run in the shell's own process,
 * so they take no pid) and `sh` itself. Messages are dash's: `sh: 1: cd:
 * can't cd to /x`, `sh: 1: exit: Illegal number: x`, `kill: No such
 * process` (followed, as in dash 0.5.12, by an empty line).
 */
import { KernelError } from '@nsproxy/core';
import { chdir, lookup } from '@nsproxy/mnt';
import type { CommandContext, CommandDef } from '../command.ts';
import { ExitShell, ShellError } from '../interp.ts';
import { TextReader } from '../io.ts';
import { strerror } from '../machine.ts';

const DASH = 'dash 0.5.12 builtin';

/** The signals by name, as kill -l lists them (x86_64). */
export const SIGNALS: readonly string[] = ['', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'];

/** A signal name or number (`TERM`, `SIGTERM`, `15`) as a number; undefined if none. */
export function signalNumber(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    return n <= 64 ? n : undefined;
  }
  const name = text.toUpperCase().replace(/^SIG/, '');
  const i = SIGNALS.indexOf(name);
  return i > 0 ? i : undefined;
}

function err(ctx: CommandContext, message: string): void {
  ctx.shell.error(ctx, message);
}

function simple(name: string, summary: string, usage: string, run: (ctx: CommandContext) => number | Promise<number>): CommandDef {
  return { name, builtin: true, summary, usage: [usage], options: [], models: DASH, run };
}

/** dash's echo: `-n`, and the escapes of XSI (always on). */
export function echoText(args: readonly string[]): string {
  let rest = [...args];
  let newline = true;
  if (rest[0] === '-n') {
    newline = false;
    rest = rest.slice(1);
  }
  let out = '';
  for (const [i, a] of rest.entries()) {
    if (i > 0) out += ' ';
    const { text, stop } = escapes(a);
    out += text;
    if (stop) return out;
  }
  return newline ? `${out}\n` : out;
}

/** Backslash escapes of echo and printf's %b: `\n`, `\t`, `\\`, `\0nnn`, `\c` (stop). */
function escapes(a: string): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < a.length; i++) {
    const c = a[i];
    if (c !== '\\' || i + 1 >= a.length) {
      text += c;
      continue;
    }
    const d = a[++i];
    switch (d) {
      case 'n': text += '\n'; break;
      case 't': text += '\t'; break;
      case 'r': text += '\r'; break;
      case 'a': text += '\x07'; break;
      case 'b': text += '\b'; break;
      case 'f': text += '\f'; break;
      case 'v': text += '\v'; break;
      case '\\': text += '\\'; break;
      case 'c': return { text, stop: true };
      case '0': {
        const m = /^[0-7]{0,3}/.exec(a.slice(i + 1))?.[0] ?? '';
        text += String.fromCharCode(parseInt(m || '0', 8));
        i += m.length;
        break;
      }
      default: text += `\\${d ?? ''}`;
    }
  }
  return { text, stop: false };
}

/** printf(1) as dash's builtin: %s %d %i %u %x %o %c %b %%, escapes in the format, the format reused for extra arguments. */
export function printfText(format: string, args: readonly string[]): string {
  let out = '';
  let ai = 0;
  do {
    const f = escapes(format).text;
    out += f.replace(/%([-+ 0#]*)([0-9]*)(?:\.([0-9]+))?([sdiuxXocb%])/g, (_m, flags: string, width: string, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      const arg = args[ai++] ?? '';
      let s: string;
      switch (conv) {
        case 'd': case 'i': case 'u': s = String(Number.parseInt(arg || '0', 10) || 0); break;
        case 'x': s = (Number.parseInt(arg || '0', 10) || 0).toString(16); break;
        case 'X': s = (Number.parseInt(arg || '0', 10) || 0).toString(16).toUpperCase(); break;
        case 'o': s = (Number.parseInt(arg || '0', 10) || 0).toString(8); break;
        case 'c': s = arg.slice(0, 1); break;
        case 'b': s = escapes(arg).text; break;
        default: s = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
      }
      const w = Number(width || 0);
      return flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
    });
  } while (ai > 0 && ai < args.length);
  return out;
}

/** test(1) / `[` as dash evaluates it (the common primaries). */
function testEval(ctx: CommandContext, a: readonly string[]): boolean {
  const file = (p: string, what: 'e' | 'f' | 'd'): boolean => {
    try {
      const d = lookup(ctx.machine.kernel, ctx.task, p, 'stat').dentry;
      return what === 'e' || (what === 'd' ? d.isDir : !d.isDir);
    } catch {
      return false;
    }
  };
  const unary = (op: string, x: string): boolean => {
    switch (op) {
      case '-n': return x !== '';
      case '-z': return x === '';
      case '-e': case '-a' : return file(x, 'e');
      case '-f': return file(x, 'f');
      case '-d': return file(x, 'd');
      case '-s': return file(x, 'f') && ctx.machine.readFile(ctx.task, x) !== '';
      default: throw new Error(`${op}: unexpected operator`);
    }
  };
  const int = (x: string): number => {
    if (!/^\s*-?[0-9]+\s*$/.test(x)) throw new Error(`Illegal number: ${x}`);
    return Number(x);
  };
  const binary = (x: string, op: string, y: string): boolean => {
    switch (op) {
      case '=': return x === y;
      case '!=': return x !== y;
      case '-eq': return int(x) === int(y);
      case '-ne': return int(x) !== int(y);
      case '-lt': return int(x) < int(y);
      case '-le': return int(x) <= int(y);
      case '-gt': return int(x) > int(y);
      case '-ge': return int(x) >= int(y);
      default: throw new Error(`${op}: unexpected operator`);
    }
  };
  const expr = (xs: readonly string[]): boolean => {
    const or = xs.indexOf('-o');
    if (or > 0) return expr(xs.slice(0, or)) || expr(xs.slice(or + 1));
    const and = xs.indexOf('-a');
    if (and > 0 && xs.length > 3) return expr(xs.slice(0, and)) && expr(xs.slice(and + 1));
    if (xs[0] === '!' && xs.length > 1) return !expr(xs.slice(1));
    if (xs.length === 0) return false;
    if (xs.length === 1) return (xs[0] ?? '') !== '';
    if (xs.length === 2) return unary(xs[0] ?? '', xs[1] ?? '');
    if (xs.length === 3) return binary(xs[0] ?? '', xs[1] ?? '', xs[2] ?? '');
    throw new Error(`${xs[3] ?? ''}: unexpected operator`);
  };
  return expr(a);
}

function testRun(bracket: boolean) {
  return (ctx: CommandContext): number => {
    let args = ctx.argv.slice(1);
    if (bracket) {
      if (args[args.length - 1] !== ']') {
        err(ctx, '[: missing ]');
        return 2;
      }
      args = args.slice(0, -1);
    }
    try {
      return testEval(ctx, args) ? 0 : 1;
    } catch (e) {
      err(ctx, `${bracket ? '[' : 'test'}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
  };
}

function exitNumber(ctx: CommandContext, text: string | undefined): number {
  if (text === undefined) return ctx.shell.status;
  if (!/^[0-9]+$/.test(text)) {
    err(ctx, `${ctx.argv[0] ?? 'exit'}: Illegal number: ${text}`);
    throw new ShellError(2, 'Illegal number');
  }
  return Number(text) & 0xff;
}

export const BUILTINS: readonly CommandDef[] = [
  simple(':', 'Do nothing, successfully.', ': [arguments]', () => 0),
  simple('true', 'Do nothing, successfully.', 'true', () => 0),
  simple('false', 'Do nothing, unsuccessfully.', 'false', () => 1),
  simple('echo', 'Print the arguments, separated by blanks, and a newline (-n: without it); backslash escapes are interpreted.', 'echo [-n] [string...]', (ctx) => {
    ctx.stdout.write(echoText(ctx.argv.slice(1)));
    return 0;
  }),
  simple('printf', 'Print the arguments according to the format.', 'printf format [arguments...]', (ctx) => {
    const [, format, ...args] = ctx.argv;
    if (format === undefined) {
      err(ctx, 'printf: usage: printf format [arg ...]');
      return 2;
    }
    ctx.stdout.write(printfText(format, args));
    return 0;
  }),
  simple('test', 'Evaluate a conditional expression (-e -f -d -s -n -z, = !=, -eq -ne -lt -le -gt -ge, !, -a, -o).', 'test expression', testRun(false)),
  simple('[', 'Evaluate a conditional expression (as test), ending in ].', '[ expression ]', testRun(true)),
  simple('exit', 'Exit the shell with the status given (default: that of the last command).', 'exit [n]', (ctx) => {
    throw new ExitShell(exitNumber(ctx, ctx.argv[1]));
  }),
  simple('cd', 'Change the working directory (default: $HOME, else /).', 'cd [directory]', (ctx) => {
    const sh = ctx.shell;
    const arg = ctx.argv[1] ?? sh.vars.get('HOME') ?? '/';
    const dir = arg === '-' ? (sh.vars.get('OLDPWD') ?? '/') : arg;
    try {
      chdir(ctx.machine.kernel, ctx.task, dir);
    } catch {
      err(ctx, `cd: can't cd to ${arg}`);
      return 2;
    }
    const old = sh.vars.get('PWD') ?? '/';
    sh.vars.set('OLDPWD', old);
    sh.vars.set('PWD', normalize(dir.startsWith('/') ? dir : `${old}/${dir}`));
    if (arg === '-') ctx.stdout.write(`${sh.vars.get('PWD') ?? '/'}\n`);
    return 0;
  }),
  simple('pwd', 'Print the working directory.', 'pwd', (ctx) => {
    ctx.stdout.write(`${ctx.shell.vars.get('PWD') ?? '/'}\n`);
    return 0;
  }),
  simple('export', 'Mark variables for the environment of the commands run (NAME or NAME=value).', 'export name[=value]...', (ctx) => {
    for (const a of ctx.argv.slice(1)) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (eq >= 0) ctx.shell.vars.set(name, a.slice(eq + 1));
      ctx.shell.exported.add(name);
    }
    return 0;
  }),
  simple('unset', 'Remove variables.', 'unset name...', (ctx) => {
    for (const a of ctx.argv.slice(1)) {
      ctx.shell.vars.delete(a);
      ctx.shell.exported.delete(a);
    }
    return 0;
  }),
  simple('shift', 'Shift the positional parameters by n (default 1).', 'shift [n]', (ctx) => {
    const n = Number(ctx.argv[1] ?? '1');
    if (n > ctx.shell.params.length) {
      err(ctx, `shift: can't shift that many`);
      throw new ShellError(2, 'shift');
    }
    ctx.shell.params.splice(0, n);
    return 0;
  }),
  simple('set', 'Set the positional parameters (set -- args).', 'set [--] [argument...]', (ctx) => {
    const args = ctx.argv.slice(1);
    if (args[0] === '--') args.shift();
    ctx.shell.params.splice(0, ctx.shell.params.length, ...args);
    return 0;
  }),
  simple('wait', 'Wait for the background processes given (default: all of them); the status is the last one\'s (127 for a pid that is not a child).', 'wait [pid...]', async (ctx) => {
    const pids = ctx.argv.slice(1);
    if (pids.length === 0) {
      await ctx.shell.waitJobs();
      return 0;
    }
    let status = 0;
    for (const p of pids) status = await ctx.shell.waitJobs(Number(p));
    return status;
  }),
  simple('kill', 'Send a signal (default TERM) to processes; kill -l lists the signals.', 'kill [-s sigspec | -signum | -sigspec] pid...', (ctx) => {
    let args = ctx.argv.slice(1);
    let sig = 15;
    if (args[0] === '-l') {
      ctx.stdout.write(`${SIGNALS.slice(1).join('\n')}\n`);
      return 0;
    }
    if (args[0] === '-s') {
      const s = signalNumber(args[1] ?? '');
      if (s === undefined) {
        err(ctx, `kill: invalid signal number or name: ${args[1] ?? ''}`);
        return 2;
      }
      sig = s;
      args = args.slice(2);
    } else if (args[0]?.startsWith('-') && args[0] !== '--') {
      const s = signalNumber(args[0].slice(1));
      if (s === undefined) {
        err(ctx, `kill: invalid signal number or name: ${args[0].slice(1)}`);
        return 2;
      }
      sig = s;
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    if (args.length === 0) {
      err(ctx, 'kill: Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]');
      return 2;
    }
    let status = 0;
    for (const a of args) {
      if (!/^-?[0-9]+$/.test(a)) {
        err(ctx, `kill: Illegal number: ${a}`);
        throw new ShellError(2, 'Illegal number');
      }
      try {
        ctx.machine.kernel.kill(ctx.task, Number(a), sig);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        err(ctx, `kill: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        status = 1;
      }
    }
    return status;
  }),
  simple('exec', 'Replace the shell with the command (same process, same pid).', 'exec [command [argument...]]', async (ctx) => {
    const argv = ctx.argv.slice(1);
    if (argv.length === 0) return 0;
    const status = await ctx.shell.execProgram(ctx.task, argv, ctx, ctx.env);
    if (status === undefined) {
      err(ctx, `exec: ${argv[0] ?? ''}: not found`);
      throw new ExitShell(127);
    }
    throw new ExitShell(status);
  }),
  simple('read', 'Read a line of standard input into variables (split on blanks, the last takes the rest).', 'read [-r] name...', async (ctx) => {
    const names = ctx.argv.slice(1).filter((a) => a !== '-r');
    const line = await ctx.stdin.readLine();
    if (line === null) return 1;
    const words = line.replace(/\n$/, '').trim().split(/[ \t]+/);
    names.forEach((n, i) => ctx.shell.vars.set(n, i === names.length - 1 ? words.slice(i).join(' ') : (words[i] ?? '')));
    return 0;
  }),
];

function normalize(path: string): string {
  const out: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** `sh`: dash, as a program. */
export const shCommand: CommandDef = {
  name: 'sh',
  summary: 'The shell: run the command string (-c), the script file, or the commands of standard input.',
  usage: ['sh [-c command_string [command_name [argument...]]]', 'sh [file [argument...]]'],
  options: [],
  models: 'dash 0.5.12 dash(1)',
  async run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => !/^-[eaxuv]+$/.test(a));
    if (args[0] === '-c') {
      const command = args[1];
      if (command === undefined) {
        ctx.stderr.write('sh: 0: -c requires an argument\n');
        return 2;
      }
      return ctx.shell.runShellIn(ctx.task, ctx, ctx.env, { command, arg0: args[2] ?? 'sh', params: args.slice(3) });
    }
    if (args[0] !== undefined && args[0] !== '-s') {
      const file = args[0];
      let text: string;
      try {
        text = ctx.machine.readFile(ctx.task, file);
      } catch (e) {
        ctx.stderr.write(`sh: 0: cannot open ${file}: ${e instanceof KernelError && e.code === 'ENOENT' ? 'No such file' : strerror(e)}\n`);
        return 2;
      }
      return ctx.shell.runShellIn(ctx.task, ctx, ctx.env, { arg0: file, params: args.slice(1), input: new TextReader(text) });
    }
    return ctx.shell.runShellIn(ctx.task, ctx, ctx.env, { input: ctx.shell.stdinFor(ctx.stdin) });
  },
};
