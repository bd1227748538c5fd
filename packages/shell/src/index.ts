/**
 * @nsproxy/shell: the simulated userland. A machine (`Machine`: a kernel
 * booted with every namespace type, init, a hostname, eth0, a root file
 * system), a shell that runs dash's language on it (`Shell`), and the
 * commands a user of Linux meets there (util-linux's unshare, nsenter,
 * lsns, mount; iproute2's ip; coreutils; the filters), each defined once
 * (`CommandDef`) with its help. Browser-safe: no `node:` module.
 *
 * Also `lsns(kernel)`, the lsns(8) table as a function (sys-utils/lsns.c:
 * columns NS TYPE NPROCS PID USER COMMAND, sorted by inode; USER is the
 * effective uid of the PID, the owner of its /proc/PID).
 */
import type { Kernel, NamespaceRow, Task } from '@nsproxy/core';
import { helpText } from './command.ts';
import type { CommandDef } from './command.ts';
import { BUILTINS, shCommand } from './commands/builtins.ts';
import { COREUTILS_COMMANDS } from './commands/coreutils.ts';
import { COREUTILS2_COMMANDS } from './commands/coreutils2.ts';
import { PROCPS_COMMANDS } from './commands/procps.ts';
import { bashCommand } from './commands/bash.ts';
import { FILTER_COMMANDS } from './commands/filters.ts';
import { IP_COMMANDS } from './commands/ip.ts';
import { MORE_COMMANDS } from './commands/more.ts';
import { UTIL_LINUX_COMMANDS } from './commands/util-linux.ts';
import { SU_COMMANDS } from './commands/su.ts';
import { bindNsCommand, nsproxyIdCommand, roadsCommand, unshareNsCommand } from './commands/roads.ts';
import { Shell } from './interp.ts';
import type { Io } from './interp.ts';
import { TextReader } from './io.ts';
import type { Reader } from './io.ts';
import { Machine, SHELL_RULES } from './machine.ts';
import type { MachineOptions } from './machine.ts';

export { HELP_OPTIONS, UsageError, getopt, helpText, optionValue, parseOrExit } from './command.ts';
export type { CommandContext, CommandDef, OptionSpec, ParsedArgs } from './command.ts';
export { Buffer, EMPTY, NULL_WRITER, TextReader, readAll } from './io.ts';
export type { Reader, Writer } from './io.ts';
export { Killed, Machine, SHELL_RULES, SHELL_TYPES, settle, strerror } from './machine.ts';
export { UIDMAP_COMMANDS } from './commands/uidmap.ts';
export type { MachineOptions } from './machine.ts';
export { bindNsCommand, machineRoads, nsproxyIdCommand, openRoads, roadLines, roadsCommand, unshareNsCommand } from './commands/roads.ts';
export { MACHINE_STATE_FORMAT, MACHINE_STATE_VERSION, MachineStateError, loadMachine, saveMachine, settleMachine } from './state.ts';
export type { MachineState, SavedProcess } from './state.ts';
export { ExitShell, Shell, ShellError, shellStatus } from './interp.ts';
export type { Io, ShellOptions } from './interp.ts';
export { Incomplete, SyntaxError, parseAll, parseCommand } from './parse.ts';
export { kernelGraph, machineGraph, quiesce, toDot, toMermaid, toSvg } from './graph.ts';
export type { Graph, GraphEdge, GraphNode } from './graph.ts';
export { LSNS_COLUMNS, LSNS_TYPES, lsnsDefaultColumns, lsnsOutputColumns, lsnsProcessParents, lsnsTable, rawEscape } from './lsns-table.ts';
export type { LsnsCell, LsnsColumn, LsnsLine, LsnsTableOptions } from './lsns-table.ts';
export type { AndOr, Command, List, ListItem, Pipeline, Redir, SimpleCommand, Word, WordPart } from './parse.ts';

/** Every command of the userland, builtins first. */
export const COMMANDS: readonly CommandDef[] = [...BUILTINS, roadsCommand, unshareNsCommand, bindNsCommand, nsproxyIdCommand, shCommand, bashCommand, ...COREUTILS_COMMANDS, ...COREUTILS2_COMMANDS, ...PROCPS_COMMANDS, ...UTIL_LINUX_COMMANDS, ...MORE_COMMANDS, ...SU_COMMANDS, ...IP_COMMANDS, ...FILTER_COMMANDS];

/** A machine with every command installed. */
export function createMachine(options: MachineOptions = {}): Machine {
  return new Machine({ commands: COMMANDS, rules: SHELL_RULES, ...options });
}

/** How a session's login shell is started. */
export interface LoginOptions {
  /** Where it reads commands: a script, or the terminal. */
  readonly input: Reader;
  /** The session's standard input (default: `input`): a shell started without a command reads `input` when its stdin is this. */
  readonly stdin?: Reader;
  /** The input is a terminal: prompts (`# `, `$ `), errors that do not end the shell, and the rule behind a failed call. */
  readonly tty?: boolean;
  /** `$0` and the name in messages (default `sh`; a script's name). */
  readonly arg0?: string;
}

/**
 * Logs in: init forks the session's shell (pid 2, root, in the initial
 * namespaces), which reads `input` to its end or `exit`. Returns the exit
 * status, as `sh FILE` or `sh < FILE` does.
 */
export async function runSession(machine: Machine, io: Omit<Io, 'stdin'>, options: LoginOptions): Promise<number> {
  const stdin = options.stdin ?? options.input;
  machine.terminal = stdin;
  machine.tty = options.tty ?? false;
  if (machine.tty) machine.explain = true;
  const task = machine.fork(machine.init);
  machine.exec(task, ['sh']);
  const env = new Map([['HOME', '/root'], ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['SHELL', '/bin/sh'], ['PWD', '/']]);
  const shell = new Shell(machine, task, { arg0: options.arg0 ?? 'sh', env, input: options.input, interactive: machine.tty && options.input === stdin });
  // dash's -s: the commands come from standard input (no script file was named); `$-` shows it.
  if (options.arg0 === undefined) shell.options.stdin = true;
  const status = await shell.run({ stdin, ...io });
  if (task.state === 'running') machine.kernel.exit(task, status);
  return status;
}

/** Runs a script on a fresh machine and returns what it printed and its status (tests, the playground). */
export async function runScript(script: string, options: MachineOptions & { readonly arg0?: string } = {}): Promise<{ stdout: string; stderr: string; status: number }> {
  const machine = createMachine(options);
  let stdout = '';
  let stderr = '';
  const status = await runSession(machine, { stdout: { write: (t) => void (stdout += t) }, stderr: { write: (t) => void (stderr += t) } }, { input: new TextReader(script), arg0: options.arg0 });
  return { stdout, stderr, status };
}

/**
 * The CLI reference page of the shell (docs/shell.md): every command's
 * synopsis, what it models and its --help, printed from the same
 * definitions the commands use.
 */
export function shellReference(): string {
  const out: string[] = [
    '# nsproxy shell: command reference',
    '',
    '<!-- Generated by shellReference() of @nsproxy/shell from the command definitions; do not edit (a test checks it). -->',
    '',
    '`nsproxy shell [FILE]` runs a shell on a simulated Linux machine: the',
    'language of Debian\'s `/bin/sh` (dash), and the commands below, each',
    'behaving as the tool it models. Builtins run in the shell\'s own process;',
    'the other commands run in a process the shell forks, so they take a pid,',
    'as on Linux.',
    '',
    'The language is dash 0.5.12\'s as scripts use it, with its messages and',
    'exit statuses: quoting, `;`, `&&`, `||`, `&`, pipes, `!`, `( )`, `{ }`,',
    '`if`, `while`, `until`, `for`, `case`, functions (`local`, `return`),',
    'every `${...}` operator, `$(...)`, `$((...))`, `$@`, `$*`, `IFS`, tilde',
    'and pathname expansion, redirections (descriptors 0 to 9, here-documents,',
    '`exec` redirections), `set -e -u -x -v -f -C -a`, traps (EXIT and the',
    'signals `kill` sends), and the builtins below. Not there: aliases, job',
    'control (`jobs`, `fg`, `bg`), `ulimit`, `hash`, `fc`, history expansion.',
    '',
    '`nsproxy shell --save FILE` writes the machine to FILE when the session',
    'ends (JSON: the same script gives the same file), and `nsproxy shell',
    '--load FILE` starts from it instead of a fresh machine (both together:',
    'load, run, save; one FILE may be both). Everything the machine holds is',
    'kept: namespaces, mounts and pinned namespace files, links and addresses,',
    'IPC objects, cgroups, files, processes and their argv, the clock. The',
    'session itself is not: each run logs in anew, so the last session\'s',
    'variables and jobs are gone (its background processes are init\'s',
    'children, as on Linux, so `wait` does not wait for them; `ps` shows them',
    'and `kill` ends them). A background process comes back as what it was',
    'doing: a `sleep` sleeps for the time it had left; the parent of',
    '`unshare --fork`, `nsenter --fork` or `su` waits for its child and exits',
    'with its status; any other (a subshell, a loop, `ping`) cannot be resumed',
    'and waits, doing nothing but reaping its children, until it is killed. A',
    'state file that cannot be loaded (not one, another version, saved with',
    'other namespace types) is one line on stderr and exit status 2.',
    '',
    '`nsproxy shell --road NAME` (repeatable) starts the machine with a road',
    'not taken open: an interface proposed on the list and replaced in Linux,',
    'such as `nsproxy-ids` ([roads/index.md](roads/index.md)); `nsproxy shell',
    '--roads` lists the roads the machine knows, and the `roads` builtin the',
    'ones it opened (at a prompt, the banner names them). Without a road the',
    'machine is Linux 6.18; a machine saved with roads is loaded with them.',
    '',
    '| command | models | builtin |',
    '| --- | --- | --- |',
    ...COMMANDS.map((c) => `| ${/^[a-z]/.test(c.name) ? `[\`${c.name}\`](#${c.name})` : `\`${c.name}\``} | ${c.models} | ${c.builtin ? 'yes' : ''} |`),
    '',
  ];
  for (const c of COMMANDS) {
    out.push(`## ${c.name}`, '', c.summary, '', '```', helpText(c).replace(/^\n/, '').replace(/\n$/, ''), '```', '');
  }
  return out.join('\n');
}

/** Options of `lsns`. */
export interface LsnsOptions {
  /** Only namespaces of this type (`lsns -t uts`). */
  readonly type?: string;
  /**
   * Print as seen by this task: the processes of its pid namespace whose ns
   * links it may read, ids as its user namespace maps them. Default: the
   * initial pid and user namespaces, reading everything.
   */
  readonly viewer?: Task;
  /** Include namespaces only held by open files (NPROCS 0). Default true, like recent lsns. */
  readonly withoutProcesses?: boolean;
}

/** A user name as lsns shows it: `root` for 0, else the number. */
export function userName(uid: number): string {
  return uid === 0 ? 'root' : String(uid);
}

/** The rows lsns would list. */
export function lsnsRows(kernel: Kernel, options: LsnsOptions = {}): NamespaceRow[] {
  return kernel
    .listNamespaces(options.viewer)
    .filter((r) => (options.type === undefined || r.type === options.type) && (options.withoutProcesses !== false || r.nprocs > 0));
}

/** lsns(8)'s table: right-aligned numbers, one line per namespace. */
export function lsns(kernel: Kernel, options: LsnsOptions = {}): string {
  const rows = lsnsRows(kernel, options);
  const table: string[][] = [['NS', 'TYPE', 'NPROCS', 'PID', 'USER', 'COMMAND']];
  for (const r of rows) {
    table.push([String(r.ns), r.type, String(r.nprocs), r.pid ? String(r.pid) : '', r.command ? userName(r.uid) : '', r.command]);
  }
  const right = [true, false, true, true, false, false];
  const widths = (table[0] ?? []).map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  return table
    .map((row) =>
      row
        .map((cell, i) => {
          const w = widths[i] ?? 0;
          if (i === row.length - 1) return cell;
          return right[i] ? cell.padStart(w) : cell.padEnd(w);
        })
        .join(' ')
        .trimEnd(),
    )
    .join('\n');
}
