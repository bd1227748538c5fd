/**
 * `nsproxy fuzz [--seed N] [--count N] [--steps N] [--types LIST] [--out DIR] [--backend both|sim|auto] [--config FILE]`
 *
 * Random scenarios, drawn from the op table of the loaded scenario areas (so a
 * new type is fuzzed as soon as its area is loaded), run on both kernels. A
 * scenario whose two transcripts differ is shrunk to the fewest steps that
 * still differ (delta debugging), run again on both kernels to check that the
 * difference is reproducible, and written to DIR as a `.nss` file whose
 * expectations are Linux's results, with the model's answer in a comment where
 * it differs. With `--backend sim` no kernel is compared: after every step the
 * model's own invariants are checked (reference counts against holders,
 * snapshots that restore), and a scenario that breaks one, or makes the model
 * throw something other than an errno, is shrunk and written the same way.
 *
 * Deterministic for a seed: the same seed and options draw the same scenarios.
 * Exit status: 0 when nothing was found, 1 when something was, 2 for bad input.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CAC } from 'cac';
import { kernelProblems } from '@nsproxy/core';
import { createSimBackend } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import { defineOps, generateScenario, parseScenario, runDiff, runScenario, shrink } from '@nsproxy/scenario';
import type { Backend, ParseOptions, RunResult } from '@nsproxy/scenario';
import { loadScenarioAreas } from '../config.ts';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../context.ts';
import type { CliCommand, CliContext } from '../context.ts';
import { nestedWorldSkip, pickKernels } from '../kernels.ts';

/** The flags of `fuzz` as cac hands them over. */
interface FuzzFlags {
  readonly seed?: unknown;
  readonly count?: unknown;
  readonly steps?: unknown;
  readonly types?: unknown;
  readonly out?: unknown;
  readonly backend?: unknown;
  readonly config?: unknown;
}

/** How many times a shrunk disagreement is run again to call it reproducible. */
const REPRODUCE_RUNS = 3;

/** A whole number flag in [min, max], or its default. */
function wholeNumber(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
  if (text === undefined || !/^[0-9]+$/.test(text)) {
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not ${text === undefined ? 'that' : `'${text}'`}`);
  }
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not ${n}`);
  return n;
}

function stringFlag(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} given more than once, or without a value`);
  return value;
}

/** The seed of the i-th scenario of a run (the run's seed for the first). */
export function scenarioSeed(seed: number, i: number): number {
  return (seed + Math.imul(i, 0x9e3779b9)) >>> 0;
}

/** What is wrong with one run of a scenario: a transcript difference, or a model problem. */
interface Finding {
  /** One line saying what. */
  readonly what: string;
  /** The expected result of each step: Linux's in `both`, the model's in `sim` (none for the step where it broke). */
  readonly expected: readonly (string | undefined)[];
  /** A comment for some steps: the model's other answer, or how it broke. */
  readonly notes: ReadonlyMap<number, string>;
}

/** The result of each step of a transcript (`<step> => <result>` lines). */
function results(transcript: string): string[] {
  return transcript.split('\n').filter((l) => l !== '').map((l) => l.slice(l.lastIndexOf(' => ') + 4));
}

/** Runs a scenario's steps and says what is wrong, if anything. */
type Probe = (steps: readonly string[]) => Promise<Finding | undefined>;

function makeProbe(mode: 'both' | 'sim', backends: { sim: Backend; linux?: Backend }, parse: ParseOptions, areas: readonly SimArea[]): Probe {
  return async (steps) => {
    const scenario = parseScenario(steps.join('\n'), 'fuzz.nss', parse);
    if (mode === 'both' && backends.linux) {
      // Without root the real world is one user namespace deeper: a scenario whose results that changes is no finding.
      if ((await nestedWorldSkip(scenario, backends.linux, areas)) !== undefined) return undefined;
      const r = await runDiff(scenario, { sim: backends.sim, linux: backends.linux });
      if (r.diff === undefined) return undefined;
      const linux = results(r.runs.linux.transcript);
      const sim = results(r.runs.sim.transcript);
      const notes = new Map<number, string>();
      for (let i = 0; i < Math.max(linux.length, sim.length); i++) if (linux[i] !== sim[i]) notes.set(i, `model: ${sim[i] ?? '(not run)'}`);
      const first = [...notes.keys()][0] ?? 0;
      return { what: `the model and Linux disagree on '${steps[first] ?? '?'}'`, expected: linux, notes };
    }
    const r: RunResult = await runScenario(scenario, backends.sim);
    const sim = results(r.transcript);
    const at = sim.findIndex((x) => x.startsWith('error: '));
    if (at < 0) return undefined;
    const broke = (sim[at] ?? '').slice('error: '.length);
    return { what: `the model broke on '${steps[at] ?? '?'}': ${broke}`, expected: sim.map((x, i) => (i === at ? undefined : x)), notes: new Map([[at, `model broke: ${broke}`]]) };
  };
}

/** The `.nss` text of a finding: the shrunk steps with their expectations, and how it was found. */
export function findingFile(args: { seed: number; index: number; command: string; steps: readonly string[]; original: number; finding: Finding; reproduced: string; needs: readonly string[] }): string {
  const { finding } = args;
  const lines = [
    `@title: fuzz: ${finding.what}`,
    `@about: found by \`${args.command}\` (scenario ${args.index}); shrunk from ${args.original} to ${args.steps.length} steps; ${args.reproduced}`,
    ...(args.needs.length > 0 ? [`@needs: ${args.needs.join(',')}`] : []),
    '# The expectations are the results Linux gave (Linux is right), or the model\'s where only the model ran; a comment gives the other answer.',
  ];
  args.steps.forEach((step, i) => {
    const expect = finding.expected[i];
    const note = finding.notes.get(i);
    lines.push(`${step}${expect !== undefined ? ` => ${expect}` : ''}${note !== undefined ? `   # ${note}` : ''}`);
  });
  return `${lines.join('\n')}\n`;
}

/** The `fuzz` command's logic: returns the exit status. */
export async function fuzz(flags: FuzzFlags, ctx: CliContext): Promise<number> {
  const seed = wholeNumber('seed', flags.seed, Date.now() % 2 ** 32, 0, 2 ** 32 - 1);
  const count = wholeNumber('count', flags.count, 20, 1, 1_000_000);
  const stepCount = wholeNumber('steps', flags.steps, 20, 1, 10_000);
  const out = resolve(ctx.cwd, stringFlag('out', flags.out) ?? 'fuzz-findings');
  const backendChoice = stringFlag('backend', flags.backend) ?? 'auto';
  if (!['both', 'sim', 'auto'].includes(backendChoice)) throw new UsageError(`fuzz: unknown backend '${backendChoice}' (use both, sim or auto)`);
  const typeFlag = stringFlag('types', flags.types);

  const loaded = await loadScenarioAreas(ctx.areas, ctx.cwd, flags.config);

  // The backends: both kernels (on Linux), or the model checking itself.
  const kernels = await pickKernels(backendChoice as 'both' | 'sim' | 'auto', ctx, loaded.areas, (text) => ctx.write(`${text} (its invariants)\n`));
  if ('error' in kernels) {
    ctx.writeErr(`nsproxy: ${kernels.error}\n`);
    return EXIT_FAILED;
  }
  const mode = kernels.mode;
  const linux = kernels.mode === 'both' ? kernels.linux : undefined;
  // In sim mode, the model's invariants after every step; in both mode, the model as `run` uses it.
  const sim = mode === 'sim'
    ? createSimBackend({ areas: loaded.areas, check: (kernel) => kernelProblems(kernel)[0] })
    : await ctx.loadBackend('sim', loaded.areas);

  // What may be drawn: the ops and types both backends have, and only the named types' with --types.
  const types = loaded.composed.types.filter((t) => sim.types.includes(t) && (!linux || linux.types.includes(t)));
  let only: string[] | undefined;
  let drawTypes = types;
  if (typeFlag !== undefined) {
    const wanted = typeFlag.split(',');
    for (const t of wanted) if (!types.includes(t)) throw new UsageError(`fuzz: --types: no loaded scenario area (or backend) has namespace type '${t}' (types: ${types.join(' ')})`);
    drawTypes = wanted;
    only = ['tasks', ...wanted];
  }
  const ops = defineOps([...loaded.composed.ops.values()].filter((spec) => sim.supportsOp(spec.name) && (!linux || linux.supportsOp(spec.name))));
  const probe = makeProbe(mode, { sim, ...(linux ? { linux } : {}) }, loaded.parse, loaded.areas);
  const command = `nsproxy fuzz --seed ${seed} --count ${count} --steps ${stepCount}${typeFlag !== undefined ? ` --types ${typeFlag}` : ''} --backend ${mode}`;

  let found = 0;
  let flaky = 0;
  let stepsRun = 0;
  const counted: Probe = async (steps) => {
    stepsRun += steps.length;
    return probe(steps);
  };
  for (let i = 0; i < count; i++) {
    const steps = generateScenario(scenarioSeed(seed, i), { ops, types: drawTypes, steps: stepCount, ...(only ? { only } : {}) });
    const finding = await counted(steps);
    if (!finding) continue;
    // The fewest steps that still go wrong, then the same steps again: a difference that comes and goes is reported, not written.
    const small = await shrink(steps, async (candidate) => (await counted(candidate)) !== undefined);
    let last = await counted(small);
    let again = last ? 1 : 0;
    for (let r = 1; r < REPRODUCE_RUNS && last; r++) {
      const next = await counted(small);
      if (next && JSON.stringify(next.expected) === JSON.stringify(last.expected)) again++;
      last = next;
    }
    if (!last || again < REPRODUCE_RUNS) {
      flaky++;
      ctx.write(`not reproducible: scenario ${i} (seed ${scenarioSeed(seed, i)}): ${finding.what} (${again} of ${REPRODUCE_RUNS} runs)\n`);
      continue;
    }
    found++;
    await mkdir(out, { recursive: true });
    const file = join(out, `fuzz-${seed}-${i}.nss`);
    const needs = parseScenario(small.join('\n'), file, loaded.parse).uses;
    const reproduced = mode === 'both' ? `the same on ${REPRODUCE_RUNS} runs of each kernel` : `the same on ${REPRODUCE_RUNS} runs`;
    await writeFile(file, findingFile({ seed, index: i, command, steps: small, original: steps.length, finding: last, reproduced, needs }));
    ctx.write(`FOUND ${file}: ${last.what} (${small.length} of ${steps.length} steps)\n`);
  }
  ctx.write(`fuzz: seed ${seed}, ${count} scenarios of ${stepCount} steps on ${mode === 'both' ? 'both kernels' : 'the model (invariants)'}, ${stepsRun} steps run: ${found} found${flaky > 0 ? `, ${flaky} not reproducible` : ''}\n`);
  return found > 0 ? EXIT_FAILED : EXIT_OK;
}

export const fuzzCommand: CliCommand = {
  name: 'fuzz',
  register(cli: CAC, ctx: CliContext): void {
    cli
      .command('fuzz', 'Run random scenarios on both kernels; shrink and write every disagreement as a .nss file')
      .option('--seed <n>', 'The seed (default: from the clock; printed at the end)')
      .option('--count <n>', 'How many scenarios', { default: 20 })
      .option('--steps <n>', 'Steps per scenario', { default: 20 })
      .option('--types <list>', 'Only these namespace types (comma-separated), with the tasks section')
      .option('--out <dir>', 'Where findings are written', { default: 'fuzz-findings' })
      .option('--backend <backend>', 'both (compare the kernels), sim (check the model\'s invariants) or auto: both on Linux, sim elsewhere', { default: 'auto' })
      .option('--config <file>', 'The config file naming extra scenario areas (default: the nearest nsproxy.config.{ts,mts,js,mjs})')
      .example('nsproxy fuzz --seed 1 --count 50')
      .example('nsproxy fuzz --backend sim --types hostid')
      .action((flags: FuzzFlags): Promise<number> => fuzz(flags, ctx));
  },
};
