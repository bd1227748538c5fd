/**
 * `bash`, as far as the machine has it: the shell's own language (dash's,
 * the subset `nsproxy shell` runs), with the ways GNU bash 5.2.15 differs
 * where the man pages' examples see it (interp.ts, ShellOptions.bash): its
 * messages (`bash: nosuch: command not found`, `NAME: line N: ...` when $0
 * is not `bash`: error.c error_prolog), and the exec in place of a `-c`
 * string's last simple command, alone or after `;`, `&&` or `||` (bash's
 * ONESHOT and optimize_connection_fork: `bash -c 'a && sleep 9'` leaves
 * `sleep` in bash's process, where dash forks it). Startup files do not
 * exist, so --norc and --noprofile change nothing.
 */
import { KernelError } from '@nsproxy/core';
import { helpText } from '../command.ts';
import type { CommandDef } from '../command.ts';
import { TextReader } from '../io.ts';
import { strerror } from '../machine.ts';

/** The long options bash takes that the machine has nothing to do for. */
const IGNORED_LONG = ['--norc', '--noprofile', '--posix', '--noediting', '--login'];

export const bashCommand: CommandDef = {
  name: 'bash',
  summary: 'GNU bash, as far as the machine has it: the shell\'s language with bash\'s messages, and a -c string\'s last simple command exec\'d in bash\'s own process.',
  usage: ['bash [--norc] [--noprofile] -c command_string [command_name [argument...]]', 'bash [--norc] [--noprofile] [file [argument...]]'],
  options: [
    { long: 'norc', help: 'do not read ~/.bashrc (the machine has none)' },
    { long: 'noprofile', help: 'do not read the profile files (the machine has none)' },
    { short: 'c', help: 'read the commands from the first operand' },
    { long: 'help', help: 'display this help' },
  ],
  models: 'GNU bash 5.2.15 bash(1)',
  async run(ctx) {
    const args = [...ctx.argv.slice(1)];
    let command = false;
    while (args[0]?.startsWith('-') && args[0] !== '-') {
      const a = args.shift() ?? '';
      if (a === '--') break;
      if (a === '--help') {
        ctx.stdout.write(helpText(this));
        return 0;
      }
      if (IGNORED_LONG.includes(a)) continue;
      if (a.startsWith('--')) {
        ctx.stderr.write(`bash: ${a}: invalid option\n`);
        return 2;
      }
      // Short options: -c, and set's flags (-e, -x, ...), which the machine's shell takes and ignores.
      if (a.includes('c')) command = true;
    }
    if (command) {
      const string = args[0];
      if (string === undefined) {
        ctx.stderr.write('bash: -c: option requires an argument\n');
        return 2;
      }
      return ctx.shell.runShellIn(ctx.task, ctx, ctx.env, { command: string, arg0: args[1] ?? ctx.argv[0] ?? 'bash', params: args.slice(2), bash: true });
    }
    const file = args[0];
    if (file !== undefined) {
      let text: string;
      try {
        text = ctx.machine.readFile(ctx.task, file);
      } catch (e) {
        ctx.stderr.write(`bash: ${file}: ${e instanceof KernelError ? strerror(e) : String(e)}\n`);
        return 127;
      }
      return ctx.shell.runShellIn(ctx.task, ctx, ctx.env, { arg0: file, params: args.slice(1), input: new TextReader(text), bash: true });
    }
    return ctx.shell.runShellIn(ctx.task, ctx, ctx.env, { arg0: 'bash', input: ctx.shell.stdinFor(ctx.stdin), bash: true });
  },
};
