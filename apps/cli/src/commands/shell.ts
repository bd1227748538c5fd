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
 * the same definitions as each command's `--help`. `--load FILE` starts
 * from a machine saved by `--save FILE` (the state's (de)serialization is
 * @nsproxy/shell's `saveMachine`/`loadMachine`; only the file I/O is here):
 * a state that cannot be loaded is one line on stderr and status 2.
 * `--road NAME` (repeatable) opens roads not taken on the machine
 * (docs/roads/), an unknown one being a usage error; `--roads` lists the
 * roads the machine knows. At a prompt the banner names the open roads.
 */
import type { CAC } from 'cac';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';
import type { Road } from '@nsproxy/core';
import { MachineStateError, TextReader, createMachine, loadMachine, machineRoads, openRoads, roadLines, runSession, saveMachine, settleMachine, shellReference } from '@nsproxy/shell';
import type { Machine, MachineOptions, Reader } from '@nsproxy/shell';
import { UsageError } from '../context.ts';
import type { CliCommand, CliContext } from '../context.ts';

interface ShellFlags {
  readonly road?: unknown;
  readonly roads?: unknown;
  readonly explain?: unknown;
  readonly markdown?: unknown;
  readonly save?: unknown;
  readonly load?: unknown;
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

/** The namespace types and rules of the command's areas (every built-in type: user, mnt, uts, ipc, pid, cgroup, net, time), and the roads to open. */
function machineOptions(ctx: CliContext, explain: boolean, roads: readonly string[] = []): MachineOptions {
  return { types: ctx.areas.flatMap((a) => a.types), rules: ctx.areas.map((a) => a.rules ?? []), explain, ...(roads.length > 0 ? { roads } : {}) };
}

/** Every road not taken a machine of the command's types knows: core's, then each type's (docs/roads/). */
function knownRoads(ctx: CliContext): readonly Road[] {
  return machineRoads(ctx.areas.flatMap((a) => a.types));
}

/** The roads of `--road NAME` (repeatable), each checked against the roads the machine knows: a usage error names the unknown one. */
function roadFlags(ctx: CliContext, value: unknown): string[] {
  if (value === undefined) return [];
  const names = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : ''));
  const known = knownRoads(ctx).map((r) => r.name);
  const out: string[] = [];
  for (const name of names) {
    if (name === '') throw new UsageError('shell: --road takes a NAME (nsproxy shell --roads lists them)');
    if (!known.includes(name)) throw new UsageError(`shell: unknown road '${name}' (roads: ${known.join(', ') || 'none'}; nsproxy shell --roads describes them)`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** A file name given to --save or --load (a flag without one is a usage error). */
function stateFile(flag: 'save' | 'load', value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`shell: --${flag} takes a FILE`);
  return value;
}

/** The first line of an error's message. */
function firstLine(e: unknown): string {
  return ((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '').trim();
}

/** The machine saved in FILE (`--load`), or the status after printing why it cannot be loaded. */
async function loadStateFile(ctx: CliContext, file: string, options: MachineOptions): Promise<Machine | number> {
  const fail = (why: string): number => {
    ctx.writeErr(`nsproxy: shell: cannot load ${file}: ${why}\n`);
    return 2;
  };
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, file), 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return fail(code === 'ENOENT' ? 'No such file' : code === 'EISDIR' ? 'Is a directory' : code === 'EACCES' ? 'Permission denied' : firstLine(e));
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    return fail('not a machine state (not JSON)');
  }
  try {
    return loadMachine(state, options);
  } catch (e) {
    if (e instanceof MachineStateError) return fail(e.message);
    throw e;
  }
}

/** Writes the machine to FILE (`--save`; through a temporary file, so that FILE is whole or untouched); 0, or 2 after saying why not. */
async function saveStateFile(ctx: CliContext, file: string, machine: Machine): Promise<number> {
  const path = resolve(ctx.cwd, file);
  try {
    await settleMachine(machine);
    const text = `${JSON.stringify(saveMachine(machine))}\n`;
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
    return 0;
  } catch (e) {
    ctx.writeErr(`nsproxy: shell: cannot save ${file}: ${firstLine(e)}\n`);
    return 2;
  }
}

/** The `shell` command's logic: returns the exit status. */
export async function shell(file: string | undefined, flags: ShellFlags, ctx: CliContext): Promise<number> {
  if (flags.markdown === true) {
    if (file !== undefined) throw new UsageError('shell: --markdown takes no FILE');
    ctx.write(`${shellReference()}\n`);
    return 0;
  }
  if (flags.roads !== undefined && flags.roads !== false) {
    if (file !== undefined) throw new UsageError('shell: --roads takes no FILE');
    ctx.write(roadLines(knownRoads(ctx), false));
    return 0;
  }
  const save = stateFile('save', flags.save);
  const load = stateFile('load', flags.load);
  const roads = roadFlags(ctx, flags.road);
  if (roads.length > 0 && load !== undefined) throw new UsageError('shell: --road and --load: a loaded machine keeps the roads it was saved with');
  const options = machineOptions(ctx, flags.explain === true, roads);
  const machine = load === undefined ? createMachine(options) : await loadStateFile(ctx, load, options);
  if (typeof machine === 'number') return machine;
  const status = await session(file, machine, ctx);
  if (status === SCRIPT_UNREADABLE) return 2;
  if (save === undefined) return status;
  const saved = await saveStateFile(ctx, save, machine);
  return saved === 0 ? status : saved;
}

/** What `session` returns when FILE cannot be opened (dash's status 2 is a number a script can end with too). */
const SCRIPT_UNREADABLE = -1;

/** The login session: FILE, the terminal or standard input; its exit status. */
async function session(file: string | undefined, machine: Machine, ctx: CliContext): Promise<number> {
  const stdin = ctx.stdin ?? process.stdin;
  const tty = file === undefined && (ctx.stdinIsTTY ?? process.stdin.isTTY) === true;
  const io = { stdout: { write: ctx.write }, stderr: { write: ctx.writeErr } };
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(resolve(ctx.cwd, file), 'utf8');
    } catch {
      // dash's own message for a script it cannot open, and its status.
      ctx.writeErr(`sh: 0: cannot open ${file}: No such file\n`);
      return SCRIPT_UNREADABLE;
    }
    return runSession(machine, io, { input: new TextReader(text), stdin: streamReader(stdin), arg0: file });
  }
  if (tty) {
    // The banner, at a prompt only: the roads not taken this machine opened (`roads -a` lists them all).
    const open = openRoads(machine.kernel);
    if (open.length > 0) ctx.write(`roads not taken open: ${open.map((r) => r.name).join(', ')} (not Linux 6.18; \`roads -a\` lists them)\n`);
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
      .option('--road <name>', 'Open a road not taken on the machine (repeatable): an interface proposed on the list and replaced in Linux, e.g. nsproxy-ids (docs/roads/)')
      .option('--roads', 'List the roads not taken the machine knows, and what Linux has instead')
      .option('--explain', 'After a failing command\'s error line, print the rule of the model behind it (always on at a prompt)')
      .option('--markdown', 'Print the command reference of the shell (docs/shell.md is this output)')
      .option('--load <file>', 'Start from the machine saved in FILE by --save (its namespaces, mounts, links, files, processes, clock), instead of a fresh one')
      .option('--save <file>', 'At the end, save the machine to FILE (JSON; the same file as --load is fine). A background sleep goes on sleeping after --load; any other background process waits, until killed (unshare/nsenter --fork: until its child exits)')
      .example('nsproxy shell')
      .example('echo roads | nsproxy shell --road nsproxy-ids')
      .example('echo \'unshare -u sh -c "hostname box; hostname"; hostname\' | nsproxy shell')
      .example('echo \'ip netns add blue; sleep 100 &\' | nsproxy shell --save m.json; echo \'ip netns list; ps\' | nsproxy shell --load m.json')
      .action((file: string | undefined, flags: ShellFlags): Promise<number> => {
        if (Array.isArray(file)) throw new UsageError('shell: one FILE at most');
        return shell(file, flags, ctx);
      });
  },
};
