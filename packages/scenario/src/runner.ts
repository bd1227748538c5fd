/**
 * Runs scenarios on a backend (`runScenario`) or on both kernels at once
 * (`runDiff`), checks every expectation, and builds the transcripts
 * (`docs/scenario-format.md`, "Results").
 *
 * Rules:
 * - A scenario is skipped, never passed, when it `@needs` a namespace type the
 *   backend lacks, when a step names such a type in its arguments (`clone a net`,
 *   `setns a ipc`, `ns cgroup`, `open a time_for_children f`: the scenario's
 *   `uses`, derived from the op table's argument kinds), or when it names (in
 *   `@needs` or in a step) an op the backend does not support, or when it
 *   opens a road not taken (`@road:`) the backend cannot open.
 * - Every step runs even after a mismatch; expectations are compared after trimming.
 * - A backend that throws (a hung step on the real kernel, an agent that died) is
 *   a failure naming the line; the run stops there, since the world's state is
 *   unknown, and its transcript ends with `<step> => error: <message>`.
 * - The session is always closed.
 */

import type { Backend, BackendSession, SessionOptions, Step } from './contract.ts';
import { unifiedDiff } from './diff.ts';
import type { Scenario, ScenarioStep } from './parse.ts';
import { formatResult, joinTranscript, LabelMap, transcriptLine } from './transcript.ts';

/** One failed step: where, what was expected, and what happened. */
export interface StepFailure {
  /** 1-based line of the step; 0 for a problem outside any step (starting or closing the session). */
  readonly line: number;
  /** The step as written (`c: setns a uts`), or `(start)` / `(close)`. */
  readonly step: string;
  /** The expectation, or `undefined` when the step had none. */
  readonly expected: string | undefined;
  /** The result, or `error: <message>` when the backend threw. */
  readonly actual: string;
  /** The backend it happened on (set by {@link runDiff}, which runs two). */
  readonly backend?: string;
  /** The rule the model applied, when the step failed with an errno the simulated kernel explains (`U3.2`). */
  readonly rule?: string;
}

/** The outcome of a scenario. */
export type RunStatus = 'pass' | 'fail' | 'skip';

/** What {@link runScenario} returns. */
export interface RunResult {
  readonly status: RunStatus;
  /** Why it was skipped, or why it failed when not (only) by expectations. */
  readonly reason?: string;
  /** The transcript: one line per step run, each ending in a newline (`''` when skipped). */
  readonly transcript: string;
  readonly failures: readonly StepFailure[];
}

/** What {@link runDiff} returns. */
export interface DiffResult extends RunResult {
  /** The unified diff (`--- sim`, `+++ linux`) when the transcripts differ, else `undefined`. */
  readonly diff?: string;
  /** Each backend's own result. */
  readonly runs: { readonly sim: RunResult; readonly linux: RunResult };
}

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** `init`'s starting capability set, passed to `backend.open` (a diff run sets it). */
  readonly initCaps?: bigint;
}

/** Options of {@link runDiff} (none yet; kept for symmetry and growth). */
export type DiffRunOptions = Record<string, never>;

/** The two kernels of a diff run. */
export interface DiffBackends {
  readonly sim: Backend;
  readonly linux: Backend;
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Why `backend` cannot run `scenario`, or `undefined` when it can: a `@needs`
 * type it lacks, a type a step names that it lacks (`<name> backend lacks
 * namespace type net (named by a step)`), or an op (in `@needs` or in a step)
 * it does not support, or a road (`@road:`) it cannot open (`linux backend
 * runs Linux as merged; road nsproxy-ids is a model opt-in`).
 */
export function skipReason(scenario: Scenario, backend: Backend): string | undefined {
  const roads = backend.roads ?? [];
  for (const road of scenario.roads) {
    if (roads.includes(road)) continue;
    return roads.length === 0
      ? `${backend.name} backend runs Linux as merged; road ${road} is a model opt-in`
      : `${backend.name} backend lacks road ${road}`;
  }
  for (const type of scenario.needs) {
    if (!backend.types.includes(type)) return `${backend.name} backend lacks namespace type ${type}`;
  }
  for (const type of scenario.uses) {
    if (!backend.types.includes(type)) return `${backend.name} backend lacks namespace type ${type} (named by a step)`;
  }
  const ops = new Set([...scenario.needsOps, ...scenario.steps.map((s) => s.op)]);
  for (const op of ops) {
    if (!backend.supportsOp(op)) return `${backend.name} backend does not support op ${op}`;
  }
  return undefined;
}

/** A step as the backend sees it: actor, op and arguments only. */
function toStep(step: ScenarioStep): Step {
  return { actor: step.actor, op: step.op, args: [...step.args] };
}

interface Execution extends RunResult {
  readonly initCaps?: bigint;
}

async function execute(scenario: Scenario, backend: Backend, sessionOptions: SessionOptions, wantCaps: boolean): Promise<Execution> {
  const lines: string[] = [];
  const failures: StepFailure[] = [];
  let reason: string | undefined;
  let initCaps: bigint | undefined;

  let session: BackendSession;
  try {
    session = await backend.open(sessionOptions);
  } catch (error) {
    const text = message(error);
    return {
      status: 'fail',
      reason: `${backend.name} backend failed to start: ${text}`,
      transcript: '',
      failures: [{ line: 0, step: '(start)', expected: undefined, actual: `error: ${text}` }],
    };
  }

  try {
    const labels = new LabelMap();
    let setupDone = false;
    try {
      labels.observe(await session.observeInit());
      if (wantCaps) initCaps = await session.initCaps();
      setupDone = true;
    } catch (error) {
      const text = message(error);
      reason = `${backend.name} backend failed before the first step: ${text}`;
      failures.push({ line: 0, step: '(start)', expected: undefined, actual: `error: ${text}` });
    }
    if (setupDone) {
      for (const step of scenario.steps) {
        let actual: string;
        let rule: string | undefined;
        try {
          const result = await session.run(toStep(step));
          if (result.kind === 'errno') rule = result.rule;
          actual = formatResult(result, labels, step.op);
        } catch (error) {
          const text = message(error);
          actual = `error: ${text}`;
          lines.push(transcriptLine(step.text, actual));
          failures.push({ line: step.line, step: step.text, expected: step.expect, actual });
          reason = `${backend.name} backend failed at line ${step.line} (${step.text}): ${text}`;
          break;
        }
        lines.push(transcriptLine(step.text, actual));
        if (step.expect !== undefined && step.expect.trim() !== actual.trim()) {
          failures.push({ line: step.line, step: step.text, expected: step.expect.trim(), actual, ...(rule !== undefined ? { rule } : {}) });
        }
      }
    }
  } finally {
    try {
      await session.close();
    } catch (error) {
      const text = message(error);
      failures.push({ line: 0, step: '(close)', expected: undefined, actual: `error: ${text}` });
      reason ??= `${backend.name} backend failed to close the session: ${text}`;
    }
  }

  const result: Execution = {
    status: failures.length > 0 ? 'fail' : 'pass',
    ...(reason !== undefined ? { reason } : {}),
    transcript: joinTranscript(lines),
    failures,
    ...(initCaps !== undefined ? { initCaps } : {}),
  };
  return result;
}

/**
 * Runs a scenario on one backend: skips it when the backend cannot run it,
 * else runs every step and checks every expectation.
 */
export async function runScenario(scenario: Scenario, backend: Backend, options: RunOptions = {}): Promise<RunResult> {
  const skip = skipReason(scenario, backend);
  if (skip !== undefined) return { status: 'skip', reason: skip, transcript: '', failures: [] };
  const sessionOptions: SessionOptions = {
    ...(options.initCaps !== undefined ? { initCaps: options.initCaps } : {}),
    ...(scenario.roads.length > 0 ? { roads: scenario.roads } : {}),
  };
  const { initCaps: _initCaps, ...result } = await execute(scenario, backend, sessionOptions, false);
  return result;
}

function tag(failures: readonly StepFailure[], backend: string): StepFailure[] {
  return failures.map((f) => ({ ...f, backend }));
}

/**
 * Runs a scenario on both kernels: the real one first, then the model, started
 * with the real `init`'s capability set. Fails when an expectation fails on
 * either, or when the transcripts differ (with a unified diff, `--- sim`, `+++ linux`).
 * Skipped when either backend cannot run it.
 */
export async function runDiff(scenario: Scenario, backends: DiffBackends, _options: DiffRunOptions = {}): Promise<DiffResult> {
  const skip = skipReason(scenario, backends.linux) ?? skipReason(scenario, backends.sim);
  if (skip !== undefined) {
    const skipped: RunResult = { status: 'skip', reason: skip, transcript: '', failures: [] };
    return { ...skipped, runs: { sim: skipped, linux: skipped } };
  }

  const roads = scenario.roads.length > 0 ? { roads: scenario.roads } : {};
  const { initCaps, ...linux } = await execute(scenario, backends.linux, roads, true);
  const { initCaps: _unused, ...sim } = await execute(scenario, backends.sim, { ...(initCaps !== undefined ? { initCaps } : {}), ...roads }, false);

  const diff = unifiedDiff(sim.transcript, linux.transcript, { fromLabel: backends.sim.name, toLabel: backends.linux.name });
  const failures = [...tag(linux.failures, backends.linux.name), ...tag(sim.failures, backends.sim.name)];
  const reasons = [linux.reason, sim.reason].filter((r): r is string => r !== undefined);
  if (diff !== '') reasons.push(`transcripts differ (${backends.sim.name} vs ${backends.linux.name})`);
  const failed = failures.length > 0 || diff !== '';
  return {
    status: failed ? 'fail' : 'pass',
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    transcript: linux.transcript,
    failures,
    ...(diff !== '' ? { diff } : {}),
    runs: { sim, linux },
  };
}
