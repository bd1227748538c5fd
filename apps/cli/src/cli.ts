/**
 * The nsproxy command line, built with cac: one module per command under
 * `commands/`, registered here. `runCli(argv, deps)` runs it in-process and
 * returns the exit status, so every command is testable without spawning, and
 * everything it prints goes through `deps.write` / `deps.writeErr`.
 *
 * Exit status: 0 when nothing failed, 1 when something failed, 2 for bad input
 * (unknown command or option, missing file, parse error), 130 or 143 for a run
 * stopped by SIGINT or SIGTERM (128 + the signal's number, as a shell reports it).
 */

import { cac } from 'cac';
import type { CAC } from 'cac';
import type { SimArea } from '@nsproxy/core/scenario';
import type { Backend } from '@nsproxy/scenario';
import { BUILTIN_AREAS } from './areas.ts';
import { loadDefaultBackend } from './backends.ts';
import { demoCommand } from './commands/demo.ts';
import { explainCommand } from './commands/explain.ts';
import { fuzzCommand } from './commands/fuzz.ts';
import { graphCommand } from './commands/graph.ts';
import { lsnsCommand } from './commands/lsns-host.ts';
import { rulesCommand } from './commands/rules.ts';
import { runCommand } from './commands/run.ts';
import { shellCommand } from './commands/shell.ts';
import { ConfigError } from './config.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, errorText } from './context.ts';
import type { BackendName, CliCommand, CliContext, CliDeps, InterruptSignal } from './context.ts';

export { EXIT_FAILED, EXIT_OK, EXIT_SIGNAL, EXIT_USAGE, UsageError } from './context.ts';
export { BUILTIN_AREAS } from './areas.ts';
export { CONFIG_FILES, ConfigError, defineConfig, findConfig, loadConfig } from './config.ts';
export type { NsproxyConfig } from './config.ts';
export type { BackendName, CliBackends, CliCommand, CliContext, CliDeps, InterruptSignal } from './context.ts';

/** Every command of the CLI. Add a command: write `commands/<name>.ts` and list it here. */
export const COMMANDS: readonly CliCommand[] = [
  runCommand,
  explainCommand,
  rulesCommand,
  fuzzCommand,
  demoCommand,
  shellCommand,
  graphCommand,
  lsnsCommand,
];

/** Creates the cac instance with every command registered. */
export function createCli(ctx: CliContext, version = '0.0.0'): CAC {
  const cli = cac('nsproxy');
  for (const command of COMMANDS) command.register(cli, ctx);
  cli.help();
  cli.version(version);
  return cli;
}

/** Runs `fn` with `console.info`/`console.log` (cac's help and version output) sent to `write`. */
function withConsole<T>(write: (text: string) => void, fn: () => T): T {
  const { info, log } = console;
  const sink = (...parts: unknown[]): void => write(`${parts.map(String).join(' ')}\n`);
  console.info = sink;
  console.log = sink;
  try {
    return fn();
  } finally {
    console.info = info;
    console.log = log;
  }
}

/** The process's SIGINT and SIGTERM, listened to until the returned function is called. */
function processInterrupts(handler: (signal: InterruptSignal) => void): () => void {
  const signals: InterruptSignal[] = ['SIGINT', 'SIGTERM'];
  const listeners = signals.map((signal) => {
    const listener = (): void => handler(signal);
    process.on(signal, listener);
    return { signal, listener };
  });
  return () => {
    for (const { signal, listener } of listeners) process.off(signal, listener);
  };
}

function contextOf(deps: CliDeps): CliContext {
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const writeErr = deps.writeErr ?? ((text: string) => void process.stderr.write(text));
  const loaded = new Map<BackendName, Promise<Backend>>();
  return {
    write,
    writeErr,
    env: deps.env ?? process.env,
    platform: deps.platform ?? process.platform,
    cwd: deps.cwd ?? process.cwd(),
    areas: deps.areas ?? BUILTIN_AREAS,
    ...(deps.stdin ? { stdin: deps.stdin } : {}),
    ...(deps.stdinIsTTY !== undefined ? { stdinIsTTY: deps.stdinIsTTY } : {}),
    ...(deps.stdout ? { stdout: deps.stdout } : {}),
    onInterrupt: deps.onInterrupt ?? processInterrupts,
    loadBackend(name: BackendName, areas: readonly SimArea[]): Promise<Backend> {
      if (deps.backends) {
        const backend = deps.backends[name];
        return backend ? Promise.resolve(backend) : Promise.reject(new Error(`no ${name} backend was provided`));
      }
      let promise = loaded.get(name);
      if (!promise) {
        promise = loadDefaultBackend(name, areas);
        loaded.set(name, promise);
      }
      return promise;
    },
  };
}

/** How a lone `-` goes through cac's parser (see `runCli`). */
const STDIN_OPERAND = '\0-';

/** The one line for `-v`/`--version` given to a command: it is an option of nsproxy alone. */
function versionUnderCommand(command: string, argv: readonly string[]): string {
  const end = argv.indexOf('--');
  const spelled = (end < 0 ? argv : argv.slice(0, end)).find((a) => a === '-v' || a === '--version' || a.startsWith('--version=')) ?? '--version';
  const hint = command === 'run' ? '; each step\'s results: nsproxy run --transcript' : '';
  return `${command}: unknown option \`${spelled.replace(/=.*$/, '')}\` (the version: nsproxy --version${hint})`;
}

/**
 * Runs the CLI on `argv` (the arguments after the program name, e.g.
 * `['run', '--backend', 'sim', 'corpus']`) and returns the exit status.
 * Never throws and never prints a stack trace.
 */
export async function runCli(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const ctx = contextOf(deps);
  const fail = (message: string, status: number): number => {
    ctx.writeErr(`nsproxy: ${message}\n`);
    return status;
  };
  try {
    const cli = createCli(ctx, deps.version);
    // A lone `-` (before `--`) is an operand, standard input by convention; cac's parser (mri) would take it
    // for an option named '' and swallow the argument after it. It goes through as a NUL-marked word (no
    // argument of a process can hold a NUL) and comes back as `-`.
    const dashes = argv.indexOf('--');
    const marked = argv.map((a, i) => (a === '-' && (dashes < 0 || i < dashes) ? STDIN_OPERAND : a));
    withConsole(ctx.write, () => cli.parse(['node', 'nsproxy', ...marked], { run: false }));
    const operands = cli.args as string[];
    operands.forEach((a, i) => void (a === STDIN_OPERAND && (operands[i] = '-')));
    if (cli.options['help'] === true) return EXIT_OK;
    // `-v`/`--version` is nsproxy's own option: under a command (`run -v`) it is an error, never a silent no-op.
    const version: unknown = cli.options['version'];
    if (version !== undefined && version !== false && cli.matchedCommand) return fail(versionUnderCommand(cli.matchedCommand.name, argv), EXIT_USAGE);
    if (version !== undefined && version !== false) return EXIT_OK;
    if (!cli.matchedCommand) {
      const [name] = cli.args;
      if (name !== undefined) return fail(`unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see nsproxy --help)`, EXIT_USAGE);
      withConsole(ctx.writeErr, () => cli.outputHelp());
      return EXIT_USAGE;
    }
    const outcome: unknown = await withConsole(ctx.write, (): unknown => cli.runMatchedCommand());
    return typeof outcome === 'number' ? outcome : EXIT_OK;
  } catch (error) {
    // Bad input, and a config file that cannot be used: one line, exit 2.
    if (error instanceof UsageError || error instanceof ConfigError || (error instanceof Error && error.name === 'CACError')) return fail(error.message, EXIT_USAGE);
    return fail(`internal error: ${errorText(error)}`, EXIT_FAILED);
  }
}
