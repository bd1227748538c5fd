/**
 * `nsproxy run [--backend sim|linux|both|auto] [--config FILE] [--json] [--transcript] FILE|DIR|-...`
 *
 * Runs `.nss` scenarios (a directory means all its `*.nss` files, recursively,
 * sorted; `-` is standard input) and prints which backend runs them
 * (`backend: both (linux and sim, transcripts diffed)`), one line per file,
 * `PASS <file>`, `FAIL <file>` (details indented below) or
 * `SKIP <file> (<reason>)`, then `N passed, N failed` (and `, N skipped` when
 * any). `both` runs the real kernel and the model and fails when their
 * transcripts differ, printing the unified diff. `--transcript` prints, under
 * each file that ran, each backend's transcript (one line per step:
 * `init: clone a uts => 2`).
 *
 * The scenarios are parsed against the ops of the loaded scenario areas: the
 * built-in ones (`areas.ts`) and those of the config file (`nsproxy.config.*`
 * found from the working directory, or `--config FILE`). A file that is not
 * a scenario's text (a NUL byte, invalid UTF-8) or has no steps is bad input.
 *
 * When the real kernel cannot be used: under `CI=true` that is a failure
 * (exit 1); else `auto` falls back to the model with a note, and an explicit
 * `linux` or `both` skips every file (a pass the real kernel never gave would
 * be a false report). When it can be used but cannot build the format's world
 * (without root; a host /proc that is not fully visible: `host-limits.ts`), a
 * note says so once, and the scenarios that changes are skipped (a failure
 * under `CI=true`, whatever the backend choice).
 */

import type { CAC } from 'cac';
import type { SimArea } from '@nsproxy/core/scenario';
import { parseScenario, runDiff, runScenario, ScenarioSyntaxError, showWord, skipReason } from '@nsproxy/scenario';
import type { Backend, DiffResult, ParseOptions, RunResult, Scenario, StepFailure } from '@nsproxy/scenario';
import { loadScenarioAreas } from '../config.ts';
import { hostLimits, limitNotes, limitSkip } from '../host-limits.ts';
import type { HostLimits } from '../host-limits.ts';
import { catalogOf } from '../rules.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_SIGNAL, EXIT_USAGE, UsageError, errorText } from '../context.ts';
import type { CliCommand, CliContext, InterruptSignal } from '../context.ts';
import { InputError, decodeScenario, noSteps, readSource, scenarioSources, sourceName } from '../scenario-input.ts';

/** The `--backend` values. */
export const BACKEND_CHOICES = ['sim', 'linux', 'both', 'auto'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
/** What actually runs. */
export type RunMode = 'sim' | 'linux' | 'both';

/** The flags of `run` as cac hands them over. */
interface RunFlags {
  /** The arguments after `--`: files, even when they start with `-`. */
  readonly '--'?: unknown;
  readonly backend?: unknown;
  readonly config?: unknown;
  readonly json?: unknown;
  readonly transcript?: unknown;
}

/** One file's outcome, as printed with `--json`. */
export interface FileReport {
  readonly file: string;
  readonly status: RunResult['status'];
  readonly reason?: string;
  readonly failures: readonly StepFailure[];
  readonly transcript: string;
  readonly diff?: string;
  /** Both transcripts, in `both` mode. */
  readonly transcripts?: { readonly sim: string; readonly linux: string };
}

/** The whole `--json` output. */
export interface RunReport {
  readonly backend: RunMode;
  readonly notes: readonly string[];
  readonly files: readonly FileReport[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** The signal that stopped the run (SIGINT, SIGTERM) before every file ran. */
  readonly interrupted?: InterruptSignal;
}

function parseBackend(value: unknown): BackendChoice {
  if (value === undefined) return 'auto';
  if (typeof value !== 'string') throw new UsageError('--backend given more than once');
  const choice = BACKEND_CHOICES.find((c) => c === value);
  if (!choice) throw new UsageError(`unknown backend '${value}' (use sim, linux, both or auto)`);
  return choice;
}

/** `auto`: both kernels on Linux, the model elsewhere. */
export function resolveMode(choice: BackendChoice, platform: string): RunMode {
  if (choice !== 'auto') return choice;
  return platform === 'linux' ? 'both' : 'sim';
}

/**
 * Reads and parses every source: all of them, so that every bad file is said
 * (one line each) before anything runs.
 */
async function parseAll(args: readonly string[], options: ParseOptions, stdin: NodeJS.ReadableStream | undefined): Promise<{ scenarios: Scenario[]; errors: string[] }> {
  const scenarios: Scenario[] = [];
  const errors: string[] = [];
  for (const source of await scenarioSources(args)) {
    const name = sourceName(source);
    let text: string;
    try {
      text = decodeScenario(await readSource(source, stdin), name);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(error.message);
      continue;
    }
    try {
      const scenario = parseScenario(text, name, options);
      if (scenario.steps.length === 0) errors.push(noSteps(name, text));
      else scenarios.push(scenario);
    } catch (error) {
      if (error instanceof ScenarioSyntaxError) errors.push(`${showWord(error.file)}:${error.line}:${error.column}: ${error.reason}`);
      else throw error;
    }
  }
  return { scenarios, errors };
}

/**
 * The indented details under a `FAIL` line; under a step the model failed with
 * an errno, the rule it applied (`explain(id)`: the rule's sentence).
 */
export function failureDetails(result: RunResult & { readonly diff?: string }, explain: (id: string) => string | undefined = () => undefined): string[] {
  const lines: string[] = [];
  for (const f of result.failures) {
    const where = f.backend ? ` (${f.backend})` : '';
    if (f.line === 0) {
      lines.push(`  ${f.step}${where}: ${f.actual}`);
      continue;
    }
    lines.push(`  line ${f.line}${where}: ${f.step}`);
    lines.push(`    expected: ${f.expected ?? '(no expectation)'}`);
    lines.push(`    actual:   ${f.actual}`);
    if (f.rule !== undefined) lines.push(`    rule:     ${f.rule} ${explain(f.rule) ?? '(not in the loaded rule catalog)'}`);
  }
  if (result.diff) {
    lines.push('  transcripts differ:');
    for (const line of result.diff.replace(/\n$/, '').split('\n')) lines.push(`    ${line}`);
  }
  if (lines.length === 0 && result.reason) lines.push(`  ${result.reason}`);
  return lines;
}

/**
 * The lines `--transcript` prints under a file that ran: each backend's
 * transcript (the format's, one line per step, `init: clone a uts => 2`),
 * indented, under `transcript (<backend>):`; one block, `(linux, sim)`, when
 * both backends gave the same one.
 */
export function transcriptDetails(result: RunResult | DiffResult, mode: RunMode): string[] {
  if (result.status === 'skip') return [];
  const block = (label: string, transcript: string): string[] => [
    `  transcript (${label}):`,
    ...(transcript === '' ? ['    (no step ran)'] : transcript.replace(/\n$/, '').split('\n').map((line) => `    ${line}`)),
  ];
  if ('runs' in result && mode === 'both') {
    const { linux, sim } = result.runs;
    return linux.transcript === sim.transcript ? block('linux, sim', linux.transcript) : [...block('linux', linux.transcript), ...block('sim', sim.transcript)];
  }
  return block(mode, result.transcript);
}

/** The line that says which backend runs the scenarios (text output). */
export const BACKEND_LINES: Readonly<Record<RunMode, string>> = {
  sim: 'backend: sim',
  linux: 'backend: linux',
  both: 'backend: both (linux and sim, transcripts diffed)',
};

function report(file: string, result: RunResult | DiffResult, mode: RunMode): FileReport {
  const diff = 'diff' in result ? result.diff : undefined;
  const transcripts = 'runs' in result && mode === 'both' ? { sim: result.runs.sim.transcript, linux: result.runs.linux.transcript } : undefined;
  return {
    file,
    status: result.status,
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
    failures: result.failures,
    transcript: result.transcript,
    ...(diff !== undefined ? { diff } : {}),
    ...(transcripts ? { transcripts } : {}),
  };
}

/** The backends that run, or why the real kernel cannot (then every file is skipped). */
interface Chosen {
  readonly mode: RunMode;
  readonly sim?: Backend;
  readonly linux?: Backend;
  /** Set when `linux` or `both` was asked for explicitly and the real kernel is unavailable. */
  readonly linuxUnavailable?: string;
}

/**
 * Chooses the backends. When the real kernel is unavailable: a failure under
 * `CI=true`; for `auto`, the model alone with a note; for an explicit `linux`
 * or `both`, a note and nothing to run (every file is skipped).
 */
async function chooseBackends(choice: BackendChoice, ctx: CliContext, areas: readonly SimArea[], note: (text: string) => void): Promise<Chosen | number> {
  let mode = resolveMode(choice, ctx.platform);
  let linux: Backend | undefined;
  if (mode !== 'sim') {
    let reason: string | undefined;
    try {
      linux = await ctx.loadBackend('linux', areas);
      reason = await linux.unavailable();
    } catch (error) {
      reason = errorText(error);
    }
    if (reason !== undefined) {
      if (ctx.env['CI'] === 'true') {
        ctx.writeErr(`linux backend unavailable: ${reason}\n`);
        return EXIT_FAILED;
      }
      if (choice !== 'auto') {
        note(`linux backend unavailable: ${reason}`);
        return { mode, linuxUnavailable: reason };
      }
      note(`linux backend unavailable: ${reason}; running sim only`);
      mode = 'sim';
      linux = undefined;
    }
  }
  let sim: Backend | undefined;
  if (mode !== 'linux') {
    let reason: string | undefined;
    try {
      sim = await ctx.loadBackend('sim', areas);
      reason = await sim.unavailable();
    } catch (error) {
      reason = errorText(error);
    }
    if (reason !== undefined) {
      ctx.writeErr(`sim backend unavailable: ${reason}\n`);
      return EXIT_FAILED;
    }
  }
  return { mode, ...(sim ? { sim } : {}), ...(linux ? { linux } : {}) };
}

/** How a run treats what the real kernel here cannot show: skip it, or (`strict`: CI=true, where a missing capability is a failure) fail it. */
interface Limits {
  readonly host: HostLimits;
  readonly strict: boolean;
}

async function runOne(scenario: Scenario, mode: RunMode, backends: { sim?: Backend; linux?: Backend }, areas: readonly SimArea[], limits: Limits): Promise<RunResult | DiffResult> {
  const { sim, linux } = backends;
  // A scenario the real kernel skips anyway (a road not taken, an op it lacks) says so, not what this host lacks.
  if (mode !== 'sim' && linux && skipReason(scenario, linux) === undefined) {
    const reason = await limitSkip(scenario, limits.host, areas);
    if (reason !== undefined && limits.strict) return { status: 'fail', reason: `${reason} (a failure under CI=true)`, transcript: '', failures: [] };
    if (reason !== undefined) return { status: 'skip', reason, transcript: '', failures: [] };
  }
  if (mode === 'both' && sim && linux) return runDiff(scenario, { sim, linux });
  const backend = mode === 'linux' ? linux : sim;
  if (!backend) throw new Error(`no ${mode} backend`);
  return runScenario(scenario, backend);
}

/** The `run` command's logic: returns the exit status. */
export async function run(named: readonly string[], flags: RunFlags, ctx: CliContext): Promise<number> {
  const choice = parseBackend(flags.backend);
  const json = flags.json === true;
  const transcripts = flags.transcript === true && !json;
  const afterDashes = Array.isArray(flags['--']) ? flags['--'].map(String) : [];
  const fileArgs = [...named, ...afterDashes];
  if (fileArgs.length === 0) throw new UsageError(`run: no FILE given (usage: ${USAGE})`);

  // The config file (`--config`, or the nearest `nsproxy.config.*`) and the areas it adds.
  const loaded = await loadScenarioAreas(ctx.areas, ctx.cwd, flags.config);
  const { scenarios, errors } = await parseAll(fileArgs, loaded.parse, ctx.stdin);
  if (errors.length > 0) {
    for (const error of errors) ctx.writeErr(`${error}\n`);
    return EXIT_USAGE;
  }

  const notes: string[] = [];
  const note = (text: string): void => {
    notes.push(text);
    if (json) ctx.writeErr(`${text}\n`);
    else ctx.write(`${text}\n`);
  };
  const chosen = await chooseBackends(choice, ctx, loaded.areas, note);
  const catalog = catalogOf(loaded.areas);
  if (typeof chosen === 'number') return chosen;
  const unavailable = chosen.linuxUnavailable;
  if (unavailable === undefined && !json) ctx.write(`${BACKEND_LINES[chosen.mode]}\n`);
  // What the real kernel here cannot show: said once, before any file.
  const host = chosen.linux ? await hostLimits(chosen.linux) : {};
  for (const text of limitNotes(host)) note(text);
  const limits: Limits = { host, strict: ctx.env['CI'] === 'true' };

  const reports: FileReport[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  // SIGINT or SIGTERM stops the run: the file under way is dropped (its
  // processes may have got the signal too), the summary of what ran is printed.
  let interrupted: InterruptSignal | undefined;
  let wake: () => void = () => undefined;
  const stop = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const release = ctx.onInterrupt((signal) => {
    interrupted ??= signal;
    release(); // a second signal takes the default action
    wake();
  });
  try {
    for (const scenario of scenarios) {
      await yieldToSignals();
      if (interrupted !== undefined) break;
      let result: RunResult | DiffResult;
      try {
        const running = unavailable !== undefined
          ? Promise.resolve<RunResult>({ status: 'skip', reason: `linux backend unavailable: ${unavailable}`, transcript: '', failures: [] })
          : runOne(scenario, chosen.mode, chosen, loaded.areas, limits);
        const outcome = await Promise.race([running, stop.then(() => undefined)]);
        if (outcome === undefined || interrupted !== undefined) {
          running.catch(() => undefined);
          break;
        }
        result = outcome;
      } catch (error) {
        if (interrupted !== undefined) break;
        result = { status: 'fail', reason: errorText(error), transcript: '', failures: [{ line: 0, step: '(run)', expected: undefined, actual: `error: ${errorText(error)}` }] };
      }
      reports.push(report(scenario.file, result, chosen.mode));
      if (result.status === 'pass') passed++;
      else if (result.status === 'fail') failed++;
      else skipped++;
      if (json) continue;
      const shown = showWord(scenario.file);
      const steps = transcripts ? transcriptDetails(result, chosen.mode).map((line) => `${line}\n`).join('') : '';
      if (result.status === 'pass') ctx.write(`PASS ${shown}\n${steps}`);
      else if (result.status === 'skip') ctx.write(`SKIP ${shown} (${result.reason ?? 'skipped'})\n`);
      else ctx.write(`FAIL ${shown}\n${steps}${failureDetails(result, (id) => catalog.get(id)?.rule).map((line) => `${line}\n`).join('')}`);
    }
  } finally {
    release();
  }

  if (json) {
    const out: RunReport = { backend: chosen.mode, notes, files: reports, passed, failed, skipped, ...(interrupted ? { interrupted } : {}) };
    ctx.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    ctx.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}${interrupted ? `, interrupted by ${interrupted}` : ''}\n`);
  }
  if (interrupted !== undefined) return EXIT_SIGNAL[interrupted];
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}

/**
 * Lets the event loop turn, so that a signal's handler runs between two
 * files even when the backend answers without any I/O (the model).
 */
function yieldToSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The usage line, for the error when no FILE is given. */
const USAGE = 'nsproxy run [--backend sim|linux|both|auto] [--config FILE] [--json] [--transcript] FILE|DIR|-...';

export const runCommand: CliCommand = {
  name: 'run',
  register(cli: CAC, ctx: CliContext): void {
    cli
      .command('run [...files]', 'Run .nss scenarios (a directory: all its *.nss files; -: standard input) and check their expectations')
      .option('--backend <backend>', 'sim, linux, both (diff the transcripts) or auto: both on Linux, sim elsewhere', { default: 'auto' })
      .option('--config <file>', 'The config file naming extra scenario areas (default: the nearest nsproxy.config.{ts,mts,js,mjs} from the working directory)')
      .option('--json', 'Print one JSON object instead of lines')
      .option('--transcript', 'Print under each file the transcript of each backend: every step with its result')
      // Each example is run as written by apps/cli/test/run-cli.test.ts, from the root of the repository.
      .example('nsproxy run packages/scenario/corpus/uts')
      .example('nsproxy run --backend sim --transcript packages/scenario/corpus/core/format-example.nss')
      .example('nsproxy run - < packages/scenario/corpus/uts/siblings-isolated.nss')
      .action((files: string[], flags: RunFlags): Promise<number> => run(files, flags, ctx));
  },
};
