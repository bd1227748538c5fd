/**
 * One definition per command: its name, synopsis, options, help text and
 * `run`. The `--help` of a command and the CLI reference page
 * (`docs/shell.md`, `reference.ts`) are both printed from it, so they cannot
 * drift. Options are parsed the way glibc's getopt_long parses them for
 * util-linux (`+` optstrings stop at the first operand; unique prefixes of
 * long options are accepted), and a bad option is reported with glibc's
 * message and util-linux's `Try '<cmd> --help' for more information.`
 * (`errtryhelp`, exit status 1).
 */
import type { Task } from '@nsproxy/core';
import type { Reader, Writer } from './io.ts';
import type { Machine } from './machine.ts';
import type { Shell } from './interp.ts';

/** One option: `-m`, `--mount`, with no argument, a required one, or an optional one (`--mount[=<file>]`). */
export interface OptionSpec {
  readonly short?: string;
  readonly long?: string;
  readonly arg?: 'required' | 'optional';
  /** An optional argument that only the long form takes (util-linux's unshare: `--net=FILE`, but `-n` takes none). */
  readonly longOnlyArg?: boolean;
  /** The short form's argument is required though the long form's is optional (nsenter's `-W <dir>`, `--wdns=<dir>`). */
  readonly shortArg?: 'required';
  /** The argument's name in the help (`<file>`). */
  readonly argName?: string;
  readonly help: string;
  /** With the command's `helpColumn`: the option's left column exactly as the tool prints it (` -W. --wdns <dir>`). */
  readonly label?: string;
  /** With `helpColumn`: a blank line (USAGE_SEPARATOR) before this option. */
  readonly separator?: boolean;
  /** With `helpColumn`: the description starts on the line after the label (a label wider than the column). */
  readonly helpOnNextLine?: boolean;
  /** Left out of the help (an alias printed on another option's line, or an option usage() does not list). */
  readonly hidden?: boolean;
}

/** What `run` gets. */
export interface CommandContext {
  readonly machine: Machine;
  /** The process running the command (the shell's own for a builtin). */
  readonly task: Task;
  /** The shell that started it (for builtins, and for the shells unshare and nsenter start). */
  readonly shell: Shell;
  readonly argv: readonly string[];
  readonly stdin: Reader;
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** The environment the command got (exported variables and its assignments). */
  readonly env: ReadonlyMap<string, string>;
}

/** A command of the userland. */
export interface CommandDef {
  readonly name: string;
  /** Runs in the shell's process, as one of dash's builtins (no fork, so no pid). */
  readonly builtin?: boolean;
  /** One line: what it does (the help's description). */
  readonly summary: string;
  /** The synopsis lines, without the name's `Usage:` header (`unshare [options] [<program> [<argument>...]]`). */
  readonly usage: readonly string[];
  readonly options: readonly OptionSpec[];
  /** Extra text after the options (subcommands, columns). */
  readonly more?: string;
  /** The Linux tool it models, for the reference page (`util-linux 2.38.1 unshare(1)`). */
  readonly models: string;
  /** getopt_long with a `+` optstring: options end at the first operand (commands that run a program). */
  readonly stopAtOperand?: boolean;
  /**
   * The help as the tool's usage() prints it, byte for byte: each option's
   * left column (its `label`, else ` -x, --long <arg>`) padded to this
   * column, the blank lines of `separator`, and -h/-V after a blank line
   * (USAGE_HELP_OPTIONS(column)). Without it, a generic layout.
   */
  readonly helpColumn?: number;
  run(ctx: CommandContext): number | Promise<number>;
}

/** The options every util-linux command has. */
export const HELP_OPTIONS: readonly OptionSpec[] = [
  { short: 'h', long: 'help', help: 'display this help', separator: true },
  { short: 'V', long: 'version', help: 'display version' },
];

/** The left column of an option in the help: ` -m, --mount[=<file>]`. */
function optionLabel(o: OptionSpec): string {
  const arg = o.arg === 'required' ? ` ${o.argName ?? '<arg>'}` : o.arg === 'optional' ? `[=${o.argName ?? '<arg>'}]` : '';
  if (o.short && o.long) return ` -${o.short}, --${o.long}${o.arg === 'required' ? `=${o.argName ?? '<arg>'}` : arg}`;
  if (o.long) return ` --${o.long}${o.arg === 'required' ? `=${o.argName ?? '<arg>'}` : arg}`;
  return ` -${o.short ?? '?'}${arg}`;
}

/** util-linux's left column of an option: ` -t, --target <pid>`, ` -m, --mount[=<file>]`, ` --keep-caps`. */
function utilLinuxLabel(o: OptionSpec): string {
  if (o.label !== undefined) return o.label;
  const arg = o.arg === 'required' ? ` ${o.argName ?? '<arg>'}` : o.arg === 'optional' ? `[=${o.argName ?? '<arg>'}]` : '';
  if (o.short && o.long) return ` -${o.short}, --${o.long}${arg}`;
  if (o.long) return ` --${o.long}${arg}`;
  return ` -${o.short ?? '?'}${arg}`;
}

/** The `--help` text, in util-linux's layout (usage, description, options, `For more details see`). */
export function helpText(def: CommandDef): string {
  const lines = ['', 'Usage:', ...def.usage.map((u) => ` ${u}`), '', def.summary, ''];
  if (def.helpColumn !== undefined && def.options.length > 0) {
    // usage(): USAGE_OPTIONS, the option lines, USAGE_SEPARATOR before each group, USAGE_HELP_OPTIONS(column).
    const width = def.helpColumn;
    lines.push('Options:');
    for (const o of def.options) {
      if (o.hidden === true) continue;
      if (o.separator === true) lines.push('');
      const label = utilLinuxLabel(o);
      const [first = '', ...rest] = o.help.split('\n');
      if (o.helpOnNextLine === true) lines.push(label, `${' '.repeat(width)}${first}`);
      else lines.push(label.length < width ? `${label.padEnd(width)}${first}` : `${label} ${first}`);
      lines.push(...rest);
    }
    lines.push('');
  } else if (def.options.length > 0) {
    lines.push('Options:');
    const shown = def.options.filter((o) => o.hidden !== true);
    const labels = shown.map(optionLabel);
    const width = Math.min(28, Math.max(...labels.map((l) => l.length)) + 2);
    shown.forEach((o, i) => {
      const label = labels[i] ?? '';
      if (label.length + 1 > width) lines.push(label, `${' '.repeat(width)}${o.help}`);
      else lines.push(`${label.padEnd(width)}${o.help}`);
    });
    lines.push('');
  }
  if (def.more) lines.push(def.more.replace(/\n$/, ''), '');
  const manual = /\b([a-z]+\([0-9]\))/.exec(def.models)?.[1];
  if (manual) lines.push(`For more details see ${manual}.`);
  return `${lines.join('\n')}\n`;
}

/** A usage error: the message is printed as `<cmd>: <message>` and then the try-help line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The parsed command line: the options in order (by long name, else short), and the operands. */
export interface ParsedArgs {
  readonly options: readonly (readonly [string, string | undefined])[];
  readonly operands: readonly string[];
}

/** The value of the last `key` option given, `true` if given without a value, undefined if absent. */
export function optionValue(args: ParsedArgs, key: string): string | true | undefined {
  let v: string | true | undefined;
  for (const [k, value] of args.options) if (k === key) v = value ?? true;
  return v;
}

/** getopt_long over `argv` (without the command name). Throws UsageError with glibc's text. */
export function getopt(def: CommandDef, argv: readonly string[]): ParsedArgs {
  const options: [string, string | undefined][] = [];
  const operands: string[] = [];
  const keyOf = (o: OptionSpec): string => o.long ?? o.short ?? '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = def.options.find((o) => o.long === name);
      const matches = exact ? [exact] : def.options.filter((o) => o.long?.startsWith(name));
      if (matches.length === 0) throw new UsageError(`unrecognized option '${a}'`);
      if (matches.length > 1) throw new UsageError(`option '${a}' is ambiguous; possibilities:${matches.map((m) => ` '--${m.long ?? ''}'`).join('')}`);
      const o = matches[0] as OptionSpec;
      if (eq >= 0) {
        if (!o.arg) throw new UsageError(`option '--${o.long ?? ''}' doesn't allow an argument`);
        options.push([keyOf(o), a.slice(eq + 1)]);
      } else if (o.arg === 'required') {
        const v = argv[i + 1];
        if (v === undefined) throw new UsageError(`option '--${o.long ?? ''}' requires an argument`);
        options.push([keyOf(o), v]);
        i++;
      } else options.push([keyOf(o), undefined]);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] ?? '';
        const o = def.options.find((x) => x.short === c);
        if (!o) throw new UsageError(`invalid option -- '${c}'`);
        if (!o.arg || o.longOnlyArg === true) {
          options.push([keyOf(o), undefined]);
          continue;
        }
        const rest = a.slice(j + 1);
        if (rest !== '') options.push([keyOf(o), rest]);
        else if (o.arg === 'required' || o.shortArg === 'required') {
          const v = argv[i + 1];
          if (v === undefined) throw new UsageError(`option requires an argument -- '${c}'`);
          options.push([keyOf(o), v]);
          i++;
        } else options.push([keyOf(o), undefined]);
        break;
      }
      continue;
    }
    if (def.stopAtOperand) {
      operands.push(...argv.slice(i));
      break;
    }
    operands.push(a);
  }
  return { options, operands };
}

/**
 * Parses the options of `ctx.argv` and handles `--help`, `--version` and bad
 * options as util-linux does; returns the parsed arguments, or the exit
 * status when the command is done.
 */
export function parseOrExit(def: CommandDef, ctx: CommandContext): ParsedArgs | number {
  let args: ParsedArgs;
  try {
    args = getopt(def, ctx.argv.slice(1));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    ctx.stderr.write(`${def.name}: ${e.message}\n`);
    if (def.options.some((o) => o.long === 'help')) ctx.stderr.write(`Try '${def.name} --help' for more information.\n`);
    return 1;
  }
  if (def.options.some((o) => o.long === 'help') && args.options.some(([k]) => k === 'help')) {
    ctx.stdout.write(helpText(def));
    return 0;
  }
  if (def.options.some((o) => o.long === 'version') && args.options.some(([k]) => k === 'version')) {
    ctx.stdout.write(`${def.name} from ${def.models.startsWith('iproute2') ? 'iproute2-6.1.0' : 'util-linux 2.38.1'} (nsproxy)\n`);
    return 0;
  }
  return args;
}
