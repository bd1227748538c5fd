/**
 * dash's builtins (src/builtins.def: they run in the shell's own process,
 * so they take no pid) and `sh` itself. Messages are dash's: `sh: 1: cd:
 * can't cd to /x`, `sh: 1: exit: Illegal number: x`, `kill: No such
 * process` (followed, as in dash 0.5.12, by an empty line).
 */
import { KernelError } from '@nsproxy/core';
import { chdir } from '@nsproxy/mnt';
import type { CommandContext, CommandDef } from '../command.ts';
import { ExitShell, ShellError, queueTrappedSignal } from '../interp.ts';
import { TextReader } from '../io.ts';
import { strerror } from '../machine.ts';
import { LANG_BUILTINS } from './lang.ts';
import { PrintfError, echoText, printfText } from './printf.ts';
import { testCommand } from './test.ts';

const DASH = 'dash 0.5.12 builtin';

import { SIGNALS, signalNumber } from './signals.ts';

export { SIGNALS, signalNumber } from './signals.ts';

function err(ctx: CommandContext, message: string): void {
  ctx.shell.error(ctx, message);
}

function simple(name: string, summary: string, usage: string, run: (ctx: CommandContext) => number | Promise<number>): CommandDef {
  return { name, builtin: true, summary, usage: [usage], options: [], models: DASH, run };
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
  simple('printf', 'Print the arguments according to the format (%s %b %c %d %i %o %u %x %X %e %f %g, flags, widths, precisions; the format reused for the arguments left).', 'printf format [arguments...]', (ctx) => {
    const args = ctx.argv.slice(1);
    if (args[0] === '--') args.shift();
    else if (args[0] !== undefined && args[0].length > 1 && args[0].startsWith('-')) {
      err(ctx, `printf: Illegal option -${args[0][1] ?? ''}`);
      return 2;
    }
    const [format, ...rest] = args;
    if (format === undefined) {
      err(ctx, 'printf: usage: printf format [arg ...]');
      return 2;
    }
    try {
      const { out, warnings } = printfText(format, rest);
      ctx.stdout.write(out);
      for (const w of warnings) err(ctx, `printf: ${w}`);
      return warnings.length > 0 ? 1 : 0;
    } catch (e) {
      if (!(e instanceof PrintfError)) throw e;
      ctx.stdout.write(e.out);
      err(ctx, `printf: ${e.message}`);
      return 2;
    }
  }),
  simple('test', 'Evaluate a conditional expression: files (-e -f -d -h -L -r -w -x -s -u -g -k -O -G, -ef), strings (-n -z = != < >), integers (-eq -ne -lt -le -gt -ge), ! -a -o ( ).', 'test expression', testCommand),
  simple('[', 'Evaluate a conditional expression (as test), ending in ].', '[ expression ]', testCommand),
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
  simple('wait', 'Wait for the background processes given (default: all of them); the status is the last one\'s (127 for a pid that is not a child).', 'wait [pid...]', async (ctx) => {
    const pids = ctx.argv.slice(1);
    if (pids.length === 0) {
      await ctx.shell.waitJobs();
      return 0;
    }
    let status = 0;
    for (const p of pids) {
      if (!/^[0-9]+$/.test(p)) {
        err(ctx, `wait: Illegal number: ${p}`);
        return 2;
      }
      status = await ctx.shell.waitJobs(Number(p), ctx);
    }
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
        const target = Number(a) > 0 ? ctx.machine.kernel.findTask(ctx.task, Number(a)) : undefined;
        ctx.machine.kernel.kill(ctx.task, Number(a), sig);
        // A shell that traps the signal runs its trap at its next command.
        if (target && sig !== 0 && target.sighand.action(sig) === 'handle') queueTrappedSignal(target, sig);
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
    throw new ExitShell(status, true);
  }),
  ...LANG_BUILTINS,
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
    // procargs: option letters (set's, and -c, -s, -i), then the operands.
    const args = ctx.argv.slice(1);
    let cflag = false;
    let sflag = false;
    let letters = '';
    while (args[0] !== undefined && /^[-+]./.test(args[0])) {
      const a = args.shift() ?? '';
      if (a === '--' || a === '+-') break;
      for (const c of a.slice(1)) {
        if (c === 'c') cflag = a.startsWith('-');
        else if (c === 's') sflag = a.startsWith('-');
        else if (c === 'i' || c === 'l') continue;
        else if ('efIxvVECabunp'.includes(c)) {
          if (a.startsWith('-')) letters += c;
        } else {
          ctx.stderr.write(`sh: 0: Illegal option ${a[0] ?? '-'}${c}\n`);
          return 2;
        }
      }
    }
    const options = letters === '' ? undefined : `-${letters}`;
    if (cflag) args.unshift('-c');
    if (args[0] === '-c') {
      const command = args[1];
      if (command === undefined) {
        ctx.stderr.write('sh: 0: -c requires an argument\n');
        return 2;
      }
      return ctx.shell.runShellIn(ctx.task, ctx, ctx.env, { command, arg0: args[2] ?? 'sh', params: args.slice(3), ...(options ? { options } : {}) });
    }
    if (args[0] !== undefined && !sflag) {
      const file = args[0];
      let text: string;
      try {
        text = ctx.machine.readFile(ctx.task, file);
      } catch (e) {
        ctx.stderr.write(`sh: 0: cannot open ${file}: ${e instanceof KernelError && e.code === 'ENOENT' ? 'No such file' : strerror(e)}\n`);
        return 2;
      }
      return ctx.shell.runShellIn(ctx.task, ctx, ctx.env, { arg0: file, params: args.slice(1), input: new TextReader(text), ...(options ? { options } : {}) });
    }
    return ctx.shell.runShellIn(ctx.task, ctx, ctx.env, { input: ctx.shell.stdinFor(ctx.stdin), params: args, options: `-s${letters}` });
  },
};
