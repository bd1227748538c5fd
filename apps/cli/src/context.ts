/**
 * What every command shares: the context an action gets, the command shape,
 * the usage error and the exit statuses. (Kept apart from `cli.ts` so that
 * commands never import the module that imports them.)
 */

import type { CAC } from 'cac';
import type { SimArea } from '@nsproxy/core/scenario';
import type { Backend } from '@nsproxy/scenario';

/** The backends a command may use, by name. */
export type BackendName = 'sim' | 'linux';

/** Backends given to `runCli` instead of the real ones (tests, embedding). */
export interface CliBackends {
  readonly sim?: Backend;
  readonly linux?: Backend;
}

/** What `runCli` needs from its host; every field has a default for the real CLI. */
export interface CliDeps {
  /**
   * The backends to use. Default: `createSimBackend({ areas })` from
   * `@nsproxy/core/scenario` (the built-in areas and those of the config file)
   * and `createLinuxBackend()` from `@nsproxy/linux`, loaded on first use. When
   * given, a backend left out counts as unavailable.
   */
  readonly backends?: CliBackends;
  /** The built-in scenario areas (default: `BUILTIN_AREAS`); a config file's areas come after them. */
  readonly areas?: readonly SimArea[];
  /** Where the search for `nsproxy.config.*` starts (default: `process.cwd()`). */
  readonly cwd?: string;
  /** Standard output (default: `process.stdout`). Called with whole lines. */
  readonly write?: (text: string) => void;
  /** Standard error (default: `process.stderr`). Called with whole lines. */
  readonly writeErr?: (text: string) => void;
  /** The environment (default: `process.env`); `CI=true` makes an unavailable Linux backend a failure. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The platform (default: `process.platform`); `auto` means `both` on `linux`, `sim` elsewhere. */
  readonly platform?: string;
  /** The version printed by `--version`. */
  readonly version?: string;
  /** Standard input, for `shell` (default: `process.stdin`). */
  readonly stdin?: NodeJS.ReadableStream;
  /** Whether standard input is a terminal (default: `process.stdin.isTTY`): `shell` is then an interactive prompt. */
  readonly stdinIsTTY?: boolean;
  /** The terminal's output stream, for the prompt's line editing (default: `process.stdout`). */
  readonly stdout?: NodeJS.WritableStream;
  /**
   * Subscribes to the signals that interrupt a run (SIGINT, SIGTERM); returns
   * the unsubscribe function. Default: the process's signals, listened to only
   * while `run` runs scenarios (so the default action applies at other times).
   */
  readonly onInterrupt?: (handler: (signal: InterruptSignal) => void) => () => void;
}

/** The signals that interrupt a run. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** What a command's action gets: output and backends. */
export interface CliContext {
  readonly write: (text: string) => void;
  readonly writeErr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  /** Where the search for a config file starts. */
  readonly cwd: string;
  /** The built-in scenario areas. */
  readonly areas: readonly SimArea[];
  /** Standard input and whether it is a terminal, and the terminal's output stream (see {@link CliDeps}); undefined: the process's. */
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdinIsTTY?: boolean;
  readonly stdout?: NodeJS.WritableStream;
  /** Loads a backend (the simulated one built from `areas`); rejects with the reason when it cannot be loaded. */
  loadBackend(name: BackendName, areas: readonly SimArea[]): Promise<Backend>;
  /** Subscribes to SIGINT and SIGTERM (see {@link CliDeps.onInterrupt}); returns the unsubscribe function, which may be called more than once. */
  onInterrupt(handler: (signal: InterruptSignal) => void): () => void;
}

/**
 * One command: registers itself on the cac instance. Its action must return a
 * `Promise<number>`, the exit status.
 */
export interface CliCommand {
  readonly name: string;
  register(cli: CAC, ctx: CliContext): void;
}

/** The message of a thrown value. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Bad input: printed as one line on stderr, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit statuses. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** A run stopped by a signal: 128 + the signal's number, as a shell reports a process the signal killed. */
export const EXIT_SIGNAL: Readonly<Record<InterruptSignal, number>> = Object.freeze({ SIGINT: 130, SIGTERM: 143 });

