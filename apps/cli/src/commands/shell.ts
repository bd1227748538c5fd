/**
 * `nsproxy shell [FILE] [--explain]`
 *
 * A shell on a simulated Linux machine (`@nsproxy/shell`): this module is
 * only the terminal around it. With FILE, or with standard input that is
 * not a terminal, it reads the commands from there and prints only what they
 * print, exiting with the last status, as `sh FILE` and `sh < FILE` do. On
 * a terminal it is an interactive prompt (`# `, `$ `) with line editing and
 * history (node:readline), and a failing command's error line is followed
 * by the rule behind it (`--explain` asks for that in a script too).
 * `--markdown` prints the command reference (docs/shell.md), generated from
 * the same definitions as each command's `--help`.
 */
import type { CAC } from 'cac';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';
import { TextReader, createMachine, runSession, shellReference } from '@nsproxy/shell';
import type { Reader } from '@nsproxy/shell';
import { UsageError } from '../context.ts';
import type { CliCommand, CliContext } from '../context.ts';

interface ShellFlags {
  readonly explain?: unknown;
  readonly markdown?: unknown;
}

/** A reader of lines from a stream that is not a terminal: lines as they come, null at the end. */
export function streamReader(stream: NodeJS.ReadableStream): Reader {
  const rl = createInterface({ input: stream, terminal: false, crlfDelay: Infinity });
  const it = rl[Symbol.asyncIterator]();
  let ended = false;
  return {
    async readLine(): Promise<string | null> {
      if (ended) return null;
      const next = await it.next();
      if (next.done === true) {
        ended = true;
        return null;
      }
      return `${next.value}\n`;
    },
  };
}

/** The interactive terminal: readline's line editing and history, the prompt shown by readline. */
function terminalReader(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Reader & { close(): void } {
  const rl: Interface = createInterface({ input, output, terminal: true, historySize: 1000 });
  const lines: string[] = [];
  let closed = false;
  let waiting: ((line: string | null) => void) | undefined;
  rl.on('line', (line) => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(`${line}\n`);
    } else lines.push(`${line}\n`);
  });
  rl.on('close', () => {
    closed = true;
    output.write('\n');
    waiting?.(null);
    waiting = undefined;
  });
  // ^C abandons the line being typed, as dash does: a new prompt.
  rl.on('SIGINT', () => {
    output.write('^C\n');
    rl.write(null, { ctrl: true, name: 'u' });
    rl.prompt();
  });
  return {
    showsPrompt: true,
    readLine(prompt?: string): Promise<string | null> {
      const queued = lines.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      if (closed) return Promise.resolve(null);
      rl.setPrompt(prompt ?? '');
      rl.prompt();
      return new Promise((r) => (waiting = r));
    },
    close: () => rl.close(),
  };
}

/** The namespace types and rules of the command's areas (every built-in type: user, mnt, uts, ipc, pid, cgroup, net, time). */
function machineOf(ctx: CliContext, explain: boolean): ReturnType<typeof createMachine> {
  return createMachine({ types: ctx.areas.flatMap((a) => a.types), rules: ctx.areas.map((a) => a.rules ?? []), explain });
}

/** The `shell` command's logic: returns the exit status. */
export async function shell(file: string | undefined, flags: ShellFlags, ctx: CliContext): Promise<number> {
  if (flags.markdown === true) {
    if (file !== undefined) throw new UsageError('shell: --markdown takes no FILE');
    ctx.write(`${shellReference()}\n`);
    return 0;
  }
  const stdin = ctx.stdin ?? process.stdin;
  const tty = file === undefined && (ctx.stdinIsTTY ?? process.stdin.isTTY) === true;
  const machine = machineOf(ctx, flags.explain === true);
  const io = { stdout: { write: ctx.write }, stderr: { write: ctx.writeErr } };
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(resolve(ctx.cwd, file), 'utf8');
    } catch {
      // dash's own message for a script it cannot open, and its status.
      ctx.writeErr(`sh: 0: cannot open ${file}: No such file\n`);
      return 2;
    }
    return runSession(machine, io, { input: new TextReader(text), stdin: streamReader(stdin), arg0: file });
  }
  if (tty) {
    const reader = terminalReader(stdin, ctx.stdout ?? process.stdout);
    try {
      return await runSession(machine, io, { input: reader, tty: true });
    } finally {
      reader.close();
    }
  }
  return runSession(machine, io, { input: streamReader(stdin) });
}

export const shellCommand: CliCommand = {
  name: 'shell',
  register(cli: CAC, ctx: CliContext): void {
    cli
      .command('shell [file]', 'A shell on a simulated Linux machine: unshare, nsenter, lsns, ip netns, ... (commands from FILE or standard input; a prompt on a terminal)')
      .option('--explain', 'After a failing command\'s error line, print the rule of the model behind it (always on at a prompt)')
      .option('--markdown', 'Print the command reference of the shell (docs/shell.md is this output)')
      .example('nsproxy shell')
      .example('echo \'unshare -u sh -c "hostname box; hostname"; hostname\' | nsproxy shell')
      .action((file: string | undefined, flags: ShellFlags): Promise<number> => {
        if (Array.isArray(file)) throw new UsageError('shell: one FILE at most');
        return shell(file, flags, ctx);
      });
  },
};
